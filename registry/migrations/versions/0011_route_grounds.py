"""A 破格 or 直通车 route names the policy's ground it rests on; a 技工院校 graduate's class is
recorded (an education equivalence, not a route), on certificates and on batch rows.

Revision ID: 0011
Revises: 0017
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0017"
branch_labels = None
depends_on = None

TABLES = ("certificates", "batch_rows")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("route_ground", sa.String(length=40), nullable=True))
            batch.add_column(
                sa.Column("technical_school_class", sa.String(length=40), nullable=True)
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("technical_school_class")
            batch.drop_column("route_ground")
