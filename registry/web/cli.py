"""What every operator command shares: the app's state, a session, the clock, and how a
refused operation is reported (why, field by field, in both languages; exit 1)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import NoReturn

import click
from sqlalchemy.orm import Session

from certs.dates import as_utc
from certs.errors import CertsError
from registry import web


def state() -> web.State:
    return web.state()


def now() -> dt.datetime:
    return web.state().clock()


def session() -> Session:
    return web.state().sessions()


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """A refused operation: say why (every row's reason), exit 1, nothing written."""
    try:
        yield
    except CertsError as exc:
        click.echo(f"refused: {exc.detail}", err=True)
        click.echo(f"拒绝：{exc.detail_zh}", err=True)
        for error in exc.errors:
            where = f"row {error.row} " if error.row is not None else ""
            click.echo(f"  {where}{error.field}: {error.message} / {error.message_zh}", err=True)
        raise SystemExit(1) from None


def fail(exc: CertsError) -> NoReturn:
    """A refusal as Click's own error: one line naming each field and reason."""
    detail = "; ".join(f"{e.field}: {e.message}" for e in exc.errors) or exc.detail
    raise click.ClickException(detail) from None


def utc(text: str) -> dt.datetime:
    """An ISO 8601 time typed by an operator; without an offset it is UTC."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {text!r}") from None
    return as_utc(moment)
