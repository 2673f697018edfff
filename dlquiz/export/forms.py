"""The forms a question takes where it is exported: what Moodle and Anki can grade themselves.

A question type says which form it takes (`Question.export_form`); each exporter writes the forms, so
a new question type is exported the moment it names one, and a type that names none is exported as an
essay for a teacher to mark, with a warning that says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Numerical:
    value: float
    tolerance: float = 0.0


@dataclass
class ShortAnswer:
    """Text answers that count as right, each written exactly as a student may type it."""

    answers: list[str]


@dataclass
class MultiChoice:
    options: list[str]
    correct: list[str]
    shuffle: bool = True


@dataclass
class TrueFalse:
    correct: bool


@dataclass
class Essay:
    """Marked by a teacher; `plain` for code (no editor formatting); `fallback` when the type names no form."""

    plain: bool = False
    fallback: bool = False
    notes: list[str] = field(default_factory=list)
