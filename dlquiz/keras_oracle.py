"""The Keras oracle: the one module that imports Keras/TensorFlow, and only inside functions.

- `parse_model` reads model text with `ast` and a small allow-listed interpreter (never `exec`) into a
  `ModelSpec`, refusing oversized models before anything is allocated;
- `build_model` and `live_truths` read parameter counts and shapes off the model Keras builds;
- the cached side lives in `truths.py` (re-exported here): `cached_truths` answers from a user and a
  shipped cache without Keras, `truths` falls back on `live_truths`, `answer_for` and
  `param_breakdown` turn truths into answers and explanations.
"""

from __future__ import annotations

import ast
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ModelError
from .i18n import tr
from .truths import (  # noqa: F401  (the cached side, re-exported for callers of the oracle)
    _read_cache,
    _write_cache,
    answer_for,
    cached_truths,
    keras_version,
    normalise,
    param_breakdown,
    text_key,
    truths,
)

# --- caps: checked on the spec, before Keras allocates a single weight ---------------------------
MAX_SOURCE_CHARS = 50_000
MAX_LAYERS = 100
MAX_UNITS = 10_000          # units, filters, output_dim
MAX_INT = 1_000_000         # any int anywhere in the model text
MAX_DIM = 100_000           # a dimension of a shape (Input, Reshape, RepeatVector, batch size)
MAX_PARAMS = 50_000_000
MAX_STR = 200

LAYERS = frozenset({
    "Dense", "SimpleRNN", "LSTM", "GRU", "Conv1D", "Conv2D",
    "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
    "Flatten", "Dropout", "SpatialDropout1D", "LayerNormalization", "BatchNormalization", "Normalization",
    "Embedding", "TimeDistributed", "Bidirectional", "Reshape", "Concatenate", "Add", "Activation",
    "RepeatVector", "Permute", "InputLayer",
})

# Positional parameters as Keras 3 names them; used to read arguments for the caps and the estimate.
# Arguments are passed to Keras exactly as written (positionally or by keyword).
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
_UNIT_ARGS = {"units", "filters", "output_dim"}
_DIM_ARGS = {"shape", "batch_shape", "input_shape", "target_shape", "batch_size", "n"}
_RECURRENT = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}     # gates per unit



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
                                   and self.layers[0].arg("input_shape") is None)

    def with_input(self, shape: list | tuple) -> ModelSpec:
        """This Sequential model with `keras.Input` of `shape` (batch axis first) put in front."""
        kwargs = {"shape": tuple(shape[1:])}
        if shape[0] is not None:
            kwargs["batch_size"] = shape[0]
        return replace(self, layers=[LayerSpec("Input", (), kwargs), *self.layers])


# --- the safe interpreter ------------------------------------------------------------------------
@dataclass(frozen=True)
class _Ns:
    """A module the model text may name: keras, keras.layers, keras.models, keras.activations, tf."""

    path: str


@dataclass(frozen=True)
class _Ctor:
    """Something the model text may call: a layer class, Input, Sequential or Model."""

    kind: str   # "layer" | "input" | "sequential" | "model"
    name: str


_MODULES = {"keras": "keras", "tensorflow": "tf", "tensorflow.keras": "keras", "keras.layers": "keras.layers",
            "tensorflow.keras.layers": "keras.layers", "keras.models": "keras.models",
            "tensorflow.keras.models": "keras.models"}
_ALLOWED_NL = "toegestaan zijn keras.Sequential, keras.Input, keras.Model en keras.layers.<Laag>(...)"
_ALLOWED_EN = "allowed are keras.Sequential, keras.Input, keras.Model and keras.layers.<Layer>(...)"
_NODE_WORDS = {
    ast.Lambda: ("lambda", "lambda"), ast.ListComp: ("een comprehension", "a comprehension"),
    ast.SetComp: ("een comprehension", "a comprehension"), ast.DictComp: ("een comprehension", "a comprehension"),
    ast.GeneratorExp: ("een generator", "a generator"), ast.Subscript: ("indexeren met [...]", "subscripting with [...]"),
    ast.JoinedStr: ("een f-string", "an f-string"), ast.BinOp: ("rekenen met operatoren", "arithmetic operators"),
    ast.Dict: ("een dict", "a dict"), ast.Set: ("een set", "a set"), ast.Compare: ("een vergelijking", "a comparison"),
    ast.BoolOp: ("and/or", "and/or"), ast.IfExp: ("een if-expressie", "an if expression"),
    ast.NamedExpr: ("de operator :=", "the := operator"), ast.Starred: ("uitpakken met *", "unpacking with *"),
    ast.Await: ("await", "await"), ast.Yield: ("yield", "yield"),
}


def parse_model(source: str, variables: dict | None = None) -> ModelSpec:
    """Read model text (after `{name}` substitution) into a ModelSpec, without running it as Python.

    Raises ModelError, naming the line, for anything outside the allow-list or above the caps.
    """
    return _parse(normalise(source, variables))


def _parse(text: str) -> ModelSpec:
    if len(text) > MAX_SOURCE_CHARS:
        raise ModelError(tr(f"de modeltekst is te lang (meer dan {MAX_SOURCE_CHARS} tekens)",
                            f"the model text is too long (over {MAX_SOURCE_CHARS} characters)"))
    try:
        tree = ast.parse(text, mode="exec")
    except SyntaxError as exc:
        raise ModelError(tr(f"regel {exc.lineno or 1}: geen geldige Python-syntaxis ({exc.msg})",
                            f"line {exc.lineno or 1}: not valid Python syntax ({exc.msg})")) from None
    except (ValueError, RecursionError, MemoryError):
        raise ModelError(tr("de modeltekst kan niet gelezen worden", "the model text cannot be read")) from None
    try:
        spec = _Interpreter(text).run(tree)
    except RecursionError:
        raise ModelError(tr("de modeltekst is te diep genest", "the model text is nested too deeply")) from None
    params = estimate_params(spec)
    if params > MAX_PARAMS:
        raise ModelError(tr(f"dit model heeft ongeveer {params:,} parameters; hoogstens {MAX_PARAMS:,} zijn toegestaan",
                            f"this model has about {params:,} parameters; at most {MAX_PARAMS:,} are allowed"))
    return spec


class _Interpreter:
    """Walks the ast of a model text and evaluates only the allow-listed forms."""

    def __init__(self, text: str):
        self.text = text
        self.env: dict[str, Any] = {"keras": _Ns("keras"), "ks": _Ns("keras"), "tf": _Ns("tf"),
                                    "layers": _Ns("keras.layers")}
        self.nodes: list[NodeSpec] = []
        self.layer_count = 0
        self.last_model: ModelSpec | None = None

    def fail(self, node: ast.AST, nl: str, en: str) -> ModelError:
        line = getattr(node, "lineno", 0)
        return ModelError(tr(f"regel {line}: {nl}", f"line {line}: {en}"))

    def snippet(self, node: ast.AST) -> str:
        text = " ".join((ast.get_source_segment(self.text, node) or "").split())
        return text if len(text) <= 60 else text[:57] + "..."

    # statements
    def run(self, tree: ast.Module) -> ModelSpec:
        for st in tree.body:
            self.statement(st)
        model = self.env.get("model")
        if not isinstance(model, ModelSpec):
            model = self.last_model
        if model is None:
            raise ModelError(tr("geen model gevonden: schrijf model = keras.Sequential([...]) of keras.Model(...)",
                                "no model found: write model = keras.Sequential([...]) or keras.Model(...)"))
        return model

    def statement(self, st: ast.stmt) -> None:
        if isinstance(st, (ast.Import, ast.ImportFrom)):
            self.import_(st)
        elif isinstance(st, ast.Assign):
            if len(st.targets) != 1:
                raise self.fail(st, "één doel per toekenning", "one target per assignment")
            value = self.expr(st.value)
            self.bind(st.targets[0], value)
            self.note_model(st, value)
        elif isinstance(st, ast.Expr):
            if not self.model_method(st.value):
                self.note_model(st, self.expr(st.value), bare=True)
        else:
            raise self.fail(st, f"`{self.snippet(st)}` is niet toegestaan; {_ALLOWED_NL}",
                            f"`{self.snippet(st)}` is not allowed; {_ALLOWED_EN}")

    def note_model(self, st: ast.stmt, value: Any, bare: bool = False) -> None:
        if isinstance(value, ModelSpec):
            self.last_model = value
        elif bare and isinstance(value, (list, tuple)) and value:
            # a student may answer with just the list of layers
            self.last_model = self.sequential(st, value, None)

    def import_(self, st: ast.Import | ast.ImportFrom) -> None:
        bad = self.fail(st, "alleen `import keras`, `import tensorflow as tf`, `from keras import layers` en "
                            "dergelijke zijn toegestaan",
                        "only `import keras`, `import tensorflow as tf`, `from keras import layers` and the like "
                        "are allowed")
        if isinstance(st, ast.Import):
            for alias in st.names:
                if alias.name not in ("keras", "tensorflow") and not alias.asname:
                    raise bad
                if alias.name not in _MODULES:
                    raise bad
                self.env[self.check_name(st, alias.asname or alias.name)] = _Ns(_MODULES[alias.name])
            return
        if st.level or st.module not in _MODULES:
            raise bad
        for alias in st.names:
            if alias.name == "*":
                raise bad
            self.env[self.check_name(st, alias.asname or alias.name)] = self.attribute(st, _Ns(_MODULES[st.module]),
                                                                                        alias.name)

    def check_name(self, node: ast.AST, name: str) -> str:
        if name.startswith("__"):
            raise self.fail(node, f"namen met __ (`{name}`) zijn niet toegestaan",
                            f"names with __ (`{name}`) are not allowed")
        return name

    def bind(self, target: ast.expr, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.env[self.check_name(target, target.id)] = value
        elif isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(t, ast.Name) for t in target.elts):
            if isinstance(value, TensorRef) and value.index is None:   # out, h, c = LSTM(..., return_state=True)(x)
                values = [TensorRef(value.node, i) for i in range(len(target.elts))]
            elif isinstance(value, (list, tuple)) and len(value) == len(target.elts):
                values = list(value)
            else:
                raise self.fail(target, "kan deze waarde niet uitpakken", "cannot unpack this value")
            for t, v in zip(target.elts, values, strict=True):
                self.bind(t, v)
        else:
            raise self.fail(target, f"alleen aan een naam toekennen, niet aan `{self.snippet(target)}`",
                            f"assign to a name only, not to `{self.snippet(target)}`")

    def model_method(self, call: ast.expr) -> bool:
        """`model.add(layer)` adds; `model.summary()` and `model.compile(...)` are ignored (never run)."""
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name) and isinstance(self.env.get(call.func.value.id), ModelSpec)):
            return False
        model, method = self.env[call.func.value.id], call.func.attr
        if method in ("summary", "compile"):
            return True
        if method == "add" and model.kind == "sequential" and len(call.args) == 1 and not call.keywords:
            model.layers.append(self.sequential_item(call, self.expr(call.args[0])))
            return True
        raise self.fail(call, f"`{self.snippet(call)}` is niet toegestaan (wel .add, .summary en .compile)",
                        f"`{self.snippet(call)}` is not allowed (.add, .summary and .compile are)")

    # expressions
    def expr(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.expr(e) for e in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.expr(node.operand)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self.fail(node, "een min-teken mag alleen voor een getal", "a minus sign only goes before a number")
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.Name):
            name = self.check_name(node, node.id)
            if name not in self.env:
                raise self.fail(node, f"onbekende naam `{name}`; {_ALLOWED_NL}", f"unknown name `{name}`; {_ALLOWED_EN}")
            return self.env[name]
        if isinstance(node, ast.Attribute):
            return self.attribute(node, self.expr(node.value), node.attr)
        if isinstance(node, ast.Call):
            return self.call(node)
        nl, en = _NODE_WORDS.get(type(node), (type(node).__name__, type(node).__name__))
        raise self.fail(node, f"{nl} is niet toegestaan in modeltekst (`{self.snippet(node)}`)",
                        f"{en} is not allowed in model text (`{self.snippet(node)}`)")

    def constant(self, node: ast.Constant) -> Any:
        value = node.value
        if value is None or isinstance(value, (bool, float)):
            return value
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                raise self.fail(node, f"het getal {value} is te groot (hoogstens {MAX_INT:,})",
                                f"the number {value} is too large (at most {MAX_INT:,})")
            return value
        if isinstance(value, str):
            if len(value) > MAX_STR:
                raise self.fail(node, "deze tekst is te lang", "this string is too long")
            return value
        raise self.fail(node, f"`{self.snippet(node)}` is niet toegestaan", f"`{self.snippet(node)}` is not allowed")

    def attribute(self, node: ast.AST, base: Any, attr: str) -> Any:
        self.check_name(node, attr)
        found = None
        if isinstance(base, _Ns):
            p = base.path
            if p == "tf" and attr == "keras":
                found = _Ns("keras")
            elif p == "keras" and attr in ("layers", "models", "activations"):
                found = _Ns(f"keras.{attr}")
            elif p in ("keras", "keras.models") and attr in ("Sequential", "Model"):
                found = _Ctor(attr.lower() if attr == "Sequential" else "model", attr)
            elif p in ("keras", "keras.layers") and attr == "Input":
                found = _Ctor("input", "Input")
            elif p == "keras.layers" and attr in LAYERS:
                found = _Ctor("layer", attr)
            elif p == "keras.activations" and attr.isidentifier():
                found = attr     # keras.activations.relu means activation "relu"
        if found is None:
            where = base.path if isinstance(base, _Ns) else type(base).__name__
            raise self.fail(node, f"`{where}.{attr}` is niet toegestaan; {_ALLOWED_NL}",
                            f"`{where}.{attr}` is not allowed; {_ALLOWED_EN}")
        return found

    def call(self, node: ast.Call) -> Any:
        func = self.expr(node.func)
        for kw in node.keywords:
            if kw.arg is None:
                raise self.fail(node, "uitpakken met ** is niet toegestaan", "unpacking with ** is not allowed")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, "uitpakken met * is niet toegestaan", "unpacking with * is not allowed")
        args = tuple(self.expr(a) for a in node.args)
        kwargs = {kw.arg: self.expr(kw.value) for kw in node.keywords}
        if isinstance(func, _Ctor):
            if func.kind in ("layer", "input"):
                spec = self.layer(node, func.name, args, kwargs)
                if func.kind == "input":
                    self.nodes.append(NodeSpec(spec))
                    return TensorRef(len(self.nodes) - 1)
                return spec
            if func.kind == "sequential":
                return self.sequential_call(node, args, kwargs)
            return self.functional(node, args, kwargs)
        if isinstance(func, LayerSpec) and func.cls not in ("Input", "InputLayer"):
            return self.apply(node, func, args, kwargs)
        raise self.fail(node, f"`{self.snippet(node)}` aanroepen is niet toegestaan; {_ALLOWED_NL}",
                        f"calling `{self.snippet(node)}` is not allowed; {_ALLOWED_EN}")

    def layer(self, node: ast.Call, cls: str, args: tuple, kwargs: dict) -> LayerSpec:
        self.layer_count += 1
        if self.layer_count > MAX_LAYERS:
            raise self.fail(node, f"te veel lagen (hoogstens {MAX_LAYERS})", f"too many layers (at most {MAX_LAYERS})")
        names = POSITIONAL.get(cls, ())
        if len(args) > len(names):
            raise self.fail(node, f"{cls}: geef de argumenten na {', '.join(names) or 'geen'} met hun naam",
                            f"{cls}: give the arguments after {', '.join(names) or 'none'} by name")
        for name, value in [*zip(names, args, strict=False), *kwargs.items()]:
            self.check_value(node, cls, name, value)
        return LayerSpec(cls, args, kwargs, node.lineno)

    def check_value(self, node: ast.AST, cls: str, name: str, value: Any) -> None:
        """Layer arguments are literals or (for wrappers) layers; sizes are capped."""
        if isinstance(value, (list, tuple)):
            for v in value:
                self.check_value(node, cls, name, v)
            return
        if isinstance(value, LayerSpec) and cls in ("TimeDistributed", "Bidirectional"):
            return
        if isinstance(value, (TensorRef, ModelSpec, _Ns, _Ctor, LayerSpec)):
            raise self.fail(node, f"{cls}({name}=...): alleen getallen, tekst, True/False/None en lijsten zijn toegestaan",
                            f"{cls}({name}=...): only numbers, strings, True/False/None and lists are allowed")
        if isinstance(value, int) and not isinstance(value, bool):
            limit = MAX_UNITS if name in _UNIT_ARGS else MAX_DIM if name in _DIM_ARGS else MAX_INT
            if abs(value) > limit:
                raise self.fail(node, f"{cls}: {name}={value} is te groot (hoogstens {limit:,})",
                                f"{cls}: {name}={value} is too large (at most {limit:,})")

    def sequential_item(self, node: ast.AST, item: Any) -> LayerSpec:
        if isinstance(item, TensorRef) and item.index is None and self.nodes[item.node].layer.cls == "Input":
            return self.nodes[item.node].layer
        if isinstance(item, LayerSpec):
            return item
        raise self.fail(node, "in keras.Sequential horen alleen lagen en keras.Input",
                        "keras.Sequential takes only layers and keras.Input")

    def sequential(self, node: ast.AST, items: Any, name: str | None) -> ModelSpec:
        if not isinstance(items, (list, tuple)):
            raise self.fail(node, "keras.Sequential verwacht een lijst lagen", "keras.Sequential expects a list of layers")
        return ModelSpec("sequential", [self.sequential_item(node, i) for i in items], name=name)

    def sequential_call(self, node: ast.Call, args: tuple, kwargs: dict) -> ModelSpec:
        extra = set(kwargs) - {"layers", "name"}
        if len(args) > 2 or extra:
            raise self.fail(node, "keras.Sequential(layers, name=...) verwacht alleen lagen en een naam",
                            "keras.Sequential(layers, name=...) takes only layers and a name")
        items = args[0] if args else kwargs.get("layers", [])
        name = args[1] if len(args) > 1 else kwargs.get("name")
        return self.sequential(node, items, name if isinstance(name, str) else None)

    def functional(self, node: ast.Call, args: tuple, kwargs: dict) -> ModelSpec:
        if len(args) > 2 or set(kwargs) - {"inputs", "outputs", "name"}:
            raise self.fail(node, "keras.Model(inputs=..., outputs=..., name=...) verwacht alleen die argumenten",
                            "keras.Model(inputs=..., outputs=..., name=...) takes only those arguments")
        inputs = args[0] if args else kwargs.get("inputs")
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs")
        for value in (inputs, outputs):
            if not _all_tensors(value):
                raise self.fail(node, "keras.Model verwacht tensors (uitvoer van keras.Input en lagen)",
                                "keras.Model expects tensors (outputs of keras.Input and layers)")
        name = kwargs.get("name")
        return ModelSpec("functional", nodes=list(self.nodes), inputs=inputs, outputs=outputs,
                         name=name if isinstance(name, str) else None)

    def apply(self, node: ast.Call, layer: LayerSpec, args: tuple, kwargs: dict) -> TensorRef:
        if len(args) != 1 or not _all_tensors(args[0]):
            raise self.fail(node, "een laag roep je aan op één tensor of een lijst tensors, zoals layers.Dense(8)(x)",
                            "call a layer on one tensor or a list of tensors, as in layers.Dense(8)(x)")
        for name, value in kwargs.items():
            if not _all_tensors(value) and not _is_literal(value):
                raise self.fail(node, f"{name}=... moet een getal, tekst of tensor zijn",
                                f"{name}=... must be a number, string or tensor")
        self.nodes.append(NodeSpec(layer, args[0], kwargs))
        return TensorRef(len(self.nodes) - 1)


def _all_tensors(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return bool(value) and all(isinstance(v, TensorRef) for v in value)
    return isinstance(value, TensorRef)


def _is_literal(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_is_literal(v) for v in value)
    return value is None or isinstance(value, (bool, int, float, str))


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
    if c in _RECURRENT:
        units = _int(layer.arg("units"))
        out = (shape[0], shape[1], units) if layer.arg("return_sequences") else (shape[0], units)
        if layer.arg("return_state"):
            out = [out] + [(shape[0], units)] * (2 if c == "LSTM" else 1)
        biases = 2 if c == "GRU" and layer.arg("reset_after", True) else 1   # GRU's reset_after has a second bias
        return out, _RECURRENT[c] * (f + units + biases) * units
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
    """Build `spec` into a Keras model; Keras' own refusal becomes a ModelError with its reason."""
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
    tensors: dict[int, Any] = {}

    def tensor(ref: Any) -> Any:
        if isinstance(ref, (list, tuple)):
            return [tensor(r) for r in ref]
        if not isinstance(ref, TensorRef):
            return ref
        if ref.node not in tensors:
            node = spec.nodes[ref.node]
            if node.inputs is None:
                tensors[ref.node] = layer(node.layer)
            else:
                tensors[ref.node] = layer(node.layer)(tensor(node.inputs), **{k: tensor(v) for k, v in node.kwargs.items()})
        out = tensors[ref.node]
        return out if ref.index is None else out[ref.index]

    return keras.Model(inputs=tensor(spec.inputs), outputs=tensor(spec.outputs), **name)


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
        _live_memo[text] = spec_truths(_parse(text))
    return copy.deepcopy(_live_memo[text])


def refresh_shipped_cache(sources: list[tuple[str, dict]], path: Path | None = None) -> int:
    """Compute live truths for each (model text, variables) and write the shipped cache; returns the model count.

    Models no longer given are dropped; entries of other Keras versions for the given models are kept.
    """
    from . import truths as cache

    path = Path(path or cache.SHIPPED_CACHE)
    old = _read_cache(path) or {}
    models: dict[str, dict] = {}
    for source, variables in sources:
        text = normalise(source, variables)
        key = text_key(text)
        if key in models:
            continue
        result = spec_truths(_parse(text))
        kept = dict(old.get(key, {}).get("truths", {}))
        models[key] = {"model": text, "truths": {**kept, result["keras_version"]: result}}
    _write_cache(path, models)
    return len(models)


def _clear_session(keras) -> None:
    """Reset Keras' name counters without its full garbage collection (0.16 s a model, most of a check)."""
    try:
        keras.backend.clear_session(free_memory=False)
    except TypeError:  # Keras before 3.6 has no free_memory
        keras.backend.clear_session()
