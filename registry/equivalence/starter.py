"""Loading the list from a file: the starter list shipped with the registry, or the
bureau's own file in the same shape ({"entries": [...]}, each entry as the API takes it)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import marshmallow as ma
from sqlalchemy.orm import Session

from certs.errors import InvalidInputError
from registry.audit.services import Actor
from registry.equivalence.models import EquivalenceEntry
from registry.equivalence.schemas import EntryCreateSchema
from registry.equivalence.services import load_entries
from webbase.validation import field_errors

STARTER_FILE = Path(__file__).resolve().parents[1] / "data" / "equivalence_starter.json"


STARTER_REASON = "starter list loaded for review (起步清单，待审核)"


def read_entries(path: Path = STARTER_FILE, provisional: bool = True) -> list[dict]:
    """The file's entries, checked as the API checks them; provisional unless reviewed."""
    document = json.loads(path.read_text(encoding="utf-8"))
    schema = EntryCreateSchema()
    entries = []
    for index, raw in enumerate(document.get("entries", [])):
        try:
            entry = schema.load(raw)
        except ma.ValidationError as exc:
            errors = field_errors(exc.messages, f"entries.{index}")
            raise InvalidInputError(errors=errors) from None
        entries.append({**entry, "provisional": provisional})
    return entries


def load_file(
    session: Session,
    actor: Actor,
    now: dt.datetime,
    path: Path = STARTER_FILE,
    provisional: bool = True,
    effective: dt.date | None = None,
) -> list[EquivalenceEntry]:
    """Add the file's entries that are not on the list yet, as one version."""
    reason = STARTER_REASON if path == STARTER_FILE else f"loaded from {path.name}"
    entries = read_entries(path, provisional)
    return load_entries(session, actor, entries, now, effective, reason)
