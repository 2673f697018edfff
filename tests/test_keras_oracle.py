"""The Keras oracle: the safe interpreter and its caps (fast), live truths and caches (slow, real Keras)."""

import json
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from dlquiz.errors import ModelError
from dlquiz.i18n import set_lang
from dlquiz.oracle import cache
from dlquiz.oracle.answers import answer_for, param_breakdown
from dlquiz.oracle.build import ensure_loaded, live_truths, preload, refresh_shipped_cache
from dlquiz.oracle.cache import cached_truths, keras_version, normalise, text_key
from dlquiz.oracle.estimate import estimate_params
from dlquiz.oracle.interpreter import parse_model
from dlquiz.oracle.truths import truths

ROOT = Path(__file__).resolve().parent.parent

RNN_1216 = """
model = keras.Sequential([
    keras.layers.Input(shape=[None, 5]),
    keras.layers.SimpleRNN(32, return_sequences=True)])
"""
RNN_3 = "model = keras.Sequential([keras.Input((None, 1)), keras.layers.SimpleRNN(1)])"
RNN_1121 = """
model = keras.Sequential([
    keras.layers.Input(shape=[None, 1]),
    keras.layers.SimpleRNN(32),
    keras.layers.Dense(1)])
"""
RNN_5281 = """
model = keras.Sequential([
    keras.layers.Input(shape=[None, 1]),
    keras.layers.SimpleRNN(32, return_sequences=True),
    keras.layers.SimpleRNN(32, return_sequences=True),
    keras.layers.SimpleRNN(32),
    keras.layers.Dense(1)
])
"""
FUNCTIONAL_1121 = """
import keras
from keras import layers
inputs = keras.Input(shape=(None, 1))
x = layers.SimpleRNN(32)(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs=inputs, outputs=outputs)
"""


def run_python(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=180)


# --- the interpreter (no Keras) -----------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "model = ks.Sequential([ks.Input((None, 5)), ks.layers.SimpleRNN(32)])",
    "model = tf.keras.Sequential([tf.keras.layers.Input(shape=[None, 5]), tf.keras.layers.SimpleRNN(32)])",
    "model = keras.Sequential([layers.Input(shape=[None, 5]), layers.SimpleRNN(32)])",
    "import keras as ks\nmodel = ks.Sequential([ks.Input((None, 5)), ks.layers.SimpleRNN(32)])",
    "import tensorflow as tf\nmodel = tf.keras.models.Sequential([tf.keras.Input((None, 5)), tf.keras.layers.SimpleRNN(32)])",
    "from tensorflow import keras\nmodel = keras.Sequential([keras.Input((None, 5)), keras.layers.SimpleRNN(32)])",
    "from keras.layers import Input, SimpleRNN\nfrom keras import Sequential\nmodel = Sequential([Input((None, 5)), SimpleRNN(32)])",
    "model = keras.Sequential()\nmodel.add(keras.Input((None, 5)))\nmodel.add(keras.layers.SimpleRNN(32))\n"
    "model.compile(loss='mse', optimizer='adam')\nmodel.summary()",
    "keras.Sequential([keras.Input((None, 5)), keras.layers.SimpleRNN(32)])",
    "[keras.Input((None, 5)), keras.layers.SimpleRNN(32)]",
])
def test_aliases_and_forms_give_the_same_spec(text):
    spec = parse_model(text)
    assert spec.kind == "sequential"
    assert [layer.cls for layer in spec.layers] == ["Input", "SimpleRNN"]
    assert estimate_params(spec) >= 1216


def test_functional_style_is_a_graph():
    spec = parse_model(FUNCTIONAL_1121)
    assert spec.kind == "functional"
    assert [n.layer.cls for n in spec.nodes] == ["Input", "SimpleRNN", "Dense"]
    assert estimate_params(spec) == 1121


def test_variables_are_substituted():
    spec = parse_model("model = keras.Sequential([keras.Input((None, 5)), keras.layers.SimpleRNN({units})])",
                          {"units": 8})
    assert spec.layers[1].arg("units") == 8
    with pytest.raises(ModelError, match=r"\{units\}"):
        parse_model("model = keras.Sequential([keras.layers.SimpleRNN({units})])", {"n": 8})


PAYLOADS = [
    ("__import__('os').system('touch {marker}')", "__"),
    ("import os\nos.system('touch {marker}')", "import"),
    ("open('{marker}', 'w').write('x')", "open"),
    ("model = keras.Sequential([keras.layers.Lambda(lambda x: open('{marker}', 'w'))])", "Lambda"),
    ("().__class__.__bases__[0].__subclasses__()", "__"),
    ("eval(\"open('{marker}', 'w')\")", "eval"),
    ("exec(\"open('{marker}', 'w')\")", "exec"),
    ("model = keras.Sequential([keras.layers.Dense(8, activation=[x for x in open('{marker}', 'w')])])", "comprehension"),
    ("keras.utils.get_file('x', 'http://localhost/{marker}')", "keras.utils"),
    ("model = keras.Sequential([keras.layers.Dense(8, name=f\"{{open('{marker}', 'w')}}\")])", "f-string"),
    ("keras.layers.Dense.__init__.__globals__['os'].system('touch {marker}')", "__"),
    ("keras.layers.Dense(**{{'units': 8}})", "**"),
    ("model = keras.Sequential([keras.layers.Dense(8)])\nmodel.fit(open('{marker}', 'w'))", "fit"),
]


@pytest.mark.parametrize("payload,word", PAYLOADS)
def test_payloads_are_refused_without_running(payload, word, tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(ModelError, match=r"line \d+|regel \d+") as info:
        parse_model(payload.format(marker=marker))
    assert word in str(info.value)
    assert not marker.exists()


@pytest.mark.parametrize("text,word", [
    ("model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(10**9)])", "**"),
    ("model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1000000000)])", "1000000000"),
    ("model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(units=20000)])", "units=20000"),
    ("model = keras.Sequential([keras.Input((500000,)), keras.layers.Dense(8)])", "shape=500000"),
    ("model = keras.Sequential([keras.Input((10,)), keras.layers.Embedding(1000000, 10000)])", "parameters"),
    ("model = keras.Sequential([keras.Input((90000, 90000)), keras.layers.Flatten(), keras.layers.Dense(10)])",
     "parameters"),
    ("model = keras.Sequential([keras.Input((None, 9000)), keras.layers.LSTM(9000)])", "parameters"),
])
def test_size_caps(text, word):
    set_lang("en")
    with pytest.raises(ModelError) as info:
        parse_model(text)
    assert word in str(info.value)


def test_at_most_100_layers():
    text = "model = keras.Sequential([keras.Input((4,)), " + ", ".join(["keras.layers.Dense(4)"] * 1000) + "])"
    with pytest.raises(ModelError, match="100"):
        parse_model(text)


@pytest.mark.parametrize("text", [
    "import os", "from os import system", "import keras.layers", "from keras import *", "from . import x",
    "x.y = keras.layers.Dense(3)", "def f(): pass", "for i in [1]: pass", "with open('x') as f: pass",
    "model = keras.Sequential([keras.layers.Dense(8)])[0]", "model = print", "",
])
def test_other_constructs_are_refused(text):
    with pytest.raises(ModelError):
        parse_model(text)


def test_error_messages_are_dutch_by_default_and_name_the_line():
    with pytest.raises(ModelError, match=r"^regel 2: .*open"):
        parse_model("import keras\nopen('x')")
    set_lang("en")
    with pytest.raises(ModelError, match=r"^line 2: .*open"):
        parse_model("import keras\nopen('x')")


def test_modules_import_no_tensorflow():
    proc = run_python("""
        import sys
        import dlquiz.oracle.build, dlquiz.grading.code
        from dlquiz.grading.code import grade_code
        r = grade_code("__import__('os')", "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])")
        assert r.score == 0
        print(sorted(m for m in ('keras', 'tensorflow') if m in sys.modules))
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# --- answers from truths (hand-made truths, no Keras) ----------------------------------------------------
TRUTHS = {
    "keras_version": "3.15.1", "input_shape": [64, None, 1], "output_shape": [64, 1], "total_params": 1121,
    "trainable_params": 1121,
    "layers": [
        {"name": "simple_rnn", "class": "SimpleRNN", "kind": "recurrent", "input_shape": [64, None, 1],
         "output_shape": [64, 32], "params": 1088, "activation": "tanh", "return_sequences": False, "units": 32,
         "weights": [{"name": "kernel", "shape": [1, 32], "trainable": True},
                     {"name": "recurrent_kernel", "shape": [32, 32], "trainable": True},
                     {"name": "bias", "shape": [32], "trainable": True}]},
        {"name": "dense", "class": "Dense", "kind": "dense", "input_shape": [64, 32], "output_shape": [64, 1],
         "params": 33, "activation": "linear", "units": 1,
         "weights": [{"name": "kernel", "shape": [32, 1], "trainable": True},
                     {"name": "bias", "shape": [1], "trainable": True}]},
    ],
}


@pytest.mark.parametrize("ask,kw,expected", [
    ("total_params", {}, 1121), ("trainable_params", {}, 1121), ("layer_params", {"layer": 1}, 33),
    ("layer_params", {"layer": "simple_rnn"}, 1088), ("input_shape", {}, (64, None, 1)),
    ("output_shape", {}, (64, 1)), ("output_shape", {"layer": 0}, (64, 32)),
    ("weight_shape", {"layer": 0, "weight": "recurrent_kernel"}, (32, 32)),
    ("weight_shape", {"layer": 0, "weight": "kernel"}, (1, 32)), ("step_input_shape", {}, (64, 1)),
    ("state_shape", {"layer": 0}, (64, 32)), ("activation", {"layer": -1}, "linear"),
    ("layer_count", {}, 2), ("layer_count", {"kind": "recurrent"}, 1),
])
def test_answer_for(ask, kw, expected):
    assert answer_for(TRUTHS, ask, **kw) == expected


@pytest.mark.parametrize("ask,kw,listed", [
    ("shape_of_things", {}, "total_params"), ("layer_params", {"layer": 5}, "1: dense (Dense)"),
    ("layer_params", {}, "0: simple_rnn"), ("weight_shape", {"layer": 0, "weight": "gamma"}, "recurrent_kernel"),
    ("state_shape", {"layer": 1}, "0: simple_rnn"), ("layer_count", {"kind": "rnn"}, "recurrent"),
])
def test_bad_asks_list_the_choices(ask, kw, listed):
    with pytest.raises(ModelError, match=re.escape(listed)):
        answer_for(TRUTHS, ask, **kw)


def test_param_breakdown():
    set_lang("nl")
    assert param_breakdown(TRUTHS) == [
        "simple_rnn (SimpleRNN): kernel 1×32 + recurrent_kernel 32×32 + bias 32 = 1088",
        "dense (Dense): kernel 32×1 + bias 1 = 33",
        "totaal: 1088 + 33 = 1121",
    ]
    set_lang("en")
    assert param_breakdown(TRUTHS)[-1] == "total: 1088 + 33 = 1121"


# --- caches (hand-written files, no Keras) -----------------------------------------------------------------
def _cache_file(path: Path, text: str, versions: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = text_key(normalise(text))
    path.write_text(json.dumps({"format": 1, "models": {key: {"model": normalise(text), "truths": versions}}}))


def test_cache_lookup_order(tmp_path, monkeypatch, dlquiz_home):
    shipped = tmp_path / "shipped.json"
    monkeypatch.setattr(cache, "SHIPPED_CACHE", shipped)
    now = keras_version()
    assert cached_truths(RNN_1121) is None
    _cache_file(shipped, RNN_1121, {"3.0.1": {**TRUTHS, "keras_version": "3.0.1"},
                                    "3.9.0": {**TRUTHS, "keras_version": "3.9.0"},
                                    "2.15.0": {**TRUTHS, "keras_version": "2.15.0"}})
    # another 3.x: the newest one serves; Keras 2 never does
    assert cached_truths(RNN_1121)["keras_version"] == "3.9.0"
    # reformatted text is the same model
    assert cached_truths("\n\n    " + RNN_1121.strip().replace("\n", "   \n    ") + "\n")["keras_version"] == "3.9.0"
    _cache_file(shipped, RNN_1121, {now: {**TRUTHS, "keras_version": now, "total_params": 2}})
    assert cached_truths(RNN_1121)["total_params"] == 2
    _cache_file(dlquiz_home / "keras_truths.json", RNN_1121, {now: {**TRUTHS, "keras_version": now, "total_params": 1}})
    assert cached_truths(RNN_1121)["total_params"] == 1


def test_corrupt_caches_are_ignored(tmp_path, monkeypatch, dlquiz_home):
    shipped = tmp_path / "shipped.json"
    shipped.write_text("{not json")
    monkeypatch.setattr(cache, "SHIPPED_CACHE", shipped)
    dlquiz_home.mkdir(parents=True)
    (dlquiz_home / "keras_truths.json").write_text('{"format": 1, "models": [1, 2]}')
    assert cached_truths(RNN_1121) is None


# --- live Keras ---------------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("text,total", [(RNN_1216, 1216), (RNN_3, 3), (RNN_1121, 1121), (RNN_5281, 5281),
                                        (FUNCTIONAL_1121, 1121)])
def test_study_list_parameter_counts(text, total):
    t = truths(text)
    assert t["total_params"] == total == answer_for(t, "total_params")
    assert t["keras_version"] == keras_version()
    assert json.loads(json.dumps(t)) == t
    assert sum(entry["params"] for entry in t["layers"]) == total
    assert estimate_params(parse_model(text)) == total


@pytest.mark.slow
def test_simple_rnn_truths():
    t = truths(RNN_1216)
    assert t["input_shape"] == [None, None, 5]
    assert t["output_shape"] == [None, None, 32]
    [rnn] = t["layers"]
    assert (rnn["name"], rnn["class"], rnn["kind"], rnn["activation"], rnn["units"]) == (
        "simple_rnn", "SimpleRNN", "recurrent", "tanh", 32)
    assert rnn["return_sequences"] is True
    assert answer_for(t, "weight_shape", 0, "kernel") == (5, 32)
    assert answer_for(t, "weight_shape", 0, "recurrent_kernel") == (32, 32)
    assert answer_for(t, "weight_shape", "simple_rnn", "bias") == (32,)
    assert answer_for(t, "step_input_shape") == (None, 5)
    assert answer_for(t, "state_shape", 0) == (None, 32)
    assert param_breakdown(t)[0] == "simple_rnn (SimpleRNN): kernel 5×32 + recurrent_kernel 32×32 + bias 32 = 1216"


@pytest.mark.slow
def test_variables_and_batch_size():
    text = """model = keras.Sequential([keras.Input(shape=(None, 5), batch_size=64),
                                          keras.layers.SimpleRNN({units}, return_sequences=True)])"""
    t = truths(text, {"units": 8})
    assert t["total_params"] == (5 + 8 + 1) * 8
    assert answer_for(t, "step_input_shape") == (64, 5)
    assert answer_for(t, "state_shape", 0) == (64, 8)
    assert truths(text, {"units": 16})["total_params"] == (5 + 16 + 1) * 16


@pytest.mark.slow
def test_normalization_and_other_layers():
    t = truths("""
        model = keras.Sequential([
            keras.Input(shape=[None, 5]),
            keras.layers.SimpleRNN(32, return_sequences=True),
            keras.layers.LayerNormalization(),
            keras.layers.Bidirectional(keras.layers.LSTM(4)),
            keras.layers.BatchNormalization(),
            keras.layers.Dense(3, activation="softmax")])
    """)
    ln, bi, bn, dense = t["layers"][1:]
    assert ln["params"] == 64 and [w["name"] for w in ln["weights"]] == ["gamma", "beta"]
    assert ln["kind"] == "normalization" and ln["activation"] is None
    assert bi["kind"] == "recurrent" and bi["wraps"] == "LSTM" and bi["output_shape"] == [None, 8]
    assert answer_for(t, "weight_shape", 2, "forward_lstm/kernel") == (32, 16)
    assert [w["name"] for w in bn["weights"]] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert t["total_params"] - t["trainable_params"] == 16
    assert dense["activation"] == "softmax"
    assert answer_for(t, "layer_count", kind="normalization") == 2
    assert "niet-trainbaar: 16" in param_breakdown(t)[-1]


CONV_MERGE = """
inp = keras.Input(shape=(28, 28, 1))
a = layers.Conv2D(8, 3, activation="relu")(inp)
a = layers.MaxPooling2D()(a)
a = layers.Flatten()(a)
b = layers.Flatten()(inp)
out = layers.Dense(10)(layers.Concatenate()([a, b]))
model = keras.Model(inp, out)
"""


@pytest.mark.slow
def test_conv_and_functional_merge():
    t = truths(CONV_MERGE)
    assert t["output_shape"] == [None, 10]
    assert t["layers"][0]["kind"] == "conv" and t["layers"][0]["filters"] == 8
    assert t["total_params"] == (9 * 8 + 8) + (13 * 13 * 8 + 28 * 28 + 1) * 10
    assert estimate_params(parse_model(CONV_MERGE)) == t["total_params"]


@pytest.mark.slow
def test_keras_refusals_become_model_errors():
    set_lang("en")
    with pytest.raises(ModelError, match="Keras does not build this model: .*expected ndim=3"):
        truths("model = keras.Sequential([keras.Input((None, 5)), keras.layers.SimpleRNN(3), "
                  "keras.layers.SimpleRNN(3)])")
    with pytest.raises(ModelError, match="keras.Input"):
        truths("model = keras.Sequential([keras.layers.SimpleRNN(3)])")


@pytest.mark.slow
def test_user_cache_is_written_and_a_corrupt_one_rewritten(dlquiz_home):
    path = dlquiz_home / "keras_truths.json"
    path.parent.mkdir(parents=True)
    path.write_text("garbage")
    t = truths(RNN_3)
    data = json.loads(path.read_text())
    [entry] = data["models"].values()
    assert entry["truths"][keras_version()] == t
    assert cached_truths(RNN_3) == t


@pytest.mark.slow
def test_live_truths_bypass_the_cache(dlquiz_home):
    assert live_truths(RNN_3)["total_params"] == 3
    assert cached_truths(RNN_3) is None


@pytest.mark.slow
def test_refresh_shipped_cache_is_stable(tmp_path, monkeypatch):
    path = tmp_path / "data" / "keras_truths.json"
    monkeypatch.setattr(cache, "SHIPPED_CACHE", path)
    model = "model = keras.Sequential([keras.Input((None, 5)), keras.layers.SimpleRNN({units})])"
    pairs = [(model, {"units": 32}), (model, {"units": 8}), (RNN_3, {}), (RNN_3, {})]
    assert refresh_shipped_cache(pairs) == 3
    first = path.read_bytes()
    assert refresh_shipped_cache(list(reversed(pairs))) == 3
    assert path.read_bytes() == first
    assert cached_truths(model, {"units": 8})["total_params"] == (5 + 8 + 1) * 8


@pytest.mark.slow
def test_cache_hit_does_not_import_keras(dlquiz_home):
    expected = truths(RNN_1216)
    proc = run_python(f"""
        import json, sys
        from dlquiz.oracle.cache import cached_truths
        t = cached_truths({RNN_1216!r})
        assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, "keras imported"
        print(json.dumps(t))
    """, env={"DLQUIZ_HOME": str(dlquiz_home)})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == expected


@pytest.mark.slow
def test_tensorflow_logs_never_reach_the_terminal(tmp_path):
    proc = run_python("""
        import sys
        from dlquiz.oracle import build as keras_oracle
        keras_oracle.preload()
        print("still working", file=sys.stderr)
        keras_oracle.ensure_loaded()
        print(keras_oracle.live_truths("model = keras.Sequential([keras.Input((None, 5)), keras.layers.LSTM(4)])")
              ["total_params"])
    """, env={"DLQUIZ_HOME": str(tmp_path), "TF_CPP_MIN_LOG_LEVEL": "0"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(4 * (5 + 4 + 1) * 4)
    assert proc.stderr.strip() == "still working"   # held back during the import, then passed on


@pytest.mark.slow
def test_preload_and_ensure_loaded_are_thread_safe():
    preload()
    modules = []
    threads = [threading.Thread(target=lambda: modules.append(ensure_loaded())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(m) for m in modules}) == 1 and modules[0].__name__ == "keras"
