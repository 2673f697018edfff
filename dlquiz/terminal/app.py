"""The Typer application and what every command shares: consoles, common options, error handling.

No `from __future__ import annotations` in the terminal's command modules: Typer would evaluate every
string annotation of every command on each start.
"""

import functools
import re
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from dlquiz.errors import DlquizError
from dlquiz.i18n import lang, lang_from_args, set_lang, tr
from dlquiz.terminal.controls import SafeConsole

# Click's own words. Typer vendors Click without its gettext calls, so there is no catalogue to install:
# the few words of its help screens and usage errors are put in Dutch here, in one place. In English
# they stay as Click writes them.
_CLICK_WORDS_NL = {
    "Usage: ": "Gebruik: ", "Arguments": "Argumenten", "Options": "Opties", "Commands": "Opdrachten",
    "[OPTIONS]": "[OPTIES]", "COMMAND [ARGS]...": "OPDRACHT [ARGUMENTEN]...",
    "Show this message and exit.": "Toon deze hulp en stop.", "[required]": "[verplicht]", "[default: ": "[standaard: ",
    "<str>": "<tekst>", "<int>": "<getal>", "<int range>": "<getal>", "<float>": "<getal>",
    "<float range>": "<getal>", "<path>": "<pad>", "<text>": "<tekst>", "<integer>": "<getal>",
}
_CLICK_WORDS = re.compile("|".join(re.escape(w) for w in sorted(_CLICK_WORDS_NL, key=len, reverse=True)))
# The messages of Click's value types, as (English pattern, Dutch text with its groups).
_CLICK_MESSAGES_NL = [
    (r"(.*) is not a valid (?:int range|integer|int)\.", "{0} is geen geheel getal."),
    (r"(.*) is not a valid (?:float range|float)\.", "{0} is geen getal."),
    (r"(.*) is not a valid boolean\..*", "{0} is geen ja of nee (gebruik true of false)."),
    (r"(.*) is not in the range (.*)\.", "{0} ligt niet in het bereik {1}."),
    (r"(.*) is not one of (.*)\.", "{0} is niet een van {1}."),
    (r"Path (.*) does not exist\.", "Het pad {0} bestaat niet."),
    (r"No such command (.*)\.", "Onbekende opdracht {0}."),
    (r"Got unexpected extra arguments? \((.*)\)", "Onverwacht extra argument: {0}"),
    (r"Option (.*) requires an argument\.", "Optie {0} verwacht een waarde."),
    (r"Option (.*) does not take a value\.", "Optie {0} neemt geen waarde."),
    (r"Missing command\.", "Er ontbreekt een opdracht."),
]


def click_words(text: str) -> str:
    """Click's fixed words in the interface language (Dutch by default)."""
    return text if lang() == "en" else _CLICK_WORDS.sub(lambda m: _CLICK_WORDS_NL[m.group(0)], text)


class DlquizFormatter(typer.Context.formatter_class):
    """Click's help formatter, writing its own words (Usage, Options, [required] …) in the interface language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, click_words(args), click_words(prefix or "Usage: "))

    def write_heading(self, heading: str) -> None:
        super().write_heading(click_words(heading))

    def write_dl(self, rows, *args, **kwargs) -> None:
        super().write_dl([(click_words(a), click_words(b)) for a, b in rows], *args, **kwargs)


class DlquizContext(typer.Context):
    formatter_class = DlquizFormatter


class DlquizCommand(TyperCommand):
    """Every dlquiz command: its help in the interface language (pass as `cls=` to `app.command`)."""

    context_class = DlquizContext


class DlquizGroup(TyperGroup):
    """The dlquiz group: its help, and Click's usage errors, in the interface language."""

    context_class = DlquizContext

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        # --lang anywhere on the line, for Click's errors too: they come before any callback runs
        set_lang(lang_from_args(list(sys.argv[1:] if args is None else args)))
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        from typer._click.exceptions import ClickException

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ClickException as exc:
            _show_click_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            err.print(Text(tr("Afgebroken.", "Aborted!"), style="red"))
            sys.exit(1)
        # standalone_mode=False returns an Exit's code, or what the command returned (dlquiz's return None)
        sys.exit(code if isinstance(code, int) else 0)


def _show_click_error(exc) -> None:
    """A usage error as Click shows it (usage line, where to find help, the error), in the interface language."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    if isinstance(exc, NoArgsIsHelpError):
        exc.show()
        return
    ctx = exc.ctx if isinstance(exc, UsageError) else None
    if ctx is not None:
        err.print(Text(ctx.get_usage()))
        if ctx.command.get_help_option(ctx) is not None:
            helps = f"{ctx.command_path} {ctx.help_option_names[0]}"
            err.print(Text(tr(f"Hulp: '{helps}'.", f"Try '{helps}' for help.") + "\n"))
    err.print(Text(tr("Fout: ", "Error: ") + _click_message(exc), style="red"))


def _click_message(exc) -> str:
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption

    if lang() == "en":
        return exc.format_message()
    param = getattr(exc, "param", None)
    hint = exc.param_hint if getattr(exc, "param_hint", None) is not None else (
        param.get_error_hint(exc.ctx) if param is not None else None)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(h) for h in hint)
    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
        what = {"argument": "Argument", "option": "Optie"}.get(kind, "Waarde")
        return f"{what} {hint} ontbreekt." if hint else f"{what} ontbreekt."
    if isinstance(exc, NoSuchOption):
        told = f"Onbekende optie: {exc.option_name}"
        return told + (f" (bedoel je {', '.join(sorted(exc.possibilities))}?)" if exc.possibilities else "")
    message = _dutch_message(exc.message)
    if isinstance(exc, BadParameter):
        return f"Ongeldige waarde voor {hint}: {message}" if hint else f"Ongeldige waarde: {message}"
    return message


def _dutch_message(message: str) -> str:
    for pattern, dutch in _CLICK_MESSAGES_NL:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            return dutch.format(*m.groups())
    return message


def helptext(nl: str, en: str, examples: tuple[str, ...] = ()) -> str:
    """A command's help in the interface language; each example on a line of its own that Click does not
    rewrap (its \\b marker), so no command is broken in the middle on a narrow screen."""
    text = tr(nl, en)
    if examples:
        text += "\n\n\b\n" + tr("Voorbeelden:", "Examples:") + "".join(f"\n  {e}" for e in examples)
    return text


app = typer.Typer(
    name="dlquiz",
    cls=DlquizGroup,
    help=helptext("Oefen de theorie van Deep Learning (RNNs, CNNs, Keras) in je terminal.",
                  "Practise the theory of Deep Learning (RNNs, CNNs, Keras) in a terminal.",
                  ("dlquiz practice hoofdstuk15", "dlquiz exam h15 -n 5 --minutes 10", "dlquiz --lang en list")),
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


LANG_HELP = tr("Taal van de interface: nl (standaard) of en. Ook DLQUIZ_LANG.",
               "Interface language: nl (default) or en. Also DLQUIZ_LANG.")


@app.callback()
def _everywhere(
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                 help=tr("Toon de versie en stop.", "Show the version and exit.")),
):
    if lang:
        set_lang(lang)


# Every text a student, a bank or Keras wrote is printed through these two; they show control
# characters as visible stand-ins (dlquiz/terminal/controls.py), so nothing printed is a control sequence.
out = SafeConsole(highlight=False, soft_wrap=False)
# soft_wrap: a file:line: message stays on one line for editors and scripts, however narrow the terminal.
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)

BankDirOpt = typer.Option(None, "--bank-dir", help=tr("Extra map met YAML-banken (mag vaker).",
                                                       "Extra folder with bank YAML files (repeatable)."))
LangOpt = typer.Option(None, "--lang", help=LANG_HELP)


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

    def waiting(seconds: float) -> None:
        err.print(Text(tr("De geschiedenis is in gebruik door een andere dlquiz; ik wacht nog tot {n} s …",
                          "The history is in use by another dlquiz; waiting up to {n} s …").format(n=round(seconds)),
                       style="dim"))

    store = Store(read_only_ok=read_only_ok, on_wait=waiting)
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


