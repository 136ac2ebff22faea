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
