"""Grading a student's Keras code: build it with the safe interpreter and compare it with a reference model.

Keras itself is reached only through `dlquiz.oracle.build`, imported when a model is built.
"""

from __future__ import annotations

import re

from dlquiz.errors import ModelError
from dlquiz.grading.result import Result
from dlquiz.i18n import tr
from dlquiz.oracle.answers import answer_for, param_breakdown
from dlquiz.oracle.interpreter import parse_model
from dlquiz.oracle.truths import truths

# What a code question may compare: the model as a whole, and settings layer by layer (the layers that have it).
PROPERTIES = ("output_shape", "total_params", "layer_kinds", "return_sequences", "output_activation", "activation",
              "padding", "dilation_rate", "strides", "kernel_size", "units")
LAYER_SETTINGS = ("activation", "padding", "dilation_rate", "strides", "kernel_size", "units")
DEFAULT_COMPARE = ("output_shape", "total_params", "layer_kinds")
_LINEAR = {None, "linear"}
# Dropout-like layers change neither shapes nor parameter counts, so adding or leaving one out is no error.
IGNORED_CLASSES = frozenset(
    {
        "Dropout",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "GaussianNoise",
        "GaussianDropout",
        "AlphaDropout",
        "ActivityRegularization",
    }
)
_FENCE = re.compile(r"```[\w+-]*")


def _names() -> dict[str, str]:
    return {
        "output_shape": tr("uitvoervorm", "output shape"),
        "total_params": tr("aantal parameters", "parameter count"),
        "layer_kinds": tr("soorten lagen", "layer kinds"),
        "return_sequences": "return_sequences",
        "output_activation": tr("activatie van de uitvoerlaag", "output activation"),
        "activation": tr("activaties", "activations"),
        "padding": "padding",
        "dilation_rate": "dilation_rate",
        "strides": "strides",
        "kernel_size": "kernel_size",
        "units": "units",
    }


def layer_kinds(truths: dict) -> list[str]:
    """The classes of the model's layers in order (wrappers as `Bidirectional(LSTM)`), Dropout-like ones left out."""
    return [
        f"{e['class']}({e['wraps']})" if e.get("wraps") else e["class"]
        for e in truths["layers"]
        if e["class"] not in IGNORED_CLASSES
    ]


def _recurrent_flags(truths: dict) -> list[bool]:
    return [e["return_sequences"] for e in truths["layers"] if e["kind"] == "recurrent" and "return_sequences" in e]


def _value(truths: dict, prop: str):
    if prop == "output_shape":
        return answer_for(truths, "output_shape")
    if prop == "total_params":
        return truths["total_params"]
    if prop == "layer_kinds":
        return layer_kinds(truths)
    if prop == "output_activation":
        last = [e for e in truths["layers"] if e["class"] not in IGNORED_CLASSES and e["class"] != "InputLayer"]
        return (last[-1].get("activation") or "linear") if last else None
    if prop in LAYER_SETTINGS:
        key = "filters" if prop == "units" else prop
        return [e.get(key) if key in e else e.get("units") for e in truths["layers"]
                if (key in e or (prop == "units" and "units" in e)) and e["class"] not in IGNORED_CLASSES]
    return _recurrent_flags(truths)


def _show(prop: str, value) -> str:
    if prop == "layer_kinds":
        return " → ".join(value) or tr("geen lagen", "no layers")
    if prop == "return_sequences" or prop in LAYER_SETTINGS:
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _code_of(answer: str) -> str:
    """The code in an answer, without Markdown fences a student may paste around it.

    Line by line, in linear time: a pattern anchored at every line start with `\\s*` (which also takes
    newlines) read 100,000 blank lines in quadratic time.
    """
    return "\n".join(line for line in answer.split("\n") if not _FENCE.fullmatch(line.strip())).strip()


def grade_code(answer: str, reference: str, compare: list[str] | None = None,
               alternatives: list[tuple[str, str]] | None = None) -> Result:
    """Grade Keras code against `reference`: score = the fraction of compared properties that match.

    The answer may be a whole `model = keras.Sequential([...])` program or just the Sequential expression
    or list of layers. Code outside the interpreter's allow-list is refused and nothing of it is run.
    A Sequential answer without an input gets the reference's input shape. When the reference sets a
    non-linear output activation, it is compared too. `alternatives` are (model text, verdict) pairs: a
    model that is not the reference but matches an alternative on every compared property gets its verdict.
    """
    unknown = [p for p in compare or () if p not in PROPERTIES]
    if unknown:
        raise ModelError(
            tr(
                f"onbekende eigenschap {unknown[0]!r} in compare; kies uit {', '.join(PROPERTIES)}",
                f"unknown property {unknown[0]!r} in compare; choose from {', '.join(PROPERTIES)}",
            )
        )
    expected_text = reference.strip()
    code = _code_of(answer)
    if not code:
        return Result.of(0.0, expected_text, [tr("Geen code gegeven.", "No code given.")])
    try:  # first, so refused code costs no Keras import
        spec = parse_model(code)
    except ModelError as exc:
        return Result.of(
            0.0,
            expected_text,
            [tr(f"Je code is niet aanvaard: {exc}", f"Your code was not accepted: {exc}")],
            details={"refused": True},
        )
    ref = truths(reference)
    props = list(compare) if compare else [*DEFAULT_COMPARE, *(["return_sequences"] if _recurrent_flags(ref) else [])]
    if "output_activation" not in props and _value(ref, "output_activation") not in _LINEAR:
        props.append("output_activation")  # a classifier without its sigmoid or softmax is not the model asked for
    feedback = []
    if spec.needs_input() and ref["input_shape"] and not isinstance(ref["input_shape"][0], list):
        spec = spec.with_input(ref["input_shape"])
        feedback.append(
            tr(
                f"(Je model heeft geen Input; ik gebruik die van de referentie: {tuple(ref['input_shape'])}.)",
                f"(Your model has no Input; I use the reference's: {tuple(ref['input_shape'])}.)",
            )
        )
    try:
        from dlquiz.oracle.build import spec_truths

        mine = spec_truths(spec)
    except ModelError as exc:
        return Result.of(0.0, expected_text, [*feedback, str(exc)], details={"refused": False})

    names, hits, report = _names(), 0, {}
    for prop in props:
        yours, expected = _value(mine, prop), _value(ref, prop)
        ok = yours == expected
        hits += ok
        report[prop] = {"yours": yours, "expected": expected, "ok": ok}
        if ok:
            feedback.append(f"✓ {names[prop]}: {_show(prop, yours)}")
        else:
            feedback.append(
                tr(
                    f"✗ {names[prop]}: jouw model {_show(prop, yours)}, verwacht {_show(prop, expected)}",
                    f"✗ {names[prop]}: your model {_show(prop, yours)}, expected {_show(prop, expected)}",
                )
            )
    if hits < len(props):
        for model, verdict in alternatives or ():
            alt = truths(model)
            if all(_value(mine, prop) == _value(alt, prop) for prop in props):
                said = {"correct": tr("Dit is een aanvaard alternatief voor het referentiemodel.",
                                      "This is an accepted alternative to the reference model."),
                        "partial": tr("Dit alternatief is gedeeltelijk juist.", "This alternative is partly right."),
                        "incorrect": tr("Dit is een bekend fout alternatief.", "This is a known wrong alternative.")}[verdict]
                score = {"correct": 1.0, "partial": 0.5, "incorrect": 0.0}[verdict]
                return Result.of(score, expected_text, [said, *feedback], details={"properties": report, "alternative": model})
    if "total_params" in report and not report["total_params"]["ok"]:
        feedback += [tr("Zo telt Keras jouw model:", "How Keras counts your model:"), *param_breakdown(mine)]
    return Result.of(hits / len(props), expected_text, feedback, details={"properties": report})
