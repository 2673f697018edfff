"""The one module that imports Keras/TensorFlow, and only inside functions: builds a `ModelSpec` and
reads its truths (parameter counts, shapes, weights) off the model Keras builds."""

from __future__ import annotations

import copy
import logging
import math
import os
import re
import sys
import tempfile
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dlquiz.errors import ModelError
from dlquiz.i18n import tr
from dlquiz.oracle import cache
from dlquiz.oracle.cache import keras_version, normalise, read_cache, text_key, write_cache
from dlquiz.oracle.estimate import check_size
from dlquiz.oracle.interpreter import parse_text
from dlquiz.oracle.spec import MAX_PARAMS, LayerSpec, ModelSpec, TensorRef

# --- loading Keras quietly ------------------------------------------------------------------------
_LOCK = threading.RLock()           # one import, one build at a time (and one stderr redirect)
_START_LOCK = threading.Lock()
_keras: Any = None
_preload_thread: threading.Thread | None = None

# TensorFlow's C++ (absl) logs write to file descriptor 2 directly, past Python's sys.stderr.
_NOISE = re.compile(
    r"^(?:[IWEF]\d{4} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] "
    r"|WARNING: All log messages before absl::InitializeLog"
    r"|.*(?:oneDNN custom operations|cpu_feature_guard|rebuild TensorFlow with the appropriate compiler flags"
    r"|To enable the following instructions|Unable to register cu(?:DNN|FFT|BLAS)|Could not find cuda drivers"
    r"|TF-TRT Warning))")


@contextmanager
def _quiet_stderr():
    """Send fd 2 to a temporary file; afterwards pass on every line that is not TensorFlow log noise.

    Other threads' stderr output during the window is held back, not lost.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        saved = None
    if saved is None:
        yield
        return
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            try:
                sys.stderr.flush()
            except (OSError, ValueError):
                pass
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            kept = [line for line in tmp.read().decode(errors="replace").splitlines(True) if not _NOISE.match(line)]
            if kept:
                os.write(2, "".join(kept).encode())


def _import_keras() -> Any:
    global _keras
    with _LOCK:
        if _keras is None:
            os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
            # oneDNN only changes float round-off, which parameter counts and shapes do not see; off, it prints no banner
            os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
            os.environ["KERAS_BACKEND"] = "tensorflow"
            try:
                with _quiet_stderr(), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import keras
            except ImportError as exc:
                raise ModelError(tr(f"Keras kan niet geladen worden: {exc}", f"Keras cannot be loaded: {exc}")) from None
            logging.getLogger("tensorflow").setLevel(logging.ERROR)
            _keras = keras
    return _keras


def _preload_quietly() -> None:
    try:
        _import_keras()
    except Exception:  # noqa: BLE001 - ensure_loaded() imports again and reports where it can be shown
        pass


def preload() -> None:
    """Start importing Keras in a daemon thread, so the wait hides behind a student's typing."""
    global _preload_thread
    with _START_LOCK:
        if _keras is None and _preload_thread is None:
            _preload_thread = threading.Thread(target=_preload_quietly, name="dlquiz-keras-preload", daemon=True)
            _preload_thread.start()


def ensure_loaded() -> Any:
    """Wait for a preload (if any) and return the imported keras module."""
    thread = _preload_thread
    if thread is not None:
        thread.join()
    return _import_keras()


# --- building ---------------------------------------------------------------------------------------
def build_model(spec: ModelSpec) -> Any:
    """Build `spec` into a Keras model; Keras' own refusal becomes a ModelError with its reason.

    The caps are checked again here, on every spec (one a grader changed too, such as a Sequential
    given the reference's Input), before Keras is even loaded.
    """
    check_size(spec)
    keras = ensure_loaded()
    with _LOCK, _quiet_stderr(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _clear_session(keras)   # fresh layer names (simple_rnn, dense, dense_1) for every model
        try:
            # In a stateless scope Keras creates each weight with its shape and runs no initializer:
            # the truths are shapes and counts, and random kernels were most of a build's time.
            with keras.StatelessScope(initialize_variables=False):
                model = _build(keras, spec)
            params = model.count_params() if model.built else 0
        except ModelError:
            raise
        except Exception as exc:  # noqa: BLE001 - Keras refuses with many exception types
            raise ModelError(tr("Keras bouwt dit model niet: ", "Keras does not build this model: ")
                             + _keras_reason(exc)) from None
    if params > MAX_PARAMS:
        raise ModelError(tr(f"dit model heeft {params:,} parameters; hoogstens {MAX_PARAMS:,}",
                            f"this model has {params:,} parameters; at most {MAX_PARAMS:,}"))
    return model


def _keras_reason(exc: Exception) -> str:
    """The first informative line of a Keras error, without ANSI colours or 'Exception encountered' framing."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("Exception encountered when calling", "Arguments received"))]
    reason = lines[0] if lines else type(exc).__name__
    return reason if len(reason) <= 300 else reason[:297] + "..."


def _build(keras: Any, spec: ModelSpec) -> Any:
    made: dict[LayerSpec, Any] = {}

    def value(v: Any) -> Any:
        if isinstance(v, LayerSpec):
            return layer(v)
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, tuple):
            return tuple(value(x) for x in v)
        return v

    def layer(ls: LayerSpec) -> Any:
        if ls not in made:
            ctor = keras.Input if ls.cls == "Input" else getattr(keras.layers, ls.cls)
            made[ls] = ctor(*value(ls.args), **{k: value(v) for k, v in ls.kwargs.items()})
        return made[ls]

    name = {"name": spec.name} if spec.name else {}
    if spec.kind == "sequential":
        return keras.Sequential([layer(ls) for ls in spec.layers], **name)
    # The nodes the model's inputs and outputs need, found with a stack rather than recursion, are built in the
    # order they were made: each node's inputs were made before it.
    needed: set[int] = set()
    stack = _refs(spec.inputs) + _refs(spec.outputs)
    while stack:
        ref = stack.pop()
        if ref.node not in needed:
            needed.add(ref.node)
            node = spec.nodes[ref.node]
            stack += _refs(node.inputs) + [r for v in node.kwargs.values() for r in _refs(v)]
    tensors: dict[int, Any] = {}

    def tensor(ref: Any) -> Any:
        if isinstance(ref, (list, tuple)):
            return [tensor(r) for r in ref]
        if not isinstance(ref, TensorRef):
            return ref
        out = tensors[ref.node]
        return out if ref.index is None else out[ref.index]

    for i in sorted(needed):
        node = spec.nodes[i]
        if node.inputs is None:
            tensors[i] = layer(node.layer)
        else:
            tensors[i] = layer(node.layer)(tensor(node.inputs), **{k: tensor(v) for k, v in node.kwargs.items()})
    return keras.Model(inputs=tensor(spec.inputs), outputs=tensor(spec.outputs), **name)


def _refs(value: Any) -> list[TensorRef]:
    """The tensor references in a node's inputs or keyword value (one, or a flat list of them)."""
    if isinstance(value, TensorRef):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, TensorRef)]
    return []


# --- truths -------------------------------------------------------------------------------------------
def _shape(shape: Any) -> list:
    return [None if d is None else int(d) for d in shape]


def _shapes(tensors: Any) -> Any:
    """One tensor's shape as a list; several tensors' shapes as a list of lists."""
    if isinstance(tensors, (list, tuple)):
        return _shape(tensors[0].shape) if len(tensors) == 1 else [_shapes(t) for t in tensors]
    return _shape(tensors.shape)


def _kind(cls: str) -> str:
    if cls in ("SimpleRNN", "LSTM", "GRU", "RNN") or cls.startswith("ConvLSTM"):
        return "recurrent"
    if cls in ("Dense", "EinsumDense"):
        return "dense"
    if "Pooling" in cls:
        return "pooling"
    if "Conv" in cls:
        return "conv"
    if cls.endswith("Normalization"):
        return "normalization"
    return "other"


def _weight_names(layer: Any) -> list[str]:
    """Keras 3 weight names; where two would clash (Bidirectional), the path inside the layer, without cells."""
    names = [w.name for w in layer.weights]
    if len(set(names)) == len(names):
        return names
    out = []
    for w in layer.weights:
        parts = w.path.split("/")
        inside = parts[parts.index(layer.name) + 1:] if layer.name in parts else parts[-1:]
        out.append("/".join(p for p in inside if not p.endswith("_cell")))
    return out


def _layer_truth(layer: Any) -> dict:
    cls = type(layer).__name__
    inner = getattr(layer, "forward_layer", None) or getattr(layer, "layer", None) or layer
    entry: dict[str, Any] = {"name": layer.name, "class": cls, "kind": _kind(type(inner).__name__)}
    if inner is not layer:
        entry["wraps"] = type(inner).__name__
    for io in ("input", "output"):
        try:
            entry[f"{io}_shape"] = _shapes(getattr(layer, io))
        except (AttributeError, ValueError, RuntimeError):   # a shared layer has no single input/output
            entry[f"{io}_shape"] = None
    entry["params"] = int(layer.count_params())
    activation = getattr(inner, "activation", None)
    entry["activation"] = getattr(activation, "__name__", None) if callable(activation) else activation
    if hasattr(inner, "return_sequences"):
        entry["return_sequences"] = bool(inner.return_sequences)
    for attr in ("units", "filters"):
        if isinstance(getattr(inner, attr, None), int):
            entry[attr] = int(getattr(inner, attr))
    for attr in ("padding", "dilation_rate", "strides", "kernel_size"):  # the settings a code question may compare
        value = getattr(inner, attr, None)
        if isinstance(value, str) or (isinstance(value, (tuple, list)) and all(isinstance(v, int) for v in value)):
            entry[attr] = value if isinstance(value, str) else [int(v) for v in value]
    entry["weights"] = [{"name": name, "shape": _shape(w.shape), "trainable": bool(w.trainable)}
                        for name, w in zip(_weight_names(layer), layer.weights, strict=True)]
    return entry


def spec_truths(spec: ModelSpec) -> dict:
    """Build `spec` with live Keras and read its truths (no cache)."""
    model = build_model(spec)
    if not model.built:
        raise ModelError(tr("Keras kan het model niet bouwen zonder invoervorm: begin met keras.Input(shape=...)",
                            "Keras cannot build the model without an input shape: start with keras.Input(shape=...)"))
    with _LOCK:
        layers = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
        return {
            "keras_version": keras_version() or ensure_loaded().__version__,
            "input_shape": _shapes(model.inputs),
            "output_shape": _shapes(model.outputs),
            "total_params": int(model.count_params()),
            "trainable_params": int(sum(math.prod(w.shape) for w in model.trainable_weights)),
            "layers": [_layer_truth(layer) for layer in layers],
        }


_live_memo: dict[str, dict] = {}


def live_truths(source: str, variables: dict | None = None) -> dict:
    """Truths computed by live Keras, never read from a cache (`dlquiz check`; `truths.truths` on a miss).

    A model text is built once per process: a bank asks several questions of one model (its total,
    a layer's count, a weight's shape), and `check` need not build it for each."""
    text = normalise(source, variables)
    if text not in _live_memo:
        _live_memo[text] = spec_truths(parse_text(text))
    return copy.deepcopy(_live_memo[text])


def refresh_shipped_cache(sources: list[tuple[str, dict]], path: Path | None = None) -> int:
    """Compute live truths for each (model text, variables) and write the shipped cache; returns the model count.

    Models no longer given are dropped; entries of other Keras versions for the given models are kept.
    """
    path = Path(path or cache.SHIPPED_CACHE)
    old = read_cache(path) or {}
    models: dict[str, dict] = {}
    for source, variables in sources:
        text = normalise(source, variables)
        key = text_key(text)
        if key in models:
            continue
        result = spec_truths(parse_text(text))
        kept = dict(old.get(key, {}).get("truths", {}))
        models[key] = {"model": text, "truths": {**kept, result["keras_version"]: result}}
    write_cache(path, models)
    return len(models)


def _clear_session(keras) -> None:
    """Reset Keras' name counters without its full garbage collection (0.16 s a model, most of a check)."""
    try:
        keras.backend.clear_session(free_memory=False)
    except TypeError:  # Keras before 3.6 has no free_memory
        keras.backend.clear_session()
