"""Entry point: `dlquiz` and `python -m dlquiz`. Imports happen inside the try so Ctrl-C exits cleanly."""

import gc
import os
import signal
import sys


def _sane_streams() -> None:
    """Streams that cannot break a session: closed ones read/write nothing, odd encodings never raise."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            # Started with the descriptor closed (`dlquiz practice h15 0<&-`): behave as if it were /dev/null.
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show '✓' or 'é' gets '?' rather than a UnicodeEncodeError.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if hasattr(sys.stdin, "reconfigure"):
        # A terminal that claims ASCII (LANG=C) mostly sends UTF-8 anyway; bytes that are not UTF-8
        # become U+FFFD, never lone surrogates that the history store cannot save.
        ascii_only = (sys.stdin.encoding or "").lower().replace("-", "") in ("ascii", "usascii", "ansi_x3.41968")
        try:
            sys.stdin.reconfigure(**({"encoding": "utf-8"} if ascii_only else {}), errors="replace")
        except (OSError, ValueError):
            pass


def _leave(code) -> None:
    """After TensorFlow was loaded, end without the interpreter's teardown: freeing its objects one by one
    takes 0.7 s and does nothing for dlquiz (every answer is already committed, every file written and
    closed; only the output streams need flushing). Otherwise Python ends as usual, but its last
    garbage collection skips the objects that lived all along (gc.freeze: 8 ms of a 100 ms command)."""
    if "tensorflow" not in sys.modules:
        sys.stdout.flush()  # here, so that output that cannot be written is one line below, not a teardown warning
        gc.freeze()
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        try:
            sys.stderr.write(f"{code}\n")
        except (OSError, ValueError):
            pass
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _interrupted_import(unraisable) -> None:
    """A Ctrl-C that lands in a callback of the import machinery (a module lock's weakref) cannot be raised
    there: Python would print "Exception ignored …" and a traceback, and go on. At start-up it ends the
    command as any other Ctrl-C does."""
    if issubclass(unraisable.exc_type, KeyboardInterrupt):
        try:
            sys.stderr.write("\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        os._exit(130)
    sys.__unraisablehook__(unraisable)


def main() -> None:
    try:
        # From here on a Ctrl-C is a KeyboardInterrupt again, which a session turns into a summary.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.unraisablehook = _interrupted_import
        _sane_streams()
        from dlquiz.terminal.cli import run

        sys.unraisablehook = sys.__unraisablehook__  # past start-up: a session turns a Ctrl-C into its summary

        try:
            run()
        except SystemExit as exc:
            _leave(exc.code)
        _leave(0)
    except KeyboardInterrupt:
        try:
            sys.stderr.write("\n")
        except (OSError, ValueError):
            pass
        sys.exit(130)
    except BrokenPipeError:
        # `dlquiz list | head -1`: the reader left; say nothing more.
        _stdout_to_devnull()
        sys.exit(0)
    except OSError as exc:
        # Output that cannot be written (`dlquiz list > /dev/full`, a terminal that went away), or any
        # other failure of the system underneath: one line, no traceback. Answers were committed as given.
        _stdout_to_devnull()
        try:
            sys.stderr.write(f"dlquiz: {exc}\n")
        except (OSError, ValueError):
            pass
        sys.exit(1)


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
