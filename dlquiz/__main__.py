"""Entry point: `dlquiz` and `python -m dlquiz`. Imports happen inside the try so Ctrl-C exits cleanly."""

import os
import sys


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show '✓' or 'é' gets '?' rather than a UnicodeEncodeError.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        from .cli import run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)
    except BrokenPipeError:
        # `dlquiz list | head -1`: the reader left; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
