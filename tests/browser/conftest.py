"""A real headless Chromium (Debian's package) driven by Playwright, against the apps
served by a real threaded HTTP server. Screenshots go to tests/artifacts/browser/."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(config, items):
    # What a page looks like does not depend on the database; the services' behaviour on
    # PostgreSQL is tested elsewhere, so the browser runs once, on SQLite.
    on_postgres = [
        item
        for item in items
        if "browser" in item.keywords
        and getattr(item, "callspec", None)
        and item.callspec.params.get("migrated_url") == "postgresql"
    ]
    if on_postgres:
        config.hook.pytest_deselected(items=on_postgres)
        items[:] = [item for item in items if item not in on_postgres]
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        return  # CI installs chromium (.ci/run); missing there is a failure, not a skip
    skip = pytest.mark.skip(reason="no /usr/bin/chromium: apt-get install chromium to run these")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# Package scope: Playwright's sync API keeps an event loop running in this thread until it
# stops, and pyHanko (PDF signing, later tests) refuses to start its own inside one.
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: .ci/run installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
    yield launched
    launched.close()
    playwright.stop()


@pytest.fixture
def serve():
    """Serve a WSGI app on a free loopback port in a thread; yields its base URL."""
    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def open_page(browser, request):
    """A page at a viewport, JavaScript off (the pages must work without it), recording
    every URL the page asks for."""
    contexts = []

    def open_(url: str, viewport: dict):
        context = browser.new_context(
            viewport=viewport,
            java_script_enabled=False,
            is_mobile=viewport is PHONE,
            device_scale_factor=2 if viewport is PHONE else 1,
        )
        contexts.append(context)
        page = context.new_page()
        page.requested = []
        page.on("request", lambda r: page.requested.append(r.url))
        response = page.goto(url)
        return page, response

    yield open_
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
