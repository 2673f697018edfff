"""Hand a bank to Moodle (GIFT, Moodle XML), Anki (.apkg) or paper (Markdown). No Typer here."""

from __future__ import annotations

from pathlib import Path

from dlquiz.bank.library import Bank

FORMATS = ("gift", "moodle-xml", "anki", "markdown")
SUFFIXES = {"gift": ".gift.txt", "moodle-xml": ".xml", "anki": ".apkg", "markdown": ".md"}


def export(bank: Bank, fmt: str, path: Path) -> int:
    """Write `bank` to `path` in format `fmt`; returns the number of exported questions (cards)."""
    if fmt == "gift":
        from dlquiz.export.gift import write_gift as writer
    elif fmt == "moodle-xml":
        from dlquiz.export.moodle_xml import write_moodle_xml as writer
    elif fmt == "anki":
        from dlquiz.export.anki import write_apkg as writer
    elif fmt == "markdown":
        from dlquiz.export.markdown import write_markdown as writer
    else:
        raise ValueError(fmt)
    return writer(bank, path)
