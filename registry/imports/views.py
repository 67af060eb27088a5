"""The bureau's upload of a small part of the existing register: the command's import for a
file sent in the request, in one transaction, answering the counts, the report and the
holders' access codes once."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint

from certs.errors import FieldError, InvalidInputError, TooLargeError, UnsupportedMediaTypeError
from registry import web
from registry.imports.reader import file_digest_and_kind, rows
from registry.imports.runner import Collected, Summary, run_import
from registry.imports.schemas import RegisterImportQuerySchema, RegisterImportSchema
from registry.web.auth import requires
from webbase.api import problems

blp = Blueprint(
    "register_imports",
    __name__,
    url_prefix="/api/v1/register-imports",
    description="The existing register (存量职称登记): small uploads; large files by the "
    "operator command import-register",
)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000  # one transaction: all of the file or none of it
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = ("text/csv", "application/csv", "text/plain", XLSX)
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}} for kind in ("text/csv", XLSX)
        },
        "description": f"A CSV (UTF-8, UTF-8 with a BOM, GB18030) or .xlsx file of at most "
        f"{MAX_BYTES // 1024 // 1024} MiB and {MAX_ROWS} rows, in the columns of the "
        "import-register command (docs/operations.md); rows are numbered as the spreadsheet "
        "numbers them (the header is row 1)",
    }
}


@blp.route("", methods=["POST"])
@requires(blp, "bureau")
@blp.arguments(RegisterImportQuerySchema, location="query", unknown=ma.RAISE)
@blp.doc(**BODY)
@blp.response(200, RegisterImportSchema)
@problems(blp, 413, 415, 503)
def import_register(query):
    """Import (or with dry_run, check) a small part of the existing register (bureau): each
    title a certificate signed as route imported; the same file again adds nothing"""
    if request.mimetype not in TYPES:
        raise UnsupportedMediaTypeError(
            f"Send the file as text/csv or {XLSX}, not {request.mimetype or 'no content type'}.",
            f"请以 text/csv 或 {XLSX} 格式发送文件，而不是 {request.mimetype or '无内容类型'}。",
        )
    if (request.content_length or 0) > MAX_BYTES:
        raise _too_large()
    body = request.get_data()
    if len(body) > MAX_BYTES:
        raise _too_large()
    web.session().commit()  # the import commits in its own transactions
    state, collected = web.state(), Collected()
    with tempfile.TemporaryDirectory(prefix="register-import-") as directory:
        path = Path(directory) / _file_name(query.get("file_name"), body)
        path.write_bytes(body)
        _check_size(path)
        summary = run_import(
            state.sessions,
            path,
            None if query["dry_run"] else state.issuer,
            state.protector,
            web.actor(),
            state.clock,
            collected,
            MAX_ROWS,
        )
    return _answer(summary, collected, query["dry_run"]), 200, {"Cache-Control": "no-store"}


def _answer(summary: Summary, collected: Collected, dry_run: bool) -> dict[str, object]:
    base = web.state().settings.verify_public_base_url
    return {
        "file_sha256": summary.file_sha256,
        "dry_run": dry_run,
        "already_imported": summary.already_done,
        "imported": summary.imported,
        "duplicates": summary.duplicates,
        "refused": summary.refused,
        "report": [
            {
                "row": error.row,
                "outcome": outcome,
                "field": error.field,
                "code": error.code,
                "message": error.message,
                "message_zh": error.message_zh,
            }
            for outcome, error in collected.report
        ],
        "certificates": [
            {
                "row": item.row_number,
                "serial": item.serial,
                "holder_name": item.holder_name,
                "level": item.level,
                "access_code": item.access_code or None,
                "verify_page": f"{base}/c/{item.serial}",
            }
            for item in collected.codes
        ],
    }


def _file_name(given: str | None, body: bytes) -> str:
    suffix = ".xlsx" if body.startswith(b"PK\x03\x04") else ".csv"
    stem = re.sub(r"[^\w.-]+", "_", Path(given or "upload").stem)[:100] or "upload"
    return stem + suffix


def _check_size(path: Path) -> None:
    """All of the file in one transaction: no more than ``MAX_ROWS`` rows."""
    _, kind = file_digest_and_kind(path)
    for count, _row in enumerate(rows(path, kind), start=1):
        if count > MAX_ROWS:
            raise InvalidInputError(
                errors=[
                    FieldError(
                        "body",
                        "too_many_rows",
                        f"The file has more than {MAX_ROWS} rows: import it with the "
                        "operator command import-register.",
                        f"文件超过 {MAX_ROWS} 行：请由运维人员用 import-register 命令导入。",
                    )
                ]
            )


def _too_large() -> TooLargeError:
    return TooLargeError(
        f"The file is larger than {MAX_BYTES // 1024 // 1024} MiB: import it with the "
        "operator command import-register.",
        f"文件大于 {MAX_BYTES // 1024 // 1024} MiB：请由运维人员用 import-register 命令导入。",
    )
