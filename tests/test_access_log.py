"""Access-log lines keep no token, share link, ID-card number or search word."""

import datetime as dt
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from webbase.access_log import RedactingLogger, redact_path, redact_query, redact_url

TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJuYW1lIjoi5byg5LiJIn0.c2lnbmF0dXJl"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/v/{TOKEN}", "/v/[token]"),
        ("/s/Zm9vYmFyYmF6cXV4", "/s/[share]"),
        ("/c/7KQ4-M2XD-9P3R-TG8W", "/c/7KQ4-M2XD-9P3R-TG8W"),  # serials are public
        ("/api/v1/things/11010519491231002X/x", "/api/v1/things/[id]/x"),
        ("/x/110105491231002", "/x/[id]"),
        (f"/api/v1/verify/{TOKEN}", "/api/v1/verify/[token]"),
        ("/api/v1/health", "/api/v1/health"),
    ],
)
def test_paths_lose_tokens_and_id_numbers(path, logged):
    assert redact_path(path) == logged


def test_queries_keep_only_the_values_that_name_nobody():
    assert redact_query("q=11010519491231002X") == "q=[redacted]"
    assert redact_query("q=%E5%BC%A0%E4%B8%89&page=2") == "q=[redacted]&page=2"
    assert redact_query("on=2026-12-31&version=3") == "on=2026-12-31&version=3"
    assert redact_query("") == ""
    assert redact_url(f"https://verify.example.gov.cn/v/{TOKEN}?x=1") == (
        "https://verify.example.gov.cn/v/[token]?x=[redacted]"
    )


def test_gunicorns_line_is_written_from_the_redacted_parts():
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/v/{TOKEN}?q=11010519491231002X",
        "PATH_INFO": f"/v/{TOKEN}",
        "QUERY_STRING": "q=11010519491231002X",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"https://verify.example.gov.cn/s/secret-share-token?q={TOKEN}",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=3))
    line = logger.cfg.access_log_format % atoms
    assert '"GET /v/[token]?q=[redacted] HTTP/1.1"' in line
    assert "/s/[share]" in line
    for secret in (TOKEN, "11010519491231002X", "secret-share-token"):
        assert secret not in line and all(secret not in str(value) for value in atoms.values())
