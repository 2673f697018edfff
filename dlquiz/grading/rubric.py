"""The records of an open question's rubric: concepts, misconceptions, thresholds.

Kept apart from `text.py` (the matcher) so that a bank read from its cache builds its rubrics
without compiling the matcher's patterns or loading a stemmer; that happens on the first grade.
Their rules are the specs of the same name in `dlquiz/specs.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlquiz.record import Record

if TYPE_CHECKING:
    from .text import _Matcher


class Concept(Record):
    """One idea a right answer holds; any one of its phrases hits it (rules: `specs.Concept`)."""

    id: str
    label: str
    weight: float
    required: bool
    phrases: list[str]


class Misconception(Record):
    """A wrong idea; when one of its phrases matches, the answer cannot be correct."""

    label: str
    phrases: list[str]
    feedback: str | None
    caps: str  # "partial", or "incorrect" for a claim so wrong that the rest cannot rescue it


class Rubric(Record):
    """Concepts (weighted) and misconceptions for one open answer, with the verdict thresholds."""

    concepts: list[Concept]
    misconceptions: list[Misconception]
    correct_at: float
    partial_at: float

    def matcher(self) -> _Matcher:
        """The rubric's phrases compiled once (rubrics are not changed after loading)."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            from .text import _Matcher

            groups = [c.phrases for c in self.concepts] + [m.phrases for m in self.misconceptions]
            compiled = self._compiled = _Matcher(groups)
        return compiled
