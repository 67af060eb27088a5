"""Flask glue: per-app state, a session per request, the clock, authentication, problem+json."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from certs.errors import CertsError
from registry.audit.services import Actor
from registry.batches.eligibility import EligibilityPolicy
from registry.batches.services import NoticeRules
from registry.calendar.services import working_calendar
from registry.clients.models import ApiClient
from registry.clients.services import authenticate, require_role
from registry.config import Settings
from registry.db import make_engine, make_sessionmaker
from registry.keys.issuer import Issuer
from registry.keys.services import active_signer
from registry.keys.startup import ready_keys
from registry.keys.store import KeyStore
from registry.protect import IdNumberProtector
from registry.web.errors import handle_domain_error, handle_integrity_error
from webbase.pages import init_templates

log = logging.getLogger(__name__)


@dataclass
class State:
    settings: Settings
    engine: Engine
    sessions: sessionmaker
    keys: KeyStore
    protector: IdNumberProtector
    # What time it is; tests move it forward to the end of a notice period.
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    def notice_rules(self, session: Session) -> NoticeRules:
        """The notice's length, the working-day calendar as the database holds it (read once
        per transaction) and where the public objects."""
        settings = self.settings
        return NoticeRules(
            working_calendar(session),
            settings.notice_working_days,
            settings.notice_objection_contact,
        )

    def eligibility_policy(self) -> EligibilityPolicy:
        """What a batch row's years are counted to, and how part-time work counts."""
        return EligibilityPolicy(
            self.settings.eligibility_reference, self.settings.eligibility_part_time
        )

    def issuer(self, session: Session) -> Issuer:
        return Issuer(
            active_signer(session, self.keys),
            self.settings.issuer_id,
            self.settings.issuer_name,
            self.settings.verify_public_base_url,
            self.settings.status_list_ttl_seconds,
        )


def init_app(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        # Refused here, with the setting named, rather than at the first request.
        keys, protector = ready_keys(settings, engine, dt.datetime.now(dt.UTC))
    finally:
        # No connection made here outlives the check: gunicorn forks its workers after it
        # (preload_app), and a pooled connection shared by two processes breaks both.
        engine.dispose()
    app.extensions["registry"] = State(
        settings=settings,
        engine=engine,
        sessions=make_sessionmaker(engine),
        keys=keys,
        protector=protector,
    )
    # Flask's default provider; ensure_ascii is on it, not on the JSONProvider base type.
    if isinstance(app.json, DefaultJSONProvider):
        app.json.ensure_ascii = False
    init_templates(app)
    # A 20,000-person results batch as JSON is about 4 MB.
    app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024
    app.teardown_appcontext(_close_session)
    app.register_error_handler(CertsError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)


def state() -> State:
    return current_app.extensions["registry"]


def session() -> Session:
    if "db_session" not in g:
        g.db_session = state().sessions()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.rollback()
        db_session.close()


def now() -> dt.datetime:
    return state().clock()


def client(*roles: str) -> ApiClient:
    """The authenticated API client, required to hold one of ``roles``."""
    found = authenticate(session(), request.headers.get("Authorization"))
    if roles:
        require_role(found, *roles)
    return found


def actor() -> Actor:
    """The authenticated client, as the audit trail names it."""
    return Actor.of_client(g.client)
