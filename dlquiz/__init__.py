"""dlquiz: practise the theory of a Deep Learning course in a terminal."""

import os as _os
import signal as _signal
import sys as _sys

__version__ = "0.1.0"


def _quiet_exit(signum, frame):
    raise SystemExit(130)


# Run as the command (`dlquiz` or `python -m dlquiz`, where argv[0] is "-m" while the module is located),
# a Ctrl-C before `__main__.main` is reached still ends without Python's KeyboardInterrupt traceback:
# nothing has been asked yet, so there is nothing to save. `main` puts the normal handler back.
# Imported as a library, the process's signal handling is left alone.
if _sys.argv[:1] == ["-m"] or _os.path.basename(_sys.argv[0] if _sys.argv else "") in ("dlquiz", "dlquiz.exe"):
    try:
        _signal.signal(_signal.SIGINT, _quiet_exit)
    except ValueError:  # not the main thread
        pass
