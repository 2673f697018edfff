"""The dlquiz command line: parses options, calls the core, renders. No grading logic lives here.

Each command module registers its commands on the one Typer `app`; they import nothing heavy.
"""

import sys

from dlquiz.i18n import lang_from_args, set_lang

# Before the commands are defined: their help texts are written in the interface language.
set_lang(lang_from_args(sys.argv[1:]))

from dlquiz.terminal import commands, exam_commands, teacher_commands  # noqa: E402, F401  (register their commands)
from dlquiz.terminal.app import app  # noqa: E402


def run() -> None:
    app()
