"""Status decisions on certificates (bureau) and the integrity records they leave (bureau)."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from certs.errors import FieldError, IdNumberError, InvalidInputError
from registry import web
from registry.certificates.services import get_certificate
from registry.revocation import integrity
from registry.revocation.schemas import (
    CertificateStatusChangeSchema,
    IntegrityPageSchema,
    IntegrityQuerySchema,
    IntegrityRecordSchema,
    IntegritySearchSchema,
    StatusDecisionSchema,
)
from registry.revocation.services import StatusDecision, StatusPolicy, change_status, history
from registry.web.auth import requires
from registry.web.schemas import id_number
from webbase.api import problems

status_changes = Blueprint(
    "status_changes",
    __name__,
    url_prefix="/api/v1/certificates",
    description="Revocation, suspension and reinstatement (撤销、暂停、恢复)",
)


integrity_records = Blueprint(
    "integrity_records",
    __name__,
    url_prefix="/api/v1/integrity-records",
    description="Integrity records (职称评价诚信档案), bureau only",
)


def status_policy(session) -> StatusPolicy:
    state = web.state()
    return StatusPolicy(state.issuer(session), state.settings.fraud_bar_years)


@status_changes.route("/<serial>/status-changes")
class StatusChanges(MethodView):
    @requires(status_changes, "bureau")
    @status_changes.arguments(StatusDecisionSchema)
    @status_changes.response(201, CertificateStatusChangeSchema)
    @problems(status_changes, 400, 404, 409)
    def post(self, data, serial):
        """Revoke, suspend, lift a suspension or reinstate (bureau); public at once"""
        session = web.session()
        change = change_status(
            session, web.actor(), serial, StatusDecision(**data), status_policy(session), web.now()
        )
        session.commit()
        return change

    @requires(status_changes, "bureau")
    @status_changes.response(200, CertificateStatusChangeSchema(many=True))
    @problems(status_changes, 400, 404)
    def get(self, serial):
        """Every status decision on the certificate, oldest first (bureau)"""
        session = web.session()
        return history(session, get_certificate(session, g.client, serial))


@integrity_records.route("")
@requires(integrity_records, "bureau")
@integrity_records.arguments(IntegrityQuerySchema, location="query", unknown=ma.RAISE)
@integrity_records.response(200, IntegrityPageSchema)
@problems(integrity_records, 422)
def list_integrity_records(query):
    """Integrity records, oldest first (bureau)"""
    return _page(None, query)


@integrity_records.route("/search", methods=["POST"])
@requires(integrity_records, "bureau")
@integrity_records.arguments(IntegritySearchSchema)
@integrity_records.response(200, IntegrityPageSchema)
@problems(integrity_records, 422)
def search_integrity_records(query):
    """One person's integrity records, by ID-card number in the body (bureau)"""
    try:
        number = id_number(query["id_number"])
    except IdNumberError as exc:
        raise InvalidInputError(
            errors=[FieldError("id_number", "invalid_id_number", exc.detail, exc.detail_zh)]
        ) from None
    return _page(web.state().protector.lookup_hash(number), query)


def _page(digest: str | None, query: dict) -> dict:
    records = integrity.list_records(web.session(), digest, query["after_id"], query["limit"])
    full = len(records) == query["limit"]
    return {"records": records, "next_after_id": records[-1].id if full else None}


@integrity_records.route("/<int:record_id>")
@requires(integrity_records, "bureau")
@integrity_records.response(200, IntegrityRecordSchema)
@problems(integrity_records, 404)
def integrity_record(record_id):
    """One integrity record (bureau)"""
    return integrity.get_record(web.session(), record_id)
