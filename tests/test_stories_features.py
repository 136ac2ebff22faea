"""Language-aware normalisation in stories/features.py (apostrophes, Arabic article, title)."""

from __future__ import annotations

from storylens.records import Article
from storylens.settings import Settings
from storylens.stories import features as F

CFG = Settings().stories


def test_apostrophe_suffix_or_elided_prefix_is_dropped() -> None:
    assert F._strip_apostrophe("Erdoğan'ın", "tr") == "Erdoğan"
    assert F._strip_apostrophe("Ankara’da", "tr") == "Ankara"
    assert F._strip_apostrophe("Trump's", "en") == "Trump"
    assert F._strip_apostrophe("l'Assemblée", "fr") == "Assemblée"
    assert F._strip_apostrophe("dell'anno", "it") == "anno"
    assert F._strip_apostrophe("aujourd'hui", "fr") == "aujourd"  # a word of its own
    assert F._strip_apostrophe("Berlin", "de") == "Berlin"


def test_arabic_stems_skip_the_definite_article() -> None:
    assert F._stem("والحكومة", 4, "ar") == F._stem("حكومة", 4, "ar") == "حكوم"
    assert F._stem("الى", 4, "ar") == "الى"  # too short once stripped: unchanged
    assert F._stem("altitude", 4, "en") == "alti"


def test_names_and_title_match_across_turkish_suffixes() -> None:
    bg = F.Background()
    a = F.profile(Article(id="a", source="t", title="Erdoğan'ın Ankara ziyareti",
                          body="Cumhurbaşkanı Erdoğan'ın açıklaması.", language="tr"), bg, CFG)
    b = F.profile(Article(id="b", source="t", title="Erdoğan Ankara'da",
                          body="Cumhurbaşkanı Erdoğan açıklama yaptı.", language="tr"), bg, CFG)
    assert "erdoğan" in a.ent and "erdoğan" in b.ent
    assert set(a.title) & set(b.title) >= {"erdo", "anka"}


# Written for this test: a flood report, a rewrite of it, and an unrelated budget report.
ZH_FLOOD = "暴雨导致河水泛滥，两千三百名居民被迫离开家园。救援队用船只救出被困的家庭。"
ZH_FLOOD_2 = "河水泛滥后，约两千三百名居民离开家园。救援队出动船只，救出多个被困家庭。"
ZH_BUDGET = "市议会周一通过了明年的预算。学校维修获得一千四百万元，道路和桥梁另有九百万元。"


def test_chinese_is_segmented_into_words() -> None:
    """Chinese has no spaces: without segmentation a sentence is one "word" and two reports
    of one flood share nothing."""
    bg = F.Background()
    flood = F.profile(Article(id="a", source="t", title="", body=ZH_FLOOD, language="zh"), bg,
                      CFG)
    assert {"暴雨", "居民", "家园", "救援队"} <= set(flood.word)
    assert max(len(w) for w in flood.word) <= 6


def test_chinese_rewrite_scores_above_an_unrelated_report() -> None:
    from storylens.stories import compare

    lexical = Settings().with_overrides({"stories.semantic": False,
                                         "stories.multilingual": False})

    def art(k: str, body: str) -> Article:
        return Article(id=k, source="t", title="", body=body, language="zh")

    same = compare(art("a", ZH_FLOOD), art("b", ZH_FLOOD_2), lexical)
    other = compare(art("a", ZH_FLOOD), art("c", ZH_BUDGET), lexical)
    assert same["signals"]["word"] > 0.3 > other["signals"]["word"]
    assert same["event_similarity"] > other["event_similarity"] + 0.3


def test_chinese_language_is_guessed_when_missing() -> None:
    bg = F.Background()
    p = F.profile(Article(id="a", source="t", title="", body=ZH_FLOOD), bg, CFG)
    assert p.lang == "zh" and "居民" in p.word
    ja_text = "東京で大雨が降り、川があふれました。"
    ja = F.profile(Article(id="j", source="t", title="", body=ja_text), bg, CFG)
    assert ja.lang == "ja"
