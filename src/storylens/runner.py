"""The analyze job: inputs -> pages -> articles (stored) -> stages -> analysis (stored).

This is the I/O edge around the pure pipeline. Order of work:

1. Ingest every input (files, folders, URL lists, feeds). Each becomes a Page or an
   InputRecord with a reason (skipped/failed).
2. De-duplicate by content hash: a page seen earlier in this run, or already in the store,
   is reported as ``duplicate`` and reuses the stored article (this is also how a killed run
   resumes: what it stored is not extracted again).
3. Extract new pages (in-process or in a pool), committing each article to the store.
4. Stories, given the store's existing stories so new pages join them (incremental).
5. Articles of touched stories that earlier runs stored are brought in, so provenance,
   claims, framing and brief see whole stories; then those stages run.
6. The analysis, input accounting and story assignment are committed in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from storylens import __version__, parallel, stories
from storylens.cluster import DaskBackend
from storylens.deadline import with_overrun_reasons
from storylens.ingest.common import content_hash
from storylens.ingest.files import iter_inputs
from storylens.parallel import resolve_workers
from storylens.pipeline import STAGES, extract_pages, run_stages
from storylens.records import (
    Analysis,
    Article,
    InputRecord,
    InputStatus,
    Page,
    Rejection,
    Story,
    _plain,
)
from storylens.settings import Settings
from storylens.store import StoreAPI

ProgressFn = Callable[[str, int, int | None], None]
"""Called as (phase, done, total) so a CLI can draw progress bars; total may be unknown."""


class TextWriter(Protocol):
    """Anything with ``write(str)``: an open text file, a StringIO, a compressing sink."""

    def write(self, text: str, /) -> object: ...


def _noop(phase: str, done: int, total: int | None) -> None:
    return None


def iter_sources(
    sources: Sequence[str], settings: Settings, urls: Sequence[str] = (),
    feeds: Sequence[str] = (),
) -> Iterator[Page | InputRecord]:
    """Every input item from files/folders, then URLs, then feeds."""
    yield from iter_inputs(sources, settings)
    if urls:
        from storylens.ingest.fetch import fetch_urls

        yield from fetch_urls(list(urls), settings)
    for feed in feeds:
        from storylens.ingest.feeds import iter_feed

        yield from iter_feed(feed, settings)


def _record(page: Page, status: InputStatus, reason: str,
            article: str | None = None) -> InputRecord:
    """The input record of a page; ingest warnings (dropped hint fields) join the reason."""
    text = "; ".join(x for x in (reason, *page.warnings) if x)
    url = page.url if page.url and page.url != page.source else None
    return InputRecord(page.source, status, text, article, page.kind, url)


def _unique_id(page: Page, used: set[str], store: StoreAPI) -> Page:
    """Keep the input-derived id unless another page (here or in the store) has it."""
    pid = page.id
    if pid in used or store.id_taken(pid, page.content_hash):
        pid = f"{page.id}-{page.content_hash[:8]}"
    used.add(pid)
    return page if pid == page.id else dataclasses.replace(page, id=pid)


def analyze(
    sources: Sequence[str],
    settings: Settings,
    store: StoreAPI,
    *,
    urls: Sequence[str] = (),
    feeds: Sequence[str] = (),
    progress: ProgressFn = _noop,
    items: Iterable[Page | InputRecord] | None = None,
    run_date: dt.date | None = None,
) -> Analysis:
    """Run the whole job and return the analysis (also committed to the store).
    ``run_date``: the date the stages take as "now" (default: today, read here once),
    recorded as ``meta["run_date"]``."""
    today = (run_date or dt.date.today()).isoformat()
    run_id = store.begin_run({"sources": list(sources), "urls": list(urls),
                              "feeds": list(feeds), "version": __version__})
    inputs: list[InputRecord | None] = []
    articles: dict[str, Article] = {}
    seen: dict[str, tuple[str, str]] = {}  # content hash -> (article id, first source)
    used_ids: set[str] = set()
    slots: deque[int] = deque()  # inputs[] positions of the pages sent to extraction

    done = 0  # inputs accounted for (progress)

    def to_extract() -> Iterator[Page]:
        """The pages to extract, read from the inputs as extraction asks for them (one
        stream, one worker pool for the whole run); the rest recorded on the way."""
        nonlocal done
        stream = items if items is not None else iter_sources(sources, settings, urls, feeds)
        for item in stream:
            if isinstance(item, InputRecord):
                inputs.append(item)
                done += 1
                continue
            page = item
            digest = page.content_hash or content_hash(page.content)
            if digest in seen:
                art_id, first = seen[digest]
                inputs.append(_record(page, "duplicate",
                                      f"same content as {first} (article {art_id})", art_id))
                done += 1
                continue
            stored_id = store.find_by_hash(digest)
            if stored_id is not None:
                stored = store.get_article(stored_id)
                if stored is not None:
                    articles[stored.id] = stored
                    seen[digest] = (stored.id, stored.source)
                    inputs.append(_record(page, "duplicate",
                                          f"already in the store as article {stored.id}",
                                          stored.id))
                    done += 1
                    continue
            page = _unique_id(page, used_ids, store)
            seen[digest] = (page.id, page.source)
            inputs.append(None)
            slots.append(len(inputs) - 1)
            yield page

    # Store writes in batches: one transaction per batch; a killed run redoes at most one.
    size = max(32, 8 * resolve_workers(settings.workers))
    batch: list[tuple[Article, Page | None]] = []
    on_cluster = parallel.backend()  # issue 20: extraction as Dask tasks
    if isinstance(on_cluster, DaskBackend):
        cluster = on_cluster

        def on_tasks() -> Iterator[tuple[Page, Article | Rejection]]:
            pages = to_extract()
            while chunk := list(itertools.islice(pages, size)):
                yield from cluster.extract_pages(chunk, settings)

        results = on_tasks()
    else:
        results = extract_pages(to_extract(), settings)
    for page, result in results:
        slot = slots.popleft()
        if isinstance(result, Rejection):
            inputs[slot] = _record(page, result.status, result.reason)
            seen.pop(page.content_hash, None)
        else:
            batch.append((result, page))
            articles[result.id] = result
            inputs[slot] = _record(page, "ingested", "", result.id)
        done += 1
        progress("extract", done, None)
        if len(batch) >= size:
            store.put_articles(batch)
            batch = []
    store.put_articles(batch)
    # From here to finish_run no other run of this store may commit stories (issue 20).
    store.lock_analysis()
    _reconcile(store, articles, inputs)
    done_inputs = tuple(x for x in inputs if x is not None)
    progress("ingest", len(done_inputs), len(done_inputs))

    analysis = Analysis(articles=tuple(articles.values()), inputs=done_inputs,
                        stories=tuple(store.stories()), meta={"run_date": today})
    if analysis.articles:
        progress("stories", 0, None)

        def stories_stage(a: Analysis, s: Settings) -> Analysis:
            return stories.run(a, s, progress=lambda done, total: progress("stories", done, total))

        stage = dataclasses.replace(STAGES[0], fn=stories_stage)
        analysis = run_stages(analysis, settings, [stage])
        all_stories = list(analysis.stories)
        analysis = _focus(analysis, store)
        analysis = run_stages(analysis, settings, STAGES[1:],
                              on_stage=lambda name: progress(name, 0, None),
                              available=("stories",), progress=progress)
    else:
        all_stories = list(analysis.stories)
        analysis = dataclasses.replace(analysis, stories=())
    analysis = with_overrun_reasons(analysis)  # units over their time budget (decision 0607)
    analysis = dataclasses.replace(
        analysis, meta={"storylens": __version__, "run": run_id, "store": str(store.path),
                        "run_date": today}
    )
    progress("store", 0, None)
    store.finish_run(run_id, analysis, all_stories)
    return analysis


def _reconcile(store: StoreAPI, articles: dict[str, Article],
               inputs: list[InputRecord | None]) -> None:
    """Agree with the store after another run wrote into it at the same time (a shared
    PostgreSQL store, decision 0009): content that run stored first under another id makes
    this run's input a duplicate of that article; an id that run took for other content
    gets the ``-<hash>`` suffix. Without a concurrent writer nothing changes."""
    stored = store.stored_ids(a.content_hash for a in articles.values())
    renamed: dict[str, tuple[str, str]] = {}  # old id -> (new id, reason or "")
    for aid, art in list(articles.items()):
        sid = stored.get(art.content_hash)
        if sid == aid or not art.content_hash:
            continue
        del articles[aid]
        other = store.get_article(sid) if sid is not None else None
        if other is not None:
            articles[other.id] = other
            renamed[aid] = (other.id, f"already in the store as article {other.id} "
                                      "(stored by another run)")
        else:
            new = dataclasses.replace(art, id=f"{aid}-{art.content_hash[:8]}")
            store.put_articles([(new, None)])
            articles[new.id] = new
            renamed[aid] = (new.id, "")
    for k, rec in enumerate(inputs):
        if rec is not None and rec.article in renamed:
            new_id, why = renamed[rec.article]
            inputs[k] = (dataclasses.replace(rec, status="duplicate", reason=why,
                                             article=new_id) if why
                         else dataclasses.replace(rec, article=new_id))


def _focus(analysis: Analysis, store: StoreAPI) -> Analysis:
    """Keep the stories this run touched, and bring in their stored members."""
    run_ids = {a.id for a in analysis.articles}
    by_id = {s.id: s for s in analysis.stories}
    touched = {s.id for s in analysis.stories if run_ids & set(s.articles)}
    touched |= {by_id[s].parent for s in touched if by_id[s].parent in by_id}  # type: ignore[misc]
    stories = [s for s in analysis.stories if s.id in touched]
    extra: list[Article] = []
    for story in stories:
        for aid in story.articles:
            if aid not in run_ids:
                stored = store.get_article(aid)
                if stored is not None:
                    extra.append(stored)
                    run_ids.add(aid)
    stories = [
        dataclasses.replace(s, articles=tuple(a for a in s.articles if a in run_ids))
        for s in stories
    ]
    return dataclasses.replace(
        analysis, articles=analysis.articles + tuple(extra),
        stories=tuple(s for s in stories if s.articles),
    )


def write_outputs(analysis: Analysis, out_dir: Path,
                  settings: Settings | None = None) -> tuple[Path, Path]:
    """Write DIR/analysis.json and DIR/report.html (with DIR/report-stories/ for a large run,
    ``settings.report_split_articles``); return their paths."""

    from storylens.report import write_report

    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "analysis.json"
    tmp = json_path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        write_analysis_json(analysis, fh)
    tmp.replace(json_path)
    html_path = out_dir / "report.html"
    write_report(analysis, html_path,
                 None if settings is None else settings.report_split_articles)
    return json_path, html_path


def write_analysis_json(analysis: Analysis, fh: TextWriter) -> None:
    """Write analysis.json record by record: the same bytes as ``json.dumps(analysis.to_dict(),
    ensure_ascii=False, indent=2)``, without holding the whole document (as a dict and as one
    string) in memory: one record at a time is turned into JSON."""
    import json

    def dump(value: object, depth: int) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + "  " * depth)

    fields = [f.name for f in dataclasses.fields(analysis) if not f.name.startswith("_")]
    fh.write("{")
    for n, name in enumerate(fields):
        value = getattr(analysis, name)
        fh.write(("," if n else "") + "\n  " + json.dumps(name, ensure_ascii=False) + ": ")
        if isinstance(value, tuple) and value:
            fh.write("[")
            for k, record in enumerate(value):
                fh.write(("," if k else "") + "\n    " + dump(record.to_dict(), 2))
            fh.write("\n  ]")
        elif isinstance(value, tuple):
            fh.write("[]")
        else:
            fh.write(dump(_plain(value), 1))
    fh.write("\n}" if fields else "}")


def stories_of(analysis: Analysis) -> list[Story]:
    """Storylines first, each followed by its events (for listings)."""
    lines = [s for s in analysis.stories if s.level == "storyline"]
    line_ids = {s.id for s in lines}
    events_of: dict[str | None, list[Story]] = {}
    for s in analysis.stories:
        if s.level == "event":
            events_of.setdefault(s.parent if s.parent in line_ids else None, []).append(s)
    out: list[Story] = []
    for line in lines:
        out.append(line)
        out.extend(events_of.get(line.id, ()))
    out.extend(events_of.get(None, ()))
    return out
