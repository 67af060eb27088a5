"""The fast path gives what marshmallow gives, or steps aside: on generated bodies, some well
formed and some wrong in one of the ways a client gets a field wrong, the fast loader either
answers None or exactly what ``schema.load`` answers, and never accepts what the schema
refuses."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import validate

from verify.schemas import PrecheckRequestSchema
from webbase.eligibility import ApplicantFactsSchema
from webbase.fastload import UnsupportedSchemaError, fast_loader

# Values a client may send by mistake where another type is meant.
WRONG = st.sampled_from(
    [
        *("", "1", "true", "2020-13-01", "20200101", "1939-12-31", "2100-01-01", "a\x00b"),
        *(1, 0, -1, 1.5, True, [], {}, "x" * 201),
    ]
)


def _valid(field: ma.fields.Field) -> st.SearchStrategy:
    for check in field.validators:
        if isinstance(check, validate.OneOf):
            return st.sampled_from(list(check.choices))
        if isinstance(check, validate.Equal):
            return st.just(check.comparable)
    if isinstance(field, ma.fields.Nested):
        return bodies(field.schema)
    if isinstance(field, ma.fields.List):
        return st.lists(_value(field.inner), max_size=2)
    if isinstance(field, ma.fields.Date):
        return st.dates(dt.date(1940, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat)
    if isinstance(field, ma.fields.Integer):
        return st.integers(-2, 1200)
    if isinstance(field, ma.fields.Boolean):
        return st.booleans()
    text = st.text(st.sampled_from("张三ab \u202e"), min_size=1, max_size=5)
    return st.tuples(text, st.integers(0, 9)).map(lambda p: p[0] + "\x07" if p[1] == 0 else p[0])


def _value(field: ma.fields.Field) -> st.SearchStrategy:
    # Mostly well formed, so that a body often carries one fault alone.
    return st.integers(0, 24).flatmap(
        lambda pick: WRONG if pick == 0 else st.none() if pick == 1 else _valid(field)
    )


def bodies(schema: ma.Schema) -> st.SearchStrategy:
    fields = {field.data_key or name: field for name, field in schema.load_fields.items()}
    body = st.fixed_dictionaries(
        {key: _value(field) for key, field in fields.items() if field.required},
        optional={key: _value(field) for key, field in fields.items() if not field.required},
    )
    # Now and then a field the schema does not know.
    return st.tuples(body, st.integers(0, 24)).map(
        lambda pair: {**pair[0], "unknown": 1} if pair[1] == 0 else pair[0]
    )


SCHEMAS = [PrecheckRequestSchema(), ApplicantFactsSchema()]


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: type(s).__name__)
def test_the_fast_path_answers_as_marshmallow_or_not_at_all(schema):
    fast = fast_loader(schema)
    taken = []

    @settings(
        max_examples=250,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(body=bodies(schema))
    def check(body):
        loaded = fast(body)
        try:
            expected = schema.load(body)
        except ma.ValidationError:
            assert loaded is None, body
            return
        if loaded is not None:
            assert loaded == expected
            taken.append(body)

    check()
    assert taken, "the fast path took none of the well-formed bodies"


def test_a_typical_body_takes_the_fast_path():
    schema = SCHEMAS[0]
    body = {
        "level": "senior_engineer",
        "category": "application_practice",
        "educations": [{"kind": "bachelor", "graduated": "2010-07-01"}],
        "work": [{"start": "2010-07-15", "end": "2018-03-31"}, {"start": "2018-04-01"}],
        "titles": [{"tier": "intermediate", "obtained": "2016-12-01"}],
        "outputs": [{"kind": "paper", "role": "first_author", "count": 2, "core_journal": True}],
    }
    assert fast_loader(schema)(body) == schema.load(body)
    # Wrong in the ways marshmallow names: the fast path leaves them to it.
    for wrong in (
        {**body, "level": "chief"},
        {**body, "work": [{"start": "2019-01-01", "end": "2018-01-01"}]},
        {**body, "educations": [{"kind": "technical_school", "graduated": "2010-07-01"}]},
        {**body, "outputs": [{"kind": "paper", "role": "first_author", "count": "2"}]},
        {**body, "reference_date": "9999-12-31"},
    ):
        assert fast_loader(schema)(wrong) is None


def test_a_schema_it_cannot_read_is_refused_when_the_loader_is_made():
    class Loose(ma.Schema):
        when = ma.fields.DateTime()

    with pytest.raises(UnsupportedSchemaError):
        fast_loader(Loose(unknown=ma.RAISE))
