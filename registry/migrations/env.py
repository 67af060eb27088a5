from __future__ import annotations

from alembic import context
from alembic.util import CommandError

from registry.db import Base, make_engine

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:  # registry.migrate.alembic_config always sets it
        raise CommandError("No sqlalchemy.url: run migrations through registry.migrate.")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
