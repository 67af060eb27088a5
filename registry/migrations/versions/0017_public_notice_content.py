"""The public notice lists what a 公示 lists: the full name and work unit (工作单位) while it
runs, removed by the notice-close step when it ends; how and until when to object.

Notices published before this revision keep their masked names. Batches already issued
count as closed (issuance closes a notice); the first notice-close run closes the others
whose period has ended.

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-02 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batch_rows") as batch:
        batch.add_column(sa.Column("work_unit", sa.String(length=200), nullable=True))
    with op.batch_alter_table("result_batches") as batch:
        batch.add_column(sa.Column("notice_closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("public_notices") as batch:
        batch.add_column(sa.Column("objection_contact", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("public_notice_entries") as batch:
        batch.add_column(sa.Column("holder_name", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("work_unit", sa.String(length=200), nullable=True))
    op.execute(
        "UPDATE result_batches SET notice_closed_at = issued_at "
        "WHERE status = 'issued' AND issued_at IS NOT NULL"
    )
    op.execute("UPDATE public_notices SET closed_at = updated_at WHERE status = 'issued'")


def downgrade() -> None:
    with op.batch_alter_table("public_notice_entries") as batch:
        batch.drop_column("work_unit")
        batch.drop_column("holder_name")
    with op.batch_alter_table("public_notices") as batch:
        batch.drop_column("closed_at")
        batch.drop_column("objection_contact")
    with op.batch_alter_table("result_batches") as batch:
        batch.drop_column("notice_closed_at")
    with op.batch_alter_table("batch_rows") as batch:
        batch.drop_column("work_unit")
