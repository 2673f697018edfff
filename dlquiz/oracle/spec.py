"""What a model text may hold (layers, their arguments, the caps) and the plain spec it is read into."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

# --- caps: checked on the spec, before Keras allocates a single weight ---------------------------
MAX_SOURCE_CHARS = 50_000
MAX_LAYERS = 100            # layers made, and (separately) layer applications and Sequential entries
MAX_UNITS = 10_000          # units, filters, output_dim
MAX_INT = 1_000_000         # any int anywhere in the model text
MAX_DIM = 100_000           # a dimension of a shape (Input, Reshape, RepeatVector, batch size)
MAX_PARAMS = 50_000_000
MAX_CONSTANTS = 1_000_000   # values Keras really allocates while building (Normalization given mean= and variance=)
MAX_STR = 200

LAYERS = frozenset({
    "Dense", "SimpleRNN", "LSTM", "GRU", "Conv1D", "Conv2D",
    "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
    "Flatten", "Dropout", "SpatialDropout1D", "LayerNormalization", "BatchNormalization", "Normalization",
    "Embedding", "TimeDistributed", "Bidirectional", "Reshape", "Concatenate", "Add", "Activation",
    "RepeatVector", "Permute", "InputLayer",
})

# Positional parameters as Keras 3 names them (the order of each layer's __init__); used to read arguments
# for the caps and the estimate. Arguments are passed to Keras exactly as written (positionally or by keyword).
_CONV = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate")
_POOL = ("pool_size", "strides", "padding", "data_format")
_GLOBAL = ("data_format", "keepdims")
POSITIONAL: dict[str, tuple[str, ...]] = {
    "Dense": ("units", "activation"), "SimpleRNN": ("units", "activation"),
    "LSTM": ("units", "activation", "recurrent_activation"), "GRU": ("units", "activation", "recurrent_activation"),
    "Conv1D": _CONV, "Conv2D": _CONV,
    "MaxPooling1D": _POOL, "MaxPooling2D": _POOL, "AveragePooling1D": _POOL, "AveragePooling2D": _POOL,
    "GlobalAveragePooling1D": _GLOBAL, "GlobalAveragePooling2D": _GLOBAL,
    "GlobalMaxPooling1D": _GLOBAL, "GlobalMaxPooling2D": _GLOBAL,
    "Flatten": ("data_format",), "Dropout": ("rate", "noise_shape", "seed"), "SpatialDropout1D": ("rate", "seed"),
    "LayerNormalization": ("axis", "epsilon"), "BatchNormalization": ("axis", "momentum", "epsilon"),
    "Normalization": ("axis", "mean", "variance"), "Embedding": ("input_dim", "output_dim"),
    "TimeDistributed": ("layer",), "Bidirectional": ("layer", "merge_mode"), "Reshape": ("target_shape",),
    "Concatenate": ("axis",), "Add": (), "Activation": ("activation",), "RepeatVector": ("n",),
    "Permute": ("dims",), "InputLayer": ("shape", "batch_size"), "Input": ("shape", "batch_size", "dtype"),
}

# Keywords per layer: the only ones a model text (a bank's or a student's) may pass; Keras 3 names them so
# (tests/test_oracle_caps.py checks each against Keras' own signatures). Anything else is refused before
# Keras sees it, with the allowed names. Left out on purpose: what allocates outside the size estimate
# (`stateful` keeps a state per batch row, `unroll` copies the cell per time step, `dtype` on a layer),
# regularizers, constraints, quantization and LoRA (a course answer never needs them), and every argument
# Keras turns into an object by looking up what it is given.
#
# Load-bearing, with this list: no argument value can be a dict, because the interpreter has no dict
# literal at all (`ast.Dict` is refused in interpreter.py). Keras deserialises a dict such as
# `kernel_initializer={"module": "os", "class_name": ...}` by importing the module it names; a name
# (string) is only looked up among Keras' own registered objects. Do not add dict literals, and keep the
# arguments Keras resolves by name in NAME_ARGS (strings or None only).
_BASE = ("name", "trainable")            # keras.layers.Layer's own keywords that a model text may use
_SHAPE = ("input_shape",)                 # read by Keras on a Sequential's first layer (Layer.__init__)
_INIT = ("kernel_initializer", "bias_initializer")
_RECURRENT = ("units", "activation", "use_bias", *_INIT, "recurrent_initializer", "dropout", "recurrent_dropout",
              "return_sequences", "return_state", "go_backwards", *_BASE, *_SHAPE)
_CONV_KW = (*_CONV, "activation", "use_bias", *_INIT, *_BASE, *_SHAPE)
_POOL_KW = (*_POOL, *_BASE, *_SHAPE)
_GLOBAL_KW = (*_GLOBAL, *_BASE, *_SHAPE)
_INPUT_KW = ("shape", "batch_size", "batch_shape", "dtype", "name")
KEYWORDS: dict[str, frozenset[str]] = {cls: frozenset(kws) for cls, kws in {
    "Dense": ("units", "activation", "use_bias", *_INIT, *_BASE, *_SHAPE, "input_dim"),
    "SimpleRNN": _RECURRENT,
    "LSTM": (*_RECURRENT, "recurrent_activation", "unit_forget_bias"),
    "GRU": (*_RECURRENT, "recurrent_activation", "reset_after"),
    "Conv1D": _CONV_KW, "Conv2D": _CONV_KW,
    "MaxPooling1D": _POOL_KW, "MaxPooling2D": _POOL_KW, "AveragePooling1D": _POOL_KW, "AveragePooling2D": _POOL_KW,
    "GlobalAveragePooling1D": _GLOBAL_KW, "GlobalAveragePooling2D": _GLOBAL_KW,
    "GlobalMaxPooling1D": _GLOBAL_KW, "GlobalMaxPooling2D": _GLOBAL_KW,
    "Flatten": ("data_format", *_BASE, *_SHAPE),
    "Dropout": ("rate", "noise_shape", "seed", *_BASE, *_SHAPE),
    "SpatialDropout1D": ("rate", "seed", "name"),          # takes no **kwargs: not even trainable or input_shape
    "LayerNormalization": ("axis", "epsilon", "center", "scale", *_BASE, *_SHAPE),
    "BatchNormalization": ("axis", "momentum", "epsilon", "center", "scale", *_BASE, *_SHAPE),
    "Normalization": ("axis", "mean", "variance", "invert", *_BASE, *_SHAPE),
    "Embedding": ("input_dim", "output_dim", "mask_zero", "embeddings_initializer", *_BASE, *_SHAPE),
    "TimeDistributed": ("layer", *_BASE, *_SHAPE),
    "Bidirectional": ("layer", "merge_mode", "backward_layer", *_BASE, *_SHAPE),
    "Reshape": ("target_shape", *_BASE, *_SHAPE),
    "Concatenate": ("axis", *_BASE),
    "Add": _BASE,
    "Activation": ("activation", *_BASE, *_SHAPE),
    "RepeatVector": ("n", *_BASE, *_SHAPE),
    "Permute": ("dims", *_BASE, *_SHAPE),
    "InputLayer": (*_INPUT_KW, "input_shape", "batch_input_shape"),   # the last two: Keras 2 names, still read
    "Input": _INPUT_KW,
}.items()}
# Arguments Keras resolves by name (activations, initializers, dtypes) or that are plain names: a string or None.
NAME_ARGS = frozenset({"activation", "recurrent_activation", "kernel_initializer", "bias_initializer",
                       "recurrent_initializer", "embeddings_initializer", "dtype", "name", "padding", "data_format",
                       "merge_mode"})
# Keywords for applying a layer in the functional style, `layer(x, training=False)`.
CALL_KEYWORDS: dict[str, frozenset[str]] = {cls: frozenset({"training", "mask"}) for cls in LAYERS}
for _cls in ("SimpleRNN", "LSTM", "GRU", "Bidirectional"):
    CALL_KEYWORDS[_cls] = CALL_KEYWORDS[_cls] | {"initial_state"}

# Every way a layer can be given its input shape (the size estimate reads each of them: estimate.given_shape).
SHAPE_ARGS = ("shape", "batch_shape", "input_shape", "batch_input_shape", "input_dim")
UNIT_ARGS = {"units", "filters", "output_dim"}
DIM_ARGS = {"shape", "batch_shape", "input_shape", "batch_input_shape", "input_dim", "target_shape", "batch_size",
            "n", "noise_shape"}
RECURRENT_GATES = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}     # gates per unit


# --- the spec: plain data that can be built into a Keras model later ----------------------------
@dataclass(eq=False)   # identity equality: one LayerSpec is one Keras layer, even when called twice
class LayerSpec:
    """One `keras.layers.<cls>(*args, **kwargs)` (or `keras.Input`) as written on `line`."""

    cls: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    line: int = 0

    def arg(self, name: str, default: Any = None) -> Any:
        """An argument by its Keras name, given positionally or by keyword."""
        if name in self.kwargs:
            return self.kwargs[name]
        names = POSITIONAL.get(self.cls, ())
        if name in names and names.index(name) < len(self.args):
            return self.args[names.index(name)]
        return default

    def given_shape(self) -> tuple | None:
        """The input shape this layer is given, batch axis first, as Keras 3 reads it; None when none is given.

        Input and InputLayer: `batch_shape` (InputLayer also `batch_input_shape`), else `batch_size` and
        `shape` (InputLayer also `input_shape`). Any other layer: `input_dim` (Dense) or `input_shape`,
        which Keras reads on a Sequential's first layer. The interpreter refuses a shape given two ways.
        """
        if self.cls in ("Input", "InputLayer"):
            batch = self.arg("batch_input_shape", self.arg("batch_shape"))
            if batch is not None:
                return _as_tuple(batch)
            shape = self.arg("input_shape", self.arg("shape"))
            return None if shape is None else (self.arg("batch_size"), *_as_tuple(shape))
        if self.cls != "Embedding" and self.arg("input_dim") is not None:   # Embedding's input_dim is its vocabulary
            return (None, self.arg("input_dim"))
        shape = self.arg("input_shape")
        return None if shape is None else (None, *_as_tuple(shape))


def _as_tuple(value: Any) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


@dataclass(frozen=True)
class TensorRef:
    """The output of graph node `node` (item `index` when a layer returns several tensors)."""

    node: int
    index: int | None = None


@dataclass
class NodeSpec:
    """A layer applied to tensors in the functional style (an `Input` node has no inputs)."""

    layer: LayerSpec
    inputs: Any = None           # TensorRef or a list of them
    kwargs: dict = field(default_factory=dict)


@dataclass
class ModelSpec:
    """A Sequential model (`layers`) or a functional one (`nodes`, `inputs`, `outputs`)."""

    kind: str                                    # "sequential" | "functional"
    layers: list[LayerSpec] = field(default_factory=list)
    nodes: list[NodeSpec] = field(default_factory=list)
    inputs: Any = None
    outputs: Any = None
    name: str | None = None

    def needs_input(self) -> bool:
        """A Sequential model that Keras cannot build: no Input and no `input_shape=` on its first layer."""
        if self.kind != "sequential":
            return False
        return not self.layers or (self.layers[0].cls not in ("Input", "InputLayer")
                                   and self.layers[0].given_shape() is None)

    def with_input(self, shape: list | tuple) -> ModelSpec:
        """This Sequential model with `keras.Input` of `shape` (batch axis first) put in front."""
        kwargs = {"shape": tuple(shape[1:])}
        if shape[0] is not None:
            kwargs["batch_size"] = shape[0]
        return replace(self, layers=[LayerSpec("Input", (), kwargs), *self.layers])


