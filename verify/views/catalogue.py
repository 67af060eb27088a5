"""Review committees and the specialty catalogue, as JSON and as pages: authority, the
status in force today (Beijing date), and every name a specialty held."""

from __future__ import annotations

from flask import Blueprint as PageBlueprint
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from verify.queries.catalogue import read_committees, read_specialties
from verify.schemas import PublicCommitteeSchema, PublicSpecialtySchema
from verify.web import NO_COMMITTEE, NO_SPECIALTY, render_page, state, today
from webbase.problems import PROBLEM_JSON, problem_response
from webbase.schemas import ProblemSchema

api = Blueprint(
    "catalogue",
    __name__,
    url_prefix="/api/v1",
    description="Review committees and the specialty catalogue (public)",
)
pages = PageBlueprint("catalogue_pages", __name__)


# JSON ------------------------------------------------------------------------------------
@api.route("/committees")
@api.response(200, PublicCommitteeSchema(many=True))
def committees() -> list[dict]:
    """Every review committee: authority and the status in force today"""
    return read_committees(state().engine, today())


@api.route("/committees/<code>")
@api.response(200, PublicCommitteeSchema)
@api.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def committee(code: str) -> ResponseReturnValue:
    """One review committee: authority, status in force today, the bureau's decisions"""
    found = read_committees(state().engine, today(), code)
    return found[0] if found else problem_response(NO_COMMITTEE)


@api.route("/specialties")
@api.response(200, PublicSpecialtySchema(many=True))
def specialties() -> list[dict]:
    """The specialty catalogue with every name each specialty held"""
    return read_specialties(state().engine, today())


@api.route("/specialties/<code>")
@api.response(200, PublicSpecialtySchema)
@api.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_JSON)
def specialty(code: str) -> ResponseReturnValue:
    """One specialty: its names over time and its period of validity"""
    found = read_specialties(state().engine, today(), code)
    return found[0] if found else problem_response(NO_SPECIALTY)


# Pages -----------------------------------------------------------------------------------
@pages.get("/committees/<code>")
def committee_page(code: str) -> ResponseReturnValue:
    found = read_committees(state().engine, today(), code)
    if not found:
        return render_page("catalogue_not_found.html", 404, problem=NO_COMMITTEE)
    return render_page("committee.html", committee=found[0])


@pages.get("/specialties/<code>")
def specialty_page(code: str) -> ResponseReturnValue:
    found = read_specialties(state().engine, today(), code)
    if not found:
        return render_page("catalogue_not_found.html", 404, problem=NO_SPECIALTY)
    return render_page("specialty.html", specialty=found[0])


@pages.get("/committees")
def committees_page() -> ResponseReturnValue:
    return render_page("committees.html", committees=read_committees(state().engine, today()))


@pages.get("/specialties")
def specialties_page() -> ResponseReturnValue:
    return render_page("specialties.html", specialties=read_specialties(state().engine, today()))
