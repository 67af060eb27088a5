"""What every view shares: the app's state and clock, the page helper, the problems.

A leaf: at run time it imports no other verify module but the settings, so any view may
import it. The readers it holds are built in ``create_app`` and handed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from flask import current_app, render_template
from sqlalchemy import Engine

from certs.credential.model import STATUS_PURPOSES
from certs.dates import beijing_date
from verify.config import Settings
from webbase.api import Api as WebApi
from webbase.problems import Problem

if TYPE_CHECKING:  # annotations only: the readers import nothing from here
    from verify.queries.calendar import CalendarCoverage
    from verify.queries.lookup import Lookup
    from verify.queries.pdf_certificates import PublishedPdfCertificates

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class State:
    """Everything a verify app holds, built once in ``create_app``."""

    settings: Settings
    engine: Engine
    lookup: Lookup
    pdf_certificates: PublishedPdfCertificates
    calendar: CalendarCoverage
    clock: Clock = utc_now  # the one place verify reads the wall clock; tests hand in theirs


def state() -> State:
    return cast(State, current_app.extensions["verify"])


def now() -> dt.datetime:
    return state().clock()


def today() -> dt.date:
    """Today in Beijing: the calendar of decisions, the catalogue and the equivalence list."""
    return beijing_date(now())


# Pages -----------------------------------------------------------------------------------
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def render_page(
    template: str, http_status: int = 200, /, **context: Any
) -> tuple[str, int, dict[str, str]]:
    """A server-rendered page, never cached. The HTTP status is positional, as templates
    take a ``status`` of their own (the certificate's, in words)."""
    body = render_template(template, **context)
    return body, http_status, {**SECURITY_HEADERS, "Cache-Control": "no-store"}


# Problems --------------------------------------------------------------------------------
NOT_FOUND = Problem(
    "not-found",
    404,
    "Certificate not found",
    "未找到证书",
    "No certificate has this serial number. Check it against the paper certificate.",
    "没有此编号的证书，请与纸质证书核对编号。",
)
NO_NOTICE = Problem(
    "not-found",
    404,
    "Notice not found",
    "未找到公示",
    "No public notice has this batch number.",
    "没有此批次编号的公示。",
)
NO_COMMITTEE = Problem(
    "not-found", 404, "Committee not found", "未找到评审委员会",
    "No review committee has this code.", "没有此代码的评审委员会。",
)  # fmt: skip
NO_SPECIALTY = Problem(
    "not-found", 404, "Specialty not found", "未找到专业",
    "No specialty in the catalogue has this code.", "职称专业目录中没有此代码。",
)  # fmt: skip
NO_VERSION = Problem(
    "not-found",
    404,
    "No such version of the list",
    "清单没有该版本",
    "The equivalence list has no version with this number.",
    "对应清单没有此版本号。",
)
NO_STATUS_LIST = Problem(
    "not-found",
    404,
    "No such status list",
    "没有此状态列表",
    f"Status lists: {', '.join(STATUS_PURPOSES)}.",
    f"状态列表有：{'、'.join(STATUS_PURPOSES)}。",
)


class Api(WebApi):
    """verify's API in problem+json; a path that matches nothing answers like an unknown
    certificate."""

    NOT_FOUND = NOT_FOUND
