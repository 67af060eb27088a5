"""schemathesis against both services' OpenAPI documents, every check on every operation: no
server error, every answer (status code, content type, headers, body) as the document says,
what the document refuses refused, and what it allows taken.

Driven through schemathesis's Python API rather than its pytest plugin, which does not yet
support pytest 9.
"""

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from tests.batch_helpers import title_held
from tests.factories import bearer, make_pdf_key, setup_registry

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# What positive_data_acceptance takes from a request that fits the document, as schemathesis
# does by default: a success, a redirect, or a refusal for who asks or what is named (an
# unknown serial or batch is a 404, a state that forbids the change a 409).
ACCEPTED = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")

# A serial in a path whose check symbol fails is answered 400 invalid-serial (docs/api.md);
# the same refusal of a serial in a body is a 422.
SERIAL_CHECK = "the serial's check symbol (a Damm check), which no pattern can say"
# The further statuses a request that fits the document may get, per operation: for what the
# request means, which no JSON Schema can say. Every other refusal of such a request is a gap
# between the document and the service, and fails.
REFUSED_FOR_WHAT_IT_MEANS: dict[tuple[str, str], tuple[tuple[int, ...], str]] = {
    ("GET", "/api/v1/certificates/{serial}"): ((400,), SERIAL_CHECK),
    ("GET", "/api/v1/certificates/{serial}/credential"): ((400,), SERIAL_CHECK),
    ("GET", "/api/v1/certificates/{serial}/pdf"): ((400,), SERIAL_CHECK),
    ("GET", "/api/v1/certificates/{serial}/qr.png"): ((400,), SERIAL_CHECK),
    ("GET", "/api/v1/certificates/{serial}/qr.svg"): ((400,), SERIAL_CHECK),
    ("GET", "/api/v1/certificates/{serial}/status-changes"): ((400,), SERIAL_CHECK),
    ("POST", "/api/v1/certificates/{serial}/status-changes"): ((400,), SERIAL_CHECK),
    ("POST", "/api/v1/certificates/{serial}/access-code"): ((400,), SERIAL_CHECK),
    ("POST", "/api/v1/certificates"): (
        (422,),
        "replaces' check symbol, the ID-card check digit, a name's letters, the catalogue codes",
    ),
    ("POST", "/api/v1/recognitions"): (
        (422,),
        "the ID-card check digit, a name's letters, the equivalence catalogue's codes",
    ),
    ("POST", "/api/v1/integrity-records/search"): ((422,), "the ID-card check digit"),
    ("POST", "/api/v1/holder/session"): (
        (422,),
        "the serial's and access code's check symbols, the ID-card check digit",
    ),
    ("POST", "/api/v1/batches"): (
        (422,),
        (
            "committee_code (the bureau's to give, not a committee's) names an active "
            "committee; each row is a BatchRow"
        ),
    ),
    ("POST", "/api/v1/batches/csv"): ((422,), "the spreadsheet's rows and columns"),
    ("POST", "/api/v1/register-imports"): (
        (422,),
        "the file's encoding, header and number of rows (a file the reader cannot take)",
    ),
    ("POST", "/api/v1/calendar/years"): (
        (422,),
        "the year is the next one (Beijing clock) and every date falls in it",
    ),
    ("POST", "/api/v1/committees"): (
        (422,),
        "specialties in the catalogue; valid_to after valid_from",
    ),
    ("PATCH", "/api/v1/committees/{code}"): (
        (422,),
        "specialties in the catalogue; valid_to after valid_from",
    ),
    ("POST", "/api/v1/equivalences"): (
        (422,),
        "effective_from not before the catalogue's latest version",
    ),
    ("POST", "/api/v1/pdf"): ((422,), "the upload is a readable, signed PDF"),
    ("POST", "/api/v1/eligibility"): (
        (422,),
        (
            "a work period ends on or after its start; a technical-school class goes with that "
            "education alone"
        ),
    ),
}


# Data the document refuses may be refused with schemathesis's usual statuses, or with a 414:
# an address past 4 KiB (a query's values repeated without end) is refused before any view
# (webbase/guard.py), whatever its parameters.
REJECTED = (*("400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429"),)


def _config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "checks": {"negative_data_rejection": {"expected-statuses": list(REJECTED)}},
            "operations": [
                {
                    "include-name": f"{method} {path}",
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": [*ACCEPTED, *map(str, statuses)]
                        }
                    },
                }
                for (method, path), (statuses, _reason) in REFUSED_FOR_WHAT_IT_MEANS.items()
            ],
        }
    )


def _exercise(schema, headers=None) -> int:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the document lists no operations"
    for operation, mode in itertools.product(operations, schemathesis.GenerationMode):

        @SETTINGS
        @given(case=operation.as_strategy(mode))
        def run(case):
            case.call_and_validate(headers=headers)

        try:
            run()
        except Unsatisfiable:
            # Nothing to get wrong in a request without parameters or body.
            assert mode is schemathesis.GenerationMode.NEGATIVE
    return len(operations)


def _load(app):
    return schemathesis.openapi.from_wsgi("/openapi.json", app, config=_config())


@pytest.fixture
def seeded(registry_app):
    tokens = setup_registry(registry_app)
    make_pdf_key(registry_app)
    title_held(registry_app)
    return tokens


def test_registry_conforms_to_its_openapi_document(registry_app, seeded):
    assert _exercise(_load(registry_app), bearer(seeded["bureau"])) >= 8


def test_registry_conforms_without_a_token_too(registry_app, seeded):
    assert _exercise(_load(registry_app)) >= 8


def test_verify_conforms_to_its_openapi_document(verify_app, seeded):
    assert _exercise(_load(verify_app)) >= 3


def test_every_declared_refusal_names_an_operation(registry_app, verify_app):
    """The table above names only operations the documents have."""
    documented = {
        (method.upper(), path)
        for app in (registry_app, verify_app)
        for path, item in app.test_client().get("/openapi.json").get_json()["paths"].items()
        for method in item
    }
    assert set(REFUSED_FOR_WHAT_IT_MEANS) <= documented
