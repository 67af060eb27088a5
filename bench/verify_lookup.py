"""How much a certificate lookup costs verify, against a trivial endpoint of the same app.

Fills a fresh database with certificates (their signed public records), starts verify under
gunicorn with the deployed config (deploy/gunicorn.verify.py), then loads
`GET /api/v1/health` (no database read but the calendar's end, once every
VERIFY_KEY_CACHE_SECONDS per worker) and `GET /api/v1/certificates/<serial>` from separate
client processes, each after a warm-up.
Lookups pick serials uniformly from all certificates (or from the first `--hot N`). verify
remembers verified public records per worker (lost when max_requests recycles it), so
with 100,000 certificates nearly every lookup checks a signature: the case of a public that
looks up many different certificates. `--hot 1000` measures the cached path instead.
Run: `.venv/bin/python bench/verify_lookup.py [--count N] [--seconds S] [--database-url URL]`."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, insert, select

from certs.credential.model import CertificateFacts
from certs.levels import EVALUATION_TRACKS, ISSUABLE_CODES, get_level
from certs.names import mask_name
from certs.serials import generate_serial
from registry.config import Settings, read_secret
from registry.db import make_engine
from registry.keys.models import SigningKey
from registry.keys.store import KeyStore
from registry.projection.certificates import signed_row
from registry.projection.models import PublicCertificate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHUNK = 5_000
CLIENT_PROCESSES, CLIENT_THREADS = 2, 4
WARM_UP_SECONDS = 2.0
TRIVIAL, LOOKUP = "/api/v1/health", "/api/v1/certificates/"
SURNAMES = (*"张王李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗", "欧阳", "司马", "诸葛")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
SPECIALTIES = tuple(
    {"specialty_code": code, "specialty_name_zh": zh, "specialty_name_en": en}
    for code, zh, en in (
        ("DZXX-01", "电子信息技术", "Electronic information technology"),
        ("XNY-01", "新能源", "New energy"),
        ("JZGC-01", "建筑工程", "Building engineering"),
    )
)
COMMITTEE = {
    "committee_code": "BJ-BENCH-01",
    "committee_name_zh": "北京市工程技术系列评审委员会（基准测试）",
    "committee_name_en": "Beijing engineering series review committee (benchmark)",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="certificates to create")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per endpoint")
    parser.add_argument("--database-url", help="PostgreSQL URL (a scratch schema is used)")
    parser.add_argument("--hot", type=int, default=0, help="look up only this many serials")
    return parser.parse_args()


def flask_cli(env: dict[str, str], *args: str) -> None:
    command = [str(BIN / "flask"), "--app", "registry", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


@contextlib.contextmanager
def scratch_schema(base_url: str | None):
    """A fresh PostgreSQL schema, dropped afterwards; nothing for SQLite."""
    if base_url is None:
        yield None
        return
    name = "bench_" + secrets.token_hex(4)
    engine = create_engine(base_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {name}")
    try:
        yield f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{name}"
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        engine.dispose()


def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def public_row(settings: Settings, signer, rng: random.Random, now: dt.datetime) -> dict:
    level, specialty = get_level(rng.choice(ISSUABLE_CODES)), rng.choice(SPECIALTIES)
    issued_at = now - dt.timedelta(days=rng.randrange(1, 1500), seconds=rng.randrange(86_400))
    facts = CertificateFacts(
        generate_serial(), random_name(rng), level.code, specialty["specialty_code"],
        specialty["specialty_name_zh"], COMMITTEE["committee_code"],
        COMMITTEE["committee_name_zh"], f"京职评〔{issued_at.year}〕{rng.randrange(1, 999)}号",
        issued_at.date(), rng.choice(list(EVALUATION_TRACKS)), issued_at,
    )  # fmt: skip
    return signed_row({
        **specialty, **COMMITTEE,
        "serial": facts.serial, "masked_name": mask_name(facts.holder_name),
        "level": level.code, "title_zh": level.title_zh, "title_en": level.title_en,
        "decision_number": facts.decision_number, "decision_date": facts.decision_date,
        "evaluation_track": facts.evaluation_track,
        # aware UTC: the table's UTCDateTime type stores it as naive UTC on SQLite itself
        "issued_at": issued_at, "updated_at": now,
        "evaluation_method": "review", "route": "regular", "status_index": None,
        "status": "valid", "status_reason": None, "status_changed_at": None,
        "kid": signer.kid, "signed_at": issued_at,
    }, signer)  # fmt: skip


def fill(env: dict[str, str], count: int) -> list[str]:
    """Signed public rows straight into the projection: verify reads nothing else."""
    settings = Settings.from_env(env)
    engine = make_engine(settings.database_url)
    store = KeyStore(settings.key_dir, read_secret(settings.key_passphrase_file))
    with engine.connect() as connection:
        kid = connection.scalar(select(SigningKey.kid).where(SigningKey.status == "active"))
    signer, rng, now = store.signer(kid), random.Random(), dt.datetime.now(dt.UTC)
    serials: list[str] = []
    started = time.perf_counter()
    with engine.begin() as connection:
        for done in range(0, count, CHUNK):
            rows = [public_row(settings, signer, rng, now) for _ in range(min(CHUNK, count - done))]
            connection.execute(insert(PublicCertificate.__table__), rows)
            serials += [row["serial"] for row in rows]
            if len(serials) % 20_000 == 0 or len(serials) == count:
                elapsed = time.perf_counter() - started
                print(f"  {len(serials):,} signed and inserted, {elapsed:.1f} s", flush=True)
    engine.dispose()
    return serials


def start_verify(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESSLOG": "/dev/null"}
    with log.open("w") as log_file:  # the child keeps its own copy of the descriptor
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.verify.py", "verify.wsgi:app"],
            cwd=ROOT,
            env=server_env,
            stderr=log_file,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{TRIVIAL}", timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"verify did not come up under gunicorn:\n{log.read_text()}")


def fetch(port: int, path: str) -> int:
    """One request on its own connection, as gunicorn's sync workers close after every
    response anyway; raw sockets keep the client's CPU share small (2 cores, shared)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b"".join(iter(lambda: connection.recv(65536), b""))
    return int(answer[9:12]) if answer.startswith(b"HTTP/1.1 ") else 0


def hammer(port: int, paths: list[str], deadline: float, results: list) -> None:
    rng, latencies, errors = random.Random(), [], 0
    while (start := time.perf_counter()) < deadline:
        try:
            ok = fetch(port, rng.choice(paths)) == 200
        except OSError:
            ok = False
        if ok:
            latencies.append(time.perf_counter() - start)
        else:
            errors += 1
    results.append((latencies, errors))


def client_process(port: int, paths: list[str], seconds: float) -> tuple[list, int, float]:
    deadline, cpu, results = time.perf_counter() + seconds, time.process_time(), []
    threads = [
        threading.Thread(target=hammer, args=(port, paths, deadline, results))
        for _ in range(CLIENT_THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [latency for part, _ in results for latency in part]
    return latencies, sum(errors for _, errors in results), time.process_time() - cpu


def load(pool, port: int, paths: list[str], seconds: float) -> dict:
    parts = pool.starmap(client_process, [(port, paths, seconds)] * CLIENT_PROCESSES)
    latencies = sorted(latency for part, _, _ in parts for latency in part)

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / seconds,
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "errors": sum(errors for _, errors, _ in parts),
        "client_cpu": sum(cpu for _, _, cpu in parts) / seconds,
    }


def measure(port: int, serials: list[str], seconds: float) -> dict[str, dict]:
    endpoints = {"trivial": [TRIVIAL], "lookup": [LOOKUP + serial for serial in serials]}
    results = {}
    with multiprocessing.get_context("fork").Pool(CLIENT_PROCESSES) as pool:
        for name, paths in endpoints.items():
            load(pool, port, paths, WARM_UP_SECONDS)
            results[name] = load(pool, port, paths, seconds)
    return results


def report(results: dict[str, dict], args: argparse.Namespace, backend: str, log: str) -> int:
    workers = os.environ.get("GUNICORN_WORKERS", os.cpu_count())
    serials = f"{args.hot:,} of {args.count:,}" if args.hot else f"all {args.count:,}"
    print(
        f"verify under gunicorn (deploy/gunicorn.verify.py, {workers} sync workers), {backend}; "
        f"lookups of random serials from {serials} certificates\n{CLIENT_PROCESSES} client "
        f"processes x {CLIENT_THREADS} threads, {args.seconds:g} s per endpoint after "
        f"{WARM_UP_SECONDS:g} s warm-up; workers recycled (max_requests): "
        f"{log.count('Autorestarting worker')}"
    )
    print(f"{'endpoint':<40}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'client CPU':>12}")
    for name, path in (("trivial", TRIVIAL), ("lookup", LOOKUP + "<serial>")):
        r = results[name]
        print(
            f"{'GET ' + path:<40}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
            f"{r['errors']:>8}{r['client_cpu']:>11.0%}"
        )
    ratio = results["lookup"]["rps"] / max(results["trivial"]["rps"], 1e-9)
    errors = results["trivial"]["errors"] + results["lookup"]["errors"]
    print(f"lookup/trivial throughput: {ratio:.2f}")
    print(
        f"summary: lookup {results['lookup']['rps']:.0f} req/s vs trivial "
        f"{results['trivial']['rps']:.0f} req/s (ratio {ratio:.2f}), "
        f"p99 {results['lookup']['p99']:.1f} ms, {errors} errors"
    )
    return 1 if errors else 0


def main() -> int:
    args = parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="verify-bench-") as var,
        scratch_schema(args.database_url) as url,
    ):
        # A scratch registry: development mode makes its secrets in the scratch directory.
        env = {**os.environ, "REGISTRY_VAR_DIR": var, "REGISTRY_DEV_SECRETS": "1"}
        if url:
            env |= {"REGISTRY_DATABASE_URL": url, "VERIFY_DATABASE_URL": url}
        print(f"preparing {args.count:,} certificates in {url or var} ...", flush=True)
        flask_cli(env, "init-db")
        flask_cli(env, "keys", "generate")
        serials = fill(env, args.count)
        log = Path(var) / "gunicorn.log"
        server, port = start_verify(env, log)
        try:
            results = measure(port, serials[: args.hot or None], args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
        log_text = log.read_text()
    return report(results, args, "PostgreSQL" if url else "SQLite", log_text)


if __name__ == "__main__":
    sys.exit(main())
