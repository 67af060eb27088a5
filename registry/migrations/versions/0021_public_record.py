"""The public projection keeps a signed public record instead of the credentials.

``public_certificates`` loses ``credential`` and ``qr_token`` (both carry the holder's
unmasked name) and gains ``public_record``: the registry's signature (a compact JWS, typ
public-record+jwt) over the row's public fields, masked name included.

A migration holds no key, so rows already there are left without a record, and verify reads
them as ``signature_invalid`` (reason ``record_unsigned``) until they are signed. After
upgrading, the operator runs, once, with the registry's keys at hand:

    flask --app registry keys resign-records

which writes every row without a record again from the registry's own certificates, signed
with the active key (and is harmless to run again).
A fresh database (``flask --app registry init-db``) needs nothing: every row is written with
its record.

Downgrading restores both columns from the registry's own ``certificates`` table.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("public_certificates") as batch:
        batch.add_column(sa.Column("public_record", sa.Text(), nullable=True))
        batch.drop_column("credential")
        batch.drop_column("qr_token")


def downgrade() -> None:
    with op.batch_alter_table("public_certificates") as batch:
        batch.add_column(sa.Column("credential", sa.Text(), nullable=True))
        batch.add_column(sa.Column("qr_token", sa.Text(), nullable=True))
    op.execute(
        "UPDATE public_certificates SET "
        "credential = (SELECT c.credential FROM certificates c "
        "WHERE c.serial = public_certificates.serial), "
        "qr_token = (SELECT c.qr_token FROM certificates c "
        "WHERE c.serial = public_certificates.serial)"
    )
    with op.batch_alter_table("public_certificates") as batch:
        batch.alter_column("credential", existing_type=sa.Text(), nullable=False)
        batch.alter_column("qr_token", existing_type=sa.Text(), nullable=False)
        batch.drop_column("public_record")
