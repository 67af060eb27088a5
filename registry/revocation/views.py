"""Status decisions on certificates, the integrity records fraud leaves, and the review
queue of a person's other titles (bureau only)."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from certs.errors import FieldError, IdNumberError, InvalidInputError
from registry import web
from registry.certificates.services import get_certificate
from registry.revocation import integrity, reviews
from registry.revocation.review_decisions import ReviewDecision, decide_review
from registry.revocation.schemas import (
    CertificateStatusChangeSchema,
    IntegrityPageSchema,
    IntegrityQuerySchema,
    IntegrityRecordSchema,
    IntegritySearchSchema,
    RecordWithdrawSchema,
    ReviewDecisionSchema,
    ReviewPageSchema,
    ReviewQuerySchema,
    ReviewSchema,
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


title_reviews = Blueprint(
    "title_reviews",
    __name__,
    url_prefix="/api/v1/reviews",
    description="Reviews of a person's other titles after fraud was found (三(二)1), bureau only",
)


def status_policy(session) -> StatusPolicy:
    state = web.state()
    return StatusPolicy(state.issuer(session), state.settings.fraud_bar_years)


@status_changes.route("/<serial:serial>/status-changes")
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


@integrity_records.route("/<int:record_id>/withdrawal", methods=["POST"])
@requires(integrity_records, "bureau")
@integrity_records.arguments(RecordWithdrawSchema)
@integrity_records.response(200, IntegrityRecordSchema)
@problems(integrity_records, 404, 409)
def withdraw_integrity_record(data, record_id):
    """Withdraw a record of fraud found during the evaluation, an appeal upheld (bureau); a
    revocation's record is withdrawn by reinstating the certificate"""
    session = web.session()
    record = integrity.withdraw_record(
        session, web.actor(), record_id, data["decision_number"], web.now()
    )
    session.commit()
    return record


@title_reviews.route("")
@requires(title_reviews, "bureau")
@title_reviews.arguments(ReviewQuerySchema, location="query", unknown=ma.RAISE)
@title_reviews.response(200, ReviewPageSchema)
@problems(title_reviews, 422)
def list_reviews(query):
    """The review queue, oldest first; status=open for what is still to decide (bureau)"""
    found = reviews.list_reviews(
        web.session(), query.get("status"), query["after_id"], query["limit"]
    )
    full = len(found) == query["limit"]
    return {"reviews": found, "next_after_id": found[-1].id if full else None}


@title_reviews.route("/<int:review_id>")
@requires(title_reviews, "bureau")
@title_reviews.response(200, ReviewSchema)
@problems(title_reviews, 404)
def get_review(review_id):
    """One review (bureau)"""
    return reviews.get_review(web.session(), review_id)


@title_reviews.route("/<int:review_id>/decision", methods=["POST"])
@requires(title_reviews, "bureau")
@title_reviews.arguments(ReviewDecisionSchema)
@title_reviews.response(200, ReviewSchema)
@problems(title_reviews, 404, 409)
def decide(data, review_id):
    """Keep the title, or revoke it through the ordinary status change (bureau)"""
    session = web.session()
    review = decide_review(
        session, web.actor(), review_id, ReviewDecision(**data), status_policy(session), web.now()
    )
    session.commit()
    return review
