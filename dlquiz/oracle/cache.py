"""Truths of Keras models as the caches hold them (shipped with the package, and the user's own), keyed
by the normalised model text and the Keras version. Importing this costs no TensorFlow."""

from __future__ import annotations

import copy
import json
import re
import textwrap
import threading
from functools import lru_cache
from pathlib import Path

from dlquiz.errors import ModelError
from dlquiz.i18n import tr
from dlquiz.paths import DATA_DIR, data_home, write_atomic

SHIPPED_CACHE = DATA_DIR / "keras_truths.json"
CACHE_FORMAT = 1
_CACHE_LOCK = threading.Lock()


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def substitute(source: str, variables: dict | None) -> str:
    """Replace `{name}` by the variable's value; an unknown name is an error."""
    variables = variables or {}

    def one(m: re.Match) -> str:
        if m.group(1) not in variables:
            known = ", ".join(sorted(variables)) or "-"
            raise ModelError(tr(f"onbekende variabele {{{m.group(1)}}} (bekend: {known})",
                                f"unknown variable {{{m.group(1)}}} (known: {known})"))
        return str(variables[m.group(1)])

    return _PLACEHOLDER.sub(one, source)


def normalise(source: str, variables: dict | None = None) -> str:
    """The model text the cache is keyed by: variables filled in, indentation, trailing and blank lines gone."""
    text = textwrap.dedent(substitute(source, variables).expandtabs(4))
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


@lru_cache(maxsize=1)
def keras_version() -> str | None:
    """The installed Keras version without importing Keras; None when it is not installed.

    Read from the name of the `keras-X.Y.Z.dist-info` folder beside the package: importing
    `importlib.metadata` alone costs a grade command 13 ms. Package metadata when that folder is not
    found (another kind of install)."""
    import importlib.util

    try:
        found = importlib.util.find_spec("keras")
    except (ImportError, ValueError):
        found = None
    if found is None:
        return None
    for folder in found.submodule_search_locations or ():
        infos = list(Path(folder).parent.glob("keras-*.dist-info"))
        if len(infos) == 1:
            return infos[0].name[len("keras-"):-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version("keras")
    except metadata.PackageNotFoundError:
        return None


# --- cache --------------------------------------------------------------------------------------------
# A cache file: {"format": 1, "models": {sha256(normalised text): {"model": text,
#                                                                  "truths": {keras_version: truths}}}}
def text_key(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def user_cache_path() -> Path:
    return data_home() / "keras_truths.json"


_file_memo: dict[str, tuple[tuple, dict]] = {}


def read_cache(path: Path) -> dict | None:
    """The `models` of a cache file; {} when absent, None when corrupt (never raises)."""
    try:
        st = path.stat()
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size)
    memo = _file_memo.get(str(path))
    if memo and memo[0] == stamp:
        return memo[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        models = data["models"]
        if not isinstance(models, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        return None
    models = {k: v for k, v in models.items()
              if isinstance(v, dict) and isinstance(v.get("truths"), dict) and isinstance(v.get("model"), str)}
    _file_memo[str(path)] = (stamp, models)
    return models


def write_cache(path: Path, models: dict) -> None:
    """Write atomically, sorted and indented, so a diff of the shipped file shows only what changed."""
    text = json.dumps({"format": CACHE_FORMAT, "models": models}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path, text, mode=0o644)  # mkstemp makes it private; the shipped file is package data


def _version_tuple(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.+-]", version)[:3])


def cached_truths(source: str, variables: dict | None = None) -> dict | None:
    """Truths from the caches, or None; never imports Keras.

    Order: user cache with this Keras version, shipped cache with this version, shipped cache with
    another version of the same major (parameter counts, shapes and weight names are stable within a
    Keras major version, so a 3.x entry serves any 3.y).
    """
    key = text_key(normalise(source, variables))
    version = keras_version()
    user = (read_cache(user_cache_path()) or {}).get(key, {}).get("truths", {})
    if version in user:
        return copy.deepcopy(user[version])
    shipped = (read_cache(SHIPPED_CACHE) or {}).get(key, {}).get("truths", {})
    if version in shipped:
        return copy.deepcopy(shipped[version])
    major = version.split(".")[0] if version else "3"
    same_major = [v for v in shipped if v.split(".")[0] == major]
    if same_major:
        return copy.deepcopy(shipped[max(same_major, key=_version_tuple)])
    return None


def store_user(text: str, result: dict) -> None:
    """Add one entry to the user cache; a corrupt file is replaced, an unwritable one is left alone."""
    path = user_cache_path()
    with _CACHE_LOCK:
        models = dict(read_cache(path) or {})
        entry = models.get(text_key(text), {"model": text, "truths": {}})
        models[text_key(text)] = {"model": text, "truths": {**entry["truths"], result["keras_version"]: result}}
        try:
            write_cache(path, models)
        except OSError:
            pass


