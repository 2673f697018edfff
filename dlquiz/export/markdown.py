"""Markdown for paper: the questions numbered per topic, then an answer key."""

from __future__ import annotations

from pathlib import Path

from dlquiz.bank.library import Bank
from dlquiz.export.cards import Card


def _cards(bank: Bank) -> list[Card]:
    """On paper each question appears once, in its default variant."""
    return [Card(bank, q, q.default_variant()) for q in bank.questions]


def _quote(text: str) -> str:
    return "\n".join(("> " + line).rstrip() for line in text.strip().splitlines())


def markdown_text(bank: Bank) -> str:
    cards = _cards(bank)
    lines = [f"# {bank.title}", ""]
    topic = None
    for n, card in enumerate(cards, 1):
        if card.topic != topic:
            topic = card.topic
            if topic:
                lines += [f"## {topic}", ""]
        lines += [f"### Vraag {n} · `{card.question.id}`", "", card.question.prompt_text(card.variant).strip(), ""]
        if card.question.multiline:
            lines += ["&nbsp;", "", "&nbsp;", ""]
    lines += ["---", "", "## Antwoorden", ""]
    for n, card in enumerate(cards, 1):
        q = card.question
        expected = card.expected()
        worked = q.model_answer(card.variant)
        if worked and worked.startswith("```"):
            lines += [f"**{n}.** `{q.id}`", "", worked, ""]
        elif "\n" in expected:
            lines += [f"**{n}.** `{q.id}`", "", _quote(expected), ""]
        else:
            lines += [f"**{n}.** `{q.id}`: {expected}", ""]
        if q.explanation:
            lines += [_quote(card.explanation()), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(bank: Bank, path: Path) -> int:
    path.write_text(markdown_text(bank), encoding="utf-8")
    return len(bank.questions)
