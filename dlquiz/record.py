"""Plain objects for what a bank holds, and their JSON form for the bank cache.

A question, rubric, concept or example is a `Record`: attributes and behaviour, no validation of
its own. Its schema lives in `specs.py` (pydantic), which is imported only when a bank is read from
YAML or checked. Importing pydantic costs more than Typer, Rich and PyYAML together, so a command
that serves a bank from the cache never pays it.
"""

from __future__ import annotations

from typing import Any

RECORDS: dict[str, type[Record]] = {}
_TAG = "__record__"  # a key no bank uses: YAML keys in a bank are names, ids and topics


class Record:
    """Attributes taken as given: the values have been validated by the class's spec."""

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        RECORDS[cls.__name__] = cls

    def __init__(self, **values: Any):
        self.__dict__.update(values)

    @classmethod
    def validate(cls, data: object):
        """Check `data` against this class's schema and build the record (pydantic's ValidationError if wrong)."""
        from .specs import validate

        return validate(cls, data)

    def fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.fields() == self.fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.fields().items())})"


def to_json(value: Any) -> Any:
    """A record tree as JSON-able data, each record tagged with its class name (read back by `json_hook`)."""
    if isinstance(value, Record):
        return {_TAG: type(value).__name__, **{k: to_json(v) for k, v in value.fields().items()}}
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
