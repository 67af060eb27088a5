"""Revocation, suspension and reinstatement; integrity records; status lists; the
revocation register; key compromise.

Revision ID: 0005
Revises: 0008
Create Date: 2026-11-26 11:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0008"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.add_column(sa.Column("status_index", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("status_reason", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("status_changed_at", TIME, nullable=True))
        batch.add_column(sa.Column("signed_at", TIME, nullable=True))
        batch.create_unique_constraint("uq_certificates_status_index", ["status_index"])
    with op.batch_alter_table("public_certificates") as batch:
        batch.add_column(sa.Column("status_decision_number", sa.String(length=100)))
        batch.add_column(sa.Column("status_effective_date", sa.Date()))
        batch.add_column(sa.Column("status_index", sa.Integer()))
        batch.add_column(sa.Column("kid", sa.String(length=64)))
        batch.add_column(sa.Column("signed_at", TIME))
        batch.create_index("ix_public_certificates_register", ["status", "status_changed_at"])
    with op.batch_alter_table("signing_keys") as batch:
        batch.add_column(sa.Column("compromised_since", TIME, nullable=True))
    with op.batch_alter_table("public_keys") as batch:
        batch.add_column(sa.Column("compromised_since", TIME, nullable=True))
    op.create_table(
        "certificate_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), sa.ForeignKey("certificates.id"), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("retired_status_index", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("retired_status_index"),
    )
    op.create_index(
        "ix_status_changes_certificate", "certificate_status_changes", ["certificate_id", "id"]
    )
    op.create_table(
        "integrity_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_number_hash", sa.String(length=64), nullable=False),
        sa.Column("id_number_masked", sa.String(length=18), nullable=False),
        sa.Column("holder_name", sa.String(length=50), nullable=False),
        sa.Column("certificate_serial", sa.String(length=16), nullable=False),
        sa.Column("conduct", sa.String(length=40), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("barred_from", sa.Date(), nullable=False),
        sa.Column("barred_until", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("withdrawn_at", TIME, nullable=True),
        sa.Column("withdrawn_decision", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_integrity_records_person", "integrity_records", ["id_number_hash", "barred_until"]
    )
    op.create_table(
        "public_status_lists",
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("ttl_seconds", sa.Integer(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("purpose"),
    )


def downgrade() -> None:
    op.drop_table("public_status_lists")
    op.drop_table("integrity_records")
    op.drop_table("certificate_status_changes")
    with op.batch_alter_table("public_keys") as batch:
        batch.drop_column("compromised_since")
    with op.batch_alter_table("signing_keys") as batch:
        batch.drop_column("compromised_since")
    with op.batch_alter_table("public_certificates") as batch:
        batch.drop_index("ix_public_certificates_register")
        for name in ("signed_at", "kid", "status_index", "status_effective_date"):
            batch.drop_column(name)
        batch.drop_column("status_decision_number")
    with op.batch_alter_table("certificates") as batch:
        batch.drop_constraint("uq_certificates_status_index", type_="unique")
        for name in ("signed_at", "status_changed_at", "status_reason", "status_index"):
            batch.drop_column(name)
