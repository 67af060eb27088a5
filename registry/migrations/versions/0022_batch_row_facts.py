"""A batch row keeps the person's facts (sealed as ID numbers are), and the eligibility
engine's verdict in brief with the clauses the committee judged.

Rows already there keep none: they were submitted before facts were asked, and issuance
checks them as before.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batch_rows") as batch:
        batch.add_column(sa.Column("facts_encrypted", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("eligibility", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("batch_rows") as batch:
        batch.drop_column("eligibility")
        batch.drop_column("facts_encrypted")
