"""YAML alias bombs: a small bank whose aliases would expand to billions of nodes is refused with its
line, before anything is built from it, and every other bank is still listed. Real files, the real
command in a child process, and the child's peak memory measured."""

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from dlquiz.bank.validate import load_bank
from dlquiz.bank.yamlio import ALIAS_BUDGET, load_yaml
from dlquiz.errors import BankError

MINI = (ROOT / "tests" / "banks" / "mini.yaml").read_text(encoding="utf-8")

BOMB_HEAD = """\
title: "Bom"
topics: {t: T}
questions:
  - id: bom-1
    type: numeric
    topic: t
    prompt: "Hoeveel?"
    answer: 3
    examples:
      - answer: "3"
        verdict: correct
        variant:
          a0: &a0 [x, x, x, x, x, x, x, x, x]
"""


def bomb_text(levels: int = 9) -> str:
    """About 800 bytes; expanded, 9**9 (387 million) leaves."""
    rows = [f"          a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, levels)]
    return BOMB_HEAD + "".join(rows)


# The command runs in a child of a fresh Python, whose RUSAGE_CHILDREN is that one child's peak; the
# address-space limit only keeps a regression from taking the machine with it (it ends in MemoryError).
_MEASURE = r"""
import json, resource, subprocess, sys
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))
res = subprocess.run([sys.executable, "-m", "dlquiz", *sys.argv[1:]], capture_output=True, text=True, preexec_fn=limit)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": res.returncode, "out": res.stdout, "err": res.stderr, "peak_mb": peak_kb / 1024}))
"""


def run_measured(*args, env):
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def teacher_banks(tmp_path):
    folder = tmp_path / "docent"
    folder.mkdir()
    (folder / "a-bom.yaml").write_text(bomb_text(), encoding="utf-8")
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    return folder


def test_the_bomb_is_small():
    assert len(bomb_text().encode()) < 1000


def test_list_refuses_an_alias_bomb_with_its_line_and_lists_every_other_bank(teacher_banks):
    res = run_measured("list", env={"DLQUIZ_BANKS": str(teacher_banks)})
    assert res["code"] == 1
    assert "Traceback" not in res["err"] and "MemoryError" not in res["err"], res["err"][-2000:]
    line = next(n for n, text in enumerate(bomb_text().splitlines(), 1) if text.strip().startswith("a4:"))
    assert f"{teacher_banks / 'a-bom.yaml'}:{line}:" in res["err"]
    assert "aliassen" in res["err"] and str(ALIAS_BUDGET) in res["err"]
    # The other banks, the shipped ones and the teacher's second one, are still listed.
    for name in ("hoofdstuk1", "hoofdstuk15", "mini"):
        assert name in res["out"]
    assert res["peak_mb"] < 200, res["peak_mb"]


def test_list_json_leaves_the_bomb_out_and_keeps_the_rest(teacher_banks):
    res = run_measured("list", "--json", env={"DLQUIZ_BANKS": str(teacher_banks)})
    assert res["code"] == 1 and "a-bom.yaml:" in res["err"]
    assert {b["name"] for b in json.loads(res["out"])} >= {"hoofdstuk1", "hoofdstuk15", "mini"}
    assert res["peak_mb"] < 200, res["peak_mb"]


def test_check_reports_the_bomb_as_an_error_with_its_line(teacher_banks):
    res = run_measured("check", "--no-keras", str(teacher_banks), env={})
    assert res["code"] == 1 and "Traceback" not in res["err"], res["err"][-2000:]
    assert f"{teacher_banks / 'a-bom.yaml'}:" in res["err"] and "aliassen" in res["err"]
    assert "1 bank," in res["out"] and "1 fout," in res["out"]  # mini was checked all the same
    assert res["peak_mb"] < 300, res["peak_mb"]


def test_aliases_a_teacher_uses_for_reuse_still_load(tmp_path):
    bank = tmp_path / "hergebruik.yaml"
    bank.write_text("""\
title: Hergebruik
topics: {t: T}
questions:
  - id: h-1
    type: choice
    topic: t
    prompt: "Welke?"
    options: &opties ["een", "twee", "drie"]
    correct: ["twee"]
    tags: &tags [samen, hergebruikt]
  - id: h-2
    type: choice
    topic: t
    prompt: "En nu?"
    options: *opties
    correct: ["drie"]
    tags: *tags
""", encoding="utf-8")
    loaded = load_bank(bank)
    assert [q.options for q in loaded.questions] == [["een", "twee", "drie"]] * 2
    assert loaded.questions[1].tags == ["samen", "hergebruikt"]


def test_an_alias_inside_itself_is_refused_with_its_line(tmp_path):
    bank = tmp_path / "lus.yaml"
    bank.write_text("title: Lus\ntopics: {t: T}\nquestions:\n  - &q\n    id: l-1\n    type: numeric\n"
                    "    prompt: Hoeveel?\n    answer: 3\n    tags: [*q]\n", encoding="utf-8")
    with pytest.raises(BankError) as exc:
        load_bank(bank)
    assert exc.value.line == 9 and "alias" in exc.value.message


def test_the_budget_counts_what_the_aliases_add_not_the_size_of_the_file():
    # 200 entries that each use an alias of 40 nodes: 8,000 added nodes, within the budget.
    head = "p: &p [" + ", ".join(["w"] * 39) + "]\n"
    ok = head + "".join(f"k{i}: *p\n" for i in range(200))
    assert len(load_yaml(ok)) == 201
    too_many = head + "".join(f"k{i}: *p\n" for i in range(300))  # 12,000
    with pytest.raises(Exception) as exc:
        load_yaml(too_many)
    # The alias that passes the budget is the 250th: ALIAS_BUDGET // 40 aliases fit.
    assert exc.value.problem_mark.line + 1 == 1 + ALIAS_BUDGET // 40 + 1
