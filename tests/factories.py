"""Test data made through the real services, as the bureau and committees would."""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric

from certs.eligibility.annex import RULES
from registry.audit.services import Actor
from registry.batches.examples import eligible_facts
from registry.calendar.loading import load_file as load_calendar
from registry.clients.services import create_client
from registry.committees.services import create_committee, create_specialty
from registry.config import DEFAULT_HOLIDAYS

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
BUREAU = Actor("bureau:test")


# Valid GB 11643 numbers made up for tests.
def id_number(index: int, born: str = "19900101") -> str:
    """A valid 18-digit ID-card number, different for each index below 1000."""
    body = f"110105{born}{index:03d}"
    return body + ric.calc_check_digit(body + "0")


ID_NUMBERS = (
    "11010519491231002X",
    "110101199003077096",
    "11010819850618001X",
    "110105197701010039",
    "110102199512120028",
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def specialty_data(code="DZXX-01", **overrides) -> dict:
    return {
        "code": code,
        "name_zh": "电子信息技术",
        "name_en": "Electronic information technology",
        "field": "电子信息",
        "valid_from": dt.date(2021, 1, 1),
        "valid_to": None,
        **overrides,
    }


def committee_data(code="BJ-DZ-01", **overrides) -> dict:
    return {
        "code": code,
        "name_zh": "北京市电子信息专业评审委员会",
        "name_en": "Beijing Electronic Information Review Committee",
        "organisation": "北京市职称评审服务中心",
        "filing_number": "京人社职备〔2026〕3号",
        "levels": ["assistant_engineer", "engineer", "senior_engineer"],
        "specialties": ["DZXX-01"],
        "valid_from": dt.date(2026, 1, 1),
        "valid_to": None,
        **overrides,
    }


def setup_registry(app) -> dict:
    """The working-day calendar (the shipped years), a specialty, two committees, and
    tokens for the bureau and each committee."""
    state = app.extensions["registry"]
    with state.sessions() as session, session.begin():
        load_calendar(session, BUREAU, NOW, DEFAULT_HOLIDAYS)
        create_specialty(session, BUREAU, specialty_data(), NOW)
        create_specialty(
            session,
            BUREAU,
            specialty_data("XNY-01", name_zh="新能源", name_en="New energy", field="新能源"),
            NOW,
        )
        create_committee(session, BUREAU, committee_data(), NOW)
        create_committee(
            session,
            BUREAU,
            committee_data(
                "BJ-XNY-01", name_zh="北京市新能源专业评审委员会", specialties=["XNY-01"]
            ),
            NOW,
        )
        _, bureau = create_client(session, BUREAU, "bureau", "bureau", None, NOW)
        _, committee = create_client(session, BUREAU, "dz", "committee", "BJ-DZ-01", NOW)
        _, other = create_client(session, BUREAU, "xny", "committee", "BJ-XNY-01", NOW)
    return {"bureau": bureau, "committee": committee, "other_committee": other}


def issue_request(**overrides) -> dict:
    return {
        "holder_name": "张三",
        "holder_id_number": ID_NUMBERS[0],
        "level": "engineer",
        "specialty_code": "DZXX-01",
        "committee_code": "BJ-DZ-01",
        "decision_number": "京人社职评〔2026〕8号",
        "decision_date": "2026-06-30",
        "evaluation_track": "application_practice",
        **overrides,
    }


def batch_row(index: int, **overrides) -> dict:
    """One person's result for a batch of BJ-DZ-01 (a different person for each index),
    with facts that make the person eligible for the row's level, route and ground (and
    every condition only experts weigh judged), unless ``facts`` is given."""
    return with_facts(
        {
            "holder_name": "李" + chr(0x4E00 + index % 20000),
            "holder_id_number": id_number(index),
            "work_unit": f"北京电子工程研究所{index % 7 + 1}室",
            "level": "engineer",
            "specialty_code": "DZXX-01",
            "evaluation_track": "application_practice",
            "meeting_date": "2026-11-20",
            **overrides,
        }
    )


def with_facts(row: dict) -> dict:
    """``row`` with eligible facts for what it asks for, where it gives none."""
    if "facts" in row:
        return row
    # A level the registry does not know is refused for itself alone.
    made = eligible_facts(
        row["level"] if row.get("level") in RULES else "engineer",
        row.get("route", "regular"),
        row.get("route_ground"),
        row.get("technical_school_class"),
        row.get("evaluation_track", "application_practice"),
    )
    if row.get("route", "regular") == "regular" or made["ground_details"] is None:
        del made["ground_details"]
    return {**made, **row}


def at(app, moment: dt.datetime) -> None:
    """Set the registry's clock (to reach the end of a notice period)."""
    app.extensions["registry"].clock = lambda: moment


def make_pdf_key(app):
    """The bureau's PDF-signing key and certificate, as `flask --app registry pdf-key generate`."""
    from registry.keys.pdf import generate_pdf_key
    from registry.keys.pdf_setup import pdf_parts

    state = app.extensions["registry"]
    with state.sessions() as session, session.begin():
        key, _ = generate_pdf_key(session, BUREAU, pdf_parts(state), NOW)
    return key
