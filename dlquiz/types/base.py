"""What every question type has and does; each type is one subclass in a module of its own.

A type is a dataclass subclass of `Question` with `type: Literal["name"] = "name"`: defining it registers
it under that name. Its fields carry their defaults, rules and editor descriptions (`rule`); its methods
say how it is asked, graded, drawn, exported and written as a skeleton by `dlquiz new`. The validator and
the JSON Schema of a bank are generated from the registered classes (`dlquiz/bank/validate.py`).
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from dlquiz.grading.result import Result, Verdict
from dlquiz.i18n import tr
from dlquiz.record import Record, rule

QUESTION_TYPES: dict[str, type[Question]] = {}

VerdictName = Literal["correct", "partial", "incorrect"]
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


@dataclass(kw_only=True)
class Example(Record):
    """Een voorbeeldantwoord met het oordeel van de docent; `dlquiz check` beoordeelt het."""

    answer: str = rule(doc="Het antwoord zoals een student het zou schrijven.")
    verdict: VerdictName = rule(doc="Het oordeel dat de docent dit antwoord geeft: correct, partial of incorrect.")
    variant: dict[str, Any] | None = rule(None, doc="Voor een vraag met variabelen: de variant van dit voorbeeld.")
    note: str | None = rule(None, doc="Opmerking voor docenten.")


# Control characters but tab and line feed, and DEL: found by one regex scan (str.translate with a table looks
# up every letter, about 20 µs an answer).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean_answer(answer: object) -> str:
    """An answer as text: control characters and NULs dropped, surrounding blanks trimmed."""
    text = answer if isinstance(answer, str) else str(answer or "")
    return _CONTROL.sub("", text).strip()


def substitute(text: str, variant: dict[str, Any]) -> str:
    """Replace `{name}` by the variant's value, only for names the variant has (prompts and explanations)."""
    if not variant:
        return text
    return re.sub(r"\{(\w+)\}", lambda m: str(variant[m[1]]) if m[1] in variant else m[0], text)


@dataclass(kw_only=True)
class Question(Record):
    """The fields every question has, and the behaviour a type may override."""

    multiline: ClassVar[bool] = False     # answered in a block (Enter on an empty line sends)
    overrulable: ClassVar[bool] = False   # the student may overrule the verdict with /goed or /fout
    skeleton: ClassVar[str] = ""          # the type's own lines in `dlquiz new` (default: made from its fields)
    skeleton_examples: ClassVar[tuple[tuple[str, str], ...]] = ()

    id: str = rule(doc="Unieke id over alle banken: kleine letters, cijfers, '-' of '_'.", pattern=ID_PATTERN, max_length=80)
    type: str = rule(doc="Soort vraag.")
    prompt: str = rule(doc="De vraag in Markdown (codeblokken worden gekleurd).", min_length=1)
    context: str | None = rule(None, doc="Wat de student moet zien om de vraag te beantwoorden (een model, een situatie), "
                                         "in Markdown, getoond vóór de vraag. Deel het met zustervragen via een YAML-anker "
                                         "(context: &model2 … en elders context: *model2).")
    topic: str | None = rule(None, doc="Onderwerp-id uit `topics:` bovenaan de bank.")
    source: str | None = rule(None, doc="Waar de vraag vandaan komt (bv. 'H15 vraag 7').")
    tags: list[str] = rule(factory=list, doc="Vrije trefwoorden.")
    hint: str | None = rule(None, doc="Tip die een student met ? opvraagt.")
    explanation: str | None = rule(None, doc="Uitleg na het beoordelen (Markdown): waarom het antwoord klopt.")
    examples: list[Example] = rule(factory=list, doc="Voorbeeldantwoorden met het oordeel van de docent; `dlquiz check` beoordeelt ze.")

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        name = cls.__dict__.get("type")
        if isinstance(name, str):
            QUESTION_TYPES[name] = cls

    # --- asking -----------------------------------------------------------------------------------
    def draw(self, rng: random.Random) -> dict[str, Any]:
        """A variant to ask (drawn values, option order); {} for a fixed question."""
        return {}

    def default_variant(self) -> dict[str, Any]:
        return {}

    def variants(self) -> list[dict[str, Any]]:
        """Every variant with an answer of its own (exported one card each); the default first."""
        return [self.default_variant()]

    def variant_label(self, variant: dict[str, Any]) -> str:
        """The variant in words (`units=16`), or "" where variants do not change the answer."""
        return ""

    def prompt_text(self, variant: dict[str, Any] | None = None) -> str:
        """What the student is shown, as Markdown, for this variant: the context, then the question."""
        return self._with_context(self.body(variant), variant)

    def body(self, variant: dict[str, Any] | None = None) -> str:
        """The question itself, as Markdown (a type adds its options, statement or model here)."""
        return self.prompt

    def stem(self, variant: dict[str, Any] | None = None) -> str:
        """The prompt without what an exported form shows itself (a choice question's options)."""
        return self.prompt_text(variant)

    def _with_context(self, text: str, variant: dict[str, Any] | None) -> str:
        if not self.context:
            return text
        return substitute(self.context, variant or {}).strip() + "\n\n" + text

    def explanation_text(self, variant: dict[str, Any] | None = None) -> str:
        """The explanation with the variant's values filled in (`{units}` → 16)."""
        return substitute(self.explanation or "", variant or {})

    def hint_text(self, variant: dict[str, Any] | None = None) -> str | None:
        return substitute(self.hint, variant or {}) if self.hint else None

    # --- the answer -------------------------------------------------------------------------------
    def expected(self, variant: dict[str, Any] | None = None) -> str:
        """The right answer in one line of text."""
        raise NotImplementedError

    def model_answer(self, variant: dict[str, Any] | None = None) -> str | None:
        """A worked model answer in Markdown, where the expected value alone does not say it all."""
        return None

    def breakdown(self, variant: dict[str, Any] | None = None) -> list[str]:
        """Lines that show how the answer comes about (how Keras counts parameters), or none."""
        return []

    def checklist(self) -> list[str]:
        """The points a marker looks for (a rubric's concepts), for a teacher's eyes only."""
        return []

    # --- grading ----------------------------------------------------------------------------------
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

    # --- teachers ---------------------------------------------------------------------------------
    def models(self) -> list[tuple[str, dict[str, Any]]]:
        """Every (model text, variant) whose Keras truths this question needs: `check` builds them all
        and `check --write-cache` stores them with the package."""
        return []

    def problems(self, live_keras: bool) -> Iterator[tuple[tuple, str]]:
        """What `dlquiz check` finds wrong beyond the schema, as (place under the question, message)."""
        return iter(())

    def export_form(self, variant: dict[str, Any]):
        """The form this question takes in Moodle or Anki (`dlquiz/export/forms.py`)."""
        from dlquiz.export.forms import Essay

        return Essay(fallback=True)

    @classmethod
    def skeleton_text(cls) -> str:
        """The type's own YAML lines for `dlquiz new`, indented as inside a question."""
        if cls.skeleton:
            return cls.skeleton
        lines = ["  prompt: |", "    Schrijf hier de vraag."]
        base = {f.name for f in dataclasses.fields(Question)}
        for f in dataclasses.fields(cls):
            if f.name in base:
                continue
            doc = f.metadata.get("description", "")
            if f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                value = _placeholder(getattr(f.type, "__name__", str(f.type)))
            lines.append(f"  {f.name}: {_yaml_value(value)}" + (f"   # {doc}" if doc else ""))
        return "\n".join(lines) + "\n"


def _placeholder(annotation: str) -> Any:
    """A value of the field's type for a skeleton, to be replaced by the teacher."""
    for word, value in (("list", []), ("dict", {}), ("bool", False), ("float", 0), ("int", 0)):
        if annotation.startswith(word):
            return value
    return ""


def _yaml_value(value: Any) -> str:
    import json

    return "null" if value is None else json.dumps(value, ensure_ascii=False)
