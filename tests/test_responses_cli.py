"""The rubric lab: students' answers out of the history (`dlquiz responses`), labelled, merged, measured."""

from datetime import datetime

import yaml
from conftest import run_dlquiz

LES5 = """\
title: "Les 5"
topics:
  getal: "Getallen"
  begrip: "Begrip"
questions:
  - id: les5-getal
    type: numeric
    topic: getal
    prompt: "Hoeveel lagen?"
    answer: 3
  - id: les5-open
    type: open
    topic: begrip
    prompt: "Waarom niet-lineaire activaties?"
    answer: "Zonder is alles één lineaire functie."
    rubric:
      concepts:
        - id: lineair
          label: "één lineaire functie"
          phrases: ["lineaire functie", "linear function"]
"""


def _practised(tmp_path):
    """A teacher's bank on DLQUIZ_BANKS, and three answers a student gave to it (one verdict overruled)."""
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "les5.yaml").write_text(LES5, encoding="utf-8")
    env = {"DLQUIZ_BANKS": str(folder), "COLUMNS": "200"}
    for topic, answers in (("getal", "3\n\n"), ("getal", "vier\n\n"), ("begrip", "om sneller te trainen\n\n/goed\n")):
        res = run_dlquiz("practice", "les5", "-t", topic, input=answers, env=env)
        assert res.returncode == 0, res.stderr
    return folder, env


def test_responses_exports_what_students_answered_per_question(tmp_path):
    folder, env = _practised(tmp_path)
    out = tmp_path / "jan.yaml"
    res = run_dlquiz("responses", "les5", "-o", str(out), env=env)
    assert res.returncode == 0, res.stderr
    assert res.stderr.strip() == f"3 antwoorden op 2 vragen geëxporteerd: {out}"
    text = out.read_text(encoding="utf-8")
    assert text == run_dlquiz("responses", "les5", env=env).stdout  # without -o: the same on stdout
    assert text.startswith("# Antwoorden van studenten uit de geschiedenis van dlquiz")
    data = yaml.safe_load(text)
    for entries in data.values():
        for entry in entries:
            datetime.fromisoformat(entry.pop("when"))
    assert data == {
        "les5-getal": [{"answer": "3", "verdict": None, "graded": "correct", "score": 1.0, "overruled": False},
                       {"answer": "vier", "verdict": None, "graded": "incorrect", "score": 0.0, "overruled": False}],
        "les5-open": [{"answer": "om sneller te trainen", "verdict": None, "graded": "correct", "score": 1.0,
                       "overruled": True}],
    }
    assert text.count("  verdict:\n") == 3  # left empty for the teacher
    res = run_dlquiz("responses", "hoofdstuk15", env=env)
    assert res.returncode == 0 and yaml.safe_load(res.stdout) == {}


def test_labelled_files_of_a_class_merge_into_the_corpus_and_check_reports_on_them(tmp_path):
    folder, env = _practised(tmp_path)
    jan = tmp_path / "jan.yaml"
    assert run_dlquiz("responses", "les5", "-o", str(jan), env=env).returncode == 0
    # the teacher labels two of the three (the overruled one is not right: speed is not the reason)
    text = jan.read_text(encoding="utf-8")
    text = text.replace("verdict:\n", "verdict: correct\n", 1).replace("verdict:\n", "verdict: incorrect\n", 1)
    jan.write_text(text, encoding="utf-8")
    an = tmp_path / "an.yaml"
    an.write_text("les5-open:\n  - answer: 'Het is anders één lineaire functie.'\n    verdict: correct\n"
                  "  - answer: 'om sneller te trainen'\n    verdict: incorrect\n", encoding="utf-8")
    corpus = folder / "responses" / "les5.yaml"
    res = run_dlquiz("responses", "les5", "--merge", str(jan), str(an), str(jan), "-o", str(corpus), env=env)
    assert res.returncode == 0, res.stderr
    assert res.stderr.strip() == f"5 antwoorden op 2 vragen samengevoegd: {corpus}"  # jan twice: once
    merged = yaml.safe_load(corpus.read_text(encoding="utf-8"))
    assert [e["answer"] for e in merged["les5-getal"]] == ["3", "vier"]
    assert [(e["answer"], e["verdict"]) for e in merged["les5-open"]] == [
        ("om sneller te trainen", None), ("Het is anders één lineaire functie.", "correct"),
        ("om sneller te trainen", "incorrect")]
    res = run_dlquiz("check", str(folder / "les5.yaml"), "--report", "--no-keras", env=env)
    assert "les5: 4 gelabelde antwoorden: exact 100.0%, juist/niet 100.0%, 0 onterecht juist, 0 onterecht niet juist; " \
           "1 nog zonder verdict (niet meegeteld)" in res.stdout, res.stdout + res.stderr
    assert "│ les5-open  │ 2 │" in res.stdout  # the overruled, unlabelled answer is not counted


def test_merge_names_a_broken_file_with_its_line(tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text("les5-open:\n  - answer: 'x'\n    verdict: goed\n", encoding="utf-8")
    res = run_dlquiz("responses", "--merge", str(bad), "--lang", "en")
    assert res.returncode == 1
    assert res.stderr.startswith(f"Error: {bad}:3:") and "verdict" in res.stderr and "Traceback" not in res.stderr
