"""Terminal display for the CLI (Rich): progress bars of a run, per phase, and the views of
``storylens compare`` (an alignment side by side), ``claims`` (sources by facts) and
``framing`` (referents by outlets).

Stages report progress as plain numbers (:mod:`storylens.progress`, the runner's
``progress(phase, done, total)`` callback) and return records; how they look lives here, next
to the CLI, so the stage packages never draw anything (issue #17).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from storylens.claims.compare import format_value
from storylens.claims.render import groups_for, story_articles
from storylens.records import Analysis, Article, Relation

PHASE_LABELS = {
    "extract": "extracting pages",
    "ingest": "inputs accounted",
    "stories": "stories: articles featurised",
    "provenance": "provenance: candidate pairs",
    "claims": "claims: storylines",
    "framing": "framing: stories",
    "brief": "brief: stories",
    "store": "saving the run",
}
UNITS = {"extract": "pages", "stories": "articles", "provenance": "pairs",
         "claims": "storylines", "framing": "stories", "brief": "stories"}


class CountColumn(ProgressColumn):
    """``done/total`` (or ``done`` while the total is unknown)."""

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        return Text(f"{done:,}/{int(task.total):,}" if task.total is not None else f"{done:,}")


class RateColumn(ProgressColumn):
    """Items per second (``pages/s``, ``pairs/s``...) once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text("")
        unit = str(task.fields.get("unit", "items"))
        return Text(f"{speed:,.1f} {unit}/s" if speed < 100 else f"{speed:,.0f} {unit}/s")


@contextmanager
def progress_bars(
    console: Console, quiet: bool = False
) -> Iterator[Callable[[str, int, int | None], None]]:
    """A ``progress(phase, done, total)`` callback drawing one bar per phase: count, rate and
    time left (when the total is known), elapsed time. A phase is closed when the next
    starts."""
    if quiet:
        yield lambda phase, done, total: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  CountColumn(), RateColumn(), TimeRemainingColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}
        current: list[str] = []

        def update(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                if current:  # close the previous phase (a count-only bar shows full)
                    last = tasks[current[-1]]
                    task = next((t for t in bar.tasks if t.id == last), None)
                    if task is not None and task.total is None:
                        bar.update(last, total=task.completed or 1)
                    bar.stop_task(last)
                tasks[phase] = bar.add_task(PHASE_LABELS.get(phase, f"stage: {phase}"),
                                            total=total, unit=UNITS.get(phase, "items"))
                current.append(phase)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


# --- storylens compare: an alignment side by side (substitutions highlighted) ---------
# Scraped text goes into rich.text.Text objects, never through markup, so brackets in
# article text ("[Syrian] regime") print as they are.

FROM_STYLE = "bold red"
TO_STYLE = "bold green"


def highlight(text: str, phrases: Iterable[str], style: str) -> Text:
    """``text`` with each phrase styled at its next occurrence (left to right)."""
    out = Text(text)
    cursor = 0
    for phrase in phrases:
        if not phrase:
            continue
        at = text.find(phrase, cursor)
        if at < 0:
            at = text.find(phrase)
        if at < 0:
            continue
        out.stylize(style, at, at + len(phrase))
        cursor = at + len(phrase)
    return out


def render_alignment(relation: Relation, a: Article, b: Article) -> RenderableType:
    """A header line (relation, score, direction, evidence) and a two-column table of the
    aligned passages, with each substitution's "from" words in red and "to" words in green."""
    arrow = relation.direction or "no direction"
    header = Text()
    header.append(f"{relation.relation}", style="bold")
    header.append(f"  score {relation.score:.2f}  {arrow}\n")
    header.append(f"a = {a.id}  {a.title}\n", style="cyan")
    header.append(f"b = {b.id}  {b.title}\n", style="magenta")
    for line in relation.evidence:
        header.append(f"  - {line}\n", style="dim")
    table = Table(show_lines=True, expand=True)
    table.add_column("sim", justify="right", width=5)
    table.add_column(Text(f"a: {a.id}"), ratio=1)
    table.add_column(Text(f"b: {b.id}"), ratio=1)
    for al in relation.alignments:
        table.add_row(
            f"{al.similarity:.2f}",
            highlight(al.a_text, (s[0] for s in al.substitutions), FROM_STYLE),
            highlight(al.b_text, (s[1] for s in al.substitutions), TO_STYLE),
        )
    if not relation.alignments:
        table.add_row("", Text("(no aligned passages)"), Text(""))
    return Group(header, table)


# --- storylens claims STORY: claim groups by outlets -----------------------------------

STATUS_STYLE = {
    "agree": "green", "conflict": "bold red", "attributed-dispute": "yellow", "single": "dim",
}


def render_matrix(analysis: Analysis, story_id: str) -> Table:
    """Claim groups as rows, outlets as columns, values in cells, status coloured."""
    members = story_articles(analysis, story_id)
    member_set = set(members)
    groups = [g for g in groups_for(analysis, member_set)
              if not g.claims or not g.id.endswith("statement")]
    by_id = {c.id: c for c in analysis.claims}
    outlet = {a.id: a.outlet or a.id for a in analysis.articles}
    columns: list[str] = []
    for a in members:
        if outlet.get(a, a) not in columns:
            columns.append(outlet.get(a, a))
    table = Table(title=escape(f"Claims in {story_id}"), show_lines=False)
    table.add_column("Fact", overflow="fold", max_width=48)
    for col in columns:
        table.add_column(escape(col), overflow="fold")
    table.add_column("Status")
    table.add_column("Indep.", justify="right")
    for g in groups:
        claims = [by_id[c] for c in g.claims if c in by_id]
        if not claims or claims[0].kind == "statement":
            continue
        cells: dict[str, list[str]] = {}
        for c in claims:
            value = format_value(c)
            if c.attributed_to:
                value += f" ({c.attributed_to})"
            cells.setdefault(outlet.get(c.article, c.article), []).append(value)
        style = STATUS_STYLE.get(g.status, "")
        status = g.status + (f" ({g.ratio:g}x)" if g.ratio else "")
        table.add_row(
            escape(g.summary.split(":")[0]),
            *(escape("; ".join(dict.fromkeys(cells.get(col, [])))) for col in columns),
            f"[{style}]{escape(status)}[/]" if style else escape(status),
            str(g.independent_sources),
        )
    return table


# --- storylens framing STORY: referents by outlets -------------------------------------

_STYLE = {"delegitimising": "bold red", "legitimising": "bold green", "neutral": "dim",
          "marked": "bold yellow"}
_MARK = {"delegitimising": " [-]", "legitimising": " [+]", "neutral": "", "marked": " [?]"}


def render_table(analysis: Analysis, story_id: str) -> Table:
    """A rich Table of ``analysis.framing`` for one story.

    Rows are referents (with their kind), columns outlets (every outlet of the story, in
    article order); each cell lists that outlet's terms with how often they are used,
    loaded ones coloured and marked [-] (delegitimising), [+] (legitimising) or [?] (marked
    by contrast). An outlet that never names the referent shows a dash.
    """
    story = next((s for s in analysis.stories if s.id == story_id), None)
    outlets: list[str] = []
    if story is not None:
        for aid in story.articles:
            art = analysis.article(aid)
            name = (art.outlet or art.id) if art is not None else aid
            if name not in outlets:
                outlets.append(name)
    rows = [f for f in analysis.framing if f.story == story_id]
    for f in rows:
        for row in f.outlets:
            if row.outlet not in outlets:
                outlets.append(row.outlet)
    table = Table(
        title=f"Framing: {story.title or story_id}" if story else f"Framing: {story_id}",
        caption="[-] delegitimising  [+] legitimising (framing lexicon)  [?] marked by contrast",
        show_lines=True,
    )
    table.add_column("referent", style="bold")
    table.add_column("kind", style="dim")
    for name in outlets:
        table.add_column(name)
    for f in rows:
        cells: list[Text | str] = [f.referent, f.kind or "-"]
        by_outlet = {o.outlet: o for o in f.outlets}
        for name in outlets:
            ot = by_outlet.get(name)
            if ot is None or not ot.terms:
                cells.append("-")
                continue
            flags = dict(ot.loaded)
            cell = Text()
            for i, term in enumerate(ot.terms):
                if i:
                    cell.append("\n")
                cat = flags.get(term)
                n = ot.counts[i] if i < len(ot.counts) else 1
                shown = term + (f" x{n}" if n > 1 else "")
                cell.append(shown + _MARK.get(cat or "", ""), style=_STYLE.get(cat or "", ""))
            cells.append(cell)
        table.add_row(*cells)
    return table
