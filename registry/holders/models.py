"""What a holder reaches their own certificate with, and the links they share it by.

Every secret here (access codes, holder session tokens, share-link tokens) is stored only
as a hash: a copy of the database opens no certificate."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.certificates.models import Certificate
from registry.db import Base, UTCDateTime


class HolderAccess(Base):
    """The keyed hash (HMAC-SHA256) of a certificate's access code."""

    __tablename__ = "holder_access"

    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class HolderSignInFailure(Base):
    """One failed sign-in: the record the holder sees (when, and from which client, a keyed
    hash of its address), kept 30 days. The limits are counted in the three tables below."""

    __tablename__ = "holder_sign_in_failures"
    __table_args__ = (
        Index("ix_holder_sign_in_failures_serial", "serial", "at"),
        Index("ix_holder_sign_in_failures_client", "client_hash", "at"),
        Index("ix_holder_sign_in_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(16))
    client_hash: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class HolderSignInClient(Base):
    """Failed sign-ins of one client (a keyed hash of its address) on any certificate, in
    the window that began at ``window_started``; raised by one atomic statement."""

    __tablename__ = "holder_sign_in_clients"

    client_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)


class HolderSignInPair(Base):
    """Failed sign-ins of one client on one certificate, and when that client may try it
    again (its exponential back-off); forgotten a day after its last failure."""

    __tablename__ = "holder_sign_in_pairs"

    serial: Mapped[str] = mapped_column(String(16), primary_key=True)
    client_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class HolderSignInCertificate(Base):
    """Failed sign-ins on one certificate from every client, in the window that began at
    ``window_started``; past the bureau's ceiling, clients that already failed on it wait
    until ``not_before`` (seconds, never a lock-out). ``refused`` counts the tries turned
    away since the holder last signed in, for the holder to see."""

    __tablename__ = "holder_sign_in_certificates"

    serial: Mapped[str] = mapped_column(String(16), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    refused: Mapped[int] = mapped_column(Integer)


class HolderSession(Base):
    """A short-lived bearer token a holder got by signing in."""

    __tablename__ = "holder_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)

    certificate: Mapped[Certificate] = relationship(lazy="joined")


class ShareLink(Base):
    """A time-limited, revocable link that shows an employer the unmasked certificate."""

    __tablename__ = "share_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    certificate: Mapped[Certificate] = relationship(lazy="joined")
    views: Mapped[list[ShareLinkView]] = relationship(
        order_by="ShareLinkView.id", lazy="selectin", back_populates="link"
    )


class ShareLinkView(Base):
    """One opening of a share link: when, and a coarse client description (browser family
    and operating system), never the address."""

    __tablename__ = "share_link_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    share_link_id: Mapped[int] = mapped_column(ForeignKey("share_links.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    client: Mapped[str] = mapped_column(String(100))

    link: Mapped[ShareLink] = relationship(back_populates="views")
