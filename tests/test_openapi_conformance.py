"""schemathesis against both services' OpenAPI documents: no server error, and every answer
(status code, content type, headers, body) as the document says.

Driven through schemathesis's Python API rather than its pytest plugin, which does not yet
support pytest 9.
"""

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.batch_helpers import title_held
from tests.factories import bearer, make_pdf_key, setup_registry

# Schema-violating data may be refused with any of schemathesis's usual statuses, or with a
# 414: an address past 4 KiB (a query's values repeated without end) is refused before any
# view (webbase/guard.py), whatever its parameters.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [
                    *("400", "401", "403", "404", "405", "406", "409", "414", "415"),
                    *("422", "428", "429", "5xx"),
                ]
            }
        }
    }
)
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _exercise(schema, headers=None) -> int:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the document lists no operations"
    for operation, mode in itertools.product(operations, schemathesis.GenerationMode):

        @SETTINGS
        @given(case=operation.as_strategy(mode))
        def run(case):
            # A request can fit the schema and still be refused for what it means (an ID-card
            # check digit, a specialty not in the catalogue): a documented 422, not a bug.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except Unsatisfiable:
            # Nothing to get wrong in a request without parameters or body.
            assert mode is schemathesis.GenerationMode.NEGATIVE
    return len(operations)


@pytest.fixture
def seeded(registry_app):
    tokens = setup_registry(registry_app)
    make_pdf_key(registry_app)
    title_held(registry_app)
    return tokens


def test_registry_conforms_to_its_openapi_document(registry_app, seeded):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", registry_app)
    assert _exercise(schema, bearer(seeded["bureau"])) >= 8


def test_registry_conforms_without_a_token_too(registry_app, seeded):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", registry_app)
    assert _exercise(schema) >= 8


def test_verify_conforms_to_its_openapi_document(verify_app, seeded):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", verify_app, config=CONFIG)
    assert _exercise(schema) >= 3
