"""The audit trail, read and filtered by the bureau."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint

from registry import web
from registry.audit.schemas import AuditPageSchema, AuditQuerySchema
from registry.audit.services import AuditQuery, search
from registry.web.auth import requires
from webbase.api import problems

blp = Blueprint(
    "audit", __name__, url_prefix="/api/v1/audit", description="The audit trail (bureau only)"
)


@blp.route("")
@requires(blp, "bureau")
# webargs excludes unknown query parameters unless told otherwise; refuse them, as bodies do.
@blp.arguments(AuditQuerySchema, location="query", unknown=ma.RAISE)
@blp.response(200, AuditPageSchema)
@problems(blp, 422)
def audit_records(query):
    """Audit records, oldest first, filtered by every parameter given"""
    records = search(web.session(), AuditQuery(**query))
    full = len(records) == query["limit"]
    return {"records": records, "next_after_seq": records[-1].seq if full else None}
