"""Ask a session's questions in the terminal: read, grade, show; Ctrl-C, q or end of input stop early."""

import time

from rich.text import Text

from dlquiz.i18n import tr
from dlquiz.terminal.app import out


def on_hangup() -> None:
    """A closed terminal ends a session like Ctrl-C: what was answered is already saved."""
    import signal

    def hangup(signum, frame):
        raise KeyboardInterrupt

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, hangup)


def run_session(session, after=None) -> int:
    """Ask every item (then `after(session, reader)`, if given); Ctrl-C, q or end of input stop early.

    Returns the exit code."""
    from dlquiz.terminal import render as ui

    on_hangup()
    reader = ui.AnswerInput.detect()
    code = 0
    try:
        ask_all(session, reader)
        if after is not None:
            after(session, reader)
    except KeyboardInterrupt:
        code = 130
    finally:
        session.finish()
    try:
        out.print()
        out.print(ui.summary_table(session))
    except (OSError, KeyboardInterrupt):
        pass
    return code


def ask_all(session, reader) -> None:
    from dlquiz.terminal import render as ui

    n = len(session.items)
    last = None
    for k, item in enumerate(session.items, 1):
        q = item.question
        if q.needs_keras(item.variant):
            from dlquiz.oracle.build import preload

            preload()
        out.print()
        out.print(ui.question_panel(item, k, n, session.score, len(session.graded), session.elapsed))
        if not reader.interactive:
            out.print(Text(ui.commands_help(q.multiline), style="dim"))
        started = time.monotonic()
        while True:
            raw = reader.read(q.multiline)
            if raw is None:
                return
            cmd = raw.strip().lower()
            if cmd in ui.QUIT:
                return
            if cmd in ui.HINT:
                hint = q.hint_text(item.variant) or tr("Geen hint voor deze vraag.", "No hint for this question.")
                out.print(Text("💡 " + hint, style="magenta"))
                continue
            if cmd in ui.SKIP:
                session.skip(item)
                out.print(Text(tr("Overgeslagen.", "Skipped."), style="dim"))
                break
            if cmd in ui.RIGHT | ui.WRONG:
                overrule_last(session, last, cmd in ui.RIGHT)
                continue
            if q.needs_keras(item.variant):
                with out.status(tr("Keras rekent…", "Keras is computing…")):
                    last = session.grade(item, raw, time.monotonic() - started)
            else:
                last = session.grade(item, raw, time.monotonic() - started)
            out.print(ui.verdict_panel(last))
            break


def overrule_last(session, last, correct: bool) -> None:
    from dlquiz.terminal import render as ui

    if last is None or not last.item.question.overrulable:
        out.print(Text(tr("Alleen het oordeel over een open antwoord kan je overrulen.",
                          "Only the verdict on an open answer can be overruled."), style="yellow"))
        return
    session.overrule(last, correct)
    word = ui.verdict_word(last.result.verdict)
    out.print(Text(tr(f"Oordeel over {last.item.question.id} aangepast naar {word} (genoteerd als overruled).",
                      f"Verdict on {last.item.question.id} changed to {word} (recorded as overruled)."), style="yellow"))


