"""Find banks: the shipped ones, folders in DLQUIZ_BANKS and --bank-dir; loose names; load each once."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dlquiz.bank.bank import Bank, unknown
from dlquiz.errors import BankError, UnknownBank
from dlquiz.paths import PACKAGE_DIR


def shipped_dir() -> Path:
    """The banks that come with dlquiz: `questions/` in a checkout, `dlquiz/questions` in a wheel."""
    checkout = PACKAGE_DIR.parent / "questions"
    return checkout if checkout.is_dir() and (PACKAGE_DIR.parent / "pyproject.toml").is_file() else PACKAGE_DIR / "questions"


def bank_dirs(extra: list[Path] | None = None) -> list[Path]:
    """Folders searched for banks, later ones overriding earlier ones with the same bank name."""
    dirs = [shipped_dir()]
    for part in os.environ.get("DLQUIZ_BANKS", "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    dirs.extend(extra or [])
    return dirs


def bank_files(extra: list[Path] | None = None) -> dict[str, Path]:
    """Map bank name → file, for every `*.yaml`/`*.yml` in the bank folders."""
    found: dict[str, Path] = {}
    for folder in bank_dirs(extra):
        if folder.is_file():
            found[folder.stem] = folder
            continue
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            found[path.stem] = path
    return found


def _key(name: str) -> tuple[str, str]:
    name = name.lower().strip()
    return re.sub(r"[^a-z]", "", name), "".join(re.findall(r"\d+", name)).lstrip("0")


# The alias rule: a bank named word + number (`hoofdstuk15`) is also its number (`15`) and the
# number after the start of its word (`h15`, `hfst15`). It is tried before any looser match, so a
# teacher's `h15extra.yaml` does not take `h15` away from `hoofdstuk15`.
_WORD_NUMBER = re.compile(r"([a-z]*)0*(\d+)")


def _alias_hits(q: str, names: list[str]) -> list[str]:
    query = _WORD_NUMBER.fullmatch(q)
    if not query:
        return []
    hits = []
    for name in names:
        own = _WORD_NUMBER.fullmatch(name.lower())
        if own and own[1] and own[2] == query[2] and own[1].startswith(query[1]):
            hits.append(name)
    return hits


def _prefix_hits(q: str, names: list[str]) -> list[str]:
    q_letters, q_digits = _key(q)
    hits = []
    for name in names:
        letters, digits = _key(name)
        if q_digits and q_digits == digits and letters.startswith(q_letters):
            hits.append(name)
        elif not q_digits and q_letters and letters.startswith(q_letters):
            hits.append(name)
    return hits


def resolve_name(query: str, names: list[str]) -> str:
    """Loose bank names: `hoofdstuk15`, `h15`, `15` and `H15.yaml` all name bank `hoofdstuk15`.

    In this order: the exact name, the alias rule (word + number), a prefix of the letters with the
    same number. A name that fits several banks at the first step that finds any is ambiguous."""
    from dlquiz.i18n import tr

    q = query.lower().strip()
    q = re.sub(r"\.ya?ml$", "", Path(q).name)
    if q in names:
        return q
    hits = _alias_hits(q, names) or _prefix_hits(q, names)
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise UnknownBank(tr(f"dubbelzinnig: '{query}' past bij {', '.join(hits)}; geef de volledige naam",
                             f"ambiguous: '{query}' matches {', '.join(hits)}; give the full name"))
    raise UnknownBank(unknown("bank", query, difflib.get_close_matches(q, names, n=3, cutoff=0.4), names))


@dataclass
class Library:
    """All banks that can be found; loads each one only when it is asked for."""

    extra_dirs: list[Path] = field(default_factory=list)
    # Called with a bank's one-line notice when questions of it were left out as unsound.
    notify: Callable[[str], None] | None = None
    _files: dict[str, Path] | None = None
    _loaded: dict[str, Bank] = field(default_factory=dict)

    @property
    def files(self) -> dict[str, Path]:
        if self._files is None:
            self._files = bank_files(self.extra_dirs)
        return self._files

    def names(self) -> list[str]:
        return sorted(self.files)

    def resolve(self, query: str) -> str:
        path = Path(query)
        if path.suffix in (".yaml", ".yml") and path.is_file():
            self.files[path.stem] = path
            return path.stem
        return resolve_name(query, self.names())

    def bank(self, query: str) -> Bank:
        name = self.resolve(query)
        if name not in self._loaded:
            from dlquiz.bank.cache import load_cached

            self._loaded[name] = load_cached(self.files[name], name)
            notice = self._loaded[name].left_out_notice()
            if notice and self.notify is not None:
                self.notify(notice)
        return self._loaded[name]

    def summary(self, query: str) -> tuple[str, Path, dict]:
        """Name, file and summary of one bank, from the cache when the file is unchanged."""
        name = self.resolve(query)
        path = self.files[name]
        if name not in self._loaded:
            from dlquiz.bank.cache import BankCache

            summary = BankCache(path).summary()
            if summary is not None:
                return name, path, summary
        return name, path, self.bank(name).summary()

    def summaries(self) -> tuple[list[tuple[str, Path, dict]], list[BankError]]:
        """Like `load_all`, but as summaries: an unchanged bank is not parsed again."""
        return self._every(self.summary)

    def load_all(self) -> tuple[list[Bank], list[BankError]]:
        """Every bank that loads, and the errors of those that don't: one broken bank stops no other."""
        return self._every(self.bank)

    def _every(self, load) -> tuple[list, list[BankError]]:
        found, errors = [], []
        for name in self.names():
            try:
                found.append(load(name))
            except BankError as exc:
                errors.append(exc)
        return found, errors


