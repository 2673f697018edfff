"""The question types: one class each, registered by its YAML `type:` name.

A question knows how its prompt reads for a variant, what the right answer is, and how to grade
an answer. Its fields and their rules (unknown keys are errors) are its spec in `specs.py`, a
pydantic model of the same name, used only when a bank is read from YAML or checked. Adding a type
is a class here with `@register("name")` and its spec there with `@spec` — the built-in types
register the same way.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING, Any, ClassVar

from .grading.result import Result, Verdict
from .i18n import tr
from .record import Record

if TYPE_CHECKING:
    from .grading.rubric import Rubric

QUESTION_TYPES: dict[str, type["Question"]] = {}


def register(name: str):
    """Make a question class available under its `type:` name."""

    def add(cls: type["Question"]) -> type["Question"]:
        QUESTION_TYPES[name] = cls
        return cls

    return add


class Example(Record):
    """An example answer and the verdict a teacher gives it; `dlquiz check` grades it."""

    answer: str
    verdict: str
    variant: dict[str, Any] | None
    note: str | None


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))


def clean_answer(answer: object) -> str:
    """An answer as text: control characters and NULs dropped, surrounding blanks trimmed."""
    text = answer if isinstance(answer, str) else str(answer or "")
    return text.translate(_CONTROL).replace("\x7f", "").strip()


def substitute(text: str, variant: dict[str, Any]) -> str:
    """Replace `{name}` by the variant's value, only for names the variant has."""
    if not variant:
        return text
    return re.sub(r"\{(\w+)\}", lambda m: str(variant[m[1]]) if m[1] in variant else m[0], text)


class Question(Record):
    multiline: ClassVar[bool] = False

    id: str
    type: str
    prompt: str
    topic: str | None
    source: str | None
    tags: list[str]
    hint: str | None
    explanation: str | None
    examples: list[Example]

    def draw(self, rng: random.Random) -> dict[str, Any]:
        """A variant to ask (drawn values, option order); {} for a fixed question."""
        return {}

    def default_variant(self) -> dict[str, Any]:
        return {}

    def prompt_text(self, variant: dict[str, Any] | None = None) -> str:
        """The prompt as Markdown, for this variant."""
        return self.prompt

    def expected(self, variant: dict[str, Any] | None = None) -> str:
        raise NotImplementedError

    def needs_keras(self, variant: dict[str, Any] | None = None) -> bool:
        """True when grading this variant would have to import TensorFlow."""
        return False

    def grade(self, answer: object, variant: dict[str, Any] | None = None) -> Result:
        """Grade an answer; any text (empty, huge, binary) gets a Result, never an exception."""
        text = clean_answer(answer)
        variant = variant if variant is not None else self.default_variant()
        if not text:
            return Result(0.0, Verdict.INCORRECT, self.expected(variant), [tr("Geen antwoord gegeven.", "No answer given.")])
        return self._grade(text, variant)

    def _grade(self, answer: str, variant: dict[str, Any]) -> Result:
        raise NotImplementedError


@register("numeric")
class NumericQuestion(Question):
    answer: float
    tolerance: float
    rel_tolerance: float
    unit: str | None

    def expected(self, variant=None) -> str:
        return _fmt_number(self.answer) + (f" {self.unit}" if self.unit else "")

    def _grade(self, answer, variant):
        from .grading.numbers import grade_number

        return grade_number(answer, self.answer, self.tolerance, self.rel_tolerance, self.unit)


def _fmt_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@register("shape")
class ShapeQuestion(Question):
    answer: list[int | None]
    axes: list[str] | None

    def expected(self, variant=None) -> str:
        from .grading.shapes import format_shape

        return format_shape(tuple(self.answer))

    def _grade(self, answer, variant):
        from .grading.shapes import grade_shape

        return grade_shape(answer, tuple(self.answer), self.axes)


@register("open")
class OpenQuestion(Question):
    multiline: ClassVar[bool] = True
    answer: str
    rubric: Rubric

    def expected(self, variant=None) -> str:
        return self.answer.strip()

    def _grade(self, answer, variant):
        from .grading.text import grade_open

        return grade_open(answer, self.rubric, self.expected())


@register("choice")
class ChoiceQuestion(Question):
    options: list[str]
    correct: list[str]
    shuffle: bool

    def draw(self, rng):
        order = list(range(len(self.options)))
        if self.shuffle:
            rng.shuffle(order)
        return {"order": order}

    def default_variant(self):
        return {"order": list(range(len(self.options)))}

    def _shown(self, variant) -> list[str]:
        order = (variant or {}).get("order") or list(range(len(self.options)))
        if sorted(order) != list(range(len(self.options))):
            order = list(range(len(self.options)))
        return [self.options[i] for i in order]

    def prompt_text(self, variant=None) -> str:
        lines = [f"{chr(97 + i)}) {opt}" for i, opt in enumerate(self._shown(variant))]
        return self.prompt.rstrip() + "\n\n" + "  \n".join(lines)

    def expected(self, variant=None) -> str:
        shown = self._shown(variant)
        return "; ".join(f"{chr(97 + shown.index(c))}) {c}" for c in self.correct)

    def _grade(self, answer, variant):
        from .grading.choice import grade_choice

        shown = self._shown(variant)
        return grade_choice(answer, shown, {shown.index(c) for c in self.correct})


@register("truefalse")
class TrueFalseQuestion(Question):
    multiline: ClassVar[bool] = True
    statement: str
    correct: bool
    answer: str
    rubric: Rubric | None

    def prompt_text(self, variant=None) -> str:
        return f"{self.prompt.rstrip()}\n\n> {self.statement.strip()}"

    def expected(self, variant=None) -> str:
        return self.answer.strip()

    def _grade(self, answer, variant):
        from .grading.choice import grade_truefalse

        return grade_truefalse(answer, self.correct, self.rubric, self.expected())


_NUMBER_ASKS = {"total_params", "trainable_params", "layer_params", "layer_count"}
_PARAM_ASKS = {"total_params", "trainable_params", "layer_params"}
_ACTIVATION_NAMES = {
    "tanh": ["tanh", "tangens hyperbolicus", "hyperbolische tangens", "hyperbolic tangent"],
    "relu": ["relu", "rectified linear unit"],
    "sigmoid": ["sigmoid", "sigmoide", "logistic", "logistische functie"],
    "linear": ["linear", "lineair", "geen activatie", "no activation", "identity", "identiteit"],
    "softmax": ["softmax"],
}


@register("keras")
class KerasQuestion(Question):
    """A question about a model whose truth is read off the model Keras builds."""

    model: str
    variables: dict[str, list[int | float | str]]
    ask: str
    layer: int | str | None
    weight: str | None
    kind: str | None
    answer: int | float | str | list[int | None] | None

    def variants(self) -> list[dict[str, Any]]:
        return variants_of(self.variables)

    def draw(self, rng):
        return {name: rng.choice(values) for name, values in self.variables.items()}

    def default_variant(self):
        return {name: values[0] for name, values in self.variables.items()}

    def model_text(self, variant=None) -> str:
        return substitute(self.model, variant if variant is not None else self.default_variant()).strip()

    def prompt_text(self, variant=None) -> str:
        variant = variant if variant is not None else self.default_variant()
        return f"```python\n{self.model_text(variant)}\n```\n\n{substitute(self.prompt, variant).strip()}"

    def truths(self, variant=None) -> dict:
        """The model's truths: from the caches when known (no TensorFlow), else from live Keras."""
        from . import truths as cache

        return cache.truths(self.model, variant if variant is not None else self.default_variant())

    def needs_keras(self, variant=None) -> bool:
        from .truths import cached_truths

        variant = variant if variant is not None else self.default_variant()
        return cached_truths(self.model, variant) is None

    def truth(self, variant=None):
        from .truths import answer_for

        return answer_for(self.truths(variant), self.ask, self.layer, self.weight, self.kind)

    def expected(self, variant=None) -> str:
        value = self.truth(variant)
        if self.ask in _NUMBER_ASKS:
            return _fmt_number(value)
        if isinstance(value, (tuple, list)):
            from .grading.shapes import format_shape

            return format_shape(tuple(value))
        return str(value)

    def _grade(self, answer, variant):
        from .truths import answer_for, param_breakdown

        truths = self.truths(variant)
        value = answer_for(truths, self.ask, self.layer, self.weight, self.kind)
        if self.ask in _NUMBER_ASKS:
            from .grading.numbers import grade_number

            result = grade_number(answer, float(value))
        elif self.ask == "activation":
            result = _grade_activation(answer, str(value))
        else:
            from .grading.shapes import grade_shape

            result = grade_shape(answer, tuple(value))
        if self.ask in _PARAM_ASKS:
            breakdown = param_breakdown(truths)
            result.feedback = [*result.feedback, tr("Zo telt Keras:", "How Keras counts:"), *breakdown]
            result.details["breakdown"] = breakdown
        return result


def _grade_activation(answer: str, truth: str) -> Result:
    from .grading.text import matches_any

    names = _ACTIVATION_NAMES.get(truth, [truth])
    wrong = [n for n in _ACTIVATION_NAMES if n != truth and matches_any(answer, _ACTIVATION_NAMES[n])]
    if matches_any(answer, names) and not wrong:
        return Result.of(1.0, truth)
    if wrong:
        return Result.of(0.0, truth, [tr(f"Je noemt {wrong[0]}; de activatie is {truth}.", f"You name {wrong[0]}; the activation is {truth}.")])
    return Result.of(0.0, truth, [tr(f"De activatie is {truth}.", f"The activation is {truth}.")])


@register("code")
class CodeQuestion(Question):
    """The student writes Keras code; it is built safely and compared with the reference model."""

    multiline: ClassVar[bool] = True
    reference: str
    compare: list[str] | None

    def expected(self, variant=None) -> str:
        return self.reference.strip()

    def needs_keras(self, variant=None) -> bool:
        return True

    def _grade(self, answer, variant):
        from .grading.code import grade_code

        return grade_code(answer, self.reference, self.compare)


def variants_of(variables: dict[str, list]) -> list[dict[str, Any]]:
    """Every combination of the variables' values (the default first)."""
    combos: list[dict[str, Any]] = [{}]
    for name, values in variables.items():
        combos = [{**c, name: v} for c in combos for v in values]
    return combos
