"""The history store keeps every graded answer, survives a corrupt file, and lets two writers share it."""

import sqlite3
import subprocess
import sys

from dlquiz.sessions.store import AnswerRecord, Store, now


def record(store, sid, qid="q1", score=1.0, verdict="correct"):
    return store.record(AnswerRecord(sid, "bank", qid, "antwoord", score, verdict, False, 3.2, {"units": 8}, now()))


def test_answers_are_committed_at_once(dlquiz_home):
    store = Store()
    sid = store.start_session("practice", ["bank"])
    record(store, sid)
    # A second connection sees it without any close or commit: a crash now loses nothing.
    other = sqlite3.connect(dlquiz_home / "history.db")
    assert other.execute("SELECT qid, answer, score FROM answers").fetchall() == [("q1", "antwoord", 1.0)]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sessions_newest_first_with_answers(dlquiz_home):
    store = Store()
    first = store.start_session("practice", ["a"])
    record(store, first, score=0.0, verdict="incorrect")
    second = store.start_session("exam", ["a", "b"])
    record(store, second)
    record(store, second, "q2", 0.5, "partial")
    store.finish_session(second)
    sessions = store.sessions()
    assert [s["id"] for s in sessions] == [second, first]
    assert sessions[0]["kind"] == "exam" and sessions[0]["banks"] == ["a", "b"]
    assert sessions[0]["score"] == 0.75 and sessions[0]["finished"]
    assert sessions[1]["finished"] is None
    assert sessions[0]["answers"][1] == {"bank": "bank", "id": "q2", "answer": "antwoord", "score": 0.5,
                                         "verdict": "partial", "overruled": False, "seconds": 3.2}


def test_overrule_is_recorded(dlquiz_home):
    store = Store()
    sid = store.start_session("practice", ["a"])
    aid = record(store, sid, score=0.3, verdict="incorrect")
    store.overrule(aid, 1.0, "correct")
    ans = store.sessions()[0]["answers"][0]
    assert ans["overruled"] is True and ans["verdict"] == "correct"


def test_corrupt_history_is_moved_aside(dlquiz_home):
    dlquiz_home.mkdir(parents=True)
    (dlquiz_home / "history.db").write_bytes(b"this is not a database" * 100)
    store = Store()
    assert store.notice and "bewaard als history.db.corrupt-" in store.notice  # Dutch by default
    assert list(dlquiz_home.glob("history.db.corrupt-*"))
    sid = store.start_session("practice", ["a"])
    record(store, sid)
    assert len(store.sessions()) == 1


def test_two_writers_at_once(dlquiz_home):
    code = (
        "from dlquiz.sessions.store import Store, AnswerRecord, now\n"
        "s = Store(); sid = s.start_session('practice', ['b'])\n"
        "for i in range(200): s.record(AnswerRecord(sid, 'b', f'q{i}', 'x', 1.0, 'correct', False, 1.0, {}, now()))\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    store = Store()
    assert store.db.execute("SELECT count(*) FROM answers").fetchone()[0] == 400
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
