"""The dlquiz command line: parses options, calls the core, renders. No grading logic lives here.

Each command module registers its commands on the one Typer `app`; they import nothing heavy.
"""

from dlquiz.terminal import commands, exam_commands, teacher_commands  # noqa: F401  (register their commands)
from dlquiz.terminal.app import app


def run() -> None:
    app()
