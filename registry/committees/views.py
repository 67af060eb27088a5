"""Committees and specialties (the bureau keeps both), and the bureau's controls: committee
status and authority, renaming and retiring specialties."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from certs.dates import beijing_date
from registry import web
from registry.committees import controls, rectification
from registry.committees import services as catalogue
from registry.committees.authority import status_history
from registry.committees.controls import committee_record
from registry.committees.schemas import (
    AuthorityChangeSchema,
    CommitteeCreateSchema,
    CommitteeRecordSchema,
    CommitteeStatusChangeCreateSchema,
    CommitteeStatusChangeSchema,
    RectificationAcceptanceSchema,
    RectificationEscalationSchema,
    RectificationOrderCreateSchema,
    RectificationOrderSchema,
    SpecialtyCreateSchema,
    SpecialtyRecordSchema,
    SpecialtyRenameSchema,
    SpecialtyRetireSchema,
    SpecialtySchema,
)
from registry.committees.specialties import (
    find_specialty,
    rename_specialty,
    retire_specialty,
    specialty_record,
)
from registry.web.auth import requires
from webbase.api import problems

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


committee_controls = Blueprint(
    "committee_controls",
    __name__,
    url_prefix="/api/v1/committees",
    description="The bureau's controls over a committee: status decisions and authority",
)


catalogue_controls = Blueprint(
    "catalogue_controls",
    __name__,
    url_prefix="/api/v1/specialties",
    description="Renaming and retiring specialties, keeping their history",
)


def _record(committee) -> dict:
    return controls.committee_record(web.session(), committee, beijing_date(web.now()))


@committee_controls.route("/<code>")
class CommitteeResource(MethodView):
    @requires(committee_controls, "bureau", "committee")
    @committee_controls.response(200, CommitteeRecordSchema)
    @problems(committee_controls, 404)
    def get(self, code):
        """One committee with the status in force today (bureau, or the committee itself)"""
        return _record(controls.readable_committee(web.session(), g.client, code))

    @requires(committee_controls, "bureau")
    @committee_controls.arguments(AuthorityChangeSchema)
    @committee_controls.response(200, CommitteeRecordSchema)
    @problems(committee_controls, 404)
    def patch(self, data, code):
        """Change a committee's authority: levels, specialties, period (bureau)"""
        session = web.session()
        committee = controls.find_committee(session, code)
        controls.change_authority(session, web.actor(), committee, data, web.now())
        session.commit()
        return _record(committee)


@committee_controls.route("/<code>/status-changes")
class StatusChanges(MethodView):
    @requires(committee_controls, "bureau", "committee")
    @committee_controls.response(200, CommitteeStatusChangeSchema(many=True))
    @problems(committee_controls, 404)
    def get(self, code):
        """The committee's status decisions, in the order recorded"""
        session = web.session()
        return status_history(session, controls.readable_committee(session, g.client, code))

    @requires(committee_controls, "bureau")
    @committee_controls.arguments(CommitteeStatusChangeCreateSchema)
    @committee_controls.response(201, CommitteeStatusChangeSchema)
    @problems(committee_controls, 404, 409)
    def post(self, data, code):
        """Suspend, reinstate or withdraw a committee's authority, from a date (bureau)"""
        session = web.session()
        committee = controls.find_committee(session, code)
        change = controls.change_status(session, web.actor(), committee, data, web.now())
        session.commit()
        return change


def _order(order) -> dict:
    return rectification.order_record(order, beijing_date(web.now()))


@committee_controls.route("/<code>/rectification-orders")
class RectificationOrders(MethodView):
    @requires(committee_controls, "bureau", "committee")
    @committee_controls.response(200, RectificationOrderSchema(many=True))
    @problems(committee_controls, 404)
    def get(self, code):
        """The committee's orders to rectify (责令限期整改), in the order made, each with how
        it stands today"""
        session = web.session()
        committee = controls.readable_committee(session, g.client, code)
        return [_order(order) for order in rectification.orders_of(session, committee)]

    @requires(committee_controls, "bureau")
    @committee_controls.arguments(RectificationOrderCreateSchema)
    @committee_controls.response(201, RectificationOrderSchema)
    @problems(committee_controls, 404, 409)
    def post(self, data, code):
        """Order the committee to rectify by a deadline; it keeps its authority (bureau)"""
        session = web.session()
        committee = controls.find_committee(session, code)
        order = rectification.order_rectification(session, web.actor(), committee, data, web.now())
        session.commit()
        return _order(order)


@committee_controls.route("/<code>/rectification-orders/<int:order_id>/closure", methods=["POST"])
@requires(committee_controls, "bureau")
@committee_controls.arguments(RectificationAcceptanceSchema)
@committee_controls.response(200, RectificationOrderSchema)
@problems(committee_controls, 404, 409)
def close_order(data, code, order_id):
    """End an order to rectify: the committee has rectified, by a dated decision (bureau)"""
    session = web.session()
    committee = controls.find_committee(session, code)
    order = rectification.find_order(session, committee, order_id)
    rectification.accept_rectification(session, web.actor(), committee, order, data, web.now())
    session.commit()
    return _order(order)


@committee_controls.route(
    "/<code>/rectification-orders/<int:order_id>/escalation", methods=["POST"]
)
@requires(committee_controls, "bureau")
@committee_controls.arguments(RectificationEscalationSchema)
@committee_controls.response(200, RectificationOrderSchema)
@problems(committee_controls, 404, 409)
def escalate_order(data, code, order_id):
    """End an order to rectify by suspending the committee's review work from a date
    (bureau)"""
    session = web.session()
    committee = controls.find_committee(session, code)
    order = rectification.find_order(session, committee, order_id)
    controls.escalate_order(session, web.actor(), committee, order, data, web.now())
    session.commit()
    return _order(order)


@catalogue_controls.route("/<code>")
class SpecialtyResource(MethodView):
    @requires(catalogue_controls)
    @catalogue_controls.response(200, SpecialtyRecordSchema)
    @problems(catalogue_controls, 404)
    def get(self, code):
        """One specialty with every name it held (any API client)"""
        session = web.session()
        return specialty_record(session, find_specialty(session, code))


@catalogue_controls.route("/<code>/names", methods=["POST"])
@requires(catalogue_controls, "bureau")
@catalogue_controls.arguments(SpecialtyRenameSchema)
@catalogue_controls.response(201, SpecialtyRecordSchema)
@problems(catalogue_controls, 404, 409)
def rename(data, code):
    """Rename a specialty; the old name stays in its history (bureau)"""
    session = web.session()
    specialty = find_specialty(session, code)
    rename_specialty(session, web.actor(), specialty, data, web.now())
    session.commit()
    return specialty_record(session, specialty)


@catalogue_controls.route("/<code>/retirement", methods=["POST"])
@requires(catalogue_controls, "bureau")
@catalogue_controls.arguments(SpecialtyRetireSchema)
@catalogue_controls.response(200, SpecialtyRecordSchema)
@problems(catalogue_controls, 404, 409)
def retire(data, code):
    """Close a specialty to new certificates from a date; issued ones stay valid (bureau)"""
    session = web.session()
    specialty = find_specialty(session, code)
    retire_specialty(session, web.actor(), specialty, data, web.now())
    session.commit()
    return specialty_record(session, specialty)
