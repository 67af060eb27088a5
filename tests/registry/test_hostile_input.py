"""Hostile input to the registry: each answered with a 4xx problem in both languages, logged
without a traceback, and nothing written. Six causes once made 5xx answers: JSON nested past
the recursion limit, a token header's kid as a list (verify's side), a NUL in a path, a lone
surrogate in a name, a CSV cell over 128 KiB, a UTF-8 byte order mark before bytes that are
not UTF-8. And beyond them: addresses over 4 KiB, a CSV header of 700,000 unknown columns,
a column given twice, and names that show as something else."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from registry.equivalence.services import add_entry
from tests.batch_helpers import title_held
from tests.factories import BUREAU, NOW, batch_row, bearer, id_number
from tests.registry.test_batch_csv import HEADER, ROWS, post_csv
from tests.registry.test_certificates_api import correction, table_snapshot
from tests.registry.test_equivalence import entry

DEEP_JSON = "[" * 50_000 + "]" * 50_000  # 100 KB: under the body limit, past recursion's
DEEPER_THAN_ALLOWED = {"rows": [{"a": json.loads("[" * 40 + "]" * 40)}]}
CSV_ENDPOINT = "/api/v1/batches/csv?committee_code=BJ-DZ-01"


def assert_problem(response, status: int) -> dict:
    """A problem+json answer with the status, in both languages."""
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status and problem["type"].startswith("urn:title-registry:")
    assert problem["title"] and problem["title_zh"] and problem["title"] != problem["title_zh"]
    assert problem["detail"] and problem["detail_zh"]
    return problem


def codes(problem: dict) -> set[tuple]:
    return {(e.get("row"), e["field"], e["code"]) for e in problem.get("errors", [])}


def no_traceback(caplog) -> bool:
    return not [record for record in caplog.records if record.exc_info]


@pytest.fixture
def queries(registry_app):
    """The SQL statements run while the test's requests are answered."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = registry_app.extensions["registry"].engine
    sa.event.listen(engine, "before_cursor_execute", record)
    yield statements
    sa.event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def held(registry_app, tokens) -> str:
    return title_held(registry_app).serial


@pytest.fixture
def listed(registry_app, tokens):
    """An entry of the equivalence list to recognise (as tests/registry/test_recognition.py)."""
    state = registry_app.extensions["registry"]
    with state.sessions() as session, session.begin():
        add_entry(session, BUREAU, entry("RK-M", grade="intermediate"), NOW)


def recognition(**overrides) -> dict:
    return {
        "holder_name": "钱七",
        "holder_id_number": id_number(7),
        "equivalence_code": "RK-M",
        "qualification_grade": "intermediate",
        "qualification_number": "2025-0123-4567",
        "qualification_date": "2025-12-20",
        "specialty_code": "DZXX-01",
        "committee_code": "BJ-DZ-01",
        "decision_number": "京人社职认〔2026〕5号",
        "decision_date": "2026-11-20",
        **overrides,
    }


# 1. JSON nested past the recursion limit ---------------------------------------------------
JSON_ENDPOINTS = [
    ("post", "/api/v1/batches"),
    ("post", "/api/v1/certificates"),
    ("post", "/api/v1/recognitions"),
    ("post", "/api/v1/equivalences"),
    ("patch", "/api/v1/committees/BJ-DZ-01"),
    ("post", "/api/v1/holder/session"),  # public
]


@pytest.mark.parametrize("body", [DEEP_JSON, json.dumps(DEEPER_THAN_ALLOWED)], ids=["50000", "42"])
def test_json_nested_too_deep_is_a_400_before_any_view(
    registry_app, registry, tokens, queries, caplog, body
):
    before = table_snapshot(registry_app)
    for method, path in JSON_ENDPOINTS:
        queries.clear()
        response = getattr(registry, method)(
            path, data=body, content_type="application/json", headers=bearer(tokens["bureau"])
        )
        problem = assert_problem(response, 400)
        assert codes(problem) == {(None, "body", "too_deep")}
        [error] = problem["errors"]
        assert "32" in error["message"] and "嵌套" in error["message_zh"]
        assert queries == []  # refused before the token was even looked up
    assert table_snapshot(registry_app) == before and no_traceback(caplog)


def test_a_batch_nested_as_deep_as_it_is_goes_through(registry, tokens):
    response = registry.post(
        "/api/v1/batches", json={"rows": [batch_row(1)]}, headers=bearer(tokens["committee"])
    )
    assert response.status_code == 201, response.json


# 3. A NUL (or another control character) in the path or the query ---------------------------
NUL_PATHS = [
    "/api/v1/certificates/2026%00",
    "/api/v1/certificates/2026%00/credential",
    "/api/v1/batches/B%00",
    "/api/v1/committees/BJ%00DZ",
    "/api/v1/specialties/DZ%00",
    "/api/v1/equivalences/JZS%00",
    "/s/abc%00def",  # a share page: public
    "/api/v1/holder/certificate%00",
    "/api/v1/certificates/2026%01",
]


def test_a_control_character_in_the_path_is_a_404_before_any_database_read(
    registry, tokens, queries, caplog
):
    for path in NUL_PATHS:
        queries.clear()
        assert_problem(registry.get(path, headers=bearer(tokens["bureau"])), 404)
        assert queries == [], path
    assert no_traceback(caplog)


def test_a_control_character_in_the_query_is_a_422_naming_the_parameter(
    registry, tokens, queries, caplog
):
    for query, field in [
        ("status=%00", "status"),
        ("q=a%00b", "q"),
        ("%00=1", "\x00"),
        ("holder_id_number=1%1F", "holder_id_number"),
    ]:
        queries.clear()
        response = registry.get(f"/api/v1/batches?{query}", headers=bearer(tokens["bureau"]))
        problem = assert_problem(response, 422)
        assert codes(problem) == {(None, field, "control_character")}
        assert problem["errors"][0]["message_zh"] == "含有控制字符。"
        assert queries == []
    assert no_traceback(caplog)


# 4. A lone surrogate: JSON escapes one, no database stores it --------------------------------
# json.dumps writes a lone surrogate as its escape; the test client's json= could not encode it.
SURROGATE_ROW = json.dumps({"rows": [batch_row(1, holder_name="李\ud800")]})


def test_a_lone_surrogate_in_a_batch_row_is_a_field_error(registry_app, registry, tokens, caplog):
    before = table_snapshot(registry_app)
    response = registry.post(
        "/api/v1/batches",
        data=SURROGATE_ROW,
        content_type="application/json",
        headers=bearer(tokens["committee"]),
    )
    problem = assert_problem(response, 422)
    assert codes(problem) == {(1, "holder_name", "invalid_unicode")}
    assert "代理" in problem["errors"][0]["message_zh"]
    assert table_snapshot(registry_app) == before and no_traceback(caplog)


def test_a_lone_surrogate_in_a_recognition_or_a_correction_is_a_field_error(
    registry_app, registry, tokens, listed, held, caplog
):
    before = table_snapshot(registry_app)
    bodies = {
        "/api/v1/recognitions": (recognition(holder_name="钱\udc00"), "holder_name"),
        "/api/v1/certificates": (
            correction(held, holder_name="张\udfff"),
            "corrections.holder_name",
        ),
    }
    for path, (body, field) in bodies.items():
        response = registry.post(
            path,
            data=json.dumps(body),
            content_type="application/json",
            headers=bearer(tokens["bureau"]),
        )
        assert codes(assert_problem(response, 422)) == {(None, field, "invalid_unicode")}
    assert table_snapshot(registry_app) == before and no_traceback(caplog)


def test_a_lone_surrogate_in_a_field_name_is_refused_and_the_answer_still_encodes(registry, tokens):
    response = registry.post(
        "/api/v1/batches",
        data='{"rows": [{}], "\\ud800x": 1}',
        content_type="application/json",
        headers=bearer(tokens["committee"]),
    )
    problem = assert_problem(response, 422)
    assert ("\\ud800x", "invalid_unicode") in {(f, c) for _r, f, c in codes(problem)}


# 5. and 6. CSV: a cell over the csv module's limit; a BOM before bytes that are not UTF-8 ------
def test_a_csv_cell_over_128_kib_is_refused_naming_its_row(registry_app, registry, tokens, caplog):
    before = table_snapshot(registry_app)
    huge = "张" * (128 * 1024 + 1)
    body = "\n".join([HEADER, ROWS[0], ROWS[0].replace("北京电子研究所", huge)]).encode()
    problem = assert_problem(post_csv(registry, tokens["committee"], body), 422)
    assert codes(problem) == {(3, "body", "cell_too_large")}
    assert "128 KiB" in problem["errors"][0]["message"]
    assert "第 3 行" in problem["errors"][0]["message_zh"]
    assert table_snapshot(registry_app) == before and no_traceback(caplog)


@pytest.mark.parametrize(
    "body",
    [b"\xef\xbb\xbf\xff\xfe", b"\xef\xbb\xbf" + "姓名".encode("gb18030") + b"\n"],
    ids=["not-text", "gb18030-after-a-bom"],
)
def test_a_bom_before_bytes_that_are_not_utf8_is_refused(
    registry_app, registry, tokens, caplog, body
):
    before = table_snapshot(registry_app)
    problem = assert_problem(post_csv(registry, tokens["committee"], body), 422)
    assert codes(problem) == {(None, "body", "invalid_utf8")}
    assert "byte 3" in problem["errors"][0]["message"]
    assert table_snapshot(registry_app) == before and no_traceback(caplog)


# Beyond the six: error lists, duplicated columns, long addresses -----------------------------
def test_a_header_of_700000_columns_gets_a_short_answer(registry_app, registry, tokens):
    body = ",".join(f"x{i}" for i in range(700_000)).encode() + b"\n"
    assert len(body) > 1.4 * 2**20
    response = post_csv(registry, tokens["committee"], body)
    problem = assert_problem(response, 422)
    assert len(response.data) < 2048
    assert codes(problem) == {(1, "body", "too_many_columns")}
    assert (
        "700000" in problem["errors"][0]["message"]
        and "700000" in problem["errors"][0]["message_zh"]
    )


def test_a_header_of_100_unknown_columns_lists_each(registry, tokens):
    body = ",".join(f"x{i}" for i in range(100)).encode() + b"\n"
    problem = assert_problem(post_csv(registry, tokens["committee"], body), 422)
    assert [e["field"] for e in problem["errors"]] == [f"x{i}" for i in range(100)]
    assert {e["code"] for e in problem["errors"]} == {"unknown_column"}


def test_a_long_column_name_is_quoted_short(registry, tokens):
    problem = assert_problem(post_csv(registry, tokens["committee"], b"x" * 10_000 + b"\n"), 422)
    [error] = problem["errors"]
    assert len(error["field"]) == 40 and error["field"].endswith("…")
    assert len(error["message"]) < 400


def test_each_error_of_a_batch_is_listed_up_to_100(registry, tokens):
    rows = [batch_row(i, level="chief") for i in range(150)]
    problem = assert_problem(
        registry.post("/api/v1/batches", json={"rows": rows}, headers=bearer(tokens["committee"])),
        422,
    )
    assert len(problem["errors"]) == 101
    assert problem["errors"][-1]["code"] == "more_errors"
    assert "50 more" in problem["errors"][-1]["message"]


@pytest.mark.parametrize(
    ("header", "column"),
    [("姓名,姓名", "姓名"), ("holder_name,姓名", "姓名"), ("评价方式,人才类型", "人才类型")],
)
def test_a_column_given_twice_is_refused_naming_it(registry_app, registry, tokens, header, column):
    before = table_snapshot(registry_app)
    body = f"{header},身份证号码\n张三,李四,{id_number(1)}\n".encode()
    problem = assert_problem(post_csv(registry, tokens["committee"], body), 422)
    [error] = [e for e in problem["errors"] if e["code"] == "duplicate_column"]
    assert error["field"] == column and error["row"] == 1
    assert column in error["message"] and column in error["message_zh"]
    assert table_snapshot(registry_app) == before


def test_an_address_over_4_kib_is_a_414_problem(registry, tokens, queries):
    queries.clear()
    long = registry.get("/api/v1/batches?q=" + "a" * 4096, headers=bearer(tokens["bureau"]))
    problem = assert_problem(long, 414)
    assert problem["title_zh"] == "请求地址过长" and queries == []
    assert_problem(registry.get("/s/" + "a" * 5000), 414)


# Names ------------------------------------------------------------------------------------
REFUSED_NAMES = [
    ("\u202e张三", "invalid_characters"),  # right-to-left override: shown as "\u202e*三"
    ("张\u200b三", "invalid_characters"),  # zero-width space
    ("张\u00ad三", "invalid_characters"),  # soft hyphen
    ("\u2066张三\u2069", "invalid_characters"),  # bidi isolates
    ("张\u2028三", "invalid_characters"),  # line separator
    ("\u3164", "invalid_characters"),  # Hangul filler: a "letter" that shows as nothing
    ("   ", "invalid_length"),  # nothing once trimmed
    ("\u3000", "invalid_length"),  # an ideographic space is a space too
    ("123", "no_letter"),
    ("·", "no_letter"),
    ("--", "no_letter"),
]
ACCEPTED_NAMES = ["张三", "阿卜杜拉·买买提", "欧阳明月", "Anna-Lena O'Brien", "\U00031350三"]


def _batch_codes(problem: dict) -> set[tuple]:
    return {(field, code) for _row, field, code in codes(problem)}


def test_a_name_that_shows_as_something_else_is_refused_in_a_json_batch(
    registry_app, registry, tokens
):
    before = table_snapshot(registry_app)
    rows = [batch_row(0)] + [
        batch_row(i, holder_name=n) for i, (n, _c) in enumerate(REFUSED_NAMES, 1)
    ]
    response = registry.post(
        "/api/v1/batches", json={"rows": rows}, headers=bearer(tokens["committee"])
    )
    problem = assert_problem(response, 422)
    expected = {(row, "holder_name", code) for row, (_n, code) in enumerate(REFUSED_NAMES, 2)}
    assert codes(problem) == expected
    for error in problem["errors"]:
        assert error["message"] and error["message_zh"] and error["message"] != error["message_zh"]
    assert table_snapshot(registry_app) == before


def test_a_name_that_shows_as_something_else_is_refused_in_a_csv_batch(registry, tokens):
    lines = [HEADER, ROWS[0]]
    lines += [ROWS[0].replace("张伟", f'"{name}"') for name, _code in REFUSED_NAMES]
    problem = assert_problem(
        post_csv(registry, tokens["committee"], "\n".join(lines).encode()), 422
    )
    # A cell blank once trimmed is a missing field, as a blank cell is. (A CSV file carries
    # no facts: each of its rows is refused for that too.)
    expected = {
        (row, "holder_name", "required" if code == "invalid_length" else code)
        for row, (_n, code) in enumerate(REFUSED_NAMES, 3)
    }
    assert {c for c in codes(problem) if c[2] != "facts_required"} == expected


def test_the_invisible_characters_are_named(registry, tokens):
    response = registry.post(
        "/api/v1/batches",
        json={"rows": [batch_row(1, holder_name="\u202e张\u200b三")]},
        headers=bearer(tokens["committee"]),
    )
    [error] = assert_problem(response, 422)["errors"]
    assert "U+202E, U+200B" in error["message"] and "U+202E, U+200B" in error["message_zh"]


def test_a_name_that_shows_as_something_else_is_refused_in_a_recognition_and_a_correction(
    registry_app, registry, tokens, listed, held
):
    before = table_snapshot(registry_app)
    for name, code in REFUSED_NAMES:
        recognised = registry.post(
            "/api/v1/recognitions",
            json=recognition(holder_name=name),
            headers=bearer(tokens["bureau"]),
        )
        assert _batch_codes(assert_problem(recognised, 422)) == {("holder_name", code)}, name
        corrected = registry.post(
            "/api/v1/certificates",
            json=correction(held, holder_name=name),
            headers=bearer(tokens["bureau"]),
        )
        assert _batch_codes(assert_problem(corrected, 422)) == {("corrections.holder_name", code)}
    assert table_snapshot(registry_app) == before


def test_names_written_with_visible_characters_are_accepted(registry, tokens):
    rows = [batch_row(i, holder_name=name) for i, name in enumerate(ACCEPTED_NAMES)]
    response = registry.post(
        "/api/v1/batches", json={"rows": rows}, headers=bearer(tokens["committee"])
    )
    assert response.status_code == 201, response.json
    assert [row["holder_name"] for row in response.json["rows"]] == ACCEPTED_NAMES


def test_a_recognition_with_a_middle_dot_name_is_issued(registry, tokens, listed):
    response = registry.post(
        "/api/v1/recognitions",
        json=recognition(holder_name="阿卜杜拉·买买提"),
        headers=bearer(tokens["bureau"]),
    )
    assert response.status_code == 201, response.json
    assert response.json["certificate"]["holder_name"] == "阿卜杜拉·买买提"


def test_a_decomposed_name_is_stored_composed(registry_app, registry, tokens):
    decomposed = "Jose\u0301 Garci\u0301a"  # e + combining acute, as some keyboards send it
    compatibility = "\uf9d1\u4e09"  # a CJK compatibility ideograph: NFC makes it 六
    rows = [batch_row(1, holder_name=decomposed), batch_row(2, holder_name=compatibility)]
    response = registry.post(
        "/api/v1/batches", json={"rows": rows}, headers=bearer(tokens["committee"])
    )
    assert response.status_code == 201, response.json
    batch = registry.get(
        f"/api/v1/batches/{response.json['id']}", headers=bearer(tokens["committee"])
    ).json
    assert [r["holder_name"] for r in batch["rows"]] == ["Jos\u00e9 Garc\u00eda", "\u516d\u4e09"]
    engine = registry_app.extensions["registry"].engine
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT holder_name FROM batch_rows").scalars().all()
    assert sorted(stored) == sorted(["Jos\u00e9 Garc\u00eda", "\u516d\u4e09"])


def test_a_name_is_counted_once_composed(registry, tokens):
    thirty = "e\u0301" * 30  # 60 code points, 30 characters
    response = registry.post(
        "/api/v1/batches",
        json={"rows": [batch_row(1, holder_name=thirty)]},
        headers=bearer(tokens["committee"]),
    )
    assert response.status_code == 201, response.json


# Every route, every cause: no 5xx -----------------------------------------------------------
KID_LIST_TOKEN = ".".join(
    [
        "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCIsImtpZCI6WyJhIl19",  # "kid": ["a"]
        "e30",
        "A" * 86,
    ]
)
SURROGATE_BODY = '{"holder_name": "\\ud800", "name_zh": "\\udfff", "token": "\\ud800"}'
BODIES = [
    ("application/json", DEEP_JSON),
    ("application/json", SURROGATE_BODY),
    ("application/json", json.dumps({"token": KID_LIST_TOKEN, "rows": [{"holder_name": "\0"}]})),
    ("text/csv", (HEADER + "\n" + "x" * (129 * 1024) + "\n").encode()),
    ("text/csv", b"\xef\xbb\xbf\xff\xfe\xfd"),
]


def _paths(rule) -> list[str]:
    """The rule's path with each variable a NUL-bearing value, and with plain values."""
    plain = {
        arg: "1" if isinstance(rule._converters[arg], IntegerConverter) else "X"
        for arg in rule.arguments
    }
    hostile = {arg: "1" if value == "1" else "X%00" for arg, value in plain.items()}
    paths = []
    for values in (plain, hostile):
        path = rule.rule
        for arg, value in values.items():
            path = re.sub(rf"<(?:[^:<>]+:)?{arg}>", value, path)
        paths.append(path)
    if not rule.arguments:
        paths.append(rule.rule.rstrip("/") + "/%00")
    return paths


def hostile_requests(client, rule, headers, bodies=BODIES):
    """Each of the six causes sent to a route: its path, then GET with a hostile query or
    every other method with each hostile body. Yields (method, path, answer)."""
    for path in _paths(rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                yield method, path, client.get(path + "?q=%00&x=%ED%A0%80", headers=headers)
                yield method, path, client.get(path, headers=headers)
                continue
            for kind, body in bodies:
                answer = client.open(
                    path, method=method, data=body, content_type=kind, headers=headers
                )
                yield method, path, answer


def test_no_route_answers_any_of_the_six_causes_with_a_5xx(registry_app, registry, tokens, caplog):
    failures = [
        (method, path, answer.status_code)
        for rule in registry_app.url_map.iter_rules()
        for headers in (bearer(tokens["bureau"]), {})
        for method, path, answer in hostile_requests(registry, rule, headers)
        if answer.status_code >= 500
    ]
    assert failures == []
    assert no_traceback(caplog)
