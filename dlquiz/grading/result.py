"""The outcome of grading one answer: a score, a verdict and feedback a student can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Verdict(str, Enum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"

    @classmethod
    def from_score(cls, score: float, correct_at: float = 0.999, partial_at: float = 0.4) -> "Verdict":
        if score >= correct_at:
            return cls.CORRECT
        if score >= partial_at:
            return cls.PARTIAL
        return cls.INCORRECT


@dataclass
class Result:
    """What a grader says of one answer. Feedback lines are plain text (never Rich markup)."""

    score: float
    verdict: Verdict
    expected: str
    feedback: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    confident: bool = True  # False where the grader cannot tell (no point hit in a real answer, or signals that conflict)
    unreadable: str | None = None  # why the answer could not be read as this type, and how to write it; then not scored

    @property
    def marks(self) -> float:
        """The score as a student reads it and as totals count it, in step with the verdict: a correct answer
        counts in full, an incorrect one not at all, a partial one its score, never printed as 0% or 100%.
        (A rubric may mark two of three points correct; then the screen says "juist 100%", not
        "gedeeltelijk 67%", and the checklist still shows the point that was missed.) `score` stays the
        grader's raw measure: stored in the history, in --json, compared with the thresholds."""
        if self.verdict is Verdict.CORRECT:
            return 1.0
        if self.verdict is Verdict.INCORRECT:
            return 0.0
        return min(max(self.score, 0.01), 0.99)

    @classmethod
    def of(cls, score: float, expected: str, feedback: list[str] | None = None, **kw) -> "Result":
        score = max(0.0, min(1.0, float(score)))
        correct_at = kw.pop("correct_at", 0.999)
        partial_at = kw.pop("partial_at", 0.4)
        return cls(score, Verdict.from_score(score, correct_at, partial_at), expected, feedback or [], kw.pop("details", {}))

    def to_json(self) -> dict:
        out = {
            "score": round(self.score, 3),
            "verdict": self.verdict.value,
            "expected": self.expected,
            "feedback": "\n".join(self.feedback),
        }
        if not self.confident:
            out["confident"] = False  # the grader cannot tell; its verdict is its best guess
        if self.unreadable:
            out["readable"] = False  # a session asks again; a script still gets the verdict
        return out
