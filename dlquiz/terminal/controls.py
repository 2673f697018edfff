"""Nothing printed is a control sequence (design rule 9).

Text from a student, a bank or Keras (a layer name, an error message that echoes one) may hold ESC,
OSC 8 links, C1 controls such as U+009B (CSI), BEL or DEL; written as they are, they set the window
title, move the cursor or rewrite a verdict on screen. `clean` shows each such character as a visible
stand-in, and `SafeConsole` applies it to every piece of text it renders, so no call site can forget:
whatever is printed through the consoles of `dlquiz.terminal.app` (Text, Markdown, code, tables,
panel titles, error lines) goes through it. `--json` output is not printed through them: JSON escapes
the C0 controls itself.
"""

from __future__ import annotations

import bisect
import re

from rich.console import Console
from rich.segment import Segment
from rich.text import Span, Text

# C0 (but \t and \n), DEL and C1: what a terminal acts on instead of showing.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x80-\x9f]")


def _stand_ins() -> dict[int, str]:
    table = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}  # ␀ … ␛ … ␟ (Control Pictures)
    table[0x7F] = "\u2421"  # ␡
    # A C1 control is the 8-bit form of ESC followed by a character (U+009B CSI = ESC [): shown as that pair.
    table.update({c: "\u241b" + chr(c - 0x40) for c in range(0x80, 0xA0)})
    return table


_TABLE = _stand_ins()


def clean(text: str) -> str:
    """`text` with every C0 control but tab and newline, DEL and every C1 control shown as a visible
    stand-in (ESC as ␛, BEL as ␇, U+009B as ␛[); every other character is kept as it is."""
    if not _UNSAFE.search(text):
        return text
    return text.translate(_TABLE)


def clean_text(text: Text) -> Text:
    """A Rich Text with `clean` applied and its styles kept on the same characters (a C1 control's
    stand-in is two characters long, so the spans after it move on)."""
    plain = text.plain
    if not _UNSAFE.search(plain):
        return text
    cleaned = text.blank_copy(clean(plain))
    wide = [m.start() for m in _C1.finditer(plain)]

    def moved(i: int) -> int:
        return i + bisect.bisect_left(wide, i)

    cleaned.spans = [Span(moved(span.start), moved(span.end), span.style) for span in text.spans]
    return cleaned


class SafeConsole(Console):
    """A Rich console that shows control characters in whatever it renders as `clean` does.

    Every renderable becomes segments in `render` (Console.print, and render_lines for what panels,
    tables and groups hold), so this is the one place it is done: a Text is cleaned before it is
    wrapped, so the stand-ins take their place in the layout and nothing is cropped away; a str
    becomes a Text in `render_str`; and the text of every other segment, and the target of a link
    (which Rich writes into an OSC 8 sequence), are cleaned as they pass. Rich's own control codes
    (colours, the cursor moves of a live status line) are segments of their own and pass as they are.
    """

    def render(self, renderable, options=None):
        if isinstance(renderable, Text):
            renderable = clean_text(renderable)
        for segment in super().render(renderable, options):
            if segment.control is not None:
                yield segment
                continue
            text, style = segment.text, segment.style
            if style is not None and style.link and _UNSAFE.search(style.link):
                style = style.update_link(clean(style.link))
            elif not _UNSAFE.search(text):
                yield segment
                continue
            yield Segment(clean(text), style)

    def render_str(self, text, **kwargs) -> Text:
        return clean_text(super().render_str(text, **kwargs))
