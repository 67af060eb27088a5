"""Idempotency-Key: a repeat returns the first answer and issues nothing more, even when
the two requests really run at the same time (threads, separate connections)."""

from __future__ import annotations

import concurrent.futures
import threading

import sqlalchemy as sa

from registry.batches.models import ResultBatch
from registry.certificates.models import Certificate
from tests.factories import at, batch_row, bearer
from tests.registry.test_batches import AFTER_NOTICE, ISSUE


def count(app, model) -> int:
    with app.extensions["registry"].sessions() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model))


def post(app, url, body, token, key=None):
    headers = bearer(token) | ({"Idempotency-Key": key} if key else {})
    return app.test_client().post(url, json=body, headers=headers)


def together(calls):
    """Run the calls at the same moment, each in its own thread; their responses."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_a_repeated_submission_returns_the_first_answer_and_stores_nothing_more(
    registry_app, tokens
):
    body = {"rows": [batch_row(0), batch_row(1)]}
    first = post(registry_app, "/api/v1/batches", body, tokens["committee"], "key-1")
    again = post(registry_app, "/api/v1/batches", body, tokens["committee"], "key-1")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert count(registry_app, ResultBatch) == 1
    other = post(
        registry_app, "/api/v1/batches", {"rows": [batch_row(2)]}, tokens["committee"], "key-1"
    )
    assert other.status_code == 422 and other.json["errors"][0]["code"] == "key_reused"
    # A key is per client: the bureau's "key-1" is another key.
    bureau = post(
        registry_app,
        "/api/v1/batches",
        {"rows": [batch_row(5)], "committee_code": "BJ-DZ-01"},
        tokens["bureau"],
        "key-1",
    )
    assert bureau.status_code == 201 and count(registry_app, ResultBatch) == 2


def test_a_refused_request_does_not_use_up_its_key(registry_app, tokens):
    bad = post(
        registry_app,
        "/api/v1/batches",
        {"rows": [batch_row(0, level="x")]},
        tokens["committee"],
        "k",
    )
    assert bad.status_code == 422
    fixed = post(
        registry_app, "/api/v1/batches", {"rows": [batch_row(0)]}, tokens["committee"], "k"
    )
    assert fixed.status_code == 201


def test_a_malformed_key_is_refused(registry_app, tokens):
    response = post(
        registry_app, "/api/v1/batches", {"rows": [batch_row(0)]}, tokens["committee"], "ключ"
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "Idempotency-Key"


def test_two_concurrent_submissions_with_one_key_store_one_batch(registry_app, tokens):
    body = {"rows": [batch_row(i) for i in range(50)]}
    responses = together(
        [lambda: post(registry_app, "/api/v1/batches", body, tokens["committee"], "same")] * 2
    )
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json == responses[1].json
    assert count(registry_app, ResultBatch) == 1


def test_two_concurrent_issuances_with_one_key_issue_once(registry_app, tokens):
    batch = post(
        registry_app,
        "/api/v1/batches",
        {"rows": [batch_row(i) for i in range(30)]},
        tokens["committee"],
    ).json
    at(registry_app, AFTER_NOTICE)
    url = f"/api/v1/batches/{batch['id']}/issue"
    responses = together(
        [lambda: post(registry_app, url, ISSUE, tokens["committee"], "issue-1")] * 2
    )
    assert [r.status_code for r in responses] == [201, 201]
    first, replayed = sorted(responses, key=lambda r: "Idempotent-Replayed" in r.headers)
    assert "Idempotent-Replayed" not in first.headers
    first, replayed = first.json, replayed.json
    codes = [c.pop("access_code") for c in first["certificates"]]
    assert all(codes) and all(c.pop("access_code") is None for c in replayed["certificates"])
    assert first == replayed
    assert count(registry_app, Certificate) == 30


def test_two_concurrent_issuances_without_a_key_issue_once(registry_app, tokens):
    batch = post(
        registry_app,
        "/api/v1/batches",
        {"rows": [batch_row(i) for i in range(30)]},
        tokens["committee"],
    ).json
    at(registry_app, AFTER_NOTICE)
    url = f"/api/v1/batches/{batch['id']}/issue"
    responses = together(
        [
            lambda: post(registry_app, url, ISSUE, tokens["committee"]),
            lambda: post(registry_app, url, ISSUE, tokens["bureau"]),
        ]
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert count(registry_app, Certificate) == 30
