"""The student writes Keras code; it is built safely and compared with the reference model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dlquiz.errors import DlquizError
from dlquiz.record import Record, rule
from dlquiz.types.base import Question, VerdictName

Property = Literal["output_shape", "total_params", "layer_kinds", "return_sequences", "output_activation", "activation",
                   "padding", "dilation_rate", "strides", "kernel_size", "units"]


@dataclass(kw_only=True)
class Alternative(Record):
    """Een ander model dan de referentie, met het oordeel dat het krijgt (bv. Dense(2, softmax) voor binaire klassen)."""

    model: str = rule(doc="Het alternatieve model (zoals de referentie: nooit als Python uitgevoerd).", min_length=1)
    verdict: VerdictName = rule(doc="Het oordeel voor een antwoord dat hiermee overeenkomt: correct, partial of incorrect.")
    note: str | None = rule(None, doc="Waarom, voor docenten.")

    def check(self) -> None:
        _check_model(self.model)


def _check_model(text: str) -> None:
    from dlquiz.oracle.interpreter import parse_model

    try:
        parse_model(text, {})
    except DlquizError as exc:
        raise ValueError(str(exc)) from None


@dataclass(kw_only=True)
class CodeQuestion(Question):
    """De student schrijft Keras-code; die wordt veilig gebouwd en met het referentiemodel vergeleken."""

    multiline = True

    type: Literal["code"] = "code"
    reference: str = rule(doc="Het referentiemodel waarmee de code van de student vergeleken wordt.", min_length=1)
    compare: list[Property] | None = rule(None, doc="Wat vergeleken wordt (standaard output_shape, total_params en layer_kinds, "
                                                    "plus return_sequences bij recurrente lagen en de activatie van de uitvoerlaag "
                                                    "als de referentie er een heeft); per laag: activation, padding, dilation_rate, "
                                                    "strides, kernel_size, units.")
    alternatives: list[Alternative] = rule(factory=list, doc="Andere modellen met hun oordeel (aanvaard of bekend fout).")

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
        _check_model(self.reference)

    def expected(self, variant=None) -> str:
        return self.reference.strip()

    def model_answer(self, variant=None) -> str:
        return f"```python\n{self.reference.strip()}\n```"

    def needs_keras(self, variant=None) -> bool:
        return True

    def _grade(self, answer, variant):
        from dlquiz.grading.code import grade_code

        return grade_code(answer, self.reference, self.compare, [(a.model, a.verdict) for a in self.alternatives])

    def models(self):
        return [(self.reference, {}), *((a.model, {}) for a in self.alternatives)]

    def problems(self, live_keras):
        if not live_keras:
            return
        from dlquiz.oracle.build import live_truths

        for where, model in [(("reference",), self.reference),
                             *((("alternatives", i, "model"), a.model) for i, a in enumerate(self.alternatives))]:
            try:
                live_truths(model)
            except DlquizError as exc:
                yield where, f"{self.id}: {exc}"

    def export_form(self, variant):
        from dlquiz.export.forms import Essay

        return Essay(plain=True)
