"""An import killed mid-way (SIGKILL, a real process) and run again: every row there exactly
once, a third run adds nothing, every refused row in a report, every imported holder's
access code in a codes file (a chunk committed just before the kill gets new codes)."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factories import id_number
from tests.registry.test_register_import import row, write_csv

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")
ROWS = 3000
BAD_EVERY = 97  # these rows name a level the register never had: refused


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [FLASK, "--app", "registry", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )


def rows_done(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            found = connection.execute("SELECT rows_done FROM register_import_runs").fetchone()
    except sqlite3.OperationalError:  # not made yet, or locked by the writer for a moment
        return 0
    return found[0] if found else 0


def csv_rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))[1:]


def reports(directory: Path, kind: str) -> list[list[str]]:
    return [line for path in sorted(directory.glob(f"*.{kind}-*.csv")) for line in csv_rows(path)]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    database = tmp_path / "registry.db"
    environment = {
        **os.environ,
        "REGISTRY_DEV_SECRETS": "1",
        "REGISTRY_VAR_DIR": str(tmp_path / "var"),
        "REGISTRY_DATABASE_URL": f"sqlite:///{database}",
        "VERIFY_DATABASE_URL": f"sqlite:///{database}",
        "VERIFY_PUBLIC_BASE_URL": "https://verify.example.gov.cn",
    }
    flask(environment, "init-db")
    flask(environment, "keys", "generate")
    return environment


def test_an_import_killed_mid_way_resumes_with_every_row_once(env, tmp_path):
    database = tmp_path / "registry.db"
    lines = [
        row(
            n,
            id=id_number(n % 1000, f"19{70 + n // 1000}0101"),
            level="总工" if n % BAD_EVERY == 0 else "工程师",
            original=f"{n}",
        )
        for n in range(1, ROWS + 1)
    ]
    path = write_csv(tmp_path / "register.csv", lines)
    refused = {str(n + 1) for n in range(1, ROWS + 1) if n % BAD_EVERY == 0}  # + the header

    command = [FLASK, "--app", "registry", "import-register", str(path), "--chunk-size", "200"]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 300
        while rows_done(database) == 0:
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline, "no chunk committed in time"
            time.sleep(0.01)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    killed_at = rows_done(database)
    assert 0 < killed_at < ROWS + 1, "the kill came too late to test a resume"

    second = flask(env, "import-register", str(path), "--chunk-size", "200").stdout
    assert f"resumed after row {killed_at}" in second

    with sqlite3.connect(database) as connection:
        certificates = connection.execute(
            "SELECT count(*), count(DISTINCT original_number) FROM certificates"
        ).fetchone()
        outcomes = connection.execute(
            "SELECT count(*), count(DISTINCT row_number) FROM register_import_rows"
        ).fetchone()
    assert certificates == (ROWS - len(refused), ROWS - len(refused))
    assert outcomes == (ROWS, ROWS)

    third = flask(env, "import-register", str(path), "--chunk-size", "200").stdout
    assert "already imported" in third
    with sqlite3.connect(database) as connection:
        count = connection.execute("SELECT count(*) FROM certificates").fetchone()[0]
    assert count == ROWS - len(refused)

    # Every refused row in the reports of the two attempts, once, with its reason.
    found = [line for line in reports(tmp_path, "report") if line[1] == "refused"]
    assert sorted(line[0] for line in found) == sorted(refused)
    assert {(line[2], line[3]) for line in found} == {("level", "unknown_level")}
    # Every imported holder has a code in some codes file; the latest code of each works.
    codes = reports(tmp_path, "codes")
    with sqlite3.connect(database) as connection:
        serials = {s for (s,) in connection.execute("SELECT serial FROM certificates")}
    assert {line[1].replace("-", "") for line in codes} == serials
