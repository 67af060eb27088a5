"""One valid (or suspended) title per person and level, held by the database too: two
issuances racing for the same person cannot both succeed.

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-26 13:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

HELD = sa.text("status IN ('valid', 'suspended')")


def upgrade() -> None:
    op.create_index(
        "ux_certificates_one_held_per_level",
        "certificates",
        ["holder_id", "level"],
        unique=True,
        sqlite_where=HELD,
        postgresql_where=HELD,
    )


def downgrade() -> None:
    op.drop_index("ux_certificates_one_held_per_level", table_name="certificates")
