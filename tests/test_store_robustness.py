"""A student's history is never hidden (issue 8): a locked, full or read-only history is left as it is and
said so in one line; a damaged row or a foreign file never ends in a traceback.

Everything here runs the real command (`python -m dlquiz …`) against a prepared history. The lock is held
by a real second process; the full disk is a real small tmpfs and the read-only folder a real read-only
bind mount, each in a private mount namespace (`unshare --mount`), so nothing outside the test sees them.
Tests run as root, where chmod does not stop writes: a read-only file is made with `chattr +i` instead, and
the chmod variant runs only for a non-root user. A test skips (saying why) only where the machine cannot
mount or set the attribute.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, run_dlquiz

from dlquiz.sessions.store import AnswerRecord, Store

MINI_DIR = str(Path(__file__).parent / "banks")
STAMP = "2026-01-05T10:00:00+01:00"


def prepare(home: Path) -> Path:
    """A history with a finished practice (3 answers) and a finished exam (2 answers) on the mini bank."""
    store = Store(home / "history.db")
    sid = store.start_session("practice", ["mini"], {"seed": 1})
    for qid, score, verdict in (("mini-getal", 1.0, "correct"), ("mini-vorm", 0.0, "incorrect"),
                                ("mini-keuze", 1.0, "correct")):
        store.record(AnswerRecord(sid, "mini", qid, "antwoord", score, verdict, False, 4.0, {}, STAMP))
    store.finish_session(sid)
    eid = store.start_session("exam", ["mini"], {"plan": [], "minutes": 5, "seconds_left": 0})
    for qid, score in (("mini-getal", 1.0), ("mini-keuze", 0.0)):
        store.record(AnswerRecord(eid, "mini", qid, "b", score, "correct" if score else "incorrect", False, 2.0, {}, STAMP))
    store.finish_session(eid)
    store.close()  # the last connection checkpoints: history.db alone holds everything
    return home / "history.db"


def files(home: Path) -> dict[str, str]:
    """The history files in the folder and a hash of each: what "left as it is" is checked against."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(home.glob("history.db*"))}


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr, stderr
    return lines[0]


def history_json(home: Path) -> list[dict]:
    res = run_dlquiz("history", "--json", env={"DLQUIZ_HOME": str(home)})
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


# --- locked is not corrupt ------------------------------------------------------------------------------

HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode=EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("SELECT count(*) FROM answers").fetchone()
print("locked", flush=True)
sys.stdin.read()
db.execute("COMMIT")
"""


@contextmanager
def held(path: Path):
    """Another process holds the history exclusively until the block ends."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


LOCKED_COMMANDS = {
    "history": ["history"],
    "stats": ["stats", "--bank-dir", MINI_DIR],
    "practice": ["practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen"],
}


@pytest.mark.parametrize("name", LOCKED_COMMANDS)
def test_a_locked_history_is_in_use_not_corrupt(dlquiz_home, name):
    path = prepare(dlquiz_home)
    with held(path):
        before = files(dlquiz_home)
        res = run_dlquiz(*LOCKED_COMMANDS[name], input="3\n\n", env={"DLQUIZ_LOCK_WAIT": "0.3"})
        assert res.returncode == 1
        assert "in gebruik door een andere dlquiz" in one_line(res.stderr)
        assert files(dlquiz_home) == before  # same bytes, nothing moved aside
    assert not list(dlquiz_home.glob("*.corrupt-*"))
    assert [len(s["answers"]) for s in history_json(dlquiz_home)] == [2, 3]


def test_a_long_wait_is_said_before_it_starts(dlquiz_home):
    path = prepare(dlquiz_home)
    with held(path):
        res = run_dlquiz("history", env={"DLQUIZ_LOCK_WAIT": "2"})
    said = " ".join(res.stderr.split())
    assert res.returncode == 1
    # first the wait, then the refusal: a student does not look at a blank screen for the whole wait
    assert re.search(r"andere dlquiz; ik wacht nog tot [12] s …", said), said
    assert said.index("ik wacht nog") < said.index("sluit die andere dlquiz af")
    with held(path):
        quick = run_dlquiz("history", env={"DLQUIZ_LOCK_WAIT": "0.3"})
    assert "ik wacht" not in quick.stderr  # a wait shorter than the first try says nothing


def test_a_locked_history_in_english(dlquiz_home):
    path = prepare(dlquiz_home)
    with held(path):
        res = run_dlquiz("history", "--lang", "en", env={"DLQUIZ_LOCK_WAIT": "0.3"})
    assert res.returncode == 1 and "in use by another dlquiz" in one_line(res.stderr)


def test_a_lock_is_waited_for(dlquiz_home):
    import time

    path = prepare(dlquiz_home)
    with held(path):
        reader = subprocess.Popen([sys.executable, "-m", "dlquiz", "history", "--json"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                  env={**os.environ, "DLQUIZ_LOCK_WAIT": "120"})
        time.sleep(1.5)  # let it meet the lock (without the wait it fails at once)
    out, errs = reader.communicate(timeout=120)
    assert reader.returncode == 0, errs
    assert [s["kind"] for s in json.loads(out)] == ["exam", "practice"]


# --- read-only: history and stats read it, a command that must write says it cannot save -----------------

READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def run_read_only(home: Path, *args, input=None):
    """`dlquiz ARGS` with `home` mounted read-only (for this command only, in its own mount namespace)."""
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", READ_ONLY_MOUNT, str(home),
                           sys.executable, "-m", "dlquiz", *args], input=input, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "DLQUIZ_HOME": str(home)}, timeout=120)


@pytest.fixture(scope="module")
def can_mount(tmp_path_factory):
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1): cannot make a private read-only mount or a small file system")
    probe = tmp_path_factory.mktemp("mount-probe")
    res = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                          READ_ONLY_MOUNT, str(probe), "sh", "-c",
                          f'! touch "{probe}/x" 2>/dev/null && mount -t tmpfs -o size=64k tmpfs "{probe}"'],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"this machine does not allow a private mount ({res.stderr.strip()[:200]})")


def test_a_read_only_folder_is_read_and_not_written(dlquiz_home, can_mount):
    prepare(dlquiz_home)
    before = files(dlquiz_home)

    res = run_read_only(dlquiz_home, "history", "--json")
    assert res.returncode == 0, res.stderr
    assert [len(s["answers"]) for s in json.loads(res.stdout)] == [2, 3]
    assert "alleen-lezen" in one_line(res.stderr)

    res = run_read_only(dlquiz_home, "stats", "mini", "--bank-dir", MINI_DIR)
    assert res.returncode == 0, res.stderr
    assert "3 van 4 vragen ooit beantwoord" in res.stdout and "Examenscores" in res.stdout

    res = run_read_only(dlquiz_home, "practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", "--lang", "en",
                        input="3\n\n")
    assert res.returncode == 1
    line = one_line(res.stderr)
    assert "read-only" in line and "nothing can be saved" in line

    assert files(dlquiz_home) == before and not list(dlquiz_home.glob("*.corrupt-*"))


def test_a_read_only_folder_without_a_history_shows_none(tmp_path, can_mount):
    home = tmp_path / "empty"
    home.mkdir()
    res = run_read_only(home, "history", "--json")
    assert res.returncode == 0 and json.loads(res.stdout) == [], res.stderr
    res = run_read_only(home, "stats", "--bank-dir", MINI_DIR)
    assert res.returncode == 1 and "nog geen antwoorden" in res.stderr and "Traceback" not in res.stderr


@contextmanager
def immutable(path: Path):
    """`chattr +i`: not even root may write the file (chmod does not stop root)."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr(1) to make a file read-only for root")
    res = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"this file system has no immutable attribute ({res.stderr.strip()[:200]})")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_file_is_read_and_not_written(dlquiz_home):
    path = prepare(dlquiz_home)
    digest = files(dlquiz_home)["history.db"]
    with immutable(path):
        res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", input="3\n\n")
        assert res.returncode == 1
        line = one_line(res.stderr)
        assert "alleen-lezen" in line and "niets bewaard" in line
        res = run_dlquiz("history", "--json")
        assert res.returncode == 0, res.stderr
        assert [len(s["answers"]) for s in json.loads(res.stdout)] == [2, 3]
    assert files(dlquiz_home)["history.db"] == digest and not list(dlquiz_home.glob("*.corrupt-*"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="chmod does not stop root from writing; as root the read-only bind mount and chattr tests cover it")
def test_a_chmod_read_only_folder_is_read_and_not_written(dlquiz_home):
    prepare(dlquiz_home)
    before = files(dlquiz_home)
    (dlquiz_home / "history.db").chmod(0o444)
    dlquiz_home.chmod(0o555)
    try:
        res = run_dlquiz("history", "--json")
        assert res.returncode == 0, res.stderr
        assert [len(s["answers"]) for s in json.loads(res.stdout)] == [2, 3]
        res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", input="3\n\n")
        assert res.returncode == 1 and "alleen-lezen" in one_line(res.stderr)
    finally:
        dlquiz_home.chmod(0o755)
        (dlquiz_home / "history.db").chmod(0o644)
    assert files(dlquiz_home) == before


# --- a full disk: a real small tmpfs ----------------------------------------------------------------------

FULL_DISK = textwrap.dedent("""
    import hashlib, json, os, shutil, sqlite3, subprocess, sys, time
    history, mnt, root, mode, *args = sys.argv[1:]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt], check=True)
    home = os.path.join(mnt, "home")
    os.mkdir(home)
    shutil.copy(history, home)
    env = {**os.environ, "DLQUIZ_HOME": home}
    db_file = os.path.join(home, "history.db")

    def digest():
        with open(db_file, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def fill():
        fd = os.open(os.path.join(mnt, "filler"), os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\\0" * 4096)
        except OSError:
            pass
        try:
            while True:
                os.write(fd, b"\\0")
        except OSError:
            pass
        os.close(fd)

    def count():
        db = sqlite3.connect(db_file, timeout=30)
        try:
            return db.execute("SELECT count(*) FROM answers").fetchone()[0]
        finally:
            db.close()

    def dlquiz(*a, input=None):
        r = subprocess.run([sys.executable, "-m", "dlquiz", *a], input=input, capture_output=True, text=True,
                           cwd=root, env=env, timeout=120)
        return {"rc": r.returncode, "out": r.stdout, "err": r.stderr}

    result = {"before": digest()}
    if mode == "at-start":
        fill()
        result["runs"] = [dlquiz(*cmd.split("\\t"), input="3\\n\\n") for cmd in args]
    else:  # mid-session: the first answer is saved, then the disk fills, then the second answer comes
        first, second, cmd = args
        answers_before = count()
        proc = subprocess.Popen([sys.executable, "-m", "dlquiz", *cmd.split("\\t")], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root, env=env)
        proc.stdin.write(first + "\\n\\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 120
        while count() == answers_before and time.monotonic() < deadline:
            time.sleep(0.05)
        fill()
        out, err = proc.communicate(second + "\\n\\n", timeout=120)
        result["runs"] = [{"rc": proc.returncode, "out": out, "err": err}]
    result["after"] = digest()
    result["files"] = sorted(os.listdir(home))
    os.remove(os.path.join(mnt, "filler"))
    result["history"] = dlquiz("history", "--json")
    print(json.dumps(result))
""")


def on_a_full_disk(history: Path, tmp_path: Path, mode: str, *args: str) -> dict:
    mnt = tmp_path / "small"
    mnt.mkdir()
    res = subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable, "-c", FULL_DISK,
                          str(history), str(mnt), str(ROOT), mode, *args], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_a_full_disk_is_said_and_the_file_left_alone(tmp_path, dlquiz_home, can_mount):
    history = prepare(dlquiz_home)
    result = on_a_full_disk(history, tmp_path, "at-start", "history\t--json",
                            f"stats\tmini\t--bank-dir\t{MINI_DIR}\t--lang\ten",
                            f"practice\tmini\t--bank-dir\t{MINI_DIR}\t-t\tgetallen")
    show, stats, practice = result["runs"]
    # Reading needs no space: history and stats show it, with one line saying the disk is full.
    assert show["rc"] == 0, show["err"]
    assert [len(s["answers"]) for s in json.loads(show["out"])] == [2, 3]
    assert "de schijf is vol" in one_line(show["err"])
    assert stats["rc"] == 0 and "3 of 4 questions ever answered" in stats["out"], stats["err"]
    assert "the disk is full" in one_line(stats["err"])
    # Practice must write: one line that says so, nothing asked.
    assert practice["rc"] == 1
    line = one_line(practice["err"])
    assert "de schijf is vol" in line and "niets bewaard" in line
    assert "vraag 1/" not in practice["out"]
    # The file: same bytes, nothing moved aside; with space again, every answer is there.
    assert result["after"] == result["before"]
    assert not [f for f in result["files"] if ".corrupt-" in f]
    assert [len(s["answers"]) for s in json.loads(result["history"]["out"])] == [2, 3]


def test_a_disk_that_fills_during_practice_ends_with_one_line_and_a_summary(tmp_path, dlquiz_home, can_mount):
    history = prepare(dlquiz_home)
    # -t getallen --seed 1 asks mini-vorm, then mini-getal.
    result = on_a_full_disk(history, tmp_path, "mid-session", "(8, 16, 64, 64, 3)", "3",
                            f"practice\tmini\t--bank-dir\t{MINI_DIR}\t-t\tgetallen\t--seed\t1")
    run = result["runs"][0]
    assert run["rc"] == 1
    line = one_line(run["err"])
    assert "de schijf is vol" in line and "1 antwoord(en) van deze sessie zijn bewaard" in line
    assert "mini-getal niet" in line
    assert "OperationalError" not in run["err"]
    assert "Samenvatting" in run["out"] and "mini-vorm" in run["out"]
    assert "niet alles is bewaard: zie hieronder" in " ".join(run["out"].split())
    assert not [f for f in result["files"] if ".corrupt-" in f]
    sessions = json.loads(result["history"]["out"])
    assert [len(s["answers"]) for s in sessions] == [1, 2, 3]
    assert sessions[0]["answers"][0]["id"] == "mini-vorm" and sessions[0]["answers"][0]["verdict"] == "correct"


# A first run on a disk with room for the empty file but not for its tables: SQLite gives up the migration's
# transaction itself, and the rollback after it must not hide that the disk is full behind "cannot rollback".
FRESH_FULL = textwrap.dedent("""
    import os, subprocess, sys
    mnt, root, bank_dir = sys.argv[1:]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], check=True)
    env = {**os.environ, "DLQUIZ_HOME": os.path.join(mnt, "home")}
    r = subprocess.run([sys.executable, "-m", "dlquiz", "practice", "mini", "--bank-dir", bank_dir, "-t", "getallen"],
                       input="3\\n\\n", capture_output=True, text=True, cwd=root, env=env, timeout=120)
    print(r.returncode)
    print(r.stdout + r.stderr)
""")


def test_a_first_run_on_a_full_disk_says_the_disk_is_full(tmp_path, can_mount):
    mnt = tmp_path / "small"
    mnt.mkdir()
    res = subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable, "-c", FRESH_FULL,
                          str(mnt), str(ROOT), MINI_DIR], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rc, _, output = res.stdout.partition("\n")
    line = " ".join(output.split())
    assert rc == "1", output
    assert "de schijf is vol" in line and "niets bewaard" in line, line
    assert "rollback" not in line and "vraag 1/" not in line


# A database "full" for SQLite itself: max_page_count keeps the file at its size, so the first write that
# needs a new page gets SQLite's real SQLITE_FULL ("database or disk is full"). Runs where mount cannot.
PAGE_CAPPED = """
import runpy, sqlite3, sys
_connect = sqlite3.connect
def connect(*args, **kwargs):
    db = _connect(*args, **kwargs)
    db.execute("PRAGMA max_page_count=1")  # SQLite keeps it at the file's present size
    return db
sqlite3.connect = connect
sys.argv = ["dlquiz", *sys.argv[1:]]
runpy.run_module("dlquiz", run_name="__main__", alter_sys=True)
"""


def test_a_database_full_during_practice_ends_with_one_line_and_a_summary(dlquiz_home):
    prepare(dlquiz_home)
    # The first answer fits in a page the file has; the second (padded past a page) needs a new one.
    answers = "(8, 16, 64, 64, 3)\n\n3" + " " * 6000 + "\n\n"
    res = subprocess.run([sys.executable, "-c", PAGE_CAPPED, "practice", "mini", "--bank-dir", MINI_DIR,
                          "-t", "getallen", "--seed", "1", "--lang", "en"], input=answers, capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 1
    line = one_line(res.stderr)
    assert "the disk is full" in line and "1 answer(s) of this session are saved" in line
    assert "your answer to mini-getal was not" in line
    assert "Summary" in res.stdout and "not everything was saved: see below" in " ".join(res.stdout.split())
    sessions = history_json(dlquiz_home)
    assert [len(s["answers"]) for s in sessions] == [1, 2, 3] and sessions[0]["answers"][0]["id"] == "mini-vorm"


# --- damaged rows and foreign files ------------------------------------------------------------------------


def damage(home: Path, *statements: str) -> None:
    db = sqlite3.connect(home / "history.db")
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def test_damaged_rows_are_skipped_with_one_warning(dlquiz_home):
    prepare(dlquiz_home)
    # The exam's meta is not JSON; the practice's newest answer to mini-keuze has a text score.
    damage(dlquiz_home, "UPDATE sessions SET meta = '{niet json' WHERE kind = 'exam'",
           "UPDATE answers SET score = 'hoog' WHERE qid = 'mini-keuze' AND session_id = 1")

    res = run_dlquiz("history")
    assert res.returncode == 0, res.stderr
    assert "oefenen" in res.stdout and "examen" not in res.stdout
    line = one_line(res.stderr)
    assert "2 beschadigde regel(s)" in line and "sessie 2: meta is geen JSON-object" in line

    res = run_dlquiz("history", "--json", "--lang", "en")
    assert res.returncode == 0, res.stderr
    [practice] = json.loads(res.stdout)
    assert [a["id"] for a in practice["answers"]] == ["mini-getal", "mini-vorm"]
    assert "skipped 2 damaged row(s)" in one_line(res.stderr)

    res = run_dlquiz("stats", "mini", "--bank-dir", MINI_DIR)
    assert res.returncode == 0, res.stderr
    # mini-keuze still counts, with its exam answer (0%), since the practice one is damaged
    assert "3 van 4 vragen ooit beantwoord" in res.stdout
    assert "beschadigde regel(s)" in one_line(res.stderr)

    res = run_dlquiz("practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen", "--seed", "1",
                     input="(8, 16, 64, 64, 3)\n\n3\n\n")
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    sessions = json.loads(run_dlquiz("history", "--json").stdout)
    assert [len(s["answers"]) for s in sessions] == [2, 2]  # the new practice, and the old one without its bad row
    # The damaged rows are still in the file, as they were.
    db = sqlite3.connect(dlquiz_home / "history.db")
    assert db.execute("SELECT meta FROM sessions WHERE id = 2").fetchone() == ("{niet json",)
    assert db.execute("SELECT score FROM answers WHERE id = 3").fetchone() == ("hoog",)


def test_resume_of_an_exam_whose_saved_state_is_damaged(dlquiz_home):
    from dlquiz.bank.library import Library
    from dlquiz.sessions.exam import Exam

    store = Store()
    exam = Exam.new(store, [Library([Path(MINI_DIR)]).bank("mini")], n=2, minutes=5, seed=3)
    exam.answer(0, "3")
    exam.answer(1, "b")
    store.close()

    # One answer with a text time: skipped with a warning; the exam resumes and is handed in.
    damage(dlquiz_home, "UPDATE answers SET seconds = 'lang' WHERE id = 1")
    res = run_dlquiz("exam", "--resume", "--bank-dir", MINI_DIR, input="/inleveren\n\n")
    assert res.returncode == 0, res.stderr
    assert "seconden is geen getal" in one_line(res.stderr) and "Examenrapport" in res.stdout

    # A plan that is not a list, and a meta that is not JSON: one message each, no traceback.
    damage(dlquiz_home, "UPDATE sessions SET finished = NULL, meta = '{\"plan\": \"kapot\", \"minutes\": 5}'")
    res = run_dlquiz("exam", "--resume", "--bank-dir", MINI_DIR)
    assert res.returncode == 1 and "kan niet hervat worden" in one_line(res.stderr)

    damage(dlquiz_home, "UPDATE sessions SET meta = 'geen json'")
    res = run_dlquiz("exam", "--resume", "--bank-dir", MINI_DIR)
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2 and "meta is geen JSON-object" in lines[0] and "geen onderbroken examen" in lines[1]


@pytest.mark.parametrize("command", [["history"], ["stats", "--bank-dir", MINI_DIR], ["exam", "--resume"],
                                     ["practice", "mini", "--bank-dir", MINI_DIR, "-t", "getallen"]])
def test_a_foreign_database_is_kept_aside_and_a_new_history_started(dlquiz_home, command):
    dlquiz_home.mkdir(parents=True)
    damage(dlquiz_home, "CREATE TABLE answers(x)", "INSERT INTO answers VALUES (42)")
    original = (dlquiz_home / "history.db").read_bytes()
    res = run_dlquiz(*command, input="3\n\n")
    assert "Traceback" not in res.stderr, res.stderr
    notice = res.stderr.splitlines()[0]
    assert "geen dlquiz-geschiedenis" in notice and "bewaard als history.db.corrupt-" in notice
    [aside] = dlquiz_home.glob("history.db.corrupt-*[0-9]")
    assert aside.read_bytes() == original
    assert sqlite3.connect(aside).execute("SELECT x FROM answers").fetchall() == [(42,)]
    expected = {"history": 0, "stats": 1, "exam": 1, "practice": 0}[command[0]]
    assert res.returncode == expected, res.stderr
    assert len(history_json(dlquiz_home)) == (1 if command[0] == "practice" else 0)


def test_a_history_from_a_newer_dlquiz_is_left_alone(dlquiz_home):
    prepare(dlquiz_home)
    damage(dlquiz_home, "PRAGMA user_version = 9")
    before = files(dlquiz_home)["history.db"]
    res = run_dlquiz("history")
    assert res.returncode == 1 and "nieuwere dlquiz" in one_line(res.stderr)
    assert files(dlquiz_home)["history.db"] == before and not list(dlquiz_home.glob("*.corrupt-*"))


def test_a_database_full_during_an_exam_says_what_was_saved_and_it_resumes(dlquiz_home):
    prepare(dlquiz_home)
    # -n 2 --seed 5 asks mini-vorm, then mini-keuze; the second answer needs a page the file may not grow.
    answers = "(8, 16, 64, 64, 3)\n\nb" + " " * 6000 + "\n\n/inleveren\n\n"
    res = subprocess.run([sys.executable, "-c", PAGE_CAPPED, "exam", "mini", "--bank-dir", MINI_DIR, "-n", "2",
                          "--seed", "5"], input=answers, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 1
    line = one_line(res.stderr)
    assert "de schijf is vol" in line and "1 antwoord(en) van dit examen zijn bewaard" in line
    assert "dlquiz exam --resume" in line
    # With room again, the exam goes on where it stopped.
    res = run_dlquiz("exam", "--resume", "--bank-dir", MINI_DIR, input="b\n\n/inleveren\n\n")
    assert res.returncode == 0, res.stderr
    assert "1 van 2 vragen beantwoord" in res.stdout and "Examenrapport" in res.stdout
    exam = history_json(dlquiz_home)[0]
    assert exam["finished"] and [(a["id"], a["verdict"]) for a in exam["answers"]] == [
        ("mini-vorm", "correct"), ("mini-keuze", "correct")]


def test_review_rebuilds_a_damaged_card_and_skips_a_damaged_answer(dlquiz_home):
    prepare(dlquiz_home)
    res = run_dlquiz("review", "mini", "--bank-dir", MINI_DIR, input="q\n")
    assert res.returncode == 0, res.stderr
    damage(dlquiz_home, "UPDATE cards SET card = '{\"x\": 1}'", "UPDATE answers SET answered_at = 'gisteren' WHERE id = 1")
    res = run_dlquiz("review", "mini", "--bank-dir", MINI_DIR, input="q\n")
    assert res.returncode == 0, res.stderr
    assert "tijdstip is geen datum" in one_line(res.stderr)
    db = sqlite3.connect(dlquiz_home / "history.db")
    assert all("card_id" in json.loads(card) for (card,) in db.execute("SELECT card FROM cards"))
