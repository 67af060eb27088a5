"""verify's database engine: it reads, and on SQLite it cannot write even by mistake.

In production verify's PostgreSQL role may only SELECT the public projection
(deploy/postgres/roles.sql); SQLite has no roles, so each connection is made query-only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

from verify.config import Settings


def make_engine(settings: Settings) -> Engine:
    if not settings.database_url.startswith("sqlite"):
        return create_engine(settings.database_url, pool_pre_ping=True)
    engine = create_engine(settings.database_url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_read_only)
    return engine


def _sqlite_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")  # verify never writes, even by mistake
    cursor.close()
