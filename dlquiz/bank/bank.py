"""A loaded bank: its name, file, title, topics and questions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from dlquiz.bank.yamlio import locate
from dlquiz.errors import UnknownQuestion


@dataclass
class Bank:
    name: str
    path: Path
    title: str
    topics: dict[str, str]
    questions: list = field(default_factory=list)
    language: str = "nl"
    text: str = ""
    left_out: list = field(default_factory=list)   # BankErrors of the questions left out as unsound
    skipped: int = 0                               # how many questions were left out

    def question(self, qid: str):
        for q in self.questions:
            if q.id == qid:
                return q
        ids = [q.id for q in self.questions]
        near = difflib.get_close_matches(qid, ids, n=3, cutoff=0.5)
        near = near or [i for i in ids if qid.lower() in i][:3]
        raise UnknownQuestion(unknown("vraag" if _nl() else "question", qid, near, ids))

    def topic_title(self, topic: str | None) -> str:
        return self.topics.get(topic or "", topic or "—")

    def position(self, loc: tuple) -> tuple[int | None, int | None]:
        """Line and column of the node at `loc` in the bank's file."""
        if not self.text:
            # A bank served from the cache was never read as text; read it only when a line is wanted.
            try:
                self.text = self.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None, None
        return locate(self.text, loc)

    def left_out_notice(self) -> str | None:
        """One line for a student: questions of this bank were left out, and where a teacher sees why."""
        if not self.skipped:
            return None
        from dlquiz.i18n import count, tr

        return tr(f"waarschuwing: {self.path}: {count(self.skipped, 'vraag', 'vragen', '', '')} met fouten weggelaten; "
                  f"details: dlquiz check {self.path}",
                  f"warning: {self.path}: {count(self.skipped, '', '', 'question', 'questions')} with errors left out; "
                  f"details: dlquiz check {self.path}")

    def summary(self) -> dict:
        """What `dlquiz list` shows of a bank, as plain JSON-able data."""
        return {
            "title": self.title,
            "topics": dict(self.topics),
            "questions": [{"id": q.id, "type": q.type, "topic": q.topic, "source": q.source, "tags": list(q.tags)}
                          for q in self.questions],
        }


def _nl() -> bool:
    from dlquiz.i18n import lang

    return lang() == "nl"


def unknown(kind: str, query: str, near: list[str], known: list[str]) -> str:
    from dlquiz.i18n import tr

    msg = tr(f"onbekende {kind} '{query}'", f"unknown {kind} '{query}'")
    if near:
        return msg + tr(". Bedoel je: ", ". Did you mean: ") + ", ".join(near) + "?"
    if known:
        shown = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
        return msg + tr(". Beschikbaar: ", ". Available: ") + shown
    return msg


