"""A clean exit everywhere: Ctrl-C, a closed pipe, an ASCII terminal, no stdin. Real subprocesses."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_dlquiz

DLQUIZ = [sys.executable, "-m", "dlquiz"]


def clean(stderr: str) -> bool:
    return "Traceback" not in stderr and "Exception ignored" not in stderr and "Error:" not in stderr.replace("Fout:", "")


def start(*args, env=None, stdin=subprocess.PIPE):
    return subprocess.Popen([*DLQUIZ, *args], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, cwd=ROOT)


def wait_for(proc, marker: bytes, timeout: float = 60) -> bytes:
    """Read stdout until `marker` shows (the process is then where the test wants it)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        assert time.monotonic() < deadline, seen[-500:]
        chunk = os.read(proc.stdout.fileno(), 65536)
        assert chunk, f"ended before {marker!r}: {seen[-500:]!r} {proc.stderr.read()[-2000:]!r}"
        seen += chunk
    return seen


def interrupt(proc, timeout: float = 120) -> tuple[int, str, str]:
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def importing(*args) -> subprocess.Popen:
    """dlquiz under `-X importtime`, which reports each import on stderr as it completes."""
    return subprocess.Popen([sys.executable, "-X", "importtime", "-m", "dlquiz", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "DLQUIZ_LANG": "en"},
                            cwd=ROOT)


def imported(proc, line: bytes) -> None:
    """Wait until `-X importtime` reports an import that matches `line`."""
    seen = b""
    while not re.search(line, seen):
        chunk = os.read(proc.stderr.fileno(), 65536)
        assert chunk, seen[-2000:]
        seen += chunk


def started(proc) -> None:
    """Wait until the `dlquiz` package itself has been imported. Before that line, a Ctrl-C is inside
    CPython's own start, which is CPython's to report; from it on, it is dlquiz's start-up."""
    imported(proc, rb"\| dlquiz\n")


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.03, 0.08, 0.18])
def test_ctrl_c_during_start_up_exits_130_without_traceback(delay):
    proc = importing("list", "h15")
    started(proc)
    time.sleep(delay)
    code, _, err = interrupt(proc)
    # -SIGINT: the signal came before Python had its handler (the shell shows 130 for that too);
    # 0: the command had already finished.
    assert code in (130, -signal.SIGINT, 0), err
    assert "Traceback" not in err and "Exception ignored" not in err, err


@pytest.mark.slow
def test_ctrl_c_while_keras_loads_exits_130_without_traceback():
    proc = importing("check")
    # The first of TensorFlow's modules done: the Keras load has begun and takes seconds more. (A fixed
    # sleep of 3 s could come after the whole check, which now takes 3-4 s here.)
    imported(proc, rb"\| +tensorflow\.")
    code, _, err = interrupt(proc)
    assert code == 130, err[-3000:]
    assert "Traceback" not in err and "Exception ignored" not in err, err[-3000:]


def test_ctrl_c_while_grading_many_answers_exits_130(tmp_path):
    answers = tmp_path / "many.jsonl"
    line = json.dumps({"bank": "h15", "id": "h15-07-parameters", "answer": "(5 + 32 + 1) * 32 = 1216"})
    answers.write_text("\n".join([line] * 200_000), encoding="utf-8")
    proc = start("grade", "--answers", str(answers), "--json")
    wait_for(proc, b'"verdict"')
    code, _, err = interrupt(proc)
    assert code == 130, err[-2000:]
    assert "Traceback" not in err, err[-2000:]


def test_ctrl_c_at_the_practice_prompt_keeps_the_answers_and_exits_130(dlquiz_home):
    proc = start("practice", "h15", "--seed", "3", "-n", "3")
    wait_for(proc, b"vraag 1/3")
    proc.stdin.write(b"1216\n\n")
    proc.stdin.flush()
    wait_for(proc, b"vraag 2/3")
    code, out, err = interrupt(proc)
    assert code == 130, err
    assert "Traceback" not in err
    assert "Samenvatting" in out
    hist = json.loads(run_dlquiz("history", "--json").stdout)
    assert len(hist) == 1 and len(hist[0]["answers"]) == 1


@pytest.mark.parametrize("args", [["list"], ["list", "h15"], ["list", "h15", "--json"], ["--help"],
                                  ["grade", "h15", "h15-07-parameters", "1088"]])
def test_a_closed_stdout_is_quiet(args):
    proc = start(*args, env={"COLUMNS": "60"})
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    err = err.decode(errors="replace")
    assert proc.returncode in (0, 1), err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err


def test_a_closed_stdout_during_practice_is_quiet():
    proc = start("practice", "h15", "--seed", "3", "-n", "2")
    proc.stdout.read(10)
    proc.stdout.close()
    _, err = proc.communicate(b"1216\n\nq\n\n", timeout=60)
    err = err.decode(errors="replace")
    assert "Traceback" not in err and "Exception ignored" not in err, err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("args", [["list"], ["list", "h15"], ["--help"], ["grade", "h15", "h15-07-parameters", "1088"]])
def test_output_to_a_full_disk_is_one_line_not_a_traceback(args):
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "dlquiz", *args], stdout=full, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "COLUMNS": "60"}, timeout=60)
    assert res.returncode == 1
    assert res.stderr.strip() == "dlquiz: [Errno 28] No space left on device", res.stderr


ASCII_TERMINALS = [{"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii:strict"},
                   {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}]


@pytest.mark.parametrize("env", ASCII_TERMINALS)
def test_an_ascii_terminal_gets_no_traceback(env):
    for args in (["list"], ["list", "h15"], ["grade", "h15", "h15-01-s2s-toepassingen", "é ✓ gradiënten — één"],
                 ["grade", "h15", "h15-07-parameters", "1216 ✓"], ["grade", "h15", "h15-07-parameters", "1088"]):
        res = run_dlquiz(*args, env=env)
        assert res.returncode in (0, 1), (args, res.stderr)
        assert "Traceback" not in res.stderr and "UnicodeEncodeError" not in res.stderr, (args, res.stderr)


@pytest.mark.parametrize("env", ASCII_TERMINALS)
def test_an_ascii_terminal_can_practise_with_accents(env):
    proc = subprocess.run([*DLQUIZ, "practice", "h15", "--seed", "3", "-n", "2"], input="é ✓ één\n\ngradiënten\n\n".encode(),
                          capture_output=True, env={**os.environ, **env}, cwd=ROOT, timeout=60)
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_practice_with_empty_stdin_ends_cleanly():
    proc = subprocess.run([*DLQUIZ, "practice", "h15", "-n", "2"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_practice_with_closed_stdin_ends_cleanly():
    proc = subprocess.run(f"{sys.executable} -m dlquiz practice h15 -n 2 0<&-", shell=True,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_grade_dash_with_closed_stdin_is_an_error_not_a_traceback():
    proc = subprocess.run(f"{sys.executable} -m dlquiz grade h15 h15-07-parameters - 0<&-", shell=True,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


# --- the bank cache (DLQUIZ_HOME/cache/banks) may be missing, stale, corrupt or unwritable ----------

MINI = (ROOT / "tests" / "banks" / "mini.yaml").read_text(encoding="utf-8")


def _list_json(bank_dir, *args):
    res = run_dlquiz("list", *args, "--json", "--bank-dir", str(bank_dir))
    return res.returncode, res.stdout, res.stderr


def _cache_files(home):
    return sorted((home / "cache" / "banks").glob("*.json")) if (home / "cache" / "banks").is_dir() else []


def test_a_warm_cache_lists_what_a_cold_one_does(tmp_path, dlquiz_home):
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    cold = _list_json(tmp_path), _list_json(tmp_path, "mini")
    assert any(f.name.startswith("mini-") for f in _cache_files(dlquiz_home))
    warm = _list_json(tmp_path), _list_json(tmp_path, "mini")
    assert cold == warm and cold[0][0] == 0


def test_an_edited_bank_is_read_again(tmp_path, dlquiz_home):
    bank = tmp_path / "mini.yaml"
    bank.write_text(MINI, encoding="utf-8")
    _list_json(tmp_path)
    bank.write_text(MINI.replace("title: ", "title: Nieuw — ", 1), encoding="utf-8")
    code, out, _ = _list_json(tmp_path, "mini")
    assert code == 0 and json.loads(out)["title"].startswith("Nieuw — ")


def test_a_corrupt_cache_costs_time_not_a_crash(tmp_path, dlquiz_home):
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    expected = _list_json(tmp_path, "mini")
    [cache] = [f for f in _cache_files(dlquiz_home) if f.name.startswith("mini-") and f.name.endswith(".bank.json")]
    good = json.loads(cache.read_text(encoding="utf-8"))
    # Same stamp, questions that are no records or of a class that does not exist: the YAML is read again.
    for broken in ("not a list", [{"__record__": "NoSuchQuestion", "id": "x"}], [{"id": "mini-getal"}]):
        cache.write_text(json.dumps({**good, "questions": broken}), encoding="utf-8")
        res = run_dlquiz("grade", "mini", "mini-getal", "3", "--bank-dir", str(tmp_path), "--json")
        assert res.returncode == 0 and json.loads(res.stdout)["verdict"] == "correct", res.stderr
    for garbage in (b"", b"\x00\xff", b"[]", b'{"stamp": 1}', b"{" * 10000, b"[" * 100_000):
        for f in _cache_files(dlquiz_home):
            f.write_bytes(garbage)
        assert _list_json(tmp_path, "mini") == expected
        res = run_dlquiz("grade", "mini", "mini-getal", "3", "--bank-dir", str(tmp_path), "--json")
        assert res.returncode == 0 and json.loads(res.stdout)["verdict"] == "correct", res.stderr


def test_a_broken_bank_is_never_cached_and_reported_every_time(tmp_path, dlquiz_home):
    (tmp_path / "kapot.yaml").write_text("title: x\nquestions: [\n", encoding="utf-8")
    first = _list_json(tmp_path)
    second = _list_json(tmp_path)
    assert first == second and first[0] == 1 and "kapot.yaml:" in first[2]
    assert not [f for f in _cache_files(dlquiz_home) if f.name.startswith("kapot-")]


def test_a_bank_with_values_json_cannot_hold_is_not_cached(tmp_path, dlquiz_home):
    (tmp_path / "datum.yaml").write_text(
        "title: Datum\nquestions:\n  - id: d-1\n    type: numeric\n    prompt: Hoeveel?\n    answer: 3\n"
        "    examples:\n      - {answer: '3', verdict: correct, variant: {op: 2024-05-01}}\n", encoding="utf-8")
    for _ in range(2):
        code, out, err = _list_json(tmp_path, "datum")
        assert code == 0 and json.loads(out)["questions"][0]["id"] == "d-1", err
    assert not [f for f in _cache_files(dlquiz_home) if f.name.startswith("datum-")]


def test_an_unwritable_data_folder_still_lists(tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("a file where the data folder should be (chmod does not stop root)", encoding="utf-8")
    for _ in range(2):
        res = run_dlquiz("list", "--json", env={"DLQUIZ_HOME": str(home)})
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
        assert {"hoofdstuk1", "hoofdstuk15"} <= {b["name"] for b in json.loads(res.stdout)}
