"""The qualification-to-title equivalence list, its versions, its public projection,
and recognitions (认定).

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-26 11:36:48.037350
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "equivalence_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("awarding_body", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=True),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("holds_since", sa.Date(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("version_from", sa.Integer(), nullable=False),
        sa.Column("version_to", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", "version_from"),
    )
    with op.batch_alter_table("equivalence_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_equivalence_entries_code"), ["code"], unique=False)
        batch_op.create_index(
            "ix_equivalence_entries_span", ["version_from", "version_to"], unique=False
        )

    op.create_table(
        "equivalence_versions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "public_equivalence_entries",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("awarding_body", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=True),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("holds_since", sa.Date(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("version_from", sa.Integer(), nullable=False),
        sa.Column("version_to", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("public_equivalence_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_public_equivalence_entries_span", ["version_from", "version_to"], unique=False
        )

    op.create_table(
        "public_equivalence_versions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    with op.batch_alter_table("public_equivalence_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_public_equivalence_versions_effective_from"),
            ["effective_from"],
            unique=False,
        )

    op.create_table(
        "recognitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("equivalence_code", sa.String(length=32), nullable=False),
        sa.Column("equivalence_version", sa.Integer(), nullable=False),
        sa.Column("qualification_name", sa.String(length=100), nullable=False),
        sa.Column("qualification_grade", sa.String(length=20), nullable=False),
        sa.Column("qualification_number", sa.String(length=60), nullable=False),
        sa.Column("qualification_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("certificate_id"),
        sa.UniqueConstraint("equivalence_code", "qualification_number"),
    )


def downgrade() -> None:
    op.drop_table("recognitions")
    with op.batch_alter_table("public_equivalence_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_equivalence_versions_effective_from"))

    op.drop_table("public_equivalence_versions")
    with op.batch_alter_table("public_equivalence_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_public_equivalence_entries_span")

    op.drop_table("public_equivalence_entries")
    op.drop_table("equivalence_versions")
    with op.batch_alter_table("equivalence_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_equivalence_entries_span")
        batch_op.drop_index(batch_op.f("ix_equivalence_entries_code"))

    op.drop_table("equivalence_entries")
