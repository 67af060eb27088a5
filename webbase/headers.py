"""The security headers every answer of both services carries: JSON, problem+json, CSV, PDF,
pages and the API's documentation alike.

- ``X-Content-Type-Options: nosniff``: a browser takes the content type as given.
- ``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'``: nothing is shown in a frame.
- ``Content-Security-Policy``: an answer that sets its own (the server-rendered pages, which
  need their inline style sheet) keeps it; an endpoint may be given one (the registry's
  Swagger UI at ``/docs``); every other answer gets ``default-src 'none'``, since no JSON,
  CSV or file download needs to load anything.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, request

# Nothing to load, nothing to frame: for every answer that is not a page.
NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def init_security_headers(app: Flask, policies: Mapping[str, str] | None = None) -> None:
    """Set the headers on every answer ``app`` gives; ``policies`` maps an endpoint to the
    Content-Security-Policy its page needs, when the view cannot set it itself."""
    by_endpoint = dict(policies or {})

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in ALWAYS.items():
            response.headers[name] = value
        if "Content-Security-Policy" not in response.headers:
            policy = by_endpoint.get(request.endpoint or "", NOTHING)
            response.headers["Content-Security-Policy"] = policy
        return response
