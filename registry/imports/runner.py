"""One import of a file, from start (or where an earlier attempt stopped) to end: chunks of
rows, each committed with the run's progress; after each commit, the chunk's access codes
go to the mail-merge file and its refused rows to the report, and the run notes that the
codes are out. A rerun of a finished file adds nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from certs.errors import FieldError
from certs.serials import format_serial
from certs.spreadsheet import csv_line
from registry.audit.services import Actor
from registry.certificates.pipeline import Issued
from registry.imports.models import ImportRow, ImportRun
from registry.imports.reader import file_digest_and_kind, rows
from registry.imports.services import (
    Outcome,
    advance,
    context_for,
    import_chunk,
    new_codes_for_rows,
    start_run,
)
from registry.keys.issuer import Issuer
from registry.protect import IdNumberProtector

REPORT_HEADER = ("row", "outcome", "field", "code", "message", "message_zh")
CODES_HEADER = ("row", "serial", "holder_name", "level", "access_code")


@dataclass
class Summary:
    file_sha256: str
    already_done: bool
    resumed_after: int
    imported: int = 0
    duplicates: int = 0
    refused: int = 0
    codes_written: int = 0


@dataclass(frozen=True)
class Outputs:
    """Where refused rows and access codes go (files the command opened)."""

    report: IO[str] | None
    codes: IO[bytes] | None

    def write(self, outcome: Outcome, codes: list[Issued]) -> int:
        if self.report is not None:
            for kind, error in outcome.report:
                self.report.write(
                    csv_line(
                        (error.row, kind, error.field, error.code, error.message, error.message_zh)
                    )
                )
            self.report.flush()
        if self.codes is None:
            return 0
        for item in codes:
            self.codes.write(
                csv_line(
                    (
                        item.row_number,
                        format_serial(item.serial),
                        item.holder_name,
                        item.level,
                        item.access_code,
                    )
                ).encode()
            )
        self.codes.flush()
        os.fsync(self.codes.fileno())
        return len(codes)


class Sink(Protocol):
    """Where a run's report and access codes go, after each chunk commits: files
    (``Outputs``), or lists for an answer (``Collected``)."""

    def write(self, outcome: Outcome, codes: list[Issued]) -> int: ...


@dataclass
class Collected:
    """The report and the access codes of a run, kept for one answer (the API)."""

    report: list[tuple[str, FieldError]] = field(default_factory=list)
    codes: list[Issued] = field(default_factory=list)

    def write(self, outcome: Outcome, codes: list[Issued]) -> int:
        self.report += outcome.report
        self.codes += codes
        return len(codes)


def run_import(
    sessions: sessionmaker[Session],
    path: Path,
    issuer_of: Callable[[Session], Issuer] | None,
    protector: IdNumberProtector,
    actor: Actor,
    clock: Callable[[], dt.datetime],
    outputs: Sink,
    chunk_size: int = 1000,
    progress: Callable[[int], object] | None = None,
) -> Summary:
    """Import ``path`` (``issuer_of`` None: a dry run, checks only, nothing written)."""
    digest, kind = file_digest_and_kind(path)
    dry = issuer_of is None
    with sessions() as session, session.begin():
        run = session.get(ImportRun, digest)
        if run is not None and run.status == "complete":
            return Summary(digest, True, run.rows_done)
        if dry:
            start = 0
        else:
            run = start_run(session, digest, path.name, clock())
            start = run.rows_done
            summary = Summary(digest, False, start)
            written = run.codes_through
            lost = new_codes_for_rows(session, digest, written, start, protector, clock())
            run.codes_through = start
    if dry:
        summary = Summary(digest, False, 0)
    else:
        unreported = _report_again(sessions, digest, path, kind, protector, actor, clock, written)
        summary.codes_written += outputs.write(unreported, lost)
    for chunk in _chunks(rows(path, kind), start, chunk_size):
        try:
            outcome = _one_chunk(sessions, digest, issuer_of, protector, actor, clock, chunk)
        except _DiscardError:
            continue
        summary.imported += len(outcome.imported)
        summary.duplicates += outcome.duplicates
        summary.refused += outcome.refused
        summary.codes_written += outputs.write(outcome, [] if dry else outcome.imported)
        if not dry:
            _codes_out(sessions, digest, chunk[-1][0])
        if progress is not None:
            progress(len(chunk))
    if not dry:
        with sessions() as session, session.begin():
            run = session.get(ImportRun, digest, with_for_update=True)
            if run is not None:
                run.status, run.finished_at = "complete", clock()
    return summary


class _DiscardError(Exception):
    """A chunk whose transaction must not commit: a dry run, or rows another attempt did."""

    def __init__(self, outcome: Outcome | None = None):
        self.outcome = outcome


def _one_chunk(sessions, digest, issuer_of, protector, actor, clock, chunk) -> Outcome:
    try:
        with sessions() as session, session.begin():
            issuer = issuer_of(session) if issuer_of else None
            context = context_for(session, digest, issuer, protector, actor, clock())
            if issuer is not None:
                run = session.get(ImportRun, digest, with_for_update=True)
                if run is None or run.rows_done >= chunk[-1][0]:  # another attempt did it
                    raise _DiscardError
            outcome = import_chunk(session, context, chunk)
            if issuer is None:
                raise _DiscardError(outcome)
            advance(run, chunk[-1][0], outcome, clock())
    except _DiscardError as discarded:
        if discarded.outcome is None:
            raise
        return discarded.outcome
    return outcome


def _report_again(sessions, digest, path, kind, protector, actor, clock, after) -> Outcome:
    """The refused and duplicate rows after ``after`` that an earlier attempt committed but
    stopped before reporting: checked again as in a dry run, and reported now."""
    with sessions() as session:
        recorded = set(
            session.scalars(
                select(ImportRow.row_number).where(
                    ImportRow.file_sha256 == digest,
                    ImportRow.row_number > after,
                    ImportRow.outcome != "imported",
                )
            )
        )
        if not recorded:
            return Outcome()
        last = max(recorded)
        with contextlib.closing(rows(path, kind)) as found:
            reached = itertools.takewhile(lambda item: item[0] <= last, found)
            chunk = [item for item in reached if item[0] in recorded]
        context = context_for(session, digest, None, protector, actor, clock())
        checked = import_chunk(session, context, chunk)
        session.rollback()
    return Outcome(report=[item for item in checked.report if item[0] != "note"])


def _codes_out(sessions: sessionmaker[Session], digest: str, through: int) -> None:
    with sessions() as session, session.begin():
        run = session.get(ImportRun, digest)
        if run is not None:
            run.codes_through = max(run.codes_through, through)


def _chunks(
    found: Iterator[tuple[int, dict[str, str]]], after: int, size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    remaining = (item for item in found if item[0] > after)
    while chunk := list(itertools.islice(remaining, size)):
        yield chunk


def count_rows(path: Path) -> int:
    """About how many rows a file has, for the progress bar (lines of a CSV; an Excel
    sheet's stated dimension)."""
    with path.open("rb") as handle:
        if handle.read(4) == b"PK\x03\x04":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            try:
                return max(0, (book.worksheets[0].max_row or 1) - 1)
            finally:
                book.close()
        handle.seek(0)
        return max(
            0, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1
        )
