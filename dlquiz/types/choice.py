"""Multiple choice: one or more right options, answered by letter or by the option's text."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from dlquiz.i18n import tr
from dlquiz.record import FieldError, rule
from dlquiz.types.base import Question

if TYPE_CHECKING:
    from dlquiz.grading.text import _Matcher


@dataclass(kw_only=True)
class ChoiceQuestion(Question):
    """Meerkeuze: één of meer juiste opties."""

    type: Literal["choice"] = "choice"
    options: list[str] = rule(doc="De antwoordmogelijkheden (2 tot 26).", min_length=2, max_length=26)
    correct: list[str] = rule(doc="De tekst van de juiste optie(s), één of meer.", min_length=1)
    shuffle: bool = rule(True, doc="Opties in willekeurige volgorde tonen (standaard true).")
    descriptions: dict[str, list[str]] = rule(
        factory=dict, doc="Optietekst → formuleringen die die optie beschrijven zonder haar te noemen (bv. ReLU: "
                          "[\"max(0, z)\"]); ze werken als de formuleringen van een rubric. Alleen gebruikt als letter, "
                          "nummer of optietekst niets beslist: wie de beschrijving van precies één optie geeft, kiest die.")

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
        self._check_descriptions()

    def _check_descriptions(self) -> None:
        from dlquiz.grading.text import check_phrases

        listed = ", ".join(repr(o) for o in self.options)
        owner: dict[str, str] = {}
        for option, phrases in self.descriptions.items():
            at = ("descriptions", option)
            if option not in self.options:
                near = [o for o in self.options if o.lower() == option.strip().lower()] or \
                    difflib.get_close_matches(option, self.options, n=1, cutoff=0.6)
                meant = tr(f" — bedoel je {near[0]!r}?", f" — did you mean {near[0]!r}?") if near else "."
                raise FieldError(tr(f"descriptions noemt {option!r}, maar dat is geen optie{meant} De opties zijn: {listed}",
                                    f"descriptions names {option!r}, which is not an option{meant} The options are: {listed}"), at)
            if not phrases:
                raise FieldError(tr(f"descriptions van {option!r} is leeg; geef minstens één formulering",
                                    f"descriptions of {option!r} is empty; give at least one phrase"), at)
            try:
                check_phrases(phrases)
            except ValueError as exc:
                raise FieldError(f"descriptions {option!r}: {exc}", at) from None
            for phrase in phrases:
                if phrase.startswith("="):
                    raise FieldError(tr(f"descriptions {option!r}: {phrase!r}: een heel antwoord ('= …') kan hier niet; "
                                        "schrijf de formulering zonder '='",
                                        f"descriptions {option!r}: {phrase!r}: a whole answer ('= …') is not possible here; "
                                        "write the phrase without '='"), at)
                other = owner.setdefault(phrase.strip().lower(), option)
                if other != option:
                    raise FieldError(tr(f"descriptions: {phrase!r} beschrijft zowel {other!r} als {option!r}, dus kiest "
                                        "het geen van beide; geef elke optie haar eigen formuleringen",
                                        f"descriptions: {phrase!r} describes both {other!r} and {option!r}, so it "
                                        "chooses neither; give each option phrases of its own"), at)

    def described(self) -> _Matcher | None:
        """The descriptions' phrases compiled once, one group per option in `descriptions` (questions are not
        changed after loading), or None without descriptions."""
        if not self.descriptions:
            return None
        compiled = self.__dict__.get("_described")
        if compiled is None:
            from dlquiz.grading.text import _Matcher

            # As `matches_any` reads a phrase: a description is a fixed expression, not widened over a clause.
            compiled = self._described = _Matcher(list(self.descriptions.values()))
        return compiled

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
        matcher = self.described()
        described = (matcher, [shown.index(o) for o in self.descriptions]) if matcher else None
        return grade_choice(answer, shown, {shown.index(c) for c in self.correct}, described)

    def export_form(self, variant):
        from dlquiz.export.forms import MultiChoice

        return MultiChoice(list(self.options), list(self.correct), self.shuffle)
