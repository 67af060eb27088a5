"""Hostile input to public verify, which anyone can send without a token: each of the causes
that once made 5xx answers is a 4xx problem in both languages (or, for a token, a verdict:
not a valid signature), refused before any database read where it can be, and logged
without a traceback."""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path

import pytest
import sqlalchemy as sa

from certs.credential.jose import b64url_encode
from certs.qr import token_from_qr_text
from tests.batch_helpers import title_held
from tests.factories import bearer, setup_registry
from tests.registry.test_hostile_input import (
    BODIES,
    DEEP_JSON,
    DEEPER_THAN_ALLOWED,
    assert_problem,
    codes,
    hostile_requests,
    no_traceback,
)


@pytest.fixture
def queries(verify_app):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = verify_app.extensions["verify"].engine
    sa.event.listen(engine, "before_cursor_execute", record)
    yield statements
    sa.event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def qr_token(registry_app, registry) -> str:
    """The QR token of a published certificate (so that verify has a key to load)."""
    tokens = setup_registry(registry_app)
    serial = title_held(registry_app).serial
    answer = registry.get(f"/api/v1/certificates/{serial}", headers=bearer(tokens["bureau"]))
    return token_from_qr_text(answer.json["qr_text"])


def token_with_header(token: str, header: str) -> str:
    return ".".join([b64url_encode(header.encode()), *token.split(".")[1:]])


# JSON nested past the recursion limit --------------------------------------------------------
@pytest.mark.parametrize(
    "body", [DEEP_JSON[:20_000] + DEEP_JSON[-20_000:], json.dumps(DEEPER_THAN_ALLOWED)]
)  # 40 KB: within verify's 64 KiB
def test_json_nested_too_deep_is_a_400_before_any_view(verify, queries, caplog, body):
    response = verify.post("/api/v1/verify", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert codes(problem) == {(None, "body", "too_deep")}
    assert queries == [] and no_traceback(caplog)


# A token header whose members are not text -----------------------------------------------------
HEADERS = [
    '{"alg": "EdDSA", "typ": "vc+jwt", "kid": ["a", "b"]}',
    '{"alg": "EdDSA", "typ": "vc+jwt", "kid": {"kid": "x"}}',
    '{"alg": ["EdDSA"], "typ": "vc+jwt", "kid": "x"}',
    '{"alg": "EdDSA", "typ": 1, "kid": "x"}',
    '{"alg": "EdDSA", "typ": "vc+jwt", "kid": "\\ud800"}',
    '{"alg": "EdDSA", "typ": "vc+jwt", "x": ' + "[" * 1050 + "]" * 1050 + "}",
]


@pytest.mark.parametrize(
    "header",
    HEADERS,
    ids=["kid-list", "kid-object", "alg-list", "typ-number", "kid-surrogate", "deep"],
)
def test_a_token_whose_header_is_not_text_is_malformed_on_every_path(
    verify, qr_token, caplog, header
):
    forged = token_with_header(qr_token, header)
    # The keys already loaded: a kid not among them made the cache look it up, and crash.
    assert verify.get("/.well-known/jwks.json").status_code == 200
    answers = [
        verify.post("/api/v1/verify", json={"token": forged}),
        verify.post(
            "/api/v1/verify", json={"qr_text": f"https://verify.example.gov.cn/v/{forged}"}
        ),
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.json["result"] == "signature_invalid"
        assert answer.json["token_signature"]["reason"] == "malformed"
        assert answer.json["token_signature"]["kid"] is None
    page = verify.get(f"/v/{forged}")
    assert page.status_code == 200 and "签名" in page.get_data(as_text=True)
    assert no_traceback(caplog)


def test_the_token_the_registry_signed_still_verifies(verify, qr_token):
    answer = verify.post("/api/v1/verify", json={"token": qr_token})
    assert answer.status_code == 200 and answer.json["result"] == "valid"


# A control character in the path or the query ---------------------------------------------------
NUL_PATHS = [
    "/api/v1/certificates/2026%00",
    "/c/2026%00",
    "/v/abc%00",
    "/api/v1/notices/B%00",
    "/notices/B%00",
    "/api/v1/committees/BJ%00",
    "/committees/BJ%00",
    "/api/v1/specialties/DZ%00",
    "/specialties/DZ%00",
    "/status/revocation%00",
]
NUL_QUERIES = [
    ("/search?q=a%00b", "q"),
    ("/api/v1/equivalences?q=%00", "q"),
    ("/api/v1/equivalences.csv?q=%00", "q"),
    ("/api/v1/notices/B1?q=%00", "q"),
    ("/notices?page=%00", "page"),
    ("/api/v1/revocations?since=%1B", "since"),
]


def test_a_control_character_in_the_path_is_a_404_before_any_database_read(verify, queries, caplog):
    for path in NUL_PATHS:
        queries.clear()
        problem = assert_problem(verify.get(path), 404)
        assert problem["title_zh"] == "未找到证书" and queries == [], path
    assert no_traceback(caplog)


def test_a_control_character_in_the_query_is_a_422_naming_the_parameter(verify, queries, caplog):
    for path, field in NUL_QUERIES:
        queries.clear()
        problem = assert_problem(verify.get(path), 422)
        assert codes(problem) == {(None, field, "control_character")}, path
        assert queries == []
    assert no_traceback(caplog)


# A lone surrogate: JSON escapes one, nothing can store it or encode it back ----------------------
@pytest.mark.parametrize(
    "body", ['{"token": "\\ud800"}', '{"qr_text": "a.\\udfff.b"}', '{"token": "a\\ud800.b.c"}']
)
def test_a_lone_surrogate_in_a_token_is_a_malformed_token(verify, caplog, body):
    answer = verify.post("/api/v1/verify", data=body, content_type="application/json")
    assert answer.status_code == 200 and answer.json["token_signature"]["reason"] == "malformed"
    assert no_traceback(caplog)


def test_a_lone_surrogate_in_a_field_name_is_refused_and_the_answer_still_encodes(verify):
    response = verify.post(
        "/api/v1/verify", data='{"\\ud800": "x"}', content_type="application/json"
    )
    problem = assert_problem(response, 422)
    assert ("\\ud800", "unknown_field") in {(f, c) for _r, f, c in codes(problem)}


# Addresses over 4 KiB --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/v/" + "a" * 5000, "/api/v1/certificates/" + "1" * 5000, "/search?q=" + "a" * 5000]
)
def test_an_address_over_4_kib_is_a_414_problem(verify, queries, path):
    problem = assert_problem(verify.get(path), 414)
    assert problem["title_zh"] == "请求地址过长" and queries == []


def test_nginx_answers_a_longer_address_as_the_services_do(verify):
    """nginx refuses request lines over 8 KiB before the services see them (deploy/nginx/):
    with the services' own problem, in every server block."""
    conf = (Path(__file__).parents[2] / "deploy" / "nginx" / "title-registry.conf").read_text()
    assert "large_client_header_buffers 4 8k;" in conf
    assert conf.count("error_page 414 = @uri_too_long;") == 3 == conf.count("server {")
    bodies = re.findall(r"return 414 '(.+)';", conf)
    assert len(bodies) == 3
    app = verify.get("/v/" + "a" * 8000).get_json()
    for body in bodies:
        assert json.loads(body) == app


def test_gunicorn_takes_request_lines_up_to_nginx_s_limit():
    for name in ("registry", "verify"):
        path = Path(__file__).parents[2] / "deploy" / f"gunicorn.{name}.py"
        settings = runpy.run_path(str(path))
        assert settings["limit_request_line"] == 8190


def test_a_qr_landing_address_of_a_real_token_is_far_below_the_limit(qr_token):
    assert len(f"/v/{qr_token}") < 1024


# Every route, every cause ----------------------------------------------------------------------
def test_no_route_answers_any_of_the_six_causes_with_a_5xx(verify_app, verify, qr_token, caplog):
    kid_lists = [
        ("application/json", json.dumps({"token": token_with_header(qr_token, h)})) for h in HEADERS
    ]
    verify.get("/.well-known/jwks.json")
    failures = [
        (method, path, answer.status_code)
        for rule in verify_app.url_map.iter_rules()
        for method, path, answer in hostile_requests(verify, rule, {}, BODIES + kid_lists)
        if answer.status_code >= 500
    ]
    assert failures == []
    assert no_traceback(caplog)
