"""The import of the bureau's existing register: imported titles, the runs that import
them, and the look-up of an imported title by its original number and the holder's name.

``certificates`` gains what an imported title keeps of its original (number, source, the
issuing body and specialty as written then) and the keyed hash that finds it by original
number and full name; ``public_certificates`` gains the original number and the source,
which its signed public record then covers (rows without them sign as before).
``register_import_runs`` keeps, per file (SHA-256), the last row committed, so that an
interrupted import resumes there and a rerun adds nothing; ``register_import_rows`` holds
each row's outcome, unique per (file, row). ``original_number_clients`` counts look-ups per
client (a keyed hash of its address).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False, server_default="0")


def upgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.add_column(sa.Column("original_number", sa.String(200), nullable=True))
        batch.add_column(sa.Column("import_source", sa.String(40), nullable=True))
        batch.add_column(sa.Column("issuing_body", sa.String(200), nullable=True))
        batch.add_column(sa.Column("specialty_as_written", sa.String(100), nullable=True))
        batch.add_column(sa.Column("original_lookup_hash", sa.String(64), nullable=True))
    op.create_index(
        "ix_certificates_original_lookup_hash", "certificates", ["original_lookup_hash"]
    )
    with op.batch_alter_table("public_certificates") as batch:
        batch.add_column(sa.Column("original_number", sa.String(200), nullable=True))
        batch.add_column(sa.Column("import_source", sa.String(40), nullable=True))
    op.create_table(
        "register_import_runs",
        sa.Column("file_sha256", sa.String(64), primary_key=True),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),  # running | complete
        _count("rows_done"),  # the last spreadsheet row committed
        _count("codes_through"),  # the last row whose access codes were written out
        _count("imported"),
        _count("duplicates"),
        _count("refused"),
        _at("started_at"),
        _at("updated_at"),
        _at("finished_at", nullable=True),
    )
    op.create_table(
        "register_import_rows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),  # imported | duplicate | refused
        sa.Column("certificate_id", sa.Integer(), sa.ForeignKey("certificates.id"), nullable=True),
        sa.UniqueConstraint("file_sha256", "row_number", name="ux_register_import_rows_row"),
    )
    op.create_table(
        "original_number_clients",
        sa.Column("client_hash", sa.String(32), primary_key=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        _at("window_started"),
    )


def downgrade() -> None:
    op.drop_table("original_number_clients")
    op.drop_table("register_import_rows")
    op.drop_table("register_import_runs")
    with op.batch_alter_table("public_certificates") as batch:
        batch.drop_column("import_source")
        batch.drop_column("original_number")
    op.drop_index("ix_certificates_original_lookup_hash", "certificates")
    with op.batch_alter_table("certificates") as batch:
        for name in (
            "original_lookup_hash",
            "specialty_as_written",
            "issuing_body",
            "import_source",
            "original_number",
        ):
            batch.drop_column(name)
