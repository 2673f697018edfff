"""A number as the answer: Dutch and English notation, words for small numbers, a worked expression."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dlquiz.record import rule
from dlquiz.types.base import Question


def format_value(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass(kw_only=True)
class NumericQuestion(Question):
    """Een getal als antwoord (Nederlandse en Engelse notatie, berekeningen)."""

    type: Literal["numeric"] = "numeric"
    answer: float = rule(doc="Het juiste getal.")
    tolerance: float = rule(0.0, doc="Absolute tolerantie voor een getal.", ge=0)
    rel_tolerance: float = rule(0.0, doc="Relatieve tolerantie voor een getal (0.01 = 1%).", ge=0)
    unit: str | None = rule(None, doc="Eenheid, getoond in de feedback.")

    skeleton = """\
  prompt: |
    Hoeveel recurrente lagen heeft een diep RNN met drie gestapelde SimpleRNN-lagen?
  answer: 3
  tolerance: 0               # absoluut; of rel_tolerance: 0.01
  unit: "lagen"              # optioneel, getoond in de feedback
"""
    skeleton_examples = (("drie", "correct"), ("2", "incorrect"))

    def expected(self, variant=None) -> str:
        return format_value(self.answer) + (f" {self.unit}" if self.unit else "")

    def _grade(self, answer, variant):
        from dlquiz.grading.numbers import grade_number

        return grade_number(answer, self.answer, self.tolerance, self.rel_tolerance, self.unit)

    def export_form(self, variant):
        from dlquiz.export.forms import Numerical

        return Numerical(self.answer, self.tolerance or abs(self.answer) * self.rel_tolerance)
