"""Public JSON and pages for review committees and the specialty catalogue."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma
from flask import Blueprint as PageBlueprint
from flask_smorest import Blueprint

from certs.dates import beijing_date
from verify.api import PROBLEM_JSON, lookup, problem_response
from verify.catalogue import Catalogue
from verify.pages import _page
from verify.schemas import NamedSchema
from webbase.problems import Problem
from webbase.schemas import ProblemSchema

S = ma.fields.String
N = {"allow_none": True, "required": True}


class CommitteeDecisionSchema(ma.Schema):
    action = S(required=True, metadata={"enum": ["suspend", "reinstate", "withdraw"]})
    action_zh = S(required=True)
    action_en = S(required=True)
    status = S(required=True)
    effective_date = S(required=True)
    decision_number = S(required=True)
    in_effect = ma.fields.Boolean(required=True)


class PublicCommitteeSchema(ma.Schema):
    code = S(required=True)
    name_zh = S(required=True)
    name_en = S(required=True)
    organisation = S(required=True, metadata={"description": "职称评审服务机构"})
    filing_number = S(required=True, metadata={"description": "核准备案号"})
    levels = ma.fields.List(ma.fields.Nested(NamedSchema), required=True)
    specialties = ma.fields.List(ma.fields.Nested(NamedSchema), required=True)
    valid_from = S(required=True)
    valid_to = S(**N)
    status = S(
        required=True,
        metadata={
            "enum": ["active", "suspended", "withdrawn", "expired", "not_yet_in_force"],
            "description": "In force today (Beijing date), from the bureau's decisions",
        },
    )
    status_zh = S(required=True)
    status_en = S(required=True)
    may_issue = ma.fields.Boolean(required=True)
    status_since = S(**N)
    status_decision_number = S(**N)
    decisions = ma.fields.List(ma.fields.Nested(CommitteeDecisionSchema), required=True)


class PublicSpecialtyNameSchema(ma.Schema):
    name_zh = S(required=True)
    name_en = S(required=True)
    valid_from = S(required=True)
    valid_to = S(**N)


class PublicSpecialtySchema(ma.Schema):
    code = S(required=True)
    name_zh = S(required=True)
    name_en = S(required=True)
    field = S(required=True)
    valid_from = S(required=True)
    valid_to = S(**N, metadata={"description": "Last day open for new certificates"})
    open = ma.fields.Boolean(required=True, metadata={"description": "Open for new certificates"})
    names = ma.fields.List(ma.fields.Nested(PublicSpecialtyNameSchema), required=True)


blp = Blueprint(
    "catalogue",
    __name__,
    url_prefix="/api/v1",
    description="Review committees and the specialty catalogue (public)",
)
pages = PageBlueprint("catalogue_pages", __name__)

NO_COMMITTEE = Problem(
    "not-found", 404, "Committee not found", "未找到评审委员会",
    "No review committee has this code.", "没有此代码的评审委员会。",
)  # fmt: skip
NO_SPECIALTY = Problem(
    "not-found", 404, "Specialty not found", "未找到专业",
    "No specialty in the catalogue has this code.", "职称专业目录中没有此代码。",
)  # fmt: skip


def catalogue() -> Catalogue:
    return Catalogue(lookup().engine)


def today() -> dt.date:
    return beijing_date(dt.datetime.now(dt.UTC))


@blp.route("/committees")
@blp.response(200, PublicCommitteeSchema(many=True))
def committees():
    """Every review committee: authority and the status in force today"""
    return catalogue().committees(today())


@blp.route("/committees/<code>")
@blp.response(200, PublicCommitteeSchema)
@blp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def committee(code: str):
    """One review committee: authority, status in force today, the bureau's decisions"""
    found = catalogue().committees(today(), code)
    return found[0] if found else problem_response(NO_COMMITTEE)


@blp.route("/specialties")
@blp.response(200, PublicSpecialtySchema(many=True))
def specialties():
    """The specialty catalogue with every name each specialty held"""
    return catalogue().specialties(today())


@blp.route("/specialties/<code>")
@blp.response(200, PublicSpecialtySchema)
@blp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def specialty(code: str):
    """One specialty: its names over time and its period of validity"""
    found = catalogue().specialties(today(), code)
    return found[0] if found else problem_response(NO_SPECIALTY)


@pages.get("/committees/<code>")
def committee_page(code: str):
    found = catalogue().committees(today(), code)
    if not found:
        return _page("catalogue_not_found.html", 404, problem=NO_COMMITTEE)
    return _page("committee.html", committee=found[0])


@pages.get("/specialties/<code>")
def specialty_page(code: str):
    found = catalogue().specialties(today(), code)
    if not found:
        return _page("catalogue_not_found.html", 404, problem=NO_SPECIALTY)
    return _page("specialty.html", specialty=found[0])


@pages.get("/committees")
def committees_page():
    return _page("committees.html", committees=catalogue().committees(today()))


@pages.get("/specialties")
def specialties_page():
    return _page("specialties.html", specialties=catalogue().specialties(today()))
