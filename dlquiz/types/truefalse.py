"""True or false, with a reason that a rubric may score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dlquiz.grading.rubric import Rubric
from dlquiz.record import rule
from dlquiz.types.base import Question


@dataclass(kw_only=True)
class TrueFalseQuestion(Question):
    """Waar/niet waar, eventueel met een reden die een rubric scoort."""

    multiline = True
    overrulable = True

    type: Literal["truefalse"] = "truefalse"
    statement: str = rule(doc="De bewering die waar of niet waar is.")
    correct: bool = rule(doc="true als de bewering waar is, anders false.")
    answer: str = rule(doc="Het modelantwoord met de reden.")
    rubric: Rubric | None = rule(None, doc="Optioneel: de rubric waarmee de reden gescoord wordt.")

    skeleton = """\
  prompt: "Waar of niet waar? Geef ook de reden."
  statement: "Een SimpleRNN-laag heeft per unit maar één gewicht."
  correct: false
  answer: |                  # het modelantwoord met de reden
    Niet waar: elke unit heeft een gewicht per invoerkenmerk, een per unit (de vorige toestand) en een bias.
"""
    skeleton_examples = (("niet waar", "correct"), ("waar", "incorrect"))

    def body(self, variant=None) -> str:
        return f"{self.prompt.rstrip()}\n\n> {self.statement.strip()}"

    def expected(self, variant=None) -> str:
        return self.answer.strip()

    def model_answer(self, variant=None) -> str:
        return self.answer.strip()

    def _grade(self, answer, variant):
        from dlquiz.grading.choice import grade_truefalse

        return grade_truefalse(answer, self.correct, self.rubric, self.expected())

    def export_form(self, variant):
        from dlquiz.export.forms import TrueFalse

        return TrueFalse(self.correct)
