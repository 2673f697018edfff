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
          correct_at: 0.6   # this rubric calls 2 of 3 correct; the word beside 67% is the same as anywhere
          concepts:
            - {id: vergeet, label: "vergeetpoort", phrases: ["vergeetpoort"]}
            - {id: invoer, label: "invoerpoort", phrases: ["invoerpoort"]}
            - {id: uitvoer, label: "uitvoerpoort", phrases: ["uitvoerpoort"]}
""")


def test_a_score_between_0_and_100_reads_gedeeltelijk_whatever_the_rubric(dlquiz_home, tmp_path):
    (tmp_path / "woorden.yaml").write_text(THREE_GATES, encoding="utf-8")
    term = Terminal(["-m", "dlquiz", "practice", "woorden", "--bank-dir", str(tmp_path)], dlquiz_home)
    term.wait_for("drie poorten")
    term.pump(0.5)
    term.child.send("de vergeetpoort en de invoerpoort\r")
    term.pump(0.3)
    term.child.send("\r")
    term.wait_for("67%")
    term.pump(0.5)
    assert "GEDEELTELIJK  67%" in term.seen and "JUIST" not in term.seen
    term.child.send("\r")  # Enter = samenvatting
    term.wait_for("Samenvatting")
    term.pump(0.5)
    assert "juist" not in term.seen.split("Samenvatting")[1].split("Totaal")[0]
    term.exit_status()
