"""The interface language: Dutch (the course's) by default, English with --lang en or DLQUIZ_LANG=en."""

from __future__ import annotations

import os

_lang: str | None = None


def set_lang(lang: str | None) -> None:
    global _lang
    _lang = (lang or "").lower()[:2] or None


def lang() -> str:
    chosen = _lang or os.environ.get("DLQUIZ_LANG", "nl").lower()[:2]
    return "en" if chosen == "en" else "nl"


def tr(nl: str, en: str) -> str:
    """Pick the Dutch or the English text; callers .format() the result."""
    return en if lang() == "en" else nl
