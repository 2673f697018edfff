"""Spaced review with FSRS: one card per question, fed by every graded answer (practice, exam, review).

Cards are stored in the history store and brought up to date from the answers table, so a wrong
answer in practice this morning makes its question due this afternoon without practice knowing of FSRS.
Rating: incorrect → Again, partial → Hard, correct → Good (an overruled verdict counts as overruled).
"""

from __future__ import annotations

import random
import zlib
from datetime import datetime, timedelta, timezone

from dlquiz.bank.library import Bank
from dlquiz.sessions.practice import Item
from dlquiz.sessions.store import Store

NEW_PER_REVIEW = 5
# A card due within this window counts as due now (as Anki's learn-ahead), so a question answered wrongly
# a minute ago is asked again in this review rather than in one minute.
LEARN_AHEAD = timedelta(minutes=20)


def scheduler():
    from fsrs import Scheduler

    # One short learning step: Again comes back in a minute, Good on a new card graduates to a
    # review a day or more ahead, so a question answered right is never due again the same day.
    return Scheduler(learning_steps=(timedelta(minutes=1),), relearning_steps=(timedelta(minutes=10),),
                     enable_fuzzing=False)


def rating_for(verdict: str):
    from fsrs import Rating

    return {"correct": Rating.Good, "partial": Rating.Hard}.get(verdict, Rating.Again)


def _utc(stamp: str) -> datetime:
    dt = datetime.fromisoformat(stamp)
    if dt.tzinfo is None:
        dt = dt.astimezone()
    return dt.astimezone(timezone.utc)


def sync_cards(store: Store, banks: list[Bank]) -> dict[tuple[str, str], object]:
    """Fold every answer not yet seen into its question's card; returns (bank, qid) -> Card for answered questions."""
    from fsrs import Card

    sched = scheduler()
    stored = store.cards()
    cards: dict[tuple[str, str], object] = {}
    for bank in banks:
        for q in bank.questions:
            key = (bank.name, q.id)
            card_json, last_id = stored.get(key, (None, 0))
            try:
                card = Card.from_json(card_json) if card_json else None
            except (KeyError, TypeError, ValueError, AttributeError):
                card, last_id = None, 0  # a damaged card is rebuilt from the answers (it is derived from them)
            new_answers = store.answers_since(bank.name, q.id, last_id)
            for answer_id, answered_at, _score, verdict in new_answers:
                if card is None:
                    card = Card(card_id=zlib.crc32(f"{bank.name}/{q.id}".encode()) + 1)
                when = _utc(answered_at)
                if card.last_review and when < card.last_review:
                    when = card.last_review
                card, _log = sched.review_card(card, rating_for(verdict), review_datetime=when)
                last_id = answer_id
            if card is not None:
                if new_answers:
                    store.save_card(bank.name, q.id, card.to_json(), card.due.isoformat(), last_id)
                cards[key] = card
    return cards


def due_items(store: Store, banks: list[Bank], now: datetime | None = None, new_limit: int = NEW_PER_REVIEW,
              seed: int | None = None) -> tuple[list[Item], int, int]:
    """The questions to review now: due cards (most overdue first), then up to `new_limit` never-seen ones."""
    now = now or datetime.now(timezone.utc)
    cards = sync_cards(store, banks)
    rng = random.Random(seed)
    due: list[tuple[datetime, Item]] = []
    fresh: list[Item] = []
    for bank in banks:
        for q in bank.questions:
            card = cards.get((bank.name, q.id))
            if card is None:
                fresh.append(Item(bank, q, q.draw(rng)))
            elif card.due <= now + LEARN_AHEAD:
                due.append((card.due, Item(bank, q, q.draw(rng))))
    due.sort(key=lambda pair: pair[0])
    fresh = fresh[:new_limit]
    return [item for _, item in due] + fresh, len(due), len(fresh)


def is_due(store: Store, banks: list[Bank], bank: str, qid: str, now: datetime | None = None) -> bool:
    """True when the question is due for review now (never-seen questions are new, not due)."""
    now = now or datetime.now(timezone.utc)
    card = sync_cards(store, banks).get((bank, qid))
    return card is not None and card.due <= now + LEARN_AHEAD
