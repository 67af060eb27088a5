"""Every certificate records how it was evaluated (评价方式, policy 三(四)2): review (评审)
or recognition (认定), in the private record and the public projection.

Rows that exist already: a certificate recognised from a professional qualification (route
``qualification_equivalence``) was 认定; every other one came from a committee's review.

The columns are added NOT NULL with a server default, in place (ALTER TABLE, SQLite too):
rebuilding the certificates table would trip over the rows that refer to it.

Revision ID: 0016
Revises: 0011
Create Date: 2026-11-27 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("certificates", "public_certificates")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column(
                "evaluation_method", sa.String(length=20), nullable=False, server_default="review"
            ),
        )
    op.execute(
        "UPDATE certificates SET evaluation_method = 'recognition' "
        "WHERE route = 'qualification_equivalence'"
    )
    op.execute(
        "UPDATE public_certificates SET evaluation_method = 'recognition' "
        "WHERE serial IN (SELECT serial FROM certificates "
        "WHERE route = 'qualification_equivalence')"
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "evaluation_method")
