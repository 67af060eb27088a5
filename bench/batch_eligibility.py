"""Checking a 10,000-row results batch with the eligibility engine, against the same checks
without it.

Without: the rows as a batch carried them before facts were asked, through the row schema
and every check of submission (committee, catalogue, meeting date, route, titles held,
integrity records, the trial QR signature), as ``RowChecker.check`` does them. With: the
same people with their facts (education, work, three titles, outputs, judged clauses):
the schema also loads the facts, the engine tries every condition of the annex on each row
with the titles this registry proves looked up once, and the facts are sealed for storage.
Both in one process, on one database, interleaved round by round; the medians are compared.
Nothing is written: the checks are what is timed.

Run: `.venv/bin/python bench/batch_eligibility.py [--people N] [--rounds R] [--database-url URL]`
(SQLite always; PostgreSQL too when a URL is given). The aim: a ratio of 1.3 or less.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from batch_issue import SUBMITTED, Scratch, people
from sqlalchemy import select

from certs.dates import beijing_date
from certs.errors import FieldError
from registry.batches.checks import RowChecker
from registry.batches.eligibility import RowEligibility
from registry.batches.rows import json_rows, load_rows
from registry.committees.models import Committee


class WithoutEngine(RowChecker):
    """Submission's checks as they were before the engine: no facts, no verdict."""

    def _engine(self, hashes) -> Any:
        return None

    def _eligibility(
        self, engine: RowEligibility, number: int, data: dict[str, Any], digest: str
    ) -> tuple[list[FieldError], dict[str, Any] | None]:
        return [], None


def check(scratch: Scratch, rows: list[dict], checker_class: type[RowChecker]) -> float:
    """Seconds to load and check ``rows`` as submission does (nothing stored)."""
    state = scratch.state
    inputs = json_rows(rows)
    with state.sessions() as session:
        committee = session.scalars(select(Committee)).one()
        issuer = state.issuer(session)
        started = time.perf_counter()
        loaded, errors = load_rows(inputs)
        checker = checker_class(session, committee, issuer, beijing_date(SUBMITTED))
        checked, row_errors = checker.check(loaded, state.protector)
        elapsed = time.perf_counter() - started
    assert not errors and not row_errors, (errors + row_errors)[:3]
    assert len(checked) == len(rows)
    return elapsed


def measure(label: str, base_url: str | None, count: int, rounds: int) -> float:
    bare, with_facts = people(count, facts=False), people(count)
    without: list[float] = []
    engine: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Scratch(base_url, Path(tmp))
        try:
            check(scratch, with_facts[:200], RowChecker)  # warm-up: imports, caches
            for _ in range(rounds):
                without.append(check(scratch, bare, WithoutEngine))
                engine.append(check(scratch, with_facts, RowChecker))
        finally:
            scratch.close()
    base, timed = statistics.median(without), statistics.median(engine)
    ratio = timed / base
    print(
        f"{label:<10} {count:>6} rows  without the engine {base:6.2f} s  "
        f"with it {timed:6.2f} s  ratio {ratio:4.2f}  "
        f"(per row {1e6 * (timed - base) / count:5.0f} us more)"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="PostgreSQL URL (a scratch schema is used)")
    args = parser.parse_args()
    print(f"median of {args.rounds} interleaved rounds; ratio = with / without (aim: 1.3 or less)")
    measure("sqlite", None, args.people, args.rounds)
    if args.database_url:
        measure("postgresql", args.database_url, args.people, args.rounds)


if __name__ == "__main__":
    main()
