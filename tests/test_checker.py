"""`dlquiz check` teaches: each problem once, as file:line:col: message, to the letter."""

import textwrap

import pytest
from conftest import run_dlquiz

from dlquiz.bank.check import check_banks
from dlquiz.bank.library import shipped_dir

# The shipped bank as the library finds it: the checkout in development, site-packages in CI.
H15 = shipped_dir() / "hoofdstuk15.yaml"
NL_YAML = ("geen geldige YAML hier (meestal klopt de inspringing niet, of staat een '-' of ':' verkeerd, hier of een "
           "regel hoger); de YAML-lezer zegt: ")

def write(tmp_path, text, name="bank.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors(path, keras=False):
    report = check_banks([path], [], live_keras=keras)
    return [str(e) for e in report.errors], report


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: s-een
            type: numeric
             prompt: "Hoeveel?"
            answer: 3
        """)
    assert errors(path)[0] == [f"{path}:5:12: {NL_YAML}mapping values are not allowed in this context"]


def test_unclosed_quote_names_where_it_starts(tmp_path):
    path = write(tmp_path, 'title: x\nquestions:\n  - id: s-een\n    type: numeric\n    prompt: "Hoeveel?\n    answer: 3\n')
    assert errors(path)[0] == [
        f"{path}:7:1: {NL_YAML}found unexpected end of stream (while scanning a quoted scalar, begonnen op regel 5)"]


def test_misspelt_key_gets_nearest_valid_key(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: t-een
            type: numeric
            promt: "Hoeveel?"
            answer: 3
        """)
    assert errors(path)[0] == [f"{path}:5:5: t-een: onbekende sleutel 'promt' — bedoel je 'prompt'?"]


def test_every_schema_error_of_a_file_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: t-een
            type: numeric
            promt: "Hoeveel?"
            answer: 3
          - id: t-twee
            type: shape
            prompt: "Vorm?"
            answer: [8, x]
          - id: t-drie
            type: choice
            prompt: "Welke?"
            options: [a, b]
            corect: [a]
        """)
    assert errors(path)[0] == [
        f"{path}:5:5: t-een: onbekende sleutel 'promt' — bedoel je 'prompt'?",
        f"{path}:10:17: t-twee: answer.1: moet een geheel getal zijn",
        f"{path}:15:5: t-drie: onbekende sleutel 'corect' — bedoel je 'correct'?",
    ]


def test_duplicate_id_in_one_bank(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - {id: d-een, type: numeric, prompt: "Hoeveel?", answer: 3}
          - id: d-een
            type: numeric
            prompt: "Nog eens?"
            answer: 4
        """)
    assert errors(path)[0] == [f"{path}:4:5: id 'd-een' bestaat al bij vraag 1 van deze bank"]


def test_duplicate_id_across_banks_names_the_other_bank(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: h15-07-parameters
            type: numeric
            prompt: "Hoeveel?"
            answer: 3
        """)
    assert errors(path)[0] == [f"{path}:3:5: id 'h15-07-parameters' bestaat al in {H15}"]


def test_wrong_parameter_count_is_compared_with_keras_truth(tmp_path):
    # The truths of this model are in the shipped cache: no TensorFlow needed without --keras.
    path = write(tmp_path, """\
        title: x
        questions:
          - id: k-een
            type: keras
            prompt: "Hoeveel parameters?"
            model: |
              model = keras.Sequential([
                  keras.layers.Input(shape=[None, 5]),
                  keras.layers.SimpleRNN({units}, return_sequences=True)])
            variables:
              units: [32, 8]
            ask: total_params
            answer: 1000
        """)
    errs, report = errors(path)
    assert errs == [f"{path}:13:5: k-een: answer 1000 klopt niet, Keras zegt 1216"]


def test_rubric_example_with_other_verdict_is_an_error_and_warnings_do_not_fail(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: o-een
            type: open
            prompt: "Waarom?"
            answer: "Omdat het lineair blijft."
            rubric:
              concepts:
                - {id: lin, label: lineair, phrases: ["lineaire functie"]}
            examples:
              - {answer: "Het is een lineaire functie.", verdict: correct}
              - {answer: "Geen idee.", verdict: correct}
        """)
    errs, report = errors(path)
    assert errs == [f"{path}:12:9: o-een: voorbeeld 'Geen idee.' krijgt incorrect (0%), verwacht correct"]
    assert [w.message for w in report.warnings] == ["o-een: geen hint", "o-een: geen explanation"]


def test_warnings_alone_exit_zero(tmp_path):
    path = write(tmp_path, 'title: x\nquestions:\n  - {id: w-een, type: numeric, prompt: "Hoeveel?", answer: 3}\n')
    res = run_dlquiz("check", str(path), "--no-keras", env={"COLUMNS": "300"})
    assert res.returncode == 0, res.stderr
    assert f"waarschuwing: {path}:3:6: w-een: geen hint" in res.stderr
    assert "0 fouten, 3 waarschuwingen" in res.stdout


def test_markdown_that_shows_otherwise_than_written_is_a_warning_with_its_line(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: m-een
            type: numeric
            prompt: |
              Hoeveel parameters? Tel per laag, tussen 0 en
              1. Geef het totaal.
            answer: 3
            hint: "Tel."
            explanation: |
              - laag 1: 2
              - laag 2: 1
              Samen 3.
            examples:
              - {answer: "3", verdict: correct}
        """)
    errs, report = errors(path)
    assert errs == []
    assert [str(w) for w in report.warnings] == [
        f"{path}:7:7: m-een: prompt: '1. Geef het totaal.' wordt een genummerde lijst; begin de regel anders",
        f"{path}:13:7: m-een: explanation: 'Samen 3.' hoort zo bij het lijstitem erboven; zet er een lege regel voor",
    ]


def test_check_command_prints_file_line_col_and_fails(tmp_path):
    path = write(tmp_path, 'title: x\nquestions:\n  - id: t-een\n    type: numeric\n    promt: "Hoeveel?"\n    answer: 3\n')
    res = run_dlquiz("check", str(path), "--no-keras", env={"COLUMNS": "300"})
    assert res.returncode == 1
    assert res.stderr.splitlines() == [f"{path}:5:5: t-een: onbekende sleutel 'promt' — bedoel je 'prompt'?"]


@pytest.mark.slow
def test_variant_that_keras_refuses_names_variant_and_value_line(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: v-een
            type: keras
            prompt: "Hoeveel?"
            model: |
              model = keras.Sequential([
                  keras.layers.Input(shape=[{n}, 5]),
                  keras.layers.Conv1D(8, kernel_size=3),
                  keras.layers.Conv1D(8, kernel_size=3)])
            variables:
              n: [10, 3]
            ask: total_params
          - id: v-twee
            type: keras
            prompt: "Hoeveel?"
            model: |
              model = keras.Sequential([
                  keras.layers.Input(shape=[None, 5]),
                  keras.layers.SimpleRNN({units})])
            variables:
              units: [32, 0]
            ask: total_params
        """)
    errs, _ = errors(path, keras=True)
    assert len(errs) == 2, errs
    assert errs[0].startswith(f"{path}:12:15: v-een (n=3): Keras bouwt dit model niet: Computed output size would be zero or negative")
    assert errs[1] == (f"{path}:22:19: v-twee (units=0): Keras bouwt dit model niet: Received an invalid value for argument "
                       "`units`, expected a positive integer, got 0.")


def test_unknown_or_missing_type_and_missing_key_name_the_question(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: a-een
            type: numerc
            prompt: "x"
          - id: a-twee
            prompt: "y"
          - id: a-drie
            type: numeric
            answer: 3
        """)
    types = "(typen: numeric, shape, open, choice, truefalse, keras, code)"
    assert errors(path)[0] == [
        f"{path}:4:5: a-een: onbekend type 'numerc' — bedoel je 'numeric'? {types}",
        f"{path}:6:5: a-twee: ontbrekende sleutel 'type' {types}",
        f"{path}:8:5: a-drie: ontbrekende sleutel 'prompt'",
    ]


@pytest.mark.parametrize("sizes", [(30, 30, 30, 30), (1000, 1000, 1000)])
def test_variants_are_counted_before_any_is_built(tmp_path, sizes):
    """4 x 30 values made 810,000 combinations (53 s) before 'at most 64'; 3 x 1000 ended in a MemoryError."""
    variables = "".join(f"      {n}: [{', '.join(str(i + 1) for i in range(k))}]\n" for n, k in zip("abcd", sizes, strict=False))
    path = tmp_path / "bank.yaml"
    path.write_text(
        "title: x\nquestions:\n  - id: veel\n    type: keras\n    prompt: \"?\"\n"
        "    model: \"model = keras.Sequential([keras.Input(shape=({a},)), keras.layers.Dense({b})])\"\n"
        "    ask: total_params\n    variables:\n" + variables, encoding="utf-8")
    res = run_dlquiz("check", str(path), "--no-keras", timeout=60)
    total = 1
    for k in sizes:
        total *= k
    assert res.returncode == 1
    assert f"{total} varianten; hoogstens 64" in res.stderr and "Traceback" not in res.stderr


TEACHER_MISTAKES = """\
    title: x
    questions:
      - id: m-open
        type: open
        prompt: "Waarom?"
        answer: "Daarom."
        options: [a, b]
      - id: m-keras
        type: keras
        prompt: "Hoeveel?"
        model: |
          model = keras.Sequential([keras.Input(shape=[None, 5]), keras.layers.SimpleRNN({units})])
        variables:
          units: 32
        ask: total_params
      - id: m-lambda
        type: keras
        prompt: "Hoeveel?"
        model: |
          model = keras.Sequential([
              keras.Input(shape=[None, 5]),
              keras.layers.Lambda(lambda x: x)])
        ask: total_params
    """


def test_check_says_what_is_wrong_in_the_teachers_words(tmp_path):
    path = write(tmp_path, TEACHER_MISTAKES)
    found = errors(path)[0]
    assert found == [
        f"{path}:7:5: m-open: 'options' hoort niet bij type 'open'; dat veld bestaat bij: choice",
        f"{path}:14:7: m-keras: variables.units: moet een lijst zijn (bv. [32, 64])",
        # the refused line itself (line 3 of the model text), without pydantic's "question: Value error, "
        f"{path}:22:11: m-lambda: regel 3: `keras.layers.Lambda` is niet toegestaan; toegestaan zijn "
        "keras.Sequential([...]), keras.Input, keras.Model, model.add(...), een for-lus over een vaste lijst, en de lagen "
        "Dense, SimpleRNN, LSTM, GRU, Conv1D, Conv2D, Dropout, … (de hele lijst: docs/bank-format.md, 'Allowed layers')",
    ]
    assert not any("Value error" in e or "question:" in e or "Input should" in e for e in found)


def test_check_says_it_in_english_too(tmp_path):
    from dlquiz.i18n import set_lang

    path = write(tmp_path, TEACHER_MISTAKES)
    set_lang("en")
    found = errors(path)[0]
    assert found[:2] == [f"{path}:7:5: m-open: 'options' does not belong to type 'open'; types that have it: choice",
                         f"{path}:14:7: m-keras: variables.units: must be a list (e.g. [32, 64])"]


def test_a_yaml_syntax_error_gets_a_plain_sentence_before_the_parsers_words(tmp_path):
    path = write(tmp_path, "title: x\nquestions:\n  - id: a\n    type: numeric\n   - id: b\n")
    res = run_dlquiz("check", str(path), "--no-keras", env={"COLUMNS": "300"})
    assert res.returncode == 1
    assert res.stderr.strip() == (f"{path}:5:4: {NL_YAML}did not find expected '-' indicator "
                                  "(while parsing a block collection, begonnen op regel 3)")
    res = run_dlquiz("check", str(path), "--no-keras", "--lang", "en", env={"COLUMNS": "300"})
    assert res.stderr.strip() == (
        f"{path}:5:4: not valid YAML here (usually the indentation is off, or a '-' or ':' is misplaced, here or a line "
        "above); the YAML reader says: did not find expected '-' indicator (while parsing a block collection that "
        "starts at line 3)")


DECIMAL = """\
    title: x
    questions:
      - id: d-keras
        type: keras
        prompt: "Hoeveel parameters?"
        model: |
          model = keras.Sequential([keras.Input(shape=[None, 1]), keras.layers.SimpleRNN(32)])
        answer: 1.088
        ask: total_params
        examples:
          - {answer: "1088", verdict: correct}
    """


def test_a_dutch_thousands_point_read_as_a_decimal_is_explained(tmp_path):
    path = write(tmp_path, DECIMAL)
    assert errors(path, keras=True)[0] == [
        f"{path}:8:5: d-keras: answer 1.088 klopt niet, Keras zegt 1088; YAML las 1.088 als decimaal getal; schrijf 1088"]


def test_check_without_keras_says_what_it_skipped_and_keeps_truths_for_next_time(tmp_path):
    path = write(tmp_path, DECIMAL.replace("answer: 1.088", "answer: 1088"))
    env = {"COLUMNS": "300"}
    res = run_dlquiz("check", str(path), "--no-keras", env=env)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == (
        "1 bank, 1 vraag, 0 voorbeeldantwoorden, 0 Keras-modellen: 0 fouten, 2 waarschuwingen; zonder Keras niet "
        "gecontroleerd: 1 voorbeeldantwoord en 1 Keras-model (geen opgeslagen waarheid; draai dlquiz check zonder --no-keras)")
    res = run_dlquiz("check", str(path), "--no-keras", "--lang", "en", env=env)
    assert "not checked without Keras: 1 example answer and 1 Keras model (no stored truth" in res.stdout
    # a check with Keras stores the truths in $DLQUIZ_HOME/keras_truths.json; then --no-keras grades the example
    res = run_dlquiz("check", str(path), env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    res = run_dlquiz("check", str(path), "--no-keras", env=env)
    assert res.stdout.strip() == "1 bank, 1 vraag, 1 voorbeeldantwoord, 0 Keras-modellen: 0 fouten, 2 waarschuwingen"


def test_a_phrase_that_cannot_match_even_its_own_text_is_a_warning_with_its_line(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: o-dood
            type: open
            prompt: "Welke lagen?"
            hint: "De laatste niet."
            explanation: "Alle behalve de laatste."
            answer: "Alle behalve de laatste."
            rubric:
              concepts:
                - id: laatste
                  label: de laatste laag niet
                  phrases:
                    - "behalve de laatste"
                    - "cannot die"
            examples:
              - {answer: "alle behalve de laatste", verdict: correct}
        """)
    errs, report = errors(path)
    assert errs == []
    dead = [(w.line, w.message) for w in report.warnings if "eigen tekst" in w.message or "own text" in w.message]
    assert len(dead) == 1 and dead[0][0] == 15 and "'cannot die'" in dead[0][1]


def test_a_key_written_twice_in_one_block_is_an_error_at_the_second(tmp_path):
    path = write(tmp_path, """\
        title: x
        questions:
          - id: o-twee
            type: open
            prompt: "Wat doet ReLU?"
            explanation: "max(0, z)."
            explanation: "Zet negatieve waarden op 0."
            answer: "max(0, z)"
            rubric:
              concepts:
                - {id: nul, label: negatief wordt 0, phrases: ["negatief 0"]}
        """)
    errs, report = errors(path)
    assert len(errs) == 1 and ":7:" in errs[0] and "'explanation'" in errs[0]
    assert "regel 6" in errs[0] or "line 6" in errs[0]  # where the first one, which is lost, stands
