"""Text cleaner outside English: Chinese segmented into words, stopword shares scaled per
language, the script naming the language family (decision 0105). Pages written for this
test: one invented flood story told in Turkish, Arabic and Chinese, with an English menu and
footer around it (a common layout for regional editions)."""

from __future__ import annotations

import pytest

from storylens.extract import extract
from storylens.extract.meta import detect_language
from storylens.records import Article, Page
from storylens.settings import Settings

MENU = "Home | World | Politics | Business | Sport | Culture | Opinion\nHome > News > World\n"
FOOTER = ("\nRelated stories\nMarkets close higher on Friday\n"
          "About us | Contact | Privacy policy | Terms of use\n"
          "Copyright 2031 Example Media Group. All rights reserved.\n")

PAGES = {
    "tr": ("Varnel Nehri taştı, 2.300 kişi evini terk etti",
           ["Salı günü etkili olan şiddetli yağışların ardından Varnel Nehri taştı ve Kellin "
            "ile Yeni Ostrava kasabalarında yaklaşık 2.300 kişi evlerini terk etmek zorunda "
            "kaldı.",
            "Bölge yetkilileri, kurtarma ekiplerinin botlarla üst katlarda mahsur kalan aileleri "
            "kurtardığını açıkladı.",
            "Suyun dört saat içinde yaklaşık iki metre yükseldiği Kellin'de üç kişi yaralanarak "
            "hastaneye kaldırıldı.",
            "Vali Marta Holub, iki okul ve bir spor salonunun acil barınak olarak açıldığını "
            "söyledi."]),
    "ar": ("فيضان نهر فارنيل يجبر 2300 شخص على مغادرة منازلهم",
           ["أدت الأمطار الغزيرة يوم الثلاثاء إلى فيضان نهر فارنيل، واضطر نحو 2300 شخص إلى "
            "مغادرة منازلهم في بلدتي كيلين وأوسترافا الجديدة، بحسب مسؤولين محليين.",
            "وقالت فرق الإنقاذ إنها استخدمت القوارب لإنقاذ العائلات العالقة في الطوابق العليا.",
            "وأصيب ثلاثة أشخاص ونقلوا إلى المستشفى، ولم تسجل أي وفيات حتى الآن.",
            "وقالت المحافظة مارتا هولوب إن مدرستين وصالة رياضية فتحت كملاجئ طارئة."]),
    "zh": ("瓦尔内尔河决堤 凯林两千多人撤离",
           ["周二，连日暴雨使瓦尔内尔河水位暴涨并冲破河堤。",
            "据地区官员说，新俄斯特拉发和凯林两镇约两千三百名居民已经撤离。",
            "在凯林，救援人员动用船只救出被困在楼上的居民，水位在四个小时内上涨将近两米。",
            "三人受伤送医，暂无死亡。州长霍卢布表示，当局已在两所学校和一座体育馆设立临时避难所。"]),
}


def _page(lang: str) -> tuple[Page, list[str]]:
    title, sentences = PAGES[lang]
    paragraphs = [" ".join(sentences[:2]), " ".join(sentences[2:])]  # two sentences each
    text = MENU + "\n" + title + "\n\n" + "\n\n".join(paragraphs) + "\n" + FOOTER
    return Page(id=lang, source=lang, kind="text", content=text, content_hash=lang), sentences


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_article_in_another_language_is_kept_whole_without_the_menu(lang: str) -> None:
    page, sentences = _page(lang)
    out = extract(page, Settings())
    assert isinstance(out, Article), out
    assert out.language == lang
    for s in sentences:
        assert " ".join(s.split()) in " ".join(out.body.split())
    assert "Privacy policy" not in out.body and "Home |" not in out.body


def test_script_names_the_language_despite_an_english_menu() -> None:
    cfg = Settings().extract
    for lang in ("ar", "tr", "zh"):
        page, _ = _page(lang)
        assert detect_language(page.content, cfg.languages, cfg.stoplist_size,
                               cfg.language_min_ratio, dict(cfg.stop_scale)) == lang


def test_unmeasured_languages_get_a_stopword_scale_from_wordfreq() -> None:
    """Czech has no measured factor: its factor comes from how much running text its top-100
    words cover relative to English's (decision 0112); measured factors win; languages whose
    lists cover more than English's keep the English thresholds."""
    from storylens.extract.meta import stop_scale

    cfg = Settings().extract
    measured = dict(cfg.stop_scale)
    cs = stop_scale("cs", cfg.stoplist_size, measured, cfg.stop_scale_exponent)
    assert 0.5 < cs < 0.8
    assert stop_scale("tr", cfg.stoplist_size, measured, cfg.stop_scale_exponent) == 0.30
    assert stop_scale("nl", cfg.stoplist_size, measured, cfg.stop_scale_exponent) == 1.0
    assert stop_scale("en", cfg.stoplist_size, measured, cfg.stop_scale_exponent) == 1.0


def test_czech_article_lines_are_prose_with_the_derived_scale() -> None:
    """An invented Czech story: with the derived scale its paragraphs read as prose (they
    the first two did not with the English thresholds)."""
    from storylens.extract import text as T
    from storylens.extract.lexicon import load_lexicon
    from storylens.extract.meta import stopwords

    cfg = Settings().extract
    paras = [
        "Městská rada v Kellinu v pondělí schválila stavbu nového mostu přes řeku, který "
        "nahradí starou lávku, jež je po loňské povodni v havarijním stavu.",
        "Práce podle náměstka primátora Pavla Holuba začnou na jaře a potrvají nejméně dva "
        "roky, město zaplatí asi třetinu nákladů a zbytek kraj.",
        "Obyvatelé okolních ulic se obávají, že stavba na dlouhé měsíce uzavře také silnici "
        "k nádraží, a žádají radnici o náhradní autobusovou linku.",
    ]
    lines = T.label_lines("\n\n".join(paras), stopwords("cs", cfg.stoplist_size),
                          load_lexicon(cfg.lexicon), cfg, "cs")
    assert [ln.label for ln in lines] == [T.GOOD] * 3
