"""Moodle GIFT: one `::title::text{answers}` block per card, `$CATEGORY:` per bank/topic.

The question text is written as HTML on one line: GIFT trims every line and ends a question at a
blank line, which would lose the indentation (and the blank lines) of a code block.
"""

from __future__ import annotations

import re
from pathlib import Path

from dlquiz.bank.library import Bank
from dlquiz.export.cards import Card, cards, choice_fractions, grader_info, markdown_html
from dlquiz.export.forms import MultiChoice, Numerical, ShortAnswer, TrueFalse

_SPECIAL = re.compile(r"([~=#{}:\\])")


def escape(text: str) -> str:
    """Escape GIFT's special characters ~ = # { } : (and the backslash itself)."""
    return _SPECIAL.sub(r"\\\1", text)


def flatten(fragment: str) -> str:
    """HTML without newlines: <br> inside <pre> (but for the one that ends the code), a space elsewhere."""
    out = []
    for part in re.split(r"(<pre>.*?</pre>)", fragment, flags=re.S):
        if part.startswith("<pre>"):
            out.append(part.replace("\n</code></pre>", "</code></pre>").replace("\n", "<br>"))
        else:
            out.append(part.replace("\n", " "))
    return "".join(out)


def category_path(bank: Bank, topic: str) -> str:
    """A Moodle category path; a '/' inside a name is written '//'."""
    names = [bank.title, *([topic] if topic else [])]
    return "$course$/" + "/".join(n.replace("/", "//") for n in names)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def answer_block(card: Card) -> str:
    """The `{…}` part of a GIFT question."""
    form = card.form()
    feedback = grader_info(card, for_marker=False)  # GIFT's general feedback is what students see
    general = f"####{escape(flatten(feedback))}" if feedback else ""
    if isinstance(form, Numerical):
        return f"{{#{_number(form.value)}:{_number(form.tolerance)}{general}}}"
    if isinstance(form, ShortAnswer):
        return "{" + " ".join("=" + escape(s) for s in form.answers) + general + "}"
    if isinstance(form, MultiChoice):
        fr = choice_fractions(form)
        if all(f in ("100", "0") for _, f in fr):
            body = " ".join(("=" if f == "100" else "~") + escape(o) for o, f in fr)
        else:
            body = " ".join(f"~%{f}%{escape(o)}" for o, f in fr)
        return "{" + body + general + "}"
    if isinstance(form, TrueFalse):
        return "{" + ("TRUE" if form.correct else "FALSE") + general + "}"
    return "{" + general + "}"  # an essay: the model answer as general feedback


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
