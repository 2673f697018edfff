"""Errors the core raises; the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class DlquizError(Exception):
    """Base of every error a user may see as a message rather than a traceback."""


class BankError(DlquizError):
    """A bank file is broken: carries the file and line so a teacher can find it."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:"
            if self.line:
                where += f"{self.line}:"
                if self.col:
                    where += f"{self.col}:"
            where += " "
        return f"{where}{self.message}"


class UnknownBank(DlquizError):
    """No bank matches the name the user gave."""


class UnknownQuestion(DlquizError):
    """No question in the bank has the id the user gave."""


class ModelError(DlquizError):
    """A model text is not allowed, does not parse, or Keras refuses to build it."""


class AnswerError(DlquizError):
    """An answers file or answer cannot be read."""


class StoreError(DlquizError):
    """The history store cannot be opened, read or written.

    `kind` is what went wrong ("busy", "full", "readonly", "corrupt", "foreign", "io"), `reason` the short
    sentence for it (e.g. "the disk is full"), so a session can say in one line what was and was not saved."""

    def __init__(self, message: str, kind: str = "io", reason: str | None = None, path: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.reason = reason or message
        self.path = path
