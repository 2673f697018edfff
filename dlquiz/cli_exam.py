"""Commands for timed mock exams, review and progress (registered on the main app)."""

from __future__ import annotations

from .cli import app  # noqa: F401
