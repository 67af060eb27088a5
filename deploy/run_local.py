"""`make run`: both services on SQLite with demo data, under gunicorn, until Ctrl-C.

In development mode (``REGISTRY_DEV_SECRETS=1``): the data key and the key passphrase are
made under ./var/secrets when missing, which a server never does.

Uses the operator commands exactly as an operator would; a second run reuses the database,
the key and the demo token under ./var/.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
BIN = Path(sys.executable).parent
TOKEN_FILE = VAR / "demo-bureau-token"
REGISTRY_URL = "http://127.0.0.1:8000"
VERIFY_URL = "http://127.0.0.1:8001"


def flask(*args: str) -> str:
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "registry", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(result.stderr)  # warnings, e.g. the working-day calendar ending soon
    return result.stdout


def demo_token() -> str:
    if not TOKEN_FILE.exists():
        token = flask("tokens", "create", "--role", "bureau", "--name", "demo bureau")
        fd = os.open(TOKEN_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(token.strip().splitlines()[-1] + "\n")
    return TOKEN_FILE.read_text().strip()


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 (our own local URL)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up; see the log above")


def main() -> None:
    VAR.mkdir(exist_ok=True)
    os.environ.setdefault("VERIFY_PUBLIC_BASE_URL", VERIFY_URL)
    # A fresh clone has no secrets: development mode lets the registry make them (a server
    # is given its own, and refuses to start without them).
    os.environ.setdefault("REGISTRY_DEV_SECRETS", "1")
    if os.environ["REGISTRY_DEV_SECRETS"] == "1":
        print("development mode (REGISTRY_DEV_SECRETS=1): missing secrets are made in var/secrets")
    print("preparing the database, key and demo data under ./var ...", flush=True)
    flask("init-db")
    flask("keys", "generate")
    flask("pdf-key", "generate")
    flask("calendar", "load")  # the shipped years of the working-day calendar, once
    demo = flask("demo-data")
    token = demo_token()
    gunicorn = str(BIN / "gunicorn")
    processes = [
        subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.registry.py", "registry.wsgi:app"], cwd=ROOT
        ),
        subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.verify.py", "verify.wsgi:app"],
            cwd=ROOT,
            env={**os.environ, "GUNICORN_WORKERS": "2"},
        ),
    ]
    try:
        wait_until_up(REGISTRY_URL + "/.well-known/jwks.json")
        wait_until_up(VERIFY_URL + "/api/v1/health")
        print(
            f"""
registry  {REGISTRY_URL}   (API docs: {REGISTRY_URL}/docs)
verify    {VERIFY_URL}   (open it in a browser)
demo bureau API token:
  {token}
{demo}
try:  curl -s {VERIFY_URL}/api/v1/certificates/<serial>
      curl -s -H "Authorization: Bearer $T" -o c.pdf {REGISTRY_URL}/api/v1/certificates/<serial>/pdf
      (a holder: POST {REGISTRY_URL}/api/v1/holder/session with the sign-in above, then
       GET /api/v1/holder/certificate/pdf with the token it returns; docs/api.md, "Holders")
Ctrl-C stops both.""",
            flush=True,
        )
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        print("stopped", flush=True)


if __name__ == "__main__":
    main()
