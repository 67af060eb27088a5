"""Domain errors and database races answered as problem+json."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

from certs.errors import CertsError, ConflictError
from webbase.problems import Problem
from webbase.problems import problem_response as webbase_problem_response

log = logging.getLogger(__name__)


def problem_response(problem: Problem, headers: dict | None = None):
    if problem.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="registry"'}
    return webbase_problem_response(problem, headers)


def handle_domain_error(error: CertsError):
    problem = Problem.from_error(error)
    if problem.status >= 500:
        log.error("service error: %s", error.detail)
    return problem_response(problem)


def handle_integrity_error(error: IntegrityError):
    """Two requests that raced: the database kept one and refused the other, which has
    written nothing (its transaction is rolled back)."""
    log.warning("integrity error, answered 409: %s", error.orig)
    return handle_domain_error(
        ConflictError(
            "A change made at the same moment conflicts with this one; nothing was stored. "
            "Read the current state and try again.",
            "与同时进行的另一项变更冲突，本次未保存任何内容。请查看最新状态后重试。",
        )
    )
