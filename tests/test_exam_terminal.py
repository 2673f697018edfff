"""The exam in a real terminal (pexpect): the countdown, the deadline at an idle or half-typed prompt, kill -9 and resume."""

import json
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest
from conftest import run_dlquiz

MINI_DIR = str(Path(__file__).parent / "banks")
# Seed 3 draws mini-vorm, mini-params (cached truth) and mini-keuze: single-line, no TensorFlow.
EXAM = ["-m", "dlquiz", "exam", "mini", "--bank-dir", MINI_DIR, "--seed", "3"]

pytestmark = pytest.mark.slow


class Terminal:
    """A dlquiz process in a pseudo-terminal that answers cursor-position requests as a real terminal does."""

    def __init__(self, args, home, columns: int = 120, env: dict | None = None):
        import os

        env = {**os.environ, "DLQUIZ_HOME": str(home), "COLUMNS": str(columns), "LINES": "40", **(env or {})}
        self.child = pexpect.spawn(sys.executable, args, dimensions=(40, columns), encoding="utf-8", env=env, timeout=30)
        self.seen = ""

    def pump(self, seconds: float) -> str:
        """Read for `seconds`; return what was written meanwhile."""
        got = ""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.child.isalive():
            try:
                chunk = self.child.read_nonblocking(100_000, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
            got += chunk
            if "\x1b[6n" in chunk:
                self.child.send("\x1b[20;1R")
        self.seen += got
        return got

    def wait_for(self, text: str, seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while text not in self.seen:
            assert time.monotonic() < end, f"{text!r} not seen; screen tail: {self.seen[-1500:]!r}"
            if not self.child.isalive():
                self.pump(0.5)
                assert text in self.seen, f"{text!r} not seen before exit; tail: {self.seen[-1500:]!r}"
            self.pump(0.3)

    def countdown(self) -> int:
        """Seconds left as the bottom toolbar shows them now (a resize makes prompt_toolkit redraw it whole)."""
        rows, cols = self.child.getwinsize()
        self.child.setwinsize(rows, 119 if cols == 120 else 120)
        shown = re.findall(r"nog (\d+):(\d\d)", self.pump(1.0))
        assert shown, "no countdown on screen"
        minutes, seconds = shown[-1]
        return int(minutes) * 60 + int(seconds)

    def exit_status(self, seconds: float = 30) -> int | None:
        end = time.monotonic() + seconds
        while self.child.isalive() and time.monotonic() < end:
            self.pump(0.3)
        self.child.close()
        return self.child.exitstatus


def history():
    return json.loads(run_dlquiz("history", "--json").stdout)


def test_countdown_is_visible_and_decreasing(dlquiz_home):
    term = Terminal([*EXAM, "-n", "2", "--minutes", "1"], dlquiz_home)
    term.wait_for("›")
    first = term.countdown()
    time.sleep(2.5)
    later = term.countdown()
    assert 0 < later < first <= 60
    term.child.kill(signal.SIGKILL)


def test_six_second_exam_without_input_ends_itself(dlquiz_home):
    term = Terminal([*EXAM, "-n", "2", "--minutes", "0.1"], dlquiz_home)
    term.wait_for("›")
    term.wait_for("Examenrapport", seconds=30)
    assert "De tijd is om" in term.seen
    assert term.exit_status() == 0
    [exam] = history()
    assert exam["kind"] == "exam" and exam["finished"] and len(exam["answers"]) == 2
    assert all(a["answer"] == "" and a["score"] == 0 for a in exam["answers"])


def test_deadline_while_typing_keeps_the_typed_text(dlquiz_home):
    term = Terminal([*EXAM, "-n", "1", "--minutes", "0.1"], dlquiz_home)
    term.wait_for("›")
    term.child.send("(8, 16, 64")  # half an answer, no Enter
    term.wait_for("Examenrapport", seconds=30)
    assert term.exit_status() == 0
    [exam] = history()
    assert exam["finished"] and [a["answer"] for a in exam["answers"]] == ["(8, 16, 64"]


def test_killed_exam_resumes_with_its_answers_and_the_time_left(dlquiz_home):
    term = Terminal([*EXAM, "-n", "3", "--minutes", "1"], dlquiz_home)
    term.wait_for("vraag 1/3")
    term.wait_for("›")
    term.child.send("(8, 16, 64, 64, 3)\r")
    term.wait_for("vraag 2/3")
    term.child.send("1216\r")
    term.wait_for("vraag 3/3")
    time.sleep(1)
    term.child.kill(signal.SIGKILL)
    term.child.close()
    [exam] = history()
    assert exam["finished"] is None and [a["answer"] for a in exam["answers"]] == ["(8, 16, 64, 64, 3)", "1216"]

    again = Terminal(["-m", "dlquiz", "exam", "--resume"], dlquiz_home)
    again.wait_for("hervat")
    assert "2 van 3 vragen beantwoord" in again.seen
    again.wait_for("vraag 3/3")
    again.wait_for("›")
    left = again.countdown()
    assert 20 < left < 60
    again.child.send("b\r")
    again.wait_for("Typ een nummer")
    again.child.send("/inleveren\r")
    again.wait_for("Examenrapport")
    assert again.exit_status() == 0
    [exam] = history()
    assert exam["finished"] and [a["answer"] for a in exam["answers"]] == ["(8, 16, 64, 64, 3)", "1216", "b"]
    assert exam["score"] == 1.0


@pytest.mark.parametrize("columns, bar", [
    (60, "/skip · /flag · /overzicht · /inleveren"),
    (120, "Enter = antwoord · /skip · /flag · /overzicht · /inleveren"),
    (40, "/s · /f · /o · /klaar"),
])
def test_the_exam_bar_keeps_its_commands_and_the_time_on_a_narrow_screen(dlquiz_home, columns, bar):
    term = Terminal([*EXAM, "-n", "2", "--minutes", "5"], dlquiz_home, columns=columns)
    term.wait_for("›")
    term.pump(1.5)
    assert re.search(r"nog \d:\d\d", term.seen) and bar in term.seen
    term.child.sendcontrol("c")
    term.exit_status()
