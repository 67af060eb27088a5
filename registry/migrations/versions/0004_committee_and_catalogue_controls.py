"""The bureau's controls: committee status history, specialty name history, and their
public projection (committees, their status decisions, specialties and their names).

Existing committees and specialties are copied into the projection and every specialty's
current name starts its history, recorded when the specialty was added.

Revision ID: 0004
Revises: 0006
Create Date: 2026-11-26 11:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "committee_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["committee_id"], ["committees.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_committee_status_changes_committee", "committee_status_changes", ["committee_id"]
    )
    op.create_table(
        "specialty_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialty_id", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["specialty_id"], ["specialties.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_specialty_names_specialty", "specialty_names", ["specialty_id"])
    _create_public_tables()
    _backfill()


def _create_public_tables() -> None:
    op.create_table(
        "public_committees",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("filing_number", sa.String(length=100), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "public_committee_status",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("committee_code", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_public_committee_status_code", "public_committee_status", ["committee_code"]
    )
    op.create_table(
        "public_specialties",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "public_specialty_names",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("specialty_code", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_public_specialty_names_code", "public_specialty_names", ["specialty_code"])


def _backfill() -> None:
    op.execute(
        "INSERT INTO specialty_names (specialty_id, name_zh, name_en, valid_from, recorded_at) "
        "SELECT id, name_zh, name_en, valid_from, created_at FROM specialties"
    )
    op.execute(
        "INSERT INTO public_specialties "
        "(code, name_zh, name_en, field, valid_from, valid_to, updated_at) "
        "SELECT code, name_zh, name_en, field, valid_from, valid_to, created_at FROM specialties"
    )
    op.execute(
        "INSERT INTO public_specialty_names "
        "(id, specialty_code, name_zh, name_en, valid_from, valid_to) "
        "SELECT n.id, s.code, n.name_zh, n.name_en, n.valid_from, n.valid_to "
        "FROM specialty_names n JOIN specialties s ON s.id = n.specialty_id"
    )
    op.execute(
        "INSERT INTO public_committees (code, name_zh, name_en, organisation, filing_number, "
        "levels, specialties, valid_from, valid_to, updated_at) "
        "SELECT code, name_zh, name_en, organisation, filing_number, levels, specialties, "
        "valid_from, valid_to, created_at FROM committees"
    )


def downgrade() -> None:
    for table in (
        "public_specialty_names",
        "public_specialties",
        "public_committee_status",
        "public_committees",
        "specialty_names",
        "committee_status_changes",
    ):
        op.drop_table(table)
