"""Orders to rectify by a deadline (责令限期整改, policy 三(四)4): the bureau's record and its
public projection.

Revision ID: 0014
Revises: 0010
Create Date: 2026-11-26 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "committee_rectification_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_decision_number", sa.String(length=100), nullable=True),
        sa.Column("closing_reason", sa.Text(), nullable=True),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("status_change_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["committee_id"], ["committees.id"]),
        sa.ForeignKeyConstraint(["status_change_id"], ["committee_status_changes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_committee_rectification_orders_committee",
        "committee_rectification_orders",
        ["committee_id"],
    )
    op.create_table(
        "public_committee_rectification_orders",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("committee_code", sa.String(length=32), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_decision_number", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_public_committee_rectification_orders_code",
        "public_committee_rectification_orders",
        ["committee_code"],
    )


def downgrade() -> None:
    op.drop_table("public_committee_rectification_orders")
    op.drop_table("committee_rectification_orders")
