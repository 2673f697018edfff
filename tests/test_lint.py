"""TensorFlow, Keras and the other heavy modules may only be imported inside functions (ruff TID253)."""

import shutil
import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_no_module_level_heavy_imports():
    ruff = shutil.which("ruff") or f"{sys.prefix}/bin/ruff"
    proc = subprocess.run([ruff, "check", "--select", "TID253", str(ROOT / "dlquiz")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_only_the_oracle_imports_keras():
    offenders = []
    for path in (ROOT / "dlquiz").rglob("*.py"):
        if path.relative_to(ROOT / "dlquiz").as_posix() == "oracle/build.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.strip().split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1 and words[1].split(".")[0] in ("keras", "tensorflow"):
                offenders.append(f"{path.name}: {line.strip()}")
    assert offenders == []
