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
