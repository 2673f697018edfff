"""Where dlquiz keeps things: its own package data, and the user's data folder (history and caches)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def data_home() -> Path:
    """$DLQUIZ_HOME, or the platform's user data folder (e.g. ~/.local/share/dlquiz)."""
    env = os.environ.get("DLQUIZ_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dlquiz", appauthor=False))


def write_atomic(file: Path, text: str, mode: int | None = None) -> None:
    """Write `text` to `file` so that a reader sees the old file or the new one, never half of one."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
