"""Mojibake repair before extraction (decision 0108): repaired text kept, and said."""

from __future__ import annotations

from storylens.extract import extract
from storylens.extract.repair import repair_mojibake
from storylens.records import Article, Page
from storylens.settings import Settings

# Invented text: a German/Turkish brief written in UTF-8 and read back as Windows-1252.
_RIGHT = ("Der Stadtrat von Kemerhafen hat am Dienstag beschlossen, die Fähre über den Fluss "
          "auch im Winter fahren zu lassen. Die günlük Fahrten beginnen um sechs Uhr, sagte "
          "die Bürgermeisterin nach der Sitzung, und die Preise bleiben gleich.")
_WRONG = _RIGHT.encode("utf-8").decode("cp1252")
_MORE = ("Die Fähre war im vergangenen Jahr von November bis März stillgelegt, weil die "
         "Stadt die Kosten für den Winterdienst nicht tragen wollte. Nun übernimmt das Land "
         "einen Teil der Kosten, wie die Verwaltung mitteilte.")
_MORE_WRONG = _MORE.encode("utf-8").decode("cp1252")


def test_extract_repair_undoes_wrong_codec() -> None:
    assert "gÃ¼nlÃ¼k" in _WRONG
    fixed = repair_mojibake(_WRONG)
    assert fixed.text == _RIGHT
    assert fixed.note is not None and "ftfy" in fixed.note


def test_extract_repair_leaves_correct_text_alone() -> None:
    for text in (_RIGHT, "Café in São Paulo — “curly quotes”, naïve ½ ﬁ", "Привет, мир",
                 "東京では雨が降った。", "plain ASCII text"):
        same = repair_mojibake(text)
        assert same.text == text and same.note is None


def test_extract_repair_cyrillic_read_as_cp1251() -> None:
    right = "Городской совет решил, что паром будет ходить и зимой."
    fixed = repair_mojibake(right.encode("utf-8").decode("cp1251"))
    assert fixed.text == right and fixed.note is not None


def test_extract_repair_flattened_page_kept_and_said() -> None:
    page_text = f"Fähre fährt auch im Winter\n\n{_WRONG}\n\n{_MORE_WRONG}\n"
    page = Page(id="m", source="m.txt", kind="text", content=page_text, content_hash="h")
    art = extract(page, Settings())
    assert isinstance(art, Article)
    assert "günlük" in art.body and "Ã" not in art.body
    assert art.text_repair is not None and art.text_repair.startswith("mojibake repaired")
    assert Article.from_dict(art.to_dict()).text_repair == art.text_repair


def test_extract_repair_html_fields() -> None:
    html = (f"<html><head><title>Fähre fährt auch im Winter</title></head><body><article>"
            f"<h1>Fähre fährt auch im Winter</h1><p>{_WRONG}</p><p>{_MORE_WRONG}</p></article>"
            "</body></html>")
    page = Page(id="h", source="h.html", kind="html", content=html, content_hash="h")
    art = extract(page, Settings())
    assert isinstance(art, Article)
    assert "günlük" in art.body and "Ã" not in art.body
    assert art.text_repair is not None


def test_extract_repair_clean_page_says_nothing() -> None:
    page = Page(id="c", source="c.txt", kind="text", content=f"Title here now\n\n{_RIGHT}\n",
                content_hash="h")
    art = extract(page, Settings())
    assert isinstance(art, Article) and art.text_repair is None
