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
    verdict: VerdictName | None = rule(None, doc="Het oordeel van de corrector: correct, partial of incorrect; "
                                                 "leeg = nog niet gelabeld (telt niet mee).")
    kind: str | None = rule(None, doc="Soort antwoord (textbook, plain, english, swap, keywords, …).")
    why: str | None = rule(None, doc="Waarom dit oordeel, in één regel.")
    variant: dict[str, Any] | None = rule(None, doc="Voor een vraag met varianten: de variant.")
    # What `dlquiz responses` exports from the history beside the answer; never a label.
    graded: VerdictName | None = rule(None, doc="Het oordeel dat dlquiz gaf (uit de geschiedenis).")
    score: float | None = rule(None, doc="De score die dlquiz gaf, 0 tot 1.")
    overruled: bool = rule(False, doc="true: de student heeft het oordeel van dlquiz zelf aangepast.")
    when: str | None = rule(None, doc="Wanneer het antwoord gegeven werd.")


def responses_path(bank: Bank) -> Path:
    return bank.path.parent / "responses" / bank.path.name


def read_responses(path: Path) -> tuple[dict[str, list[Response]], str]:
    """A responses file (question id → responses) and its text; BankError with file:line when broken."""
    from pydantic import TypeAdapter, ValidationError

    from dlquiz.bank.validate import bank_errors_from
    from dlquiz.bank.yamlio import read_yaml

    data, text = read_yaml(path)
    try:
        return TypeAdapter(dict[str, list[Response]]).validate_python(data or {}), text
    except ValidationError as exc:
        raise bank_errors_from(exc, path, text, data)[0] from None


def load_responses(bank: Bank) -> dict[str, list[Response]] | None:
    """The bank's labelled responses by question id, or None when it has none; BankError when broken."""
    path = responses_path(bank)
    if not path.is_file():
        return None
    found, text = read_responses(path)
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
    unlabelled: int = 0                  # responses without a verdict yet (exported, not labelled)

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
        self.unlabelled += other.unlabelled


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
            if r.verdict is None:
                agreement.unlabelled += 1
                continue
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


# --- the rubric lab: students' answers out of the history, to label and merge -----------------------------

EXPORT_HEAD = """\
# Antwoorden van studenten uit de geschiedenis van dlquiz (dlquiz responses), per vraag-id.
# Vul bij elk antwoord `verdict:` in (correct, partial of incorrect) zonder naar `graded:` te kijken;
# `graded` is wat dlquiz gaf, `overruled: true` betekent dat de student dat oordeel zelf aanpaste.
# Voeg ze samen met de gelabelde antwoorden van de bank (dlquiz responses --merge …) en draai dlquiz check --report.
"""


def from_history(rows: list[dict]) -> dict[str, list[dict]]:
    """Answers as the store holds them (`Store.answers_of`) → question id → unlabelled responses, in order."""
    out: dict[str, list[dict]] = {}
    for row in rows:
        entry: dict[str, Any] = {"answer": row["answer"], "verdict": None}
        if row.get("verdict") is not None:
            entry["graded"] = row["verdict"]
        if row.get("score") is not None:
            entry["score"] = round(float(row["score"]), 3)
        entry["overruled"] = bool(row.get("overruled"))
        entry["when"] = row.get("answered_at")
        if row.get("variant"):
            entry["variant"] = row["variant"]
        out.setdefault(row["id"], []).append(entry)
    return out


def merge_responses(parts: list[dict[str, list[dict]]], ids: set[str] | None = None) -> dict[str, list[dict]]:
    """Several responses files as one: per question id in order of appearance, exact duplicates dropped
    (the same file collected twice); `ids`: keep only these questions (one bank's)."""
    out: dict[str, list[dict]] = {}
    for part in parts:
        for qid, entries in part.items():
            if ids is not None and qid not in ids:
                continue
            kept = out.setdefault(qid, [])
            for entry in entries:
                if entry not in kept:
                    kept.append(entry)
    return out


def as_plain(found: dict[str, list[Response]]) -> dict[str, list[dict]]:
    """Validated responses back to plain data, with only the keys that say something."""
    import dataclasses

    out: dict[str, list[dict]] = {}
    for qid, entries in found.items():
        out[qid] = []
        for r in entries:
            entry: dict[str, Any] = {"answer": r.answer, "verdict": r.verdict}
            for f in dataclasses.fields(r)[2:]:
                value = getattr(r, f.name)
                if value is not None and not (f.name == "overruled" and not value and r.when is None):
                    entry[f.name] = value
            out[qid].append(entry)
    return out


def responses_text(responses: dict[str, list[dict]], head: str = EXPORT_HEAD) -> str:
    """The YAML of a responses file; an unlabelled `verdict:` is written empty, for the teacher to fill in."""
    import re

    import yaml

    class Dumper(yaml.SafeDumper):
        """A multi-line answer (code, a paragraph) as a `|` block, as a teacher would write it."""

    def text(dumper, value: str):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    body = yaml.dump(responses, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    body = re.sub(r"^(\s*(?:- )?)verdict: null$", r"\1verdict:", body, flags=re.M)
    return head + ("\n" if head else "") + (body if responses else "{}\n")
