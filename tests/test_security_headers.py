"""Every answer of both services carries the security headers (webbase/headers.py), whatever
it is: JSON, problem+json, a page, the API docs, CSV, a file, a 405 with its ``Allow``."""

from __future__ import annotations

import pytest

from registry.web.api import SWAGGER_UI_POLICY
from webbase.headers import NOTHING

# (method, path, status, media type); the registry's and verify's answers of every kind.
REGISTRY_ANSWERS = [
    ("GET", "/.well-known/jwks.json", 200, "application/json"),
    ("GET", "/openapi.json", 200, "application/json"),
    ("GET", "/api/v1/committees", 401, "application/problem+json"),
    ("GET", "/api/v1/no-such-thing", 404, "application/problem+json"),
    ("GET", "/s/no-such-link", 404, "text/html"),
    ("GET", "/docs", 200, "text/html"),
    ("GET", "/docs/init.js", 200, "text/javascript"),
    ("GET", "/docs/static/swagger-ui.css", 200, "text/css"),
    ("DELETE", "/.well-known/jwks.json", 405, "application/problem+json"),
]
VERIFY_ANSWERS = [
    ("GET", "/api/v1/health", 200, "application/json"),
    ("GET", "/api/v1/certificates/0000-0000-0000-0000", 404, "application/problem+json"),
    ("GET", "/", 200, "text/html"),
    ("GET", "/c/0000-0000-0000-0000", 404, "text/html"),
    ("GET", "/eligibility", 200, "text/html"),
    ("POST", "/eligibility", 422, "text/html"),
    ("POST", "/api/v1/eligibility", 422, "application/problem+json"),
    ("GET", "/api/v1/equivalences.csv", 200, "text/csv"),
    ("GET", "/api/v1/revocations.csv", 200, "text/csv"),
    ("GET", "/api/v1/revocations.atom", 200, "application/atom+xml"),
    ("POST", "/api/v1/health", 405, "application/problem+json"),
]


def _check(response, status: int, mimetype: str) -> str:
    response.close()  # a file sent from disk (the docs' style sheet) keeps it open until then
    assert (response.status_code, response.mimetype) == (status, mimetype), response.data[:300]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "Server" not in response.headers
    return policy


@pytest.mark.parametrize(("method", "path", "status", "mimetype"), REGISTRY_ANSWERS)
def test_every_kind_of_registry_answer_carries_the_headers(
    registry, method, path, status, mimetype
):
    policy = _check(registry.open(path, method=method), status, mimetype)
    if path == "/docs":
        assert policy == SWAGGER_UI_POLICY
    elif mimetype == "text/html":  # a page keeps its own: its inline style sheet
        assert "style-src 'unsafe-inline'" in policy
    else:
        assert policy == NOTHING


@pytest.mark.parametrize(("method", "path", "status", "mimetype"), VERIFY_ANSWERS)
def test_every_kind_of_verify_answer_carries_the_headers(verify, method, path, status, mimetype):
    policy = _check(verify.open(path, method=method), status, mimetype)
    if mimetype == "text/html":
        assert "style-src 'self' 'unsafe-inline'" in policy and "default-src 'none'" in policy
    else:
        assert policy == NOTHING


def _allowed(response) -> set[str]:
    assert response.status_code == 405 and response.mimetype == "application/problem+json"
    assert response.json["status"] == 405 and response.json["title_zh"] == "不支持此请求方法"
    return set(response.headers["Allow"].split(", "))


def test_a_405_from_the_registry_names_the_methods_the_resource_allows(registry):
    jwks = registry.delete("/.well-known/jwks.json")
    assert _allowed(jwks) == {"GET", "HEAD", "OPTIONS"}
    assert _allowed(registry.put("/api/v1/equivalences")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_a_405_from_verify_names_the_methods_the_resource_allows(verify):
    assert _allowed(verify.post("/api/v1/health")) == {"GET", "HEAD", "OPTIONS"}
    assert _allowed(verify.delete("/c/0000-0000-0000-0000")) == {"GET", "HEAD", "OPTIONS"}


def test_the_docs_page_runs_no_inline_script(registry):
    page = registry.get("/docs").get_data(as_text=True)
    assert "<script>" not in page and page.count("<script src=") == 3
    assert 'data-spec-url="/openapi.json"' in page
    assert "<style" not in page and "style=" not in page
