"""Commands for teachers: schema, preview, new, export (registered on the main app)."""

from __future__ import annotations

from .cli import app  # noqa: F401
