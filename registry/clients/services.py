"""API clients and their bearer tokens (kept as SHA-256 hashes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import AuthenticationError, FieldError, ForbiddenError, InvalidInputError
from registry.audit.services import Actor, Change, record
from registry.clients.models import ApiClient
from registry.committees.models import Committee

ROLES = ("bureau", "committee")


TOKEN_PREFIX = "trk_"  # noqa: S105 (a visible prefix, not a secret)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_client(
    session: Session,
    actor: Actor,
    name: str,
    role: str,
    committee_code: str | None,
    now: dt.datetime,
) -> tuple[ApiClient, str]:
    """A new client and its token; the token is shown once and never stored."""
    if role not in ROLES:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "role",
                    "not_allowed",
                    f"role must be one of {ROLES}",
                    f"角色只能是 {ROLES} 之一",
                )
            ]
        )
    committee_id = None
    if role == "committee":
        committee = session.scalar(
            select(Committee).where(Committee.code == (committee_code or ""))
        )
        if committee is None:
            raise InvalidInputError(
                errors=[
                    FieldError(
                        "committee",
                        "unknown_committee",
                        "A committee token needs the code of an existing committee.",
                        "评审委员会令牌须指定已存在的评审委员会代码。",
                    )
                ]
            )
        committee_id = committee.id
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(
        name=name, role=role, committee_id=committee_id, token_hash=_hash(token), created_at=now
    )
    session.add(client)
    session.flush()
    detail = {"name": name, "role": role, "committee": committee_code if committee_id else None}
    record(session, actor, Change("token.create", "api_client", str(client.id), detail=detail), now)
    return client, token


def authenticate(session: Session, authorization: str | None) -> ApiClient:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(
            "Send the API token as `Authorization: Bearer <token>`.",
            "请以 `Authorization: Bearer <令牌>` 提供接口令牌。",
        )
    client = session.scalar(select(ApiClient).where(ApiClient.token_hash == _hash(token.strip())))
    if client is None or client.revoked_at is not None:
        raise AuthenticationError("The API token is not valid.", "接口令牌无效。")
    return client


def require_role(client: ApiClient, *roles: str) -> None:
    if client.role not in roles:
        raise ForbiddenError(
            f"This needs a {' or '.join(roles)} token.",
            "此操作需要"
            + "或".join({"bureau": "人社局", "committee": "评审委员会"}[r] for r in roles)
            + "令牌。",
        )
