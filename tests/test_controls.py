"""Nothing printed is a control sequence (design rule 9): what a bank, a student or Keras wrote reaches
the terminal with C0/C1 controls and escape sequences shown as visible stand-ins.

Property tests for the one cleaning function, then the real commands on a bank whose texts carry ESC,
OSC title and OSC 8 link sequences and C1 controls, and a code answer whose layer names do.
"""

import io
import json
import re

import pytest
from conftest import ROOT, run_dlquiz
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dlquiz.terminal.controls import SafeConsole, clean

PROFILE = settings(max_examples=300, deadline=None, derandomize=True, database=None)


def unsafe(c: str) -> bool:
    """What a terminal acts on instead of showing: C0 but tab and newline, DEL, C1."""
    o = ord(c)
    return (o < 0x20 and c not in "\t\n") or 0x7F <= o <= 0x9F


def picture(c: str) -> bool:
    return "\u2400" <= c <= "\u2421"


# --- the cleaning function ---------------------------------------------------------------------------

C0 = [chr(c) for c in range(0x20)] + ["\x7f"]
C1 = [chr(c) for c in range(0x80, 0xA0)]
printable = st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=12)
params = st.text(st.sampled_from("0123456789;?"), max_size=6)
sequences = st.one_of(
    st.builds(lambda p, f: f"\x1b[{p}{f}", params, st.sampled_from("ABCDHJKmnsuhl")),          # CSI: cursor, clear, colour
    st.builds(lambda p, f: f"\x9b{p}{f}", params, st.sampled_from("ABJKm")),                    # C1 CSI
    st.builds(lambda n, t, end: f"\x1b]{n};{t}{end}", st.sampled_from(["0", "2", "52"]), printable,
              st.sampled_from(["\x07", "\x1b\\", "\x9c"])),                                      # OSC: title, clipboard
    st.builds(lambda url, t: f"\x1b]8;;{url}\x1b\\{t}\x1b]8;;\x1b\\", printable, printable),     # OSC 8 link
    st.builds(lambda c: "\x1b" + c, st.characters(min_codepoint=0x20, max_codepoint=0x7E)),     # ESC + one char
    st.sampled_from(C0 + C1),
)
hostile = st.lists(st.one_of(printable, sequences, st.sampled_from(["\n", "\t", "\r\n", "␛", "é ✓ 中"])),
                   max_size=20).map("".join)


@PROFILE
@given(hostile)
def test_clean_leaves_no_control_but_newline_and_tab(text):
    assert not [c for c in clean(text) if unsafe(c)]


@PROFILE
@given(hostile)
def test_clean_keeps_every_printable_character_in_order(text):
    out = iter(clean(text))
    # Every character that is not a control comes out, in the same order (a subsequence of the output).
    assert all(any(c == o for o in out) for c in text if not unsafe(c))


@PROFILE
@given(hostile)
def test_clean_shows_each_control_as_one_visible_stand_in(text):
    out = clean(text)
    assert sum(map(picture, out)) == sum(map(picture, text)) + sum(map(unsafe, text))
    assert out.count("\n") == text.count("\n") and out.count("\t") == text.count("\t")


@PROFILE
@given(hostile)
def test_clean_is_idempotent(text):
    assert clean(clean(text)) == clean(text)


@PROFILE
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=50).filter(lambda t: not any(map(unsafe, t))))
def test_text_without_controls_is_left_as_it_is(text):
    assert clean(text) == text


def test_the_stand_ins_say_what_the_control_was():
    assert clean("a\x1b]2;TITEL\x07b") == "a␛]2;TITEL␇b"
    assert clean("\x9b2J") == "␛[2J"      # U+009B is CSI, the 8-bit form of ESC [
    assert clean("x\x00\x7f") == "x␀␡"
    assert clean("regel 1\n\tregel 2") == "regel 1\n\tregel 2"


def test_the_console_cleans_panels_tables_and_link_targets_but_keeps_its_own_colours():
    buf = io.StringIO()
    console = SafeConsole(file=buf, force_terminal=True, color_system="standard", width=60)
    table = Table(title=Text("titel \x1b]2;X\x07"))
    table.add_column("kolom \x9b2J")
    table.add_row(Text("cel \x1b[6A", style="red"), "markup [b]vet[/b] \x1b[2J")
    console.print(Panel(table, title=Text("paneel \x1b]8;;http://evil\x1b\\klik\x1b]8;;\x1b\\")))
    console.print(Text("link", style=Style(link="http://x.example/\x1b]2;LINK\x07")))
    raw = buf.getvalue()
    own = re.sub(r"\x1b\[[0-9;]*m", "", raw)                                      # colours: Rich's own SGR
    own = re.sub(r"\x1b\]8;id=[^;\x1b]*;[^\x00-\x1f\x7f-\x9f]*\x1b\\", "", own)   # Rich's own OSC 8, clean target
    own = own.replace("\x1b]8;;\x1b\\", "")
    assert not [c for c in own if unsafe(c)], repr(own)
    assert "␛]2;X" in own and "␛[2J" in own and "␛]8;;http://evil␛\\klik" in own and "LINK" in raw


@PROFILE
@given(st.lists(st.one_of(st.text("abcdefghij XYZ0123é✓中.,;[]", max_size=12), sequences), max_size=30).map("".join),
       st.integers(12, 60))
def test_a_panel_of_hostile_text_loses_no_printable_character_to_the_stand_ins(text, width):
    # The stand-ins take their place in the layout (the text wraps around them), so nothing is cropped.
    from rich.control import strip_control_codes  # what Rich itself drops from a Text: BEL, BS, CR, VT, FF

    buf = io.StringIO()
    SafeConsole(file=buf, width=width, color_system=None).print(Panel(Text(text), padding=0))
    shown = [c for c in buf.getvalue() if c not in "│╭╮╰╯─ \n"]
    assert not [c for c in buf.getvalue() if unsafe(c)]
    assert shown == [c for c in clean(strip_control_codes(text)) if c not in "│╭╮╰╯─ \n\t"]


# --- the real commands -----------------------------------------------------------------------------------

# YAML's double-quoted escapes (\e, \a, \x9b, \u009b) put the real characters in the bank's texts.
VIES = r'''title: "Vies \e]2;TITEL\a bank \x9b2J eind \e]8;;http://evil.example\e\\klik\e]8;;\e\\"
topics:
  t: "Onderwerp \e[2J\e[31mrood \u009b6n"
questions:
  - id: vies-getal
    type: numeric
    topic: t
    source: "bron \e[5m knipper"
    tags: ["tag\e[1m"]
    prompt: "Hoeveel \e]8;;http://evil.example\e\\klik\e]8;;\e\\ lagen? \x9b6A \a [link](http://x.example/\e]2;LINK\a) `code \e[2J`"
    answer: 3
    unit: "lagen\e[2J"
    hint: "tip \e]2;HINT\a"
    explanation: "uitleg \x9b31m rood"
    examples:
      - {answer: "3", verdict: correct}
      - {answer: "vier\e[2J", verdict: correct}
  - id: vies-keuze
    type: choice
    topic: t
    prompt: "Welke \x85 \x90 \x9d?"
    options: ["een\e[2J", "twee\x9bK", "drie"]
    correct: ["twee\x9bK"]
    shuffle: false
    hint: "geen"
    explanation: "omdat \e[?1049h"
    examples:
      - {answer: "b", verdict: correct}
      - {answer: "a", verdict: incorrect}
'''


def leaks(res) -> list[str]:
    """Every control character on stdout or stderr but newline and tab (in a pipe Rich writes no colours)."""
    return [c for c in res.stdout + res.stderr if unsafe(c)]


@pytest.fixture
def vies(tmp_path):
    folder = tmp_path / "banken"
    folder.mkdir()
    (folder / "vies.yaml").write_text(VIES, encoding="utf-8")
    return folder


@pytest.mark.parametrize("args", [
    ["list"], ["list", "vies"], ["preview", "vies", "vies-getal"], ["preview", "vies", "vies-keuze"],
    ["grade", "vies", "vies-getal", "4"], ["grade", "vies", "vies-keuze", "a"],
])
def test_bank_text_is_shown_with_visible_stand_ins(vies, args):
    res = run_dlquiz(*args, "--bank-dir", str(vies), env={"COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert leaks(res) == [], res.stdout + res.stderr
    assert "␛" in res.stdout  # shown, not hidden: a teacher sees that the text holds an escape


def test_check_prints_the_bank_s_problems_with_visible_stand_ins(vies):
    res = run_dlquiz("check", "--no-keras", str(vies / "vies.yaml"), env={"COLUMNS": "200"})
    assert res.returncode == 1  # the example 'vier…' is graded incorrect, not correct
    assert "vier␛[2J" in res.stderr and leaks(res) == [], res.stderr


def test_practice_exam_and_stats_show_bank_and_student_text_with_visible_stand_ins(vies):
    typed = "4\x1b]2;GETYPT\x07\x9b2J\n\n?\n\nb\n\n"   # a student can type (or paste) an escape too
    res = run_dlquiz("practice", "vies", "--bank-dir", str(vies), "--seed", "1", input=typed, env={"COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert leaks(res) == [] and "TITEL" in res.stdout and "HINT" in res.stdout, res.stdout
    res = run_dlquiz("exam", "vies", "-n", "2", "--seed", "1", "--bank-dir", str(vies),
                     input="4\x1b]2;GETYPT\x07\n\nb\n\n/inleveren\n\n", env={"COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert leaks(res) == [] and "Examenrapport" in res.stdout and "GETYPT" in res.stdout, res.stdout
    res = run_dlquiz("stats", "--bank-dir", str(vies), env={"COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert leaks(res) == [] and "Onderwerp ␛[2J" in res.stdout


def test_answers_file_error_lines_carry_no_raw_escape(vies, tmp_path):
    path = tmp_path / "antwoorden.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [
        {"bank": "vies\x1b]2;X\x07", "id": "vies-getal", "answer": "3"},
        {"bank": "vies", "id": "vies-getal\x9b2J", "answer": "3"},
        {"bank": "vies", "id": "vies-getal", "answer": "4\x1b[2J"},
    ]) + "\n", encoding="utf-8")
    res = run_dlquiz("grade", "--answers", str(path), "--bank-dir", str(vies))
    assert res.returncode == 1 and leaks(res) == [], res.stderr
    assert f"{path}:1: vies␛]2;X" in res.stderr and f"{path}:2: vies/vies-getal␛[2J" in res.stderr


def test_json_output_stays_json_escaped(vies):
    res = run_dlquiz("list", "vies", "--json", "--bank-dir", str(vies))
    assert res.returncode == 0 and "\\u001b]2;TITEL\\u0007" in res.stdout
    assert json.loads(res.stdout)["title"].startswith("Vies \x1b]2;TITEL\x07 bank \x9b2J")


def test_in_a_terminal_only_rich_s_own_colour_codes_are_written(vies):
    for args in (["list"], ["preview", "vies", "vies-getal"], ["preview", "vies", "vies-keuze"]):
        res = run_dlquiz(*args, "--bank-dir", str(vies), env={"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"})
        assert res.returncode == 0, res.stderr
        assert "\x1b[" in res.stdout  # it did draw as in a terminal
        own = re.sub(r"\x1b\[[0-9;]*m", "", res.stdout + res.stderr)
        assert not [c for c in own if unsafe(c)], repr(own)


# --- a code answer: layer names and Keras' errors that echo them (real Keras) --------------------------

CODE_Q = "h15-11-model2-zeven-dagen"


@pytest.mark.slow
@pytest.mark.parametrize("layers, shown", [
    # Python escapes in the answer's text become real ESC and BEL once the string literal is read.
    (r"keras.layers.SimpleRNN(32, name='\x1b]2;TITEL\x07\x9b6A'), keras.layers.Dense(8)", "␛]2;TITEL"),
    (r"keras.layers.SimpleRNN(32), keras.layers.Dense(7, activation='\x1b[2J\u009b1A')", "␛[2J"),
    (r"keras.layers.SimpleRNN(32, name='a/\x1b[1A juist (100%)'), keras.layers.Dense(7)", "a/␛[1A juist"),
])
def test_a_code_answer_s_layer_names_reach_the_screen_as_visible_text(layers, shown, tmp_path):
    answer = f"model2 = keras.Sequential([keras.layers.Input(shape=(None, 1)), {layers}])"
    res = run_dlquiz("grade", "h15", CODE_Q, answer, env={"COLUMNS": "200"}, timeout=300)
    assert "Traceback" not in res.stderr, res.stderr
    assert leaks(res) == [] and shown in res.stdout + res.stderr, res.stdout + res.stderr
    # The same answer in a file, and in a practice session of that one question.
    path = tmp_path / "code.jsonl"
    path.write_text(json.dumps({"bank": "h15", "id": CODE_Q, "answer": answer}) + "\n", encoding="utf-8")
    res = run_dlquiz("grade", "--answers", str(path), env={"COLUMNS": "200"}, timeout=300)
    assert leaks(res) == [] and shown in res.stdout + res.stderr, res.stdout + res.stderr
    folder = tmp_path / "banken"
    folder.mkdir()
    (folder / "code.yaml").write_text(one_question_bank(CODE_Q), encoding="utf-8")
    res = run_dlquiz("practice", "code", "--bank-dir", str(folder), input=answer + "\n\n", env={"COLUMNS": "200"},
                     timeout=300)
    assert res.returncode == 0 and "Samenvatting" in res.stdout, res.stdout + res.stderr
    assert leaks(res) == [] and shown in res.stdout, res.stdout + res.stderr


def one_question_bank(qid: str) -> str:
    """A bank of one question of the shipped hoofdstuk15, as its YAML stands there."""
    lines = (ROOT / "questions" / "hoofdstuk15.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {qid}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: "))
    topic = next(ln.split(":", 1)[1].strip() for ln in lines[start:end] if ln.strip().startswith("topic:"))
    return f"title: Code\ntopics: {{{topic}: Code}}\nquestions:\n" + "\n".join(lines[start:end]) + "\n"
