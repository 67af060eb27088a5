"""Orders to rectify by a deadline (责令限期整改, 三(四)4) through the registry API: the bureau
records one, the committee keeps working, the order ends rectified, escalated to a
suspension or by the withdrawal of authority, and whatever cannot follow is refused."""

import datetime as dt

from certs.dates import beijing_date
from registry.audit.services import AuditQuery, search
from registry.committees.authority import authority_errors
from registry.committees.models import Committee, Specialty
from tests.factories import NOW, at, bearer
from tests.registry.test_certificates_api import table_snapshot

COMMITTEE = "/api/v1/committees/BJ-DZ-01"
ORDERS = f"{COMMITTEE}/rectification-orders"
TODAY = beijing_date(NOW)
DAY = dt.timedelta(days=1)
REASON = "内部核查：多次被投诉答辩程序不规范"


def order(registry, token, decided=TODAY, deadline=TODAY + 30 * DAY, path=ORDERS, **extra):
    body = {
        "decision_number": "京人社职字〔2026〕30号",
        "decision_date": decided.isoformat(),
        "deadline": deadline.isoformat(),
        "grounds": ["lax_review", "irregular_procedure"],
        "reason": REASON,
        **extra,
    }
    return registry.post(path, json=body, headers=bearer(token))


def close(registry, token, order_id, decided=TODAY, **extra):
    body = {
        "decision_number": "京人社职字〔2026〕41号",
        "decision_date": decided.isoformat(),
        "reason": "整改报告已审核，答辩程序已规范",
        **extra,
    }
    return registry.post(f"{ORDERS}/{order_id}/closure", json=body, headers=bearer(token))


def escalate(registry, token, order_id, effective=TODAY, **extra):
    body = {
        "decision_number": "京人社职字〔2026〕45号",
        "effective_date": effective.isoformat(),
        "reason": "逾期不予整改",
        **extra,
    }
    return registry.post(f"{ORDERS}/{order_id}/escalation", json=body, headers=bearer(token))


def made(registry, token, **kwargs) -> dict:
    response = order(registry, token, **kwargs)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def refused(registry_app, status, call, *args, **kwargs) -> dict:
    """A refusal: the status, nothing stored, every reason in both languages citing 三(四)4;
    the reasons by field."""
    before = table_snapshot(registry_app)
    response = call(*args, **kwargs)
    assert response.status_code == status, response.get_json()
    assert table_snapshot(registry_app) == before, "a refusal changed the database"
    body = response.get_json()
    assert body["detail"] and body["detail_zh"]
    errors = body["errors"]
    assert all(e["code"] and e["message"] and e["message_zh"] for e in errors)
    return {error["field"]: error for error in errors}


def cites_the_clause(error: dict) -> bool:
    return "三(四)4" in error["message"] and "三(四)4" in error["message_zh"]


def may_issue(registry_app, on=TODAY) -> list[str]:
    with registry_app.extensions["registry"].sessions() as session:
        committee = session.query(Committee).filter_by(code="BJ-DZ-01").one()
        specialty = session.query(Specialty).filter_by(code="DZXX-01").one()
        return [e.code for e in authority_errors(session, committee, specialty, "engineer", on)]


def audit_actions(registry_app) -> list[str]:
    with registry_app.extensions["registry"].sessions() as session:
        return [r.action for r in search(session, AuditQuery(after_seq=0, limit=1000))]


def test_an_order_to_rectify_is_recorded_and_the_committee_keeps_working(
    registry_app, registry, tokens
):
    body = made(registry, tokens["bureau"])
    assert body["standing"] == "open" and body["outcome"] is None
    assert body["decision_date"] == TODAY.isoformat()
    assert body["deadline"] == (TODAY + 30 * DAY).isoformat()
    assert body["grounds"] == ["lax_review", "irregular_procedure"]
    assert body["reason"] == REASON and body["recorded_by"].startswith("bureau:")

    record = registry.get(COMMITTEE, headers=bearer(tokens["committee"])).get_json()
    assert record["status"] == "active", "an order to rectify is not a suspension"
    assert record["open_rectification_order"]["decision_number"] == "京人社职字〔2026〕30号"
    assert may_issue(registry_app) == []
    history = registry.get(f"{COMMITTEE}/status-changes", headers=bearer(tokens["bureau"]))
    assert history.get_json() == []

    own = registry.get(ORDERS, headers=bearer(tokens["committee"]))
    assert [o["id"] for o in own.get_json()] == [body["id"]]
    other = registry.get(ORDERS, headers=bearer(tokens["other_committee"]))
    assert other.status_code == 403
    assert "committee.rectification_order" in audit_actions(registry_app)


def test_accepting_the_rectification_ends_the_order(registry_app, registry, tokens):
    first = made(registry, tokens["bureau"], decided=TODAY - 40 * DAY, deadline=TODAY - DAY)
    closed = close(registry, tokens["bureau"], first["id"])
    assert closed.status_code == 200, closed.get_json()
    body = closed.get_json()
    assert body["standing"] == "rectified" and body["outcome"] == "rectified"
    assert body["closed_on"] == TODAY.isoformat()
    assert body["closing_decision_number"] == "京人社职字〔2026〕41号"
    record = registry.get(COMMITTEE, headers=bearer(tokens["bureau"])).get_json()
    assert record["open_rectification_order"] is None and record["status"] == "active"
    assert audit_actions(registry_app)[-1] == "committee.rectification_end"

    again = refused(registry_app, 409, close, registry, tokens["bureau"], first["id"])
    assert (
        again["order_id"]["code"] == "order_closed"
        and "已完成整改" in again["order_id"]["message_zh"]
    )
    second = made(registry, tokens["bureau"], decision_number="京人社职字〔2026〕50号")
    listed = registry.get(ORDERS, headers=bearer(tokens["bureau"])).get_json()
    assert [(o["id"], o["standing"]) for o in listed] == [
        (first["id"], "rectified"),
        (second["id"], "open"),
    ]


def test_an_order_is_overdue_from_the_day_after_its_deadline_until_it_ends(
    registry_app, registry, tokens
):
    body = made(registry, tokens["bureau"], deadline=TODAY + 10 * DAY)
    at(registry_app, NOW + 10 * DAY)
    assert registry.get(ORDERS, headers=bearer(tokens["bureau"])).get_json()[0]["standing"] == (
        "open"
    )
    at(registry_app, NOW + 11 * DAY)
    listed = registry.get(ORDERS, headers=bearer(tokens["bureau"])).get_json()
    assert listed[0]["standing"] == "overdue" and listed[0]["outcome"] is None
    record = registry.get(COMMITTEE, headers=bearer(tokens["bureau"])).get_json()
    assert record["open_rectification_order"]["standing"] == "overdue"
    assert record["status"] == "active" and may_issue(registry_app, TODAY + 11 * DAY) == []

    late = close(registry, tokens["bureau"], body["id"], decided=TODAY + 11 * DAY)
    assert late.status_code == 200 and late.get_json()["standing"] == "rectified"


def test_escalation_suspends_review_work_and_ends_the_order(registry_app, registry, tokens):
    body = made(registry, tokens["bureau"], decided=TODAY - 40 * DAY, deadline=TODAY - 10 * DAY)
    escalated = escalate(registry, tokens["bureau"], body["id"], TODAY + DAY)
    assert escalated.status_code == 200, escalated.get_json()
    ended = escalated.get_json()
    assert ended["standing"] == "escalated" and ended["closed_on"] == (TODAY + DAY).isoformat()
    assert ended["closing_decision_number"] == "京人社职字〔2026〕45号"

    history = registry.get(f"{COMMITTEE}/status-changes", headers=bearer(tokens["bureau"]))
    [suspension] = history.get_json()
    assert suspension["action"] == "suspend" and suspension["reason"] == "逾期不予整改"
    assert suspension["effective_date"] == (TODAY + DAY).isoformat()
    assert suspension["decision_number"] == "京人社职字〔2026〕45号"
    assert may_issue(registry_app) == []
    assert may_issue(registry_app, TODAY + DAY) == ["committee_suspended"]
    assert audit_actions(registry_app)[-2:] == ["committee.suspend", "committee.rectification_end"]

    twice = refused(registry_app, 409, escalate, registry, tokens["bureau"], body["id"])
    assert twice["order_id"]["code"] == "order_closed"
    at(registry_app, NOW + 2 * DAY)
    during = refused(registry_app, 409, order, registry, tokens["bureau"], TODAY + 2 * DAY)
    assert during["decision_date"]["code"] == "committee_suspended"
    assert cites_the_clause(during["decision_date"])


def test_escalation_is_refused_as_a_suspension_would_be(registry_app, registry, tokens):
    body = made(registry, tokens["bureau"])
    suspended = registry.post(
        f"{COMMITTEE}/status-changes",
        json={
            "action": "suspend",
            "reason": "另案",
            "decision_number": "京人社职字〔2026〕44号",
            "effective_date": TODAY.isoformat(),
        },
        headers=bearer(tokens["bureau"]),
    )
    assert suspended.status_code == 201
    before = table_snapshot(registry_app)
    response = escalate(registry, tokens["bureau"], body["id"])
    assert response.status_code == 409 and "不能暂停评审工作" in response.get_json()["detail_zh"]
    assert table_snapshot(registry_app) == before


def test_withdrawing_authority_ends_an_open_order_and_no_order_follows(
    registry_app, registry, tokens
):
    body = made(registry, tokens["bureau"])
    withdrawn = registry.post(
        f"{COMMITTEE}/status-changes",
        json={
            "action": "withdraw",
            "reason": "整改无明显改善",
            "decision_number": "京人社职字〔2026〕60号",
            "effective_date": (TODAY + 5 * DAY).isoformat(),
        },
        headers=bearer(tokens["bureau"]),
    )
    assert withdrawn.status_code == 201, withdrawn.get_json()
    [ended] = registry.get(ORDERS, headers=bearer(tokens["bureau"])).get_json()
    assert ended["id"] == body["id"] and ended["standing"] == "withdrawn"
    assert ended["closed_on"] == (TODAY + 5 * DAY).isoformat()
    assert ended["closing_decision_number"] == "京人社职字〔2026〕60号"

    errors = refused(registry_app, 409, order, registry, tokens["bureau"])
    assert errors["code"]["code"] == "authority_withdrawn"
    assert "收回评审权" in errors["code"]["message_zh"] and cites_the_clause(errors["code"])
    closing = refused(registry_app, 409, close, registry, tokens["bureau"], body["id"])
    assert closing["order_id"]["code"] == "order_closed"


def test_wrong_dates_are_refused_in_both_languages(registry_app, registry, tokens):
    bureau = tokens["bureau"]
    early = refused(registry_app, 422, order, registry, bureau, deadline=TODAY - DAY)
    assert early["deadline"]["code"] == "deadline_not_after_decision"
    assert "整改期限须晚于决定日期" in early["deadline"]["message_zh"]
    assert cites_the_clause(early["deadline"])
    same_day = refused(registry_app, 422, order, registry, bureau, deadline=TODAY)
    assert same_day["deadline"]["code"] == "deadline_not_after_decision"
    future = refused(
        registry_app, 422, order, registry, bureau, TODAY + DAY, deadline=TODAY + 30 * DAY
    )
    assert future["decision_date"]["code"] == "decision_in_future"
    assert cites_the_clause(future["decision_date"])

    body = made(registry, bureau, decided=TODAY - 5 * DAY)
    before = refused(registry_app, 422, close, registry, bureau, body["id"], TODAY - 6 * DAY)
    assert before["decision_date"]["code"] == "before_order"
    ahead = refused(registry_app, 422, close, registry, bureau, body["id"], TODAY + DAY)
    assert ahead["decision_date"]["code"] == "decision_in_future"
    back = refused(registry_app, 422, escalate, registry, bureau, body["id"], TODAY - 6 * DAY)
    assert back["effective_date"]["code"] == "before_order" and cites_the_clause(
        back["effective_date"]
    )


def test_a_second_order_waits_for_the_first_to_end(registry_app, registry, tokens):
    first = made(registry, tokens["bureau"], decided=TODAY - 5 * DAY)
    errors = refused(registry_app, 409, order, registry, tokens["bureau"])
    assert errors["code"]["code"] == "order_open"
    assert "京人社职字〔2026〕30号" in errors["code"]["message_zh"]
    assert close(registry, tokens["bureau"], first["id"], TODAY - 2 * DAY).status_code == 200
    earlier = refused(registry_app, 409, order, registry, tokens["bureau"], TODAY - 3 * DAY)
    assert earlier["decision_date"]["code"] == "before_latest_order"
    assert made(registry, tokens["bureau"], decided=TODAY - 2 * DAY)["standing"] == "open"


def test_requests_that_do_not_fit_are_refused(registry_app, registry, tokens):
    bureau = tokens["bureau"]
    unknown = refused(registry_app, 422, order, registry, bureau, grounds=["rude_experts"])
    assert list(unknown) == ["grounds.0"] and "整改事由" in unknown["grounds.0"]["message_zh"]
    empty = refused(registry_app, 422, order, registry, bureau, grounds=[])
    assert "grounds" in empty
    body = made(registry, bureau)
    missing = close(registry, bureau, body["id"] + 1)
    assert missing.status_code == 404 and "没有编号为" in missing.get_json()["detail_zh"]
    wrong_committee = registry.post(
        f"/api/v1/committees/BJ-XNY-01/rectification-orders/{body['id']}/closure",
        json={"decision_number": "1", "decision_date": TODAY.isoformat(), "reason": "x"},
        headers=bearer(bureau),
    )
    assert wrong_committee.status_code == 404 and wrong_committee.get_json()["detail_zh"]
    no_such = order(registry, bureau, path="/api/v1/committees/BJ-NOPE/rectification-orders")
    assert no_such.status_code == 404
    committee = tokens["committee"]
    assert order(registry, committee).status_code == 403
    assert close(registry, committee, body["id"]).status_code == 403
    assert escalate(registry, committee, body["id"]).status_code == 403
