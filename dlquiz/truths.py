"""Truths of Keras models as the caches hold them, and the answers read off them, without Keras.

`keras_oracle` computes truths with live Keras; this module is what a grade of a cached question
needs: the model text's cache key, the shipped and the user cache, a question's answer from the
truths and the parameter breakdown. Importing it costs no TensorFlow and little else.
"""

from __future__ import annotations

import copy
import json
import os
import re
import textwrap
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ModelError
from .i18n import tr

ASKS = ("total_params", "trainable_params", "layer_params", "input_shape", "output_shape", "weight_shape",
        "step_input_shape", "state_shape", "activation", "layer_count")
KINDS = ("recurrent", "dense", "conv", "normalization", "pooling", "other")

SHIPPED_CACHE = Path(__file__).parent / "data" / "keras_truths.json"
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
    return _sha256()(text.encode()).hexdigest()


@lru_cache(maxsize=1)
def _sha256():
    """SHA-256 from CPython's own small module when there is one: `import hashlib` loads OpenSSL,
    3 ms of a grade command. The same digest either way."""
    for name in ("_sha2", "_sha256"):  # 3.12+, 3.11
        try:
            return __import__(name).sha256
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


def user_cache_path() -> Path:
    home = os.environ.get("DLQUIZ_HOME")
    if not home:
        import platformdirs

        home = platformdirs.user_data_dir("dlquiz")
    return Path(home) / "keras_truths.json"


_file_memo: dict[str, tuple[tuple, dict]] = {}


def _read_cache(path: Path) -> dict | None:
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


def _write_cache(path: Path, models: dict) -> None:
    """Write atomically, sorted and indented, so a diff of the shipped file shows only what changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": CACHE_FORMAT, "models": models}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keras_truths.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)   # mkstemp makes it private; the shipped file is package data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    user = (_read_cache(user_cache_path()) or {}).get(key, {}).get("truths", {})
    if version in user:
        return copy.deepcopy(user[version])
    shipped = (_read_cache(SHIPPED_CACHE) or {}).get(key, {}).get("truths", {})
    if version in shipped:
        return copy.deepcopy(shipped[version])
    major = version.split(".")[0] if version else "3"
    same_major = [v for v in shipped if v.split(".")[0] == major]
    if same_major:
        return copy.deepcopy(shipped[max(same_major, key=_version_tuple)])
    return None


def truths(source: str, variables: dict | None = None) -> dict:
    """The truths of a model text: from a cache when known (no Keras), else built by live Keras and
    added to the user cache, so that the next session knows them."""
    hit = cached_truths(source, variables)
    if hit is not None:
        return hit
    from .keras_oracle import live_truths

    result = live_truths(source, variables)
    _store_user(normalise(source, variables), result)
    return result


def _store_user(text: str, result: dict) -> None:
    """Add one entry to the user cache; a corrupt file is replaced, an unwritable one is left alone."""
    path = user_cache_path()
    with _CACHE_LOCK:
        models = dict(_read_cache(path) or {})
        entry = models.get(text_key(text), {"model": text, "truths": {}})
        models[text_key(text)] = {"model": text, "truths": {**entry["truths"], result["keras_version"]: result}}
        try:
            _write_cache(path, models)
        except OSError:
            pass


# --- answers from truths ------------------------------------------------------------------------------
def _tup(shape: Any) -> Any:
    if shape is None:
        return None
    if shape and isinstance(shape[0], list):
        return tuple(_tup(s) for s in shape)
    return tuple(shape)


def _layer_choices(truths: dict) -> str:
    return ", ".join(f"{i}: {layer['name']} ({layer['class']})" for i, layer in enumerate(truths["layers"]))


def _pick_layer(truths: dict, layer: int | str | None, ask: str) -> dict:
    layers = truths["layers"]
    if isinstance(layer, str) and layer.lstrip("-").isdigit():
        layer = int(layer)
    if isinstance(layer, int) and not isinstance(layer, bool) and -len(layers) <= layer < len(layers):
        return layers[layer]
    for entry in layers:
        if entry["name"] == layer:
            return entry
    if layer is None:
        raise ModelError(tr(f"{ask} vraagt een laag (layer); kies uit {_layer_choices(truths)}",
                            f"{ask} needs a layer; choose from {_layer_choices(truths)}"))
    raise ModelError(tr(f"laag {layer!r} bestaat niet; kies uit {_layer_choices(truths)}",
                        f"layer {layer!r} does not exist; choose from {_layer_choices(truths)}"))


def _pick_weight(entry: dict, weight: str | None) -> dict:
    names = [w["name"] for w in entry["weights"]]
    exact = [w for w in entry["weights"] if w["name"] == weight]
    tail = [w for w in entry["weights"] if weight and w["name"].split("/")[-1] == weight]
    if exact or len(tail) == 1:
        return (exact or tail)[0]
    listed = ", ".join(names) or tr("geen", "none")
    raise ModelError(tr(f"laag {entry['name']} heeft geen gewicht {weight!r}; kies uit {listed}",
                        f"layer {entry['name']} has no weight {weight!r}; choose from {listed}"))


def answer_for(truths: dict, ask: str, layer: int | str | None = None, weight: str | None = None,
               kind: str | None = None) -> Any:
    """The answer to `ask` (see docs/bank-format.md): an int, a shape tuple (None for free axes) or a word."""
    if ask == "total_params":
        return truths["total_params"]
    if ask == "trainable_params":
        return truths["trainable_params"]
    if ask == "layer_count":
        if kind is None:
            return len(truths["layers"])
        if kind not in KINDS:
            raise ModelError(tr(f"onbekende soort {kind!r}; kies uit {', '.join(KINDS)}",
                                f"unknown kind {kind!r}; choose from {', '.join(KINDS)}"))
        return sum(1 for entry in truths["layers"] if entry["kind"] == kind)
    if ask == "input_shape":
        return _tup(_pick_layer(truths, layer, ask)["input_shape"] if layer is not None else truths["input_shape"])
    if ask == "output_shape":
        return _tup(_pick_layer(truths, layer, ask)["output_shape"] if layer is not None else truths["output_shape"])
    if ask == "step_input_shape":
        shape = _pick_layer(truths, layer, ask)["input_shape"] if layer is not None else truths["input_shape"]
        if not shape or isinstance(shape[0], list) or len(shape) < 3:
            raise ModelError(tr(f"de invoer {_tup(shape)} heeft geen tijdas", f"the input {_tup(shape)} has no time axis"))
        return (shape[0], *shape[2:])
    if ask not in ASKS:
        raise ModelError(tr(f"onbekende vraag (ask) {ask!r}; kies uit {', '.join(ASKS)}",
                            f"unknown ask {ask!r}; choose from {', '.join(ASKS)}"))
    entry = _pick_layer(truths, layer, ask)
    if ask == "layer_params":
        return entry["params"]
    if ask == "weight_shape":
        return tuple(_pick_weight(entry, weight)["shape"])
    if ask == "activation":
        if not entry.get("activation"):
            raise ModelError(tr(f"laag {entry['name']} heeft geen activatie", f"layer {entry['name']} has no activation"))
        return entry["activation"]
    # state_shape
    if entry["kind"] != "recurrent" or "units" not in entry:
        recurrent = [f"{i}: {e['name']}" for i, e in enumerate(truths["layers"]) if e["kind"] == "recurrent"]
        listed = ", ".join(recurrent) or tr("geen", "none")
        raise ModelError(tr(f"state_shape vraagt een recurrente laag; kies uit {listed}",
                            f"state_shape needs a recurrent layer; choose from {listed}"))
    batch = entry["input_shape"][0] if entry.get("input_shape") and not isinstance(entry["input_shape"][0], list) else None
    return (batch, entry["units"])


def param_breakdown(truths: dict) -> list[str]:
    """How the parameter count follows from the real weights, layer by layer, ending with the total."""
    lines, parts = [], []
    for entry in truths["layers"]:
        if not entry["weights"]:
            continue
        terms = " + ".join(f"{w['name']} {'×'.join(map(str, w['shape'])) or '1'}" for w in entry["weights"])
        lines.append(f"{entry['name']} ({entry['class']}): {terms} = {entry['params']}")
        parts.append(str(entry["params"]))
    total = truths["total_params"]
    word = tr("totaal", "total")
    lines.append(f"{word}: {' + '.join(parts)} = {total}" if len(parts) > 1 else f"{word}: {total}")
    trainable = truths["trainable_params"]
    if trainable != total:
        lines.append(tr(f"waarvan trainbaar: {trainable}, niet-trainbaar: {total - trainable}",
                        f"of which trainable: {trainable}, non-trainable: {total - trainable}"))
    return lines
