"""The operator's commands and settings: through Click's runner, and as deploy scripts use
them (a real `flask` process) where the process itself is the point: the environment,
the files it makes, what it prints on a failure."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from registry import create_app
from registry.config import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[2]


def flask(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "registry", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
    )


@pytest.fixture
def env(database_url, tmp_path):
    return {
        **os.environ,
        "REGISTRY_VAR_DIR": str(tmp_path / "var"),
        "REGISTRY_DATABASE_URL": database_url,
    }


def test_commands_set_up_a_registry_and_a_second_run_reuses_it(env, tmp_path, database_url):
    assert "latest schema" in flask(env, "init-db").stdout
    first = flask(env, "keys", "generate").stdout
    assert first.startswith("generated: ")
    kid = first.split(": ")[1].strip()
    assert flask(env, "keys", "generate").stdout.strip().endswith(kid)
    key_file = tmp_path / "var" / "keys" / f"{kid}.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in key_file.read_bytes()
    demo = flask(env, "demo-data").stdout
    again = flask(env, "demo-data").stdout
    listed = [line for line in demo.splitlines() if "access_code" not in line]
    assert listed == [line for line in again.splitlines() if "access_code" not in line]
    assert demo.count(" valid\n") == 4 and demo.count(" revoked\n") == 1
    # Each run hands the demo holder a new access code (the old one stops working).
    codes = [line.split()[-1] for line in (demo + again).splitlines() if "access_code" in line]
    assert len(codes) == 2 and codes[0] != codes[1]
    token = flask(env, "tokens", "create", "--role", "bureau", "--name", "ops").stdout
    assert token.strip().splitlines()[-1].startswith("trk_")
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        hashes = connection.execute(sa.text("SELECT token_hash FROM api_clients")).scalars().all()
    engine.dispose()
    assert token.strip().splitlines()[-1] not in hashes


def test_rotation_retires_the_old_key(cli):
    old = cli("keys", "generate").split(": ")[1].strip()
    rotated = cli("keys", "rotate")
    assert f"retired: {old}" in rotated
    new = rotated.strip().splitlines()[-1].split(": ")[1]
    assert new != old


def test_a_committee_token_needs_an_existing_committee(invoke):
    result = invoke("tokens", "create", "--role", "committee", "--name", "x", "--committee", "NOPE")
    assert result.exit_code != 0 and "committee" in result.stderr


def test_a_wrong_passphrase_is_reported_clearly(env, tmp_path):
    flask(env, "init-db")
    flask(env, "keys", "generate")
    wrong = tmp_path / "wrong"
    wrong.write_text("another-passphrase-entirely")
    result = flask(
        {**env, "REGISTRY_KEY_PASSPHRASE_FILE": str(wrong)}, "keys", "generate", check=False
    )
    assert result.returncode != 0 and "wrong passphrase" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("REGISTRY_DATABASE_URL", "mysql://x/y", "REGISTRY_DATABASE_URL"),
        ("REGISTRY_DATABASE_URL", "not a url", "REGISTRY_DATABASE_URL"),
        ("VERIFY_PUBLIC_BASE_URL", "verify.example", "VERIFY_PUBLIC_BASE_URL"),
        ("REGISTRY_KEY_PASSPHRASE_FILE", "/nonexistent/passphrase", "REGISTRY_KEY_PASSPHRASE_FILE"),
    ],
)
def test_wrong_settings_fail_at_start_up_with_the_setting_named(tmp_path, variable, value, message):
    environ = {"REGISTRY_VAR_DIR": str(tmp_path), "REGISTRY_DEV_SECRETS": "1", variable: value}
    with pytest.raises(SettingsError, match=message):
        create_app(Settings.from_env(environ))


def test_the_wsgi_entry_point_refuses_to_start_with_bad_settings(tmp_path):
    env = {**os.environ, "REGISTRY_VAR_DIR": str(tmp_path), "REGISTRY_DATABASE_URL": "mysql://x"}
    result = subprocess.run(
        [sys.executable, "-c", "import registry.wsgi"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "REGISTRY_DATABASE_URL must be" in result.stderr
