"""Group articles into events nested in storylines, incrementally and deterministically.

1. Featurise every article present (and, for earlier stories whose members are all absent,
   a stand-in article made of the story title).
2. Candidate pairs from :class:`~storylens.stories.index.CandidateIndex` (shared key terms)
   and, with the multilingual extra, the nearest articles in other scripts
   (:func:`~storylens.stories.index.cross_script_candidates`: no key is shared across
   scripts); score them with :func:`~storylens.stories.similarity.score_pairs`.
3. Events: earlier memberships are kept. Unassigned articles are visited in a canonical
   order (publication date, then id: input order never matters) and join the event with the
   best *top-k linkage* (mean of the k best similarities to its members, k = min(3, size))
   if it reaches ``event_threshold`` and a dated member is within ``event_max_days``
   (an undated article is not excluded); otherwise they found a new event.
4. Storylines: each new event joins the storyline holding its best-linked article
   (single link at ``storyline_threshold``, within ``storyline_max_days``) or founds one.
5. Ids: ``ev-``/``sl-`` + 10 hex of sha1(founding article id): stable across runs.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from storylens.parallel import resolve_workers
from storylens.records import Analysis, Article, Story
from storylens.settings import Settings, StorySettings
from storylens.stories.index import CandidateIndex, cross_script_candidates
from storylens.stories.similarity import Scorer, build_scorer, day_gap, featurise, score_pairs


def story_id(prefix: str, founder: str) -> str:
    return f"{prefix}-{hashlib.sha1(founder.encode('utf-8')).hexdigest()[:10]}"


@dataclass
class _Group:
    id: str
    members: list[str]  # article ids, including ones not in this analysis
    parent: str | None = None
    title: str = ""


def _canonical(articles: Sequence[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.published or "9999-99-99", a.id))


def _link(sims: list[float], k: int = 3) -> float:
    top = sorted(sims, reverse=True)[:k]
    return sum(top) / max(1, len(top))


def group(analysis: Analysis, settings: Settings, scorer: Scorer | None = None,
          progress: Callable[[int, int], None] | None = None) -> tuple[Story, ...]:
    """The stories for ``analysis`` (earlier ``analysis.stories`` kept and extended);
    ``progress(done, total)`` follows the featurising (the long part: text encoders)."""
    cfg: StorySettings = settings.stories
    if not analysis.articles:
        return analysis.stories
    scorer = scorer or build_scorer(settings)
    events = {s.id: _Group(s.id, list(s.articles), s.parent, s.title)
              for s in analysis.stories if s.level == "event"}
    lines = {s.id: _Group(s.id, list(s.articles), s.parent, s.title)
             for s in analysis.stories if s.level == "storyline"}
    event_of = {a: e.id for e in events.values() for a in e.members}
    present = {a.id for a in analysis.articles}
    # Stand-ins for earlier events with no member in this run: their title as an article.
    langs = Counter(a.language for a in analysis.articles if a.language)
    lang = langs.most_common(1)[0][0] if langs else None
    stand_ins = [Article(id=f"\x00{e.id}", source="story", title=e.title, body="",
                         published=None, language=lang)
                 for e in events.values() if e.title and not present.intersection(e.members)]
    for stand_in in stand_ins:
        event_of[stand_in.id] = stand_in.id[1:]
    arts = _canonical(analysis.articles) + stand_ins
    pos = {a.id: k for k, a in enumerate(arts)}
    feats = featurise(arts, scorer, progress=progress,
                      workers=resolve_workers(settings.workers))
    index = CandidateIndex(cfg)
    index.add_keys(feats.keys)
    i, j = index.candidates()
    if feats.multi is not None and cfg.cross_script_candidates > 0:
        ci, cj = cross_script_candidates(feats.multi, feats.scripts,
                                         cfg.cross_script_candidates, cfg.cross_script_min_cosine)
        if len(ci):
            both = np.unique(np.concatenate([np.stack([i, j], axis=1),
                                             np.stack([ci, cj], axis=1)]), axis=0)
            i, j = both[:, 0], both[:, 1]
    sims, _ = score_pairs(feats, i, j, cfg)
    neigh: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, sim in zip(i.tolist(), j.tolist(), sims.tolist(), strict=True):
        neigh[a].append((b, sim))
        neigh[b].append((a, sim))

    def gap_ok(x: int, y: int, limit: float) -> bool:
        gap = day_gap(arts[x].published, arts[y].published)
        return gap is None or gap <= limit

    # 3. events
    new_events: list[str] = []
    for x, art in enumerate(arts):
        if art.id in event_of:
            continue
        per_event: dict[str, list[float]] = defaultdict(list)
        near: dict[str, bool] = defaultdict(bool)
        for y, s in neigh[x]:
            ev = event_of.get(arts[y].id)
            if ev is None:
                continue
            per_event[ev].append(s)
            near[ev] |= gap_ok(x, y, cfg.event_max_days)
        best, best_link = None, cfg.event_threshold
        for ev, ss in sorted(per_event.items()):
            link = _link(ss)
            if near[ev] and link >= best_link:
                best, best_link = ev, link
        if best is None:
            best = story_id("ev", art.id)
            events[best] = _Group(best, [])
            new_events.append(best)
        events[best].members.append(art.id)
        event_of[art.id] = best

    # 4. storylines for new events (and older events that lost theirs)
    line_of = {e.id: e.parent for e in events.values() if e.parent in lines}
    for ev in [e for e in events if e not in line_of and e not in new_events] + new_events:
        rows = [pos[a] for a in events[ev].members if a in pos]
        scores: dict[str, float] = defaultdict(float)
        for x in rows:
            for y, s in neigh[x]:
                other = line_of.get(event_of.get(arts[y].id, ""))
                if other and s >= cfg.storyline_threshold and gap_ok(
                        x, y, cfg.storyline_max_days):
                    scores[other] = max(scores[other], s)
        if scores:
            line = max(sorted(scores), key=lambda k: scores[k])
        else:
            line = story_id("sl", events[ev].members[0])
            lines.setdefault(line, _Group(line, []))
        line_of[ev] = line
        events[ev].parent = line

    # titles and memberships
    by_id = {a.id: a for a in analysis.articles}
    for e in events.values():
        e.members = [a for a in e.members if not a.startswith("\x00")]
        here = [by_id[a] for a in e.members if a in by_id]
        if here:
            e.title = _central_title(here, [pos[a.id] for a in here], neigh)
    out_lines: dict[str, list[str]] = defaultdict(list)
    for e in sorted(events.values(), key=lambda g: g.id):
        if e.members:
            out_lines[line_of[e.id]].append(e.id)
    stories: list[Story] = []
    for line_id in sorted(out_lines):
        evs = sorted(out_lines[line_id], key=lambda k: -len(events[k].members))
        members = sorted({a for ev in evs for a in events[ev].members}
                         | set(lines[line_id].members if line_id in lines else ()))
        title = events[evs[0]].title or (lines[line_id].title if line_id in lines else "")
        stories.append(Story(line_id, "storyline", tuple(members), None, title))
        for ev in sorted(evs):
            g = events[ev]
            stories.append(Story(ev, "event", tuple(sorted(g.members)), line_id, g.title))
    return tuple(stories)


def _central_title(articles: list[Article], rows: list[int],
                   neigh: dict[int, list[tuple[int, float]]]) -> str:
    """Label of the member most similar to the other members (ties: earliest id)."""
    inside = set(rows)
    ranked = sorted(zip(articles, rows, strict=True), key=lambda ar: ar[0].id)
    best = max(ranked, key=lambda ar: sum(s for y, s in neigh[ar[1]] if y in inside))
    return label(best[0])


def label(article: Article, width: int = 90) -> str:
    """A readable label: the title, else the start of the body, else the id."""
    text = article.title.strip() or " ".join(article.body.split()[:15])
    return (text[: width - 1] + "…" if len(text) > width else text) or article.id
