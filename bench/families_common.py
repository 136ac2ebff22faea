"""Shared harness for the benchmarks on the real development families.

``../shared/eval/data/families-dev/families.json`` holds 24 real news families (see its
README). Each family is analysed on its own, the way a user would: its items are written to
one JSONL file (``url``, ``text``, ``published`` = the item's date when known) and run through
the real ``analyze`` job into a throwaway store. Items are mapped back to article ids by URL.

Nothing of the families' text is stored in the repository; the JSONL lives in a temporary
folder and is deleted after the run.

    from families_common import load_families, run_family
    for fam in load_families():
        run = run_family(fam)
        run.analysis, run.article_of["da01-a"], run.item_of[article_id]
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.records import Analysis
from storylens.runner import analyze
from storylens.settings import Settings, load_settings
from storylens.store import Store

SHARED = Path(os.environ.get("STORYLENS_SHARED", Path(__file__).resolve().parents[2] / "shared"))
FAMILIES = SHARED / "eval/data/families-dev/families.json"
FRAMING = SHARED / "eval/data/families-dev/framing.json"


def load_families(only: str | None = None) -> list[dict[str, Any]]:
    """The development families (optionally those whose id starts with ``only``)."""
    if not FAMILIES.exists():
        sys.exit(f"families-dev not found at {FAMILIES} (needs ../shared beside the repo)")
    fams: list[dict[str, Any]] = json.loads(FAMILIES.read_text(encoding="utf-8"))["families"]
    return [f for f in fams if only is None or f["id"].startswith(only)]


def load_framing() -> dict[str, dict[str, Any]]:
    """framing.json by family id."""
    data = json.loads(FRAMING.read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["families"]}


@dataclass
class FamilyRun:
    family: dict[str, Any]
    analysis: Analysis
    article_of: dict[str, str]  # item id -> article id
    item_of: dict[str, str]  # article id -> item id


def family_records(family: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in family["items"]:
        rec: dict[str, Any] = {"url": item["url"], "text": item["text"]}
        if item.get("date"):
            rec["published"] = item["date"]
        yield rec


# Runs already made in this process, by family id and settings: the gate tests of several
# stages (provenance, claims, brief) read the same runs in one pytest process.
_RUNS: dict[tuple[str, str], FamilyRun] = {}


def run_family(family: dict[str, Any], settings: Settings | None = None) -> FamilyRun:
    """Analyse one family's items as one JSONL pile; map items to article ids by URL.

    A family already run in this process with equal settings is not run again; the caller
    gets its own deep copy (callers may edit the analysis, e.g. the brief bench's oracle)."""
    settings = settings or load_settings()
    key = (family["id"], repr(settings))
    if key not in _RUNS:
        _RUNS[key] = _run_family(family, settings)
    return copy.deepcopy(_RUNS[key])


def _run_family(family: dict[str, Any], settings: Settings) -> FamilyRun:
    with tempfile.TemporaryDirectory(prefix="storylens-fam-") as tmp:
        src = Path(tmp) / f"{family['id']}.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                               for r in family_records(family)), encoding="utf-8")
        store = Store.open(Path(tmp) / "storylens.db")
        try:
            analysis = analyze([str(src)], settings, store)
        finally:
            store.close()
    by_url = {item["url"]: item["id"] for item in family["items"]}
    item_of: dict[str, str] = {}
    for rec in analysis.inputs:
        key = rec.url or rec.source  # JSONL inputs are named file:line and carry the URL
        if rec.article and key in by_url:
            item_of.setdefault(rec.article, by_url[key])
    for art in analysis.articles:
        if art.id not in item_of and art.url in by_url:
            item_of[art.id] = by_url[art.url]  # type: ignore[index]
    article_of = {v: k for k, v in item_of.items()}
    return FamilyRun(family, analysis, article_of, item_of)


def _source_key(shared: str) -> str:
    """'AP (later write-through, via NZ press)', 'AP; The Guardian', 'AP via X' -> 'ap'."""
    head = re.split(r" \(|;| via | / ", shared, maxsplit=1)[0]
    return head.strip().lower()


def lineage_roots(family: dict[str, Any]) -> dict[str, str]:
    """Item id -> lineage root: items joined by ``derived_from`` and by a common
    ``shared_source`` (its leading name, e.g. 'AP' of 'AP; The Guardian'), union-find.

    Independent reports and distractors with neither are their own roots, so they pair with
    nothing unless something derives from them.
    """
    items = {i["id"]: i for i in family["items"]}
    parent = {iid: iid for iid in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_source: dict[str, str] = {}
    for iid, item in items.items():
        if item.get("derived_from") in items:
            union(iid, item["derived_from"])
        if item.get("shared_source"):
            key = _source_key(str(item["shared_source"]))
            if key in by_source:
                union(iid, by_source[key])
            else:
                by_source[key] = iid
    return {iid: find(iid) for iid in items}


def gold_lineage_pairs(family: dict[str, Any]) -> set[frozenset[str]]:
    """Unordered item pairs of one copy chain (the README's "same-lineage pairs")."""
    roots = lineage_roots(family)
    ids = sorted(roots)
    return {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1:]
            if roots[a] == roots[b]}
