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

import pypdf
import pytest
import requests
import zxingcpp
from jwcrypto import jwk, jws
from PIL import Image

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
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
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
        "GUNICORN_ACCESSLOG": "/dev/null",
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
