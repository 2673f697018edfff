"""Mock exams in the core (plan, clock, answers in the store, resume) and as piped commands."""

import json
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import run_dlquiz

from dlquiz.bank.library import Library
from dlquiz.sessions.exam import Exam, plan_exam
from dlquiz.sessions.store import SCHEMA_VERSION, Store

MINI_DIR = Path(__file__).parent / "banks"


def mini():
    return Library([MINI_DIR]).bank("mini")


def test_plan_spreads_over_topics_and_is_reproducible():
    bank = Library([]).bank("h15")
    items = plan_exam([bank], 6, seed=4)
    assert len(items) == 6
    assert len({i.question.topic for i in items}) == min(6, len({q.topic for q in bank.questions}))
    again = plan_exam([bank], 6, seed=4)
    assert [(i.question.id, i.variant) for i in items] == [(i.question.id, i.variant) for i in again]
    assert len({i.question.id for i in plan_exam([bank], 40, seed=1)}) == 40


def test_answers_are_committed_at_once_and_a_change_updates_the_record(dlquiz_home):
    store = Store()
    exam = Exam.new(store, [mini()], n=3, minutes=5, seed=1)
    exam.answer(0, "eerste poging", 2.0)
    other = sqlite3.connect(dlquiz_home / "history.db")
    assert other.execute("SELECT answer FROM answers").fetchall() == [("eerste poging",)]
    exam.answer(0, "tweede poging", 1.0)
    assert other.execute("SELECT answer, seconds FROM answers").fetchall() == [("tweede poging", 3.0)]
    meta = json.loads(other.execute("SELECT meta FROM sessions").fetchone()[0])
    assert len(meta["plan"]) == 3 and 0 < meta["seconds_left"] <= 300 and meta["minutes"] == 5


def test_resume_keeps_answers_flags_and_time_left(dlquiz_home):
    store = Store()
    exam = Exam.new(store, [mini()], n=4, minutes=1, seed=2)
    first_id = exam.slots[0].item.question.id
    exam.answer(0, "3", 1.0)
    exam.toggle_flag(1)
    time.sleep(1.1)
    exam.save_clock()
    store.close()

    again = Exam.resume(Store(), Library([MINI_DIR]))
    assert again.session_id == exam.session_id and again.resumed
    assert again.slots[0].item.question.id == first_id and again.slots[0].answer == "3"
    assert again.slots[1].flagged
    assert 50 < again.remaining() < 59.5
    assert again.next_open(0) == 1


def test_hand_in_scores_unanswered_as_zero_and_finishes(dlquiz_home):
    store = Store()
    exam = Exam.new(store, [mini()], n=3, minutes=5, seed=3)
    exam.hand_in()
    s = store.sessions()[0]
    assert s["finished"] and len(s["answers"]) == 3 and s["score"] == 0.0
    assert sum(c for _, _, c in exam.by_topic()) == 3


def test_schema_v1_file_migrates_and_keeps_its_history(dlquiz_home):
    from dlquiz.sessions.store import MIGRATIONS

    dlquiz_home.mkdir(parents=True)
    db = sqlite3.connect(dlquiz_home / "history.db")
    db.executescript(MIGRATIONS[1] + "PRAGMA user_version=1;")
    db.execute("INSERT INTO sessions(kind, banks, started) VALUES ('practice', '[\"b\"]', '2026-01-01T10:00:00+00:00')")
    db.execute("INSERT INTO answers(session_id, bank, qid, answer, score, verdict, answered_at)"
               " VALUES (1, 'b', 'q', 'x', 1.0, 'correct', '2026-01-01T10:00:00+00:00')")
    db.commit()
    db.close()
    store = Store()
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert store.sessions()[0]["answers"][0]["answer"] == "x"
    store.save_card("b", "q", "{}", "2026-01-02T00:00:00+00:00", 1)
    assert store.cards() == {("b", "q"): ("{}", 1)}


def test_piped_exam_hands_in_and_reports(dlquiz_home):
    # Answer the first, flag and skip the second, look at the overview, go back to 2, then hand in.
    answers = "3\n\n/flag\n\n/skip\n\n/overzicht\n\n2\n\n(8, 16, 64, 64, 3)\n\n/inleveren\n\n"
    res = run_dlquiz("exam", "mini", "--bank-dir", str(MINI_DIR), "-n", "3", "--seed", "3", "--minutes", "5",
                     input=answers, env={"COLUMNS": "100"})
    assert res.returncode == 0, res.stderr
    assert "Overzicht" in res.stdout and "gemarkeerd" in res.stdout
    assert "Examenrapport" in res.stdout and "Per onderwerp" in res.stdout and "Modelantwoord" in res.stdout
    assert "JUIST" not in res.stdout.split("Examenrapport")[0]  # no verdicts before handing in
    hist = json.loads(run_dlquiz("history", "--json").stdout)
    assert len(hist) == 1 and hist[0]["kind"] == "exam" and hist[0]["finished"]
    assert len(hist[0]["answers"]) == 3
    assert set(hist[0]["answers"][0]) == {"bank", "id", "answer", "score", "verdict", "overruled", "seconds"}
    assert set(hist[0]) == {"id", "kind", "banks", "started", "finished", "score", "answers"}


def test_piped_exam_prints_typed_markup_literally():
    res = run_dlquiz("exam", "mini", "--bank-dir", str(MINI_DIR), "-n", "1", "--seed", "1",
                     input="[/bold] [red]x\n\n/inleveren\n\n", env={"COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert "[/bold] [red]x" in res.stdout and "MarkupError" not in res.stderr


@pytest.mark.parametrize("minutes", ["-5", "inf", "1e300", "nan", "-inf", "1441"])
def test_minutes_out_of_range_are_refused_before_an_exam_starts(minutes):
    # inf and 1e300 ended in an OverflowError traceback, nan in an exam that was over at once.
    res = run_dlquiz("exam", "mini", "--bank-dir", str(MINI_DIR), "-n", "1", "--minutes", minutes,
                     input="3\n\n/inleveren\n\n", env={"COLUMNS": "200"})
    assert res.returncode == 2 and "Traceback" not in res.stderr + res.stdout
    assert "Ongeldige waarde voor '--minutes'" in res.stderr and "ligt niet in het bereik 0.05<=x<=1440.0" in res.stderr
    assert "Examen" not in res.stdout
    assert json.loads(run_dlquiz("history", "--json").stdout) == []


def test_resume_without_an_exam_says_so():
    res = run_dlquiz("exam", "--resume")
    assert res.returncode == 1 and "geen onderbroken examen" in res.stderr and "Traceback" not in res.stderr


def test_piped_exam_past_its_deadline_hands_in(dlquiz_home):
    # 3 seconds for the whole exam; the answer after the deadline does not start a new question.
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "dlquiz", "exam", "mini", "--bank-dir", str(MINI_DIR), "-n", "3",
                             "--minutes", "0.05", "--seed", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(4.5)
    out, errs = proc.communicate("3\n\n4\n\n", timeout=60)
    assert proc.returncode == 0, errs
    assert "De tijd is om" in out and "Examenrapport" in out


PROBE = """
import sys
from typer.testing import CliRunner
from dlquiz.terminal.cli import app
heavy = lambda: sorted({{m.split(".")[0] for m in sys.modules}} & {{"tensorflow", "keras", "prompt_toolkit", "fsrs"}})
assert heavy() == [], heavy()
r = CliRunner().invoke(app, {args!r}, input={input!r})
assert r.exit_code == 0, r.output
print(",".join(heavy()) or "CLEAN")
"""


def test_exam_stats_and_review_start_without_tensorflow():
    import subprocess
    import sys

    for args, input in [(["exam", "mini", "--bank-dir", str(MINI_DIR), "-n", "3", "--seed", "3"], "/inleveren\n\n"),
                        (["stats", "--help"], None), (["review", "mini", "--bank-dir", str(MINI_DIR), "--new", "0"], None)]:
        proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args, input=input)], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "tensorflow" not in proc.stdout and "keras" not in proc.stdout, proc.stdout


def test_an_exam_with_nothing_to_read_is_not_graded(dlquiz_home):
    """`dlquiz exam h15 -n 500 --minutes 1 </dev/null` handed in 62 empty answers and put a 0% exam in stats."""
    from conftest import run_dlquiz

    res = run_dlquiz("exam", "h15", "-n", "500", "--minutes", "1", input="")
    assert res.returncode == 1
    assert "geen invoer om te lezen" in res.stderr and "Traceback" not in res.stderr
    hist = json.loads(run_dlquiz("history", "--json").stdout)
    assert [(s["kind"], s["finished"], len(s["answers"])) for s in hist] == [("exam", None, 0)]
    assert "nog geen antwoorden" in run_dlquiz("stats").stderr


def test_handing_in_with_open_questions_asks_first(dlquiz_home):
    from conftest import run_dlquiz

    res = run_dlquiz("exam", "mini", "--bank-dir", str(MINI_DIR), "-n", "3", "--seed", "1",
                     input="/inleveren\n\nn\n\n/inleveren\n\nj\n\n")
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("Toch inleveren? (j/n)") == 2
    assert "Examenrapport" in res.stdout
    hist = json.loads(run_dlquiz("history", "--json").stdout)
    assert hist[0]["kind"] == "exam" and hist[0]["finished"]


OPEN_BANK = """\
title: "Open vraag"
language: nl
topics:
  padding: "Padding"
questions:
  - id: open-padding
    type: open
    topic: padding
    prompt: "Welke padding gebruikt WaveNet?"
    answer: "Causale padding: enkel links nullen."
    rubric:
      concepts:
        - id: causaal
          label: "causale padding"
          phrases: ["causale padding", "causal padding"]
"""


def test_an_exam_report_asks_a_teacher_to_look_at_answers_the_grader_is_unsure_of(dlquiz_home, tmp_path):
    (tmp_path / "open.yaml").write_text(OPEN_BANK, encoding="utf-8")
    # A real answer in other words than the rubric's: no point hit, so the grader cannot tell.
    answer = "Er worden enkel aan het begin van de reeks extra nullen gezet, zodat de laag nooit vooruit kijkt."
    res = run_dlquiz("exam", "open", "--bank-dir", str(tmp_path), "-n", "1", input=f"{answer}\n\n/inleveren\n\nj\n\n",
                     env={"COLUMNS": "100"})
    assert res.returncode == 0, res.stderr
    report = " ".join(res.stdout.split("Examenrapport")[1].split())
    assert "Laat een docent nakijken: vraag 1" in report and "laat dit antwoord nakijken door een docent" in report
    assert "/goed" not in report  # there is nothing to type in a report
    sure = run_dlquiz("exam", "open", "--bank-dir", str(tmp_path), "-n", "1", input="causale padding\n\n/inleveren\n\nj\n\n",
                      env={"COLUMNS": "100"})
    assert "nakijken" not in sure.stdout
