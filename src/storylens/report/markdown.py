"""The analysis as Markdown (for pasting into tickets, notes or a wiki).

Scraped text is escaped so it renders as text: HTML-significant characters become entities
(many Markdown renderers pass raw HTML through) and Markdown punctuation is backslash-escaped.
"""

from __future__ import annotations

import re

from storylens.brief import sentence_markdown
from storylens.records import Analysis
from storylens.report import view as v

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~])")


def md(text: object) -> str:
    """Escape one inline run of scraped text (newlines folded to spaces)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def _story(sv: v.StoryView, rv: v.ReportView, level: int) -> list[str]:
    c, labels = rv.computed, rv.labels
    h = "#" * min(level, 6)
    kind = "Storyline" if sv.story.level == "storyline" else "Event"
    title = sv.title if sv.unassigned else f"{kind}: {sv.title}"
    out = [f"{h} {md(title)}", "", f"{len(sv.articles)} article(s).", ""]
    out += [f"{h}# Sources", ""]
    rows = []
    for row in sv.sources:
        a = row.article
        rels = "; ".join(
            md(b.text) for b in row.badges
        ) or ("not computed" if not c.relations else "independent")
        spin = (f"spun ({a.machine_spun.score:.2f}): "
                + ", ".join(f"“{md(e)}”" for e in a.machine_spun.evidence)
                if a.machine_spun.label else "no")
        share = (f"{row.original_share:.0%}" if row.original_share is not None
                 else ("not computed" if not c.relations else row.original_note))
        rows.append([md(a.outlet or a.id), md(a.title), md(a.published or "undated"), rels,
                     spin, share])
    out += _table(["Outlet", "Title", "Date", "Relations", "Spin", "Original text"], rows)
    out += [f"{h}# Compare", ""]
    if not c.relations:
        out += ["_Provenance not computed._", ""]
    elif not sv.compare:
        out += [("_No pairs beyond those under its events._" if sv.children
                 else "_No copied or related pairs found._"), ""]
    for cv in sv.compare:
        la, lb = labels.get(cv.a_id, cv.a_id), labels.get(cv.b_id, cv.b_id)
        rel = cv.relation
        out += [f"- **{md(la)} ↔ {md(lb)}**: "
                + (f"{v.label_relation(rel.relation)} (score {rel.score:.2f})" if rel else "none")]
        for arow in cv.rows:
            a_text = "".join(s.text for s in arow.a)
            b_text = "".join(s.text for s in arow.b)
            subs = ", ".join(f"{md(f)} → {md(t)}" for f, t in arow.substitutions)
            out.append(f"  - {md(a_text)} ⟷ {md(b_text)} ({arow.similarity:.0%} similar"
                       + (f"; {subs}" if subs else "") + ")")
    out.append("")
    out += [f"{h}# Claims", ""]
    if not c.claims:
        out += ["_Claims not computed._", ""]
    elif not sv.claims.rows:
        out += [("_No claim groups beyond those under its events._" if sv.children
                 else "_No claim groups found for this story._"), ""]
    else:
        header = ["Fact", "Verdict", "Independent"] + [
            md(labels.get(a.id, a.id)) for a in sv.claims.columns]
        rows = [
            [md(r.group.summary or r.group.id), r.status_label, str(r.group.independent_sources)]
            + ["; ".join(md(v.claim_value(cl)) for cl in cell) or "–" for cell in r.cells]
            for r in sv.claims.rows
        ]
        out += _table(header, rows)
    out += [f"{h}# Framing", ""]
    if not c.framing:
        out += ["_Framing not computed._", ""]
    elif not sv.framing:
        out += ["_No framing differences found for this story._", ""]
    else:
        outlets = v.framing_outlets(sv.framing)
        rows = []
        for f in sv.framing:
            cells = []
            for o in outlets:
                ot = next((x for x in f.outlets if x.outlet == o), None)
                loaded = {t for t, _ in ot.loaded} if ot else set()
                cells.append(", ".join(
                    md(t) + (" (loaded)" if t in loaded else "") for t in ot.terms
                ) if ot else "–")
            rows.append([md(f.referent) + (f" ({md(f.kind)})" if f.kind else ""), *cells])
        out += _table(["Referent", *[md(o) for o in outlets]], rows)
    out += [f"{h}# Brief", ""]
    if not c.brief:
        out += ["_Brief not computed._", ""]
    elif not sv.brief or not sv.brief.sentences:
        out += ["_No brief for this story._", ""]
    else:
        out += [" ".join(sentence_markdown(s, md) for s in sv.brief.sentences), ""]
        if any(s.ours for s in sv.brief.sentences):
            out += ["_Words in ⟨angle brackets⟩ are ours, not a source's._", ""]
        if sv.brief.disputes:
            out += ["Disputes:", ""] + [
                f"- {md(s.text)} \\[{', '.join(md(x) for x in s.sources)}\\]"
                for s in sv.brief.disputes] + [""]
        if sv.brief.timeline:
            out += ["Timeline:", ""] + [
                f"- {md(t.date)}: {md(t.text)} \\[{', '.join(md(x) for x in t.sources)}\\]"
                for t in sv.brief.timeline] + [""]
    for child in sv.children:
        out += _story(child, rv, level + 1)
    return out


def render_markdown(analysis: Analysis) -> str:
    """Stories (events under storylines), sources, pairs, claims, framing, brief, inputs."""
    rv = v.report_view(analysis)
    out = ["# storylens report", "",
           f"{len(analysis.articles)} article(s) from {len(analysis.inputs)} input(s).", ""]
    if not rv.computed.stories:
        out += ["_Stories not computed._", ""]
    for sv in rv.stories:
        out += _story(sv, rv, 2)
    out += ["## Input accounting", ""]
    if analysis.inputs:
        out += _table(["Input", "Status", "Reason", "Article"], [
            [md(i.source), i.status, md(i.reason), md(i.article or "")]
            for i in analysis.inputs])
    else:
        out += ["_No input accounting recorded._", ""]
    return "\n".join(out).rstrip() + "\n"
