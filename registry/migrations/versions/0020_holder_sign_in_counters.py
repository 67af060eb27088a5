"""Holder sign-in counters: per client, per (certificate, client) and per certificate, each
raised by one atomic statement, so that a stranger slows a certificate but never locks its
holder out.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _at(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "holder_sign_in_clients",
        sa.Column("client_hash", sa.String(length=32), primary_key=True),
        _count("failures"),
        _at("window_started"),
    )
    op.create_index(
        "ix_holder_sign_in_clients_window_started", "holder_sign_in_clients", ["window_started"]
    )
    op.create_table(
        "holder_sign_in_pairs",
        sa.Column("serial", sa.String(length=16), primary_key=True),
        sa.Column("client_hash", sa.String(length=32), primary_key=True),
        _count("failures"),
        _at("last_failure_at"),
        _at("not_before"),
    )
    op.create_index(
        "ix_holder_sign_in_pairs_last_failure_at", "holder_sign_in_pairs", ["last_failure_at"]
    )
    op.create_table(
        "holder_sign_in_certificates",
        sa.Column("serial", sa.String(length=16), primary_key=True),
        _count("failures"),
        _at("window_started"),
        _at("not_before"),
        _count("refused"),
    )
    op.create_index(
        "ix_holder_sign_in_certificates_window_started",
        "holder_sign_in_certificates",
        ["window_started"],
    )


def downgrade() -> None:
    op.drop_table("holder_sign_in_certificates")
    op.drop_table("holder_sign_in_pairs")
    op.drop_table("holder_sign_in_clients")
