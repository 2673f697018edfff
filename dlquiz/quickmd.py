"""Markdown on screen without importing markdown-it-py on the way to the first question.

`rich.markdown` imports markdown-it-py, Pygments and rich.table: ~35 ms, a third of dlquiz's whole
start-up. The banks' prompts use a small part of Markdown (paragraphs, `code`, **bold**, *italic*,
simple lists, fenced code). `Markdown(text)` recognises that part and draws it exactly as
`rich.markdown.Markdown` would, segment for segment (a test compares both on every text of the
shipped banks and on generated Markdown); anything else, or anything ambiguous, is handed to
`rich.markdown.Markdown` itself. So this module never has to be right about a rule of CommonMark it
does not know: it declines instead.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import StyleStack
from rich.text import Text

# Outside code these start constructs this module leaves to markdown-it: strikethrough, backslash
# escapes, HTML and autolinks, entities, links and images (a "<" or "&" before a blank, or brackets
# not followed by "(" or "[", are plain text to markdown-it too); it normalises tabs, CR and NUL.
_UNSAFE = re.compile(r"[\t\r\x00]|~~|\\(?![A-Za-z0-9 ])|<(?! |$)|&(?! |$)|\][(\[]")
# Lines that may be a link definition, or the delimiter row that makes a table of the line above.
_UNSAFE_LINE = re.compile(r" {0,3}(?:(?:[-*+]|\d+[.)]) +)*\[|[ :|-]*\|[ :|-]*$")
_BLOCK_START = re.compile(r" *(?:[#>=]|[-*+](?: |$)|\d+[.)](?: |$)|```|~~~|[-*_=]+(?: *[-*_=])* *$)")
_BULLET = re.compile(r"([-*+]) (?=\S)")
_ORDERED = re.compile(r"(\d{1,9})\. (?=\S)")
_FENCE = re.compile(r"(`{3,})([^`]*)$")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def Markdown(text: str):  # noqa: N802 - stands in for rich's class of that name
    """A renderable for `text`: the quick one when this module knows every construct in it, else rich's."""
    blocks = parse(text)
    if blocks is None:
        from rich.markdown import Markdown as RichMarkdown

        return RichMarkdown(text)
    return QuickMarkdown(blocks)


# --- blocks ----------------------------------------------------------------------------------------
# ("p", inline) · ("ul", [inline, …]) · ("ol", start, [inline, …]) · ("fence", lang, code)
# inline: ("text", s) · ("code", s) · ("soft",) · ("hard",) · ("open", tag) · ("close", tag)


def parse(text: str) -> list[tuple] | None:
    """The blocks of `text`, or None when it holds anything this module does not draw like markdown-it."""
    if any(c.isspace() and c not in " \n" for c in text):
        return None
    lines = text.split("\n")
    blocks: list[tuple] = []
    para: list[str] | None = None  # lines of the open paragraph, or of the open list's last item
    items: list[list[str]] | None = None
    kind = None  # the open list: "-", "*", "+" or "." (ordered)
    start = 1
    blank = False  # a blank line since the open list's last line

    def close() -> bool:
        nonlocal para, items, kind
        if items is not None:
            done = [_inline("\n".join(it)) for it in items]
            if any(d is None for d in done):
                return False
            blocks.append(("ol", start, done) if kind == "." else ("ul", done))
        elif para is not None:
            done = _inline("\n".join(para))
            if done is None:
                return False
            blocks.append(("p", done))
        para = items = kind = None
        return True

    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip(" "):
            if items is None and not close():
                return None
            blank = True
            continue
        fence = _FENCE.match(line)
        if fence:
            if not close():
                return None
            info = fence.group(2).strip(" ")
            if _UNSAFE.search(info):
                return None
            marker = fence.group(1)
            code = []
            while i < len(lines) and not re.fullmatch(rf" {{0,3}}{marker}`* *", lines[i]):
                code.append(lines[i])
                i += 1
            i += 1  # the closing fence (or the end of the text: markdown-it closes it there too)
            blocks.append(("fence", info.partition(" ")[0], "\n".join(code)))
            blank = False
            continue
        if _UNSAFE_LINE.match(line):
            return None
        bullet, ordered = _BULLET.match(line), _ORDERED.match(line)
        if bullet or ordered:
            mark = bullet.group(1) if bullet else "."
            content = line[(bullet or ordered).end():]
            if _BLOCK_START.match(content):
                return None
            if items is not None and mark == kind:
                items.append([content])
            elif (items is None and (bullet or para is None or int(ordered.group(1)) == 1)) or (items and blank):
                if not close():
                    return None
                kind, items, blank = mark, [[content]], False
                start = int(ordered.group(1)) if ordered else 1
            else:  # another kind of list, or an ordered "2." inside a paragraph: leave it to markdown-it
                return None
            para = items[-1]
            blank = False
            continue
        if _BLOCK_START.match(line):
            return None
        if items is not None:
            if not blank:  # a continuation of the last item (lazy or indented)
                para.append(line)
                continue
            if line.startswith(" ") or not close():  # a second paragraph inside an item
                return None
        if para is None:
            if line.startswith(" "):  # an indented code block, or an indented list
                return None
            para = [line]
        else:
            para.append(line)
        blank = False
    return blocks if close() else None


def _inline(src: str) -> list[tuple] | None:
    """markdown-it's inline tokens for `src` (code spans, emphasis, breaks), or None when in doubt."""
    src = src.strip(" ")
    out: list[list] = []  # ["text", s] | ["code", s] | ["soft"] | ["hard"] | ["delim", marker, n, opens, closes]
    pos, n = 0, len(src)

    def add_text(s: str) -> None:
        if out and out[-1][0] == "text":
            out[-1][1] += s
        else:
            out.append(["text", s])

    while pos < n:
        c = src[pos]
        if c == "`":
            end = pos
            while end < n and src[end] == "`":
                end += 1
            ticks = end - pos
            close = end
            while True:
                close = src.find("`" * ticks, close)
                if close < 0 or src[close + ticks : close + ticks + 1] != "`":
                    break
                while close < n and src[close] == "`":
                    close += 1
            if close < 0:
                add_text(src[pos:end])
                pos = end
                continue
            body = src[end:close]
            if "\n " in body:
                return None
            body = body.replace("\n", " ")
            if len(body) > 1 and body[0] == " " and body[-1] == " " and body.strip(" "):
                body = body[1:-1]
            out.append(["code", body])
            pos = close + ticks
        elif c in "*_":
            end = pos
            while end < n and src[end] == c:
                end += 1
            before = src[pos - 1] if pos else " "
            after = src[end] if end < n else " "
            if not (before.isascii() or before.isalnum()) or not (after.isascii() or after.isalnum()):
                return None  # Unicode punctuation and spaces: markdown-it's tables of them are not copied here
            opens, closes = _flanking(c, before, after)
            if end - pos > 2 and (opens or closes):
                return None
            out.append(["delim", c, end - pos, opens, closes])
            pos = end
        elif c == "\n":
            if out and out[-1][0] == "text":
                text = out[-1][1]
                stripped = text.rstrip(" ")
                out[-1][1] = stripped
                out.append(["hard"] if len(text) - len(stripped) >= 2 else ["soft"])
            else:
                out.append(["soft"])
            pos += 1
            while pos < n and src[pos] == " ":
                pos += 1
        else:
            nxt = pos + 1
            while nxt < n and src[nxt] not in "`*_\n":
                nxt += 1
            if _UNSAFE.search(src, pos, nxt):
                return None
            add_text(src[pos:nxt])
            pos = nxt
    return _emphasis(out)


def _flanking(marker: str, before: str, after: str) -> tuple[bool, bool]:
    """CommonMark's can-open and can-close for a delimiter run between `before` and `after` (ASCII)."""
    ws_before, ws_after = before in " \n", after in " \n"
    p_before, p_after = before in _ASCII_PUNCT, after in _ASCII_PUNCT
    left = not ws_after and (not p_after or ws_before or p_before)
    right = not ws_before and (not p_before or ws_after or p_after)
    if marker == "_":
        return left and (not right or p_before), right and (not left or p_after)
    return left, right


def _emphasis(pieces: list[list]) -> list[tuple] | None:
    """Pair the delimiter runs like markdown-it, in the case where that is unambiguous: a closer meets an
    opener of its own marker and length on top of the stack (so CommonMark's rule of three never
    applies), or no opener at all; anything else is declined."""
    stack: list[int] = []
    for i, piece in enumerate(pieces):
        if piece[0] != "delim":
            continue
        _, marker, length, opens, closes = piece
        if closes and stack:
            top = pieces[stack[-1]]
            if top[1] != marker or top[2] != length:
                return None
            stack.pop()
            tag = "strong" if length == 2 else "em"
            top[:] = ["open", tag]
            piece[:] = ["close", tag]
        elif opens:
            stack.append(i)
    tokens: list[tuple] = []
    for piece in pieces:
        if piece[0] == "delim":  # unmatched: literal text
            piece = ["text", piece[1] * piece[2]]
        if piece[0] == "text" and tokens and tokens[-1][0] == "text":
            tokens[-1] = ("text", tokens[-1][1] + piece[1])
        else:
            tokens.append(tuple(piece))
    return tokens


# --- drawing: what rich.markdown's elements do for these blocks -------------------------------------


class QuickMarkdown:
    """Draws parsed blocks with the styles, wrapping and spacing of rich.markdown.Markdown."""

    def __init__(self, blocks: list[tuple]) -> None:
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.update(height=None)
        styles = StyleStack(console.get_style("none", default="none"))
        for n, block in enumerate(self.blocks):
            kind = block[0]
            if n or kind != "p" and kind != "fence":  # rich leaves a line before a list, even a first one
                yield Segment.line()
            if kind == "p":
                yield from console.render(_paragraph(console, styles, block[1]), options)
            elif kind == "fence":
                from rich.syntax import Syntax

                lang, code = block[1], block[2]
                yield from console.render(
                    Syntax(code.rstrip(), lang or "text", theme="monokai", word_wrap=True, padding=1), options
                )
            else:
                numbered = kind == "ol"
                items = block[2] if numbered else block[1]
                first = block[1] if numbered else 1
                width = len(str(first + len(items))) + 2
                mark_style = console.get_style("markdown.item.number" if numbered else "markdown.item.bullet",
                                               default="none")
                pad = Segment(" " * (width if numbered else 3), mark_style)
                for k, item in enumerate(items):
                    item_style = styles.current + console.get_style("markdown.item", default="none")
                    styles.push(console.get_style("markdown.item", default="none"))
                    text = _paragraph(console, styles, item)
                    styles.pop()
                    mark = Segment(f"{first + k}".rjust(width - 1) + " ", mark_style) if numbered \
                        else Segment(" • ", mark_style)
                    inner = options.update(width=options.max_width - (width if numbered else 3))
                    for j, line in enumerate(console.render_lines(text, inner, style=item_style)):
                        yield pad if j else mark
                        yield from line
                        yield Segment.line()


def _paragraph(console: Console, styles: StyleStack, tokens: list[tuple]) -> Text:
    styles.push(console.get_style("markdown.paragraph", default="none"))
    text = Text(justify="left")
    for token in tokens:
        kind = token[0]
        if kind == "text":
            text.append(token[1], styles.current)
        elif kind == "soft":
            text.append(" ", styles.current)
        elif kind == "hard":
            text.append("\n", styles.current)
        elif kind == "code":
            styles.push(console.get_style("markdown.code", default="none"))
            text.append(token[1], styles.current)
            styles.pop()
        elif kind == "open":
            styles.push(console.get_style(f"markdown.{token[1]}", default="none"))
        else:
            styles.pop()
    styles.pop()
    return text
