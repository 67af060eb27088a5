"""Checking a 10,000-row results batch with the eligibility engine, against the same checks
without it.

Three runs of submission's checks (the row schema, then ``RowChecker.check``: committee,
catalogue, meeting date, route, titles held, integrity records, the trial QR signature):
1. the rows as a batch carried them before facts were asked, the engine off;
2. the same people with their facts (education, work, three titles, outputs, judged
   clauses; no two alike), read by the schema and sealed for storage, the engine off;
3. the same, with the engine: every condition of the annex tried on each row, with the titles
   this registry proves looked up once.
In one process, on one database, interleaved round by round; the medians are compared:
3 / 2 is the engine's cost on the same batch, 3 / 1 the whole of carrying facts. Nothing is
written: the checks are what is timed.

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
    times: dict[str, list[float]] = {"bare": [], "facts": [], "engine": []}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Scratch(base_url, Path(tmp))
        try:
            check(scratch, with_facts[:200], RowChecker)  # warm-up: imports, caches
            for _ in range(rounds):
                times["bare"].append(check(scratch, bare, WithoutEngine))
                times["facts"].append(check(scratch, with_facts, WithoutEngine))
                times["engine"].append(check(scratch, with_facts, RowChecker))
        finally:
            scratch.close()
    bare_s, facts_s, engine_s = (statistics.median(times[k]) for k in ("bare", "facts", "engine"))
    print(
        f"{label:<10} {count:>6} rows  without the engine: rows without facts {bare_s:6.2f} s, "
        f"the same rows with their facts read and sealed {facts_s:6.2f} s; "
        f"with it {engine_s:6.2f} s"
    )
    print(
        f"{'':<10} ratio with / without (facts read, sealed) {engine_s / facts_s:4.2f}  "
        f"with / rows without facts {engine_s / bare_s:4.2f}  "
        f"(per row: the engine {1e6 * (engine_s - facts_s) / count:4.0f} us, "
        f"the facts {1e6 * (facts_s - bare_s) / count:4.0f} us)"
    )
    return engine_s / facts_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="PostgreSQL URL (a scratch schema is used)")
    args = parser.parse_args()
    print(f"median of {args.rounds} interleaved rounds (aim: with / without 1.3 or less)")
    measure("sqlite", None, args.people, args.rounds)
    if args.database_url:
        measure("postgresql", args.database_url, args.people, args.rounds)


if __name__ == "__main__":
    main()
