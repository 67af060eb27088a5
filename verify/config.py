"""Verify settings: read once from the environment, validated, frozen."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    public_base_url: str
    key_cache_seconds: float = 30.0
    # The registry's public paths (share pages, the look-up by original number), linked to.
    registry_public_base_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        var = Path(env.get("REGISTRY_VAR_DIR", "var")).resolve()
        settings = cls(
            database_url=env.get("VERIFY_DATABASE_URL") or f"sqlite:///{var / 'registry.db'}",
            public_base_url=env.get("VERIFY_PUBLIC_BASE_URL", "http://127.0.0.1:8001").rstrip("/"),
            key_cache_seconds=float(env.get("VERIFY_KEY_CACHE_SECONDS", "30")),
            registry_public_base_url=env.get(
                "VERIFY_REGISTRY_PUBLIC_BASE_URL", "http://127.0.0.1:8000"
            ).rstrip("/"),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        try:
            url = make_url(self.database_url)
        except ArgumentError as exc:
            raise SettingsError(f"VERIFY_DATABASE_URL is not a database URL: {exc}") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise SettingsError("VERIFY_DATABASE_URL must be sqlite:/// or postgresql+psycopg://")
        if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
            raise SettingsError(
                f"VERIFY_DATABASE_URL: no database at {url.database}; "
                "run `flask --app registry init-db` first"
            )
        for name, value in (
            ("VERIFY_PUBLIC_BASE_URL", self.public_base_url),
            ("VERIFY_REGISTRY_PUBLIC_BASE_URL", self.registry_public_base_url),
        ):
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise SettingsError(f"{name} must be an http(s) URL, not {value!r}")
