"""Committees and specialties: the bureau keeps both."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from certs.dates import beijing_date
from registry import web
from registry.api import problems, requires
from registry.schemas.governance import CommitteeRecordSchema
from registry.schemas.resources import (
    CommitteeCreateSchema,
    SpecialtyCreateSchema,
    SpecialtySchema,
)
from registry.services import catalogue
from registry.services.committee_controls import committee_record

committees = Blueprint(
    "committees",
    __name__,
    url_prefix="/api/v1/committees",
    description="Review committees (评审委员会)",
)
specialties = Blueprint(
    "specialties",
    __name__,
    url_prefix="/api/v1/specialties",
    description="The specialty catalogue (职称专业目录)",
)
BLUEPRINTS = (committees, specialties)


@committees.route("")
class Committees(MethodView):
    @requires(committees, "bureau")
    @committees.response(200, CommitteeRecordSchema(many=True))
    def get(self):
        """List committees with the status in force today (bureau)"""
        session, today = web.session(), beijing_date(web.now())
        return [committee_record(session, c, today) for c in catalogue.list_committees(session)]

    @requires(committees, "bureau")
    @committees.arguments(CommitteeCreateSchema)
    @committees.response(201, CommitteeRecordSchema)
    @problems(committees, 409)
    def post(self, data):
        """Approve and file a committee (bureau)"""
        session = web.session()
        committee = catalogue.create_committee(session, web.actor(), data, web.now())
        session.commit()
        return committee_record(session, committee, beijing_date(web.now()))


@specialties.route("")
class Specialties(MethodView):
    @requires(specialties)
    @specialties.response(200, SpecialtySchema(many=True))
    def get(self):
        """List the specialty catalogue (any API client)"""
        return catalogue.list_specialties(web.session())

    @requires(specialties, "bureau")
    @specialties.arguments(SpecialtyCreateSchema)
    @specialties.response(201, SpecialtySchema)
    @problems(specialties, 409)
    def post(self, data):
        """Add a specialty to the catalogue (bureau)"""
        session = web.session()
        specialty = catalogue.create_specialty(session, web.actor(), data, web.now())
        session.commit()
        return specialty
