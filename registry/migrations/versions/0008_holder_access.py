"""Holder access: hashed access codes, sign-in failures, holder sessions, share links and
their openings.

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-26 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _certificate_id(primary_key: bool = False) -> sa.Column:
    return sa.Column(
        "certificate_id",
        sa.Integer(),
        sa.ForeignKey("certificates.id"),
        nullable=False,
        primary_key=primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "holder_access",
        _certificate_id(primary_key=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        _at("updated_at"),
    )
    op.create_table(
        "holder_sign_in_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("serial", sa.String(length=16), nullable=False),
        sa.Column("client_hash", sa.String(length=32), nullable=False),
        _at("at"),
    )
    op.create_index(
        "ix_holder_sign_in_failures_serial", "holder_sign_in_failures", ["serial", "at"]
    )
    op.create_index(
        "ix_holder_sign_in_failures_client", "holder_sign_in_failures", ["client_hash", "at"]
    )
    op.create_index("ix_holder_sign_in_failures_at", "holder_sign_in_failures", ["at"])
    op.create_table(
        "holder_sessions",
        sa.Column("token_hash", sa.String(length=64), primary_key=True),
        _certificate_id(),
        _at("created_at"),
        _at("expires_at"),
    )
    op.create_index("ix_holder_sessions_certificate_id", "holder_sessions", ["certificate_id"])
    op.create_index("ix_holder_sessions_expires_at", "holder_sessions", ["expires_at"])
    op.create_table(
        "share_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        _certificate_id(),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("label", sa.String(length=100), nullable=True),
        _at("created_at"),
        _at("expires_at"),
        _at("revoked_at", nullable=True),
    )
    op.create_index("ix_share_links_certificate_id", "share_links", ["certificate_id"])
    op.create_table(
        "share_link_views",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("share_link_id", sa.Integer(), sa.ForeignKey("share_links.id"), nullable=False),
        _at("at"),
        sa.Column("client", sa.String(length=100), nullable=False),
    )
    op.create_index("ix_share_link_views_share_link_id", "share_link_views", ["share_link_id"])


def downgrade() -> None:
    op.drop_table("share_link_views")
    op.drop_table("share_links")
    op.drop_table("holder_sessions")
    op.drop_table("holder_sign_in_failures")
    op.drop_table("holder_access")
