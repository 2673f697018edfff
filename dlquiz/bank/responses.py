"""The labelled corpus: answers as students write them, with the verdict a careful marker gives.

A bank `x.yaml` has its corpus in `responses/x.yaml` beside it: a mapping from question id to a list of
responses. `dlquiz check` grades every response and measures how often the grader agrees with the
marker: exactly (the same verdict) and on correct-versus-not, and which answers it passes or fails
wrongly. The labels are the measure; they are never changed to fit the grader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlquiz.bank.bank import Bank
from dlquiz.errors import BankError, DlquizError
from dlquiz.record import Record, rule
from dlquiz.types.base import VerdictName


@dataclass(kw_only=True)
class Response(Record):
    """Een gelabeld antwoord: zoals een student het schreef, met het oordeel van een corrector."""

    answer: str = rule(doc="Het antwoord zoals een student het schreef.")
    verdict: VerdictName = rule(doc="Het oordeel van de corrector: correct, partial of incorrect.")
    kind: str | None = rule(None, doc="Soort antwoord (textbook, plain, english, swap, keywords, …).")
    why: str | None = rule(None, doc="Waarom dit oordeel, in één regel.")
    variant: dict[str, Any] | None = rule(None, doc="Voor een vraag met varianten: de variant.")


def responses_path(bank: Bank) -> Path:
    return bank.path.parent / "responses" / bank.path.name


def load_responses(bank: Bank) -> dict[str, list[Response]] | None:
    """The bank's labelled responses by question id, or None when it has none; BankError when broken."""
    from pydantic import TypeAdapter, ValidationError

    from dlquiz.bank.validate import bank_errors_from
    from dlquiz.bank.yamlio import read_yaml

    path = responses_path(bank)
    if not path.is_file():
        return None
    data, text = read_yaml(path)
    try:
        found = TypeAdapter(dict[str, list[Response]]).validate_python(data or {})
    except ValidationError as exc:
        raise bank_errors_from(exc, path, text, data)[0] from None
    ids = {q.id for q in bank.questions}
    for qid in found:
        if qid not in ids:
            from dlquiz.bank.yamlio import locate

            line, col = locate(text, (qid,))
            raise BankError(f"no question '{qid}' in {bank.path.name}", str(path), line, col)
    return found


@dataclass
class Agreement:
    """How the grader's verdicts on one question's labelled responses compare with the marker's."""

    bank: str
    qid: str
    total: int = 0
    exact: int = 0
    binary: int = 0                      # correct-versus-not agrees
    false_pass: list[tuple[str, str, str]] = field(default_factory=list)   # (answer, label, graded)
    false_fail: list[tuple[str, str, str]] = field(default_factory=list)
    other: list[tuple[str, str, str]] = field(default_factory=list)        # partial ↔ incorrect

    def add(self, answer: str, label: str, graded: str) -> None:
        self.total += 1
        self.exact += label == graded
        self.binary += (label == "correct") == (graded == "correct")
        if graded == "correct" and label != "correct":
            self.false_pass.append((answer, label, graded))
        elif label == "correct" and graded != "correct":
            self.false_fail.append((answer, label, graded))
        elif label != graded:
            self.other.append((answer, label, graded))

    def merge(self, other: Agreement) -> None:
        self.total += other.total
        self.exact += other.exact
        self.binary += other.binary
        self.false_pass += other.false_pass
        self.false_fail += other.false_fail
        self.other += other.other


def grade_responses(bank: Bank, live_keras: bool = True) -> list[Agreement]:
    """One Agreement per question with labelled responses, in bank order."""
    found = load_responses(bank)
    if not found:
        return []
    out = []
    for q in bank.questions:
        if q.id not in found:
            continue
        agreement = Agreement(bank.name, q.id)
        for r in found[q.id]:
            variant = {**q.default_variant(), **(r.variant or {})}
            if not live_keras and q.needs_keras(variant):
                continue
            try:
                graded = q.grade(r.answer, variant).verdict.value
            except DlquizError:
                graded = "error"
            agreement.add(r.answer, r.verdict, graded)
        out.append(agreement)
    return out
