"""Moodle GIFT: one `::title::text{answers}` block per card, `$CATEGORY:` per bank/topic.

The question text is written as HTML on one line: GIFT trims every line and ends a question at a
blank line, which would lose the indentation (and the blank lines) of a code block.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..banks import Bank
from . import (
    Card,
    activation_names,
    cards,
    choice_fractions,
    grader_info,
    is_number_ask,
    markdown_html,
    shape_notations,
)

_SPECIAL = re.compile(r"([~=#{}:\\])")


def escape(text: str) -> str:
    """Escape GIFT's special characters ~ = # { } : (and the backslash itself)."""
    return _SPECIAL.sub(r"\\\1", text)


def flatten(fragment: str) -> str:
    """HTML without newlines: <br> inside <pre>, a space elsewhere."""
    out = []
    for part in re.split(r"(<pre>.*?</pre>)", fragment, flags=re.S):
        out.append(part.replace("\n", "<br>") if part.startswith("<pre>") else part.replace("\n", " "))
    return "".join(out)


def category_path(bank: Bank, topic: str) -> str:
    """A Moodle category path; a '/' inside a name is written '//'."""
    names = [bank.title, *([topic] if topic else [])]
    return "$course$/" + "/".join(n.replace("/", "//") for n in names)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def answer_block(card: Card) -> str:
    """The `{…}` part of a GIFT question."""
    q = card.question
    feedback = grader_info(card)
    general = f"####{escape(flatten(feedback))}" if feedback else ""
    if q.type == "numeric":
        tol = q.tolerance or abs(q.answer) * q.rel_tolerance
        return f"{{#{_number(q.answer)}:{_number(tol)}{general}}}"
    if q.type == "shape":
        return "{" + " ".join("=" + escape(s) for s in shape_notations(q.answer)) + general + "}"
    if q.type == "choice":
        fr = choice_fractions(card)
        if all(f in ("100", "0") for _, f in fr):
            body = " ".join(("=" if f == "100" else "~") + escape(o) for o, f in fr)
        else:
            body = " ".join(f"~%{f}%{escape(o)}" for o, f in fr)
        return "{" + body + general + "}"
    if q.type == "truefalse":
        return "{" + ("TRUE" if q.correct else "FALSE") + general + "}"
    if q.type == "keras":
        value = card.truth()
        if is_number_ask(card):
            return f"{{#{_number(value)}:0{general}}}"
        if isinstance(value, (list, tuple)):
            return "{" + " ".join("=" + escape(s) for s in shape_notations(value)) + general + "}"
        return "{" + " ".join("=" + escape(s) for s in activation_names(str(value))) + general + "}"
    return "{" + general + "}"  # open and code: an essay, the model answer as general feedback


def question_text(card: Card) -> str:
    return "[html]" + escape(flatten(markdown_html(card.stem())))


def gift_text(bank: Bank) -> str:
    lines = [f"// dlquiz export of bank '{bank.name}': {bank.title}", "// Import in Moodle: Question bank → Import → GIFT format", ""]
    category = None
    for card in cards(bank):
        path = category_path(bank, card.topic)
        if path != category:
            lines += [f"$CATEGORY: {path}", ""]
            category = path
        lines += [f"::{escape(card.name)}::{question_text(card)}{answer_block(card)}", ""]
    return "\n".join(lines)


def write_gift(bank: Bank, path: Path) -> int:
    path.write_text(gift_text(bank), encoding="utf-8")
    return len(cards(bank))
