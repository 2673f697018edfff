"""The commands as a user runs them: real subprocesses, real banks, real Keras where a truth is computed."""

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_dlquiz

MINI_DIR = str(Path(__file__).parent / "banks")


@pytest.mark.parametrize("cmd", ["list", "practice", "grade", "check", "history"])
def test_every_command_has_help_text(cmd):
    res = run_dlquiz(cmd, "--help")
    assert res.returncode == 0
    assert "Gebruik" in res.stdout and "Voorbeelden" in res.stdout or cmd == "history"
    assert len(res.stdout.splitlines()) > 5


def test_list_json_has_the_shipped_banks():
    res = run_dlquiz("list", "--json")
    assert res.returncode == 0, res.stderr
    banks = {b["name"]: b for b in json.loads(res.stdout)}
    assert {"hoofdstuk1", "hoofdstuk15"} <= set(banks)
    assert banks["hoofdstuk15"]["questions"] >= 40


def test_list_bank_by_loose_name():
    res = run_dlquiz("list", "h15", "--json")
    assert res.returncode == 0, res.stderr
    ids = [q["id"] for q in json.loads(res.stdout)["questions"]]
    assert "h15-07-parameters" in ids and "h15-11-model3-parameters" in ids


def grade_json(*args):
    res = run_dlquiz("grade", *args, "--json")
    return res, [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def test_grade_worked_parameter_count_is_correct():
    res, [out] = grade_json("hoofdstuk15", "h15-07-parameters", "(5+32+1)*32 = 1216")
    assert res.returncode == 0, res.stderr
    assert set(out) == {"bank", "id", "score", "verdict", "expected", "feedback"}
    assert out["verdict"] == "correct" and out["score"] == 1 and out["expected"] == "1216"


def test_grade_wrong_parameter_count_explains_with_keras_breakdown():
    res, [out] = grade_json("hoofdstuk15", "h15-07-parameters", "1088")
    assert out["verdict"] == "incorrect" and out["score"] == 0
    assert "5×32" in out["feedback"] and "32×32" in out["feedback"] and "1216" in out["feedback"]


@pytest.mark.parametrize("answer", ["1 216", "1.216", "1216 parameters", "(5 + 32 + 1) x 32 = 1216"])
def test_grade_dutch_number_notations(answer):
    _, [out] = grade_json("h15", "h15-07-parameters", answer)
    assert out["verdict"] == "correct", out


def test_grade_unknown_id_names_nearest():
    res = run_dlquiz("grade", "hoofdstuk15", "h15-07-parameter", "1216")
    assert res.returncode == 1
    assert "h15-07-parameters" in res.stderr and "Traceback" not in res.stderr


def test_grade_unknown_bank_names_nearest():
    res = run_dlquiz("grade", "hoofdstuk16", "x", "1")
    assert res.returncode == 1 and "hoofdstuk1" in res.stderr and "Traceback" not in res.stderr


def test_grade_answers_file_in_input_order(tmp_path):
    lines = [
        {"bank": "h15", "id": "h15-07-parameters", "answer": "1216"},
        {"bank": "h15", "id": "h15-nope", "answer": "1"},
        {"bank": "hoofdstuk15", "id": "h15-11-model2-parameters", "answer": "1088 + 33 = 1121"},
        {"bank": "hoofdstuk15", "id": "h15-07-parameters", "answer": "1088"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    res, outs = grade_json("--answers", str(path))
    assert res.returncode == 1  # one entry had an unknown id; the others were still graded
    assert [o.get("verdict", "error") for o in outs] == ["correct", "error", "correct", "incorrect"]
    yaml_path = tmp_path / "a.yaml"
    yaml_path.write_text("- {bank: h15, id: h15-07-parameters, answer: '1 216'}\n", encoding="utf-8")
    res, outs = grade_json("--answers", str(yaml_path))
    assert res.returncode == 0 and outs[0]["verdict"] == "correct"


@pytest.mark.parametrize("answer", ["", " ", "x" * 1_000_000, "\x00\x01\x02ÿþ", "[/bold][red]1216"])
def test_odd_answers_are_graded_not_crashed(tmp_path, answer):
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"bank": "h15", "id": "h15-07-parameters", "answer": answer}), encoding="utf-8")
    res, [out] = grade_json("--answers", str(path))
    assert res.returncode == 0 and "Traceback" not in res.stderr
    assert out["verdict"] in {"incorrect", "correct"}


def test_piped_practice_ends_by_itself_and_is_recorded(dlquiz_home):
    # Blank lines between answers are forgiven; a line that only starts with q is an answer, not quit.
    # (seed 62: a choice, a shape and an open question; each answer is readable as its type)
    answers = "a\n\n(32,)\n\n\nq dit is geen commando\n\n"
    res = run_dlquiz("practice", "hoofdstuk15", "-n", "3", "--seed", "62", input=answers)
    assert res.returncode == 0, res.stderr
    assert "vraag 1/3" in res.stdout and "Samenvatting" in res.stdout
    hist = json.loads(run_dlquiz("history", "--json").stdout)
    assert len(hist) == 1 and hist[0]["kind"] == "practice" and len(hist[0]["answers"]) == 3
    assert hist[0]["finished"]


def test_practice_prints_typed_markup_literally():
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", "--seed", "1",
                     input="[/bold] [red]x\n\n", env={"COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert "MarkupError" not in res.stderr and "Traceback" not in res.stderr


def test_practice_quit_and_hint_commands(dlquiz_home):
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", "--seed", "1", input="?\n\nq\n\n")
    assert res.returncode == 0
    assert "Geen vragen beantwoord" in res.stdout
    assert "Tel de SimpleRNN-lagen" in res.stdout or "Geen hint" in res.stdout


def test_practice_in_english():
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", "--lang", "en", input="3\n\n")
    assert "question 1/" in res.stdout and "Summary" in res.stdout


def test_practice_unknown_topic_lists_topics():
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "geschiedenis")
    assert res.returncode == 1 and "getallen" in res.stderr


def test_corrupt_history_does_not_stop_practice(dlquiz_home):
    dlquiz_home.mkdir(parents=True, exist_ok=True)
    (dlquiz_home / "history.db").write_bytes(b"\x00garbage" * 500)
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", input="3\n\n")
    assert res.returncode == 0, res.stderr
    assert "bewaard als history.db.corrupt-" in res.stderr  # the notice is Dutch by default now
    assert len(json.loads(run_dlquiz("history", "--json").stdout)) == 1


def test_list_into_closed_pipe_is_quiet():
    import subprocess

    proc = subprocess.run(f"{sys.executable} -m dlquiz list | head -1", shell=True, capture_output=True, text=True, cwd=ROOT)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_check_fails_with_file_and_line_on_a_broken_bank(tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text((Path(MINI_DIR) / "mini.yaml").read_text().replace("    answer: 1216\n", "    answer: 1088\n")
                   .replace("id: mini-", "id: kapot-"), encoding="utf-8")
    res = run_dlquiz("check", str(bad))
    assert res.returncode == 1
    line = bad.read_text().splitlines().index("    answer: 1088") + 1
    assert f"{bad}:{line}:" in res.stderr and "1216" in res.stderr


@pytest.mark.slow
def test_check_passes_on_the_shipped_banks():
    res = run_dlquiz("check", timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "0 fouten" in res.stdout


STARTUP_PROBE = """
import sys, io
from typer.testing import CliRunner
from dlquiz.terminal.cli import app
r = CliRunner().invoke(app, {args!r}, input={input!r})
assert r.exit_code == 0, r.output
print("TF" if any(m.split(".")[0] in ("tensorflow", "keras") for m in sys.modules) else "CLEAN")
"""


@pytest.mark.parametrize("args,input", [
    (["--help"], None),
    (["list"], None),
    (["list", "h15", "--json"], None),
    (["grade", "h15", "h15-07-parameters", "1216"], None),
    (["practice", "h15", "-n", "3", "--seed", "3"], "q\n\n"),
])
def test_startup_paths_never_import_tensorflow(args, input):
    import subprocess

    code = STARTUP_PROBE.format(args=args, input=input)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "CLEAN"


WARM_PROBE = """
import sys
from typer.testing import CliRunner
from dlquiz.terminal.cli import app
r = CliRunner().invoke(app, {args!r}, input={input!r})
assert r.exit_code == 0, r.output
print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"pydantic", "yaml", "Stemmer", "rapidfuzz", "tensorflow", "markdown_it", "pygments"}}))
"""


@pytest.mark.parametrize("args,input,drawn", [
    (["list"], None, "[]"),
    (["grade", "h15", "h15-07-parameters", "1216"], None, "[]"),
    # a practice session draws its prompts with rich.markdown, which brings markdown-it and Pygments
    (["practice", "h15", "-n", "1", "--seed", "3"], "q\n\n", "['markdown_it', 'pygments']"),
])
def test_a_cached_bank_is_served_without_pydantic_or_yaml(args, input, drawn):
    """The first command parses and validates the YAML (and caches it); the next one reads plain records:
    no pydantic, PyYAML, stemmer, rapidfuzz or TensorFlow; `list` and `grade` draw no Markdown either."""
    import subprocess

    code = WARM_PROBE.format(args=args, input=input)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr[-2000:]
    assert "pydantic" in runs[0].stdout and "yaml" in runs[0].stdout  # cold: the YAML was read and validated
    assert runs[1].stdout.strip().splitlines()[-1] == drawn


@pytest.mark.parametrize("topic, unreadable, readable, reason", [
    ("getallen", "acht bij zestien en zo", "(8, 16, 64, 64, 3)", "Schrijf een vorm tussen haakjes"),  # the shape
    ("begrip", "dat weet ik wel", "b", "Gebruik een letter a–c"),                                     # choice
])
def test_an_unreadable_answer_is_asked_again_not_scored(dlquiz_home, topic, unreadable, readable, reason):
    """Nothing is revealed or recorded for an answer the program cannot read; the next one is graded once."""
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", topic, "-n", "1", "--seed", "1",
                     input=f"{unreadable}\n\n{readable}\n\n", env={"COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert reason in res.stdout and "Probeer opnieuw" in res.stdout
    assert res.stdout.count("JUIST") == 1 and "FOUT" not in res.stdout
    hist = json.loads(run_dlquiz("history", "--json").stdout)
    assert [a["answer"] for a in hist[0]["answers"]] == [readable]


@pytest.mark.parametrize("qid, answer", [("mini-vorm", "acht bij zestien en zo"), ("mini-getal", "weet ik niet")])
def test_a_script_gets_the_verdict_of_an_unreadable_answer_and_that_it_was_unreadable(dlquiz_home, qid, answer):
    res = run_dlquiz("grade", "mini", qid, answer, "--bank-dir", MINI_DIR, "--json")
    out = json.loads(res.stdout)
    assert out["verdict"] == "incorrect" and out["readable"] is False


def test_the_readmes_scripted_session_does_what_it_says(dlquiz_home):
    """The README pipes two answers into a practice session: both are right, and both are kept."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("printf ") and "dlquiz practice" in x)
    printf, command = line.split(" | ")
    answers = shlex.split(printf)[1].encode().decode("unicode_escape")
    res = run_dlquiz(*shlex.split(command)[1:], input=answers)
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("JUIST") == 2 and re.search(r"Totaal 2\.0/2", res.stdout)


def test_version_and_a_language_before_the_command():
    version = run_dlquiz("--version")
    assert version.returncode == 0 and version.stdout.strip().startswith("dlquiz 0.")
    english = run_dlquiz("--lang", "en", "list")
    assert english.returncode == 0 and "Question banks" in english.stdout
    assert "Vragenbanken" in run_dlquiz("list").stdout


def test_a_narrow_screen_keeps_progress_and_the_way_out_and_whole_ids():
    from dlquiz.terminal.render import commands_help, header

    narrow = header("Hoofdstuk 15 — Sequenties verwerken met RNN's en CNN's", 2, 62, 1.0, 1, 75, width=60).plain
    assert narrow == "vraag 2/62  ·  score 1.0/1  ·  1:15"
    wide = header("Hoofdstuk 15 — Sequenties verwerken met RNN's en CNN's", 2, 62, 1.0, 1, 75, width=120).plain
    assert wide.startswith("Hoofdstuk 15") and wide.endswith("1:15")
    assert commands_help(False).index("q stoppen") < 40
    listed = run_dlquiz("list", "h15", env={"COLUMNS": "60"}).stdout
    assert "h15-01-s2s-toepassingen " in listed and "h15-07-parameters-tijdstappen" in listed


def test_summaries_and_the_exam_overview_name_questions_by_their_first_words(dlquiz_home):
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "begrip", "-n", "1", input="b\n\n",
                     env={"COLUMNS": "200"})
    summary = res.stdout.split("Samenvatting")[1]
    assert "Welk type netwerk voorspelt één waarde uit een …" in summary and "mini-keuze" not in summary
    exam = run_dlquiz("exam", "mini", "--bank-dir", MINI_DIR, "-n", "2", "--seed", "1", input="/overzicht\n\n/inleveren\n\nj\n\n",
                      env={"COLUMNS": "200"})
    overview = exam.stdout.split("Overzicht")[1].split("Typ een nummer")[0]
    assert "mini-" not in overview
    assert any(words in overview for words in ("Hoeveel", "Vorm van", "Welk type"))


def test_a_session_left_before_any_answer_leaves_no_trace(dlquiz_home):
    run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-n", "2", input="q\n\n")
    run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-n", "2", input="/skip\n\n/skip\n\n")
    assert json.loads(run_dlquiz("history", "--json").stdout) == []
    run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "begrip", "-n", "1", input="b\n\n")
    assert len(json.loads(run_dlquiz("history", "--json").stdout)) == 1


def test_the_last_open_answer_can_still_be_overruled_before_the_summary(dlquiz_home):
    res = run_dlquiz("practice", "hoofdstuk15", "-t", "wavenet", "-n", "1", "--seed", "3",
                     input="Conv1D-lagen.\n\n/goed\n\n", env={"COLUMNS": "200"})
    assert "Eens met dit oordeel?" in res.stdout and "aangepast naar juist" in res.stdout
    answers = json.loads(run_dlquiz("history", "--json").stdout)[0]["answers"]
    assert answers[0]["overruled"] is True and answers[0]["verdict"] == "correct"


def test_skip_shows_the_model_answer_and_history_names_the_kind_in_dutch(dlquiz_home):
    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "begrip", "-n", "1", input="/skip\n\n",
                     env={"COLUMNS": "200"})
    assert "Overgeslagen. Het modelantwoord:" in res.stdout and "b) sequentie-naar-vector" in res.stdout
    run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "begrip", "-n", "1", input="b\n\n")
    table = run_dlquiz("history", env={"COLUMNS": "200"}).stdout
    assert "oefenen" in table and "practice" not in table


def test_a_summary_keeps_the_underscore_of_a_name_and_drops_markdown_marks(dlquiz_home):
    from dlquiz.bank.library import Library
    from dlquiz.sessions.practice import Item
    from dlquiz.terminal.render import first_words

    bank = Library().bank("hoofdstuk15")
    q = bank.question("h15-x-vensters-doelen")
    assert "(rail_train is" in first_words(Item(bank, q, q.default_variant()), limit=80)
    q = bank.question("h15-x-bptt")
    assert first_words(Item(bank, q, q.default_variant()), limit=80).startswith("Hoe train je een RNN? Leg backpropagation through time")
