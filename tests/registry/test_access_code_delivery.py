"""A lost issuance answer loses no access codes: the bureau re-issues a batch's codes (API or
operator command, into a mail-merge file); the old codes stop working, the new ones open the
holders' certificates, and the audit trail names what was done without any code."""

from __future__ import annotations

import csv
import io
import stat

from tests.factories import at, batch_row, bearer
from tests.registry.test_batches import AFTER_NOTICE, ISSUE, submit


def sign_in(registry, serial, index, code):
    return registry.post(
        "/api/v1/holder/session",
        json={
            "serial": serial,
            "id_number": batch_row(index)["holder_id_number"],
            "access_code": code,
        },
    )


def test_the_bureau_recovers_a_lost_answer_s_codes_and_the_old_ones_stop_working(
    registry_app, registry, tokens, invoke, tmp_path
):
    batch = submit(registry, tokens["committee"], [batch_row(0), batch_row(1)]).json
    at(registry_app, AFTER_NOTICE)
    url = f"/api/v1/batches/{batch['id']}/issue"
    headers = bearer(tokens["committee"]) | {"Idempotency-Key": "lost-answer"}
    lost = registry.post(url, json=ISSUE, headers=headers).json["certificates"]
    replay = registry.post(url, json=ISSUE, headers=headers).json["certificates"]
    assert [c["access_code"] for c in replay] == [None, None]
    serials = [c["serial"] for c in replay]

    codes_url = f"/api/v1/batches/{batch['id']}/access-codes"
    assert registry.post(codes_url, headers=bearer(tokens["committee"])).status_code == 403
    recovered = registry.post(codes_url, headers=bearer(tokens["bureau"]))
    assert recovered.status_code == 201, recovered.json
    assert recovered.headers["Cache-Control"] == "no-store"
    new = recovered.json["certificates"]
    assert [(c["row"], c["serial"]) for c in new] == [(1, serials[0]), (2, serials[1])]
    assert new[1]["holder_name"] == batch_row(1)["holder_name"]
    assert sign_in(registry, serials[1], 1, lost[1]["access_code"]).status_code == 401
    mine = sign_in(registry, serials[1], 1, new[1]["access_code"])
    assert mine.status_code == 201, mine.json

    # The operator's command: new codes again, into a new file only its owner reads.
    out = tmp_path / "codes.csv"
    result = invoke("batches", "access-codes", batch["id"], "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "2 new access codes" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["row"] for r in rows] == ["1", "2"]
    assert rows[0]["holder_name"] == batch_row(0)["holder_name"]
    assert rows[0]["serial"].replace("-", "") == serials[0]
    assert sign_in(registry, serials[0], 0, new[0]["access_code"]).status_code == 401
    assert sign_in(registry, serials[0], 0, rows[0]["access_code"]).status_code == 201
    # The API's codes stopped working and their holder was signed out.
    signed_out = registry.get("/api/v1/holder/certificate", headers=bearer(mine.json["token"]))
    assert signed_out.status_code == 401
    # An existing file is never overwritten; nothing changes.
    again = invoke("batches", "access-codes", batch["id"], "--out", str(out))
    assert again.exit_code != 0 and "exists" in again.output
    assert sign_in(registry, serials[1], 1, rows[1]["access_code"]).status_code == 201

    audit = registry.get(
        "/api/v1/audit",
        query_string={"action": "batch.access_codes_reissue"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert [(r["object_id"], r["detail"]["certificates"]) for r in audit] == [
        (batch["id"], 2),
        (batch["id"], 2),
    ]
    resets = registry.get(
        "/api/v1/audit",
        query_string={"action": "certificate.access_code_reset"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert sorted(r["object_id"] for r in resets) == sorted(serials * 2)
    everything = str(audit) + str(resets)
    for code in [c["access_code"] for c in new] + [r["access_code"] for r in rows]:
        assert code not in everything and code.replace("-", "") not in everything


def test_only_an_issued_batch_has_codes_to_re_issue(registry, tokens):
    batch = submit(registry, tokens["committee"], [batch_row(0)]).json
    refused = registry.post(
        f"/api/v1/batches/{batch['id']}/access-codes", headers=bearer(tokens["bureau"])
    )
    assert refused.status_code == 409 and "尚未发证" in refused.json["detail_zh"]
    unknown = registry.post("/api/v1/batches/BNOPE/access-codes", headers=bearer(tokens["bureau"]))
    assert unknown.status_code == 404


def test_a_mail_merge_cell_is_never_read_as_a_formula():
    from registry.batches.access_codes import NewCode, mail_merge_csv

    text = mail_merge_csv([NewCode(1, "A" * 16, "=HYPERLINK(1)", "engineer", "B")]).decode()
    assert "'=HYPERLINK(1)" in text
