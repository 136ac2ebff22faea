"""Mozilla Readability test pages: text (HTML and two flattenings) and metadata, side by side.

Data: ``../shared/eval/data/readability/pages/<name>/`` (read at run time, never copied):
``source.html`` (the page as saved), ``expected.html`` (the article Readability extracts: a
reference, not hand gold) and ``expected-metadata.json``.

Text systems, each scored with the same bag-of-words token P/R/F1 as score.py against the text
of ``expected.html``, averaged over pages. Our systems are scored on the article body without
the headline (``Article.body``): Readability leaves the headline out of ``expected.html`` (the
first six words of the expected title open only 9 of the 94 real pages' references) and
trafilatura's text has no headline either.

- html-path     : ``storylens.extract`` on the HTML (``Page(kind="html")``);
- trafilatura   : ``trafilatura.extract`` on the HTML (defaults, comments excluded);
- text-inscriptis: ``storylens.extract`` on the page flattened by inscriptis (``Page(kind=
  "text")``);
- text-innertext: ``storylens.extract`` on ``document.body.innerText`` of the page loaded in
  headless Chromium (Playwright, JavaScript off, network blocked). The flattening is computed
  once and cached outside git (``$STORYLENS_BENCH_CACHE``, default
  ``~/.cache/storylens/bench/readability-innertext``); without a browser and without a cache
  this system is left out, and the table says so.

Metadata fields, scored on the pages whose ``expected-metadata.json`` has the field (a missing
value counts as wrong), for our HTML path, our text path (inscriptis flattening) and
trafilatura's own metadata (``trafilatura.extract_metadata``) in the same run. Matching, per
field, after Unicode NFKC and lower-casing:

- title   : token-set F1 >= 0.8 between the two titles (one extra word in a ten-word title
  still matches), or one title (letters and digits, at least 8) opens the other: Readability
  keeps the page title's " - Site" suffix ("Mozilla - Wikipedia"), a headline has none;
- byline  : the leading "By"/"Par"/"Von" and any digits dropped, token-set F1 >= 0.5 (the
  reference holds "By Name\\n  March 25, 2015" style strings: the name is what counts);
- date    : the YYYY-MM-DD part of ``publishedTime`` equals ours;
- outlet  : letters and digits only; one contains the other (``HeraldSun`` = ``Herald Sun``,
  ``Le Monde.fr`` ~ ``Le Monde``);
- lang    : the primary language subtag (``en-US`` -> ``en``) equals ours.

Pages: all 130, "real" = the pages whose source.html is at least 10 kB (the real news and
blog pages; the smaller ones are Readability unit cases such as ``replace-brs``), and two
halves by a stable hash of the page name (``half a`` / ``half b``) to tune on one and check
on the other.

    PYTHONPATH=src .venv/bin/python bench/extraction/readability.py [--innertext] \
        [--write docs/benchmarks/extraction-readability.md]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score import _TOK, DATA, Scores, prf

from storylens.extract import extract
from storylens.extract.html import render_text, trafilatura_text
from storylens.records import Article, Page
from storylens.settings import Settings

PAGES = DATA / "readability" / "pages"
REAL_MIN_BYTES = 10_000
FIELDS = ("title", "byline", "date", "outlet", "lang")
TEXT_SYSTEMS = ("html-path", "trafilatura", "text-inscriptis", "text-innertext")
META_SYSTEMS = ("ours-html", "ours-text", "trafilatura")


def cache_dir() -> Path:
    base = os.environ.get("STORYLENS_BENCH_CACHE") or str(
        Path.home() / ".cache" / "storylens" / "bench")
    return Path(base) / "readability-innertext"


@dataclass
class RPage:
    name: str
    html: str
    reference: str
    meta: dict[str, str | None]

    @property
    def real(self) -> bool:
        return len(self.html.encode("utf-8")) >= REAL_MIN_BYTES

    @property
    def half(self) -> str:
        return "a" if hashlib.sha1(self.name.encode()).digest()[0] % 2 == 0 else "b"


def _html_text(html: str) -> str:
    from lxml import html as lh

    try:
        root = lh.fromstring(html)
    except Exception:
        return ""
    return " ".join(" ".join(root.itertext()).split())


def pages(names: list[str] | None = None) -> Iterator[RPage]:
    for d in sorted(PAGES.iterdir()):
        if names and d.name not in names:
            continue
        src = d / "source.html"
        if not src.exists():
            continue
        meta = json.loads((d / "expected-metadata.json").read_text(encoding="utf-8"))
        yield RPage(d.name, src.read_text(encoding="utf-8", errors="replace"),
                    _html_text((d / "expected.html").read_text(encoding="utf-8",
                                                                 errors="replace")), meta)


def innertext(page: RPage) -> str | None:
    """The cached innerText flattening of a page, or None when it was never computed."""
    path = cache_dir() / f"{page.name}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else None


def browser_available() -> bool:
    import shutil

    return shutil.which("chromium") is not None


def compute_innertext(all_pages: list[RPage]) -> int:
    """Fill the innerText cache with headless Chromium; returns how many pages were added."""
    import shutil

    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if exe is None:
        return 0
    out = cache_dir()
    out.mkdir(parents=True, exist_ok=True)
    added = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                        "height": 900})
        ctx.route("**/*", lambda route: route.abort()
                  if not route.request.url.startswith("data:") else route.continue_())
        for p in all_pages:
            path = out / f"{p.name}.txt"
            if path.exists():
                continue
            page = ctx.new_page()
            try:
                page.set_content(p.html, wait_until="domcontentloaded", timeout=20_000)
                text = page.evaluate("() => document.body ? document.body.innerText : ''")
            except Exception as exc:  # a page the browser cannot load: leave it uncached
                print(f"innerText failed for {p.name}: {exc}", file=sys.stderr)
                page.close()
                continue
            page.close()
            path.write_text(str(text), encoding="utf-8")
            added += 1
        browser.close()
    return added


# ---- metadata matching (see the module docstring) ----

_WORD = re.compile(r"\w+", re.UNICODE)


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).lower()


def _tokset(s: str) -> set[str]:
    return set(_WORD.findall(_norm(s)))


def _set_f1(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def _name_tokens(s: str) -> set[str]:
    toks = {t for t in _tokset(s) if not t.isdigit()}
    toks = {re.sub(r"\d+", "", t) for t in toks} - {""}
    return toks - {"by", "par", "von", "por", "di", "de"}


def field_match(fieldname: str, expected: str, got: str | None) -> bool:
    if not got:
        return False
    if fieldname == "title":
        a, b = re.sub(r"\W+|_", "", _norm(expected)), re.sub(r"\W+|_", "", _norm(got))
        short = min(len(a), len(b))
        return _set_f1(_tokset(expected), _tokset(got)) >= 0.8 or (
            short >= 8 and (a.startswith(b) or b.startswith(a)))
    if fieldname == "byline":
        return _set_f1(_name_tokens(expected), _name_tokens(got)) >= 0.5
    if fieldname == "date":
        return expected[:10] == got[:10]
    if fieldname == "outlet":
        a = re.sub(r"\W+|_", "", _norm(expected))
        b = re.sub(r"\W+|_", "", _norm(got))
        return bool(a and b) and (a in b or b in a)
    if fieldname == "lang":
        return expected.lower().split("-")[0] == got.lower().split("-")[0]
    raise ValueError(fieldname)


def expected_fields(meta: dict[str, str | None]) -> dict[str, str | None]:
    return {"title": meta.get("title") or None, "byline": meta.get("byline") or None,
            "date": meta.get("publishedTime") or None, "outlet": meta.get("siteName") or None,
            "lang": meta.get("lang") or None}


def article_fields(art: Article | None) -> dict[str, str | None]:
    if art is None:
        return dict.fromkeys(FIELDS)
    return {"title": art.title or None, "byline": art.byline, "date": art.published,
            "outlet": art.outlet, "lang": art.language}


def trafilatura_fields(html: str) -> dict[str, str | None]:
    from trafilatura.metadata import extract_metadata

    try:
        doc = extract_metadata(html)
    except Exception:
        return dict.fromkeys(FIELDS)
    return {"title": doc.title, "byline": doc.author, "date": doc.date,
            "outlet": doc.sitename, "lang": doc.language}


@dataclass
class Tally:
    hit: int = 0
    n: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self) -> float:
        return self.hit / self.n if self.n else 0.0


@dataclass
class Results:
    text: dict[str, dict[str, Scores]]  # subset -> system -> scores
    meta: dict[str, dict[str, dict[str, Tally]]]  # subset -> system -> field -> tally
    per_page: dict[str, dict[str, float]]  # page -> system -> F1
    innertext_note: str = ""
    # page -> system -> (precision, recall, F1, reference tokens), for --worst
    per_page_prf: dict[str, dict[str, tuple[float, float, float, int]]] = field(
        default_factory=dict)
    half: dict[str, str] = field(default_factory=dict)  # page -> "a" / "b" (real pages only)


SUBSETS = ("all", "real", "half a", "half b")


def _subsets(p: RPage) -> list[str]:
    out = ["all", f"half {p.half}"]
    if p.real:
        out.append("real")
    return out


def _ours(p: RPage, kind: str, content: str, settings: Settings) -> Article | None:
    page = Page(id=p.name, source=p.name, kind=kind, content=content, content_hash="")
    art = extract(page, settings)
    return art if isinstance(art, Article) else None


def run(names: list[str] | None = None, settings: Settings | None = None,
        systems: tuple[str, ...] = TEXT_SYSTEMS, with_meta: bool = True) -> Results:
    settings = settings or Settings()
    all_pages = list(pages(names))
    res = Results({s: {x: Scores() for x in systems} for s in SUBSETS},
                  {s: {x: {f: Tally() for f in FIELDS} for x in META_SYSTEMS} for s in SUBSETS},
                  {})
    missing_inner = 0
    for p in all_pages:
        flat = render_text(p.html)
        html_art = _ours(p, "html", p.html, settings) \
            if "html-path" in systems or with_meta else None
        text_art = _ours(p, "text", flat, settings) if flat.strip() else None
        got: dict[str, Callable[[], str | None]] = {
            "html-path": lambda: html_art.body if html_art else "",  # noqa: B023
            "trafilatura": lambda: trafilatura_text(p.html),  # noqa: B023
            "text-inscriptis": lambda: text_art.body if text_art else "",  # noqa: B023
        }
        inner = innertext(p) if "text-innertext" in systems else None
        if inner is not None:
            got["text-innertext"] = lambda: (
                a.body if (a := _ours(p, "text", inner, settings)) else "")  # noqa: B023
        elif "text-innertext" in systems:
            missing_inner += 1
        res.per_page[p.name] = {}
        res.per_page_prf[p.name] = {}
        if p.real:
            res.half[p.name] = p.half
        ref_tokens = len(_TOK.findall(p.reference))
        for s in systems:
            if s not in got:
                continue
            f = prf(p.reference, got[s]() or "")
            res.per_page[p.name][s] = f[2]
            res.per_page_prf[p.name][s] = (*f, ref_tokens)
            for sub in _subsets(p):
                res.text[sub][s].add(f)
        if not with_meta:
            continue
        exp = expected_fields(p.meta)
        found = {"ours-html": article_fields(html_art), "ours-text": article_fields(text_art),
                 "trafilatura": trafilatura_fields(p.html)}
        for system, vals in found.items():
            for fname in FIELDS:
                e = exp[fname]
                if not e:
                    continue
                ok = field_match(fname, e, vals[fname])
                for sub in _subsets(p):
                    t = res.meta[sub][system][fname]
                    t.n += 1
                    t.hit += ok
                    if not ok and sub == "all":
                        t.misses.append(f"{p.name}: {e!r} vs {vals[fname]!r}")
    if missing_inner:
        res.innertext_note = (f"text-innertext: {missing_inner} pages without a cached "
                              "innerText flattening (no browser here); left out")
    return res


def text_table(res: Results) -> str:
    lines = ["| pages | n | system | precision | recall | F1 |", "|---|---|---|---|---|---|"]
    for sub, by_sys in res.text.items():
        for s, sc in by_sys.items():
            if not sc.n:
                continue
            p, r, f = sc.mean()
            lines.append(f"| {sub} | {sc.n} | {s} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return "\n".join(lines)


def meta_table(res: Results) -> str:
    head = "| pages | system | " + " | ".join(FIELDS) + " |"
    lines = [head, "|---|---|" + "---|" * len(FIELDS)]
    for sub, by_sys in res.meta.items():
        for s, tallies in by_sys.items():
            cells = [f"{t.rate():.3f} ({t.hit}/{t.n})" for t in (tallies[f] for f in FIELDS)]
            lines.append(f"| {sub} | {s} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def worst(res: Results, system: str, half: str, n: int) -> list[str]:
    """The ``n`` real pages of ``half`` with the biggest F1 loss x reference length for
    ``system``, each with its loss class: "furniture kept" when precision is the lower of
    precision and recall, else "article dropped"."""
    rows = []
    for name, by in res.per_page_prf.items():
        if res.half.get(name) != half or system not in by:
            continue
        p, r, f, length = by[system]
        rows.append(((1 - f) * length, name, p, r, f, length))
    rows.sort(reverse=True)
    return [f"{system} half {half}: {name} F1 {f:.3f} (P {p:.3f} R {r:.3f}, {length} tokens, "
            f"loss x length {cost:.0f}) {'furniture kept' if p < r else 'article dropped'}"
            for cost, name, p, r, f, length in rows[:n]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--innertext", action="store_true",
                    help="compute missing innerText flattenings with headless chromium first")
    ap.add_argument("--pages", nargs="*", help="only these page names")
    ap.add_argument("--misses", action="store_true", help="print metadata misses")
    ap.add_argument("--per-page", action="store_true", help="print per-page text F1")
    ap.add_argument("--worst", type=int, default=0, metavar="N",
                    help="print the N worst real pages per flattening and half "
                         "(F1 loss x reference length), with the loss class")
    ap.add_argument("--write", type=Path, help="write the tables into this Markdown file")
    args = ap.parse_args(argv)
    t0 = time.time()
    if args.innertext:
        print(f"innerText: {compute_innertext(list(pages(args.pages)))} pages added",
              file=sys.stderr)
    res = run(args.pages)
    secs = time.time() - t0
    tt, mt = text_table(res), meta_table(res)
    print(tt)
    print(res.innertext_note)
    print(mt)
    if args.per_page:
        for name, by in res.per_page.items():
            print(name, " ".join(f"{s}={v:.3f}" for s, v in by.items()))
    if args.worst:
        for system in ("text-inscriptis", "text-innertext"):
            for half in ("a", "b"):
                print("\n".join(worst(res, system, half, args.worst)))
    if args.misses:
        for s, tallies in res.meta["all"].items():
            for f in FIELDS:
                for m in tallies[f].misses:
                    print(f"MISS {s} {f} {m}")
    print(f"({secs:.0f} s)")
    if args.write:
        cmd = ("PYTHONPATH=src .venv/bin/python bench/extraction/readability.py "
               + " ".join(sys.argv[1:] if argv is None else argv))
        doc = (f"# Extraction benchmark: Mozilla Readability pages\n\nCommand: `{cmd}`  \n"
               f"Run time {secs:.0f} s on the shared 2-core machine. Matching rules: "
               "bench/extraction/readability.py docstring.\n\n## Text (token F1 against "
               "expected.html)\n\n" + tt + "\n\n" + (res.innertext_note + "\n\n"
                                                     if res.innertext_note else "")
               + "## Metadata (share of pages with the field in expected-metadata.json)\n\n"
               + mt + "\n")
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
