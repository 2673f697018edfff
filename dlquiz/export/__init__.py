"""Hand a bank to Moodle (GIFT, Moodle XML), Anki (.apkg) or paper (Markdown).

Every exporter works on the same `Card`s: one per question, and one per variant of a keras
question, each with its computed answer (from the shipped truth cache, so no TensorFlow is needed
for the shipped banks). No Typer here: the command lives in `dlquiz/cli_teacher.py`.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from ..banks import Bank
from ..session import Item

FORMATS = ("gift", "moodle-xml", "anki", "markdown")
SUFFIXES = {"gift": ".gift.txt", "moodle-xml": ".xml", "anki": ".apkg", "markdown": ".md"}


class Card(Item):
    """One exported question: a question of the bank in one variant, with its answer worked out."""

    @property
    def label(self) -> str:
        """The variant in words, e.g. `units=16`; empty for a question without variables."""
        return ", ".join(f"{k}={v}" for k, v in self.variant.items()) if self.question.type == "keras" else ""

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
        """The question text without choice options (Moodle lists those itself), as Markdown."""
        q = self.question
        if q.type == "choice":
            return q.prompt.strip()
        return q.prompt_text(self.variant).strip()

    def truth(self) -> Any:
        """The computed answer of a keras question: a number, a shape tuple or a word."""
        return self.question.truth(self.variant)

    def expected(self) -> str:
        return self.question.expected(self.variant)

    def breakdown(self) -> list[str]:
        """For a parameter count: how Keras counts, layer by layer (from the cached truths)."""
        from ..questions import _PARAM_ASKS

        if self.question.type != "keras" or self.question.ask not in _PARAM_ASKS:
            return []
        from .. import keras_oracle

        return keras_oracle.param_breakdown(self.question.truths(self.variant))

    def explanation(self) -> str:
        """The explanation with this variant's values filled in (`{units}` → 16)."""
        from ..questions import substitute

        return substitute(self.question.explanation or "", self.variant if self.label else {})


def cards(bank: Bank) -> list[Card]:
    """Every question of the bank, a keras question once per variant (the default first)."""
    out: list[Card] = []
    for q in bank.questions:
        if q.type == "keras":
            out.extend(Card(bank, q, v) for v in q.variants())
        else:
            out.append(Card(bank, q, q.default_variant()))
    return out


def is_number_ask(card: Card) -> bool:
    from ..questions import _NUMBER_ASKS

    return card.question.type == "keras" and card.question.ask in _NUMBER_ASKS


def shape_notations(shape: tuple | list) -> list[str]:
    """A few ways a student writes a shape that Moodle should accept verbatim."""
    dims = ["None" if d is None else str(d) for d in shape]
    one = ",)" if len(dims) == 1 else ")"
    forms = [
        "(" + ", ".join(dims) + one,
        "(" + ",".join(dims) + one,
        "[" + ", ".join(dims) + "]",
        ", ".join(dims),
    ]
    if all(d is not None for d in shape):
        forms.append("x".join(dims))
    return list(dict.fromkeys(forms))


def activation_names(word: str) -> list[str]:
    from ..questions import _ACTIVATION_NAMES

    return _ACTIVATION_NAMES.get(word, [word])


# --- Markdown → simple HTML ----------------------------------------------------------------------

_FENCE = re.compile(r"^```")


def _inline(text: str) -> str:
    """Escape HTML, then `code`, **bold**, *em*."""
    parts = re.split(r"(`[^`]+`)", text)
    out = []
    for part in parts:
        if len(part) > 1 and part.startswith("`") and part.endswith("`"):
            out.append(f"<code>{html.escape(part[1:-1], quote=False)}</code>")
            continue
        s = html.escape(part, quote=False)
        s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
        s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", s)
        out.append(s)
    return "".join(out)


def markdown_html(text: str) -> str:
    """A small Markdown subset as HTML: paragraphs, lists, quotes, fenced code as <pre>, inline code/bold/em."""
    blocks: list[str] = []
    para: list[str] = []
    items: list[str] = []
    kind = ""
    lines = text.strip("\n").splitlines()
    i = 0

    def flush() -> None:
        nonlocal para, items
        if para:
            tag = "blockquote" if kind == "quote" else "p"
            inner = "<br>\n".join(_inline(p) for p in para) if tag == "p" and _hard_breaks(para) else " ".join(_inline(p) for p in para)
            blocks.append(f"<{tag}>{inner}</{tag}>")
            para = []
        if items:
            blocks.append("<ul>" + "".join(f"<li>{_inline(it)}</li>" for it in items) + "</ul>")
            items = []

    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line.strip()):
            flush()
            code = []
            i += 1
            while i < len(lines) and not _FENCE.match(lines[i].strip()):
                code.append(lines[i])
                i += 1
            blocks.append("<pre><code>" + html.escape("\n".join(code), quote=False) + "</code></pre>")
            i += 1
            continue
        stripped = line.strip()
        if not stripped:
            flush()
        elif re.match(r"^[-*] ", stripped):
            if para:
                flush()
            items.append(stripped[2:].strip())
            kind = "list"
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + stripped
        elif stripped.startswith(">"):
            if kind != "quote":
                flush()
            kind = "quote"
            para.append(stripped.lstrip(">").strip())
        else:
            if items or kind == "quote":
                flush()
            kind = "para"
            para.append(line.rstrip())
        i += 1
    flush()
    return "\n".join(blocks)


def _hard_breaks(lines: list[str]) -> bool:
    return any(p.endswith("  ") for p in lines)


def export(bank: Bank, fmt: str, path: Path) -> int:
    """Write `bank` to `path` in format `fmt`; returns the number of exported questions (cards)."""
    if fmt == "gift":
        from .gift import write_gift as writer
    elif fmt == "moodle-xml":
        from .moodle_xml import write_moodle_xml as writer
    elif fmt == "anki":
        from .anki import write_apkg as writer
    elif fmt == "markdown":
        from .markdown import write_markdown as writer
    else:
        raise ValueError(fmt)
    return writer(bank, path)


# Moodle accepts only these grade fractions (percent) for an answer.
MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5, 0)


def moodle_fraction(percent: float) -> str:
    """The allowed Moodle fraction nearest to `percent` (sign kept), written as Moodle writes it."""
    best = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(percent)))
    value = -best if percent < 0 else best
    return f"{value:g}" if float(value).is_integer() else f"{value:.5f}".rstrip("0")


def choice_fractions(card: Card) -> list[tuple[str, str]]:
    """(option, fraction) for a choice question: one right → 100/0; several → shares of 100, wrong ones negative."""
    q = card.question
    right = [o for o in q.options if o in q.correct]
    wrong = [o for o in q.options if o not in q.correct]
    if len(right) == 1:
        return [(o, "100" if o in q.correct else "0") for o in q.options]
    plus = moodle_fraction(100 / len(right))
    minus = moodle_fraction(-100 / len(wrong)) if wrong else "0"
    return [(o, plus if o in q.correct else minus) for o in q.options]


def grader_info(card: Card) -> str:
    """What a Moodle grader (or a student after the attempt) reads: the model answer and the explanation, as HTML."""
    q = card.question
    parts = []
    if q.type == "code":
        parts.append("<pre><code>" + html.escape(q.reference.strip(), quote=False) + "</code></pre>")
    elif q.type in ("open", "truefalse"):
        parts.append(markdown_html(q.answer))
    if q.type == "open":
        labels = [c.label + (" (vereist)" if c.required else "") for c in q.rubric.concepts]
        parts.append("<p><strong>Rubric:</strong></p><ul>" + "".join(f"<li>{html.escape(x, quote=False)}</li>" for x in labels) + "</ul>")
    if card.breakdown():
        parts.append("<p>" + "<br>".join(html.escape(line, quote=False) for line in card.breakdown()) + "</p>")
    if q.explanation:
        parts.append(markdown_html(card.explanation()))
    return "\n".join(parts)
