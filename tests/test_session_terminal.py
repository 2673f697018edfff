"""Sessions in a real terminal (pexpect): what a student sees of verdicts, help and interrupted answers."""

import textwrap

import pytest
from test_exam_terminal import Terminal

pytestmark = pytest.mark.slow

THREE_GATES = textwrap.dedent("""\
    title: "Woorden bij scores"
    language: nl
    topics:
      begrip: "Begrip"
    questions:
      - id: w-drie
        type: open
        topic: begrip
        prompt: "Noem de drie poorten van een LSTM-cel."
        answer: "De vergeetpoort, de invoerpoort en de uitvoerpoort."
        rubric:
          correct_at: 0.6   # this rubric calls 2 of 3 correct, and the screen says so
          concepts:
            - {id: vergeet, label: "vergeetpoort", phrases: ["vergeetpoort"]}
            - {id: invoer, label: "invoerpoort", phrases: ["invoerpoort"]}
            - {id: uitvoer, label: "uitvoerpoort", phrases: ["uitvoerpoort"]}
""")


def test_the_word_and_the_percentage_on_screen_follow_the_rubric_s_verdict(dlquiz_home, tmp_path):
    """Two of three gates is correct by this rubric: the student reads JUIST 100% (and, in the checklist,
    the gate that was missed), never "GEDEELTELIJK 67%" beside a verdict that review and history call correct."""
    (tmp_path / "woorden.yaml").write_text(THREE_GATES, encoding="utf-8")
    term = Terminal(["-m", "dlquiz", "practice", "woorden", "--bank-dir", str(tmp_path)], dlquiz_home)
    term.wait_for("drie poorten")
    term.pump(0.5)
    term.child.send("de vergeetpoort en de invoerpoort\r")
    term.pump(0.3)
    term.child.send("\r")
    term.wait_for("JUIST")
    term.pump(0.5)
    assert "JUIST  100%" in term.seen and "GEDEELTELIJK" not in term.seen and "67%" not in term.seen
    assert "uitvoerpoort" in term.seen.split("JUIST")[1]  # the missed point is still named
    term.child.send("\r")  # Enter = samenvatting
    term.wait_for("Samenvatting")
    term.pump(0.5)
    summary = term.seen.split("Samenvatting")[1]
    assert "juist" in summary.split("Totaal")[0] and "Totaal 1.0/1" in " ".join(summary.split())
    term.exit_status()


def screen(args, columns=60, env=None, dlquiz_home=None):
    """What a command prints in a real terminal `columns` wide, line by line (escape sequences removed)."""
    import re

    term = Terminal(["-m", "dlquiz", *args], dlquiz_home, columns=columns, env=env)
    code = term.exit_status()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", term.seen).replace("\r", "")
    return code, text.splitlines()


def test_help_is_dutch_and_its_examples_are_whole_at_60_columns(dlquiz_home):
    code, lines = screen(["--help"], dlquiz_home=dlquiz_home)
    assert code == 0
    assert lines[0].startswith("Gebruik: ") and "Opties:" in lines and "Opdrachten:" in lines
    assert "Toon deze hulp en stop." in "\n".join(lines)
    code, lines = screen(["practice", "--help"], dlquiz_home=dlquiz_home)
    text = "\n".join(lines)
    assert code == 0 and "Argumenten:" in lines and "[verplicht]" in text and "Usage" not in text
    # each example is one whole line, never broken inside a command
    assert "    dlquiz practice h15 -t wavenet -n 5" in lines and "    dlquiz practice hoofdstuk15" in lines
    assert all(len(line) <= 60 for line in lines)
    assert not any(line.strip() in {"practice h15 -t wavenet -n 5", "-n 5"} for line in lines)


@pytest.mark.parametrize("args, nl, en", [
    (["practice"], "Fout: Argument 'bank' ontbreekt.", "Error: Missing argument 'bank'."),
    (["list", "--foo"], "Fout: Onbekende optie: --foo", "Error: No such option: --foo"),
    (["practice", "h15", "-n", "abc"], "Fout: Ongeldige waarde voor '-n' / '--number': 'abc' is geen geheel getal.",
     "Error: Invalid value for '-n' / '--number': 'abc' is not a valid int range."),
])
def test_click_usage_errors_speak_the_interface_language(dlquiz_home, args, nl, en):
    code, lines = screen(args, dlquiz_home=dlquiz_home)
    assert code == 2 and nl in lines and lines[0].startswith("Gebruik: ")
    code, lines = screen(["--lang", "en", *args], dlquiz_home=dlquiz_home)
    assert code == 2 and en in lines and lines[0].startswith("Usage: ")
    code, lines = screen([*args, "--lang", "en"], dlquiz_home=dlquiz_home)  # --lang after the command, too
    assert code == 2 and en in lines
    code, lines = screen(args, env={"DLQUIZ_LANG": "en"}, dlquiz_home=dlquiz_home)
    assert code == 2 and en in lines


CODE_BANK = textwrap.dedent("""\
    title: "Code"
    language: nl
    topics:
      keras: "Keras"
    questions:
      - id: c-zeven
        type: code
        topic: keras
        prompt: "Schrijf een model met een SimpleRNN(17) en een Dense(7)-uitvoer."
        reference: |
          model = keras.Sequential([
              keras.layers.Input(shape=(None, 1)),
              keras.layers.SimpleRNN(17),
              keras.layers.Dense(7)])
        compare: [output_shape, total_params, layer_kinds]
""")
CODE_ANSWER = "model = keras.Sequential([keras.layers.Input(shape=(None, 1)), keras.layers.SimpleRNN(17), keras.layers.Dense(7)])"


def test_ctrl_c_while_keras_grades_keeps_the_answer_and_says_so(dlquiz_home, tmp_path):
    import json

    from conftest import run_dlquiz

    (tmp_path / "code.yaml").write_text(CODE_BANK, encoding="utf-8")
    term = Terminal(["-m", "dlquiz", "practice", "code", "--bank-dir", str(tmp_path)], dlquiz_home)
    term.wait_for("SimpleRNN(17)")
    term.pump(0.5)
    term.child.send(CODE_ANSWER + "\r")
    term.pump(0.3)
    term.child.send("\r")
    term.wait_for("Keras rekent")  # the first Keras import takes seconds: Ctrl-C lands while it grades
    term.child.sendintr()
    assert term.exit_status() == 130
    assert "Geen vragen beantwoord" not in term.seen
    assert "niet beoordeeld" in term.seen and "bewaard zoals je het gaf" in term.seen
    answers = json.loads(run_dlquiz("history", "--json").stdout)[0]["answers"]
    assert [(a["id"], a["answer"], a["score"]) for a in answers] == [("c-zeven", CODE_ANSWER, None)]


def test_an_exam_draft_typed_before_ctrl_c_is_back_in_the_field_on_resume(dlquiz_home):
    import json
    from pathlib import Path

    from conftest import run_dlquiz

    mini = str(Path(__file__).parent / "banks")
    term = Terminal(["-m", "dlquiz", "exam", "mini", "--bank-dir", mini, "--seed", "3", "-n", "2", "--minutes", "5"],
                    dlquiz_home, columns=60)
    term.wait_for("video's")
    term.pump(1.0)
    term.child.send("(8, 16, 64")
    term.pump(0.5)
    term.child.sendintr()
    assert term.exit_status() == 130
    assert "ook wat je bij vraag 1 typte" in term.seen
    again = Terminal(["-m", "dlquiz", "exam", "--resume"], dlquiz_home, columns=60)
    again.wait_for("video's")
    again.pump(1.5)
    assert "› (8, 16, 64" in again.seen  # the draft is in the input field, ready to finish
    again.child.send(", 64, 3)\r")
    again.wait_for("vraag 2/2")
    again.pump(0.5)
    again.child.sendintr()
    again.exit_status()
    answers = json.loads(run_dlquiz("history", "--json").stdout)[0]["answers"]
    assert [a["answer"] for a in answers] == ["(8, 16, 64, 64, 3)"]
