"""Progress: mastery per topic and question type, weakest questions, and exam scores over time.

Mastery of a question is its latest score; of a topic or type, the mean over its answered questions.
Computed here; drawn by `dlquiz/terminal/stats_view.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dlquiz.bank.library import Bank
from dlquiz.sessions.store import Store


@dataclass
class Mastery:
    name: str
    scores: list[float] = field(default_factory=list)
    total: int = 0

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0


@dataclass
class Stats:
    topics: list[Mastery]
    types: list[Mastery]
    weakest: list[tuple[str, str, float, str]]  # (bank, question id, latest score, answered at)
    exams: list[tuple[str, float]]  # (started, score) of finished exams, oldest first
    answered: int
    questions: int


def compute(store: Store, banks: list[Bank]) -> Stats:
    latest = {(b, q): (score, at) for b, q, score, _verdict, at in store.latest_answers()}
    topics: dict[str, Mastery] = {}
    types: dict[str, Mastery] = {}
    weakest = []
    total = 0
    for bank in banks:
        for q in bank.questions:
            total += 1
            title = bank.topic_title(q.topic) if len(banks) == 1 else f"{bank.name}: {bank.topic_title(q.topic)}"
            topic = topics.setdefault(title, Mastery(title))
            kind = types.setdefault(q.type, Mastery(q.type))
            topic.total += 1
            kind.total += 1
            hit = latest.get((bank.name, q.id))
            if hit is None:
                continue
            topic.scores.append(hit[0])
            kind.scores.append(hit[0])
            weakest.append((bank.name, q.id, hit[0], hit[1]))
    weakest.sort(key=lambda w: (w[2], w[3]))
    names = {b.name for b in banks}
    exams = [(s["started"], s["score"]) for s in reversed(store.sessions())
             if s["kind"] == "exam" and s["finished"] and s["score"] is not None and set(s["banks"]) & names]
    return Stats(sorted(topics.values(), key=lambda m: (m.mean if m.scores else 2, m.name)),
                 sorted(types.values(), key=lambda m: (m.mean if m.scores else 2, m.name)),
                 weakest, exams, len(weakest), total)
