"""Side-by-side extraction benchmark on dragnet and cleaneval (token-level P/R/F1).

For every sampled page: gold main text vs the output of
  - text-cleaner : our flattened-text cleaner on the page rendered by inscriptis,
  - jusText-text : jusText (English stoplist) on the same flattened text (one <p> per line),
  - html-path    : our HTML path (trafilatura + htmldate + post-cleaning + text fallback),
  - trafilatura  : trafilatura.extract alone on the HTML (defaults, comments excluded).
Scores are bag-of-words (multiset) precision/recall/F1 per page, then averaged over pages
(macro). Gold for dragnet stops at the "!@#$%^&*() COMMENTS" separator (comments are not
main content for us); CleanEval gold markers (<p>, <h>, <l>, URL: line) are stripped.

Usable as a library (``run`` / ``score_pages``, used by tests/test_extract_benchmark_gate.py)
and as a script:

    PYTHONPATH=src .venv/bin/python bench/extraction/score.py --limit 200 \
        --write docs/benchmarks/extraction.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storylens.extract import extract
from storylens.extract.html import render_text, trafilatura_text
from storylens.records import Article, Page
from storylens.settings import Settings

SHARED = Path(__file__).resolve().parents[3] / "shared"
DATA = SHARED / "eval" / "data"
SYSTEMS = ("text-cleaner", "jusText-text", "html-path", "trafilatura")
_TOK = re.compile(r"\w+", re.UNICODE)
_CE_MARK = re.compile(r"^\s*(URL:.*|<[phl]>)", re.MULTILINE)


@dataclass
class Scores:
    n: int = 0
    p: float = 0.0
    r: float = 0.0
    f: float = 0.0
    per_page: list[float] = field(default_factory=list)

    def add(self, prf: tuple[float, float, float]) -> None:
        self.n += 1
        self.p += prf[0]
        self.r += prf[1]
        self.f += prf[2]
        self.per_page.append(prf[2])

    def mean(self) -> tuple[float, float, float]:
        return (self.p / self.n, self.r / self.n, self.f / self.n) if self.n else (0, 0, 0)


def prf(gold: str, got: str) -> tuple[float, float, float]:
    g = Counter(t.lower() for t in _TOK.findall(gold))
    o = Counter(t.lower() for t in _TOK.findall(got))
    common = sum((g & o).values())
    if not g and not o:
        return 1.0, 1.0, 1.0
    p = common / sum(o.values()) if o else 0.0
    r = common / sum(g.values()) if g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _read_html(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes())
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def pages(dataset: str, limit: int, seed: int = 13) -> Iterator[tuple[str, str, str]]:
    """(page id, html, gold text) for a seeded random sample of ``dataset``."""
    if dataset == "dragnet":
        roots = [DATA / "dragnet"]
    elif dataset == "cleaneval-dev":
        roots = [DATA / "cleaneval" / "dev"]
    else:
        roots = [DATA / "cleaneval" / "final"]
    items: list[tuple[Path, Path]] = []
    for root in roots:
        for gold in sorted((root / "GoldStandard").glob("*.txt")):
            html = root / "input" / (gold.stem + ".html.gz")
            if html.exists():
                items.append((html, gold))
    random.Random(seed).shuffle(items)
    for html, gold in items[:limit]:
        text = gold.read_text(encoding="utf-8", errors="replace")
        if dataset == "dragnet":
            text = text.split("!@#$%^&*() COMMENTS")[0]
        else:
            text = _CE_MARK.sub(" ", text)
        yield f"{dataset}/{html.name}", _read_html(html), text


def _justext(text: str) -> str:
    import html as htmllib

    import justext

    doc = "<html><body>" + "".join(
        f"<p>{htmllib.escape(line)}</p>" for line in text.splitlines() if line.strip()
    ) + "</body></html>"
    paras = justext.justext(doc, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paras if not p.is_boilerplate)


def _ours_html(pid: str, html: str, settings: Settings) -> str:
    page = Page(id=pid, source=pid, kind="html", content=html, content_hash="")
    art = extract(page, settings)
    return art.text if isinstance(art, Article) else ""


def _ours_text(pid: str, flat: str, settings: Settings) -> str:
    page = Page(id=pid, source=pid, kind="text", content=flat, content_hash="")
    art = extract(page, settings)
    return art.text if isinstance(art, Article) else ""


def score_pages(dataset: str, limit: int, settings: Settings | None = None,
                systems: tuple[str, ...] = SYSTEMS) -> dict[str, Scores]:
    settings = settings or Settings()
    out = {s: Scores() for s in systems}
    for pid, html, gold in pages(dataset, limit):
        flat = render_text(html)
        runs: dict[str, Callable[[], str]] = {
            "text-cleaner": lambda: _ours_text(pid, flat, settings),  # noqa: B023
            "jusText-text": lambda: _justext(flat),  # noqa: B023
            "html-path": lambda: _ours_html(pid, html, settings),  # noqa: B023
            "trafilatura": lambda: trafilatura_text(html),  # noqa: B023
        }
        for s in systems:
            out[s].add(prf(gold, runs[s]()))
    return out


def table(results: dict[str, dict[str, Scores]]) -> str:
    lines = ["| dataset | pages | system | precision | recall | F1 |", "|---|---|---|---|---|---|"]
    for ds, by_sys in results.items():
        for s, sc in by_sys.items():
            p, r, f = sc.mean()
            lines.append(f"| {ds} | {sc.n} | {s} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=200, help="pages per dataset (dragnet)")
    ap.add_argument("--cleaneval-dev", type=int, default=58, help="cleaneval dev pages")
    ap.add_argument("--cleaneval-final", type=int, default=50, help="cleaneval final sample")
    ap.add_argument("--write", type=Path, help="write the table into this Markdown file")
    args = ap.parse_args(argv)
    t0 = time.time()
    results = {
        "dragnet": score_pages("dragnet", args.limit),
        "cleaneval-dev": score_pages("cleaneval-dev", args.cleaneval_dev),
        "cleaneval-final": score_pages("cleaneval-final", args.cleaneval_final),
    }
    tab = table(results)
    secs = time.time() - t0
    print(tab)
    print(f"({secs:.0f} s)")
    if args.write:
        cmd = ("PYTHONPATH=src .venv/bin/python bench/extraction/score.py "
               + " ".join(sys.argv[1:] if argv is None else argv))
        doc = (f"# Extraction benchmark\n\nCommand: `{cmd}`  \nDate: {dt.date.today()}  \n"
               f"Samples (seeded random, seed 13): dragnet {args.limit}, cleaneval dev "
               f"{args.cleaneval_dev}, cleaneval final {args.cleaneval_final}; "
               f"run time {secs:.0f} s on the shared 2-core machine.\n\n"
               "Token-level bag-of-words precision/recall/F1 against the gold main text, "
               "averaged over pages. See bench/extraction/README.md for the systems.\n\n"
               + tab + "\n")
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
