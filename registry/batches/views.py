"""Results batches: submit for public notice, record objections, issue."""

from __future__ import annotations

import datetime as dt
import json

import marshmallow as ma
from flask import Response, g, request
from flask.views import MethodView
from flask_smorest import Blueprint

from certs.errors import UnsupportedMediaTypeError
from registry import web
from registry.batches import services as batches
from registry.batches.access_codes import reissue_access_codes
from registry.batches.fraud import FraudClaim, fraud_records
from registry.batches.rows import json_rows, read_csv
from registry.batches.schemas import (
    BatchAccessCodesSchema,
    BatchIssuedSchema,
    BatchIssueSchema,
    BatchListQuerySchema,
    BatchSchema,
    BatchSubmitSchema,
    BatchSummarySchema,
    CsvQuerySchema,
    ObjectionCreateSchema,
    ObjectionDecideSchema,
    ObjectionSchema,
    RowWithdrawalSchema,
    RowWithdrawSchema,
)
from registry.batches.template import template_workbook
from registry.batches.withdrawals import withdraw_row, withdrawals
from registry.batches.workbook import XLSX, read_workbook
from registry.calendar.services import working_calendar
from registry.certificates.services import ground_of, school_class_of
from registry.web.auth import requires
from registry.web.idempotency import idempotent
from webbase.api import problems

blp = Blueprint(
    "batches",
    __name__,
    url_prefix="/api/v1/batches",
    description="Results batches: public notice (公示), objections, issuance",
)


CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "An .xlsx workbook (the template: GET /api/v1/batches/template.xlsx): "
        "the sheet 人员 with the CSV file's columns (and 技能等级), and one sheet per list of "
        "facts (学历, 工作经历, 职称, 职业资格, 成果, 代表作, 已评议条件, 破格直通车条件), each "
        "keyed by 行号, the person's row on 人员. Or a CSV file: UTF-8 (with or without BOM) or "
        "GB18030; a header row of column names (English field names or 姓名, 身份证号码, "
        "工作单位, 层级, 专业代码, 人才类型, 申报途径, 破格直通车条件, 途径依据, 技工院校班次, "
        "评审会议日期; 评价方式 is still read as the talent-type column's former name); a CSV "
        "file cannot carry a person's facts, so its rows are refused (facts_required). Rows "
        "are numbered as the spreadsheet numbers them (the header is row 1)",
    }
}


def _caller() -> batches.Caller:
    return batches.Caller(web.actor(), g.client)


def _submit(committee_code, rows):
    session, state = web.session(), web.state()
    batch = batches.submit_batch(
        session,
        _caller(),
        committee_code,
        rows,
        state.issuer(session),
        state.protector,
        state.notice_rules(session),
        web.now(),
        eligibility=state.eligibility_policy(),
    )
    return dump_batch(batch)


@blp.route("")
class Batches(MethodView):
    @requires(blp, "bureau", "committee")
    @blp.arguments(BatchListQuerySchema, location="query", unknown=ma.RAISE)
    @blp.response(200, BatchSummarySchema(many=True))
    def get(self, query):
        """Batches, newest first (a committee sees its own)"""
        found = batches.list_batches(web.session(), _caller(), query.get("status"))
        return [dump_batch(batch, rows=False) for batch in found]

    @requires(blp, "bureau", "committee")
    @idempotent(blp)
    @blp.arguments(BatchSubmitSchema)
    @blp.response(201, BatchSchema)
    @problems(blp, 403, 503)
    def post(self, data):
        """Submit results for public notice; every row is checked, one bad row stores nothing"""
        return _submit(data.get("committee_code"), json_rows(data["rows"]))


@blp.route("/csv", methods=["POST"])
@requires(blp, "bureau", "committee")
@idempotent(blp)
@blp.arguments(CsvQuerySchema, location="query", unknown=ma.RAISE)
@blp.doc(**CSV_BODY)
@blp.response(201, BatchSchema)
@problems(blp, 403, 415, 503)
def submit_csv(query):
    """Submit results as an .xlsx workbook with each person's facts, or a CSV file"""
    if request.mimetype == XLSX:
        rows = read_workbook(request.get_data())
    elif request.mimetype in ("text/csv", "application/csv", "text/plain"):
        rows = read_csv(request.get_data())
    else:
        raise UnsupportedMediaTypeError(
            f"Send the file as {XLSX} (a workbook) or text/csv, not "
            f"{request.mimetype or 'no content type'}.",
            f"请以 {XLSX}（工作簿）或 text/csv 格式发送文件，而不是 "
            f"{request.mimetype or '无内容类型'}。",
        )
    return _submit(query.get("committee_code"), rows)


@blp.route("/template.xlsx")
@requires(blp, "bureau", "committee")
@blp.doc(
    responses={
        "200": {
            "description": "The results workbook's template: its sheets with Chinese headers, "
            "and 说明 listing every code with its Chinese name",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
)
def template():
    """The results workbook's template (.xlsx)"""
    return Response(
        template_workbook(),
        mimetype=XLSX,
        headers={"Content-Disposition": 'attachment; filename="results-template.xlsx"'},
    )


@blp.route("/<batch_id>")
@requires(blp, "bureau", "committee")
@blp.response(200, BatchSchema)
@problems(blp, 404)
def get_batch(batch_id):
    """One batch with its rows and objections"""
    return dump_batch(batches.get_batch(web.session(), _caller(), batch_id))


@blp.route("/<batch_id>/objections", methods=["POST"])
@requires(blp, "bureau")
@idempotent(blp)
@blp.arguments(ObjectionCreateSchema)
@blp.response(201, ObjectionSchema)
@problems(blp, 404, 409)
def record_objection(data, batch_id):
    """Record an objection to a row during the notice period (bureau)"""
    objection = batches.record_objection(
        web.session(), _caller(), batch_id, data["row"], data["summary"], web.now()
    )
    return dump_objection(objection)


@blp.route("/<batch_id>/objections/<int:objection_id>/outcome", methods=["POST"])
@requires(blp, "bureau")
@idempotent(blp)
@blp.arguments(ObjectionDecideSchema)
@blp.response(200, ObjectionSchema)
@problems(blp, 404, 409)
def decide_objection(data, batch_id, objection_id):
    """Record an objection's outcome; upheld removes the row, upheld for fraud also makes an
    integrity record (bureau)"""
    session = web.session()
    objection = batches.decide_objection(
        session,
        _caller(),
        batch_id,
        objection_id,
        data["outcome"],
        data["reason"],
        web.now(),
        _fraud(data),
        web.state().settings.fraud_bar_years,
    )
    return dump_objection(objection, records=fraud_records(session, objection.batch_id))


@blp.route("/<batch_id>/rows/<int:row>/withdrawal", methods=["POST"])
@requires(blp, "bureau")
@idempotent(blp)
@blp.arguments(RowWithdrawSchema)
@blp.response(201, RowWithdrawalSchema)
@problems(blp, 404, 409)
def withdraw(data, batch_id, row):
    """Withdraw a listed row from the batch before issuance, so that the rest is issued; for
    fraud, also an integrity record (bureau)"""
    session = web.session()
    withdrawal = withdraw_row(
        session,
        _caller(),
        batch_id,
        row,
        data["reason"],
        _fraud(data),
        web.state().settings.fraud_bar_years,
        web.now(),
    )
    return dump_withdrawal(withdrawal, fraud_records(session, withdrawal.row.batch_id))


def _fraud(data: dict) -> FraudClaim:
    return FraudClaim(data["fraud_kind"], data["fraud_description"], data["decision_number"])


@blp.route("/<batch_id>/issue", methods=["POST"])
@requires(blp, "bureau", "committee")
@idempotent(blp)
@blp.arguments(BatchIssueSchema)
@blp.response(201, BatchIssuedSchema)
@problems(blp, 404, 409)
def issue_batch(data, batch_id):
    """After the notice period, issue every remaining row as a signed certificate, all or none"""
    session = web.session()
    batch, signed = batches.issue_batch(
        session,
        _caller(),
        batch_id,
        data,
        web.state().issuer(session),
        web.state().protector,
        web.now(),
    )
    base = web.state().settings.verify_public_base_url
    return {
        "batch": dump_batch(batch, rows=False),
        "certificates": [
            {
                "row": item.row_number,
                "serial": item.serial,
                "holder_name": item.holder_name,
                "level": item.level,
                "access_code": item.access_code,
                "verify_page": f"{base}/c/{item.serial}",
            }
            for item in signed
        ],
    }


@blp.route("/<batch_id>/access-codes", methods=["POST"])
@requires(blp, "bureau")
@blp.response(201, BatchAccessCodesSchema)
@problems(blp, 404, 409)
def reissue_codes(batch_id):
    """New access codes for every still-valid certificate of an issued batch, when the
    issuance answer was lost (bureau): the old codes stop working, the new ones are shown
    this once; each call makes new ones"""
    session = web.session()
    batch, codes = reissue_access_codes(
        session, _caller(), batch_id, web.state().protector, web.now()
    )
    session.commit()
    answer = {
        "batch": batch.public_id,
        "certificates": [
            {
                "row": item.row_number,
                "serial": item.serial,
                "holder_name": item.holder_name,
                "level": item.level,
                "access_code": item.access_code,
            }
            for item in codes
        ],
    }
    return answer, 201, {"Cache-Control": "no-store"}


def dump_batch(batch, rows: bool = True) -> dict:
    session, state = web.session(), web.state()
    calendar = working_calendar(session)
    dumped = {
        "id": batch.public_id,
        "committee": batch.committee,
        "status": batch.status,
        "submitted_at": batch.submitted_at,
        "notice": {
            "starts": batch.notice_from,
            "ends": batch.notice_to,
            "working_days": state.settings.notice_working_days,
            "issuable_from": batch.notice_to + dt.timedelta(days=1),
            "calendar_covers": {
                "from": calendar.covers_from and calendar.covers_from.isoformat(),
                "to": calendar.covers_to and calendar.covers_to.isoformat(),
                "sources": list(calendar.sources),
            },
            "closed_at": batch.notice_closed_at,
        },
        "row_count": batch.row_count,
        "decision_number": batch.decision_number,
        "decision_date": batch.decision_date,
        "issued_at": batch.issued_at,
    }
    if rows:
        found = batches.batch_rows(session, batch)
        # What an objection says, and fraud found, stay with the bureau; the committee sees
        # that there is an objection, and why a row was withdrawn.
        private = g.client.role != "bureau"
        records = {} if private else fraud_records(session, batch.id)
        withdrawn = withdrawals(session, batch)
        dumped["rows"] = [_dump_row(row, withdrawn.get(row.id), records, private) for row in found]
        dumped["objections"] = [
            dump_objection(o, private, records) for o in batches.batch_objections(session, batch)
        ]
    return dumped


def dump_withdrawal(withdrawal, records: dict, private: bool = False) -> dict:
    return {
        "row": withdrawal.row.row_number,
        "reason": withdrawal.reason,
        "withdrawn_at": withdrawal.withdrawn_at,
        "fraud_kind": None if private else withdrawal.fraud_kind,
        "integrity_record_id": records.get((withdrawal.row_id, None)),
    }


def _dump_row(row, withdrawal, records: dict, private: bool) -> dict:
    return {
        "row": row.row_number,
        "holder_name": row.holder_name,
        "holder_id_number_masked": row.holder_id_masked,
        "work_unit": row.work_unit,
        "level": row.level,
        "specialty": row.specialty,
        "evaluation_track": row.evaluation_track,
        "route": row.route,
        "route_ground": ground_of(row.route_ground),
        "route_basis": row.route_basis,
        "technical_school_class": school_class_of(row.technical_school_class),
        "meeting_date": row.meeting_date,
        "status": row.status,
        "serial": row.serial,
        "withdrawal": None if withdrawal is None else dump_withdrawal(withdrawal, records, private),
        "eligibility": _eligibility(row),
    }


def _eligibility(row) -> dict | None:
    """The verdict in brief and the judged clauses, as stored at submission (a committee
    sees only its own batches, so its own rows' verdicts)."""
    if row.eligibility is None:
        return None
    verdict = json.loads(row.eligibility)
    return {**verdict, "reference_date": dt.date.fromisoformat(verdict["reference_date"])}


def dump_objection(objection, private: bool = False, records: dict | None = None) -> dict:
    return {
        "id": objection.id,
        "row": objection.row.row_number,
        "summary": None if private else objection.summary,
        "status": objection.status,
        "recorded_at": objection.recorded_at,
        "outcome_reason": objection.outcome_reason,
        "decided_at": objection.decided_at,
        "integrity_record_id": (records or {}).get((objection.row_id, objection.id)),
    }
