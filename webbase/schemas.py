"""marshmallow schemas both services publish (no Flask here, only the shape of data)."""

from __future__ import annotations

import marshmallow as ma


class ProblemFieldErrorSchema(ma.Schema):
    row = ma.fields.Integer(
        metadata={
            "description": "For a batch: the row (1-based position in `rows` for JSON; the "
            "spreadsheet row, header = 1, for CSV)"
        }
    )
    field = ma.fields.String(required=True)
    code = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    message_zh = ma.fields.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, with Chinese beside English."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    title_zh = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    detail_zh = ma.fields.String(required=True)
    errors = ma.fields.List(ma.fields.Nested(ProblemFieldErrorSchema))


# What a request's text may hold, as the document says it (webbase.validation.text_fault
# refuses the rest): no control character but tab and line breaks. A JSON string cannot carry
# a lone surrogate to a schema's generator, so the pattern need not name them.
PLAIN_TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"
