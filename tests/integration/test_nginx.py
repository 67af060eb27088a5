"""deploy/nginx/title-registry.conf under the nginx installed here (skipped without one), in
front of verify as a real HTTP server: the configuration passes `nginx -t`, no answer names
the software behind it, and every answer carries the security headers exactly once, whether
verify made it, the JWKS cache kept it or nginx made it itself (a 502)."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from werkzeug.serving import make_server

from webbase.headers import NOTHING

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx" / "title-registry.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="no nginx installed here")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "verify.example.gov.cn")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert, private = directory / "cert.pem", directory / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def local_copy(tmp: Path, https: int, plain: int, verify: int, registry: int) -> Path:
    """The configuration as shipped, with only what a test machine must change: ports, the
    certificate, the cache directory. Each replacement must hit, or the test says so."""
    cert, key = self_signed(tmp)
    text = CONF.read_text(encoding="utf-8")
    replacements = [
        ("listen [::]:443 ssl http2;", ""),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{plain};"),
        ("/var/cache/nginx/title-jwks", str(tmp / "jwks-cache")),
        ("/var/log/nginx/title-registry.access.log", str(tmp / "access.log")),
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{verify};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{registry};"),
    ]
    for host in ("verify.example.gov.cn", "registry.example.gov.cn"):
        replacements += [
            (f"/etc/nginx/tls/{host}/fullchain.pem", str(cert)),
            (f"/etc/nginx/tls/{host}/privkey.pem", str(key)),
        ]
    for old, new in replacements:
        assert old in text, f"{old!r} is no longer in {CONF.name}: update this test"
        text = text.replace(old, new)
    (tmp / "title-registry.conf").write_text(text, encoding="utf-8")
    temp = "\n".join(
        f"  {kind}_temp_path {tmp / kind};" for kind in ("proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {tmp / 'error.log'};\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp / 'body'};\n{temp}\n"
        f"  include {tmp / 'title-registry.conf'};\n}}\n",
        encoding="utf-8",
    )
    return main


@pytest.fixture
def nginx(verify_app, tmp_path):
    """nginx on a free port, in front of verify (served by Werkzeug, which names itself in
    a Server header of its own) and of a registry that is down."""
    verify_server = make_server("127.0.0.1", 0, verify_app, threaded=True)
    threading.Thread(target=verify_server.serve_forever, daemon=True).start()
    https = free_port()
    main = local_copy(tmp_path, https, free_port(), verify_server.server_port, free_port())
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(main)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", https), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
                time.sleep(0.1)
        yield https
    finally:
        process.terminate()
        process.wait(timeout=10)
        verify_server.shutdown()
        verify_server.server_close()


def get(port: int, host: str, path: str) -> http.client.HTTPResponse:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def once(response: http.client.HTTPResponse, name: str) -> str:
    values = response.msg.get_all(name) or []
    assert len(values) == 1, (name, values)
    return values[0]


def test_nginx_names_no_software_and_sends_every_security_header_once(nginx):
    verify = "verify.example.gov.cn"
    answers = {
        "api": get(nginx, verify, "/api/v1/health"),
        "page": get(nginx, verify, "/"),
        "jwks": get(nginx, verify, "/.well-known/jwks.json"),
        "jwks again": get(nginx, verify, "/.well-known/jwks.json"),  # from nginx's cache
        "registry down": get(nginx, "registry.example.gov.cn", "/api/v1/committees"),
    }
    assert [answer.status for answer in answers.values()] == [200, 200, 200, 200, 502]
    assert answers["jwks again"].getheader("Content-Type") == "application/json"
    for answer in answers.values():
        assert once(answer, "Server") == "nginx"  # no version, no Werkzeug, no gunicorn
        assert once(answer, "X-Content-Type-Options") == "nosniff"
        assert once(answer, "X-Frame-Options") == "DENY"
        assert once(answer, "Strict-Transport-Security") == "max-age=31536000"
        policy = once(answer, "Content-Security-Policy")
        assert "frame-ancestors 'none'" in policy
    # The page keeps the policy verify gave it; the others have nothing to load.
    assert "style-src 'self' 'unsafe-inline'" in answers["page"].getheader(
        "Content-Security-Policy"
    )
    for name in ("api", "jwks", "jwks again", "registry down"):
        assert answers[name].getheader("Content-Security-Policy") == NOTHING


def test_nginx_logs_no_token_share_link_id_number_or_search_word(nginx, tmp_path):
    token = "eyJhbGciOiJFZERTQSJ9.eyJuYW1lIjoi5byg5LiJIn0.c2lnbmF0dXJl"
    for path in (
        f"/v/{token}",
        "/s/c2hhcmUtbGluay10b2tlbg",
        "/api/v1/things/11010519491231002X?q=%E5%BC%A0%E4%B8%89",
        "/search?q=110105491231002",
    ):
        get(nginx, "verify.example.gov.cn", path)
    deadline = time.monotonic() + 5
    log = tmp_path / "access.log"
    while (not log.exists() or log.read_text().count("\n") < 4) and time.monotonic() < deadline:
        time.sleep(0.1)
    text = log.read_text(encoding="utf-8")
    assert "GET /v/[token] " in text and "GET /s/[share] " in text
    assert "GET /api/v1/things/[id] " in text and "GET /search " in text
    for secret in (token, "c2hhcmUtbGluay10b2tlbg", "11010519491231002X", "110105491231002"):
        assert secret not in text
    assert "%E5%BC%A0" not in text and "q=" not in text
