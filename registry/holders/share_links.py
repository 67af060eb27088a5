"""Share links: a holder shows an employer the unmasked certificate, for a while.

The token is 256 random bits, shown once and kept only as a SHA-256 hash. Each opening is
recorded with its time and a coarse client description (browser family and operating
system from the User-Agent), never the address, so the holder sees who looked and when."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import ua_parser
from sqlalchemy import select
from sqlalchemy.orm import Session

from certs.errors import FieldError, InvalidInputError, NotFoundError
from registry.audit.services import Actor, Change, record
from registry.certificates.models import Certificate
from registry.holders.models import ShareLink, ShareLinkView


def holder_actor(certificate: Certificate) -> Actor:
    return Actor(f"holder:{certificate.serial}")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_share_link(
    session: Session,
    certificate: Certificate,
    request: dict,
    max_days: int,
    now: dt.datetime,
) -> tuple[ShareLink, str]:
    """A new link and its token (shown once); ``valid_days`` at most ``max_days``."""
    days = request["valid_days"]
    if days > max_days:
        raise InvalidInputError(
            errors=[
                FieldError(
                    "valid_days",
                    "too_long",
                    f"A share link may last at most {max_days} days.",
                    f"分享链接有效期最长 {max_days} 天。",
                )
            ]
        )
    token = secrets.token_urlsafe(32)
    link = ShareLink(
        certificate=certificate,
        token_hash=_hash(token),
        label=request.get("label"),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
        views=[],
    )
    session.add(link)
    session.flush()
    detail = {"share_link": link.id, "expires_at": link.expires_at.isoformat()}
    record(
        session,
        holder_actor(certificate),
        Change("share_link.create", "certificate", certificate.serial, detail=detail),
        now,
    )
    return link, token


def list_share_links(session: Session, certificate: Certificate) -> list[ShareLink]:
    return list(
        session.scalars(
            select(ShareLink)
            .where(ShareLink.certificate_id == certificate.id)
            .order_by(ShareLink.id.desc())
        )
    )


def get_share_link(session: Session, certificate: Certificate, link_id: int) -> ShareLink:
    link = session.get(ShareLink, link_id)
    # Another holder's link looks exactly like a missing one.
    if link is None or link.certificate_id != certificate.id:
        raise NotFoundError(f"No share link {link_id}.", f"没有编号为 {link_id} 的分享链接。")
    return link


def revoke_share_link(
    session: Session, certificate: Certificate, link_id: int, now: dt.datetime
) -> ShareLink:
    link = get_share_link(session, certificate, link_id)
    if link.revoked_at is None:
        link.revoked_at = now
        session.flush()
        record(
            session,
            holder_actor(certificate),
            Change(
                "share_link.revoke",
                "certificate",
                certificate.serial,
                detail={"share_link": link.id},
            ),
            now,
        )
    return link


def link_state(link: ShareLink, now: dt.datetime) -> str:
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if link.expires_at <= now else "active"


def open_share_link(
    session: Session, token: str, user_agent: str | None, now: dt.datetime
) -> ShareLink | None:
    """The live link for a token, its opening recorded; None when unknown, expired or
    revoked alike."""
    link = session.scalar(select(ShareLink).where(ShareLink.token_hash == _hash(token)))
    if link is None or link_state(link, now) != "active":
        return None
    session.add(ShareLinkView(link=link, at=now, client=describe_client(user_agent)))
    session.flush()
    return link


def describe_client(user_agent: str | None) -> str:
    """'Chrome on Windows', 'Mobile Safari on iOS': enough for a holder to recognise
    an opening, too little to single anyone out (no versions, no device model)."""
    if not user_agent:
        return "unknown"
    parsed = ua_parser.parse(user_agent[:1000]).with_defaults()
    browser, system = parsed.user_agent.family, parsed.os.family
    browser = "unknown" if browser == "Other" else browser
    if system == "Other":
        return browser[:100]
    return f"{browser} on {system}"[:100]
