"""Disputes (conflicting and attributed figures, who says what) and the timeline of a story."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from storylens.brief.select import FINAL
from storylens.brief.text import article_sentences, best_support, similarity, support
from storylens.records import Analysis, Article, BriefSentence, Claim, ClaimGroup, TimelineEntry

_QUOTE_MAX_WORDS = 30  # quote a claim verbatim up to this length; longer ones are cut


def quote_claim(text: str) -> str:
    """A claim's words in quotes (cut after 30 words)."""
    words = " ".join(text.split()).strip(" .;,")
    parts = words.split(" ")
    if len(parts) > _QUOTE_MAX_WORDS:
        words = " ".join(parts[:_QUOTE_MAX_WORDS]) + " …"
    return f"“{words}”"


def _topic(claims: Sequence[Claim]) -> str:
    units = [c.unit for c in claims if c.unit]
    if units:
        # ties go to the first unit given (a set's order changes with the process's hash seed)
        return max(dict.fromkeys(units), key=units.count)
    return "a figure"


def _who(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def dispute_sentence(
    group: ClaimGroup, claims: Sequence[Claim], outlet: Callable[[str], str]
) -> BriefSentence | None:
    """One sentence stating a conflict or attributed dispute, quoting each side's words.

    Claims with the same value (or the same text) are merged so copies speak once;
    attributed claims are given to the named source ("X says ... (in outlet)").
    """
    sides: list[tuple[str, list[str], list[str]]] = []  # (quoted text, outlets, articles)
    for c in claims:
        key_match = None
        for side in sides:
            if side[0] == quote_claim(c.text) or (
                c.value is not None and any(
                    o.value == c.value and o.attributed_to == c.attributed_to
                    for o in claims if o.article in side[2] and o is not c
                )
            ):
                key_match = side
                break
        name = outlet(c.article)
        if key_match is None:
            sides.append((quote_claim(c.text), [name], [c.article]))
        else:
            if name not in key_match[1]:
                key_match[1].append(name)
            if c.article not in key_match[2]:
                key_match[2].append(c.article)
    if len(sides) < 2:
        return None
    by_claim = {(quote_claim(c.text)): c for c in claims}
    parts: list[str] = []
    for quoted, names, _ in sides:
        said = by_claim.get(quoted)
        if said is not None and said.attributed_to:
            # "according to": no verb to agree with "police" or "Reuters"
            parts.append(f"according to {said.attributed_to}, {quoted} "
                         f"(reported by {_who(names)})")
        else:
            verb = "reports" if len(names) == 1 else "report"
            parts.append(f"{_who(names)} {verb} {quoted}")
    text = f"Sources disagree on {_topic(claims)}: " + "; ".join(parts) + "."
    outlets_all: list[str] = []
    arts_all: list[str] = []
    for _, names, arts in sides:
        outlets_all += [n for n in names if n not in outlets_all]
        arts_all += [a for a in arts if a not in arts_all]
    return BriefSentence(text, tuple(outlets_all), tuple(arts_all), contested=(group.id,))


def story_disputes(
    groups: Sequence[tuple[ClaimGroup, list[Claim]]], outlet: Callable[[str], str]
) -> list[BriefSentence]:
    """Dispute sentences for the conflict / attributed-dispute groups (story claims only)."""
    out: list[BriefSentence] = []
    for group, claims in groups:
        if group.status not in ("conflict", "attributed-dispute") or len(claims) < 2:
            continue
        s = dispute_sentence(group, claims, outlet)
        if s is not None:
            out.append(s)
    return out


def _claims_timeline(
    analysis: Analysis, story_id: str
) -> list[tuple[str, str, list[str]]] | None:
    """``storylens.claims.timeline`` if the claims stage provides it, else None."""
    try:
        from storylens import claims as claims_mod
    except Exception:  # the claims package is optional here; any import failure: fall back
        return None
    fn: Any = getattr(claims_mod, "timeline", None)
    if fn is None:
        return None
    try:
        result = fn(analysis, story_id)
    except Exception:  # a broken optional helper must not stop the brief: fall back
        return None
    return [(str(d), str(t), [str(a) for a in arts]) for d, t, arts in result]


def _claim_sentence(claim: Claim, articles: Sequence[Article]) -> str:
    """The article sentence that states the claim (readable on its own), else its text."""
    art = next((a for a in articles if a.id == claim.article), None)
    if art is not None:
        for s in article_sentences(art):
            if support(claim.text, s) >= 0.8 and len(s.split()) <= 60:
                return s
    return claim.text


def story_timeline(
    analysis: Analysis, story_id: str, articles: Sequence[Article], claims: Sequence[Claim],
    outlet: Callable[[str], str], equivalent_min: float, support_floor: float = 0.3,
) -> list[TimelineEntry]:
    """Dated entries: the claims stage's timeline, else our own ordering of dated claims,
    else the articles' publication dates (coverage timeline)."""
    ids = {a.id for a in articles}
    spun = {a.id for a in articles if a.machine_spun.label}
    rows = _claims_timeline(analysis, story_id)
    if rows is None:
        merged: list[tuple[str, str, list[str]]] = []
        keys: list[str] = []  # the first claim text of each merged row, for matching
        dated = sorted(
            (c for c in claims if c.date and c.article in ids),
            key=lambda c: (c.date or "", c.article in spun),
        )
        for c in dated:
            for row, key in zip(merged, keys, strict=True):
                if row[0] == c.date and similarity(key, c.text) >= equivalent_min:
                    if c.article not in row[2]:
                        row[2].append(c.article)
                    break
            else:
                merged.append((c.date or "", _claim_sentence(c, articles), [c.article]))
                keys.append(c.text)
        rows = merged
    # Every entry keeps only the articles that state its text (same support rule as the
    # brief's claim citations), whoever built the rows.
    by_id = {a.id: a for a in articles}
    rows = [
        (d, t, kept) for d, t, arts in rows
        if FINAL.search(" ".join(t.split()))  # no caption, title or cut excerpt end
        if (kept := [a for a in arts if a in by_id and best_support(
            t, article_sentences(by_id[a])) >= support_floor])
    ]
    if not rows:
        rows = [(a.published, a.title, [a.id]) for a in articles if a.published and a.title]
    entries = [
        TimelineEntry(
            date, " ".join(text.split()),
            tuple(dict.fromkeys(outlet(a) for a in arts)), tuple(arts),
        )
        for date, text, arts in sorted(rows, key=lambda r: r[0])
    ]
    return entries
