"""A cheap parameter estimate from shapes alone, so an oversized model is refused before Keras allocates it."""

from __future__ import annotations

import math
from typing import Any

from dlquiz.oracle.spec import RECURRENT_GATES, LayerSpec, ModelSpec

# --- a cheap parameter estimate, so an oversized model is refused before Keras allocates it --------
Shape = tuple


def estimate_params(spec: ModelSpec) -> int:
    """Roughly the parameter count of `spec` (exact for the common layers), from shapes alone."""
    total = 0
    if spec.kind == "sequential":
        shape = None
        for layer in spec.layers:
            if layer.cls in ("Input", "InputLayer"):
                shape = _input_shape(layer)
                continue
            if shape is None and layer.arg("input_shape") is not None:
                shape = (None, *_tuple(layer.arg("input_shape")))
            shape, params = _estimate(layer, shape)
            total += params
        return total
    shapes: dict[int, Any] = {}

    def shape_of(ref: Any) -> Any:
        nonlocal total
        if isinstance(ref, (list, tuple)):
            return [shape_of(r) for r in ref]
        if ref.node not in shapes:
            node = spec.nodes[ref.node]
            if node.inputs is None:
                shapes[ref.node] = _input_shape(node.layer)
            else:
                shapes[ref.node], params = _estimate(node.layer, shape_of(node.inputs))
                total += params
        out = shapes[ref.node]
        if ref.index is not None:
            return out[ref.index] if isinstance(out, list) and ref.index < len(out) else None
        return out[0] if isinstance(out, list) else out

    shape_of(spec.outputs)
    return total


def _tuple(value: Any) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _input_shape(layer: LayerSpec) -> Shape | None:
    if layer.arg("batch_shape") is not None:
        return _tuple(layer.arg("batch_shape"))
    if layer.arg("shape") is None:
        return None
    return (layer.arg("batch_size"), *_tuple(layer.arg("shape")))


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _prod(dims) -> int | None:
    return None if any(d is None for d in dims) else math.prod(dims)


def _estimate(layer: LayerSpec, shape: Any) -> tuple[Any, int]:
    """(output shape, parameters) of `layer` on input `shape`; (None, 0) when the shape cannot be told.

    Unknown shapes count as zero: then Keras cannot build the weights either and refuses the model.
    """
    try:
        return _estimate_one(layer, shape)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None, 0


def _estimate_one(layer: LayerSpec, shape: Any) -> tuple[Any, int]:
    c = layer.cls
    if shape is None or (isinstance(shape, list) and any(s is None for s in shape)):
        return None, 0
    if c in ("Concatenate", "Add"):
        shapes = shape if isinstance(shape, list) else [shape]
        out = list(shapes[0])
        if c == "Concatenate":
            axis = layer.arg("axis", -1)
            out[axis] = None if any(s[axis] is None for s in shapes) else sum(s[axis] for s in shapes)
        return tuple(out), 0
    if isinstance(shape, list):
        shape = shape[0]
    f = _int(shape[-1])
    if c == "Dense":
        units = _int(layer.arg("units"))
        return (*shape[:-1], units), (f + 1) * units
    if c in RECURRENT_GATES:
        units = _int(layer.arg("units"))
        out = (shape[0], shape[1], units) if layer.arg("return_sequences") else (shape[0], units)
        if layer.arg("return_state"):
            out = [out] + [(shape[0], units)] * (2 if c == "LSTM" else 1)
        biases = 2 if c == "GRU" and layer.arg("reset_after", True) else 1   # GRU's reset_after has a second bias
        return out, RECURRENT_GATES[c] * (f + units + biases) * units
    if c in ("TimeDistributed", "Bidirectional"):
        inner = layer.arg("layer")
        if c == "TimeDistributed":
            out, params = _estimate(inner, (shape[0], *shape[2:]))
            return (None if out is None else (shape[0], shape[1], *out[1:])), params
        out, params = _estimate(inner, shape)
        back = layer.arg("backward_layer")
        params += _estimate(back, shape)[1] if isinstance(back, LayerSpec) else params
        first = out[0] if isinstance(out, list) else out
        if first is not None and layer.arg("merge_mode", "concat") == "concat":
            first = (*first[:-1], _int(first[-1]) * 2)
        return first, params
    if c in ("Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D"):
        return _estimate_window(layer, shape)
    if c.startswith("Global"):
        first = layer.arg("data_format") == "channels_first"
        return (shape[0], shape[1] if first else shape[-1]), 0
    if c == "Flatten":
        return (shape[0], _prod(shape[1:])), 0
    if c in ("LayerNormalization", "BatchNormalization", "Normalization"):
        axis = layer.arg("axis", -1)
        n = math.prod(_int(shape[a]) for a in _tuple(axis)) if axis is not None else f
        return shape, {"LayerNormalization": 2 * n, "BatchNormalization": 4 * n, "Normalization": 2 * n + 1}[c]
    if c == "Embedding":
        dim = _int(layer.arg("output_dim"))
        return (*shape, dim), _int(layer.arg("input_dim")) * dim
    if c == "Reshape":
        target = list(_tuple(layer.arg("target_shape")))
        if -1 in target:
            known = math.prod(d for d in target if d != -1) or 1
            whole = _prod(shape[1:])
            target[target.index(-1)] = None if whole is None else whole // known
        return (shape[0], *target), 0
    if c == "RepeatVector":
        return (shape[0], layer.arg("n"), shape[-1]), 0
    if c == "Permute":
        return (shape[0], *(shape[d] for d in layer.arg("dims"))), 0
    return shape, 0     # Dropout, SpatialDropout1D, Activation: shape unchanged, no weights


def _estimate_window(layer: LayerSpec, shape: Shape) -> tuple[Shape, int]:
    """Convolution and pooling: output size per spatial axis, and the conv kernel's parameters."""
    nd = 1 if layer.cls.endswith("1D") else 2
    conv = layer.cls.startswith("Conv")
    first = layer.arg("data_format") == "channels_first"
    channels = shape[1] if first else shape[-1]
    spatial = shape[2:] if first else shape[1:-1]
    size = layer.arg("kernel_size") if conv else layer.arg("pool_size", 2)
    kernel = [_int(k) for k in _tuple(size)] * (nd if not isinstance(size, (list, tuple)) else 1)
    default_stride = 1 if conv else size
    strides = _tuple(layer.arg("strides") or default_stride)
    strides = [_int(s) or 1 for s in (strides * nd if len(strides) == 1 else strides)]
    dilation = _tuple(layer.arg("dilation_rate", 1))
    dilation = [_int(d) or 1 for d in (dilation * nd if len(dilation) == 1 else dilation)]
    padding = str(layer.arg("padding", "valid")).lower()
    out_spatial = []
    for n, k, s, d in zip(spatial, kernel, strides, dilation, strict=False):
        if n is None:
            out_spatial.append(None)
        elif padding == "valid":
            out_spatial.append(max(0, (n - (k - 1) * d - 1) // s + 1))
        else:
            out_spatial.append(-(-n // s))
    out_channels = _int(layer.arg("filters")) if conv else channels
    out = (shape[0], out_channels, *out_spatial) if first else (shape[0], *out_spatial, out_channels)
    params = math.prod(kernel) * _int(channels) * out_channels + out_channels if conv else 0
    return out, params


