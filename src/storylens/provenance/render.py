"""Side-by-side terminal view of an alignment, substitutions highlighted (Rich).

Scraped text goes into :class:`rich.text.Text` objects, never through markup, so brackets
in article text ("[Syrian] regime") print as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storylens.records import Article, Relation

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
