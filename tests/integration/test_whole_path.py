"""The whole path over real HTTP: both services under gunicorn with the deploy configs,
a demo certificate corrected through the registry (the bureau's one single issuance), the
corrected one checked on verify by number, by QR, offline and as its signed PDF."""

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest
import requests
import zxingcpp
from jwcrypto import jwk, jws
from PIL import Image

from registry.demo import PEOPLE

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            requests.get(url, timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or a busy machine
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def flask(env, *args) -> str:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "registry", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def demo_certificates(output: str) -> dict[str, tuple[str, str]]:
    """The serial and status of each demo certificate, by level, as `flask demo-data` prints
    them (one line each: serial, level, status)."""
    lines = output.split("demo certificates (serial, level, status):\n", 1)[1].splitlines()
    found = {}
    for line in lines:
        match = re.fullmatch(r"  (\S+)  (\w+) +(\w+)", line)
        if match is None:
            break
        serial, level, status = match.groups()
        found[level] = (serial, status)
    return found


@pytest.fixture
def services(database_url, tmp_path):
    registry_port, verify_port = free_port(), free_port()
    verify_url = f"http://127.0.0.1:{verify_port}"
    env = {
        **os.environ,
        "REGISTRY_VAR_DIR": str(tmp_path / "var"),
        "REGISTRY_DATABASE_URL": database_url,
        "VERIFY_DATABASE_URL": database_url,
        "VERIFY_PUBLIC_BASE_URL": verify_url,
        "GUNICORN_ACCESSLOG": "-",  # into the logs below, which the tests read
    }
    flask(env, "init-db")
    flask(env, "keys", "generate")
    flask(env, "pdf-key", "generate")
    demo = flask(env, "demo-data")
    token = flask(env, "tokens", "create", "--role", "bureau", "--name", "it").splitlines()[-1]
    processes, logs = [], []
    for name, port in (("registry", registry_port), ("verify", verify_port)):
        logs.append(tmp_path / f"{name}.log")
        with logs[-1].open("w") as log:
            processes.append(
                subprocess.Popen(
                    [str(BIN / "gunicorn"), "-c", f"deploy/gunicorn.{name}.py", f"{name}.wsgi:app"],
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    registry_url = f"http://127.0.0.1:{registry_port}"
    try:
        wait_for(registry_url + "/.well-known/jwks.json", processes[0], logs[0])
        wait_for(verify_url + "/api/v1/health", processes[1], logs[1])
        yield {
            "registry": registry_url,
            "verify": verify_url,
            "token": token,
            "demo": demo_certificates(demo),
            "logs": logs,
        }
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def test_corrected_certificate_verifies_by_number_by_qr_and_offline(services):
    auth = {"Authorization": f"Bearer {services['token']}"}
    # 李四's certificate came from today's demo batch with the name mistyped: the bureau
    # corrects it, as it would any certificate issued in error.
    wrong, status = services["demo"]["assistant_engineer"]
    assert status == "valid"
    issued = requests.post(
        services["registry"] + "/api/v1/certificates",
        headers=auth,
        timeout=10,
        json={
            "replaces": wrong,
            "correction_number": "京人社职更〔2026〕3号",
            "reason": "姓名录入错误，应为李思远",
            "corrections": {"holder_name": "李思远"},
        },
    )
    assert issued.status_code == 201, issued.text
    certificate = issued.json()
    assert certificate["replaces"] == wrong and certificate["serial"] != wrong
    assert certificate["access_code"]

    by_number = requests.get(
        f"{services['verify']}/api/v1/certificates/{certificate['serial_display']}", timeout=10
    )
    assert by_number.status_code == 200 and by_number.json()["result"] == "valid"
    assert by_number.json()["masked_name"] == "李*远"

    png = requests.get(certificate["links"]["qr_png"], headers=auth, timeout=30)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    qr_text = decoded[0].text
    assert qr_text == certificate["qr_text"] and qr_text.startswith(services["verify"] + "/v/")

    landing = requests.get(qr_text, timeout=10)  # what a phone camera opens
    assert landing.status_code == 200 and "有效" in landing.text and "李*远" in landing.text
    by_qr = requests.post(
        services["verify"] + "/api/v1/verify", json={"qr_text": qr_text}, timeout=10
    )
    assert by_qr.json()["result"] == "valid"

    # Offline: a standard JOSE library, the published JWKS, nothing of ours.
    keyset = jwk.JWKSet.from_json(
        requests.get(services["verify"] + "/.well-known/jwks.json", timeout=10).text
    )
    for token in (
        qr_text.split("/v/")[1],
        requests.get(certificate["links"]["credential"], headers=auth, timeout=10).text,
    ):
        signed = jws.JWS()
        signed.deserialize(token)
        kid = json.loads(jwk.base64url_decode(token.split(".")[0]))["kid"]
        signed.verify(keyset.get_key(kid))
        assert json.loads(signed.payload)["id"] == "urn:cn-title:" + certificate["serial"]

    checked, pdf = check_pdf_on_verify(services, certificate["serial"])
    assert checked["result"] == "valid" and "REVOKED" not in page_text(pdf)

    # The certificate it replaced no longer passes for valid, anywhere.
    replaced = requests.get(f"{services['verify']}/api/v1/certificates/{wrong}", timeout=10)
    assert replaced.status_code == 200
    assert replaced.json()["result"] == "revoked"
    assert replaced.json()["status_reason"] == "issued_in_error"
    assert replaced.json()["status_reason_zh"] == "错误颁发"
    assert replaced.json()["status_decision_number"] == "京人社职更〔2026〕3号"
    assert replaced.json()["masked_name"] == "李*"
    page = requests.get(f"{services['verify']}/c/{wrong}", timeout=10)
    assert "已撤销" in page.text and "错误颁发" in page.text and "Issued in error" in page.text
    assert "姓名录入错误" not in page.text  # the bureau's reason stays in the registry

    # The holder signs in with the new access code and shares the certificate with an
    # employer, who opens the link; someone types an ID-card number into verify's search.
    holder_id = next(id_number for name, id_number, *_ in PEOPLE if name == "李四")
    signed_in = requests.post(
        services["registry"] + "/api/v1/holder/session",
        json={
            "serial": certificate["serial"],
            "id_number": holder_id,
            "access_code": certificate["access_code"],
        },
        timeout=10,
    )
    assert signed_in.status_code == 201, signed_in.text
    holder = {"Authorization": f"Bearer {signed_in.json()['token']}"}
    shared = requests.post(
        services["registry"] + "/api/v1/holder/shares",
        json={"valid_days": 7},
        headers=holder,
        timeout=10,
    )
    assert shared.status_code == 201, shared.text
    opened = requests.get(
        services["registry"] + urlsplit(shared.json()["url"]).path,
        headers={"Referer": qr_text},
        timeout=10,
    )
    assert opened.status_code == 200 and "李思远" in opened.text
    for search in (
        requests.post(services["verify"] + "/search", data={"q": holder_id}, timeout=10),
        requests.get(services["verify"] + "/search", params={"q": holder_id}, timeout=10),
    ):
        assert search.status_code == 400
    secrets = {
        "an ID-card number": [id_number for _, id_number, *_ in PEOPLE],
        "a full name": [name for name, *_ in PEOPLE] + ["李思远"],
        "an access code": [certificate["access_code"]],
        "a token": ["eyJ", qr_text.split("/v/")[1][:40], urlsplit(shared.json()["url"]).path],
    }
    time.sleep(0.5)  # the workers write their access lines after each answer
    for log in services["logs"]:
        text = log.read_text(encoding="utf-8", errors="replace")
        assert "/v/[token]" in text or "/s/[share]" in text or "/search" in text, text[-2000:]
        for kind, values in secrets.items():
            leaked = [value for value in values if value in text]
            assert leaked == [], f"{log.name} holds {kind}: {leaked}"
    # Under gunicorn with the deploy configs, no answer names the server software.
    for answer in (issued, by_number, png, landing, page):
        assert answer.headers["Server"] in ("title-registry", "title-verify")
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    refused = requests.delete(services["verify"] + "/api/v1/health", timeout=10)
    assert refused.status_code == 405 and refused.headers["Server"] == "title-verify"
    assert set(refused.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_demo_revoked_certificate_reads_revoked(services, database_url):
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        serial = connection.execute(
            sa.text("SELECT serial FROM public_certificates WHERE status = 'revoked'")
        ).scalar_one()
    engine.dispose()
    page = requests.get(f"{services['verify']}/c/{serial}", timeout=10)
    assert "已撤销" in page.text and "Revoked" in page.text
    # The bureau gets a revoked certificate's PDF only as a copy stamped with the status,
    # still signed by the bureau: verify finds it and reports the revocation.
    checked, pdf = check_pdf_on_verify(services, serial)
    assert checked["result"] == "revoked"
    assert "撤销 REVOKED" in page_text(pdf) and "Not valid as a certificate" in page_text(pdf)


def page_text(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", "")


def check_pdf_on_verify(services, serial: str) -> tuple[dict, bytes]:
    """Download the signed PDF from the registry (as the bureau) and upload it to verify,
    as people do; the answer and the PDF."""
    pdf = requests.get(
        f"{services['registry']}/api/v1/certificates/{serial}/pdf",
        headers={"Authorization": f"Bearer {services['token']}"},
        timeout=30,
    )
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    checked = requests.post(
        services["verify"] + "/api/v1/pdf", files={"pdf": ("c.pdf", pdf.content)}, timeout=30
    ).json()
    assert checked["serial"] == serial and checked["pdf_signature"]["signer"]["published"]
    return checked, pdf.content


def test_hostile_requests_over_real_http_are_problems(services):
    """Under gunicorn with the deploy configs: an address between 4 KiB and gunicorn's 8190
    bytes is the service's own 414 problem (longer ones are nginx's, deploy/nginx/); a NUL
    in a path and JSON nested too deep are 4xx problems too."""
    for base in (services["registry"], services["verify"]):
        long = requests.get(f"{base}/api/v1/certificates/{'1' * 6000}", timeout=10)
        assert (
            long.status_code == 414 and long.headers["Content-Type"] == "application/problem+json"
        )
        assert long.json()["title_zh"] == "请求地址过长"
        nul = requests.get(f"{base}/api/v1/committees/BJ%00DZ", timeout=10)
        assert nul.status_code == 404 and nul.headers["Content-Type"] == "application/problem+json"
    deep = requests.post(
        services["verify"] + "/api/v1/verify",
        data="[" * 20_000 + "]" * 20_000,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert deep.status_code == 400 and deep.json()["errors"][0]["code"] == "too_deep"
