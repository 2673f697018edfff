"""A cheap size estimate from shapes alone, so an oversized model is refused before Keras allocates it.

Every allowed layer has its estimator in `ESTIMATES` (a test checks it). A layer without one, or one whose
arguments the estimate cannot read once its input shape is known, is refused: it is never counted as a
layer without weights. Every way of giving an input shape is read by `LayerSpec.given_shape`.

Nothing here recurses over the graph: functional nodes are visited in the order they were made, in which
every node's inputs come before it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dlquiz.errors import ModelError
from dlquiz.i18n import tr
from dlquiz.oracle.spec import (
    MAX_CONSTANTS,
    MAX_LAYERS,
    MAX_PARAMS,
    RECURRENT_GATES,
    LayerSpec,
    ModelSpec,
    TensorRef,
)

# A shape is a tuple, batch axis first, of ints and None (an unknown size: Keras makes no weight along it).
# A layer with several outputs has a list of shapes. `None` instead of a shape means no input shape was
# given at all; then Keras cannot build the layer's weights either.
Shape = tuple
_INPUTS = ("Input", "InputLayer")
_MERGE = ("Concatenate", "Add")


@dataclass
class Size:
    """What building a model costs: weights, and values allocated outright."""

    params: int = 0      # weights: in dlquiz's stateless build Keras gives them a shape, but no memory
    constants: int = 0   # values Keras allocates while building (Normalization given mean= and variance=)

    def __add__(self, other: Size) -> Size:
        return Size(self.params + other.params, self.constants + other.constants)


class _Unreadable(Exception):
    """The estimate cannot tell this layer's output shape or size from its arguments."""


_READ_ERRORS = (_Unreadable, TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError,
                ZeroDivisionError)


# --- the whole model ---------------------------------------------------------------------------------
def applications(spec: ModelSpec) -> int:
    """How many times layers are applied: a Sequential's layers, or a functional model's non-Input nodes."""
    if spec.kind == "sequential":
        return sum(1 for layer in spec.layers if layer.cls not in _INPUTS)
    return sum(1 for node in spec.nodes if node.inputs is not None)


def check_size(spec: ModelSpec) -> Size:
    """Refuse (ModelError) a model above the caps, before Keras builds it; return its estimated size."""
    count = applications(spec)
    if count > MAX_LAYERS:
        raise ModelError(tr(f"dit model past {count} keer een laag toe; hoogstens {MAX_LAYERS} keer is toegestaan",
                            f"this model applies a layer {count} times; at most {MAX_LAYERS} are allowed"))
    size = estimate(spec)
    if size.params > MAX_PARAMS:
        raise ModelError(tr(f"dit model heeft ongeveer {size.params:,} parameters; hoogstens {MAX_PARAMS:,} zijn "
                            "toegestaan",
                            f"this model has about {size.params:,} parameters; at most {MAX_PARAMS:,} are allowed"))
    if size.constants > MAX_CONSTANTS:
        raise ModelError(tr(f"dit model maakt bij het bouwen {size.constants:,} vaste waarden aan (Normalization met "
                            f"mean= en variance=); hoogstens {MAX_CONSTANTS:,} zijn toegestaan",
                            f"building this model creates {size.constants:,} fixed values (Normalization with mean= "
                            f"and variance=); at most {MAX_CONSTANTS:,} are allowed"))
    return size


def estimate_params(spec: ModelSpec) -> int:
    """Roughly the parameter count of `spec` (exact for the common layers), from shapes alone."""
    return estimate(spec).params


def estimate(spec: ModelSpec) -> Size:
    """The size of `spec`: each layer counted once (its largest application), wrapped layers with their wrapper.

    Raises ModelError, naming the line, for a layer the estimate cannot read.
    """
    sizes: dict[LayerSpec, Size] = {}
    if spec.kind == "sequential":
        shape = None
        for layer in spec.layers:
            if layer.cls in _INPUTS:
                shape = _given(layer)
                continue
            if shape is None:
                shape = _given(layer)   # input_shape= / input_dim= (Keras reads it on the first layer)
            shape = _apply(layer, shape, sizes)
    else:
        outs: list[Any] = []
        for node in spec.nodes:
            if node.inputs is None:
                outs.append(_given(node.layer))
            else:
                outs.append(_apply(node.layer, _resolve(node, outs), sizes))
    total = Size()
    for size in sizes.values():
        total += size
    return total


def _refusal(layer: LayerSpec) -> ModelError:
    return ModelError(tr(f"regel {layer.line}: de grootte van {layer.cls} kan niet bepaald worden uit deze "
                         "argumenten en invoervorm",
                         f"line {layer.line}: the size of {layer.cls} cannot be told from these arguments and "
                         "input shape"))


def _given(layer: LayerSpec) -> Shape | None:
    try:
        shape = layer.given_shape()
        return None if shape is None else tuple(_dim(d) for d in shape)
    except _READ_ERRORS:
        raise _refusal(layer) from None


def _resolve(node: Any, outs: list) -> Any:
    """The shapes of a node's inputs (a TensorRef or a flat list of them) from the shapes made so far."""
    def one(ref: TensorRef) -> Any:
        out = outs[ref.node]
        if ref.index is None or out is None:
            return out
        if isinstance(out, list):
            if not 0 <= ref.index < len(out):
                raise _refusal(node.layer)
            return out[ref.index]
        if len(out) < 1:
            raise _refusal(node.layer)
        return out[1:]           # `a, b = layer(x)` indexes one tensor along its first axis

    return [one(r) for r in node.inputs] if isinstance(node.inputs, (list, tuple)) else one(node.inputs)


def _unknown(shape: Any) -> bool:
    return shape is None or (isinstance(shape, list) and any(s is None for s in shape))


def _apply(layer: LayerSpec, shape: Any, sizes: dict[LayerSpec, Size]) -> Any:
    """The output shape of `layer` on `shape`; its size is kept in `sizes` (the largest if applied again)."""
    if _unknown(shape):
        return None          # no input shape given upstream: Keras cannot build this layer either
    try:
        out, size = _layer(layer, shape)
    except _READ_ERRORS:
        raise _refusal(layer) from None
    old = sizes.get(layer, Size())  # a LayerSpec hashes by identity: one spec is one Keras layer
    sizes[layer] = Size(max(old.params, size.params), max(old.constants, size.constants))
    return out


def _layer(layer: LayerSpec, shape: Any) -> tuple[Any, Size]:
    estimator = ESTIMATES.get(layer.cls) if isinstance(layer, LayerSpec) else None
    if estimator is None:
        raise _Unreadable(layer)
    if isinstance(shape, list) and layer.cls not in _MERGE:
        # several tensors into a one-tensor layer: count the largest, pass on the first
        results = [estimator(layer, s) for s in shape]
        return results[0][0], Size(max(r[1].params for r in results), max(r[1].constants for r in results))
    if not isinstance(shape, list) and layer.cls in _MERGE:
        shape = [shape]
    return estimator(layer, shape)


# --- reading arguments ------------------------------------------------------------------------------
def _tuple(value: Any) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _dim(value: Any) -> int | None:
    """A dimension as Keras could read it: None stays unknown; a whole float counts as its int (never less)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return max(int(value), 0)
    raise _Unreadable(value)


def _n(value: Any) -> int:
    """A count (units, a kernel size, a dimension a weight is made along); unknown counts as 0: no weight."""
    return _dim(value) or 0


def _prod(dims) -> int | None:
    return None if any(d is None for d in dims) else math.prod(_n(d) for d in dims)


def _on(layer: LayerSpec, name: str) -> bool:
    """A True/False option that is on unless written as False (an estimate errs towards the larger size)."""
    return layer.arg(name) is not False


# --- one estimator per allowed layer: (layer, input shape) -> (output shape, size) ---------------------
def _same(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    return shape, Size()        # Dropout, SpatialDropout1D, Activation: shape unchanged, no weights


def _source(layer: LayerSpec, shape: Any) -> tuple[Any, Size]:
    return _given(layer), Size()   # Input, InputLayer: the shape they are given


def _dense(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    units, f = _n(layer.arg("units")), _n(shape[-1])
    return (*shape[:-1], units), Size(f * units + (units if _on(layer, "use_bias") else 0))


def _recurrent(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    units, f = _n(layer.arg("units")), _n(shape[-1])
    out: Any = (shape[0], shape[1], units) if layer.arg("return_sequences") else (shape[0], units)
    if layer.arg("return_state"):
        out = [out] + [(shape[0], units)] * (2 if layer.cls == "LSTM" else 1)
    biases = 2 if layer.cls == "GRU" and _on(layer, "reset_after") else 1   # GRU's reset_after: a second bias
    return out, Size(RECURRENT_GATES[layer.cls] * (f + units + biases) * units)


def _inner(layer: LayerSpec, name: str) -> LayerSpec:
    inner = layer.arg(name)
    if not isinstance(inner, LayerSpec):
        raise _Unreadable(layer)
    return inner


def _time_distributed(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    out, size = _layer(_inner(layer, "layer"), (shape[0], *shape[2:]))
    first = out[0] if isinstance(out, list) else out
    return (shape[0], shape[1], *first[1:]), size


def _bidirectional(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    out, size = _layer(_inner(layer, "layer"), shape)
    back = layer.arg("backward_layer")
    size = size + (_layer(back, shape)[1] if back is not None else size)
    first, states = (out[0], list(out[1:])) if isinstance(out, list) else (out, [])
    mode = layer.arg("merge_mode", "concat")
    if mode is None:
        outs = [first, first]
    elif mode == "concat":
        outs = [(*first[:-1], None if first[-1] is None else 2 * _n(first[-1]))]
    else:
        outs = [first]
    return ([*outs, *states, *states] if states or len(outs) > 1 else outs[0]), size


def _window(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    """Convolution and pooling: output size per spatial axis, and the conv kernel's parameters."""
    nd = 1 if layer.cls.endswith("1D") else 2
    conv = layer.cls.startswith("Conv")
    first = layer.arg("data_format") == "channels_first"
    channels = shape[1] if first else shape[-1]
    spatial = shape[2:] if first else shape[1:-1]
    size = layer.arg("kernel_size") if conv else layer.arg("pool_size", 2)
    kernel = [_n(k) for k in _tuple(size)] * (1 if isinstance(size, (list, tuple)) else nd)
    strides = _tuple(layer.arg("strides") or (1 if conv else size))
    strides = [_n(s) or 1 for s in (strides * nd if len(strides) == 1 else strides)]
    dilation = _tuple(layer.arg("dilation_rate", 1))
    dilation = [_n(d) or 1 for d in (dilation * nd if len(dilation) == 1 else dilation)]
    padding = str(layer.arg("padding", "valid")).lower()
    out_spatial = []
    for n, k, s, d in zip(spatial, kernel, strides, dilation, strict=False):
        if n is None:
            out_spatial.append(None)
        elif padding == "valid":
            out_spatial.append(max(0, (_n(n) - (k - 1) * d - 1) // s + 1))
        else:
            out_spatial.append(-(-_n(n) // s))
    out_channels = _n(layer.arg("filters")) if conv else channels
    out = (shape[0], out_channels, *out_spatial) if first else (shape[0], *out_spatial, out_channels)
    bias = out_channels if _on(layer, "use_bias") else 0
    return out, Size(math.prod(kernel) * _n(channels) * out_channels + bias if conv else 0)


def _global(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    first = layer.arg("data_format") == "channels_first"
    channels = shape[1] if first else shape[-1]
    if not layer.arg("keepdims"):
        return (shape[0], channels), Size()
    ones = (1,) * (1 if layer.cls.endswith("1D") else 2)
    return ((shape[0], channels, *ones) if first else (shape[0], *ones, channels)), Size()


def _flatten(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    return (shape[0], _prod(shape[1:])), Size()


def _axes(layer: LayerSpec, shape: Shape) -> int:
    """How many values a normalization keeps per statistic: the product of the sizes along `axis`."""
    axis = layer.arg("axis", -1)
    if axis is None:
        return _n(shape[-1])
    return math.prod(_n(shape[a]) for a in _tuple(axis))


def _layer_normalization(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    n = _axes(layer, shape)
    return shape, Size(n * (_on(layer, "center") + _on(layer, "scale")))


def _batch_normalization(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    n = _axes(layer, shape)   # moving mean and variance, and gamma and beta
    return shape, Size(n * (2 + _on(layer, "center") + _on(layer, "scale")))


def _normalization(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    n = _axes(layer, shape)
    given = layer.arg("mean") is not None or layer.arg("variance") is not None
    # Given mean and variance are broadcast to the kept axes and allocated at once, stateless or not.
    return shape, Size(2 * n + 1, 2 * n if given else 0)


def _embedding(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    dim = _n(layer.arg("output_dim"))
    return (*shape, dim), Size(_n(layer.arg("input_dim")) * dim)


def _reshape(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    target = [d if d == -1 else _dim(d) for d in _tuple(layer.arg("target_shape"))]
    if -1 in target:
        known = math.prod(_n(d) for d in target if d != -1) or 1
        whole = _prod(shape[1:])
        target[target.index(-1)] = None if whole is None else whole // known
    return (shape[0], *target), Size()


def _repeat_vector(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    return (shape[0], _dim(layer.arg("n")), shape[-1]), Size()


def _permute(layer: LayerSpec, shape: Shape) -> tuple[Any, Size]:
    dims = _tuple(layer.arg("dims"))
    if not all(isinstance(d, int) for d in dims):
        raise _Unreadable(layer)
    return (shape[0], *(shape[d] for d in dims)), Size()


def _largest(dims) -> int | None:
    """One axis of several tensors merged: the largest known size (Keras broadcasts size 1), None if none is known."""
    known = [_n(d) for d in dims if d is not None]
    return max(known) if known else None


def _add(layer: LayerSpec, shapes: list) -> tuple[Any, Size]:
    rank = max(len(s) for s in shapes)
    padded = [(1,) * (rank - len(s)) + tuple(s) for s in shapes]       # broadcast from the right, as Keras does
    return tuple(_largest(axis) for axis in zip(*padded, strict=True)), Size()


def _concatenate(layer: LayerSpec, shapes: list) -> tuple[Any, Size]:
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        raise _Unreadable(layer)
    axis = layer.arg("axis", -1)
    if not isinstance(axis, int):
        raise _Unreadable(layer)
    axis = axis % rank
    out = [_largest(dims) for dims in zip(*shapes, strict=True)]
    along = [s[axis] for s in shapes]
    out[axis] = None if any(d is None for d in along) else sum(_n(d) for d in along)
    return tuple(out), Size()


ESTIMATES: dict[str, Callable[[LayerSpec, Any], tuple[Any, Size]]] = {
    "Input": _source, "InputLayer": _source,
    "Dense": _dense, "SimpleRNN": _recurrent, "LSTM": _recurrent, "GRU": _recurrent,
    "Conv1D": _window, "Conv2D": _window, "MaxPooling1D": _window, "MaxPooling2D": _window,
    "AveragePooling1D": _window, "AveragePooling2D": _window,
    "GlobalAveragePooling1D": _global, "GlobalAveragePooling2D": _global,
    "GlobalMaxPooling1D": _global, "GlobalMaxPooling2D": _global,
    "Flatten": _flatten, "Dropout": _same, "SpatialDropout1D": _same, "Activation": _same,
    "LayerNormalization": _layer_normalization, "BatchNormalization": _batch_normalization,
    "Normalization": _normalization, "Embedding": _embedding,
    "TimeDistributed": _time_distributed, "Bidirectional": _bidirectional,
    "Reshape": _reshape, "RepeatVector": _repeat_vector, "Permute": _permute,
    "Concatenate": _concatenate, "Add": _add,
}
