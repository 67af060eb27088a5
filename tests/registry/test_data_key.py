"""The data key and the key passphrase are the ones the database was set up with, or the
registry does not start; secrets are made only in development; the data key is rotated by
an operator command. Real apps on the real test databases, and real processes where the
process is the point (what an operator sees when a service refuses to start)."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from registry import create_app
from registry.audit.services import verify_chain
from registry.batches.models import BatchRow
from registry.config import Settings, SettingsError
from registry.keys.data_key import DataKeyMismatchError
from registry.keys.models import DataKeyCheck
from registry.keys.startup import SigningKeyUnusableError
from registry.protect import IdNumberProtector
from tests.batch_helpers import issued_from, past_row
from tests.conftest import write_secret
from tests.factories import NOW, at, batch_row, bearer, id_number
from tests.registry.test_batches import submit
from tests.registry.test_certificates_api import table_snapshot
from tests.status_helpers import REVOKE, change

ROOT = Path(__file__).resolve().parents[2]


def stored_key_id(app) -> str | None:
    with app.extensions["registry"].sessions() as session:
        check = session.get(DataKeyCheck, 1)
        return None if check is None else check.key_id


def forget_key_id(app) -> None:
    """The database as it was before the registry kept its data key's identifier."""
    with app.extensions["registry"].engine.begin() as connection:
        connection.execute(sa.delete(DataKeyCheck.__table__))


def started(settings: Settings):
    app = create_app(settings)
    app.extensions["registry"].engine.dispose()
    return app


def process_env(settings: Settings, **changes: str) -> dict[str, str]:
    """A server's environment for ``settings``: every secret named, no development mode."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGISTRY_", "VERIFY_"))}
    return env | {
        "REGISTRY_DATABASE_URL": settings.database_url,
        "REGISTRY_KEY_DIR": str(settings.key_dir),
        "REGISTRY_KEY_PASSPHRASE_FILE": str(settings.key_passphrase_file),
        "REGISTRY_DATA_KEY_FILE": str(settings.data_key_file),
        **changes,
    }


def run(env: dict[str, str], *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run(env, sys.executable, "-m", "flask", "--app", "registry", *args)


@pytest.fixture
def held(registry_app, tokens):
    """Two people who hold a title (the second revoked for fraud, so barred) and a third on
    a running notice: each kind of row that is found by the ID-card number's hash."""
    first, second = issued_from(registry_app, [past_row(0), past_row(1)])
    registry = registry_app.test_client()
    assert change(registry, second.serial, tokens["bureau"], **REVOKE).status_code == 201
    assert submit(registry, tokens["committee"], [batch_row(2)]).status_code == 201
    return first


# Starting --------------------------------------------------------------------------------


def test_the_registry_starts_with_the_data_key_its_database_was_set_up_with(
    registry_app, settings, held
):
    protector = registry_app.extensions["registry"].protector
    assert stored_key_id(registry_app) == protector.key_id
    again = started(settings)
    assert again.extensions["registry"].protector == protector


def test_another_data_key_is_refused_at_start_naming_the_setting(
    registry_app, settings, held, tmp_path
):
    before = table_snapshot(registry_app)
    other = dataclasses.replace(settings, data_key_file=write_secret(tmp_path / "other-key"))
    with pytest.raises(DataKeyMismatchError) as refused:
        create_app(other)
    message = str(refused.value)
    assert "REGISTRY_DATA_KEY_FILE" in message and str(other.data_key_file) in message
    assert "数据密钥" in message
    assert table_snapshot(registry_app) == before


def test_a_database_with_nobody_in_it_keeps_the_key_it_was_set_up_with(
    registry_app, settings, tmp_path
):
    other = dataclasses.replace(settings, data_key_file=write_secret(tmp_path / "other-key"))
    with pytest.raises(DataKeyMismatchError, match="REGISTRY_DATA_KEY_FILE"):
        create_app(other)


def test_a_database_without_the_identifier_gets_it_once_the_key_decrypts_a_holder(
    registry_app, settings, held, tmp_path
):
    forget_key_id(registry_app)
    other = dataclasses.replace(settings, data_key_file=write_secret(tmp_path / "other-key"))
    with pytest.raises(DataKeyMismatchError, match="does not decrypt"):
        create_app(other)
    assert stored_key_id(registry_app) is None
    started(settings)
    assert stored_key_id(registry_app) == registry_app.extensions["registry"].protector.key_id


def test_init_db_records_the_data_key_of_a_database_set_up_before_it_was_kept(
    registry_app, held, cli
):
    forget_key_id(registry_app)
    output = cli("init-db")
    key_id = registry_app.extensions["registry"].protector.key_id
    assert f"data key {key_id[:16]}" in output
    assert stored_key_id(registry_app) == key_id


def test_a_wrong_key_passphrase_is_refused_at_start(registry_app, settings, tmp_path):
    wrong = dataclasses.replace(
        settings, key_passphrase_file=write_secret(tmp_path / "other-passphrase")
    )
    with pytest.raises(SigningKeyUnusableError) as refused:
        create_app(wrong)
    message = str(refused.value)
    assert "REGISTRY_KEY_PASSPHRASE_FILE" in message and "wrong passphrase" in message
    assert "口令文件不对" in message


# What an operator sees -------------------------------------------------------------------


def test_a_command_with_another_data_key_exits_with_the_reason_and_no_traceback(
    registry_app, settings, held, tmp_path
):
    before = table_snapshot(registry_app)
    other = write_secret(tmp_path / "other-key")
    result = flask(process_env(settings, REGISTRY_DATA_KEY_FILE=str(other)), "keys", "generate")
    assert result.returncode == 1
    assert "REGISTRY_DATA_KEY_FILE" in result.stderr and "拒绝启动" in result.stderr
    assert "Traceback" not in result.stderr
    assert table_snapshot(registry_app) == before


def test_gunicorn_refuses_to_start_with_a_wrong_passphrase(registry_app, settings, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    wrong = write_secret(tmp_path / "other-passphrase")
    env = process_env(
        settings, REGISTRY_KEY_PASSPHRASE_FILE=str(wrong), GUNICORN_BIND=f"127.0.0.1:{port}"
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = run(env, str(gunicorn), "-c", "deploy/gunicorn.registry.py", "registry.wsgi:app")
    assert result.returncode != 0
    assert "REGISTRY_KEY_PASSPHRASE_FILE" in result.stderr and "Traceback" not in result.stderr


def test_outside_development_a_missing_data_key_is_refused_and_none_is_made(settings, tmp_path):
    env = process_env(settings, REGISTRY_VAR_DIR=str(tmp_path / "var"))
    del env["REGISTRY_DATA_KEY_FILE"]
    result = flask(env, "init-db")
    assert result.returncode == 1
    assert "REGISTRY_DATA_KEY_FILE is not set" in result.stderr
    assert "REGISTRY_DEV_SECRETS=1" in result.stderr and "未设置" in result.stderr
    assert not (tmp_path / "var" / "secrets" / "data-key").exists()


@pytest.mark.parametrize("variable", ["REGISTRY_DATA_KEY_FILE", "REGISTRY_KEY_PASSPHRASE_FILE"])
def test_outside_development_the_settings_refuse_a_missing_secret(tmp_path, variable):
    environ = {"REGISTRY_VAR_DIR": str(tmp_path / "var"), "REGISTRY_DEV_SECRETS": "0"}
    for name in {"REGISTRY_DATA_KEY_FILE", "REGISTRY_KEY_PASSPHRASE_FILE"} - {variable}:
        environ[name] = str(write_secret(tmp_path / name))
    with pytest.raises(SettingsError, match=f"{variable} is not set"):
        Settings.from_env(environ)
    assert not (tmp_path / "var").exists()


def test_in_development_missing_secrets_are_made_and_said_so(tmp_path, capsys):
    environ = {"REGISTRY_VAR_DIR": str(tmp_path / "var"), "REGISTRY_DEV_SECRETS": "1"}
    settings = Settings.from_env(environ)
    said = capsys.readouterr().err
    for name, path in (
        ("REGISTRY_KEY_PASSPHRASE_FILE", settings.key_passphrase_file),
        ("REGISTRY_DATA_KEY_FILE", settings.data_key_file),
    ):
        assert f"development mode (REGISTRY_DEV_SECRETS=1): made a new secret for {name}" in said
        assert path.parent == tmp_path / "var" / "secrets"
        assert path.stat().st_mode & 0o777 == 0o600 and len(path.read_text().strip()) >= 32
    first = settings.data_key_file.read_bytes()
    Settings.from_env(environ)
    assert settings.data_key_file.read_bytes() == first and capsys.readouterr().err == ""


def test_development_mode_takes_one_or_zero(tmp_path):
    with pytest.raises(SettingsError, match="REGISTRY_DEV_SECRETS must be 1 or 0"):
        Settings.from_env({"REGISTRY_VAR_DIR": str(tmp_path), "REGISTRY_DEV_SECRETS": "yes"})


# Rotation --------------------------------------------------------------------------------


def test_rotation_keeps_every_person_found_and_the_old_key_no_longer_starts(
    registry_app, settings, tokens, held, cli, tmp_path
):
    new_key = write_secret(tmp_path / "new-data-key")
    output = cli("data-key", "rotate", "--new-key-file", str(new_key))
    assert "re-keyed 2 holders, 3 batch rows and 1 integrity records" in output
    with pytest.raises(DataKeyMismatchError, match="REGISTRY_DATA_KEY_FILE"):
        create_app(settings)

    app = create_app(dataclasses.replace(settings, data_key_file=new_key))
    at(app, NOW)
    registry = app.test_client()
    # The holder signs in with the same number and access code as before.
    signed_in = registry.post(
        "/api/v1/holder/session",
        json={"serial": held.serial, "id_number": id_number(0), "access_code": held.access_code},
    )
    assert signed_in.status_code == 201, signed_in.json
    # Held titles, integrity records and running notices still find their people.
    refused = submit(registry, tokens["committee"], [batch_row(0), batch_row(1), batch_row(2)])
    assert refused.status_code == 422
    found = {(e["row"], e["code"]) for e in refused.json["errors"]}
    assert found == {(1, "already_held"), (2, "barred"), (3, "already_on_notice")}
    records = registry.post(
        "/api/v1/integrity-records/search",
        json={"id_number": id_number(1)},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert len(records) == 1
    new = app.extensions["registry"]
    with new.sessions() as session:
        numbers = [
            new.protector.decrypt(row.holder_id_encrypted)
            for row in session.scalars(sa.select(BatchRow))
        ]
        assert sorted(numbers) == sorted(id_number(i) for i in range(3))
        assert list(verify_chain(session)) == []
        last = session.execute(sa.text("SELECT action, detail FROM audit_log ORDER BY seq DESC"))
        action, detail = last.first()
    assert action == "data_key.rotate" and '"holders":2' in detail
    new.engine.dispose()


def test_access_codes_outlive_two_rotations(registry_app, settings, held, cli, tmp_path):
    key = settings.data_key_file
    for step in ("second", "third"):
        new_key = write_secret(tmp_path / f"{step}-data-key")
        app = create_app(dataclasses.replace(settings, data_key_file=key))
        with app.app_context():
            result = app.test_cli_runner().invoke(
                args=["data-key", "rotate", "--new-key-file", str(new_key)]
            )
        app.extensions["registry"].engine.dispose()
        assert result.exit_code == 0, result.output
        key = new_key
    app = create_app(dataclasses.replace(settings, data_key_file=key))
    signed_in = app.test_client().post(
        "/api/v1/holder/session",
        json={"serial": held.serial, "id_number": id_number(0), "access_code": held.access_code},
    )
    assert signed_in.status_code == 201, signed_in.json
    app.extensions["registry"].engine.dispose()


def test_rotation_to_the_key_in_use_is_refused(registry_app, settings, held, invoke):
    before = table_snapshot(registry_app)
    result = invoke("data-key", "rotate", "--new-key-file", str(settings.data_key_file))
    assert result.exit_code == 1
    assert "is the one in use" in result.stderr and "相同" in result.stderr
    assert table_snapshot(registry_app) == before


def test_a_rotation_that_cannot_finish_changes_nothing(registry_app, held, invoke, tmp_path):
    # An integrity record no stored number leads to: found only after every holder and
    # batch row has been re-keyed, in the same transaction, which must leave them as they were.
    with registry_app.extensions["registry"].engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO integrity_records (id_number_hash, id_number_masked, holder_name,"
                " certificate_serial, conduct, decision_number, decision_date, barred_from,"
                " barred_until, created_at) VALUES ('00', '110105********0000', '王五', 'X',"
                " 'forged_publications', 'N', '2026-11-20', '2026-11-20', '2029-11-20',"
                " '2026-11-20 00:00:00')"
            )
        )
    before = table_snapshot(registry_app)
    result = invoke("data-key", "rotate", "--new-key-file", str(write_secret(tmp_path / "new")))
    assert result.exit_code == 1 and "cannot be re-keyed" in result.stderr
    assert table_snapshot(registry_app) == before


def test_the_key_identifier_reveals_neither_the_key_nor_a_look_up(settings):
    protector = IdNumberProtector.from_secret(settings.data_key_file.read_bytes().strip())
    derived = {protector.encryption_key, protector.lookup_key, protector.wrapping_key}
    assert bytes.fromhex(protector.key_id) not in derived and len(derived) == 3
