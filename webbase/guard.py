"""What no request may carry, refused before any view reads it or the database sees it: an
address over 4 KiB, control characters or lone surrogates in the address or the query, and
JSON nested deeper than any of our bodies is. Each is a 4xx problem, so it is answered
without a traceback in the log."""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import abort

from webbase.validation import Message, text_fault

# Our deepest body (a batch: {"rows": [{...}]}) nests three levels; 32 leaves room and stays
# far below the recursion limit that a deeper document would reach in the parser or a schema.
MAX_JSON_DEPTH = 32
TOO_DEEP = Message(
    "too_deep",
    f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.",
    f"JSON 请求体的嵌套超过 {MAX_JSON_DEPTH} 层。",
)


# The path and query, as sent. gunicorn refuses request lines over 8190 bytes in HTML before
# the app (deploy/gunicorn.*.py); nginx refuses longer ones in problem+json (deploy/nginx/).
MAX_TARGET_BYTES = 4096


def init_app(app: Flask) -> None:
    app.before_request(refuse_unreadable_request)


def refuse_unreadable_request() -> None:
    """404 for an address no resource has (a NUL in a serial reaches no table); 422 naming
    the query parameter; 400 for JSON nested too deep; 414 for an address too long."""
    if _target_bytes() > MAX_TARGET_BYTES:
        abort(414)
    if text_fault(request.path):
        abort(404)
    bad = {
        name: [fault]
        for name, value in request.args.items(multi=True)
        if (fault := text_fault(name) or text_fault(value))
    }
    if bad:
        abort(422, messages={"query": bad})
    if request.is_json and _nests_too_deep():
        abort(400, messages={"json": [TOO_DEEP]})


def _target_bytes() -> int:
    """The length of the path (PATH_INFO holds its bytes, percent-decoded) and the query."""
    environ = request.environ
    return len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", "")) + 1


def _nests_too_deep() -> bool:
    """Parsed here, before any view's parser or schema walks it (which a deep document would
    take past the recursion limit), and kept for the view (Flask caches what ``get_json``
    parsed). A body that is not JSON is left for the view's parser to refuse with its own
    message."""
    try:
        document = request.get_json(silent=True)
    except RecursionError:
        return True
    return document is not None and depth_exceeds(document, MAX_JSON_DEPTH)


def depth_exceeds(document: object, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` deep (without recursion)."""
    stack = [(document, 1)] if isinstance(document, dict | list) else []
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
