"""An open answer, scored with a rubric of concepts and misconceptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dlquiz.grading.rubric import Rubric
from dlquiz.i18n import tr
from dlquiz.record import rule
from dlquiz.types.base import Question


@dataclass(kw_only=True)
class OpenQuestion(Question):
    """Een open antwoord, gescoord met een rubric."""

    multiline = True
    overrulable = True

    type: Literal["open"] = "open"
    answer: str = rule(doc="Het modelantwoord, getoond na het beoordelen.")
    rubric: Rubric = rule(doc="Concepten (met gewicht) en misvattingen waarmee een open antwoord gescoord wordt.")

    skeleton = """\
  prompt: |
    Waarom heeft een neuraal netwerk niet-lineaire activatiefuncties nodig?
  answer: |                  # het modelantwoord, getoond na het beoordelen
    Zonder niet-lineaire activatie is een stapel lagen samen één lineaire functie,
    zodat het netwerk geen complexe (niet-lineaire) verbanden kan leren.
  rubric:
    correct_at: 0.75         # score voor "correct" (standaard 0.75)
    partial_at: 0.4          # score voor "partial" (standaard 0.4)
    concepts:
      - id: lineair
        label: "lagen vallen samen tot één lineaire functie"
        weight: 2
        required: true       # ontbreekt dit, dan hoogstens "partial"
        phrases: ["lineaire functie", "linear function", "lineaire transformatie", "lineair model"]
      - id: complex
        label: "complexe verbanden leren"
        phrases: ["complexe verbanden", "complex patterns", "complexe patronen", "complexe functies"]
    misconceptions:
      - label: "sneller trainen"
        phrases: ["sneller trainen", "train faster"]
        feedback: "Snelheid is niet de reden: zonder niet-lineariteit is het netwerk gewoon lineair."
        caps: partial        # of incorrect: dan kan de rest het antwoord niet redden
"""
    skeleton_examples = (
        ("Zonder niet-lineaire activatie is het hele netwerk één lineaire functie. Met niet-lineaire activaties leert het complexe verbanden.", "correct"),
        ("Dan is alles samen een lineaire functie.", "partial"),
        ("Om sneller te trainen.", "incorrect"),
    )

    def expected(self, variant=None) -> str:
        return self.answer.strip()

    def model_answer(self, variant=None) -> str:
        return self.answer.strip()

    def export_form(self, variant):
        """An essay for the teacher to mark: that is what an open question is, not a fallback to warn about."""
        from dlquiz.export.forms import Essay

        return Essay()

    def checklist(self) -> list[str]:
        return [c.label + (tr(" (vereist)", " (required)") if c.required else "") for c in self.rubric.concepts]

    def _grade(self, answer, variant):
        from dlquiz.grading.text import grade_open

        return grade_open(answer, self.rubric, self.expected())
