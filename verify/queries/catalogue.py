"""The public record of review committees and the specialty catalogue.

Read from the projection the registry writes (public_committees, public_committee_status,
public_committee_rectification_orders, public_specialties, public_specialty_names). A
committee's status is computed for today from its public decisions, so a decision dated in
the future takes effect on its day without anyone writing anything; likewise an order to
rectify becomes overdue the day after its deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, Row, select

from certs import rectification
from certs.governance import ACTIONS, ACTIVE, STATUS_NAMES, status_on
from certs.levels import BY_CODE
from verify.tables import (
    public_committee_rectification_orders,
    public_committee_status,
    public_committees,
    public_specialties,
    public_specialty_names,
)

# Beyond the decisions' statuses: an active committee outside its authority period.
STANDING_NAMES = {
    **STATUS_NAMES,
    "expired": ("评审权已到期", "Authority period ended"),
    "not_yet_in_force": ("评审权尚未生效", "Authority not yet in force"),
}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _in_period(row: Row[Any], on: dt.date) -> bool:
    return row.valid_from <= on and (row.valid_to is None or on <= row.valid_to)


def read_committees(engine: Engine, today: dt.date, code: str | None = None) -> list[dict]:
    """Every committee (or the one with ``code``) with its standing on ``today``."""
    query = select(public_committees).order_by(public_committees.c.code)
    decisions = select(public_committee_status).order_by(public_committee_status.c.id)
    orders = select(public_committee_rectification_orders).order_by(
        public_committee_rectification_orders.c.id
    )
    if code is not None:
        query = query.where(public_committees.c.code == code)
        decisions = decisions.where(public_committee_status.c.committee_code == code)
        orders = orders.where(public_committee_rectification_orders.c.committee_code == code)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        history = _by_committee(connection.execute(decisions))
        ordered_to_rectify = _by_committee(connection.execute(orders))
        names = _specialty_names(connection)
    return [
        committee_answer(
            row, history.get(row.code, []), names, today, ordered_to_rectify.get(row.code, [])
        )
        for row in rows
    ]


def _by_committee(rows: Iterable[Row[Any]]) -> dict[str, list[Row[Any]]]:
    found: dict[str, list[Row[Any]]] = {}
    for row in rows:
        found.setdefault(row.committee_code, []).append(row)
    return found


def read_specialties(engine: Engine, today: dt.date, code: str | None = None) -> list[dict]:
    """Every specialty (or the one with ``code``) with every name it held."""
    query = select(public_specialties).order_by(public_specialties.c.code)
    names = select(public_specialty_names).order_by(
        public_specialty_names.c.valid_from, public_specialty_names.c.id
    )
    if code is not None:
        query = query.where(public_specialties.c.code == code)
        names = names.where(public_specialty_names.c.specialty_code == code)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        history: dict[str, list[Row[Any]]] = {}
        for name in connection.execute(names):
            history.setdefault(name.specialty_code, []).append(name)
    return [specialty_answer(row, history.get(row.code, []), today) for row in rows]


def _specialty_names(connection: Connection) -> dict[str, tuple[str, str]]:
    rows = connection.execute(select(public_specialties))
    return {row.code: (row.name_zh, row.name_en) for row in rows}


def committee_answer(
    row: Row[Any],
    decisions: list[Row[Any]],
    names: dict[str, tuple[str, str]],
    today: dt.date,
    orders: list[Row[Any]],
) -> dict:
    status, decision = status_on(decisions, today)
    standing = status
    if status == ACTIVE and today < row.valid_from:
        standing = "not_yet_in_force"
    elif status == ACTIVE and row.valid_to is not None and today > row.valid_to:
        standing = "expired"
    standing_zh, standing_en = STANDING_NAMES[standing]
    return {
        "code": row.code,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "organisation": row.organisation,
        "filing_number": row.filing_number,
        "levels": [_level(code) for code in row.levels],
        "specialties": [
            {
                "code": code,
                "name_zh": names.get(code, (code,) * 2)[0],
                "name_en": names.get(code, (code,) * 2)[1],
            }
            for code in row.specialties
        ],
        "valid_from": row.valid_from.isoformat(),
        "valid_to": _iso(row.valid_to),
        "status": standing,
        "status_zh": standing_zh,
        "status_en": standing_en,
        "may_issue": standing == ACTIVE,
        "status_since": _iso(decision.effective_date) if decision else None,
        "status_decision_number": decision.decision_number if decision else None,
        "decisions": [_decision(d, today) for d in decisions],
        **_rectification(orders, today),
    }


def _rectification(orders: list[Row[Any]], today: dt.date) -> dict:
    answers = [_order(order, today) for order in orders]
    pending = [answer for answer in answers if answer["outcome"] is None]
    return {
        "open_rectification_order": pending[0] if pending else None,
        "rectification_orders": answers,
    }


def _order(row: Row[Any], today: dt.date) -> dict:
    """An order to rectify (责令限期整改, 三(四)4) and how it stands on ``today``."""
    standing = rectification.standing(row, today)
    standing_zh, standing_en = rectification.STANDING_NAMES[standing]
    return {
        "decision_number": row.decision_number,
        "decision_date": row.decision_date.isoformat(),
        "deadline": row.deadline.isoformat(),
        "grounds": [
            {"code": code, "name_zh": zh, "name_en": en}
            for code in row.grounds
            for zh, en in [rectification.GROUNDS.get(code, (code, code))]
        ],
        "standing": standing,
        "standing_zh": standing_zh,
        "standing_en": standing_en,
        "overdue": standing == rectification.OVERDUE,
        "outcome": row.outcome,
        "closed_on": _iso(row.closed_on),
        "closing_decision_number": row.closing_decision_number,
    }


def _level(code: str) -> dict:
    level = BY_CODE.get(code)
    return {
        "code": code,
        "name_zh": level.title_zh if level else code,
        "name_en": level.title_en if level else code,
    }


def _decision(row: Row[Any], today: dt.date) -> dict:
    _status, _allowed, action_zh, action_en = ACTIONS.get(
        row.action, (None, (), row.action, row.action)
    )
    return {
        "action": row.action,
        "action_zh": action_zh,
        "action_en": action_en,
        "status": row.status,
        "effective_date": row.effective_date.isoformat(),
        "decision_number": row.decision_number,
        "in_effect": row.effective_date <= today,
    }


def specialty_answer(row: Row[Any], names: list[Row[Any]], today: dt.date) -> dict:
    return {
        "code": row.code,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "field": row.field,
        "valid_from": row.valid_from.isoformat(),
        "valid_to": _iso(row.valid_to),
        "open": _in_period(row, today),
        "names": [
            {
                "name_zh": name.name_zh,
                "name_en": name.name_en,
                "valid_from": name.valid_from.isoformat(),
                "valid_to": _iso(name.valid_to),
            }
            for name in names
        ],
    }
