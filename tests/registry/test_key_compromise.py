"""Key compromise and the operator's status commands, run as the CLI runs them."""

import datetime as dt

import pytest

from tests.factories import ID_NUMBERS, bearer, issue_request, setup_registry
from tests.status_helpers import list_bit


@pytest.fixture
def cli(registry_app):
    runner = registry_app.test_cli_runner()

    def run(*args, ok=True):
        # `flask` pushes the app context for every command; the bare runner does not.
        with registry_app.app_context():
            result = runner.invoke(args=list(args))
        assert (result.exit_code == 0) is ok, result.output
        return result.output

    return run


def _issue(registry, token, i):
    response = registry.post(
        "/api/v1/certificates",
        json=issue_request(holder_id_number=ID_NUMBERS[i]),
        headers=bearer(token),
    )
    assert response.status_code == 201
    return response.get_json()


def test_compromised_key_is_distrusted_from_its_time_and_resigning_restores_trust(
    registry_app, registry, verify, cli
):
    tokens = setup_registry(registry_app)
    before = _issue(registry, tokens["bureau"], 0)
    since = dt.datetime.now(dt.UTC)
    after = _issue(registry, tokens["bureau"], 1)
    old_kid = after["kid"]

    out = cli("keys", "compromise", old_kid, "--since", since.isoformat())
    assert f"compromised: {old_kid}; certificates to re-sign: 1" in out
    new_kid = out.split("active: ")[1].split()[0]
    answers = {
        c["serial"]: verify.get(f"/api/v1/certificates/{c['serial']}").get_json()
        for c in (before, after)
    }
    assert answers[after["serial"]]["key_compromised"] is True
    assert answers[after["serial"]]["signature"]["key_status"] == "compromised"
    assert "密钥" in verify.get(f"/c/{after['serial']}").get_data(as_text=True)
    assert answers[before["serial"]]["key_compromised"] is False
    jwks = {k["kid"]: k for k in verify.get("/.well-known/jwks.json").get_json()["keys"]}
    assert jwks[old_kid]["status"] == "compromised" and "compromised_since" in jwks[old_kid]
    # The key signs nothing more: new certificates and the lists use the new key.
    assert _issue(registry, tokens["bureau"], 2)["kid"] == new_kid
    assert list_bit(verify, "revocation", 0) in (0, 1)  # the list verifies under the new key

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
    tokens = setup_registry(registry_app)
    serial = _issue(registry, tokens["bureau"], 0)["serial"]
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
