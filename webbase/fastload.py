"""A fast path for loading a marshmallow schema's well-formed input, derived from the schema
itself, for the hot paths where marshmallow's own load costs more than the work it guards.

``fast_loader(schema)`` reads the schema's fields (String, Integer, Boolean, Date, List,
Nested) and their validators (Length, OneOf, Range, Equal) once and returns a function that
either gives exactly what ``schema.load`` would give, or None: for anything it does not
plainly accept (an unknown or mistyped field, a value a validator refuses, a string
marshmallow would coerce), the caller loads with marshmallow, which names the error. So the
fast path can only ever accept less than the schema; tests/test_fastload.py holds the two to
the same answer on generated input. The schema's pre-load and validates-schema hooks run as
marshmallow runs them (a hook that raises sends the input back to marshmallow).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

import marshmallow as ma
from flask import request
from marshmallow import validate

Loader = Callable[[Any], Any]
_MISSING = object()
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class UnsupportedSchemaError(TypeError):
    """The schema uses something the fast path does not read: use marshmallow alone."""


class _RefusedError(Exception):
    pass


def fast_loader(schema: ma.Schema) -> Callable[[Any], dict[str, Any] | None]:
    load = _schema_loader(schema)

    def loader(data: Any) -> dict[str, Any] | None:
        try:
            return load(data)
        except (_RefusedError, ma.ValidationError):
            return None

    return loader


def _schema_loader(schema: ma.Schema) -> Loader:
    if schema.many or schema.partial or schema.unknown != ma.RAISE:
        raise UnsupportedSchemaError(type(schema).__name__)
    hooks = schema._hooks  # noqa: SLF001 - the hooks marshmallow itself would run
    if {tag for tag, found in hooks.items() if found} - {"pre_load", "validates_schema"}:
        raise UnsupportedSchemaError(f"{type(schema).__name__} hooks {sorted(hooks)}")
    pre = [getattr(schema, name) for name, many, _kw in hooks.get("pre_load", ()) if not many]
    post = [getattr(schema, n) for n, many, _kw in hooks.get("validates_schema", ()) if not many]
    fields = [
        (field.data_key or name, name, field, _field_loader(field))
        for name, field in schema.load_fields.items()
    ]
    known = {key for key, _name, _field, _load in fields}

    def load(data: Any) -> dict[str, Any]:
        if type(data) is not dict:
            raise _RefusedError
        for hook in pre:
            data = hook(data)
        if not known.issuperset(data):
            raise _RefusedError
        out: dict[str, Any] = {}
        for key, name, field, load_field in fields:
            value = data.get(key, _MISSING)
            if value is _MISSING:
                if field.required:
                    raise _RefusedError
                default = field.load_default
                if default is ma.missing:
                    continue
                out[name] = default() if callable(default) else default
            elif value is None:
                if not field.allow_none:
                    raise _RefusedError
                out[name] = None
            else:
                out[name] = load_field(value)
        for hook in post:
            hook(out)
        return out

    return load


def _field_loader(field: ma.fields.Field) -> Loader:
    checks = [_validator(v) for v in field.validators]
    base: Loader
    if isinstance(field, ma.fields.Nested):
        if not isinstance(field.nested, type) and not isinstance(field.nested, ma.Schema):
            raise UnsupportedSchemaError(repr(field.nested))
        base = _schema_loader(field.schema)
    elif isinstance(field, ma.fields.List):
        inner = _field_loader(field.inner)

        def base(value: Any) -> list[Any]:
            if type(value) is not list:
                raise _RefusedError
            return [inner(item) for item in value]

    elif type(field) is ma.fields.String:
        base = _exactly(str)
    elif type(field) is ma.fields.Integer:
        base = _exactly(int)
    elif type(field) is ma.fields.Boolean:
        base = _exactly(bool)
    elif type(field) is ma.fields.Date:
        base = _date
    else:
        raise UnsupportedSchemaError(type(field).__name__)
    if not checks:
        return base

    def checked(value: Any) -> Any:
        loaded = base(value)
        for check in checks:
            if not check(loaded):
                raise _RefusedError
        return loaded

    return checked


def _exactly(kind: type) -> Loader:
    def load(value: Any) -> Any:
        if type(value) is not kind:
            raise _RefusedError
        return value

    return load


def _date(value: Any) -> dt.date:
    if type(value) is not str or not _ISO_DATE.fullmatch(value):
        raise _RefusedError
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _RefusedError from None


def _validator(check: Any) -> Callable[[Any], bool]:
    if isinstance(check, validate.Length) and check.equal is None:
        low = -1 if check.min is None else check.min
        high = check.max

        def length(value: Any) -> bool:
            return low <= len(value) and (high is None or len(value) <= high)

        return length
    if isinstance(check, validate.OneOf):
        choices = frozenset(check.choices)
        return lambda value: value in choices
    if isinstance(check, validate.Range) and check.min_inclusive and check.max_inclusive:
        low, high = check.min, check.max
        return lambda value: (low is None or low <= value) and (high is None or value <= high)
    if isinstance(check, validate.Equal):
        wanted = check.comparable
        return lambda value: value == wanted
    raise UnsupportedSchemaError(type(check).__name__)


def fast_json_body(schema: ma.Schema, answer: Callable[[dict[str, Any]], Any]) -> Callable:
    """A view decorator, placed above flask-smorest's ``arguments`` (whose documentation it
    keeps): a JSON body the fast path accepts goes straight to ``answer``; anything else
    goes through the decorated view, that is through marshmallow and its errors."""
    loader = fast_loader(schema)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def fast(*args: Any, **kwargs: Any) -> Any:
            if request.mimetype == "application/json":
                body = request.get_json(silent=True)
                data = None if body is None else loader(body)
                if data is not None:
                    return answer(data)
            return view(*args, **kwargs)

        return fast

    return decorate
