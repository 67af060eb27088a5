"""Results batches, public notice, objections, idempotency records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 11:36:53.390604
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.alter_column("issued_by", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "public_notices",
        sa.Column("batch_id", sa.String(length=16), nullable=False),
        sa.Column("committee_code", sa.String(length=32), nullable=False),
        sa.Column("committee_name_zh", sa.String(length=200), nullable=False),
        sa.Column("committee_name_en", sa.String(length=300), nullable=False),
        sa.Column("notice_from", sa.Date(), nullable=False),
        sa.Column("notice_to", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("batch_id"),
    )
    op.create_table(
        "public_notice_entries",
        sa.Column("batch_id", sa.String(length=16), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("masked_name", sa.String(length=50), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("title_zh", sa.String(length=40), nullable=False),
        sa.Column("title_en", sa.String(length=80), nullable=False),
        sa.Column("specialty_code", sa.String(length=16), nullable=False),
        sa.Column("specialty_name_zh", sa.String(length=100), nullable=False),
        sa.Column("specialty_name_en", sa.String(length=200), nullable=False),
        sa.Column("evaluation_track", sa.String(length=40), nullable=False),
        sa.Column("route", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["public_notices.batch_id"],
        ),
        sa.PrimaryKeyConstraint("batch_id", "row_number"),
    )
    op.create_table(
        "result_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=16), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("notice_from", sa.Date(), nullable=False),
        sa.Column("notice_to", sa.Date(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("public_id"),
    )
    op.create_table(
        "batch_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("holder_name", sa.String(length=50), nullable=False),
        sa.Column("holder_id_hash", sa.String(length=64), nullable=False),
        sa.Column("holder_id_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("holder_id_masked", sa.String(length=18), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("specialty_id", sa.Integer(), nullable=False),
        sa.Column("evaluation_track", sa.String(length=40), nullable=False),
        sa.Column("route", sa.String(length=40), nullable=False),
        sa.Column("route_basis", sa.String(length=200), nullable=True),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("serial", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["result_batches.id"],
        ),
        sa.ForeignKeyConstraint(
            ["specialty_id"],
            ["specialties.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "row_number"),
        sa.UniqueConstraint("serial"),
    )
    op.create_index("ix_batch_rows_holder_level", "batch_rows", ["holder_id_hash", "level"])

    op.create_table(
        "idempotency_records",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["api_clients.id"],
        ),
        sa.PrimaryKeyConstraint("client_id", "key"),
    )
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["result_batches.id"],
        ),
        sa.ForeignKeyConstraint(
            ["row_id"],
            ["batch_rows.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.alter_column("issued_by", existing_type=sa.Integer(), nullable=False)
    op.drop_table("objections")
    op.drop_table("idempotency_records")
    op.drop_table("batch_rows")
    op.drop_table("result_batches")
    op.drop_table("public_notice_entries")
    op.drop_table("public_notices")
