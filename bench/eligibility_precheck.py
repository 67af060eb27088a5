"""What the eligibility pre-check costs verify, against a certificate look-up on the same app.

In-process, through Flask's test client (no server, no sockets): the request's whole path in
the app (routing, the schema's load, the engine, the answer's dump) and nothing else. Fills a
fresh SQLite database with signed public records (as bench/verify_lookup.py does), builds one
verify app, and times, interleaved round by round:
- `GET /api/v1/certificates/<serial>`, serials drawn from the first `--hot` (their records'
  signatures checked once in the warm-up and remembered, as a worker does): the baseline;
- `POST /api/v1/eligibility` with a typical body (a 高级工程师 applicant: one education, two
  work periods, two titles, three outputs) and with the largest body the schema takes (every
  list at its cap);
- the pages: `GET /c/<serial>` against `POST /eligibility` with the typical facts.
Prints the median time per request of each and its ratio to its baseline. No assertion.
Run: `.venv/bin/python bench/eligibility_precheck.py [--rounds N] [--requests N]`."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

from verify_lookup import fill, flask_cli

from verify import create_app
from verify.config import Settings
from webbase.eligibility import MAX_ITEMS

TYPICAL = {
    "level": "senior_engineer",
    "category": "application_practice",
    "educations": [{"kind": "bachelor", "graduated": "2010-07-01"}],
    "work": [{"start": "2010-07-15", "end": "2018-03-31"}, {"start": "2018-04-01"}],
    "titles": [
        {"tier": "assistant", "obtained": "2012-07-01"},
        {"tier": "intermediate", "obtained": "2016-12-01"},
    ],
    "outputs": [
        {"kind": "paper", "role": "first_author", "count": 2, "core_journal": True},
        {"kind": "technical_report", "role": "lead"},
        {"kind": "invention_patent", "role": "participant"},
    ],
}
LARGEST = {
    "level": "professorate_senior_engineer",
    "route": "exceptional",
    "category": "research_design",
    "educations": [{"kind": "master", "graduated": "2000-07-01"}] * MAX_ITEMS["educations"],
    "work": [
        {"start": f"{1975 + i}-01-01", "end": f"{1975 + i}-12-31", "part_time": i % 2 == 0}
        for i in range(MAX_ITEMS["work"])
    ],
    "titles": [{"tier": "associate_senior", "obtained": "2010-01-01"}] * MAX_ITEMS["titles"],
    "qualifications": [{"name": "一级建造师", "grade": "first_class", "obtained": "2005-01-01"}]
    * MAX_ITEMS["qualifications"],
    "outputs": [{"kind": "paper", "role": "first_author", "core_journal": True}]
    * MAX_ITEMS["outputs"],
    "representative_works": [
        {"kind": "technical_report", "role": "lead", "title": f"报告 {i}"}
        for i in range(MAX_ITEMS["representative_works"])
    ],
    "grounds": [{"code": "key_breakthrough"}] * MAX_ITEMS["grounds"],
}
PAGE_FORM = {
    "level": "senior_engineer",
    "route": "regular",
    "category": "application_practice",
    "educations-0-kind": "bachelor",
    "educations-0-graduated": "2010-07-01",
    "work-0-start": "2010-07-15",
    "work-0-end": "2018-03-31",
    "work-0-in_specialty": "1",
    "work-1-start": "2018-04-01",
    "work-1-in_specialty": "1",
    "titles-0-tier": "intermediate",
    "titles-0-obtained": "2016-12-01",
    "titles-0-same_specialty": "1",
    "outputs-0-kind": "paper",
    "outputs-0-role": "first_author",
    "outputs-0-count": "2",
    "outputs-0-core_journal": "1",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2_000, help="certificates to create")
    parser.add_argument("--hot", type=int, default=1_000, help="serials the look-ups draw from")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds")
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint a round")
    return parser.parse_args()


def timed(call: Callable[[], int], requests: int) -> float:
    """Seconds per request over ``requests`` calls; every answer must be the expected one."""
    started = time.perf_counter()
    for _ in range(requests):
        call()
    return (time.perf_counter() - started) / requests


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="precheck-bench-") as var:
        env = {**os.environ, "REGISTRY_VAR_DIR": var, "REGISTRY_DEV_SECRETS": "1"}
        print(f"preparing {args.count:,} certificates in {var} ...", flush=True)
        flask_cli(env, "init-db")
        flask_cli(env, "keys", "generate")
        serials = fill(env, args.count)[: args.hot]
        app = create_app(Settings.from_env(env))
        client = app.test_client()
        rng = random.Random(1)

        def expect(response, status: int = 200) -> int:
            if response.status_code != status:
                raise SystemExit(f"{response.status_code}: {response.get_data(as_text=True)[:300]}")
            return response.status_code

        calls: dict[str, Callable[[], int]] = {
            "GET /api/v1/certificates/<serial>": lambda: expect(
                client.get("/api/v1/certificates/" + rng.choice(serials))
            ),
            "POST /api/v1/eligibility (typical)": lambda: expect(
                client.post("/api/v1/eligibility", json=TYPICAL)
            ),
            "POST /api/v1/eligibility (largest)": lambda: expect(
                client.post("/api/v1/eligibility", json=LARGEST)
            ),
            "GET /c/<serial> (page)": lambda: expect(client.get("/c/" + rng.choice(serials))),
            "POST /eligibility (page)": lambda: expect(client.post("/eligibility", data=PAGE_FORM)),
        }
        for serial in serials:  # warm-up: every record's signature checked once
            expect(client.get("/api/v1/certificates/" + serial))
        for call in calls.values():
            timed(call, 50)
        samples: dict[str, list[float]] = {name: [] for name in calls}
        names = list(calls)
        for round_ in range(args.rounds):
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                samples[name].append(timed(calls[name], args.requests))
        app.extensions["verify"].engine.dispose()
    report(samples, args)
    return 0


def report(samples: dict[str, list[float]], args: argparse.Namespace) -> None:
    medians = {name: statistics.median(found) for name, found in samples.items()}
    baselines = {
        "POST /api/v1/eligibility (typical)": "GET /api/v1/certificates/<serial>",
        "POST /api/v1/eligibility (largest)": "GET /api/v1/certificates/<serial>",
        "POST /eligibility (page)": "GET /c/<serial> (page)",
    }
    print(
        f"verify in-process (Flask test client), SQLite; look-ups of {args.hot:,} serials "
        f"(signatures remembered); median of {args.rounds} interleaved rounds x "
        f"{args.requests} requests"
    )
    print(f"{'request':<40}{'us/request':>12}{'ratio':>8}  against")
    for name, median in medians.items():
        baseline = baselines.get(name)
        ratio = f"{median / medians[baseline]:.2f}" if baseline else "1.00"
        print(f"{name:<40}{median * 1e6:>12.0f}{ratio:>8}  {baseline or '(baseline)'}")
    api = (
        medians["POST /api/v1/eligibility (typical)"] / medians["GET /api/v1/certificates/<serial>"]
    )
    print(f"summary: pre-check/look-up (API, typical body) = {api:.2f}")


if __name__ == "__main__":
    sys.exit(main())
