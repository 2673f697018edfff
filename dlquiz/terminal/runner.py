"""Ask a session's questions in the terminal: read, grade, show; Ctrl-C, q or end of input stop early."""

import time

from rich.text import Text

from dlquiz.errors import ModelError, StoreError
from dlquiz.i18n import tr
from dlquiz.terminal.app import err, out


def on_hangup() -> None:
    """A closed terminal ends a session like Ctrl-C: what was answered is already saved."""
    import signal

    def hangup(signum, frame):
        raise KeyboardInterrupt

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, hangup)


def run_session(session, after=None) -> int:
    """Ask every item (then `after(session, reader)`, if given); Ctrl-C, q or end of input stop early.

    Returns the exit code: 1 when the history could not save (a full disk, say): the session stops there,
    the summary shows what was saved, and one line says what was not."""
    from dlquiz.terminal import render as ui

    on_hangup()
    reader = ui.AnswerInput.detect()
    code = 0
    failure: StoreError | None = None
    try:
        ask_all(session, reader)
        if after is not None:
            after(session, reader)
    except KeyboardInterrupt:
        code = 130
    except StoreError as exc:
        failure, code = exc, 1
    finally:
        if failure is None:
            try:
                session.finish()
            except StoreError as exc:
                failure, code = exc, 1
                failure.lost = tr("alleen het einde van de sessie niet", "only the end of the session was not")
    try:
        out.print()
        out.print(ui.summary_table(session, saved_all=failure is None))
    except (OSError, KeyboardInterrupt):
        pass
    for g in session.ungraded:
        kept = g.record_id is not None
        # on stdout, with the summary: a Keras import still under way in its thread holds fd 2 until it ends
        out.print(Text(tr(f"Gestopt terwijl je antwoord op {g.item.question.id} beoordeeld werd: het is "
                          + ("bewaard zoals je het gaf, maar niet beoordeeld (het telt niet mee in je score)."
                             if kept else "niet beoordeeld en niet bewaard."),
                          f"Stopped while your answer to {g.item.question.id} was being graded: it is "
                          + ("saved as you gave it, but not graded (it does not count in your score)."
                             if kept else "neither graded nor saved.")), style="yellow"))
    if failure is not None:
        err.print(Text(tr("Fout: ", "Error: ") + not_saved_line(session, failure), style="red"))
    return code


def not_saved_line(session, failure: StoreError) -> str:
    """One line: why the history stopped saving, what of this session it holds, and what it does not."""
    saved = sum(1 for g in session.graded if g.record_id is not None)
    kept = tr(f"{saved} antwoord(en) van deze sessie zijn bewaard", f"{saved} answer(s) of this session are saved")
    lost = getattr(failure, "lost", None) or tr("het laatste is niet bewaard", "the last one was not")
    where = f" ({failure.path})" if failure.path else ""
    return f"{failure.reason}{where}: {kept}, {lost}"


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
        out.print(ui.question_panel(item, k, n, session.score, len(session.graded), session.elapsed, out.width))
        if not reader.interactive:
            out.print(Text(ui.commands_help(q.multiline), style="dim"))
        started = time.monotonic()
        while True:
            raw = reader.read(q.multiline)
            if raw is None:
                return
            cmd = raw.strip().lower()
            if not cmd:
                continue  # an empty Enter answers nothing (hand in nothing with /skip)
            if cmd in ui.QUIT:
                return
            if cmd in ui.HINT:
                hint = q.hint_text(item.variant) or tr("Geen hint voor deze vraag.", "No hint for this question.")
                out.print(Text("💡 " + hint, style="magenta"))
                continue
            if cmd in ui.SKIP:
                session.skip(item)
                out.print(Text(tr("Overgeslagen. Het modelantwoord:", "Skipped. The model answer:"), style="dim"))
                out.print(ui.answer_renderable(q, item.variant))
                break
            if cmd in ui.RIGHT | ui.WRONG:
                overrule_last(session, last, cmd in ui.RIGHT)
                continue
            try:
                if q.needs_keras(item.variant):
                    with out.status(tr("Keras rekent…", "Keras is computing…")):
                        graded = session.grade(item, raw, time.monotonic() - started)
                else:
                    graded = session.grade(item, raw, time.monotonic() - started)
            except StoreError as exc:
                exc.lost = tr(f"je antwoord op {q.id} niet", f"your answer to {q.id} was not")
                raise
            except ModelError as exc:
                # The question's own model does not build (the bank's fault, not the student's): go on without it.
                session.skip(item)
                err.print(Text(tr(f"waarschuwing: vraag {q.id} overgeslagen: {exc}; "
                                  f"details: dlquiz check {item.bank.path}",
                                  f"warning: question {q.id} skipped: {exc}; "
                                  f"details: dlquiz check {item.bank.path}"), style="yellow"))
                break
            if graded.result.unreadable:
                out.print(Text(graded.result.unreadable + tr(" Probeer opnieuw (of /skip).", " Try again (or /skip)."),
                               style="yellow"))
                continue
            last = graded
            out.print(ui.verdict_panel(last))
            break


def overrule_last(session, last, correct: bool) -> None:
    from dlquiz.terminal import render as ui

    if last is None or not last.item.question.overrulable:
        out.print(Text(tr("Alleen het oordeel over een open antwoord kan je overrulen.",
                          "Only the verdict on an open answer can be overruled."), style="yellow"))
        return
    try:
        session.overrule(last, correct)
    except StoreError as exc:
        exc.lost = tr(f"het aangepaste oordeel over {last.item.question.id} niet",
                      f"the changed verdict on {last.item.question.id} was not")
        raise
    word, _colour = ui.verdict_word(last.result.verdict)
    out.print(Text(tr(f"Oordeel over {last.item.question.id} aangepast naar {word} (genoteerd als overruled).",
                      f"Verdict on {last.item.question.id} changed to {word} (recorded as overruled)."), style="yellow"))


def last_chance(session, reader) -> None:
    """After the last question: one more prompt to overrule its verdict before the summary."""
    from dlquiz.terminal import render as ui

    last = session.graded[-1] if session.graded else None
    done = len(session.graded) + len(session.skipped) == len(session.items)
    if done and last is not None and last.item.question.overrulable:
        out.print(Text(tr("Eens met dit oordeel? /goed of /fout past het aan; Enter = klaar.",
                          "Agree with this verdict? /goed or /fout changes it; Enter = done."), style="dim"))
        raw = reader.read(False)
        if raw and raw.strip().lower() in ui.RIGHT | ui.WRONG:
            overrule_last(session, last, raw.strip().lower() in ui.RIGHT)
