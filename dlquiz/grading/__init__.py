"""Graders: pure functions from an answer text to a Result (numbers, shapes, open text, choice, code)."""
