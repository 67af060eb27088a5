"""Every table verify reads: its read-only view of the public projection, in one MetaData.

The registry's projection package is the only writer of these tables, and its models and
migrations are their definition; verify declares just the columns it reads.
tests/verify/test_isolation.py checks each of them against the migrated database, so the
two cannot drift apart unnoticed.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _strings(*names: str) -> list[Column[str]]:
    return [Column(name, String) for name in names]


# Certificates, keys, status lists --------------------------------------------------------
public_certificates = Table(
    "public_certificates",
    metadata,
    Column("serial", String, primary_key=True),
    *_strings(
        "masked_name",
        "level",
        "title_zh",
        "title_en",
        "specialty_code",
        "specialty_name_zh",
        "specialty_name_en",
        "committee_code",
        "committee_name_zh",
        "committee_name_en",
        "decision_number",
        "evaluation_track",
        "evaluation_method",
        "route",
        "status",
        "status_reason",
        "status_decision_number",
        "kid",
        "original_number",  # an imported title's (migration 0023)
        "import_source",
    ),
    Column("status_effective_date", Date),
    Column("status_index", Integer),
    Column("signed_at", DateTime(timezone=True)),
    Column("decision_date", Date),
    Column("issued_at", DateTime(timezone=True)),
    Column("status_changed_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True)),
    Column("public_record", Text),  # the registry's signature over the public fields
)
public_keys = Table(
    "public_keys",
    metadata,
    Column("kid", String, primary_key=True),
    Column("jwk", Text),
    Column("status", String),
    Column("valid_from", DateTime(timezone=True)),
    Column("valid_to", DateTime(timezone=True)),
    Column("compromised_since", DateTime(timezone=True)),
)
public_status_lists = Table(
    "public_status_lists",
    metadata,
    Column("purpose", String, primary_key=True),
    Column("credential", Text),
    Column("etag", String),
    Column("ttl_seconds", Integer),
    Column("updated_at", DateTime(timezone=True)),
)

# Review committees and the specialty catalogue -------------------------------------------
public_committees = Table(
    "public_committees",
    metadata,
    Column("code", String, primary_key=True),
    *_strings("name_zh", "name_en", "organisation", "filing_number"),
    Column("levels", JSON),
    Column("specialties", JSON),
    Column("valid_from", Date),
    Column("valid_to", Date),
)
public_committee_status = Table(
    "public_committee_status",
    metadata,
    Column("id", Integer, primary_key=True),
    *_strings("committee_code", "action", "status", "decision_number"),
    Column("effective_date", Date),
)
public_committee_rectification_orders = Table(
    "public_committee_rectification_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    *_strings("committee_code", "decision_number", "outcome", "closing_decision_number"),
    Column("decision_date", Date),
    Column("deadline", Date),
    Column("grounds", JSON),
    Column("closed_on", Date),
)
public_specialties = Table(
    "public_specialties",
    metadata,
    Column("code", String, primary_key=True),
    *_strings("name_zh", "name_en", "field"),
    Column("valid_from", Date),
    Column("valid_to", Date),
)
public_specialty_names = Table(
    "public_specialty_names",
    metadata,
    Column("id", Integer, primary_key=True),
    *_strings("specialty_code", "name_zh", "name_en"),
    Column("valid_from", Date),
    Column("valid_to", Date),
)

# Public notices (公示) of results batches ------------------------------------------------
public_notices = Table(
    "public_notices",
    metadata,
    Column("batch_id", String, primary_key=True),
    *_strings("committee_code", "committee_name_zh", "committee_name_en"),
    Column("notice_from", Date),
    Column("notice_to", Date),
    Column("status", String),
    Column("published_at", DateTime(timezone=True)),
    Column("objection_contact", String),
    Column("closed_at", DateTime(timezone=True)),
)
public_notice_entries = Table(
    "public_notice_entries",
    metadata,
    Column("batch_id", String, primary_key=True),
    Column("row_number", Integer, primary_key=True),
    *_strings(
        "masked_name",
        "holder_name",  # only while the notice runs: the notice-close step removes it
        "work_unit",  # likewise
        "level",
        "title_zh",
        "title_en",
        "specialty_code",
        "specialty_name_zh",
        "specialty_name_en",
        "evaluation_track",
        "route",
    ),
)

# The qualification-to-title equivalence list ---------------------------------------------
public_equivalence_versions = Table(
    "public_equivalence_versions",
    metadata,
    Column("number", Integer, primary_key=True),
    Column("effective_from", Date),
    Column("action", String),
    Column("summary", String),
    Column("published_at", DateTime(timezone=True)),
)
public_equivalence_entries = Table(
    "public_equivalence_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    *_strings(
        "code",
        "name_zh",
        "name_en",
        "name_key",
        "awarding_body",
        "grade",
        "level",
        "source",
        "basis",
        "note",
    ),
    Column("provisional", Boolean),
    Column("holds_since", Date),
    Column("effective_from", Date),
    Column("effective_to", Date),
    Column("version_from", Integer),
    Column("version_to", Integer),
)

# The bureau's PDF-signing certificates ---------------------------------------------------
public_pdf_certificates = Table(
    "public_pdf_certificates",
    metadata,
    Column("fingerprint", String, primary_key=True),
    Column("certificate", Text),
    Column("subject", String),
    Column("status", String),
    Column("not_before", DateTime(timezone=True)),
    Column("not_after", DateTime(timezone=True)),
    Column("retired_at", DateTime(timezone=True)),
)

# The working-day calendar's years (verify warns before the last one ends) --------------
public_calendar_years = Table(
    "public_calendar_years",
    metadata,
    Column("year", Integer, primary_key=True),
)
