"""verify holds nothing worth stealing: read every public table row by row, as verify's own
database login sees it, and no title holder's full name is in it, except on a public notice
while it runs (公示 shows full names by design; the notice-close step removes them).

The record check rests on the registry's signature over the public fields themselves, so a
row edited behind the service's back still reads as altered."""

from __future__ import annotations

import base64
import binascii
import json

import pytest
import sqlalchemy as sa

from registry.db import Base
from registry.projection import models as projection
from tests.batch_helpers import issued_from, past_row
from tests.factories import batch_row, bearer, id_number, setup_registry
from tests.status_helpers import REVOKE, change
from verify.tables import metadata as verify_metadata

ISSUED_NAMES = {0: "欧阳明月", 1: "司马相如", 2: "诸葛孔明", 3: None, 4: None}  # None: 李 + one
ON_NOTICE = [batch_row(i, holder_name=name) for i, name in ((40, "上官婉儿"), (41, "令狐冲"))]


def public_tables() -> list[sa.Table]:
    """Every table of the public projection (registry/projection/models.py)."""
    return [
        model.__table__
        for model in vars(projection).values()
        if isinstance(model, type)
        and issubclass(model, Base)
        and model.__module__ == projection.__name__
    ]


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _decoded(value: object) -> str:
    """A stored value as text, with every base64url piece of it (a JWS's header and
    payload, a status list) decoded too: a name may not hide in an encoding."""
    text = "" if value is None else str(value)
    pieces = [text]
    for part in text.replace(".", " ").replace("#", " ").split():
        try:
            pieces.append(_b64(part).decode())
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
    return "\n".join(pieces)


def stored_text(engine: sa.Engine) -> dict[str, list[str]]:
    """Each public table's rows, each as one text, read through ``engine``."""
    found: dict[str, list[str]] = {}
    with engine.connect() as connection:
        for table in public_tables():
            rows = connection.execute(sa.select(sa.text("*")).select_from(table)).all()
            found[table.name] = [" | ".join(_decoded(value) for value in row) for row in rows]
    return found


@pytest.fixture
def cli(registry_app):
    """An operator command's output (``flask --app registry ...``); it must succeed."""
    runner = registry_app.test_cli_runner()

    def run(*args: str) -> str:
        with registry_app.app_context():
            result = runner.invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture
def world(registry_app, registry):
    """Titles issued, one of them revoked, and a batch of other people still on notice."""
    tokens = setup_registry(registry_app)
    rows = [
        past_row(i, holder_name=name, holder_id_number=id_number(i))
        if name
        else past_row(i, holder_id_number=id_number(i))
        for i, name in ISSUED_NAMES.items()
    ]
    issued = issued_from(registry_app, rows)
    names = [row["holder_name"] for row in rows]
    assert change(registry, issued[1].serial, tokens["bureau"], **REVOKE).status_code == 201
    submitted = registry.post(
        "/api/v1/batches", json={"rows": ON_NOTICE}, headers=bearer(tokens["committee"])
    )
    assert submitted.status_code == 201, submitted.json
    return {
        "names": names,
        "serials": [item.serial for item in issued],
        "running": submitted.json["id"],
        "tokens": tokens,
    }


def test_no_public_table_holds_a_full_name_but_a_running_notice(registry_app, verify, world):
    engine = verify.application.extensions["verify"].engine
    stored = stored_text(engine)
    assert set(verify_metadata.tables) <= set(stored)  # every table verify reads is searched
    assert stored["public_certificates"] and stored["public_keys"]

    for table, rows in stored.items():
        for row in rows:
            for name in world["names"]:
                assert name not in row, (table, name)
    on_notice = [row["holder_name"] for row in ON_NOTICE]
    running = [row for row in stored["public_notice_entries"] if row.startswith(world["running"])]
    assert running and all(any(name in row for name in on_notice) for row in running)
    for table, rows in stored.items():
        for row in rows:
            if table == "public_notice_entries" and row in running:
                continue
            for name in on_notice:
                assert name not in row, (table, name)

    # What verify shows of them is the masked name, and the check still holds.
    for serial, name in zip(world["serials"], world["names"], strict=True):
        answer = verify.get(f"/api/v1/certificates/{serial}")
        assert answer.json["signature"]["valid"] is True
        assert name not in answer.get_data(as_text=True)
    revoked = verify.get(f"/api/v1/certificates/{world['serials'][1]}").json
    assert revoked["result"] == "revoked"


@pytest.mark.parametrize(
    "values",
    [
        {"masked_name": "欧*月"},
        {"masked_name": "欧阳明月"},  # the full name put back behind the registry's back
        {"level": "senior_engineer", "title_zh": "高级工程师"},
    ],
)
def test_a_public_row_altered_behind_the_service_reads_as_altered(
    registry_app, verify, world, values
):
    serial = world["serials"][0]
    with registry_app.extensions["registry"].engine.begin() as connection:
        connection.execute(
            sa.update(projection.PublicCertificate)
            .where(projection.PublicCertificate.serial == serial)
            .values(**values)
        )
    body = verify.get(f"/api/v1/certificates/{serial}").get_json()
    assert body["result"] == "signature_invalid"
    assert body["signature"]["valid"] is False
    assert body["signature"]["reason"] == "record_mismatch"
    page = verify.get(f"/c/{serial}").get_data(as_text=True)
    assert "签名无效" in page


def test_rows_from_before_the_public_record_are_signed_by_the_operator_command(
    registry_app, verify, world, cli
):
    with registry_app.extensions["registry"].engine.begin() as connection:
        connection.execute(sa.update(projection.PublicCertificate).values(public_record=None))
        connection.execute(  # and one row altered: it is rebuilt, never signed as it stands
            sa.update(projection.PublicCertificate)
            .where(projection.PublicCertificate.serial == world["serials"][2])
            .values(level="senior_engineer")
        )
    serial = world["serials"][0]
    unsigned = verify.get(f"/api/v1/certificates/{serial}").get_json()
    assert unsigned["result"] == "signature_invalid"
    assert unsigned["signature"]["reason"] == "record_unsigned"
    assert f"public records signed: {len(world['serials'])}" in cli("keys", "resign-records")
    assert "public records signed: 0" in cli("keys", "resign-records")
    for serial in world["serials"]:
        body = verify.get(f"/api/v1/certificates/{serial}").get_json()
        assert body["signature"]["valid"] is True, body["signature"]
    assert verify.get(f"/api/v1/certificates/{world['serials'][1]}").json["result"] == "revoked"
    assert verify.get(f"/api/v1/certificates/{world['serials'][2]}").json["level"] == "engineer"
    assert f"public records signed: {len(world['serials'])}" in cli(
        "keys", "resign-records", "--all"
    )


def test_a_public_record_carries_the_masked_name_only(registry_app, world):
    with registry_app.extensions["registry"].engine.connect() as connection:
        records = connection.execute(
            sa.select(projection.PublicCertificate.public_record)
        ).scalars()
        payloads = [json.loads(_b64(r.split(".")[1])) for r in records]
    assert {p["masked_name"] for p in payloads} >= {"欧阳*月", "司马*如", "李*"}
    assert all("name" not in p for p in payloads)
