"""The rules of a bank file: one pydantic model per record class, of the same name.

Used when a bank is read from YAML, by `dlquiz check` and for the JSON Schema; a bank served from
the cache never imports this module (nor pydantic). A spec validates data (unknown keys are errors,
each with its place), then `to_record` turns the model into the plain records of `questions.py`
and `grading/text.py` that carry the behaviour.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from . import questions
from .grading import text
from .record import RECORDS, Record

SPECS: dict[str, type[BaseModel]] = {}
QUESTION_SPECS: dict[str, type[BaseModel]] = {}


def spec(cls: type[BaseModel]) -> type[BaseModel]:
    """The rules for the record class of the same name; a question spec also by its `type:` name."""
    assert cls.__name__ in RECORDS, f"no record class {cls.__name__}"
    SPECS[cls.__name__] = cls
    kind = cls.model_fields.get("type")
    if kind is not None and getattr(kind.annotation, "__args__", None):
        QUESTION_SPECS[kind.annotation.__args__[0]] = cls
    return cls


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


def to_record(value: Any) -> Any:
    """A validated model tree as records (same class names), lists and dicts as they are."""
    if isinstance(value, BaseModel):
        cls = RECORDS[type(value).__name__]
        return cls(**{k: to_record(getattr(value, k)) for k in type(value).model_fields})
    if isinstance(value, list):
        return [to_record(v) for v in value]
    if isinstance(value, dict):
        return {k: to_record(v) for k, v in value.items()}
    return value


def validate(cls: type[Record], data: object) -> Record:
    """Validate `data` with the spec of record class `cls` and build the record."""
    return to_record(SPECS[cls.__name__].model_validate(data))


VerdictName = Literal["correct", "partial", "incorrect"]
# A concept's or misconception's phrases: at least one, each with words and more than a negation.
Phrases = Annotated[list[str], Field(min_length=1), AfterValidator(text.check_phrases)]


@spec
class Example(_Spec):
    """An example answer and the verdict a teacher gives it; `dlquiz check` grades it."""

    answer: str
    verdict: VerdictName
    variant: dict[str, Any] | None = None
    note: str | None = None


@spec
class Concept(_Spec):
    """One idea a right answer holds; any one of its phrases hits it."""

    id: str
    label: str
    weight: float = Field(default=1, gt=0)
    required: bool = False
    phrases: Phrases


@spec
class Misconception(_Spec):
    """A wrong idea; when one of its phrases matches, the answer cannot be correct."""

    label: str
    phrases: Phrases
    feedback: str | None = None
    # "incorrect" for a claim so wrong that the rest of the answer cannot rescue it.
    caps: Literal["partial", "incorrect"] = "partial"


@spec
class Rubric(_Spec):
    """Concepts (weighted) and misconceptions for one open answer, with the verdict thresholds."""

    concepts: list[Concept] = Field(min_length=1)
    misconceptions: list[Misconception] = []
    correct_at: float = Field(default=0.75, gt=0, le=1)
    partial_at: float = Field(default=0.4, ge=0, le=1)

    @model_validator(mode="after")
    def _check(self) -> Rubric:
        ids = [c.id for c in self.concepts]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"concept ids must be unique: {', '.join(doubles)}")
        if self.partial_at > self.correct_at:
            raise ValueError("partial_at must not be above correct_at")
        return self


@spec
class Question(_Spec):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)
    type: str
    prompt: str = Field(min_length=1)
    topic: str | None = None
    source: str | None = None
    tags: list[str] = Field(default_factory=list)
    hint: str | None = None
    explanation: str | None = None
    examples: list[Example] = Field(default_factory=list)


@spec
class NumericQuestion(Question):
    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(0.0, ge=0)
    rel_tolerance: float = Field(0.0, ge=0)
    unit: str | None = None


@spec
class ShapeQuestion(Question):
    type: Literal["shape"]
    answer: list[int | None] = Field(min_length=1)
    axes: list[str] | None = None

    @model_validator(mode="after")
    def _axes_match(self):
        if self.axes is not None and len(self.axes) != len(self.answer):
            raise ValueError(f"axes names {len(self.axes)} axes but answer has {len(self.answer)}")
        return self


@spec
class OpenQuestion(Question):
    type: Literal["open"]
    answer: str
    rubric: Rubric


@spec
class ChoiceQuestion(Question):
    type: Literal["choice"]
    options: list[str] = Field(min_length=2, max_length=26)
    correct: list[str] = Field(min_length=1)
    shuffle: bool = True

    @model_validator(mode="after")
    def _correct_in_options(self):
        missing = [c for c in self.correct if c not in self.options]
        if missing:
            raise ValueError(f"correct names an option that is not in options: {missing[0]!r}")
        if len(set(self.options)) != len(self.options):
            raise ValueError("options repeat")
        return self


@spec
class TrueFalseQuestion(Question):
    type: Literal["truefalse"]
    statement: str
    correct: bool
    answer: str
    rubric: Rubric | None = None


KerasAsk = Literal[
    "total_params", "trainable_params", "layer_params", "input_shape", "output_shape", "weight_shape",
    "step_input_shape", "state_shape", "activation", "layer_count",
]


@spec
class KerasQuestion(Question):
    """A question about a model whose truth is read off the model Keras builds."""

    type: Literal["keras"]
    model: str = Field(min_length=1, max_length=20_000)
    variables: dict[str, list[int | float | str]] = Field(default_factory=dict)
    ask: KerasAsk
    layer: int | str | None = None
    weight: str | None = None
    kind: str | None = None
    answer: int | float | str | list[int | None] | None = None

    @field_validator("variables")
    @classmethod
    def _non_empty(cls, v):
        for name, values in v.items():
            if not values:
                raise ValueError(f"variable '{name}' has no values")
        return v

    @model_validator(mode="after")
    def _model_is_safe(self):
        for variant in questions.variants_of(self.variables):
            _check_model(self.model, variant)
        return self


@spec
class CodeQuestion(Question):
    """The student writes Keras code; it is built safely and compared with the reference model."""

    type: Literal["code"]
    reference: str = Field(min_length=1)
    compare: list[Literal["output_shape", "total_params", "layer_kinds", "return_sequences"]] | None = None

    @model_validator(mode="after")
    def _reference_is_safe(self):
        _check_model(self.reference, {})
        return self


def _check_model(model_text: str, variant: dict[str, Any]) -> None:
    """Parse a model text with the safe interpreter; pydantic reports only ValueErrors with their place."""
    from .errors import ModelError
    from .keras_oracle import parse_model

    try:
        parse_model(model_text, variant)
    except ModelError as exc:
        raise ValueError(str(exc)) from None


def _question_union():
    missing = set(questions.QUESTION_TYPES) - set(QUESTION_SPECS)
    assert not missing, f"question types without a spec: {sorted(missing)}"
    return Annotated[Union[tuple(QUESTION_SPECS.values())], Field(discriminator="type")]  # noqa: UP007


class BankModel(_Spec):
    """The top of a bank file."""

    title: str
    language: str = "nl"
    topics: dict[str, str] = Field(default_factory=dict)
    questions: list[_question_union()] = Field(min_length=1)  # type: ignore[valid-type]


def known_keys(data: object, loc: tuple) -> list[str]:
    """Every key a bank may use at any level, for a 'did you mean' on a misspelt one."""
    models = [BankModel, *SPECS.values()]
    return sorted({name for m in models for name in m.model_fields})
