"""Fixtures: real databases (a SQLite file always, PostgreSQL when TEST_DATABASE_URL is set),
real apps built from real settings, real keys."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa

from registry import create_app as create_registry
from registry.audit.models import GENESIS_HASH, AuditHead
from registry.audit.services import Actor
from registry.config import Settings
from registry.db import Base, make_engine
from registry.migrate import upgrade
from verify import create_app as create_verify
from verify.config import Settings as VerifySettings

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
# The tests' commands and services run from empty settings directories, as `make run` does:
# development mode, where the registry makes the secrets it is not given. The tests of the
# refusal outside it (tests/registry/test_data_key.py) set their environment themselves.
os.environ["REGISTRY_DEV_SECRETS"] = "1"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(items):
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="TEST_DATABASE_URL is not set")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _postgres_schema_url(schema: str) -> str:
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_url(request, tmp_path_factory):
    """A database at the latest migration, once per backend per test session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry.db'}"
        upgrade(url)
        yield url
        return
    schema = f"test_{secrets.token_hex(4)}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = _postgres_schema_url(schema)
    upgrade(url)
    yield url
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture
def database_url(migrated_url):
    """The migrated database, emptied before each test."""
    engine = make_engine(migrated_url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS_HASH))
    engine.dispose()
    return migrated_url


def write_secret(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secrets.token_urlsafe(32))
    path.chmod(0o600)
    return path


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return Settings(
        database_url=database_url,
        key_dir=tmp_path / "keys",
        key_passphrase_file=write_secret(tmp_path / "secrets" / "key-passphrase"),
        data_key_file=write_secret(tmp_path / "secrets" / "data-key"),
        verify_public_base_url="https://verify.example.gov.cn",
        issuer_id="https://verify.example.gov.cn",
        issuer_name="北京市人力资源和社会保障局",
    )


@pytest.fixture
def registry_app(settings):
    from registry.keys.services import generate_key

    app = create_registry(settings)
    state = app.extensions["registry"]
    with state.sessions() as session, session.begin():
        generate_key(session, Actor.operator(), state.keys, dt.datetime.now(dt.UTC))
    yield app
    state.engine.dispose()


@pytest.fixture
def verify_app(database_url):
    app = create_verify(
        VerifySettings(database_url=database_url, public_base_url="https://verify.example.gov.cn")
    )
    yield app
    app.extensions["verify"].engine.dispose()


@pytest.fixture
def registry(registry_app):
    return registry_app.test_client()


@pytest.fixture
def verify(verify_app):
    return verify_app.test_client()
