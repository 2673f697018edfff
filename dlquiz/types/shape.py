"""A tensor shape as the answer, e.g. (None, None, 32)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dlquiz.i18n import tr
from dlquiz.record import rule
from dlquiz.types.base import Question


@dataclass(kw_only=True)
class ShapeQuestion(Question):
    """Een tensorvorm als antwoord, bv. (None, None, 32)."""

    type: Literal["shape"] = "shape"
    answer: list[int | None] = rule(doc="De juiste vorm; null is een vrije as (None).", min_length=1)
    axes: list[str] | None = rule(None, doc="Namen van de assen, gebruikt in de feedback (even veel als in answer).")
    symbols: dict[str, int] = rule(factory=dict, doc="Namen die de vraag vastlegt (bv. units: 32): '(units, units)' leest dan als (32, 32).")
    partial_axes: bool = rule(False, doc="true: een vorm met één foute as is 'partial'; standaard is elke foute as 'incorrect'.")

    skeleton = """\
  prompt: |
    Welke vorm heeft de uitvoer van `SimpleRNN(32, return_sequences=True)` op invoer `(None, None, 5)`?
  answer: [null, null, 32]   # null = vrije as (None)
  axes: [batch, tijdstappen, units]   # optioneel: namen voor de feedback
"""
    skeleton_examples = (("(None, None, 32)", "correct"), ("(None, 32)", "incorrect"))

    def check(self) -> None:
        if self.axes is not None and len(self.axes) != len(self.answer):
            raise ValueError(tr(f"axes noemt {len(self.axes)} assen maar answer heeft er {len(self.answer)}",
                                 f"axes names {len(self.axes)} axes but answer has {len(self.answer)}"))

    def expected(self, variant=None) -> str:
        from dlquiz.grading.shapes import format_shape

        return format_shape(tuple(self.answer))

    def _grade(self, answer, variant):
        from dlquiz.grading.shapes import grade_shape

        return grade_shape(answer, tuple(self.answer), self.axes, self.symbols, self.partial_axes)

    def export_form(self, variant):
        from dlquiz.export.forms import ShortAnswer
        from dlquiz.grading.shapes import notations

        return ShortAnswer(notations(self.answer))
