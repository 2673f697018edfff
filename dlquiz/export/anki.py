"""Anki `.apkg` (genanki): one note per card, with GUIDs stable from bank, id and variant.

Re-importing an export after the bank changed updates the notes instead of adding duplicates:
the note GUID, the note and card ids, the deck id and the model id depend only on names, never on time
or order (genanki would number notes and cards from the clock).
"""

from __future__ import annotations

import functools
import hashlib
import html
from pathlib import Path

from dlquiz.bank.library import Bank
from dlquiz.export.cards import Card, cards, markdown_html

MODEL_NAME = "dlquiz vraag"


def _stable_id(name: str) -> int:
    """A positive id that depends only on `name` (Anki wants one that fits 31 bits)."""
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:4], "big") % (1 << 30) + (1 << 30)


# Fixed forever: Anki keys the note type on it. It was genanki's README example (1607392319), which every
# deck that copied it shares: in a student's collection those note types collided with ours.
MODEL_ID = _stable_id("dlquiz-note-type:dlquiz vraag")

_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: #222; background: #fff; }
pre { background: #f4f4f4; padding: 8px; text-align: left; }
.meta { color: #888; font-size: 13px; }"""


def deck_id(bank: Bank) -> int:
    """A deck id that depends only on the bank's name (Anki wants a positive 31-bit-ish integer)."""
    return _stable_id(f"dlquiz-deck:{bank.name}")


# Anki's own note and card ids are the time they were made, in ms since 1970, and it shows them as the
# date "Added"; ours are a hash of the GUID placed in the ~4.4 years after 2020-01-01, so they read as a
# date too, not as 1970, and are the same in every export.
_ID_EPOCH_MS = 1_577_836_800_000
_ID_SPAN_MS = 1 << 37


def _stable_ms_id(name: str) -> int:
    digest = hashlib.sha256(name.encode()).digest()
    return _ID_EPOCH_MS + int.from_bytes(digest[:8], "big") % _ID_SPAN_MS


class StableIds:
    """Ids that depend only on their names, distinct within one package: a clash (about 1 in 10^6 for 500
    cards) takes the next free millisecond, so that id too stays the same for as long as the bank does."""

    def __init__(self) -> None:
        self.taken: set[int] = set()

    def take(self, name: str) -> int:
        value = _stable_ms_id(name)
        while value in self.taken:
            value += 1
        self.taken.add(value)
        return value


@functools.cache
def _note_class():
    import genanki

    class StableNote(genanki.Note):
        """A note written with ids of its own (`ids`: the note's, then one per card) instead of the clock's."""

        ids: list[int] = []

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):
            # genanki takes the note's id, then each card's, from `id_gen` (a counter started at the clock)
            super().write_to_db(cursor, timestamp, deck_id, iter(self.ids))

    return StableNote


def note_guid(card: Card) -> str:
    import genanki

    variant = ",".join(f"{k}={v}" for k, v in sorted(card.variant.items())) if card.label else ""
    return genanki.guid_for(card.bank.name, card.question.id, variant)


def _model():
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": "Vraag"}, {"name": "Antwoord"}, {"name": "Uitleg"}, {"name": "Id"}, {"name": "Onderwerp"}],
        templates=[{
            "name": "Vraag → antwoord",
            "qfmt": "{{Vraag}}<div class=meta>{{Onderwerp}} · {{Id}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer>{{Antwoord}}{{#Uitleg}}<hr>{{Uitleg}}{{/Uitleg}}",
        }],
        css=_CSS,
    )


def _answer_html(card: Card) -> str:
    worked = card.question.model_answer(card.variant)
    if worked:
        return markdown_html(worked)
    expected = card.expected()
    lines = "".join(f"<br>{html.escape(line, quote=False)}" for line in card.breakdown())
    return markdown_html(f"**{expected}**") + (f"<p class=meta>{lines[4:]}</p>" if lines else "")


def write_apkg(bank: Bank, path: Path) -> int:
    import genanki

    model = _model()
    deck = genanki.Deck(deck_id(bank), f"dlquiz::{bank.title}")
    all_cards = cards(bank)
    note_ids, card_ids = StableIds(), StableIds()
    for card in all_cards:
        fields = [
            markdown_html(card.question.prompt_text(card.variant)),
            _answer_html(card),
            markdown_html(card.explanation()),
            card.name,
            card.topic,
        ]
        tags = [t.replace(" ", "_") for t in [bank.name, *(card.question.tags or [])]]
        guid = note_guid(card)
        note = _note_class()(model=model, fields=fields, guid=guid, tags=tags)
        note.ids = [note_ids.take(f"dlquiz-note:{guid}"), *(card_ids.take(f"dlquiz-card:{guid}:{c.ord}") for c in note.cards)]
        deck.add_note(note)
    genanki.Package(deck).write_to_file(str(path))
    return len(all_cards)
