"""Fraud at every stage: integrity records from a batch row or an objection as well as from a
certificate; rows withdrawn from a batch before issuance; the review queue of a person's
other titles after fraud was found.

Revision ID: 0012
Revises: 0016
Create Date: 2026-11-27 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0016"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ONE_SOURCE = (
    "(certificate_serial IS NULL) <> (batch_row_id IS NULL)"
    " AND (objection_id IS NULL OR batch_row_id IS NOT NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("integrity_records") as batch:
        batch.alter_column("certificate_serial", existing_type=sa.String(length=16), nullable=True)
        batch.add_column(sa.Column("batch_row_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("objection_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch.create_foreign_key(
            "fk_integrity_records_batch_row_id", "batch_rows", ["batch_row_id"], ["id"]
        )
        batch.create_foreign_key(
            "fk_integrity_records_objection_id", "objections", ["objection_id"], ["id"]
        )
        batch.create_check_constraint("ck_integrity_records_one_source", ONE_SOURCE)
    op.create_table(
        "batch_row_withdrawals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.Integer(), sa.ForeignKey("batch_rows.id"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("fraud_kind", sa.String(length=40), nullable=True),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("withdrawn_at", TIME, nullable=False),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("row_id"),
    )
    op.create_table(
        "title_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), sa.ForeignKey("certificates.id"), nullable=False),
        sa.Column(
            "integrity_record_id",
            sa.Integer(),
            sa.ForeignKey("integrity_records.id"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("decided_at", TIME, nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "status_change_id",
            sa.Integer(),
            sa.ForeignKey("certificate_status_changes.id"),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_title_reviews_status", "title_reviews", ["status", "id"])
    op.create_index("ix_title_reviews_certificate", "title_reviews", ["certificate_id", "status"])


def downgrade() -> None:
    op.drop_table("title_reviews")
    op.drop_table("batch_row_withdrawals")
    # The old schema holds only records made by a revocation: the others cannot go back.
    op.execute("DELETE FROM integrity_records WHERE certificate_serial IS NULL")
    with op.batch_alter_table("integrity_records") as batch:
        batch.drop_constraint("ck_integrity_records_one_source", type_="check")
        batch.drop_constraint("fk_integrity_records_objection_id", type_="foreignkey")
        batch.drop_constraint("fk_integrity_records_batch_row_id", type_="foreignkey")
        batch.drop_column("description")
        batch.drop_column("objection_id")
        batch.drop_column("batch_row_id")
        batch.alter_column("certificate_serial", existing_type=sa.String(length=16), nullable=False)
