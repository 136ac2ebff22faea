"""Hardening defect 9: text under 50,000 nested <div>s is found; a Japanese page is ja."""

from __future__ import annotations

from storylens.extract import extract
from storylens.extract.html import strip_tags
from storylens.extract.meta import detect_language
from storylens.records import Article, Page
from storylens.settings import ExtractSettings, Settings

_PROSE = "The council said the river rose quickly overnight. " * 40


def test_extract_deep_nesting_falls_back_to_flat_text() -> None:
    html = "<html><body>" + "<div>" * 50_000 + "<p>" + _PROSE + "</p>" + "</div>" * 50_000 \
        + "</body></html>"
    page = Page(id="n", source="n.html", kind="html", content=html, content_hash="h")
    art = extract(page, Settings())
    assert isinstance(art, Article), art
    assert "river rose quickly overnight" in art.body
    assert art.language == "en"


def test_extract_strip_tags_drops_scripts_and_breaks_blocks() -> None:
    text = strip_tags("<html><head><title>T</title><script>var x = 1;</script></head><body>"
                      "<div>One <b>two</b></div><p>Three &amp; four</p><style>p{}</style>"
                      "</body></html>")
    assert text.splitlines() == ["T", "One two", "Three & four"]


def _lang(text: str) -> str | None:
    cfg = ExtractSettings()
    return detect_language(text, cfg.languages, cfg.stoplist_size, cfg.language_min_ratio,
                           dict(cfg.stop_scale), cfg.kana_min_share)


def test_extract_kana_means_japanese() -> None:
    # invented sentences; kana make it Japanese, ideographs alone Chinese
    assert _lang("市議会は火曜日、冬の間もフェリーを運航することを決めた。"
                 "市長は会議の後で、料金は変わらないと話した。") == "ja"
    assert _lang("市议会周二决定，冬季继续运营渡轮。市长在会后表示，票价保持不变。") == "zh"


def test_extract_japanese_flattened_page_keeps_prose() -> None:
    body = ("市議会は火曜日、冬の間も川のフェリーを運航することを決めたと発表しました。"
            "市長は会議の後で記者に対して、料金はこれまでと同じで、朝の六時から運航すると"
            "話しました。住民からは安心したという声が多く聞かれました。")
    text = "ホーム ニュース 天気\n\n冬もフェリー運航へ\n\n" + body + "\n\n" + body[::-1] \
        + "\n\nCopyright 2026 Example\n"
    page = Page(id="j", source="j.txt", kind="text", content=text, content_hash="h")
    art = extract(page, Settings())
    assert isinstance(art, Article), art
    assert art.language == "ja"
    assert body in art.body
