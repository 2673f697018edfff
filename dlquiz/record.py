"""The base of everything a bank holds, and its tagged JSON form for the bank cache.

A record class is a stdlib dataclass, and it is the one definition of that part of a bank: each field
carries its default, its rules (bounds, a pattern, a minimum length: pydantic's `Field` arguments) and
the description an editor shows, in `rule(...)`; a rule across fields is the class's `check()`.
pydantic reads both, but only when a bank is read from YAML or checked (`dlquiz/bank/validate.py`
builds a `TypeAdapter` over the registered classes); a bank served from the cache is built by calling
the classes, so a short command never imports pydantic.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

RECORDS: dict[str, type[Record]] = {}
_TAG = "__record__"  # a key no bank uses: YAML keys in a bank are names, ids and topics


def rule(default: Any = dataclasses.MISSING, *, factory: Any = dataclasses.MISSING, doc: str = "", **constraints: Any):
    """A field with its default (or `factory` for a list or dict), its editor description and its
    constraints, as pydantic's `Field` names them (ge, gt, le, min_length, max_length, pattern)."""
    metadata = {"description": doc, **constraints} if doc else constraints
    return dataclasses.field(default=default, default_factory=factory, metadata=metadata)


class FieldError(ValueError):
    """A rule of `check()` broken at one place inside the record: `at` is the path of keys to it (for the line)."""

    def __init__(self, message: str, at: tuple = ()) -> None:
        super().__init__(message)
        self.at = at


class Record:
    """A dataclass of a bank's: unknown keys are errors, `check()` runs after its fields validate."""

    # pydantic's ConfigDict (a TypedDict, so a plain dict): read when the validator is built.
    __pydantic_config__ = {"extra": "forbid"}

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        RECORDS[cls.__name__] = cls

    def check(self) -> None:
        """Rules across fields, run when a bank is validated: raise ValueError with a message for the teacher."""

    @classmethod
    def validate(cls, data: object):
        """`data` checked against this class's rules and built (pydantic's ValidationError if wrong)."""
        return _adapter(cls).validate_python(data)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(_checked, handler(source))


@functools.lru_cache(maxsize=None)
def _adapter(cls: type) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def _checked(record: Record) -> Record:
    record.check()
    return record


def to_json(value: Any) -> Any:
    """A record tree as JSON-able data, each record tagged with its class name (read back by `json_hook`)."""
    if isinstance(value, Record):
        return {_TAG: type(value).__name__,
                **{f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def json_hook(data: dict) -> Any:
    """For `json.loads(…, object_hook=json_hook)`: a tagged object becomes its record as it is parsed
    (in one pass, while the C parser runs). An unknown tag is a KeyError."""
    tag = data.pop(_TAG, None)
    return data if tag is None else RECORDS[tag](**data)
