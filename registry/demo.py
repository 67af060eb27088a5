"""Demo data for ``make run``: a committee, specialties and a handful of certificates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.workdays import CalendarError
from registry.audit.services import Actor, Change, record
from registry.batches.examples import eligible_facts
from registry.batches.rows import json_rows
from registry.batches.services import Caller, issue_batch, submit_batch
from registry.calendar.loading import load_file as load_calendar
from registry.certificates.models import Certificate
from registry.clients.models import ApiClient
from registry.clients.services import create_client
from registry.committees.models import Committee
from registry.committees.services import create_committee, create_specialty
from registry.equivalence.starter import load_file as load_starter_list
from registry.holders.access import grant_access_code
from registry.keys.services import generate_key
from registry.revocation.services import StatusDecision, StatusPolicy, change_status
from registry.web import State

COMMITTEE = "BJ-DEMO-01"


SPECIALTIES = (
    ("DZXX-01", "电子信息技术", "Electronic information technology", "电子信息"),
    ("XNY-01", "新能源", "New energy", "新能源"),
    ("JZGC-01", "建筑工程", "Building engineering", "建筑"),
)


# Numbers with valid GB 11643 check digits; nobody's real number.
PEOPLE = (
    ("张三", "11010519491231002X", "engineer", "DZXX-01", "application_practice"),
    ("欧阳小明", "110101199003077096", "senior_engineer", "XNY-01", "research_design"),
    ("李四", "11010819850618001X", "assistant_engineer", "JZGC-01", "application_practice"),
    ("王五", "110105197701010039", "professorate_senior_engineer", "DZXX-01", "transfer_service"),
    ("赵六", "110102199512120028", "technician", "JZGC-01", "application_practice"),
)


REVOKED = "赵六"


# Results on public notice (公示), so that verify's /notices has something to show.
ON_NOTICE = (
    ("陈七", "110108198807070017", "engineer", "DZXX-01", "北京示范电子技术有限公司"),
    ("周八", "110105199202020020", "senior_engineer", "XNY-01", "北京示范新能源研究院"),
    ("司马九", "110101198511110038", "engineer", "JZGC-01", "北京示范建筑工程集团"),
)


def load_demo_data(session: Session, state: State, now: dt.datetime) -> list[Certificate]:
    load_starter_list(session, Actor.operator(), now)  # provisional: for the bureau to review
    load_calendar(session, Actor.operator(), now, state.settings.holidays_file)
    if session.scalar(select(Committee).where(Committee.code == COMMITTEE)) is None:
        _create(session, state, now)
    committee = session.scalars(select(Committee).where(Committee.code == COMMITTEE)).one()
    return list(
        session.scalars(
            select(Certificate)
            .where(Certificate.committee_id == committee.id)
            .order_by(Certificate.id)
        )
    )


def _create(session: Session, state: State, now: dt.datetime) -> None:
    actor = Actor.operator()
    generate_key(session, actor, state.keys, now)
    _create_catalogue(session, actor, now)
    client, _token = create_client(session, actor, "demo committee", "committee", COMMITTEE, now)
    _issue_demo_certificates(session, state, client, now)
    _submit_demo_batch(session, state, client, now)


def _create_catalogue(session: Session, actor: Actor, now: dt.datetime) -> None:
    for code, name_zh, name_en, field in SPECIALTIES:
        create_specialty(
            session,
            actor,
            {
                "code": code,
                "name_zh": name_zh,
                "name_en": name_en,
                "field": field,
                "valid_from": dt.date(2021, 1, 1),
                "valid_to": None,
            },
            now,
        )
    create_committee(
        session,
        actor,
        {
            "code": COMMITTEE,
            "name_zh": "北京市工程技术系列示范评审委员会",
            "name_en": "Beijing Engineering Series Demonstration Review Committee",
            "organisation": "北京市职称评审示范服务中心",
            "filing_number": "京人社职备〔2026〕1号",
            "levels": [
                "technician",
                "assistant_engineer",
                "engineer",
                "senior_engineer",
                "professorate_senior_engineer",
            ],
            "specialties": [code for code, *_ in SPECIALTIES],
            "valid_from": dt.date(2026, 1, 1),
            "valid_to": None,
        },
        now,
    )


# The demo titles were reviewed this long before `make run` first ran: their batch went on
# notice then (a past ``now``, as every part of the registry takes it) and is issued today.
REVIEWED_AGO = dt.timedelta(days=21)


def _issue_demo_certificates(
    session: Session, state: State, client: ApiClient, now: dt.datetime
) -> None:
    """The titles the demo holders hold, made as every title from review is: a results batch
    put on public notice (in the past), issued once the notice is over."""
    actor = Actor.operator()
    issuer = state.issuer(session)
    caller = Caller(Actor.of_client(client), client)
    on_notice = now - REVIEWED_AGO
    rows = [
        {
            "holder_name": name,
            "holder_id_number": id_number,
            "work_unit": "北京示范工程技术有限公司",
            "level": level,
            "specialty_code": specialty,
            "evaluation_track": track,
            "meeting_date": (beijing_date(on_notice) - dt.timedelta(days=7)).isoformat(),
            **_eligible(level, track),
        }
        for name, id_number, level, specialty, track in PEOPLE
    ]
    batch = submit_batch(
        session,
        caller,
        COMMITTEE,
        json_rows(rows),
        issuer,
        state.protector,
        state.notice_rules(session),
        on_notice,
    )
    decision = {
        "decision_number": f"京人社职评〔{beijing_date(now).year}〕8号",
        "decision_date": beijing_date(now),
    }
    _batch, issued = issue_batch(
        session, caller, batch.public_id, decision, issuer, state.protector, now
    )
    revoked = next(item for item in issued if item.holder_name == REVOKED)
    # Shows what a revoked certificate looks like.
    change_status(
        session,
        actor,
        revoked.serial,
        StatusDecision("revoke", "京人社职撤〔2026〕1号", beijing_date(now), "issued_in_error"),
        StatusPolicy(issuer, state.settings.fraud_bar_years),
        now,
    )


def _eligible(level: str, track: str) -> dict:
    """The demo people's facts: a career that meets the level's conditions, judged."""
    made = eligible_facts(level, category=track)
    del made["ground_details"]
    return made


def _submit_demo_batch(session: Session, state: State, client: ApiClient, now: dt.datetime) -> None:
    rows = [
        {
            "holder_name": name,
            "holder_id_number": id_number,
            "work_unit": work_unit,
            "level": level,
            "specialty_code": specialty,
            "evaluation_track": "application_practice",
            "meeting_date": (now - dt.timedelta(days=7)).date().isoformat(),
            **_eligible(level, "application_practice"),
        }
        for name, id_number, level, specialty, work_unit in ON_NOTICE
    ]
    try:
        with session.begin_nested():
            submit_batch(
                session,
                Caller(Actor.of_client(client), client),
                COMMITTEE,
                json_rows(rows),
                state.issuer(session),
                state.protector,
                state.notice_rules(session),
                now,
            )
    except CalendarError:  # the calendar does not reach this far: no demo notice
        pass


def demo_holder_access(session: Session, state: State, now: dt.datetime) -> tuple[str, str, str]:
    """A fresh access code for the first demo holder, so that `make run` can show the
    holder's side (sign in, download the PDF, share a link)."""
    name, id_number, *_ = PEOPLE[0]
    certificate = session.scalars(
        select(Certificate).where(Certificate.holder_name == name).order_by(Certificate.id)
    ).first()
    if certificate is None:
        raise LookupError(f"no demo certificate for {name}: run demo-data first")
    code = grant_access_code(session, certificate, state.protector, now)
    change = Change("certificate.access_code_reset", "certificate", certificate.serial)
    record(session, Actor.operator(), change, now)
    return certificate.serial, id_number, code
