"""Every test gets its own data folder, so no test reads or writes a real history."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def dlquiz_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("DLQUIZ_HOME", str(home))
    monkeypatch.delenv("DLQUIZ_BANKS", raising=False)
    monkeypatch.delenv("DLQUIZ_LANG", raising=False)
    from dlquiz.i18n import set_lang

    set_lang(None)
    return home


def run_dlquiz(*args, input=None, env=None, timeout=120):
    """Run the real `dlquiz` command in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "dlquiz", *args], input=input, capture_output=True, text=True,
                          env=full_env, timeout=timeout)
