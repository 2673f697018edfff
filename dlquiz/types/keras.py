"""A question about a model whose truth (a count, a shape, an activation) is read off the model Keras builds."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from dlquiz.errors import DlquizError
from dlquiz.i18n import tr
from dlquiz.oracle.answers import ACTIVATION_NAMES, NUMBER_ASKS, PARAM_ASKS, Ask
from dlquiz.record import rule
from dlquiz.types.base import Question, substitute
from dlquiz.types.numeric import format_value

MAX_VARIANTS = 64


def variants_of(variables: dict[str, list]) -> list[dict[str, Any]]:
    """Every combination of the variables' values (the default first)."""
    combos: list[dict[str, Any]] = [{}]
    for name, values in variables.items():
        combos = [{**c, name: v} for c in combos for v in values]
    return combos


@dataclass(kw_only=True)
class KerasQuestion(Question):
    """Een vraag over een model; de waarheid komt van het model dat Keras bouwt."""

    type: Literal["keras"] = "keras"
    model: str = rule(doc="Keras-model als tekst (nooit als Python uitgevoerd); {naam} wordt vervangen door een variabele.",
                      min_length=1, max_length=20_000)
    variables: dict[str, list[int | float | str]] = rule(
        factory=dict, doc="Naam → lijst waarden; elke combinatie is een variant met eigen waarheid. De eerste is standaard.")
    ask: Ask = rule(doc="Wat gevraagd wordt over het model; de waarheid komt van Keras.")
    layer: int | str | None = rule(None, doc="Index van de laag (Input niet meegeteld) of haar naam, voor vragen per laag.")
    weight: str | None = rule(None, doc="Gewicht voor weight_shape: kernel, recurrent_kernel, bias, gamma, beta, …")
    kind: str | None = rule(None, doc="Soort laag voor layer_count, bv. recurrent.")
    answer: int | float | str | list[int | None] | None = rule(
        None, doc="Optioneel: een bewering die `dlquiz check` met Keras vergelijkt.")
    symbols: dict[str, int] = rule(factory=dict, doc="Namen die de vraag vastlegt (bv. units: 32) voor een vorm als "
                                                      "'(units, units)'; de variabelen van een variant tellen ook.")
    partial_axes: bool = rule(False, doc="true: een vorm met één foute as is 'partial'; standaard is elke foute as 'incorrect'.")

    skeleton = """\
  prompt: |
    Hoeveel parameters heeft dit model?
  model: |                   # wordt nooit als Python uitgevoerd; {units} = variabele
    model = keras.Sequential([
        keras.layers.Input(shape=[None, 5]),
        keras.layers.SimpleRNN({units})])
  variables:
    units: [32, 16]          # elke waarde is een variant; de eerste is de standaard
  ask: total_params          # de waarheid komt van Keras
"""
    skeleton_examples = (("(5 + 32 + 1) * 32 = 1216", "correct"), ("1088", "incorrect"))

    def check(self) -> None:
        from dlquiz.oracle.interpreter import parse_model

        for name, values in self.variables.items():
            if not values:
                raise ValueError(tr(f"variabele '{name}' heeft geen waarden", f"variable '{name}' has no values"))
        count = math.prod(len(v) for v in self.variables.values())  # counted before a single one is built
        if count > MAX_VARIANTS:
            raise ValueError(tr(f"{count} varianten; hoogstens {MAX_VARIANTS}", f"{count} variants; at most {MAX_VARIANTS}"))
        for variant in self.variants():
            try:
                parse_model(self.model, variant)
            except DlquizError as exc:
                raise ValueError(str(exc)) from None

    # --- asking -----------------------------------------------------------------------------------
    def variants(self) -> list[dict[str, Any]]:
        return variants_of(self.variables)

    def draw(self, rng):
        return {name: rng.choice(values) for name, values in self.variables.items()}

    def default_variant(self):
        return {name: values[0] for name, values in self.variables.items()}

    def variant_label(self, variant) -> str:
        return ", ".join(f"{k}={v}" for k, v in variant.items())

    def model_text(self, variant=None) -> str:
        return substitute(self.model, variant if variant is not None else self.default_variant()).strip()

    def body(self, variant=None) -> str:
        variant = variant if variant is not None else self.default_variant()
        return f"```python\n{self.model_text(variant)}\n```\n\n{substitute(self.prompt, variant).strip()}"

    # --- truths -----------------------------------------------------------------------------------
    def truths(self, variant=None) -> dict:
        """The model's truths: from the caches when known (no TensorFlow), else from live Keras."""
        from dlquiz.oracle.truths import truths

        return truths(self.model, variant if variant is not None else self.default_variant())

    def needs_keras(self, variant=None) -> bool:
        from dlquiz.oracle.cache import cached_truths

        variant = variant if variant is not None else self.default_variant()
        return cached_truths(self.model, variant) is None

    def truth(self, variant=None):
        from dlquiz.oracle.answers import answer_for

        return answer_for(self.truths(variant), self.ask, self.layer, self.weight, self.kind)

    def expected(self, variant=None) -> str:
        value = self.truth(variant)
        if self.ask in NUMBER_ASKS:
            return format_value(value)
        if isinstance(value, (tuple, list)):
            from dlquiz.grading.shapes import format_shape

            return format_shape(tuple(value))
        return str(value)

    def breakdown(self, variant=None) -> list[str]:
        if self.ask not in PARAM_ASKS:
            return []
        from dlquiz.oracle.answers import param_breakdown

        return param_breakdown(self.truths(variant))

    # --- grading ----------------------------------------------------------------------------------
    def _grade(self, answer, variant):
        from dlquiz.oracle.answers import answer_for

        value = answer_for(self.truths(variant), self.ask, self.layer, self.weight, self.kind)
        if self.ask in NUMBER_ASKS:
            from dlquiz.grading.numbers import grade_number

            result = grade_number(answer, float(value))
        elif self.ask == "activation":
            result = _grade_activation(answer, str(value))
        else:
            from dlquiz.grading.shapes import grade_shape

            symbols = {**self.symbols, **{k: v for k, v in variant.items() if isinstance(v, int)}}
            result = grade_shape(answer, tuple(value), symbols=symbols, partial_axes=self.partial_axes)
        breakdown = self.breakdown(variant)
        if breakdown:
            result.feedback = [*result.feedback, tr("Zo telt Keras:", "How Keras counts:"), *breakdown]
            result.details["breakdown"] = breakdown
        return result

    # --- teachers ---------------------------------------------------------------------------------
    def models(self):
        return [(self.model, v) for v in self.variants()]

    def problems(self, live_keras):
        """Every variant built; the cache and the claimed `answer:` compared with what Keras says."""
        from dlquiz.oracle.answers import answer_for
        from dlquiz.oracle.cache import cached_truths

        default = self.default_variant()
        for variant in self.variants():
            label = self.variant_label(variant)
            where = self._variant_place(variant)
            try:
                if live_keras:
                    from dlquiz.oracle.build import live_truths

                    truths = live_truths(self.model, variant)
                else:
                    truths = cached_truths(self.model, variant)
            except DlquizError as exc:
                yield where, f"{self.id}{' (' + label + ')' if label else ''}: {exc}"
                continue
            if truths is None:
                continue
            try:
                value = answer_for(truths, self.ask, self.layer, self.weight, self.kind)
            except DlquizError as exc:
                yield ("ask",), f"{self.id}: {exc}"
                return
            if live_keras:
                cached = cached_truths(self.model, variant)
                if cached is not None and answer_for(cached, self.ask, self.layer, self.weight, self.kind) != value:
                    yield where, tr(f"{self.id}: opgeslagen waarheid wijkt af van Keras; draai dlquiz check --write-cache",
                                    f"{self.id}: cached truth differs from Keras; run dlquiz check --write-cache")
            if self.answer is not None and variant == default:
                claimed = tuple(self.answer) if isinstance(self.answer, list) else self.answer
                truth = tuple(value) if isinstance(value, list) else value
                if claimed != truth and str(claimed) != str(truth):
                    yield ("answer",), tr(f"{self.id}: answer {self.answer!r} klopt niet, Keras zegt {truth!r}",
                                          f"{self.id}: answer {self.answer!r} is wrong, Keras says {truth!r}") \
                        + _decimal_slip(self.answer, truth)

    def _variant_place(self, variant) -> tuple:
        """Where a variant is written: the first value that differs from the default, else the model."""
        default = self.default_variant()
        for name, value in variant.items():
            if value != default.get(name):
                return ("variables", name, self.variables[name].index(value))
        return ("model",)

    def export_form(self, variant):
        from dlquiz.export.forms import Numerical, ShortAnswer

        value = self.truth(variant)
        if self.ask in NUMBER_ASKS:
            return Numerical(float(value), 0.0)
        if isinstance(value, (list, tuple)):
            from dlquiz.grading.shapes import notations

            return ShortAnswer(notations(value))
        return ShortAnswer(ACTIVATION_NAMES.get(str(value), [str(value)]))


def _grade_activation(answer: str, truth: str):
    from dlquiz.grading.result import Result
    from dlquiz.grading.text import matches_any

    names = ACTIVATION_NAMES.get(truth, [truth])
    wrong = [n for n in ACTIVATION_NAMES if n != truth and matches_any(answer, ACTIVATION_NAMES[n])]
    if matches_any(answer, names) and not wrong:
        return Result.of(1.0, truth)
    if wrong:
        return Result.of(0.0, truth, [tr(f"Je noemt {wrong[0]}; de activatie is {truth}.", f"You name {wrong[0]}; the activation is {truth}.")])
    return Result.of(0.0, truth, [tr(f"De activatie is {truth}.", f"The activation is {truth}.")])


def _decimal_slip(claimed, truth) -> str:
    """`answer: 1.104` for 1104: YAML reads a Dutch thousands point as a decimal point; say so."""
    if isinstance(claimed, float) and isinstance(truth, int) and not isinstance(truth, bool) and truth >= 1000:
        for scale in (1_000, 1_000_000):
            if round(claimed * scale) == truth:
                return tr(f"; YAML las {claimed!r} als decimaal getal; schrijf {truth}",
                          f"; YAML read {claimed!r} as a decimal number; write {truth}")
    return ""
