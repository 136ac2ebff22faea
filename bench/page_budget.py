"""Per-page extraction time and the cost of the time budget (decision 0603).

Times ``extract`` on every item of the development families (as JSONL text pages, as the
harness runs them) and every Readability test page (HTML), then runs the whole set through
``extract_pages`` four ways: no budget, SIGALRM budget (workers=1), supervised processes with
1 and 2 workers. Prints per-page max/p99 and the wall time of each way. Nothing is written.

    PYTHONPATH=src nice python bench/page_budget.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from families_common import SHARED, load_families

from storylens.extract import extract
from storylens.ingest.common import content_hash
from storylens.pipeline import extract_pages
from storylens.records import Page
from storylens.settings import Settings


def pages() -> list[Page]:
    out: list[Page] = []
    for fam in load_families():
        for item in fam["items"]:
            text = item["text"]
            out.append(Page(id=item["id"], source=item["id"], kind="text", content=text,
                            content_hash=content_hash(text), url=item["url"]))
    root = SHARED / "eval/data/readability/pages"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        src = folder / "source.html"
        if src.exists():
            html = src.read_text(encoding="utf-8", errors="replace")
            out.append(Page(id=folder.name, source=folder.name, kind="html", content=html,
                            content_hash=content_hash(html)))
    return out


def main() -> None:
    items = pages()
    settings = Settings()
    extract(items[0], settings)  # warm lazy loads
    times = []
    for page in items:
        t = time.perf_counter()
        extract(page, settings)
        times.append((time.perf_counter() - t, page.id))
    times.sort()
    n = len(times)
    print(f"{n} pages; per-page extraction s: median {times[n // 2][0]:.3f}, "
          f"p99 {times[int(n * 0.99)][0]:.3f}, max {times[-1][0]:.3f} ({times[-1][1]})")
    for label, overrides in (("no budget, in-process", {"page_timeout": 0}),
                             ("SIGALRM budget, in-process", {}),
                             ("supervised, 1 worker", {"page_timeout": 30.0, "workers": 1}),
                             ("supervised, 2 workers", {"workers": 2})):
        s = settings.with_overrides(overrides)
        t = time.perf_counter()
        if label == "supervised, 1 worker":
            from storylens.budget import run_supervised
            from storylens.pipeline import _extract_one
            results = list(run_supervised(_extract_one, items, s, 1, s.page_timeout))
        else:
            results = list(extract_pages(items, s))
        assert len(results) == n
        print(f"{label:28s} {time.perf_counter() - t:7.2f} s")


if __name__ == "__main__":
    main()
