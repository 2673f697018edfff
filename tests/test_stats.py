"""Progress: mastery per topic and type, weakest questions first, and a chart of exam scores."""

from pathlib import Path

from conftest import run_dlquiz

from dlquiz.bank.library import Library
from dlquiz.sessions.stats import compute
from dlquiz.sessions.store import AnswerRecord, Store, now
from dlquiz.terminal.stats_view import bar, sparkline

MINI_DIR = Path(__file__).parent / "banks"


def answer(store, sid, qid, score, verdict):
    store.record(AnswerRecord(sid, "mini", qid, "x", score, verdict, False, 1.0, {}, now()))


def test_mastery_uses_the_latest_score_per_question(dlquiz_home):
    store = Store()
    sid = store.start_session("practice", ["mini"])
    answer(store, sid, "mini-getal", 0.0, "incorrect")
    answer(store, sid, "mini-getal", 1.0, "correct")
    answer(store, sid, "mini-vorm", 0.0, "incorrect")
    answer(store, sid, "mini-keuze", 1.0, "correct")
    stats = compute(store, [Library([MINI_DIR]).bank("mini")])
    topics = {m.name: m for m in stats.topics}
    assert topics["Getallen"].mean == 0.5 and topics["Begrip"].mean == 1.0 and not topics["Keras"].scores
    assert {m.name: m.mean for m in stats.types if m.scores} == {"numeric": 1.0, "shape": 0.0, "choice": 1.0}
    assert stats.weakest[0][1] == "mini-vorm" and stats.answered == 3 and stats.questions == 4


def test_bars_and_sparkline():
    assert bar(1.0, 10) == "█" * 10 and bar(0.0, 10) == " " * 10 and bar(0.5, 10).startswith("█████")
    assert sparkline([0.0, 0.5, 1.0]) == "▁▅█"


def test_stats_after_a_few_sessions_shows_topics_and_the_chart(dlquiz_home):
    args = ["--bank-dir", str(MINI_DIR), "-n", "3", "--minutes", "5"]
    assert run_dlquiz("exam", "mini", *args, "--seed", "3", input="(8, 16, 64, 64, 3)\n\n1216\n\nb\n\n").returncode == 0
    assert run_dlquiz("exam", "mini", *args, "--seed", "3", input="/inleveren\n\n").returncode == 0
    res = run_dlquiz("practice", "mini", "--bank-dir", str(MINI_DIR), "-t", "getallen", input="3\n\n")
    assert res.returncode == 0, res.stderr
    res = run_dlquiz("stats", "mini", "--bank-dir", str(MINI_DIR), env={"COLUMNS": "120"})
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "Beheersing per onderwerp" in out and "Getallen" in out and "Begrip" in out and "Keras" in out
    assert "Beheersing per vraagtype" in out and "Zwakste vragen" in out
    assert "Examenscores in de tijd" in out and "100%" in out and "█" in out and "verloop: █▁" in out


def test_stats_without_answers_says_how_to_start():
    res = run_dlquiz("stats")
    assert res.returncode == 1 and "dlquiz practice" in res.stderr
