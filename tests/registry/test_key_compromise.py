"""Key compromise and the operator's status commands, run as the CLI runs them."""

import datetime as dt
import json
import time

from certs.credential.jose import b64url_decode
from registry.batches.rows import json_rows
from registry.batches.services import Caller, issue_batch, submit_batch
from tests.batch_helpers import PAST, PAST_DECISION, past_row
from tests.factories import BUREAU, NOW, at, bearer, make_pdf_key, setup_registry
from tests.status_helpers import REVOKE, change, list_bit, status_index
from tests.verify.test_pdf_upload import upload
from tests.verify.test_status_pages import banner

# The key is found compromised from SINCE; the registry's clock, and the operator's, read LATER.
SINCE = NOW + dt.timedelta(hours=1)
LATER = NOW + dt.timedelta(hours=2)


def _issue(registry_app, registry, token, people, moment=NOW) -> list[dict]:
    """The titles of ``people`` (past_row indexes) from one results batch on notice since
    ``PAST`` and signed at ``moment``, as the bureau reads them."""
    state = registry_app.extensions["registry"]
    caller = Caller(BUREAU, None)
    rows = json_rows([past_row(i) for i in people])
    with state.sessions() as session, session.begin():
        rules = state.notice_rules(session)
        batch = submit_batch(
            session, caller, "BJ-DZ-01", rows, state.issuer(session), state.protector, rules, PAST
        )
        _, signed = issue_batch(
            session,
            caller,
            batch.public_id,
            PAST_DECISION,
            state.issuer(session),
            state.protector,
            moment,
        )
    serials = [item.serial for item in signed]
    return [
        registry.get(f"/api/v1/certificates/{serial}", headers=bearer(token)).get_json()
        for serial in serials
    ]


def _registry_at_later(registry_app) -> dict:
    at(registry_app, LATER)
    return setup_registry(registry_app)


def test_compromised_key_is_distrusted_from_its_time_and_resigning_restores_trust(
    registry_app, registry, verify, cli
):
    tokens = _registry_at_later(registry_app)
    bureau = tokens["bureau"]
    [before] = _issue(registry_app, registry, bureau, [0])
    [after] = _issue(registry_app, registry, bureau, [1], LATER)
    old_kid = after["kid"]
    assert before["kid"] == old_kid

    out = cli("keys", "compromise", old_kid, "--since", SINCE.isoformat())
    assert f"compromised: {old_kid}; certificates to re-sign: 1" in out
    new_kid = out.split("active: ")[1].split()[0]
    answers = {
        c["serial"]: verify.get(f"/api/v1/certificates/{c['serial']}").get_json()
        for c in (before, after)
    }
    assert answers[after["serial"]]["key_compromised"] is True
    assert answers[after["serial"]]["result"] == "key_compromised"
    assert answers[after["serial"]]["signature"]["key_status"] == "compromised"
    shown = banner(verify, after["serial"])
    assert shown.startswith(' signature_invalid"') and "签名密钥已泄露" in shown
    assert "Signing key compromised" in shown and "有效" not in shown
    assert answers[before["serial"]]["key_compromised"] is False
    assert answers[before["serial"]]["result"] == "valid"
    assert "有效" in banner(verify, before["serial"])
    jwks = {k["kid"]: k for k in verify.get("/.well-known/jwks.json").get_json()["keys"]}
    assert jwks[old_kid]["status"] == "compromised" and "compromised_since" in jwks[old_kid]
    # The key signs nothing more: new certificates and the lists use the new key.
    assert _issue(registry_app, registry, bureau, [2], LATER)[0]["kid"] == new_kid
    # The compromise signed the lists again, with the new key.
    status_list = verify.get("/status/revocation").get_data(as_text=True)
    assert json.loads(b64url_decode(status_list.split(".")[0]))["kid"] == new_kid
    assert list_bit(verify, "revocation", status_index(registry, after["serial"], bureau)) == 0

    assert "re-signed: 1" in cli("keys", "resign")
    answer = verify.get(f"/api/v1/certificates/{after['serial']}").get_json()
    assert answer["key_compromised"] is False and answer["signature"]["kid"] == new_kid
    assert answer["result"] == "valid" and answer["serial"] == after["serial"]
    audit = registry.get(
        "/api/v1/audit?action=certificate.resign", headers=bearer(tokens["bureau"])
    ).get_json()["records"]
    assert [(r["object_id"], r["detail"]["old_kid"]) for r in audit] == [(after["serial"], old_kid)]
    assert "re-signed: 0" in cli("keys", "resign")


def test_operator_revokes_and_publishes_from_the_command_line(registry_app, registry, verify, cli):
    tokens = _registry_at_later(registry_app)
    [issued] = _issue(registry_app, registry, tokens["bureau"], [0])
    serial = issued["serial"]
    out = cli(
        "certificates", "revoke", serial, "--reason", "forged_awards",
        "--decision", "京人社职撤〔2026〕5号", "--effective", "2026-11-20", "--note", "私下备注",
    )  # fmt: skip
    assert "valid -> revoked" in out
    answer = verify.get(f"/api/v1/certificates/{serial}").get_json()
    assert answer["result"] == "revoked" and answer["status_reason"] == "fraud"
    assert "published: revocation, suspension" in cli("status-lists", "publish")
    refused = cli("certificates", "suspend", serial, "--decision", "x", ok=False)
    assert "revoked" in refused
    # A kid may start with "-" (base64url): it is still the argument, not an option.
    unknown = cli("keys", "compromise", "-8abc", "--since", "2026-11-01T00:00:00Z", ok=False)
    assert "No signing key -8abc" in unknown


def test_the_pdf_answer_reads_key_compromised_and_revocation_outranks_it(
    registry_app, registry, verify, cli
):
    tokens = _registry_at_later(registry_app)
    bureau = tokens["bureau"]
    make_pdf_key(registry_app)
    signed, revoked = _issue(registry_app, registry, bureau, [0, 1], LATER)
    cli("keys", "compromise", signed["kid"], "--since", SINCE.isoformat())

    pdf = registry.get(f"/api/v1/certificates/{signed['serial']}/pdf", headers=bearer(bureau))
    answer = upload(verify, pdf.get_data()).get_json()
    assert answer["result"] == "key_compromised"
    assert answer["certificate"]["result"] == "key_compromised"
    assert answer["result_zh"] == "签名密钥已泄露" and "泄露" in answer["message_zh"]
    page = upload(verify, pdf.get_data(), path="/pdf").get_data(as_text=True)
    shown = page.split('<section class="banner', 1)[1].split("</section>", 1)[0]
    assert shown.startswith(' signature_invalid"') and "签名密钥已泄露" in shown

    assert change(registry, revoked["serial"], bureau, **REVOKE).status_code == 201
    answer = verify.get(f"/api/v1/certificates/{revoked['serial']}").get_json()
    assert answer["result"] == "revoked" and answer["key_compromised"] is True
    assert "已撤销" in banner(verify, revoked["serial"])


def test_a_remembered_signature_reads_the_key_status_once_the_key_cache_expires(
    registry_app, registry, database_url, cli
):
    from verify import create_app
    from verify.config import Settings

    tokens = _registry_at_later(registry_app)
    [issued] = _issue(registry_app, registry, tokens["bureau"], [0], LATER)
    app = create_app(
        Settings(database_url, "https://verify.example.gov.cn", key_cache_seconds=0.05)
    )
    url = f"/api/v1/certificates/{issued['serial']}"
    try:
        verify = app.test_client()
        assert verify.get(url).get_json()["result"] == "valid"  # its signature now remembered
        cli("keys", "compromise", issued["kid"], "--since", SINCE.isoformat())
        time.sleep(0.1)
        answer = verify.get(url).get_json()
    finally:
        app.extensions["verify"].engine.dispose()
    assert answer["signature"]["key_status"] == "compromised"
    assert answer["result"] == "key_compromised" and answer["key_compromised"] is True


def test_a_presented_credential_is_distrusted_only_if_signed_from_the_compromise_time(
    registry_app, registry, verify, cli
):
    tokens = _registry_at_later(registry_app)
    bureau = tokens["bureau"]
    [before] = _issue(registry_app, registry, bureau, [0])
    [after] = _issue(registry_app, registry, bureau, [1], LATER)
    files = {
        c["serial"]: registry.get(
            f"/api/v1/certificates/{c['serial']}/credential", headers=bearer(bureau)
        ).get_data(as_text=True)
        for c in (before, after)
    }
    cli("keys", "compromise", after["kid"], "--since", SINCE.isoformat())

    def answer(certificate, presented):
        body = {"token": files[certificate["serial"]]} if presented == "file" else {}
        body = body or {"qr_text": certificate["qr_text"]}
        return verify.post("/api/v1/verify", json=body).get_json()

    for presented in ("file", "qr"):
        trusted, distrusted = answer(before, presented), answer(after, presented)
        assert trusted["token_signature"]["key_compromised"] is False, presented
        assert trusted["result"] == "valid"
        assert distrusted["token_signature"]["key_compromised"] is True, presented
        assert distrusted["result"] == "key_compromised"
    assert "re-signed: 1" in cli("keys", "resign")
    # The re-signed record is trusted again; the old file and QR, signed after the
    # compromise time (a QR states no time: nothing proves it was earlier), still are not.
    for presented in ("file", "qr"):
        old = answer(after, presented)
        assert old["token_signature"]["key_compromised"] is True, presented
        assert old["result"] == "valid"
        assert answer(before, presented)["token_signature"]["key_compromised"] is False


def test_a_public_record_the_key_signed_after_its_compromise_is_signed_again(
    registry_app, registry, verify, cli
):
    """Issued before the compromise time, revoked after it with the same key: the
    credentials are trusted, the public record verify reads (signed at the revocation) is
    not, until `keys resign` signs it again."""
    tokens = _registry_at_later(registry_app)
    bureau = tokens["bureau"]
    [issued] = _issue(registry_app, registry, bureau, [0])  # signed at NOW, before SINCE
    assert change(registry, issued["serial"], bureau, **REVOKE).status_code == 201  # at LATER
    out = cli("keys", "compromise", issued["kid"], "--since", SINCE.isoformat())
    assert "certificates to re-sign: 0" in out
    url = f"/api/v1/certificates/{issued['serial']}"
    answer = verify.get(url).get_json()
    assert answer["result"] == "revoked" and answer["key_compromised"] is True
    out = cli("keys", "resign")
    assert "re-signed: 0" in out and "public records re-signed: 1" in out
    answer = verify.get(url).get_json()
    assert answer["result"] == "revoked" and answer["key_compromised"] is False
    assert answer["signature"]["valid"] is True and answer["signature"]["kid"] == issued["kid"]
    assert "public records re-signed: 0" in cli("keys", "resign")
