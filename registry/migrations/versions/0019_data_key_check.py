"""The data key's identifier, so that the registry refuses to start with another key.

`flask --app registry init-db` records it after this migration: on a database without
people, from the configured key; on one with people, only once the configured key has
decrypted a stored ID-card number (registry/keys/data_key.py).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_key_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("access_key_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("data_key_check")
