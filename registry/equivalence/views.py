"""The equivalence list (bureau keeps it; any API client reads it) and recognition (认定)."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from registry import web
from registry.certificates.views import _dump as dump_certificate
from registry.equivalence import services as equivalence
from registry.equivalence.recognition import recognise
from registry.equivalence.schemas import (
    EntryChangeSchema,
    EntryCreateSchema,
    EntryRetireSchema,
    EntrySchema,
    ListQuerySchema,
    ListSchema,
    RecognitionCreateSchema,
    RecognitionSchema,
    VersionSchema,
)
from registry.web.auth import requires
from webbase.api import problems

blp = Blueprint(
    "equivalences",
    __name__,
    url_prefix="/api/v1/equivalences",
    description="The qualification-to-title equivalence list (职业资格与职称对应清单)",
)


recognitions = Blueprint(
    "recognitions",
    __name__,
    url_prefix="/api/v1/recognitions",
    description="Titles by recognition of a qualification (职称认定)",
)


@blp.route("")
class Entries(MethodView):
    @requires(blp)
    @blp.arguments(ListQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, ListSchema)
    @problems(blp, 404, 422)
    def get(self, query):
        """The list in force today, on a given date, or at a version (any API client)"""
        on = query.get("on") or web.now().date()
        return equivalence.list_on(web.session(), on, query.get("version"))

    @requires(blp, "bureau")
    @blp.arguments(EntryCreateSchema)
    @blp.response(201, EntrySchema)
    @problems(blp, 409, 422)
    def post(self, data):
        """Add an entry: a new version of the list (bureau)"""
        session = web.session()
        entry = equivalence.add_entry(session, web.actor(), data, web.now())
        session.commit()
        return entry


@blp.route("/versions")
@requires(blp)
@blp.response(200, VersionSchema(many=True))
def versions():
    """Every version of the list, oldest first (any API client)"""
    return equivalence.list_versions(web.session())


@blp.route("/<code>")
class Entry(MethodView):
    @requires(blp, "bureau")
    @blp.arguments(EntryChangeSchema)
    @blp.response(200, EntrySchema)
    @problems(blp, 404, 409, 422)
    def patch(self, data, code):
        """Change an entry, or confirm a starter entry (provisional: false): a new version"""
        session = web.session()
        entry = equivalence.change_entry(session, web.actor(), code, data, web.now())
        session.commit()
        return entry


@blp.route("/<code>/retire", methods=["POST"])
@requires(blp, "bureau")
@blp.arguments(EntryRetireSchema)
@blp.response(200, EntrySchema)
@problems(blp, 404, 409, 422)
def retire(data, code):
    """Retire an entry from a date on: a new version (bureau)"""
    session = web.session()
    entry = equivalence.retire_entry(session, web.actor(), code, data, web.now())
    session.commit()
    return entry


@recognitions.route("", methods=["POST"])
@requires(recognitions, "bureau")
@recognitions.arguments(RecognitionCreateSchema)
@recognitions.response(201, RecognitionSchema)
@problems(recognitions, 409, 422)
def create_recognition(data):
    """Recognise a qualification and issue the title the list gives it (bureau).

    认定 (三(四)2) applies the correspondence list the bureau keeps (三(三)3); titles a
    committee grants are review results and come from results batches on public notice."""
    session = web.session()
    state = web.state()
    recognition = recognise(
        session, g.client, data, state.issuer(session), state.protector, web.now()
    )
    session.commit()
    return {
        "qualification": {
            "equivalence_code": recognition.equivalence_code,
            "equivalence_version": recognition.equivalence_version,
            "name": recognition.qualification_name,
            "grade": recognition.qualification_grade,
            "number": recognition.qualification_number,
            "date": recognition.qualification_date,
        },
        "certificate": dump_certificate(recognition.certificate),
    }
