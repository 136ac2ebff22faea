"""Terminal rendering of a story's framing: referent rows x outlet columns."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from storylens.records import Analysis

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
