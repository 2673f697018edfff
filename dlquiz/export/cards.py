"""What every exporter works on: `Card`s, Markdown as HTML, Moodle's grade fractions.

Every exporter works on the same `Card`s: one per question, and one per variant of a keras
question, each with its computed answer (from the shipped truth cache, so no TensorFlow is needed
for the shipped banks). No Typer here: the command lives in `dlquiz/terminal/teacher_commands.py`.
"""

from __future__ import annotations

import functools
import html
import json

from dlquiz.bank.library import Bank
from dlquiz.sessions.practice import Item


class Card(Item):
    """One exported question: a question of the bank in one variant, with its answer worked out."""

    @property
    def label(self) -> str:
        """The variant in words, e.g. `units=16`; empty where the variant does not change the answer."""
        return self.question.variant_label(self.variant)

    @property
    def name(self) -> str:
        return f"{self.question.id} ({self.label})" if self.label else self.question.id

    @property
    def key(self) -> str:
        """Stable identity of this card: bank, id and variant."""
        return self.question.id + (f"@{json.dumps(self.variant, sort_keys=True)}" if self.label else "")

    @property
    def topic(self) -> str:
        return self.bank.topic_title(self.question.topic) if self.question.topic else ""

    def stem(self) -> str:
        """The question text without what the exported form shows itself (choice options), as Markdown."""
        return self.question.stem(self.variant).strip()

    def form(self):
        """How this card is asked where it lands (`dlquiz/export/forms.py`)."""
        return self.question.export_form(self.variant)

    def expected(self) -> str:
        return self.question.expected(self.variant)

    def breakdown(self) -> list[str]:
        """How the answer comes about (for a parameter count: how Keras counts, layer by layer)."""
        return self.question.breakdown(self.variant)

    def explanation(self) -> str:
        """The explanation with this variant's values filled in (`{units}` → 16)."""
        return self.question.explanation_text(self.variant if self.label else {})


def cards(bank: Bank) -> list[Card]:
    """Every question of the bank, once per variant with an answer of its own (the default first)."""
    return [Card(bank, q, v) for q in bank.questions for v in q.variants()]


def fallback_types(bank: Bank) -> list[str]:
    """Question types of the bank that name no export form of their own (exported as essays)."""
    return sorted({c.question.type for c in cards(bank) if getattr(c.form(), "fallback", False)})


# --- Markdown → HTML ------------------------------------------------------------------------------


@functools.cache
def _markdown():
    """CommonMark with GFM tables; HTML written in a bank is shown as text, never passed on as HTML."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")


def markdown_html(text: str) -> str:
    """The bank's Markdown as HTML (markdown-it-py): tables, links, lists, code spans and fenced code too."""
    return _markdown().render(text.strip("\n")).rstrip("\n")


# Moodle accepts only these grade fractions (percent) for an answer.
MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5, 0)


def moodle_fraction(percent: float) -> str:
    """The allowed Moodle fraction nearest to `percent` (sign kept), written as Moodle writes it."""
    best = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(percent)))
    value = -best if percent < 0 else best
    return f"{value:g}" if float(value).is_integer() else f"{value:.5f}".rstrip("0")


def choice_fractions(q) -> list[tuple[str, str]]:
    """(option, fraction) for a `MultiChoice` form: one right → 100/0; several → shares of 100, wrong ones negative."""
    right = [o for o in q.options if o in q.correct]
    wrong = [o for o in q.options if o not in q.correct]
    if len(right) == 1:
        return [(o, "100" if o in q.correct else "0") for o in q.options]
    plus = moodle_fraction(100 / len(right))
    minus = moodle_fraction(-100 / len(wrong)) if wrong else "0"
    return [(o, plus if o in q.correct else minus) for o in q.options]


def grader_info(card: Card, for_marker: bool = True) -> str:
    """The model answer, how it comes about and the explanation, as HTML; `for_marker` adds the rubric's
    checklist, which only a teacher should read (Moodle's graderinfo), not a student's feedback."""
    q = card.question
    parts = []
    worked = q.model_answer(card.variant)
    if worked:
        parts.append(markdown_html(worked))
    labels = q.checklist() if for_marker else []
    if labels:
        parts.append("<p><strong>Rubric:</strong></p><ul>" + "".join(f"<li>{html.escape(x, quote=False)}</li>" for x in labels) + "</ul>")
    if card.breakdown():
        parts.append("<p>" + "<br>".join(html.escape(line, quote=False) for line in card.breakdown()) + "</p>")
    if q.explanation:
        parts.append(markdown_html(card.explanation()))
    return "\n".join(parts)
