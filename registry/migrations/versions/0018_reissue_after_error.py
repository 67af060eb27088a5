"""A corrected certificate names the one it replaces (re-issue after an error).

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-02 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_certificates_replaces_id_certificates", "certificates", ["replaces_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.drop_constraint("fk_certificates_replaces_id_certificates", type_="foreignkey")
        batch.drop_column("replaces_id")
