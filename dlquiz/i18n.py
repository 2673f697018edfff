"""The interface language: Dutch (the course's) by default, English with --lang en or DLQUIZ_LANG=en."""

from __future__ import annotations

import os

_lang: str | None = None


def set_lang(lang: str | None) -> None:
    global _lang
    _lang = (lang or "").lower()[:2] or None


def lang_from_args(args: list[str]) -> str | None:
    """The --lang given anywhere on a command line (`--lang en`, `--lang=en`), before it is parsed: help
    texts are chosen when the commands are defined."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def lang() -> str:
    chosen = _lang or os.environ.get("DLQUIZ_LANG", "nl").lower()[:2]
    return "en" if chosen == "en" else "nl"


def tr(nl: str, en: str) -> str:
    """Pick the Dutch or the English text; callers .format() the result."""
    return en if lang() == "en" else nl


def count(n: float, nl_one: str, nl_many: str, en_one: str, en_many: str) -> str:
    """"1 vraag", "5 vragen", "1 minute", "0.5 minutes": the number with its noun in the interface language."""
    one = n == 1
    word = (en_one if one else en_many) if lang() == "en" else (nl_one if one else nl_many)
    return f"{n:g} {word}" if isinstance(n, float) else f"{n} {word}"
