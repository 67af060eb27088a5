"""Holders reach their own certificate with serial + ID-card number + access code; failed
attempts are limited in the database; the bureau resets codes."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry import create_app
from registry.holders.access import access_code_hash, new_access_code
from registry.protect import IdNumberProtector
from tests.batch_helpers import past_row, title_held, titles_held
from tests.factories import ID_NUMBERS, NOW, at, bearer, id_number
from tests.registry.test_batch_idempotency import together


def held(registry_app, registry, tokens, **overrides) -> dict:
    """A title from a results batch as the bureau reads it, with the holder's access code."""
    title = title_held(registry_app, **overrides)
    response = registry.get(
        f"/api/v1/certificates/{title.serial}", headers=bearer(tokens["bureau"])
    )
    assert response.status_code == 200, response.json
    return {**response.json, "access_code": title.access_code}


@pytest.fixture
def issued(registry_app, registry, tokens):
    """张三's title and the access code handed to him."""
    return held(registry_app, registry, tokens)


def sign_in(client, serial, access_code, number=ID_NUMBERS[0], address=None):
    headers = {"X-Real-IP": address} if address else {}
    return client.post(
        "/api/v1/holder/session",
        json={"serial": serial, "id_number": number, "access_code": access_code},
        headers=headers,
    )


def test_holder_signs_in_with_the_three_and_sees_the_unmasked_certificate(registry, issued):
    typed_serial = issued["serial_display"].lower().replace("-", " ")
    typed_code = issued["access_code"].lower()
    response = sign_in(registry, typed_serial, typed_code)
    assert response.status_code == 201, response.json
    mine = registry.get("/api/v1/holder/certificate", headers=bearer(response.json["token"]))
    assert mine.status_code == 200
    assert mine.json["holder_name"] == "张三" and mine.json["serial"] == issued["serial"]
    assert mine.json["holder_id_number_masked"] == "110105********002X"


def test_the_answer_never_tells_which_input_was_wrong(registry_app, registry, tokens, issued):
    other = held(registry_app, registry, tokens, holder_id_number=id_number(7))
    wrong = [
        sign_in(registry, other["serial"], issued["access_code"]),  # someone else's serial
        sign_in(registry, issued["serial"], issued["access_code"], id_number(8)),
        sign_in(registry, issued["serial"], other["access_code"]),  # wrong code
    ]
    assert {r.status_code for r in wrong} == {401}
    assert len({r.get_data() for r in wrong}) == 1
    assert "不匹配" in wrong[0].json["detail_zh"]


def test_a_malformed_code_is_refused_before_it_costs_an_attempt(registry, issued):
    code = issued["access_code"]
    # Swap the first two neighbours that differ (swapping equal ones changes nothing).
    i = next(
        i for i in range(len(code) - 1) if "-" not in code[i : i + 2] and code[i] != code[i + 1]
    )
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    response = sign_in(registry, issued["serial"], swapped)
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "access_code"
    assert "查询码" in response.json["errors"][0]["message_zh"]


def test_strangers_failing_from_many_addresses_never_lock_the_holder_out(
    registry_app, registry, settings, tokens, issued
):
    wrong_number = id_number(9)
    for attempt in range(30):
        response = sign_in(
            registry, issued["serial"], issued["access_code"], wrong_number, f"203.0.113.{attempt}"
        )
        assert response.status_code == 401
    # Past the certificate's ceiling (20), a client that already failed on it waits a few
    # seconds after the last failure, at most a minute: slowed, not locked.
    again = sign_in(registry, issued["serial"], issued["access_code"], address="203.0.113.1")
    assert again.status_code == 429
    assert again.headers["Retry-After"] == "60" and "60 秒" in again.json["detail_zh"]
    # Another worker process (a second app on the same database) at the same moment: the
    # holder, from an address of their own, signs in with the right inputs.
    other_worker = create_app(settings)
    at(other_worker, NOW)
    mine = sign_in(
        other_worker.test_client(), issued["serial"], issued["access_code"], address="198.51.100.5"
    )
    other_worker.extensions["registry"].engine.dispose()
    assert mine.status_code == 201, mine.json
    # ...and sees that someone tried: 30 failures from 30 clients, none from here.
    record = mine.json["failed_attempts"]
    assert (record["count"], record["clients"], record["refused"]) == (30, 30, 1)
    assert not any(f["this_client"] for f in record["failures"])
    listed = registry.get(
        "/api/v1/holder/sign-in-failures",
        headers=bearer(mine.json["token"]) | {"X-Real-IP": "203.0.113.29"},
    )
    assert listed.status_code == 200 and listed.json["count"] == 30
    assert listed.json["failures"][0]["this_client"] and listed.json["failures"][0]["client"] == 30
    # The audit trail notes the slowing once, without any address or hash of one.
    audit = registry.get(
        "/api/v1/audit",
        query_string={"action": "holder.sign_in_slowed"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert [(r["object_id"], r["detail"]["failures"]) for r in audit] == [(issued["serial"], 20)]
    assert "203.0.113" not in str(audit)
    # A minute later the stranger may try again, and fails again.
    at(registry_app, NOW + dt.timedelta(seconds=60))
    later = sign_in(
        registry, issued["serial"], issued["access_code"], wrong_number, address="203.0.113.1"
    )
    assert later.status_code == 401


def test_one_client_backs_off_exponentially_on_one_certificate(registry_app, registry, issued):
    serial, code, wrong = issued["serial"], issued["access_code"], id_number(9)
    for _ in range(5):
        assert sign_in(registry, serial, code, wrong, "192.0.2.9").status_code == 401
    # Even the right inputs wait out the back-off from this client...
    blocked = sign_in(registry, serial, code, address="192.0.2.9")
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "60"
    assert "60 seconds" in blocked.json["detail"]
    # ...but not from another.
    assert sign_in(registry, serial, code, address="192.0.2.10").status_code == 201
    at(registry_app, NOW + dt.timedelta(seconds=60))
    assert sign_in(registry, serial, code, wrong, "192.0.2.9").status_code == 401
    doubled = sign_in(registry, serial, code, address="192.0.2.9")
    assert doubled.status_code == 429 and doubled.headers["Retry-After"] == "120"
    at(registry_app, NOW + dt.timedelta(seconds=180))
    mine = sign_in(registry, serial, code, address="192.0.2.9")
    assert mine.status_code == 201
    assert mine.json["failed_attempts"]["count"] == 6
    assert all(f["this_client"] for f in mine.json["failed_attempts"]["failures"])


def test_failures_are_limited_per_client(registry_app, registry, issued):
    serials = titles_held(registry_app, [past_row(i) for i in range(20, 23)])
    for attempt in range(10):
        response = sign_in(
            registry, serials[attempt % 3], issued["access_code"], address="198.51.100.7"
        )
        assert response.status_code == 401
    blocked = sign_in(registry, issued["serial"], issued["access_code"], address="198.51.100.7")
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "900"
    elsewhere = sign_in(registry, issued["serial"], issued["access_code"], address="198.51.100.8")
    assert elsewhere.status_code == 201
    at(registry_app, NOW + dt.timedelta(minutes=15))
    again = sign_in(registry, issued["serial"], issued["access_code"], address="198.51.100.7")
    assert again.status_code == 201


def test_concurrent_wrong_tries_never_exceed_the_limits(registry_app, issued):
    """The counts are raised atomically: tries sent at once, each in its own thread and
    connection, get exactly the limit's number of answers and no more."""
    from certs.serials import generate_serial

    def attempt(serial, address):
        return lambda: sign_in(
            registry_app.test_client(), serial, issued["access_code"], ID_NUMBERS[0], address
        )

    # Per client, on every certificate: 10 failures in 15 minutes.
    answers = together([attempt(generate_serial(), "198.51.100.20") for _ in range(16)])
    assert sorted(r.status_code for r in answers) == [401] * 10 + [429] * 6
    # Per client on one certificate: 5 failures, then back-off.
    wrong = id_number(9)
    answers = together(
        [
            lambda: sign_in(
                registry_app.test_client(),
                issued["serial"],
                issued["access_code"],
                wrong,
                "198.51.100.21",
            )
        ]
        * 12
    )
    assert sorted(r.status_code for r in answers) == [401] * 5 + [429] * 7


def test_holder_endpoints_need_a_holder_token(registry, tokens):
    for path in ("/api/v1/holder/certificate", "/api/v1/holder/shares"):
        assert registry.get(path).status_code == 401
        # An API client's token is not a holder's.
        assert registry.get(path, headers=bearer(tokens["bureau"])).status_code == 401


def test_bureau_resets_the_access_code_and_signs_the_holder_out(registry, tokens, issued):
    old_session = sign_in(registry, issued["serial"], issued["access_code"]).json["token"]
    refused = registry.post(
        f"/api/v1/certificates/{issued['serial']}/access-code", headers=bearer(tokens["committee"])
    )
    assert refused.status_code == 403
    reset = registry.post(
        f"/api/v1/certificates/{issued['serial']}/access-code", headers=bearer(tokens["bureau"])
    )
    assert reset.status_code == 201 and reset.json["access_code"] != issued["access_code"]
    assert sign_in(registry, issued["serial"], issued["access_code"]).status_code == 401
    assert sign_in(registry, issued["serial"], reset.json["access_code"]).status_code == 201
    signed_out = registry.get("/api/v1/holder/certificate", headers=bearer(old_session))
    assert signed_out.status_code == 401
    audit = registry.get(
        "/api/v1/audit",
        query_string={"action": "certificate.access_code_reset"},
        headers=bearer(tokens["bureau"]),
    ).json["records"]
    assert [r["object_id"] for r in audit] == [issued["serial"]]
    assert reset.json["access_code"].replace("-", "") not in str(audit)


def test_an_access_code_costs_less_than_the_two_signatures_issuance_makes_anyway():
    """Batch issuance of 10,000 must stay fast: no slow password hash per code. Measured
    against Ed25519 signing in the same process, so a busy machine does not flip it."""
    protector = IdNumberProtector.from_secret(b"0123456789abcdef0123456789abcdef")
    key, message = Ed25519PrivateKey.generate(), b"x" * 1400  # a full credential's size
    started = time.perf_counter()
    codes = [new_access_code(protector) for _ in range(2000)]
    codes_time = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(4000):
        key.sign(message)
    assert codes_time < time.perf_counter() - started
    assert len({code for code, _ in codes}) == 2000
    code, digest = codes[0]
    assert access_code_hash(protector, code) == digest and code not in digest


def test_a_signed_in_holder_downloads_the_signed_pdf_the_credential_and_the_qr(
    registry_app, registry, issued
):
    import io

    from pypdf import PdfReader

    from tests.factories import make_pdf_key

    make_pdf_key(registry_app)
    token = sign_in(registry, issued["serial"], issued["access_code"]).json["token"]
    headers = bearer(token)
    pdf = registry.get("/api/v1/holder/certificate/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "张三" in text and issued["serial_display"] in text
    credential = registry.get("/api/v1/holder/certificate/credential", headers=headers)
    assert credential.mimetype == "application/vc+jwt" and credential.data.count(b".") == 2
    assert registry.get("/api/v1/holder/certificate/qr.png", headers=headers).data[:4] == (
        b"\x89PNG"
    )
    assert b"<svg" in registry.get("/api/v1/holder/certificate/qr.svg", headers=headers).data
    assert registry.get("/api/v1/holder/certificate/pdf").status_code == 401


def test_the_limits_are_the_bureaus_settings(tmp_path):
    from registry.config import Settings, SettingsError
    from registry.holders.access import SignInLimits

    env = {"REGISTRY_VAR_DIR": str(tmp_path), "REGISTRY_DEV_SECRETS": "1"}  # secrets made here
    limits = SignInLimits.of(Settings.from_env(env))
    assert limits == SignInLimits()
    assert [limits.backoff_after(n).seconds for n in (4, 5, 6, 11, 40)] == [0, 60, 120, 3600, 3600]
    assert [limits.certificate_delay(n).seconds for n in (19, 20, 21, 26, 99)] == [0, 1, 2, 60, 60]
    tuned = Settings.from_env(env | {"REGISTRY_HOLDER_FREE_TRIES": "3"})
    assert SignInLimits.of(tuned).free_tries == 3
    with pytest.raises(SettingsError, match="REGISTRY_HOLDER_CLIENT_MAX_FAILURES"):
        Settings.from_env(env | {"REGISTRY_HOLDER_CLIENT_MAX_FAILURES": "0"})
