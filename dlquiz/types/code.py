"""The student writes Keras code; it is built safely and compared with the reference model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dlquiz.errors import DlquizError
from dlquiz.record import rule
from dlquiz.types.base import Question

Property = Literal["output_shape", "total_params", "layer_kinds", "return_sequences"]


@dataclass(kw_only=True)
class CodeQuestion(Question):
    """De student schrijft Keras-code; die wordt veilig gebouwd en met het referentiemodel vergeleken."""

    multiline = True

    type: Literal["code"] = "code"
    reference: str = rule(doc="Het referentiemodel waarmee de code van de student vergeleken wordt.", min_length=1)
    compare: list[Property] | None = rule(None, doc="Wat vergeleken wordt (standaard output_shape, total_params en layer_kinds).")

    skeleton = """\
  prompt: |
    Schrijf een Keras-model: invoer van 1 kenmerk per tijdstap, een SimpleRNN van 32 units en een Dense-laag van 7 uitvoeren.
  reference: |
    model = keras.Sequential([
        keras.layers.Input(shape=(None, 1)),
        keras.layers.SimpleRNN(32),
        keras.layers.Dense(7)])
  compare: [output_shape, total_params, layer_kinds]
"""
    skeleton_examples = (
        ("model = keras.Sequential([keras.Input(shape=(None, 1)), keras.layers.SimpleRNN(32), keras.layers.Dense(7)])", "correct"),
    )

    def check(self) -> None:
        from dlquiz.oracle.interpreter import parse_model

        try:
            parse_model(self.reference, {})
        except DlquizError as exc:
            raise ValueError(str(exc)) from None

    def expected(self, variant=None) -> str:
        return self.reference.strip()

    def model_answer(self, variant=None) -> str:
        return f"```python\n{self.reference.strip()}\n```"

    def needs_keras(self, variant=None) -> bool:
        return True

    def _grade(self, answer, variant):
        from dlquiz.grading.code import grade_code

        return grade_code(answer, self.reference, self.compare)

    def models(self):
        return [(self.reference, {})]

    def problems(self, live_keras):
        if not live_keras:
            return
        from dlquiz.oracle.build import live_truths

        try:
            live_truths(self.reference)
        except DlquizError as exc:
            yield ("reference",), f"{self.id}: {exc}"

    def export_form(self, variant):
        from dlquiz.export.forms import Essay

        return Essay(plain=True)
