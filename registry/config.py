"""Registry settings: read once from the environment, validated, frozen."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_VAR = Path("var")
DEFAULT_HOLIDAYS = Path(__file__).parent / "data" / "holidays-cn.json"
# The choices registry.batches.eligibility.EligibilityPolicy takes (config imports no domain).
ELIGIBILITY_REFERENCES = ("meeting_date", "submission_date")
ELIGIBILITY_PART_TIME = ("committee", "count", "exclude")


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    key_dir: Path
    key_passphrase_file: Path
    data_key_file: Path
    verify_public_base_url: str
    issuer_id: str
    issuer_name: str
    testing: bool = False
    # 公示期 in working days: the bureau's setting. The policy requires a 公示制度 (三(四)4)
    # and names no length; 5 is this registry's default.
    notice_working_days: int = 5
    # How to raise an objection to a notice (office, telephone, address), as published on it.
    notice_objection_contact: str | None = None
    # What `flask --app registry calendar load` loads; the service reads the calendar from
    # the database, where the bureau keeps it.
    holidays_file: Path = DEFAULT_HOLIDAYS
    share_link_max_days: int = 30
    # Years a fraud revocation bars new applications (《职称评审管理暂行规定》, 人社部令第40号,
    # 第四十条: the integrity record is kept three years; the Beijing policy names no period).
    fraud_bar_years: int = 3
    # How long verifiers may cache a status list before fetching it again.
    status_list_ttl_seconds: int = 300
    # Failed holder sign-ins (registry.holders.access.SignInLimits; docs/operations.md).
    holder_failure_window_seconds: int = 900
    holder_client_max_failures: int = 10
    holder_free_tries: int = 5
    holder_backoff_seconds: int = 60
    holder_backoff_max_seconds: int = 3600
    holder_certificate_slow_after: int = 20
    holder_certificate_delay_max_seconds: int = 60
    # A batch row's years of work are counted to its meeting date (评审会议日期), or to the
    # day the batch is submitted; part-time work counts by the committee's judgement, always,
    # or never (certs.eligibility.EligibilitySettings; docs/operations.md).
    eligibility_reference: str = "meeting_date"
    eligibility_part_time: str = "committee"
    # Look-ups by original number per client address in an hour (registry.imports.lookup).
    original_number_lookups_per_hour: int = 30

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        var = Path(env.get("REGISTRY_VAR_DIR", DEFAULT_VAR)).resolve()
        database_url = env.get("REGISTRY_DATABASE_URL") or f"sqlite:///{var / 'registry.db'}"
        key_dir = Path(env.get("REGISTRY_KEY_DIR") or var / "keys")
        dev = _dev_secrets(env)
        passphrase = _secret_file(
            env, "REGISTRY_KEY_PASSPHRASE_FILE", var / "secrets" / "key-passphrase", dev
        )
        data_key = _secret_file(env, "REGISTRY_DATA_KEY_FILE", var / "secrets" / "data-key", dev)
        base_url = env.get("VERIFY_PUBLIC_BASE_URL", "http://127.0.0.1:8001")
        settings = cls(
            database_url=database_url,
            key_dir=key_dir,
            key_passphrase_file=passphrase,
            data_key_file=data_key,
            verify_public_base_url=base_url.rstrip("/"),
            issuer_id=(env.get("REGISTRY_ISSUER_ID") or base_url).rstrip("/"),
            issuer_name=env.get("REGISTRY_ISSUER_NAME", "北京市人力资源和社会保障局"),
            notice_working_days=_integer(env, "REGISTRY_NOTICE_WORKING_DAYS", 5),
            notice_objection_contact=env.get("REGISTRY_NOTICE_OBJECTION_CONTACT", "").strip()
            or None,
            holidays_file=Path(env.get("REGISTRY_HOLIDAYS_FILE") or DEFAULT_HOLIDAYS),
            share_link_max_days=_share_link_max_days(env),
            fraud_bar_years=_integer(env, "REGISTRY_FRAUD_BAR_YEARS", 3),
            status_list_ttl_seconds=_integer(env, "REGISTRY_STATUS_LIST_TTL_SECONDS", 300),
            holder_failure_window_seconds=_integer(
                env, "REGISTRY_HOLDER_FAILURE_WINDOW_SECONDS", 900
            ),
            holder_client_max_failures=_integer(env, "REGISTRY_HOLDER_CLIENT_MAX_FAILURES", 10),
            holder_free_tries=_integer(env, "REGISTRY_HOLDER_FREE_TRIES", 5),
            holder_backoff_seconds=_integer(env, "REGISTRY_HOLDER_BACKOFF_SECONDS", 60),
            holder_backoff_max_seconds=_integer(env, "REGISTRY_HOLDER_BACKOFF_MAX_SECONDS", 3600),
            holder_certificate_slow_after=_integer(
                env, "REGISTRY_HOLDER_CERTIFICATE_SLOW_AFTER", 20
            ),
            holder_certificate_delay_max_seconds=_integer(
                env, "REGISTRY_HOLDER_CERTIFICATE_DELAY_MAX_SECONDS", 60
            ),
            eligibility_reference=env.get("REGISTRY_ELIGIBILITY_REFERENCE", "").strip()
            or "meeting_date",
            eligibility_part_time=env.get("REGISTRY_ELIGIBILITY_PART_TIME", "").strip()
            or "committee",
            original_number_lookups_per_hour=_integer(
                env, "REGISTRY_ORIGINAL_NUMBER_LOOKUPS_PER_HOUR", 30
            ),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        try:
            url = make_url(self.database_url)
        except ArgumentError as exc:
            raise SettingsError(f"REGISTRY_DATABASE_URL is not a database URL: {exc}") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise SettingsError("REGISTRY_DATABASE_URL must be sqlite:/// or postgresql+psycopg://")
        for name, value in (
            ("VERIFY_PUBLIC_BASE_URL", self.verify_public_base_url),
            ("REGISTRY_ISSUER_ID", self.issuer_id),
        ):
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise SettingsError(f"{name} must be an http(s) URL, not {value!r}")
            # The QR code carries this URL; past 48 characters long names stop fitting.
            if len(value) > 48:
                raise SettingsError(f"{name} must be 48 characters or fewer to fit the QR code")
        for name, path in (
            ("REGISTRY_KEY_PASSPHRASE_FILE", self.key_passphrase_file),
            ("REGISTRY_DATA_KEY_FILE", self.data_key_file),
        ):
            if not path.is_file():
                raise SettingsError(f"{name}: no such file {path}")
        if not 1 <= self.notice_working_days <= 60:
            raise SettingsError("REGISTRY_NOTICE_WORKING_DAYS must be between 1 and 60")
        if self.notice_objection_contact is not None and len(self.notice_objection_contact) > 500:
            raise SettingsError("REGISTRY_NOTICE_OBJECTION_CONTACT must be 500 characters or fewer")
        if not 0 <= self.fraud_bar_years <= 100:
            raise SettingsError("REGISTRY_FRAUD_BAR_YEARS must be between 0 and 100")
        if not 1 <= self.status_list_ttl_seconds <= 86_400:
            raise SettingsError("REGISTRY_STATUS_LIST_TTL_SECONDS must be 1 to 86400")
        bounds: tuple[tuple[str, int, int, int], ...] = (
            (
                "REGISTRY_HOLDER_FAILURE_WINDOW_SECONDS",
                self.holder_failure_window_seconds,
                60,
                86_400,
            ),
            ("REGISTRY_HOLDER_CLIENT_MAX_FAILURES", self.holder_client_max_failures, 1, 1000),
            ("REGISTRY_HOLDER_FREE_TRIES", self.holder_free_tries, 1, 100),
            (
                "REGISTRY_ORIGINAL_NUMBER_LOOKUPS_PER_HOUR",
                self.original_number_lookups_per_hour,
                1,
                10_000,
            ),
            ("REGISTRY_HOLDER_BACKOFF_SECONDS", self.holder_backoff_seconds, 1, 86_400),
            ("REGISTRY_HOLDER_BACKOFF_MAX_SECONDS", self.holder_backoff_max_seconds, 1, 86_400),
            (
                "REGISTRY_HOLDER_CERTIFICATE_SLOW_AFTER",
                self.holder_certificate_slow_after,
                1,
                10_000,
            ),
            (
                "REGISTRY_HOLDER_CERTIFICATE_DELAY_MAX_SECONDS",
                self.holder_certificate_delay_max_seconds,
                1,
                3600,
            ),
        )
        for setting, number, low, high in bounds:
            if not low <= number <= high:
                raise SettingsError(f"{setting} must be {low} to {high}, not {number}")
        if self.eligibility_reference not in ELIGIBILITY_REFERENCES:
            raise SettingsError(
                "REGISTRY_ELIGIBILITY_REFERENCE must be one of "
                f"{', '.join(ELIGIBILITY_REFERENCES)}, not {self.eligibility_reference!r}"
            )
        if self.eligibility_part_time not in ELIGIBILITY_PART_TIME:
            raise SettingsError(
                "REGISTRY_ELIGIBILITY_PART_TIME must be one of "
                f"{', '.join(ELIGIBILITY_PART_TIME)}, not {self.eligibility_part_time!r}"
            )
        if self.key_dir.exists() and not self.key_dir.is_dir():
            raise SettingsError(f"REGISTRY_KEY_DIR is not a directory: {self.key_dir}")


def _integer(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name) or default)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {env[name]!r}") from None


def _share_link_max_days(env: Mapping[str, str]) -> int:
    text = env.get("REGISTRY_SHARE_LINK_MAX_DAYS", "30")
    if not text.isdigit() or not 1 <= int(text) <= 366:
        raise SettingsError(f"REGISTRY_SHARE_LINK_MAX_DAYS must be 1 to 366 days, not {text!r}")
    return int(text)


def _dev_secrets(env: Mapping[str, str]) -> bool:
    text = env.get("REGISTRY_DEV_SECRETS", "").strip()
    if text not in ("", "0", "1"):
        raise SettingsError(f"REGISTRY_DEV_SECRETS must be 1 or 0, not {text!r}")
    return text == "1"


def _secret_file(env: Mapping[str, str], name: str, default: Path, dev: bool) -> Path:
    """A secret's file: set explicitly, it must exist; unset, the default under the var
    directory. Only in development (``REGISTRY_DEV_SECRETS=1``, as ``make run`` sets it) is a
    missing default made, with a new random secret: anywhere else a new secret would be a
    data key nothing was encrypted with, or a passphrase no key opens."""
    if env.get(name):
        return Path(env[name])
    if default.exists():
        return default
    if not dev:
        raise SettingsError(
            f"{name} is not set and {default} does not exist: set {name} to the secret's "
            "file (deploy/README.md, step 4). The registry makes secrets itself only in "
            "development, with REGISTRY_DEV_SECRETS=1.\n"
            f"未设置 {name}，且 {default} 不存在：请将 {name} 设为该密钥文件的路径"
            "（deploy/README.md 第 4 步）。只有开发模式（REGISTRY_DEV_SECRETS=1）下注册服务才会"
            "自行生成密钥。"
        )
    default.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Written whole, then linked into place: a process started alongside reads the whole
    # secret or makes none (the link fails when the other got there first).
    fd, written = tempfile.mkstemp(dir=default.parent, prefix=f".{default.name}.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
        os.link(written, default)
    except FileExistsError:
        return default
    finally:
        Path(written).unlink()
    sys.stderr.write(
        f"development mode (REGISTRY_DEV_SECRETS=1): made a new secret for {name} at {default}\n"
    )
    return default


def read_secret(path: Path) -> bytes:
    value = path.read_bytes().strip()
    if len(value) < 16:
        raise SettingsError(f"{path} holds fewer than 16 bytes; use a long random secret")
    return value
