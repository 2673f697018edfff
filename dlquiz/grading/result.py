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

    @classmethod
    def shown(cls, score: float) -> "Verdict":
        """The verdict a student reads beside a score, one rule for every question and screen: 100% is
        correct, 0% incorrect, anything between partial (so 67% never reads 'juist' on one question and
        'gedeeltelijk' on another). The grader's own verdict (its rubric's thresholds) still schedules
        reviews and is compared with the labelled corpus."""
        shown = f"{score:.0%}"  # decided on the percentage as printed, so equal numbers get equal words
        return cls.CORRECT if shown == "100%" else cls.INCORRECT if shown == "0%" else cls.PARTIAL


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
