"""The bureau's upload of a small part of the existing register (``POST
/api/v1/register-imports``): its query and its answer."""

from __future__ import annotations

import marshmallow as ma

from registry.web.schemas import StrictSchema, text


class RegisterImportQuerySchema(StrictSchema):
    dry_run = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Check every row and report; write nothing"},
    )
    file_name = text(
        200,
        required=False,
        metadata={"description": "The file's name, kept with the run (the file is known by "
                  "its SHA-256)"},
    )  # fmt: skip


class ReportRowSchema(ma.Schema):
    row = ma.fields.Integer(allow_none=True, required=True)
    outcome = ma.fields.String(
        required=True, metadata={"description": "refused, duplicate or note (imported)"}
    )
    field = ma.fields.String(required=True)
    code = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    message_zh = ma.fields.String(required=True)


class ImportedCertificateSchema(ma.Schema):
    row = ma.fields.Integer(required=True)
    serial = ma.fields.String(required=True)
    holder_name = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    verify_page = ma.fields.String(required=True)
    access_code = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": "The holder's access code (查询码), shown in this answer only "
            "(null in a dry run); only its hash is kept. Lost, it is reset per certificate: "
            "POST /api/v1/certificates/{serial}/access-code"
        },
    )


class RegisterImportSchema(ma.Schema):
    file_sha256 = ma.fields.String(required=True)
    dry_run = ma.fields.Boolean(required=True)
    already_imported = ma.fields.Boolean(
        required=True,
        metadata={"description": "This file was imported before: nothing was added"},
    )
    imported = ma.fields.Integer(required=True)
    duplicates = ma.fields.Integer(required=True)
    refused = ma.fields.Integer(required=True)
    report = ma.fields.List(
        ma.fields.Nested(ReportRowSchema),
        required=True,
        metadata={"description": "Every refused and duplicate row, and notes, by row"},
    )
    certificates = ma.fields.List(ma.fields.Nested(ImportedCertificateSchema), required=True)
