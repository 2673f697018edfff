"""Model text read with `ast` and a small allow-listed interpreter (never `exec`) into a `ModelSpec`,
refusing oversized models before anything is allocated."""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Any

from dlquiz.errors import ModelError
from dlquiz.i18n import tr
from dlquiz.oracle.cache import normalise
from dlquiz.oracle.estimate import check_size
from dlquiz.oracle.spec import (
    CALL_KEYWORDS,
    DIM_ARGS,
    KEYWORDS,
    LAYERS,
    MAX_DIM,
    MAX_INT,
    MAX_LAYERS,
    MAX_SOURCE_CHARS,
    MAX_STR,
    MAX_UNITS,
    NAME_ARGS,
    POSITIONAL,
    SHAPE_ARGS,
    UNIT_ARGS,
    LayerSpec,
    ModelSpec,
    NodeSpec,
    TensorRef,
)


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
_ALLOWED_NL = ("toegestaan zijn keras.Sequential([...]), keras.Input, keras.Model, model.add(...), een for-lus over "
               "een vaste lijst, en de lagen Dense, SimpleRNN, LSTM, GRU, Conv1D, Conv2D, Dropout, … (de hele lijst: "
               "docs/bank-format.md, 'Allowed layers')")
_ALLOWED_EN = ("allowed are keras.Sequential([...]), keras.Input, keras.Model, model.add(...), a for loop over a "
               "literal list, and the layers Dense, SimpleRNN, LSTM, GRU, Conv1D, Conv2D, Dropout, … (the full list: "
               "docs/bank-format.md, 'Allowed layers')")
# Every expression form not named in `_Interpreter.expr` is refused, with these words. Among them `ast.Dict`:
# no value in a model text can be a dict, and that ban is load-bearing. Keras deserialises a dict given as
# an initializer, regularizer or activation (`kernel_initializer={"module": ..., "class_name": ...}`) by
# importing the module it names; see KEYWORDS in spec.py for the other half (allow-listed keywords).
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
    return parse_text(normalise(source, variables))


def parse_text(text: str) -> ModelSpec:
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
        check_size(spec)
    except RecursionError:
        raise ModelError(tr("de modeltekst is te diep genest", "the model text is nested too deeply")) from None
    return spec


class _Interpreter:
    """Walks the ast of a model text and evaluates only the allow-listed forms."""

    def __init__(self, text: str):
        self.text = text
        self.env: dict[str, Any] = {"keras": _Ns("keras"), "ks": _Ns("keras"), "tf": _Ns("tf"),
                                    "layers": _Ns("keras.layers")}
        self.nodes: list[NodeSpec] = []
        self.layer_count = 0            # layers made (keras.Input included)
        self.applications = 0           # layers applied in the functional style: one shared layer counts each time
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
            self.check_length(call, model.layers)
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
        names = POSITIONAL[cls]
        if len(args) > len(names):
            raise self.fail(node, f"{cls}: geef de argumenten na {', '.join(names) or 'geen'} met hun naam",
                            f"{cls}: give the arguments after {', '.join(names) or 'none'} by name")
        allowed = KEYWORDS[cls]
        for name in kwargs:
            if name not in allowed:
                raise self.fail(node, f"{cls} neemt hier geen argument {name}=; toegestaan zijn: "
                                      f"{', '.join(sorted(allowed))}",
                                f"{cls} takes no argument {name}= here; allowed are: {', '.join(sorted(allowed))}")
        given = [*names[:len(args)], *kwargs]
        for name in given:
            if given.count(name) > 1:
                raise self.fail(node, f"{cls}: {name} is twee keer gegeven", f"{cls}: {name} is given twice")
        shapes = [name for name in given if name in SHAPE_ARGS]
        if len(shapes) > 1:
            raise self.fail(node, f"{cls}: geef de invoervorm op één manier, niet met {' en '.join(shapes)}",
                            f"{cls}: give the input shape one way, not with {' and '.join(shapes)}")
        for name, value in [*zip(names, args, strict=False), *kwargs.items()]:
            self.check_value(node, cls, name, value)
            if name in NAME_ARGS and value is not None and not isinstance(value, str):
                raise self.fail(node, f"{cls}({name}=...) verwacht een naam tussen aanhalingstekens",
                                f"{cls}({name}=...) expects a name in quotes")
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
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sized = name in UNIT_ARGS or (name in DIM_ARGS and not (cls == "Embedding" and name == "input_dim"))
            limit = MAX_UNITS if name in UNIT_ARGS else MAX_DIM if sized else MAX_INT
            if isinstance(value, float) and sized and not math.isfinite(value):
                raise self.fail(node, f"{cls}: {name}={value} is geen eindig getal",
                                f"{cls}: {name}={value} is not a finite number")
            if abs(value) > limit and (isinstance(value, int) or sized):
                shown = value if isinstance(value, int) else f"{value:g}"
                raise self.fail(node, f"{cls}: {name}={shown} is te groot (hoogstens {limit:,})",
                                f"{cls}: {name}={shown} is too large (at most {limit:,})")

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
        self.check_length(node, items)
        return ModelSpec("sequential", [self.sequential_item(node, i) for i in items], name=name)

    def check_length(self, node: ast.AST, items: Any) -> None:
        """A Sequential applies each entry once: one layer listed 3,000 times is 3,000 applications."""
        if len(items) > MAX_LAYERS:
            raise self.fail(node, f"te veel lagen (hoogstens {MAX_LAYERS})", f"too many layers (at most {MAX_LAYERS})")

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
        allowed = CALL_KEYWORDS[layer.cls]
        for name, value in kwargs.items():
            if name not in allowed:
                raise self.fail(node, f"een {layer.cls}-laag aanroepen neemt geen argument {name}=; toegestaan zijn: "
                                      f"{', '.join(sorted(allowed))}",
                                f"calling a {layer.cls} layer takes no argument {name}=; allowed are: "
                                f"{', '.join(sorted(allowed))}")
            if not _all_tensors(value) and not _is_literal(value):
                raise self.fail(node, f"{name}=... moet een getal, tekst of tensor zijn",
                                f"{name}=... must be a number, string or tensor")
        self.applications += 1
        if self.applications > MAX_LAYERS:
            raise self.fail(node, f"te veel laagaanroepen (hoogstens {MAX_LAYERS}; een gedeelde laag telt elke keer)",
                            f"too many layer applications (at most {MAX_LAYERS}; a shared layer counts each time)")
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


