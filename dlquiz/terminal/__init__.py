"""The terminal: Typer commands (thin), Rich rendering, prompt_toolkit input."""
