"""Fixtures the registry's tests share: a registry set up with its catalogue, committees
and tokens, on a fixed clock, so that every test sees the same day whenever it runs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from tests.factories import NOW, at, setup_registry


@pytest.fixture
def tokens(registry_app) -> dict:
    """A specialty, two committees, and API tokens for the bureau and each committee; the
    registry's clock stands at ``tests.factories.NOW`` (tests move it with ``at``)."""
    at(registry_app, NOW)
    return setup_registry(registry_app)


@pytest.fixture
def invoke(registry_app) -> Callable[..., Result]:
    """Run an operator command (``flask --app registry ...``) through Click's runner."""
    runner = registry_app.test_cli_runner()

    def run(*args: str) -> Result:
        # `flask` pushes the app context for every command; the bare runner does not.
        with registry_app.app_context():
            return runner.invoke(args=list(args))

    return run


@pytest.fixture
def cli(invoke) -> Callable[..., str]:
    """An operator command's output; it must succeed (or fail, with ``ok=False``)."""

    def run(*args: str, ok: bool = True) -> str:
        result = invoke(*args)
        assert (result.exit_code == 0) is ok, result.output
        return result.output

    return run
