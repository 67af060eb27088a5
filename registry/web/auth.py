"""Bearer-token authentication for API views, documented in the OpenAPI document."""

from __future__ import annotations

import functools

from flask import g

from registry import web
from webbase.api import problems

BEARER: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def requires(blueprint, *roles: str):
    """Authenticate before anything else (so a stranger learns nothing from validation),
    and document the bearer token and the 401/403 answers."""

    def decorate(view):
        @functools.wraps(view)
        def authenticated(*args, **kwargs):
            g.client = web.client(*roles)
            return view(*args, **kwargs)

        statuses = (401, 403) if roles else (401,)
        return problems(blueprint, *statuses)(blueprint.doc(security=BEARER)(authenticated))

    return decorate
