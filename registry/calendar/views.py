"""The working-day calendar: any API client reads it, the bureau adds and corrects years."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from certs.dates import beijing_date
from certs.workdays import coverage_warning
from registry import web
from registry.calendar import services as calendar
from registry.calendar.schemas import (
    CalendarSchema,
    YearCorrectSchema,
    YearCreateSchema,
    YearSchema,
)
from registry.web.auth import requires
from webbase.api import problems

blp = Blueprint(
    "calendar",
    __name__,
    url_prefix="/api/v1/calendar",
    description="The working-day calendar: public holidays and adjusted working days (调休) "
    "that public notice periods are counted in",
)


@blp.route("")
@requires(blp)
@blp.response(200, CalendarSchema)
def whole_calendar():
    """Every year, what the calendar covers, and a warning when it ends soon (any API client)"""
    session = web.session()
    held = calendar.working_calendar(session)
    warning = coverage_warning(held.covers_to, beijing_date(web.now()))
    return {
        "covers": {"start": held.covers_from, "end": held.covers_to},
        "warning": warning.as_dict() if warning else None,
        "years": calendar.list_years(session),
    }


@blp.route("/years", methods=["POST"])
@requires(blp, "bureau")
@blp.arguments(YearCreateSchema)
@blp.response(201, YearSchema)
@problems(blp, 409, 422)
def add_year(data):
    """Add the next year's holidays and adjusted working days, with their source (bureau)"""
    session = web.session()
    year = calendar.add_year(session, web.actor(), data, web.now())
    session.commit()
    return year


@blp.route("/years/<int:year>")
class Year(MethodView):
    @requires(blp)
    @blp.response(200, YearSchema)
    @problems(blp, 404)
    def get(self, year):
        """One year (any API client)"""
        return calendar.get_year(web.session(), year)

    @requires(blp, "bureau")
    @blp.arguments(YearCorrectSchema)
    @blp.response(200, YearSchema)
    @problems(blp, 404, 422)
    def put(self, data, year):
        """Correct a year: its days from today on, or its source, with a reason (bureau)"""
        session = web.session()
        corrected = calendar.correct_year(session, web.actor(), year, data, web.now())
        session.commit()
        return corrected
