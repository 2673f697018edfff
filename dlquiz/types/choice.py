"""Multiple choice: one or more right options, answered by letter or by the option's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dlquiz.i18n import tr
from dlquiz.record import rule
from dlquiz.types.base import Question


@dataclass(kw_only=True)
class ChoiceQuestion(Question):
    """Meerkeuze: één of meer juiste opties."""

    type: Literal["choice"] = "choice"
    options: list[str] = rule(doc="De antwoordmogelijkheden (2 tot 26).", min_length=2, max_length=26)
    correct: list[str] = rule(doc="De tekst van de juiste optie(s), één of meer.", min_length=1)
    shuffle: bool = rule(True, doc="Opties in willekeurige volgorde tonen (standaard true).")

    skeleton = """\
  prompt: |
    Welk type RNN voorspelt één waarde uit een hele reeks?
  options:                   # 2 tot 26 opties; de student antwoordt met a, b, … of de tekst
    - "sequentie-naar-sequentie"
    - "sequentie-naar-vector"
    - "vector-naar-sequentie"
  correct: ["sequentie-naar-vector"]   # één of meer optieteksten
  shuffle: true
"""
    skeleton_examples = (("b", "correct"), ("a", "incorrect"))

    def check(self) -> None:
        missing = [c for c in self.correct if c not in self.options]
        if missing:
            raise ValueError(tr(f"correct noemt een optie die niet onder options staat: {missing[0]!r}",
                                 f"correct names an option that is not in options: {missing[0]!r}"))
        if len(set(self.options)) != len(self.options):
            raise ValueError(tr("een optie staat twee keer onder options", "an option is listed twice under options"))

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

    def body(self, variant=None) -> str:
        lines = [f"{chr(97 + i)}) {opt}" for i, opt in enumerate(self._shown(variant))]
        return self.prompt.rstrip() + "\n\n" + "  \n".join(lines)

    def stem(self, variant=None) -> str:
        return self._with_context(self.prompt.strip(), variant)

    def expected(self, variant=None) -> str:
        shown = self._shown(variant)
        return "; ".join(f"{chr(97 + shown.index(c))}) {c}" for c in self.correct)

    def _grade(self, answer, variant):
        from dlquiz.grading.choice import grade_choice

        shown = self._shown(variant)
        return grade_choice(answer, shown, {shown.index(c) for c in self.correct})

    def export_form(self, variant):
        from dlquiz.export.forms import MultiChoice

        return MultiChoice(list(self.options), list(self.correct), self.shuffle)
