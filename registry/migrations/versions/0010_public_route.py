"""The public projection shows how a title was obtained (route), e.g. by recognition of a
professional qualification.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("public_certificates") as batch:
        batch.add_column(sa.Column("route", sa.String(length=40), nullable=True))
    op.execute(
        "UPDATE public_certificates SET route = (SELECT certificates.route FROM certificates "
        "WHERE certificates.serial = public_certificates.serial)"
    )


def downgrade() -> None:
    with op.batch_alter_table("public_certificates") as batch:
        batch.drop_column("route")
