"""The quick Markdown renderer draws exactly what rich.markdown draws, or hands the text to it."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markdown import Markdown as RichMarkdown

from dlquiz.banks import bank_files, load_bank
from dlquiz.quickmd import Markdown, QuickMarkdown, parse


def screen(renderable, width: int) -> str:
    """What a colour terminal of `width` columns receives, escape codes and all."""
    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor",
                      legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


def bank_texts() -> list[tuple[str, str]]:
    out = []
    for path in bank_files().values():
        for q in load_bank(path).questions:
            for field in ("prompt", "explanation", "answer"):
                text = getattr(q, field, None)
                if isinstance(text, str) and text:
                    out.append((f"{q.id}.{field}", text))
            if q.type == "code":
                out.append((f"{q.id}.code", f"```python\n{q.expected()}\n```"))
    return out


def test_every_text_of_the_shipped_banks_looks_the_same_as_with_rich_markdown():
    texts = bank_texts()
    assert len(texts) > 200
    declined = []
    for name, text in texts:
        blocks = parse(text)
        if blocks is None:
            declined.append(name)
            continue
        for width in (32, 80):
            assert screen(QuickMarkdown(blocks), width) == screen(RichMarkdown(text), width), (name, width)
    # The point of the module: the banks' Markdown does not need markdown-it. A new bank may use more.
    assert len(declined) <= len(texts) // 20, declined


@pytest.mark.parametrize("text", [
    "# Kop",
    "> citaat",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "zie [de docs](https://keras.io)",
    "[x]: https://keras.io\n\n[x]",
    "a \\* b",
    "&amp; of &#42;",
    "<b>vet</b>",
    "~~weg~~",
    "    ingesprongen code",
    "- a\n  - genest",
    "***drie***",
    "tekst\n===",
    "a\tb",
])
def test_what_it_does_not_know_goes_to_rich_markdown(text):
    assert isinstance(Markdown(text), RichMarkdown)


def test_the_common_constructs_take_the_quick_path():
    text = ("Een **vetgedrukte** en *schuine* zin met `code`,\neen _tweede_ regel.\n\n"
            "- één\n- twee\n\n3. drie\n4. vier\n\n```python\nmodel = keras.Sequential()\n```\n")
    rendered = Markdown(text)
    assert isinstance(rendered, QuickMarkdown)
    for width in (20, 70):
        assert screen(rendered, width) == screen(RichMarkdown(text), width)


# Pieces that Markdown is made of, the awkward ones included: every text the quick path accepts must
# look the same as with rich.markdown.
PIECES = ["woord", "b", "é", "Ŷ", "1", " ", "  ", "   ", "    ", "\n", "\n\n", "*", "**", "***", "_", "__",
          "`", "``", "```", "```python\nx = 1\n```\n", "- ", "* ", "+ ", "1. ", "2. ", "1) ", "# ", "> ",
          "<", "< ", "&", "& ", "&amp;", "[", "]", "(", ")", "[x](y)", "!", "\\", "\\*", "|", "-|-", "---",
          "===", "~", "~~", ":", ".", ",", "x_y", "—", "’", "(t)", "\t", "\u00a0"]
# …and line by line: list markers, fences and indentation at the start of lines.
STARTS = ["", "", "", "- ", "* ", "+ ", "1. ", "2. ", "10. ", "  ", "   ", "    ", " - ", "```", "```python", "~~~",
          "#", "> ", "1) ", "---", "***", "=="]
WORDS = ["woord", "X(t)", "`a`", "``b``", "`", "**vet**", "*schuin*", "_x_", "__y__", "*", "**", "_", "a_b", "é",
         "—", ":", ".", "(", ")", "1216", "<", "&", "[0, 1]", "|z|", "  ", " ", "**x*", "*y**", "_z__", "*(v)*", "a_b_c", "x*y*z"]
lines = st.tuples(st.sampled_from(STARTS), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)).map("".join)
markdownish = st.one_of(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.lists(lines, max_size=10).map("\n".join))


@settings(max_examples=600, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_generated_markdown_is_drawn_like_rich_markdown_or_handed_over(text):
    blocks = parse(text)
    if blocks is not None:
        for width in (24, 60):
            assert screen(QuickMarkdown(blocks), width) == screen(RichMarkdown(text), width)
