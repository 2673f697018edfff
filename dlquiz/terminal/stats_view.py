"""Progress drawn in the terminal: mastery bars, the weakest questions, exam scores over time.

The chart is drawn with Rich text blocks — no plotting library.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from dlquiz.i18n import tr
from dlquiz.sessions.stats import Mastery, Stats

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int = 24) -> str:
    """A horizontal bar of `width` cells for 0..1, with eighth-cell precision."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


def bar_text(fraction: float, width: int = 24) -> Text:
    """A coloured bar on a faint track, so 0% still shows where 100% would be."""
    filled = bar(fraction, width).rstrip()
    text = Text(filled, style=_colour(fraction))
    text.append("░" * (width - len(filled)), style="dim")
    return text


def _colour(x: float) -> str:
    return "green" if x >= 0.8 else "yellow" if x >= 0.5 else "red"


def mastery_table(title: str, rows: list[Mastery], head: str) -> Table:
    table = Table(title=title)
    table.add_column(head)
    table.add_column(tr("beheersing", "mastery"))
    table.add_column("%", justify="right")
    table.add_column(tr("gezien", "seen"), justify="right")
    for m in rows:
        if m.scores:
            table.add_row(Text(m.name), bar_text(m.mean), f"{m.mean:.0%}", tr(f"{len(m.scores)} van {m.total}", f"{len(m.scores)} of {m.total}"))
        else:
            table.add_row(Text(m.name), Text("·" * 3, style="dim"), "—", tr(f"0 van {m.total}", f"0 of {m.total}"))
    return table


def exam_chart(exams: list[tuple[str, float]], width: int = 40) -> Table:
    """Exam scores by date, one bar per exam (the newest 20)."""
    table = Table(title=tr("Examenscores in de tijd", "Exam scores over time"), show_header=True)
    table.add_column(tr("datum", "date"))
    table.add_column("score", width=width)
    table.add_column("%", justify="right")
    for started, score in exams[-20:]:
        table.add_row(started[:16].replace("T", " "), bar_text(score, width), f"{score:.0%}")
    if len(exams) > 1:
        table.caption = tr(f"verloop: {sparkline([s for _, s in exams])}", f"trend: {sparkline([s for _, s in exams])}")
    return table


def sparkline(values: list[float]) -> str:
    ticks = "▁▂▃▄▅▆▇█"
    return "".join(ticks[min(7, int(max(0.0, min(1.0, v)) * 8))] for v in values)


def render(stats: Stats) -> Group:
    parts: list = [Text(tr(f"{stats.answered} van {stats.questions} vragen ooit beantwoord.",
                           f"{stats.answered} of {stats.questions} questions ever answered."), style="bold")]
    parts.append(mastery_table(tr("Beheersing per onderwerp (zwakste eerst)", "Mastery by topic (weakest first)"),
                               stats.topics, tr("onderwerp", "topic")))
    parts.append(mastery_table(tr("Beheersing per vraagtype", "Mastery by question type"), stats.types, "type"))
    weak = Table(title=tr("Zwakste vragen", "Weakest questions"))
    weak.add_column("bank")
    weak.add_column(tr("vraag", "question"))
    weak.add_column(tr("laatste score", "latest score"), justify="right")
    weak.add_column(tr("wanneer", "when"))
    for bank, qid, score, at in stats.weakest[:10]:
        weak.add_row(Text(bank), Text(qid), Text(f"{score:.0%}", style=_colour(score)), at[:16].replace("T", " "))
    parts.append(weak)
    if stats.exams:
        parts.append(exam_chart(stats.exams))
    else:
        parts.append(Text(tr("Nog geen examens: dlquiz exam", "No exams yet: dlquiz exam"), style="dim"))
    return Group(*parts)
