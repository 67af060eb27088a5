"""Flask glue: per-app state, a session per request, authentication, problem+json."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from flask import Flask, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import HTTPException

from certs.errors import CertsError, Problem, field_errors
from registry.config import Settings, read_secret
from registry.db import make_engine, make_sessionmaker
from registry.keys import KeyStore
from registry.models import ApiClient
from registry.protect import IdNumberProtector
from registry.services.certificates import Issuer
from registry.services.clients import authenticate, require_role
from registry.services.keys import active_signer

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


@dataclass
class State:
    settings: Settings
    engine: Engine
    sessions: sessionmaker
    keys: KeyStore
    protector: IdNumberProtector

    def issuer(self, session: Session) -> Issuer:
        return Issuer(
            active_signer(session, self.keys),
            self.settings.issuer_id,
            self.settings.issuer_name,
            self.settings.verify_public_base_url,
        )


def init_app(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    app.extensions["registry"] = State(
        settings=settings,
        engine=engine,
        sessions=make_sessionmaker(engine),
        keys=KeyStore(settings.key_dir, read_secret(settings.key_passphrase_file)),
        protector=IdNumberProtector.from_secret(read_secret(settings.data_key_file)),
    )
    app.json.ensure_ascii = False
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    app.teardown_appcontext(_close_session)
    app.register_error_handler(CertsError, handle_domain_error)


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
    return dt.datetime.now(dt.UTC)


def client(*roles: str) -> ApiClient:
    """The authenticated API client, required to hold one of ``roles``."""
    found = authenticate(session(), request.headers.get("Authorization"))
    if roles:
        require_role(found, *roles)
    return found


def problem_response(problem: Problem, headers: dict | None = None):
    response = current_app.response_class(
        current_app.json.dumps(problem.as_dict()), status=problem.status, mimetype=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if problem.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="registry"'
    return response


def handle_domain_error(error: CertsError):
    if error.status >= 500:
        log.error("service error: %s", error.detail)
    return problem_response(Problem.from_error(error))


HTTP_TITLES_ZH = {
    400: "请求有误",
    404: "未找到",
    405: "不支持此请求方法",
    406: "无法提供所请求的格式",
    413: "请求体过大",
    415: "不支持的内容类型",
    422: "请求中有字段不符合要求",
    500: "服务器内部错误",
}


def handle_http_exception(error: HTTPException):
    """Werkzeug's and webargs's errors, as problem+json in both languages."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    # webargs keys its messages by location ("json", "query"); the field is what matters.
    errors = [e for messages in data.get("messages", {}).values() for e in field_errors(messages)]
    if status >= 500:
        log.error("unhandled error", exc_info=getattr(error, "original_exception", None) or error)
        return problem_response(
            Problem(
                "internal",
                500,
                "Internal server error",
                "服务器内部错误",
                "The error was logged.",
                "错误已记录。",
            )
        )
    slug = "invalid-input" if status == 422 else f"http-{status}"
    title = error.name
    problem = Problem(
        slug,
        status,
        title,
        HTTP_TITLES_ZH.get(status, title),
        error.description if not errors else "The request has invalid fields.",
        HTTP_TITLES_ZH.get(status, title),
        errors,
    )
    return problem_response(problem, data.get("headers"))
