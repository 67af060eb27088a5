"""The eligibility pre-check (网上申报、网上审核 as 三(四)2 asks): anyone asks whether they
may apply for a title, and why, clause by clause, as JSON or on a page with a form. No
account, no ID-card number; nothing is stored and nothing is logged but the access log's
line (the facts travel in the body, never in the URL). Every fact is the applicant's own
declaration: the committee decides, this only reads the annex."""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma
from flask import Blueprint as PageBlueprint
from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from certs.eligibility import EligibilitySettings, Verdict, evaluate
from certs.errors import CertsError, InvalidInputError
from certs.levels import get_level
from verify import precheck_form
from verify.schemas import PrecheckRequestSchema, VerdictSchema
from verify.web import render_page, today
from webbase.api import problems
from webbase.eligibility import build_facts
from webbase.fastload import fast_json_body, fast_loader
from webbase.problems import Problem, problem_response
from webbase.validation import field_errors

api = Blueprint(
    "eligibility",
    __name__,
    url_prefix="/api/v1",
    description="May I apply? The standard conditions, clause by clause (nothing stored)",
)
pages = PageBlueprint("eligibility_pages", __name__)

# Built once: a schema instance costs more to make than a pre-check to run.
REQUEST_SCHEMA = PrecheckRequestSchema()
FAST_LOAD = fast_loader(REQUEST_SCHEMA)
# The bureau's settings where the annex leaves a choice; verify has none of its own yet.
SETTINGS = EligibilitySettings()
STATUS_WORDS = {
    "met": ("✔", "符合", "Met"),
    "not_met": ("✖", "不符合", "Not met"),
    "waived": ("○", "按申报途径免除", "Waived by the route"),
    "needs_judgement": ("⚖", "由评审委员会评议", "For the committee to weigh"),
    "judged": ("✔", "评审委员会已评议", "Judged by the committee"),
}
# The banner's colour, icon and words (webbase/banner.html), with text, never colour alone.
OUTCOME_LOOKS = {
    "eligible": ("valid", "✔"),
    "not_eligible": ("revoked", "✖"),
    "needs_committee_judgement": ("suspended", "⚖"),
}
NOT_A_DECISION_ZH = (
    "这是预检，不是评审决定。是否符合申报条件、能否通过评审，由评审委员会认定；所填内容均为申报，"
    "未经核验，本站不保存。"
)
NOT_A_DECISION_EN = (
    "This is a pre-check, not a decision: the review committee decides whether you may apply "
    "and whether you pass. Everything here is as you declare it, unchecked, and nothing is kept."
)


def precheck(data: dict[str, Any], on: dt.date) -> Verdict:
    """The verdict on what was sent; ``on``: the day the years count to, unless it says."""
    facts = build_facts(
        data,
        level=data["level"],
        reference_date=data.get("reference_date") or on,
        route=data["route"],
        category=data["category"],
        grounds=data["grounds"],
    )
    return evaluate(facts, SETTINGS)


def _answer(data: dict[str, Any]) -> ResponseReturnValue:
    try:
        # The verdict's own dict is the documented answer already (schemathesis holds it to
        # VerdictSchema): sent as it is, without a second pass through marshmallow.
        return jsonify(precheck(data, today()).as_dict())
    except CertsError as error:
        return problem_response(Problem.from_error(error))


@api.route("/eligibility", methods=["POST"])
@fast_json_body(REQUEST_SCHEMA, _answer)
@api.arguments(REQUEST_SCHEMA)
@api.response(200, VerdictSchema)
@problems(api, 422)
def eligibility(data: dict[str, Any]) -> ResponseReturnValue:
    """May I apply for this title? Every condition of the standard tried, with its clause, the
    policy's words and why (a pre-check: the committee decides; nothing is stored)"""
    return _answer(data)


# The page ----------------------------------------------------------------------------------
@pages.route("/eligibility", methods=["GET", "POST"])
def eligibility_page() -> ResponseReturnValue:
    """The form; posted, the verdict above the same form filled in, to adjust and ask again."""
    if request.method == "GET":
        return _page(precheck_form.blank())
    body, form, rows_of = precheck_form.read_form(request.form)
    try:
        data = FAST_LOAD(body) or REQUEST_SCHEMA.load(body)
        verdict = precheck(data, today())
    except ma.ValidationError as error:
        precheck_form.place_errors(form, field_errors(error.messages), rows_of)
        return _page(form, http_status=422)
    except InvalidInputError as error:
        precheck_form.place_errors(form, list(error.errors), rows_of)
        return _page(form, http_status=422)
    return _page(form, verdict.as_dict())


def _page(
    form: precheck_form.FormState, verdict: dict[str, Any] | None = None, http_status: int = 200
) -> ResponseReturnValue:
    status = None
    if verdict is not None:
        css, icon = OUTCOME_LOOKS[verdict["outcome"]]
        level = get_level(verdict["level"])
        status = {
            "css": css,
            "icon": icon,
            "title_zh": verdict["outcome_zh"],
            "title_en": verdict["outcome_en"],
            "sentence_zh": f"申报{level.title_zh}（预检，计算至 {verdict['reference_date']}）",
            "sentence_en": f"Applying for {level.title_en} (pre-check, counted to "
            f"{verdict['reference_date']})",
        }
    return render_page(
        "eligibility.html",
        http_status,
        form=form,
        verdict=verdict,
        status=status,
        choices=precheck_form.CHOICES,
        rows=precheck_form.ROWS,
        words=STATUS_WORDS,
        not_a_decision=(NOT_A_DECISION_ZH, NOT_A_DECISION_EN),
    )
