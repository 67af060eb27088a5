"""How each title was evaluated (评价方式, policy 三(四)2), recorded per certificate by the path
that issued it, and the talent type (人才类型, 三(二)2) called by its name wherever people
read it."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pypdf
import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from registry.equivalence.services import add_entry
from tests.factories import BUREAU, NOW, at, batch_row, bearer, make_pdf_key
from tests.registry.test_batches import AFTER_NOTICE, ISSUE, submit
from tests.registry.test_equivalence import entry
from tests.registry.test_recognition import recognition
from tests.registry.test_share_links import holder_token

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "registry"
    / "migrations"
    / "versions"
    / "0016_evaluation_method.py"
)


def _issued_batch(registry_app, registry, tokens) -> list[dict]:
    batch = submit(
        registry, tokens["committee"], [batch_row(1, evaluation_track="research_design")]
    )
    assert batch.status_code == 201, batch.json
    at(registry_app, AFTER_NOTICE)
    issued = registry.post(
        f"/api/v1/batches/{batch.json['id']}/issue", json=ISSUE, headers=bearer(tokens["bureau"])
    )
    assert issued.status_code == 201, issued.json
    return issued.json["certificates"]


def test_a_title_from_a_results_batch_reads_review_with_its_talent_type_named_as_such(
    registry_app, registry, verify, tokens
):
    [issued] = _issued_batch(registry_app, registry, tokens)
    record = registry.get(
        f"/api/v1/certificates/{issued['serial']}", headers=bearer(tokens["bureau"])
    ).json
    assert (record["evaluation_track"], record["evaluation_method"]) == (
        "research_design",
        "review",
    )
    answer = verify.get(f"/api/v1/certificates/{issued['serial']}").json
    assert answer["evaluation_method"] == {"code": "review", "name_zh": "评审", "name_en": "Review"}
    assert answer["evaluation_track"]["name_zh"] == "研究设计"
    page = verify.get(f"/c/{issued['serial']}").get_data(as_text=True)
    assert "人才类型" in page and "Type of talent" in page
    # 评价方式 labels the way the title was evaluated, and nothing else.
    method_row = page[page.index("评价方式") :].split("</dd>", 1)[0]
    assert "评审" in method_row and "研究设计" not in method_row


def test_a_recognised_qualification_reads_recognition_in_every_answer_and_on_the_pdf(
    registry_app, registry, verify, tokens
):
    with registry_app.extensions["registry"].sessions() as session, session.begin():
        add_entry(session, BUREAU, entry("RK-M", grade="intermediate"), NOW)
    made = registry.post(
        "/api/v1/recognitions",
        json=recognition(committee_code="BJ-DZ-01"),
        headers=bearer(tokens["bureau"]),
    )
    assert made.status_code == 201, made.json
    certificate = made.json["certificate"]
    assert certificate["evaluation_method"] == "recognition"
    answer = verify.get(f"/api/v1/certificates/{certificate['serial']}").json
    assert answer["evaluation_method"]["name_zh"] == "认定"
    assert "认定" in verify.get(f"/c/{certificate['serial']}").get_data(as_text=True)
    make_pdf_key(registry_app)
    pdf = registry.get(certificate["links"]["pdf"], headers=bearer(tokens["bureau"])).get_data()
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "评价方式" in text and "认定" in text and "人才类型" in text


def test_a_title_held_from_a_batch_reads_review_and_the_share_page_names_both(registry, tokens):
    token, issued = holder_token(registry, tokens)
    assert issued["evaluation_method"] == "review"
    mine = registry.get("/api/v1/holder/certificate", headers=bearer(token)).json
    assert (mine["evaluation_track"], mine["evaluation_method"]) == (
        "application_practice",
        "review",
    )
    link = registry.post(
        "/api/v1/holder/shares", json={"valid_days": 7}, headers=bearer(token)
    ).json
    page = registry.get("/s/" + link["url"].rsplit("/s/", 1)[1]).get_data(as_text=True)
    assert "人才类型" in page and "应用实践" in page
    assert "评价方式" in page and "评审" in page


def _corrected(registry, tokens, serial: str) -> dict:
    response = registry.post(
        "/api/v1/certificates",
        json={
            "replaces": serial,
            "correction_number": "京人社职更〔2026〕3号",
            "reason": "姓名录入错误",
            "corrections": {"holder_name": "钱琦"},
        },
        headers=bearer(tokens["bureau"]),
    )
    assert response.status_code == 201, response.json
    return response.json


def test_a_correction_keeps_the_replaced_certificates_evaluation_method(
    registry_app, registry, verify, tokens
):
    with registry_app.extensions["registry"].sessions() as session, session.begin():
        add_entry(session, BUREAU, entry("RK-M", grade="intermediate"), NOW)
    recognised = registry.post(
        "/api/v1/recognitions",
        json=recognition(committee_code="BJ-DZ-01"),
        headers=bearer(tokens["bureau"]),
    )
    assert recognised.status_code == 201, recognised.json
    [reviewed] = _issued_batch(registry_app, registry, tokens)
    for replaced, method, name_zh in (
        (recognised.json["certificate"]["serial"], "recognition", "认定"),
        (reviewed["serial"], "review", "评审"),
    ):
        corrected = _corrected(registry, tokens, replaced)
        assert corrected["replaces"] == replaced
        assert corrected["holder_name"] == "钱琦" and corrected["evaluation_method"] == method
        answer = verify.get(f"/api/v1/certificates/{corrected['serial']}").json
        assert answer["evaluation_method"]["name_zh"] == name_zh


def test_the_api_documents_say_what_the_talent_type_is(registry, verify):
    issue = registry.get("/openapi.json").json["components"]["schemas"]
    described = [
        schema["properties"]["evaluation_track"].get("description", "")
        for schema in issue.values()
        if "evaluation_track" in schema.get("properties", {})
    ]
    assert described and all("人才类型" in text and "三(二)2" in text for text in described)
    answer = verify.get("/openapi.json").json["components"]["schemas"]["CertificateAnswer"]
    assert "三(四)2" in answer["properties"]["evaluation_method"]["description"]


def _migrate_0016(connection) -> None:
    spec = importlib.util.spec_from_file_location("migration_0016", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with Operations.context(MigrationContext.configure(connection)):
        module.upgrade()


@pytest.mark.parametrize("route", ["regular", "exceptional", "qualification_equivalence"])
def test_the_migration_records_existing_titles_as_review_or_recognition(tmp_path, route):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'before.db'}")
    with engine.begin() as connection:
        # The two tables as 0010 left them, reduced to the columns the migration reads.
        connection.exec_driver_sql(
            "CREATE TABLE certificates (id INTEGER PRIMARY KEY, serial VARCHAR(16), "
            "route VARCHAR(40) NOT NULL)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE public_certificates (serial VARCHAR(16) PRIMARY KEY, route VARCHAR(40))"
        )
        connection.exec_driver_sql(
            "INSERT INTO certificates (serial, route) VALUES ('S1', ?), ('S2', 'regular')",
            (route,),
        )
        connection.exec_driver_sql(
            "INSERT INTO public_certificates (serial, route) VALUES ('S1', ?), ('S2', 'regular')",
            (route,),
        )
        _migrate_0016(connection)
        private = dict(
            connection.exec_driver_sql("SELECT serial, evaluation_method FROM certificates").all()
        )
        public = dict(
            connection.exec_driver_sql(
                "SELECT serial, evaluation_method FROM public_certificates"
            ).all()
        )
    engine.dispose()
    expected = "recognition" if route == "qualification_equivalence" else "review"
    assert private == public == {"S1": expected, "S2": "review"}
