"""The checks every row of a results batch must pass, at submission and again at issuance
(the catalogue, the committee or the person's titles may have changed during the notice)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.decisions import level_date_errors
from certs.errors import FieldError, InvalidInputError
from certs.evaluation import REVIEW
from certs.idcard import mask_id_number
from certs.routes import route_errors
from registry.batches.eligibility import (
    DEFAULT_POLICY,
    EligibilityPolicy,
    RowEligibility,
    proven_titles,
    sealed_facts,
    summary,
)
from registry.batches.models import BatchRow, ResultBatch
from registry.certificates.models import HELD_STATUSES, Certificate, Holder
from registry.certificates.pipeline import (
    TOO_LONG_FOR_QR,
    Grant,
    HolderIdentity,
    SpecialtyNames,
    fits_qr,
)
from registry.committees.authority import (
    DECIDED,
    MET,
    Occasion,
    authority_errors,
    committee_dated_errors,
    dated_errors,
    scope_dated_errors,
)
from registry.committees.models import Committee, Specialty
from registry.keys.issuer import Issuer
from registry.protect import IdNumberProtector
from registry.revocation.integrity import barred_error
from registry.revocation.models import IntegrityRecord

CHUNK = 500
# The trial signing of a QR code needs no one's ID number.
NOBODY = HolderIdentity("", b"", "")


class RowChecker:
    def __init__(
        self,
        session: Session,
        committee: Committee,
        issuer: Issuer,
        today: dt.date,
        policy: EligibilityPolicy = DEFAULT_POLICY,
    ):
        self.session, self.committee, self.issuer = session, committee, issuer
        self.today, self.policy = today, policy
        # Each stored row's verdict in brief, for the submission's audit record.
        self.verdicts: list[dict[str, Any]] = []
        self._specialties: dict[str, Specialty | None] = {}
        self._specialty_names: dict[str, SpecialtyNames] = {}
        # Thousands of rows share a few (specialty, level, meeting date) combinations.
        self._dated_cache: dict[tuple[str, str, dt.date, str], list[FieldError]] = {}
        _committee_can_work(session, committee, today)

    def check(
        self,
        loaded: list[tuple[int, dict[str, Any]]],
        protector: IdNumberProtector,
        progress: Callable[[int], object] | None = None,
    ) -> tuple[list[dict[str, Any]], list[FieldError]]:
        """Rows ready to store, and every error found, for rows that passed the schema."""
        with paused_collector():
            return self._check(loaded, protector, progress)

    def _check(
        self,
        loaded: list[tuple[int, dict[str, Any]]],
        protector: IdNumberProtector,
        progress: Callable[[int], object] | None,
    ) -> tuple[list[dict[str, Any]], list[FieldError]]:
        rows: list[dict[str, Any]] = []
        errors: list[FieldError] = []
        hashes = {n: protector.lookup_hash(d["holder_id_number"]) for n, d in loaded}
        people = _People(
            self._held(hashes.values()),
            self._listed_elsewhere(hashes.values()),
            self._barred(hashes.values()),
        )
        engine = self._engine(hashes.values())
        for number, data in loaded:
            digest = hashes[number]
            routes = _in_row(
                number, route_errors(data["level"], data["route"], data["route_ground"])
            )
            found = [
                *self._row_errors(data["specialty_code"], data["level"], number),
                *self._meeting_errors(number, data),
                *routes,
                *people.errors(number, digest, data["level"]),
            ]
            verdict: dict[str, Any] | None = None
            # The engine would only say again why a route is closed; a row without facts is
            # told so whatever else is wrong with it.
            if not routes or data.get("facts") is None:
                eligibility, verdict = self._eligibility(engine, number, data, digest)
                found.extend(eligibility)
            if not found and not self._fits_qr(data):
                found.append(dataclasses.replace(TOO_LONG_FOR_QR, row=number))
            errors.extend(found)
            if not found:
                rows.append(self._stored(number, data, digest, protector, verdict))
                if progress is not None and len(rows) % CHUNK == 0:
                    progress(CHUNK)
        return rows, errors

    def _engine(self, hashes: Iterable[str]) -> RowEligibility:
        """The engine with the titles this registry proves, looked up once for the batch."""
        return RowEligibility(self.policy, proven_titles(self.session, hashes, CHUNK), self.today)

    def _eligibility(
        self, engine: RowEligibility, number: int, data: dict[str, Any], digest: str
    ) -> tuple[list[FieldError], dict[str, Any] | None]:
        """Why the standard conditions refuse the row, and its verdict in brief."""
        errors, verdict = engine.errors(number, data, digest)
        if verdict is None:
            return errors, None
        brief = {**summary(verdict), "judged": data["judged"]}
        if not errors:
            self.verdicts.append({"row": number, **brief})
        return errors, brief

    def _meeting_errors(self, number: int, data: dict[str, Any]) -> list[FieldError]:
        if data["meeting_date"] > self.today:
            return [
                _error(
                    number,
                    "meeting_date",
                    "in_future",
                    "The meeting date is in the future.",
                    "评审会议日期晚于今天。",
                )
            ]
        return self._dated(data["specialty_code"], data["level"], data["meeting_date"], MET, number)

    def recheck(self, rows: list[BatchRow]) -> list[FieldError]:
        """The rows again at issuance; a row recorded before the route rules keeps its old
        route (技工院校毕业生) and needs no ground, but a route the policy closes to its
        level is refused."""
        errors = []
        held = self._held(row.holder_id_hash for row in rows)
        barred = self._barred(row.holder_id_hash for row in rows)
        for row in rows:
            if row.holder_id_hash in barred:
                errors.append(
                    dataclasses.replace(
                        barred_error(barred[row.holder_id_hash]), row=row.row_number
                    )
                )
            errors.extend(self._row_errors(row.specialty.code, row.level, row.row_number))
            errors.extend(
                self._dated(row.specialty.code, row.level, row.meeting_date, MET, row.row_number)
            )
            errors.extend(
                _in_row(
                    row.row_number,
                    route_errors(row.level, row.route, row.route_ground, new=False),
                )
            )
            if (row.holder_id_hash, row.level) in held:
                errors.append(
                    _error(
                        row.row_number,
                        "holder_id_number",
                        "already_held",
                        "This person has since been given a title at this level.",
                        "此人在公示期间已取得该层级的职称证书。",
                    )
                )
        return errors

    def decision_errors(self, rows: list[BatchRow], decided: dt.date) -> list[FieldError]:
        """What the decision date must meet beyond its order with the notice and the
        meetings: the committee active and within its period that day (once for the batch),
        and for each row the title in force and the level and specialty held that day."""
        errors = committee_dated_errors(self.session, self.committee, decided, DECIDED)
        for row in rows:
            number = row.row_number
            errors.extend(_in_row(number, level_date_errors(row.level, decided)))
            errors.extend(
                _in_row(
                    number,
                    scope_dated_errors(
                        self.session, self.committee, row.specialty, row.level, decided, DECIDED
                    ),
                )
            )
        return errors

    def _dated(
        self, code: str, level: str, on: dt.date, occasion: Occasion, number: int
    ) -> list[FieldError]:
        """The committee's authority on a past day, for one row (a specialty unknown to the
        catalogue is reported once, by the row's own checks)."""
        specialty = self._specialty(code)
        if specialty is None:
            return []
        key = (code, level, on, occasion.field)
        if key not in self._dated_cache:
            self._dated_cache[key] = dated_errors(
                self.session, self.committee, specialty, level, on, occasion
            )
        return _in_row(number, self._dated_cache[key])

    def _row_errors(self, code: str, level: str, number: int) -> Iterable[FieldError]:
        specialty = self._specialty(code)
        for error in authority_errors(self.session, self.committee, specialty, level, self.today):
            if error.field != "committee_code":  # the committee's own state: once, for the batch
                yield FieldError(error.field, error.code, error.message, error.message_zh, number)

    def _specialty(self, code: str) -> Specialty | None:
        if code not in self._specialties:
            self._specialties[code] = self.session.scalar(
                select(Specialty).where(Specialty.code == code)
            )
        return self._specialties[code]

    def _names(self, code: str) -> SpecialtyNames:
        if code not in self._specialty_names:
            self._specialty_names[code] = SpecialtyNames.of(self._known_specialty(code))
        return self._specialty_names[code]

    def _known_specialty(self, code: str) -> Specialty:
        """A specialty the row's checks already found in the catalogue."""
        specialty = self._specialty(code)
        if specialty is None:
            raise ValueError(f"specialty {code} is not in the catalogue; check the row first")
        return specialty

    def _fits_qr(self, data: dict) -> bool:
        trial = Grant(
            holder=NOBODY,
            holder_name=data["holder_name"],
            level=data["level"],
            specialty=self._names(data["specialty_code"]),
            committee=self.committee,
            decision_number="",
            decision_date=self.today,
            evaluation_track=data["evaluation_track"],
            evaluation_method=REVIEW,
            route=data["route"],
            route_basis=data.get("route_basis"),
        )
        return fits_qr(trial, self.issuer)

    def _stored(
        self,
        number: int,
        data: dict[str, Any],
        digest: str,
        protector: IdNumberProtector,
        verdict: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "facts_encrypted": None
            if data.get("facts") is None
            else sealed_facts(data, protector.encrypt_facts),
            "eligibility": None if verdict is None else json.dumps(verdict, ensure_ascii=False),
            "row_number": number,
            "holder_name": data["holder_name"],
            "holder_id_hash": digest,
            "holder_id_encrypted": protector.encrypt(data["holder_id_number"]),
            "holder_id_masked": mask_id_number(data["holder_id_number"]),
            "work_unit": data["work_unit"],
            "level": data["level"],
            "specialty_id": self._known_specialty(data["specialty_code"]).id,
            "evaluation_track": data["evaluation_track"],
            "route": data["route"],
            "route_basis": data.get("route_basis"),
            "route_ground": data.get("route_ground"),
            "technical_school_class": data.get("technical_school_class"),
            "meeting_date": data["meeting_date"],
            "status": "listed",
            "serial": None,
        }

    def _held(self, hashes: Iterable[str]) -> set[tuple[str, str]]:
        statement = (
            select(Holder.id_number_hash, Certificate.level)
            .join(Certificate, Certificate.holder_id == Holder.id)
            .where(Certificate.status.in_(HELD_STATUSES))
        )
        return set(_chunked(self.session, statement, Holder.id_number_hash, hashes))

    def _barred(self, hashes: Iterable[str]) -> dict[str, IntegrityRecord]:
        """People barred today by an integrity record (fraud: 一票否决), by ID-number hash."""
        statement = select(IntegrityRecord.id_number_hash, IntegrityRecord).where(
            IntegrityRecord.withdrawn_at.is_(None),
            IntegrityRecord.barred_from <= self.today,
            IntegrityRecord.barred_until > self.today,
        )
        return dict(_chunked(self.session, statement, IntegrityRecord.id_number_hash, hashes))

    def _listed_elsewhere(self, hashes: Iterable[str]) -> dict[tuple[str, str], str]:
        statement = (
            select(BatchRow.holder_id_hash, BatchRow.level, ResultBatch.public_id)
            .join(ResultBatch, ResultBatch.id == BatchRow.batch_id)
            .where(ResultBatch.status == "notice", BatchRow.status == "listed")
        )
        return {
            (h, level): batch
            for h, level, batch in _chunked(
                self.session, statement, BatchRow.holder_id_hash, hashes
            )
        }


@dataclass
class _People:
    """What the registry already knows of the people in a batch, by ID-number hash."""

    held: set[tuple[str, str]]  # (hash, level) of titles held
    listed: dict[tuple[str, str], str]  # (hash, level) -> the batch on notice
    barred: dict[str, IntegrityRecord]
    first_at: dict[tuple[str, str], int] = field(default_factory=dict)  # rows seen so far

    def errors(self, number: int, digest: str, level: str) -> list[FieldError]:
        found = []
        if (digest, level) in self.first_at:
            first = self.first_at[digest, level]
            found.append(
                _error(
                    number,
                    "holder_id_number",
                    "duplicate_in_batch",
                    f"Same person as row {first}, at the same level.",
                    f"同一人已在第 {first} 行以相同层级列出。",
                )
            )
        self.first_at.setdefault((digest, level), number)
        if (digest, level) in self.held:
            found.append(
                _error(
                    number,
                    "holder_id_number",
                    "already_held",
                    "This person already holds a valid title at this level.",
                    "此人已持有该层级的有效职称证书。",
                )
            )
        if digest in self.barred:
            found.append(dataclasses.replace(barred_error(self.barred[digest]), row=number))
        if (digest, level) in self.listed:
            batch = self.listed[digest, level]
            found.append(
                _error(
                    number,
                    "holder_id_number",
                    "already_on_notice",
                    f"Already on notice at this level in batch {batch}.",
                    f"此人已在批次 {batch} 中以该层级公示。",
                )
            )
        return found


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """The cyclic garbage collector paused while a batch is checked. Each row's checks make
    and drop thousands of small objects (the engine's verdict above all) while the rows
    ready to store pile up; every few rows the collector would walk the whole pile again,
    which cost a 10,000-row batch more than the checks themselves. What the checks drop is
    freed by reference counting; the collector runs again as soon as they end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _chunked(session: Session, statement, column, values: Iterable[str]):
    wanted = list(set(values))
    for start in range(0, len(wanted), CHUNK):
        yield from session.execute(statement.where(column.in_(wanted[start : start + CHUNK])))


def _committee_can_work(session: Session, committee: Committee, today: dt.date) -> None:
    """The committee's status and authority period on ``today``, for the whole batch."""
    errors = [
        error
        for error in authority_errors(session, committee, None, "", today)
        if error.field == "committee_code"
    ]
    if errors:
        raise InvalidInputError(
            f"Committee {committee.code} cannot review or issue on {today}: {errors[0].message}",
            f"评审委员会 {committee.code} 在 {today} 不能开展评审或发证：{errors[0].message_zh}",
            errors=errors,
        )


def _in_row(row: int, errors: Iterable[FieldError]) -> list[FieldError]:
    return [dataclasses.replace(error, row=row) for error in errors]


def _error(row: int, field: str, code: str, message: str, message_zh: str) -> FieldError:
    return FieldError(field, code, message, message_zh, row=row)
