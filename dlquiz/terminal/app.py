"""The Typer application and what every command shares: consoles, common options, error handling.

No `from __future__ import annotations` in the terminal's command modules: Typer would evaluate every
string annotation of every command on each start.
"""

import functools
from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from dlquiz.errors import DlquizError
from dlquiz.i18n import set_lang, tr
from dlquiz.terminal.controls import SafeConsole

app = typer.Typer(
    name="dlquiz",
    help="Oefen de theorie van Deep Learning (RNNs, CNNs, Keras) in je terminal.\n\n"
    "Practise the theory of Deep Learning in a terminal. Start with: dlquiz practice hoofdstuk15",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _show_version(value: bool) -> None:
    if value:
        from dlquiz import __version__

        print(f"dlquiz {__version__}")
        raise typer.Exit()


@app.callback()
def _everywhere(
    lang: Optional[str] = typer.Option(None, "--lang", help="Interface language: nl (default) or en. Also DLQUIZ_LANG."),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version, help="Show the version and exit."),
):
    """Oefen de theorie van Deep Learning (RNNs, CNNs, Keras) in je terminal.

    Practise the theory of Deep Learning in a terminal. Start with: dlquiz practice hoofdstuk15
    """
    set_lang(lang)


# Every text a student, a bank or Keras wrote is printed through these two; they show control
# characters as visible stand-ins (dlquiz/terminal/controls.py), so nothing printed is a control sequence.
out = SafeConsole(highlight=False, soft_wrap=False)
# soft_wrap: a file:line: message stays on one line for editors and scripts, however narrow the terminal.
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)

BankDirOpt = typer.Option(None, "--bank-dir", help="Extra folder with bank YAML files (repeatable).")
LangOpt = typer.Option(None, "--lang", help="Interface language: nl (default) or en. Also DLQUIZ_LANG.")


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(Text(tr("Fout: ", "Error: ") + message, style="red"))
    return typer.Exit(code)


def handles_errors(fn):
    """Turn core errors into a one-line message and exit code 1; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if kwargs.get("lang"):
            set_lang(kwargs["lang"])  # else the one given before the command (dlquiz --lang en list), or DLQUIZ_LANG
        try:
            return fn(*args, **kwargs)
        except DlquizError as exc:
            raise fail(str(exc)) from None

    return wrapper


def open_store(read_only_ok: bool = False):
    """The history store, with its notice (a file moved aside, or opened read-only) shown on stderr.

    `read_only_ok`: the command only reads, so a read-only place or a full disk still shows the history."""
    from dlquiz.sessions.store import Store

    store = Store(read_only_ok=read_only_ok)
    if store.notice:
        err.print(Text(store.notice, style="yellow"))
    return store


def store_warning(store) -> None:
    """One line about damaged history rows that were skipped, if there were any."""
    line = store.warning() if store is not None else None
    if line:
        err.print(Text(line, style="yellow"))


def library(bank_dir: list[Path] | None):
    from dlquiz.bank.library import Library

    return Library(list(bank_dir or []), notify=lambda notice: err.print(Text(notice, style="yellow")))


def parse_vars(var: list[str] | None) -> dict | None:
    if not var:
        return None
    values = {}
    for item in var:
        name, sep, value = item.partition("=")
        if not sep:
            raise DlquizError(tr(f"--var verwacht naam=waarde, niet '{item}'", f"--var expects name=value, not '{item}'"))
        values[name.strip()] = int(value) if value.strip().lstrip("-").isdigit() else value.strip()
    return values


