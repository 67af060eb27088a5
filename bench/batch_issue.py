"""Issuing a 10,000-person results batch, against a baseline of the unavoidable work.

Baseline: sign the same credentials (the full credential and the QR token for each person,
as issuance does, and each public record), make each holder's access code, and insert the
same rows (holders, certificates, access codes, the public projection) with plain
SQLAlchemy Core, no service logic. Service: `issue_batch`, which also re-checks
every row against the committee, the catalogue and titles already held, finds or adds the
holders, updates the batch rows and public notice, and appends one audit record per
certificate, all in one transaction. Each is run on a fresh database, alternately, and the
best of the rounds is kept. Submission (checking and storing the rows for public notice) is
timed too, for information.

Run: `.venv/bin/python bench/batch_issue.py [--people N] [--rounds R] [--database-url URL]`
(SQLite always; PostgreSQL too when a URL is given).
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from stdnum.cn import ric

from certs.credential.model import CertificateFacts, full_credential, qr_credential
from certs.credential.sign import sign_credential
from certs.idcard import mask_id_number
from certs.serials import generate_serial
from registry import create_app
from registry.audit.services import Actor
from registry.batches.examples import eligible_facts
from registry.batches.rows import json_rows
from registry.batches.services import Caller, issue_batch, submit_batch
from registry.calendar.loading import load_file as load_calendar
from registry.certificates.models import Certificate, Holder
from registry.committees.services import (
    create_committee,
    create_specialty,
)
from registry.config import Settings
from registry.holders.access import new_access_code
from registry.holders.models import HolderAccess
from registry.keys.services import generate_key
from registry.migrate import upgrade
from registry.projection.certificates import public_values, signed_row
from registry.projection.models import PublicCertificate

SUBMITTED = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
ISSUED = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
DECISION = {"decision_number": "京人社职评〔2026〕99号", "decision_date": dt.date(2026, 11, 20)}
OPERATOR = Actor("operator:bench")


def people(count: int, facts: bool = True) -> list[dict]:
    """``count`` different people, each eligible for 工程师 (without ``facts``: rows as a
    batch carried them before facts were asked, for a baseline)."""
    rows = []
    made = eligible_facts("engineer")
    del made["ground_details"]
    for index in range(count):
        body = (
            f"110105{19600101 + (index // 900) * 10000 + index % 28:08d}"[:14]
            + f"{index % 900:03d}"
        )
        rows.append(
            {
                "holder_name": "王" + chr(0x4E00 + index % 20000) + chr(0x4E00 + index // 20000),
                "holder_id_number": body + ric.calc_check_digit(body + "0"),
                "work_unit": f"北京市第{index % 50 + 1}工程设计院",
                "level": "engineer",
                "specialty_code": "DZXX-01",
                "evaluation_track": "application_practice",
                "meeting_date": "2026-10-30",
                **(_career(made, index) if facts else {}),
            }
        )
    return rows


def _career(made: dict, index: int) -> dict:
    """``made`` with every date moved back by up to three years, one person from the next,
    and certificate numbers of their own: no two people's facts alike."""
    back = dt.timedelta(days=index % 1000)

    def moved(value):
        if isinstance(value, dict):
            return {key: moved(item) for key, item in value.items()}
        if isinstance(value, list):
            return [moved(item) for item in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            return (dt.date.fromisoformat(value) - back).isoformat()
        if isinstance(value, str) and value.startswith("示例-"):
            return f"{value}-{index}"
        return value

    return moved(made)


class Scratch:
    """A fresh, migrated database with a key, a specialty, a committee and the calendar."""

    def __init__(self, base_url: str | None, workdir: Path):
        self.base_url, self.schema = base_url, None
        name = secrets.token_hex(4)
        if base_url is None:
            self.url = f"sqlite:///{workdir / f'{name}.db'}"
        else:
            self.schema = f"bench_{name}"
            with sa.create_engine(base_url).begin() as connection:
                connection.exec_driver_sql(f"CREATE SCHEMA {self.schema}")
            self.url = f"{base_url}?options=-csearch_path%3D{self.schema}"
        upgrade(self.url)
        var = workdir / name
        self.app = create_app(
            Settings.from_env(
                {
                    "REGISTRY_VAR_DIR": str(var),
                    "REGISTRY_DATABASE_URL": self.url,
                    "REGISTRY_DEV_SECRETS": "1",  # a scratch registry makes its own secrets
                }
            )
        )
        self.state = self.app.extensions["registry"]
        with self.state.sessions() as session, session.begin():
            generate_key(session, OPERATOR, self.state.keys, SUBMITTED)
            create_specialty(session, OPERATOR, _specialty(), SUBMITTED)
            create_committee(session, OPERATOR, _committee(), SUBMITTED)
            load_calendar(session, OPERATOR, SUBMITTED, self.state.settings.holidays_file)

    def close(self) -> None:
        self.state.engine.dispose()
        if self.schema:
            with sa.create_engine(self.base_url).begin() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA {self.schema} CASCADE")


def _specialty() -> dict:
    return {
        "code": "DZXX-01",
        "name_zh": "电子信息技术",
        "name_en": "Electronic information technology",
        "field": "电子信息",
        "valid_from": dt.date(2021, 1, 1),
        "valid_to": None,
    }


def _committee() -> dict:
    return {
        "code": "BJ-BENCH-01",
        "name_zh": "北京市工程技术系列评审委员会（基准测试）",
        "name_en": "Beijing Engineering Review Committee (benchmark)",
        "organisation": "北京市职称评审服务中心",
        "filing_number": "京人社职备〔2026〕99号",
        "levels": ["engineer"],
        "specialties": ["DZXX-01"],
        "valid_from": dt.date(2026, 1, 1),
        "valid_to": None,
    }


def run_service(scratch: Scratch, rows: list[dict]) -> tuple[float, float]:
    state, caller = scratch.state, Caller(OPERATOR, None)
    started = time.perf_counter()
    with state.sessions() as session, session.begin():
        batch = submit_batch(
            session,
            caller,
            "BJ-BENCH-01",
            json_rows(rows),
            state.issuer(session),
            state.protector,
            state.notice_rules(session),
            SUBMITTED,
        )
    submitted = time.perf_counter() - started
    started = time.perf_counter()
    with state.sessions() as session, session.begin():
        _, signed = issue_batch(
            session,
            caller,
            batch.public_id,
            DECISION,
            state.issuer(session),
            state.protector,
            ISSUED,
        )
    issued = time.perf_counter() - started
    assert len(signed) == len(rows)
    return submitted, issued


def run_baseline(scratch: Scratch, rows: list[dict]) -> float:
    """Sign the same credentials and insert the same rows with Core, nothing else."""
    state = scratch.state
    with state.sessions() as session:
        issuer = state.issuer(session)
        from registry.committees.services import committee_by_code, specialty_by_code

        committee = committee_by_code(session, "BJ-BENCH-01")
        specialty = specialty_by_code(session, "DZXX-01")
    protector = state.protector
    holders = [
        {
            "id_number_hash": protector.lookup_hash(row["holder_id_number"]),
            "id_number_encrypted": protector.encrypt(row["holder_id_number"]),
            "id_number_masked": mask_id_number(row["holder_id_number"]),
            "created_at": ISSUED,
        }
        for row in rows
    ]
    started = time.perf_counter()
    certificates, public, codes = [], [], []
    for index, row in enumerate(rows):
        facts = CertificateFacts(
            serial=generate_serial(),
            holder_name=row["holder_name"],
            level=row["level"],
            specialty_code=specialty.code,
            specialty_name=specialty.name_zh,
            committee_code=committee.code,
            committee_name=committee.name_zh,
            decision_number=DECISION["decision_number"],
            decision_date=DECISION["decision_date"],
            evaluation_track=row["evaluation_track"],
            issued_at=ISSUED,
            status_index=index,
            status_base_url=issuer.verify_base_url,
        )
        qr_token = sign_credential(qr_credential(facts, issuer.issuer_id), issuer.signer)
        credential = sign_credential(
            full_credential(facts, issuer.issuer_id, issuer.issuer_name), issuer.signer
        )
        codes.append(new_access_code(protector)[1])
        certificates.append(
            {
                "serial": facts.serial,
                "holder_id": index + 1,
                "holder_name": facts.holder_name,
                "level": facts.level,
                "specialty_id": specialty.id,
                "committee_id": committee.id,
                "decision_number": facts.decision_number,
                "decision_date": facts.decision_date,
                "evaluation_track": facts.evaluation_track,
                "evaluation_method": facts.evaluation_method,
                "route": "regular",
                "route_basis": None,
                "status": "valid",
                "issued_at": ISSUED,
                "issued_by": None,
                "kid": issuer.signer.kid,
                "credential": credential,
                "qr_token": qr_token,
                "status_index": index,
                "signed_at": ISSUED,
            }
        )
        public.append(
            signed_row(
                public_values(
                    serial=facts.serial,
                    holder_name=facts.holder_name,
                    level=facts.level,
                    specialty={
                        "code": specialty.code,
                        "name_zh": specialty.name_zh,
                        "name_en": specialty.name_en,
                    },
                    committee=committee,
                    decision_number=facts.decision_number,
                    decision_date=facts.decision_date,
                    evaluation_track=facts.evaluation_track,
                    evaluation_method=facts.evaluation_method,
                    route="regular",
                    issued_at=ISSUED,
                    status="valid",
                    kid=issuer.signer.kid,
                    status_index=index,
                    signed_at=ISSUED,
                    now=ISSUED,
                ),
                issuer.signer,
            )
        )
    with state.engine.begin() as connection:
        connection.execute(sa.insert(Holder.__table__), holders)
        ids = connection.execute(
            sa.insert(Certificate.__table__).returning(
                Certificate.id, sort_by_parameter_order=True
            ),
            certificates,
        ).scalars()
        connection.execute(
            sa.insert(HolderAccess.__table__),
            [
                {"certificate_id": i, "code_hash": h, "updated_at": ISSUED}
                for i, h in zip(ids, codes, strict=True)
            ],
        )
        connection.execute(sa.insert(PublicCertificate.__table__), public)
    return time.perf_counter() - started


def measure(label: str, base_url: str | None, rows: list[dict], rounds: int) -> float:
    best_base = best_issue = best_submit = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            scratch = Scratch(base_url, Path(tmp))
            try:
                best_base = min(best_base, run_baseline(scratch, rows))
            finally:
                scratch.close()
            scratch = Scratch(base_url, Path(tmp))
            try:
                submitted, issued = run_service(scratch, rows)
            finally:
                scratch.close()
            best_issue, best_submit = min(best_issue, issued), min(best_submit, submitted)
    ratio = best_issue / best_base
    print(
        f"{label:<10} {len(rows):>6} people  baseline {best_base:6.2f} s  "
        f"issue_batch {best_issue:6.2f} s  ratio {ratio:4.2f}  "
        f"(submission {best_submit:5.2f} s)"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", help="PostgreSQL URL (a scratch schema is used)")
    args = parser.parse_args()
    rows = people(args.people)
    assert len({r["holder_id_number"] for r in rows}) == len(rows), "people must differ"
    print("best of", args.rounds, "rounds each; ratio = issue_batch / baseline (aim: 2.0 or less)")
    measure("sqlite", None, rows, args.rounds)
    if args.database_url:
        measure("postgresql", args.database_url, rows, args.rounds)


if __name__ == "__main__":
    main()
