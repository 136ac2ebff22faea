"""The extract stage: Page -> Article (or a Rejection with a reason).

``extract(page, settings)`` dispatches on ``page.kind``:

- "text": the flattened-text line classifier (:mod:`storylens.extract.text`) keeps title, dek
  and body lines, labels captions, byline and author bio, drops the rest; ``kept_lines`` are
  the 1-based input lines kept as title/body.
- "html": trafilatura + htmldate + post-cleaning (:mod:`storylens.extract.html`), falling back
  to rendering the page with inscriptis and running the text classifier.

Either way :func:`storylens.extract.gate.judge` decides what is kept: error-page, paywall and
consent-wall paragraphs are dropped; a body under ``min_body_chars`` is kept only as a brief
(full sentences under a headline, decision 0104); otherwise the page is skipped with a reason
naming what it looked like (error page, paywall stub, consent wall, listing, navigation only).

Text decoded with the wrong codec ("gÃ¼nlÃ¼k") is repaired with ftfy's encoding fixes
only (:mod:`storylens.extract.repair`, decision 0108); the Article's ``text_repair`` says what
was done. Metadata falls back to the page's hints (JSONL/feed fields) when the page lacks it. Bad
content never raises: a page without article text becomes a ``Rejection``.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from storylens.extract.gate import describe_layout, judge
from storylens.extract.html import HtmlResult, extract_html, render_text
from storylens.extract.lexicon import Lexicon, load_lexicon
from storylens.extract.meta import (
    byline_from_lines,
    detect_language,
    outlet_from,
    stopwords,
    text_date,
    url_date,
)
from storylens.extract.repair import repair_article, repair_mojibake
from storylens.extract.text import Layout, classify, content_stems
from storylens.records import Article, Page, Rejection
from storylens.settings import ExtractSettings, Settings

__all__ = ["classify_text", "extract", "extract_text_body"]


def _reject(page: Page, why: str) -> Rejection:
    return Rejection(page=page.id, source=page.source, status="skipped",
                     reason=f"no article text found: {why}")


def classify_text(text: str, cfg: ExtractSettings, lex: Lexicon,
                  title_hint: str | None = None,
                  url: str | None = None) -> tuple[Layout, str | None]:
    """Run the flattened-text classifier with the page language's stoplist.

    Returns the layout and the detected language (ISO 639-1 or None).
    """
    language = detect_language(text, cfg.languages, cfg.stoplist_size, cfg.language_min_ratio,
                               dict(cfg.stop_scale), cfg.kana_min_share)
    stop = stopwords(language, cfg.stoplist_size)
    return classify(text, stop, lex, cfg, title_hint, url, language), language


@functools.lru_cache(maxsize=8)
def _lexicon_at(path: str, mtime_ns: int) -> Lexicon:
    return load_lexicon(path)


def _lexicon(path: str | Path) -> Lexicon:
    """The lexicon at ``path``, read and compiled once per process while the file is
    unchanged (it was read for every page: ~2 ms a page, issue #17)."""
    return _lexicon_at(str(path), Path(path).stat().st_mtime_ns)


def extract_text_body(text: str, settings: Settings) -> str:
    """Only the body text of a flattened page (for benchmarks): paragraphs joined by newlines."""
    cfg = settings.extract
    layout, _ = classify_text(text, cfg, load_lexicon(cfg.lexicon))
    return "\n".join(p for _, p in layout.body)


def _hint_year(page: Page) -> int | None:
    hint = (page.published_hint or "")[:4]
    return int(hint) if hint.isdigit() else None


def _hint_date(page: Page) -> str | None:
    hint = (page.published_hint or "").strip()
    if len(hint) >= 10 and hint[4] == "-" and hint[7] == "-" and hint[:4].isdigit():
        return hint[:10]
    return None


def _date_fallbacks(page: Page) -> tuple[str | None, str | None]:
    hinted = _hint_date(page)
    if hinted:
        return hinted, "jsonl/feed published field"
    found = url_date(page.url)
    if found and found[2]:
        y, m, d = found
        return f"{y:04d}-{m:02d}-{d:02d}", "url path"
    return None, None


def _from_text(page: Page, settings: Settings, lex: Lexicon, text: str) -> Article | Rejection:
    cfg = settings.extract
    layout, language = classify_text(text, cfg, lex, page.title_hint, page.url)
    title = layout.title or (page.title_hint or "")
    verdict = judge(title, tuple(p for _, p in layout.body), lex, cfg)
    if verdict.reason is not None:
        shape = None if layout.body else describe_layout(layout.labels)
        return _reject(page, shape or verdict.reason)
    body_lines = [layout.body[i] for i in verdict.kept]
    paragraphs = tuple(p for _, p in body_lines)
    body = "\n\n".join(paragraphs)
    published, evidence, inferred = None, None, False
    found = text_date(layout.head, list(paragraphs[:3]), page.url, _hint_year(page))
    if found and page.kind == "text":
        published, evidence, inferred = found.published, found.evidence, found.inferred
    if published is None:
        published, evidence = _date_fallbacks(page)
    kept = [n for n, _ in body_lines]
    if layout.title_line is not None:
        kept.append(layout.title_line)
    return Article(
        id=page.id, source=page.source, title=title,
        body=body, paragraphs=paragraphs, published=published, published_evidence=evidence,
        published_inferred=inferred, byline=layout.byline,
        # the copyright holder only when neither the page, the feed nor the URL names one
        outlet=outlet_from(page.url, page.outlet_hint or layout.outlet, None) or layout.owner,
        language=language,
        kept_lines=tuple(sorted(kept)) if page.kind == "text" else (),
        dek=layout.dek, captions=layout.captions, author_bio=layout.author_bio,
        content_hash=page.content_hash, url=page.url,
    )


def _html_byline(author: str | None, html: str, paragraphs: tuple[str, ...],
                 cfg: ExtractSettings) -> str | None:
    """trafilatura's author, unless it is missing or one bare word ("Username", "AFP",
    a login form's label): then a "By Name" line among the ``byline_lines_above`` lines above
    the first body paragraph of the rendered page, nearest first, when there is one."""
    if author and len(author.split()) >= 2:
        return author
    lines = [ln.strip() for ln in render_text(html).splitlines() if ln.strip()]
    lead = " ".join(paragraphs[0].split()[:8]) if paragraphs else ""
    at = next((i for i, ln in enumerate(lines) if lead and lead in " ".join(ln.split())),
              None)
    if at is None:
        return author
    found = byline_from_lines(reversed(lines[max(0, at - cfg.byline_lines_above): at]))
    return found or author


def _html_title(result: HtmlResult, body: str, language: str | None,
                cfg: ExtractSettings) -> str:
    """trafilatura's title, unless another headline the page states (<title>, og:title, an
    <h1>: ``HtmlResult.title_candidates``) of ``title_min_words``-``title_max_words`` words says
    what the body is about clearly better: a larger share of its content stems found in the
    body, by at least ``title_switch_margin``, and at least ``title_min_cover``. trafilatura
    takes the first <h1>, which on some sites is a section name (an invented
    example: "Gardening Help Center")."""
    if not result.title_candidates or not body:
        return result.title
    stop = stopwords(language, cfg.stoplist_size)
    article = content_stems(body, stop)

    def cover(title: str) -> float:
        own = content_stems(title, stop)
        return len(own & article) / len(own) if own else 0.0

    current = cover(result.title) if result.title else 0.0
    best, best_cover = result.title, current
    for cand in result.title_candidates:
        if not cfg.title_min_words <= len(cand.split()) <= cfg.title_max_words:
            continue
        c = cover(cand)
        if c > best_cover + 1e-9:
            best, best_cover = cand, c
    if best_cover >= cfg.title_min_cover and best_cover >= current + cfg.title_switch_margin:
        return best
    return result.title


def _html_article(page: Page, settings: Settings, result: HtmlResult,
                  paragraphs: tuple[str, ...]) -> Article:
    cfg = settings.extract
    body = "\n\n".join(paragraphs)
    language = detect_language(body, cfg.languages, cfg.stoplist_size, cfg.language_min_ratio,
                               dict(cfg.stop_scale), cfg.kana_min_share)
    published, evidence, inferred = None, None, False
    if result.published:
        published, evidence = result.published, "html meta (htmldate)"
    else:
        found = text_date(result.title, list(paragraphs[:3]), page.url, _hint_year(page))
        if found:
            published, evidence, inferred = found.published, found.evidence, found.inferred
    if published is None:
        published, evidence = _date_fallbacks(page)
    return Article(
        id=page.id, source=page.source,
        title=_html_title(result, body, language, cfg) or (page.title_hint or ""),
        body=body, paragraphs=paragraphs, published=published,
        published_evidence=evidence, published_inferred=inferred,
        byline=_html_byline(result.author, page.content, paragraphs, cfg),
        outlet=outlet_from(page.url, result.sitename, page.outlet_hint), language=language,
        dek=result.description, captions=result.captions, content_hash=page.content_hash,
        url=page.url,
    )


def _from_html(page: Page, settings: Settings, lex: Lexicon) -> Article | Rejection:
    """trafilatura's body when it is article-length; else the text cleaner's when that is;
    else a brief (trafilatura's first, then the text cleaner's); else skipped (gate.judge)."""
    cfg = settings.extract
    result = extract_html(page.content, page.url, lex, cfg.trafilatura_short_below,
                          cfg.min_brief_chars)
    verdict = None
    if result is not None:
        verdict = judge(result.title or (page.title_hint or ""), result.paragraphs, lex, cfg)
        if verdict.reason is None and not verdict.brief:
            return _html_article(page, settings, result,
                                 tuple(result.paragraphs[i] for i in verdict.kept))
    text = render_text(page.content)
    fallback = _from_text(page, settings, lex, text) if text.strip() else None
    if isinstance(fallback, Article) and len(fallback.body) >= cfg.min_body_chars:
        return fallback
    if result is not None and verdict is not None and verdict.brief:
        return _html_article(page, settings, result,
                             tuple(result.paragraphs[i] for i in verdict.kept))
    if isinstance(fallback, Article):
        return fallback
    traf = len("\n\n".join(result.paragraphs)) if result else 0
    why = verdict.reason if verdict is not None and verdict.kind else None  # a kind wins
    if why is None and isinstance(fallback, Rejection):
        why = fallback.reason.removeprefix("no article text found: ")
    return _reject(page, f"{why or 'empty page text'} (trafilatura found {traf} chars)")


def extract(page: Page, settings: Settings) -> Article | Rejection:
    """Clean article text and metadata out of one page; a Rejection when there is none.

    Mojibake (text decoded with the wrong codec) is repaired (:mod:`.repair`): flattened text
    before the classifier, an HTML page's extracted fields after extraction; the Article's
    ``text_repair`` says so."""
    lex = _lexicon(settings.extract.lexicon)
    if not page.content or not page.content.strip():
        return _reject(page, "empty page")
    note = None
    if page.kind == "text":  # flattened text is repaired before the classifier counts words
        repair = repair_mojibake(page.content)
        page, note = dataclasses.replace(page, content=repair.text), repair.note
    try:
        if page.kind == "html":
            out = _from_html(page, settings, lex)
            return repair_article(out) if isinstance(out, Article) else out
        out = _from_text(page, settings, lex, page.content)
    except (ValueError, RecursionError, MemoryError) as exc:  # bad content, never a crash
        return Rejection(page=page.id, source=page.source, status="failed",
                         reason=f"extraction error: {type(exc).__name__}: {exc}")
    if isinstance(out, Article) and note is not None:
        out = dataclasses.replace(out, text_repair=note)
    return out
