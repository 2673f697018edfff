"""Answers read off a model's truths: a count, a shape, an activation, and how Keras counts parameters."""

from __future__ import annotations

from typing import Any, Literal, get_args

from dlquiz.errors import ModelError
from dlquiz.i18n import tr

# What a keras question may ask about its model: the one list (the schema's `ask:` and the answers).
Ask = Literal["total_params", "trainable_params", "layer_params", "input_shape", "output_shape", "weight_shape",
              "step_input_shape", "state_shape", "activation", "layer_count"]
ASKS: tuple[str, ...] = get_args(Ask)
KINDS = ("recurrent", "dense", "conv", "normalization", "pooling", "other")
NUMBER_ASKS = {"total_params", "trainable_params", "layer_params", "layer_count"}
PARAM_ASKS = {"total_params", "trainable_params", "layer_params"}
ACTIVATION_NAMES = {
    "tanh": ["tanh", "tangens hyperbolicus", "hyperbolische tangens", "hyperbolic tangent"],
    "relu": ["relu", "rectified linear unit"],
    "sigmoid": ["sigmoid", "sigmoide", "logistic", "logistische functie"],
    "linear": ["linear", "lineair", "geen activatie", "no activation", "identity", "identiteit"],
    "softmax": ["softmax"],
}


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
