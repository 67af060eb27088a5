"""Keeping the equivalence list: add, change, retire entries; read it as of any date.

Each change makes one new version of the list and writes the public projection in the
same transaction. A version takes effect on a date no earlier than today and no earlier
than the version before it: the list as anyone read it on a past date never changes
afterwards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from certs.dates import beijing_date
from certs.equivalence import name_key, resolve_level
from certs.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from registry.audit.services import Actor, Change, record
from registry.equivalence.models import EquivalenceEntry, EquivalenceVersion
from registry.projection.equivalence import project_entry, publish_version

# What an entry says; the rest of a row is bookkeeping.
ENTRY_FIELDS = ("name_zh", "name_en", "awarding_body", "grade", "note", "provisional")


@dataclass(frozen=True)
class ListOn:
    """The list as it stood: the version in force (None before the first) and its entries."""

    on: dt.date | None
    version: EquivalenceVersion | None
    entries: list[EquivalenceEntry]


def add_entry(session: Session, actor: Actor, data: dict, now: dt.datetime) -> EquivalenceEntry:
    effective = data.get("effective_from") or beijing_date(now)
    if session.scalar(select(EquivalenceEntry.id).where(EquivalenceEntry.code == data["code"])):
        raise ConflictError(
            f"An entry with code {data['code']} exists or existed; codes are never reused.",
            f"代码为 {data['code']} 的条目已存在或曾经存在，代码不可重复使用。",
        )
    version = _new_version(session, actor, "add", f"add {data['code']}", effective, data, now)
    row = _new_row(session, data["code"], data, version, effective)
    _audit(session, actor, "equivalence.add", row, version, data.get("reason"), now)
    return row


def change_entry(
    session: Session, actor: Actor, code: str, data: dict, now: dt.datetime
) -> EquivalenceEntry:
    old = _open_row(session, code)
    effective = data.get("effective_from") or beijing_date(now)
    merged = {name: data[name] if name in data else getattr(old, name) for name in ENTRY_FIELDS}
    if "grade" in data and "level" not in data:
        # A new grade without a level goes back to the rule; otherwise an exception stays one.
        merged["level"], merged["basis"] = None, data.get("basis")
    else:
        merged["level"] = data.get("level", old.level)
        merged["basis"] = data.get("basis", old.basis)
    mapping = resolve_level(merged["grade"], merged["level"], merged["basis"])
    before = [getattr(old, name) for name in (*ENTRY_FIELDS, "level", "basis")]
    if [merged[name] for name in ENTRY_FIELDS] + [mapping.level, mapping.basis] == before:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "body", "no_change", "The change changes nothing.", "本次修改没有改变任何内容。"
                )
            ]
        )
    version = _new_version(session, actor, "change", f"change {code}", effective, data, now)
    _close(session, old, version, effective)
    row = _new_row(session, code, merged, version, effective, holds_since=old.holds_since)
    _audit(session, actor, "equivalence.change", row, version, data.get("reason"), now)
    return row


def retire_entry(
    session: Session, actor: Actor, code: str, data: dict, now: dt.datetime
) -> EquivalenceEntry:
    old = _open_row(session, code)
    effective = data.get("effective_from") or beijing_date(now)
    version = _new_version(session, actor, "retire", f"retire {code}", effective, data, now)
    _close(session, old, version, effective)
    _audit(session, actor, "equivalence.retire", old, version, data.get("reason"), now)
    return old


def load_entries(
    session: Session,
    actor: Actor,
    entries: list[dict],
    now: dt.datetime,
    effective: dt.date | None = None,
    reason: str | None = None,
) -> list[EquivalenceEntry]:
    """Add every entry whose code is not on the list yet, as one version; [] when none is new."""
    known = set(session.scalars(select(EquivalenceEntry.code).distinct()))
    new = [entry for entry in entries if entry["code"] not in known]
    if not new:
        return []
    effective = effective or beijing_date(now)
    data = {"reason": reason}
    version = _new_version(session, actor, "load", f"load {len(new)} entries", effective, data, now)
    rows = [_new_row(session, entry["code"], entry, version, effective) for entry in new]
    _audit(session, actor, "equivalence.load", None, version, reason, now, len(rows))
    return rows


def _open_row(session: Session, code: str) -> EquivalenceEntry:
    row = session.scalar(
        select(EquivalenceEntry).where(
            EquivalenceEntry.code == code, EquivalenceEntry.version_to.is_(None)
        )
    )
    if row is None:
        raise NotFoundError(
            f"No entry {code} on the current list.", f"现行清单中没有代码为 {code} 的条目。"
        )
    return row


def _new_version(
    session: Session,
    actor: Actor,
    action: str,
    summary: str,
    effective: dt.date,
    data: dict,
    now: dt.datetime,
) -> EquivalenceVersion:
    latest = session.scalar(select(EquivalenceVersion).order_by(EquivalenceVersion.number.desc()))
    floor = max(beijing_date(now), latest.effective_from if latest else beijing_date(now))
    if effective < floor:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "effective_from",
                    "before_latest_version",
                    f"A change takes effect on {floor.isoformat()} or later: the list as it "
                    "stood on an earlier date is never rewritten.",
                    f"变更生效日期不得早于 {floor.isoformat()}：已公布的历史清单不可改写。",
                )
            ]
        )
    version = EquivalenceVersion(
        number=(latest.number if latest else 0) + 1,
        effective_from=effective,
        action=action,
        summary=summary,
        reason=data.get("reason"),
        actor=actor.label,
        created_at=now,
    )
    try:
        with session.begin_nested():  # two changes at the same moment: the second retries
            session.add(version)
    except IntegrityError:
        raise ConflictError(
            "The list changed at the same moment; send the change again.",
            "清单刚被同时修改，请重新提交。",
        ) from None
    publish_version(session, version, now)
    return version


def _new_row(
    session: Session,
    code: str,
    data: dict,
    version: EquivalenceVersion,
    effective: dt.date,
    holds_since: dt.date | None = None,
) -> EquivalenceEntry:
    mapping = resolve_level(data["grade"], data.get("level"), data.get("basis"))
    _refuse_duplicate(session, code, data)
    row = EquivalenceEntry(
        code=code,
        **{name: data.get(name) for name in ENTRY_FIELDS},
        name_key=name_key(data["name_zh"]),
        level=mapping.level,
        source=mapping.source,
        basis=mapping.basis,
        holds_since=holds_since or effective,
        effective_from=effective,
        effective_to=None,
        version_from=version.number,
        version_to=None,
    )
    row.provisional = bool(row.provisional)
    session.add(row)
    session.flush()
    project_entry(session, row)
    return row


def _refuse_duplicate(session: Session, code: str, data: dict) -> None:
    twin = session.scalar(
        select(EquivalenceEntry.code).where(
            EquivalenceEntry.version_to.is_(None),
            EquivalenceEntry.code != code,
            EquivalenceEntry.name_key == name_key(data["name_zh"]),
            EquivalenceEntry.grade == data["grade"],
        )
    )
    if twin is not None:
        raise ConflictError(
            f"Entry {twin} already lists this qualification at this grade.",
            f"条目 {twin} 已列有该资格的同一等级。",
        )


def _close(
    session: Session, row: EquivalenceEntry, version: EquivalenceVersion, effective: dt.date
) -> None:
    row.version_to, row.effective_to = version.number, effective
    session.flush()
    project_entry(session, row)


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    row: EquivalenceEntry | None,
    version: EquivalenceVersion,
    reason: str | None,
    now: dt.datetime,
    count: int | None = None,
) -> None:
    detail: dict = {"version": version.number, "effective_from": version.effective_from.isoformat()}
    if row is not None:
        detail |= {"grade": row.grade, "level": row.level, "source": row.source}
        detail |= {"basis": row.basis, "name_zh": row.name_zh}
    if count is not None:
        detail["entries"] = count
    object_id = row.code if row is not None else str(version.number)
    object_type = "equivalence" if row is not None else "equivalence_version"
    record(session, actor, Change(action, object_type, object_id, reason, detail), now)


def version_on(session: Session, on: dt.date) -> EquivalenceVersion | None:
    return session.scalar(
        select(EquivalenceVersion)
        .where(EquivalenceVersion.effective_from <= on)
        .order_by(EquivalenceVersion.number.desc())
        .limit(1)
    )


def list_on(session: Session, on: dt.date | None = None, number: int | None = None) -> ListOn:
    """The list in force on a date, or at a version number."""
    if number is not None:
        version = session.get(EquivalenceVersion, number)
        if version is None:
            raise NotFoundError(f"No version {number} of the list.", f"清单没有第 {number} 版。")
    else:
        version = version_on(session, on) if on is not None else None
    if version is None:
        return ListOn(on, None, [])
    entries = session.scalars(
        select(EquivalenceEntry)
        .where(
            EquivalenceEntry.version_from <= version.number,
            or_(
                EquivalenceEntry.version_to.is_(None),
                EquivalenceEntry.version_to > version.number,
            ),
        )
        .order_by(EquivalenceEntry.code)
    )
    return ListOn(on, version, list(entries))


def entry_in_force(session: Session, code: str, on: dt.date) -> tuple[EquivalenceEntry, int]:
    """The entry with this code as the list in force on ``on`` has it, and that version."""
    current = list_on(session, on)
    for entry in current.entries:
        if entry.code == code and current.version is not None:  # entries come with a version
            return entry, current.version.number
    raise InvalidInputError(
        errors=[
            FieldError(
                "equivalence_code",
                "not_on_list",
                f"No entry {code} on the equivalence list in force on {on.isoformat()}.",
                f"{on.isoformat()} 现行的对应清单中没有代码为 {code} 的条目。",
            )
        ]
    )


def list_versions(session: Session) -> list[EquivalenceVersion]:
    return list(session.scalars(select(EquivalenceVersion).order_by(EquivalenceVersion.number)))
