"""A timed mock exam, independent of the terminal: the plan, the clock, answers kept in the store, resume.

Every answer is graded and committed the moment it is given (the verdict is only shown in the report).
The plan and the seconds left live in the session's `meta`, so an interrupted exam can be resumed.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, field

from dlquiz.bank.library import Bank
from dlquiz.errors import DlquizError, StoreError
from dlquiz.grading.result import Result
from dlquiz.i18n import tr
from dlquiz.sessions.practice import MAX_ANSWER_CHARS, Graded, Item
from dlquiz.sessions.store import AnswerRecord, Store, now

DEFAULT_N = 10
DEFAULT_MINUTES = 20.0
SAVE_EVERY = 5.0


def _read_draft(saved, n: int) -> tuple[int, str] | None:
    """The draft kept in an exam's meta, if it is one (a hand-edited row may hold anything)."""
    if isinstance(saved, dict) and isinstance(saved.get("index"), int) and isinstance(saved.get("text"), str):
        if 0 <= saved["index"] < n and saved["text"].strip():
            return saved["index"], saved["text"]
    return None


def plan_exam(banks: list[Bank], n: int = DEFAULT_N, seed: int | None = None) -> list[Item]:
    """N questions spread over the banks' topics: one from each topic in turn (shuffled), reproducible with a seed."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str], list] = {}
    for bank in banks:
        for q in bank.questions:
            groups.setdefault((bank.name, q.topic or "-"), []).append((bank, q))
    keys = sorted(groups)
    rng.shuffle(keys)
    for key in keys:
        rng.shuffle(groups[key])
    picked: list[tuple[Bank, object]] = []
    while len(picked) < n and any(groups[k] for k in keys):
        for key in keys:
            if groups[key] and len(picked) < n:
                picked.append(groups[key].pop())
    rng.shuffle(picked)
    return [Item(bank, q, q.draw(rng)) for bank, q in picked]


@dataclass
class Slot:
    """One question of the exam and what the student did with it."""

    item: Item
    answer: str | None = None
    result: Result | None = None
    record_id: int | None = None
    seconds: float = 0.0
    flagged: bool = False

    @property
    def answered(self) -> bool:
        return self.answer is not None and bool(self.answer.strip())


@dataclass
class Exam:
    """The slots, the clock and the store. Thread-safe where a countdown thread saves the clock."""

    store: Store | None
    slots: list[Slot]
    minutes: float
    seconds_left: float
    session_id: int | None = None
    seed: int | None = None
    resumed: bool = False
    # What is typed but not yet sent in the question on screen, as (index, text): kept with the clock, put
    # back in the input field by --resume
    draft: tuple[int, str] | None = None
    _deadline: float = 0.0
    _last_save: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self._deadline = time.monotonic() + self.seconds_left
        self._last_save = time.monotonic()

    # --- starting and resuming ---------------------------------------------------------------

    @classmethod
    def new(cls, store: Store | None, banks: list[Bank], n: int = DEFAULT_N, minutes: float = DEFAULT_MINUTES,
            seed: int | None = None) -> "Exam":
        items = plan_exam(banks, n, seed)
        if not items:
            raise DlquizError(tr("geen vragen voor een examen", "no questions for an exam"))
        exam = cls(store, [Slot(i) for i in items], minutes, minutes * 60, seed=seed)
        if store is not None:
            exam.session_id = store.start_session("exam", sorted({b.name for b in banks}), exam.meta())
        return exam

    @classmethod
    def resume(cls, store: Store, library, session_id: int | None = None) -> "Exam":
        """The newest unfinished exam (or `session_id`), with the time that was left and the answers given."""
        sid = session_id or store.latest_unfinished("exam")
        info = store.session(sid) if sid else None
        if not info or info["kind"] != "exam" or "plan" not in info["meta"]:
            raise DlquizError(tr("geen onderbroken examen om te hervatten", "no interrupted exam to resume"))
        if info["finished"]:
            raise DlquizError(tr(f"examen {sid} is al ingeleverd", f"exam {sid} was already handed in"))
        meta = info["meta"]
        slots = []
        try:
            minutes, seconds_left = float(meta.get("minutes", DEFAULT_MINUTES)), float(meta.get("seconds_left", 0))
            if not (math.isfinite(minutes) and math.isfinite(seconds_left) and meta["plan"]):
                raise ValueError("clock or plan")
            for entry in meta["plan"]:
                bank = _find_bank(library, entry["bank"], (meta.get("bank_paths") or {}).get(entry["bank"]))
                variant = entry.get("variant") or {}
                if not isinstance(variant, dict):
                    raise TypeError("variant")
                slots.append(Slot(Item(bank, bank.question(entry["id"]), variant), flagged=bool(entry.get("flagged", False))))
        except (KeyError, TypeError, ValueError, AttributeError):
            # A hand-edited or damaged row: say so, never a traceback; the row stays in the history.
            raise DlquizError(tr(f"examen {sid} kan niet hervat worden: wat ervan bewaard is, is beschadigd "
                                 "(het blijft in de geschiedenis)",
                                 f"exam {sid} cannot be resumed: what was saved of it is damaged "
                                 "(it stays in the history)")) from None
        by_key = {(s.item.bank.name, s.item.question.id): s for s in slots}
        for rec in store.session_answers(sid):
            slot = by_key.get((rec["bank"], rec["id"]))
            if slot is not None:
                slot.answer, slot.record_id, slot.seconds = rec["answer"], rec["record_id"], rec["seconds"] or 0.0
        exam = cls(store, slots, minutes, seconds_left,
                   session_id=sid, seed=meta.get("seed"), resumed=True, draft=_read_draft(meta.get("draft"), len(slots)))
        # Regrade what was given: the report needs the feedback, which the store does not keep.
        for slot in slots:
            if slot.answer is not None:
                slot.result = slot.item.question.grade(slot.answer, slot.item.variant)
        return exam

    def meta(self) -> dict:
        return {
            "plan": [{"bank": s.item.bank.name, "id": s.item.question.id, "variant": s.item.variant, "flagged": s.flagged}
                     for s in self.slots],
            "bank_paths": {s.item.bank.name: str(s.item.bank.path) for s in self.slots},
            "minutes": self.minutes,
            "seconds_left": round(self.remaining(), 1),
            "deadline": _wall_deadline(self.remaining()),
            "seed": self.seed,
            "saved": now(),
            **({"draft": {"index": self.draft[0], "text": self.draft[1][:MAX_ANSWER_CHARS]}}
               if self.draft and self.draft[1].strip() else {}),
        }

    # --- the clock -------------------------------------------------------------------------

    def remaining(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def save_clock(self) -> None:
        """Store the seconds left (on each answer and every few seconds), so a kill loses little time."""
        if self.store is None or self.session_id is None:
            return
        with self._lock:
            self.store.update_meta(self.session_id, self.meta())
            self._last_save = time.monotonic()

    def tick(self) -> None:
        """Called about every second by a countdown: saves the clock when it is due."""
        if time.monotonic() - self._last_save >= SAVE_EVERY:
            try:
                self.save_clock()
            except StoreError:
                pass  # a full disk or a lock: the countdown goes on, and the next answer saved says so

    # --- answering ---------------------------------------------------------------------------

    def answer(self, index: int, text: str, seconds: float = 0.0) -> Slot:
        """Grade (without showing it) and commit one answer; a changed answer updates its record."""
        slot = self.slots[index]
        text = text[:MAX_ANSWER_CHARS]
        result = slot.item.question.grade(text, slot.item.variant)
        slot.answer, slot.result = text, result
        slot.seconds = round(slot.seconds + seconds, 2)
        if self.store is not None:
            with self._lock:
                if slot.record_id is None:
                    slot.record_id = self.store.record(AnswerRecord(
                        self.session_id, slot.item.bank.name, slot.item.question.id, text, result.score,
                        result.verdict.value, False, slot.seconds, slot.item.variant, now()))
                else:
                    self.store.update_answer(slot.record_id, text, result.score, result.verdict.value, slot.seconds)
        self.save_clock()
        return slot

    def toggle_flag(self, index: int) -> bool:
        slot = self.slots[index]
        slot.flagged = not slot.flagged
        self.save_clock()
        return slot.flagged

    def status(self, index: int) -> str:
        slot = self.slots[index]
        if slot.flagged:
            return "flagged"
        return "answered" if slot.answered else "open"

    def next_open(self, after: int) -> int | None:
        """The next unanswered question after `after` (wrapping round), or None when all are answered."""
        n = len(self.slots)
        for step in range(1, n + 1):
            k = (after + step) % n
            if not self.slots[k].answered:
                return k
        return None

    def hand_in(self) -> None:
        """Close the exam: unanswered questions are recorded as empty (score 0), the session is finished."""
        for k, slot in enumerate(self.slots):
            if slot.record_id is None:
                self.answer(k, slot.answer or "")
        if self.store is not None and self.session_id is not None:
            self.save_clock()
            self.store.finish_session(self.session_id)

    # --- the outcome ---------------------------------------------------------------------------

    @property
    def score(self) -> float:
        return sum(s.result.marks for s in self.slots if s.result is not None)

    def graded(self) -> list[Graded]:
        return [Graded(s.item, s.answer or "", s.result or s.item.question.grade("", s.item.variant), s.seconds)
                for s in self.slots]

    def by_topic(self) -> list[tuple[str, float, int]]:
        """(topic title, score, count) per topic, in the order the topics first appear."""
        totals: dict[str, list[float]] = {}
        for s in self.slots:
            title = s.item.bank.topic_title(s.item.question.topic)
            totals.setdefault(title, []).append(s.result.marks if s.result else 0.0)
        return [(t, sum(v), len(v)) for t, v in totals.items()]


def _find_bank(library, name: str, path: str | None) -> Bank:
    """The bank by name, or from the file it was loaded from (a bank given with --bank-dir at the start)."""
    from pathlib import Path

    from dlquiz.bank.validate import load_bank
    from dlquiz.errors import UnknownBank

    try:
        return library.bank(name)
    except UnknownBank:
        if path and Path(path).is_file():
            return load_bank(Path(path), name)
        raise


def _wall_deadline(seconds_left: float) -> str:
    from datetime import datetime, timedelta

    return (datetime.now().astimezone() + timedelta(seconds=seconds_left)).isoformat(timespec="seconds")
