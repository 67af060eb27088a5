"""Access logs that keep no personal data and no secret: gunicorn's logger, with every URL
redacted before it is written (deploy/gunicorn.*.py: ``logger_class``).

What a URL may carry that a log must not: a QR token (``/v/<token>``; its payload holds the
holder's full name), a share link's token (``/s/<token>``), an ID-card number someone typed
into a form or a link, a name in a search. So the path keeps its shape with those parts
replaced, and a query string keeps its keys but only the values of the few keys that are
known to carry nothing personal (paging, dates, versions). The referring URL is redacted the
same way: it is the previous page's URL, token and all. nginx logs with the same rules
(deploy/nginx/title-registry.conf, ``log_format title_redacted``)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit

from gunicorn.glogging import Logger

# Path segments that are secrets or personal data, by the route that takes them.
_SECRET_SEGMENTS = (
    (re.compile(r"^(/v/)[^/?#]+"), r"\1[token]"),
    (re.compile(r"^(/s/)[^/?#]+"), r"\1[share]"),
)
# Anywhere else in a path: a JWS (a credential or token) and an ID-card number (18 or 15).
_ANYWHERE = (
    (re.compile(r"eyJ[\w-]*\.[\w-]*\.[\w-]*"), "[token]"),
    (re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])"), "[id]"),
    (re.compile(r"(?<![0-9])[0-9]{15}(?![0-9])"), "[id]"),
)
# Query keys whose values say nothing about anyone.
SAFE_QUERY_KEYS = frozenset(
    {"page", "limit", "after_id", "after_seq", "cursor", "on", "version", "status", "format"}
)


def redact_path(path: str) -> str:
    for pattern, replacement in (*_SECRET_SEGMENTS, *_ANYWHERE):
        path = pattern.sub(replacement, path)
    return path


def redact_query(query: str) -> str:
    if not query:
        return ""
    kept = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        shown = redact_path(value) if key in SAFE_QUERY_KEYS else "[redacted]"
        kept.append(f"{quote(redact_path(key), safe='_-.')}={quote(shown, safe='[]-_.:')}")
    return "&".join(kept)


def redact_url(url: str) -> str:
    """A full URL or a path with its query, as a log may show it."""
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    query = redact_query(parts.query)
    return origin + redact_path(parts.path) + (f"?{query}" if query else "")


class RedactingLogger(Logger):
    """gunicorn's logger with the request line, path, query and referrer redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(atoms.get("U", "") or "")
        query = redact_query(atoms.get("q", "") or "")
        atoms["U"], atoms["q"] = path, query
        method = environ.get("REQUEST_METHOD", "-")
        protocol = environ.get("SERVER_PROTOCOL", "-")
        atoms["r"] = f"{method} {path}{'?' + query if query else ''} {protocol}"
        atoms["f"] = redact_url(atoms.get("f", "-") or "-")
        if "{referer}i" in atoms:
            atoms["{referer}i"] = atoms["f"]
        # The WSGI environment holds the raw URI and query: not for a log format.
        for key in [key for key in atoms if key.endswith("}e")]:
            del atoms[key]
        return atoms
