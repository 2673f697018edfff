"""Does the Keras preload hide behind the student's typing? Time from Enter to verdict on a code question.

    python benchmarks/hidden_wait.py            # typing pauses of 0, 2, 5 and 10 seconds
    python benchmarks/hidden_wait.py 0 3 8

A practice session on one code question (its answer is built with live Keras) is started with a fresh
DLQUIZ_HOME (no cached truths of the student's model). After the question shows, the benchmark waits
as long as a student types, sends the answer, and measures how long the verdict takes to appear.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANK = """\
title: Wachten
questions:
  - id: wacht-code
    type: code
    prompt: Pas `model2` aan zodat het 7 dagen voorspelt.
    reference: |
      model2 = keras.Sequential([
          keras.layers.Input(shape=(None, 1)),
          keras.layers.SimpleRNN(32),
          keras.layers.Dense(7)])
"""
ANSWER = b"model2 = keras.Sequential([keras.layers.Input(shape=(None, 1)), keras.layers.SimpleRNN(32), keras.layers.Dense(7)])\n\n"
VERDICT = re.compile(rb"JUIST|FOUT|GEDEELTELIJK")


def read_until(proc: subprocess.Popen, pattern: re.Pattern, seen: bytes = b"") -> bytes:
    while not pattern.search(seen):
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            raise SystemExit(f"dlquiz ended early: {seen[-800:]!r}")
        seen += chunk
    return seen


def one(typing_seconds: float) -> tuple[float, float]:
    """(seconds from start to the question, seconds from Enter to the verdict)."""
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as banks:
        (Path(banks) / "wacht.yaml").write_text(BANK, encoding="utf-8")
        env = {**os.environ, "DLQUIZ_HOME": home, "COLUMNS": "100", "PYTHONPATH": str(ROOT)}
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "dlquiz", "practice", "wacht", "--bank-dir", banks],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        seen = read_until(proc, re.compile(rb"vraag 1/1"))
        shown = time.perf_counter() - start
        time.sleep(typing_seconds)
        enter = time.perf_counter()
        proc.stdin.write(ANSWER)
        proc.stdin.flush()
        read_until(proc, VERDICT, seen)
        graded = time.perf_counter() - enter
        proc.stdin.close()
        proc.stdout.read()
        proc.wait(timeout=120)
        return shown, graded


def main() -> None:
    pauses = [float(a) for a in sys.argv[1:]] or [0, 2, 5, 10]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import keras"], check=True, capture_output=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    keras_import = time.perf_counter() - t0
    print(f"python -c 'import keras' alone: {keras_import:.2f} s\n")
    print(f"{'typing pause':>12}  {'question shown after':>20}  {'Enter -> verdict':>16}")
    for pause in pauses:
        shown, graded = one(pause)
        print(f"{pause:>10.1f} s  {shown:>18.2f} s  {graded:>14.2f} s")


if __name__ == "__main__":
    main()
