"""A practice session, independent of the terminal: which questions, grading, recording, summary."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from dlquiz.bank.library import Bank
from dlquiz.errors import DlquizError
from dlquiz.grading.result import Result, Verdict
from dlquiz.i18n import tr
from dlquiz.sessions.store import AnswerRecord, Store, now

MAX_ANSWER_CHARS = 1_000_000


@dataclass
class Item:
    """One question as it is asked: the bank, the question and the drawn variant."""

    bank: Bank
    question: Any
    variant: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.bank.name}/{self.question.id}"


@dataclass
class Graded:
    item: Item
    answer: str
    result: Result
    seconds: float
    record_id: int | None = None
    overruled: bool = False


def match_topic(bank: Bank, topic: str) -> set[str]:
    """Topic ids of `bank` that `topic` names, by id or by (part of) the title."""
    t = topic.lower().strip()
    hits = {tid for tid, title in bank.topics.items() if t == tid.lower() or t in title.lower() or t in tid.lower()}
    hits |= {q.topic for q in bank.questions if q.topic and t in q.topic.lower()}
    return hits


def plan(banks: list[Bank], topic: str | None = None, n: int | None = None, seed: int | None = None) -> list[Item]:
    """The questions of a session: filtered by topic, shuffled (reproducibly with a seed), at most n."""
    rng = random.Random(seed)
    items: list[Item] = []
    for bank in banks:
        topics = match_topic(bank, topic) if topic else None
        if topic and not topics:
            known = ", ".join(bank.topics) or "—"
            raise DlquizError(tr(f"geen onderwerp '{topic}' in {bank.name}; onderwerpen: {known}",
                                 f"no topic '{topic}' in {bank.name}; topics: {known}"))
        for q in bank.questions:
            if topics is None or q.topic in topics:
                items.append(Item(bank, q, {}))
    rng.shuffle(items)
    if n is not None:
        items = items[: max(0, n)]
    for item in items:
        item.variant = item.question.draw(rng)
    return items


@dataclass
class Session:
    """Asks items in order, grades and records each answer the moment it is given."""

    store: Store | None
    items: list[Item]
    kind: str = "practice"
    meta: dict = field(default_factory=dict)
    graded: list[Graded] = field(default_factory=list)
    skipped: list[Item] = field(default_factory=list)
    ungraded: list[Graded] = field(default_factory=list)  # kept as given, not graded (stopped while grading)
    session_id: int | None = None
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        if self.store is not None:
            banks = sorted({i.bank.name for i in self.items})
            self.session_id = self.store.start_session(self.kind, banks, self.meta)

    def grade(self, item: Item, answer: str, seconds: float) -> Graded:
        """Grade and commit one answer. An over-long answer is graded on its first million characters.
        An answer that cannot be read as the question's type (`result.unreadable`) is returned, not kept."""
        answer = answer[:MAX_ANSWER_CHARS]
        try:
            result = item.question.grade(answer, item.variant)
        except KeyboardInterrupt:
            self._keep_ungraded(item, answer, seconds)  # Ctrl-C while Keras builds a code answer
            raise
        graded = Graded(item, answer, result, seconds)
        if result.unreadable:
            return graded  # not an answer yet: asked again, neither scored nor recorded
        if self.store is not None:
            graded.record_id = self.store.record(AnswerRecord(
                self.session_id, item.bank.name, item.question.id, answer, result.score, result.verdict.value,
                False, round(seconds, 2), item.variant, now(),
            ))
        self.graded.append(graded)
        return graded

    def _keep_ungraded(self, item: Item, answer: str, seconds: float) -> None:
        """The answer as given, without score or verdict: in the history (`dlquiz responses` finds it), never in
        mastery, reviews or the session's score."""
        graded = Graded(item, answer, Result(0.0, Verdict.INCORRECT, ""), seconds)
        if self.store is not None:
            graded.record_id = self.store.record(AnswerRecord(
                self.session_id, item.bank.name, item.question.id, answer, None, None,
                False, round(seconds, 2), item.variant, now(),
            ))
        self.ungraded.append(graded)

    def skip(self, item: Item) -> None:
        self.skipped.append(item)

    def overrule(self, graded: Graded, correct: bool) -> None:
        """The student overrules a verdict; recorded as such in the history."""
        verdict = Verdict.CORRECT if correct else Verdict.INCORRECT
        graded.result.verdict = verdict
        graded.result.score = 1.0 if correct else 0.0
        graded.overruled = True
        if self.store is not None and graded.record_id is not None:
            self.store.overrule(graded.record_id, graded.result.score, verdict.value)

    def finish(self) -> None:
        if self.store is not None and self.session_id is not None:
            if self.graded or self.ungraded:
                self.store.finish_session(self.session_id)
            else:
                self.store.drop_empty_session(self.session_id)  # nothing answered: no trace in the history

    @property
    def score(self) -> float:
        return sum(g.result.marks for g in self.graded)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started
