"""Site boilerplate: sentences many pages of the pile carry across different stories.

Extraction keeps some lines that belong to a site, not to a report: a press-release contact
footer, "This article was originally published on ...", a newsletter or paywall prompt, a
series' standard intro. Two unrelated pages of one site then share a sentence word for word,
and the copied-prose and chain measures of :mod:`.relate` would read it as a copy. A report
and its copy share sentences too, but those belong to one story; a line that turns up in
pages of ``boilerplate_min_stories`` different stories is the site's, not the report's.

Sentences are compared exactly after normalisation (lower case, tokens, every number as
``#`` so a dated footer matches across days); sentences under :data:`MIN_TOKENS` tokens are
left alone (they weigh little and "Read more." is not evidence either way). Articles that
belong to no event story count as a story of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storylens.provenance.text import Doc
from storylens.records import Story

MIN_TOKENS = 5


def _key(tokens: Sequence[str]) -> str:
    return " ".join("#" if t[:1].isdigit() else t for t in tokens)


def story_of(ids: Sequence[str], stories: Sequence[Story]) -> dict[str, str]:
    """Article id -> its event story id (itself when it has none)."""
    out = {i: i for i in ids}
    for st in stories:
        if st.level == "event":
            for a in st.articles:
                if a in out:
                    out[a] = st.id
    return out


def boilerplate(
    docs: Sequence[Doc], story: Mapping[str, str], min_stories: int
) -> list[frozenset[int]]:
    """Per doc, the indices of its sentences carried by pages of ``min_stories`` or more
    different stories (``story``: doc id -> story id)."""
    seen: dict[str, set[str]] = {}
    keys: list[list[str | None]] = []
    for d in docs:
        ks: list[str | None] = []
        for s in d.sentences:
            k = _key(s.tokens) if len(s.tokens) >= MIN_TOKENS else None
            ks.append(k)
            if k is not None:
                seen.setdefault(k, set()).add(story.get(d.id, d.id))
        keys.append(ks)
    return [
        frozenset(i for i, k in enumerate(ks) if k is not None and len(seen[k]) >= min_stories)
        for ks in keys
    ]
