"""The bank cache: a bank that loaded cleanly, kept as its validated records."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from dlquiz import __version__
from dlquiz.bank.bank import Bank
from dlquiz.paths import PACKAGE_DIR, data_home, write_atomic


class BankCache:
    """A JSON copy of a bank that loaded cleanly: its summary, and its validated questions.

    Parsing YAML and validating it (pydantic) cost more than the rest of a short command, so a bank
    whose file (path, size, mtime) and whose validating code are unchanged is read from
    `$DLQUIZ_HOME/cache/banks` as plain records, with no YAML and no pydantic. The summary (what
    `dlquiz list` shows) is a small file of its own; the questions are in `….bank.json`. The cache
    is the user's own file, like the history; anything wrong with it means: parse the YAML again.
    """

    FORMAT = 3

    def __init__(self, path: Path):
        self.path = path
        resolved = str(path.resolve())
        digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        folder = data_home() / "cache" / "banks"
        self.file = folder / f"{path.stem[:40]}-{digest}.json"
        self.bank_file = folder / f"{path.stem[:40]}-{digest}.bank.json"
        self.resolved = resolved

    def stamp(self) -> list | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return [self.FORMAT, __version__, self.resolved, st.st_mtime_ns, st.st_size, _code_stamp()]

    def _read(self, file: Path, hook=None) -> dict | None:
        stamp = self.stamp()
        if stamp is None:
            return None
        try:
            entry = json.loads(file.read_text(encoding="utf-8"), object_hook=hook)
            return entry if isinstance(entry, dict) and entry.get("stamp") == stamp else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def summary(self) -> dict | None:
        entry = self._read(self.file)
        return entry["summary"] if entry is not None and isinstance(entry.get("summary"), dict) else None

    def bank(self, name: str) -> Bank | None:
        """The cached bank, built as records while its JSON is parsed; None when there is no good one."""
        from dlquiz.record import json_hook
        from dlquiz.types import Question  # registers the classes an entry names

        entry = self._read(self.bank_file, json_hook)
        if entry is None:
            return None
        try:
            found = entry["questions"]
            if not isinstance(found, list) or not all(isinstance(q, Question) for q in found):
                return None
            return Bank(name, self.path, str(entry["title"]), dict(entry["topics"]), found, str(entry["language"]))
        except (KeyError, TypeError, ValueError):
            return None

    def write(self, bank: Bank) -> None:
        """Store a cleanly loaded bank, if it survives a JSON round trip unchanged (no dates, sets…)."""
        from dlquiz.record import json_hook, to_json

        stamp = self.stamp()
        if stamp is None:
            return
        try:
            stored = {"stamp": stamp, "title": bank.title, "topics": bank.topics, "language": bank.language,
                      "questions": to_json(bank.questions)}
            text = json.dumps(stored, ensure_ascii=False)
            if json.loads(text, object_hook=json_hook)["questions"] != bank.questions:
                return
            write_atomic(self.bank_file, text)
            write_atomic(self.file, json.dumps({"stamp": stamp, "summary": bank.summary()}, ensure_ascii=False))
        except (OSError, ValueError, TypeError, RecursionError):
            pass


_CODE_DIRS = ("bank", "types", "grading", "oracle")


@functools.lru_cache(maxsize=1)
def _code_stamp() -> list:
    """The code that decides whether a bank is valid; a change to it (in a checkout) empties the cache."""
    stamp = []
    for folder in _CODE_DIRS:
        for file in sorted((PACKAGE_DIR / folder).glob("*.py")):
            st = file.stat()
            stamp.append([f"{folder}/{file.name}", st.st_mtime_ns, st.st_size])
    return stamp


def load_cached(path: Path, name: str | None = None) -> Bank:
    """`load_bank(partial=True)`, but an unchanged bank comes from the JSON cache instead of its YAML."""
    cache = BankCache(path)
    bank = cache.bank(name or path.stem)
    if bank is not None:
        return bank
    from dlquiz.bank.validate import bank_from_data
    from dlquiz.bank.yamlio import read_yaml

    data, text = read_yaml(path)
    bank = bank_from_data(path, data, text, name, partial=True)
    if not bank.skipped:  # a bank with questions left out is read again, so its warning is never lost
        cache.write(bank)
    return bank
