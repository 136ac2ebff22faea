"""Provenance on small fixtures written by us (fictional events, no third-party text)."""

from __future__ import annotations

import re

from storylens.provenance import relate, run
from storylens.records import Analysis, Article
from storylens.settings import Settings

ORIGINAL = [
    "Flood waters forced the evacuation of 4,200 residents from the river town of Velmora on "
    "Tuesday, regional officials said.",
    "The Dravel river rose 3.4 metres above its normal level after three days of heavy rain, "
    "the national weather agency reported.",
    "Emergency crews used boats to reach families trapped in the low-lying Ostrava district, "
    "where most homes were flooded.",
    "Governor Ilse Markan told reporters that the army had sent 300 soldiers and 40 trucks to "
    "help the rescue effort.",
    "At least six people were killed and 27 injured, according to the regional health "
    "ministry.",
    "Officials warned that a second flood wave could reach the city of Branik by Thursday "
    "evening.",
    "Schools in the region will remain closed until the end of the week, the education "
    "department announced.",
    "The national rail company suspended all trains between Velmora and Branik after part of "
    "the track was washed away.",
]

# A word-for-word thesaurus swap of the kind spinners make (names, numbers, order kept).
SPIN = {
    "forced": "compelled", "evacuation": "departure", "residents": "inhabitants",
    "said": "stated", "rose": "climbed", "normal": "ordinary", "heavy": "thick",
    "rain": "rainfall", "reported": "described", "used": "utilized", "reach": "achieve",
    "trapped": "caught", "most": "the majority of", "told": "advised", "reporters": "journalists",
    "help": "assist", "effort": "initiative", "killed": "murdered", "injured": "hurt",
    "warned": "cautioned", "second": "next", "evening": "night", "remain": "stay",
    "announced": "declared", "suspended": "halted", "washed": "cleaned", "agency": "office",
    "emergency": "crisis", "families": "households", "rescue": "recovery",
}

OTHER = [
    "The city council of Harlow approved a new budget for public libraries on Monday.",
    "Mayor Dana Whitcombe said the plan adds evening opening hours at five branches.",
    "Critics argued that the money should instead go to road repairs in the northern suburbs.",
    "The budget passed by nine votes to four after a debate lasting almost three hours.",
    "Library staff welcomed the decision and promised new programmes for teenagers.",
    "The changes take effect in September, a council spokesperson confirmed.",
]


def spin(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        w = m.group()
        new = SPIN.get(w.lower())
        if new is None:
            return w
        return new.capitalize() if w[0].isupper() else new

    return re.sub(r"[A-Za-z]+", swap, text)


def art(aid: str, sentences: list[str], published: str | None = None) -> Article:
    body = "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))
    return Article(id=aid, source=aid, title="", body=body, published=published)


SETTINGS = Settings()


def test_provenance_verbatim_copy_is_duplicate_with_direction() -> None:
    a = art("wire", ORIGINAL, "2024-03-05")
    b = art("copy", ORIGINAL, "2024-03-06")
    r = relate(b, a, SETTINGS)
    assert r.relation == "duplicate"
    assert r.direction == "b->a"  # the wire (b here) came first
    assert all(al.verbatim_share > 0.95 for al in r.alignments)


def test_provenance_spun_copy_is_spun_copy_with_substitutions() -> None:
    a = art("wire", ORIGINAL)
    b = art("spun", [spin(s) for s in ORIGINAL])
    r = relate(a, b, SETTINGS)
    assert r.relation == "spun-copy", r.evidence
    subs = {s for al in r.alignments for s in al.substitutions}
    assert ("heavy", "thick") in subs or ("heavy rain", "thick rainfall") in subs
    assert len(r.alignments) >= 6


def test_provenance_unrelated_pair_is_independent() -> None:
    r = relate(art("flood", ORIGINAL), art("library", OTHER), SETTINGS)
    assert r.relation == "independent"
    assert r.direction is None


QUOTE = (
    "“We have never seen the river rise this fast in forty years, and we are asking everyone "
    "in the valley to leave their homes tonight,” Governor Ilse Markan said."
)


def test_provenance_pair_sharing_only_a_quote_is_quotes_only() -> None:
    a = art("a", [*OTHER[:3], QUOTE])
    b = art("b", [
        "Farmers in the upper valley counted heavy losses of livestock and winter crops.",
        QUOTE,
        "Insurance companies expect claims to exceed last year's storm damage.",
        "A charity concert for the victims is planned for next month in the capital.",
    ])
    r = relate(a, b, SETTINGS)
    assert r.relation == "quotes-only", r.evidence


def test_provenance_run_keeps_ids_and_builds_lineages() -> None:
    arts = (
        art("wire", ORIGINAL, "2024-03-05"),
        art("spun", [spin(s) for s in ORIGINAL], "2024-03-06"),
        art("library", OTHER, "2024-03-05"),
    )
    out = run(Analysis(articles=arts), SETTINGS)
    assert [a.id for a in out.articles] == ["wire", "spun", "library"]
    members = sorted(tuple(sorted(lin.articles)) for lin in out.lineages)
    assert members == [("library",), ("spun", "wire")]
    lin = next(lin for lin in out.lineages if "wire" in lin.articles)
    assert lin.origin == "wire"
    assert run(Analysis(articles=arts), SETTINGS).lineages == out.lineages  # deterministic


def test_provenance_spun_copy_labelled_from_siblings_and_original_not() -> None:
    arts = (art("wire", ORIGINAL), art("spun", [spin(s) for s in ORIGINAL]))
    out = run(Analysis(articles=arts), SETTINGS)
    wire, spun = out.articles
    assert not wire.machine_spun.label
    assert spun.machine_spun.label, spun.machine_spun
    for phrase in spun.machine_spun.evidence:
        assert phrase in spun.text
    rel = out.relations[0]
    assert rel.relation == "spun-copy" and rel.direction == "a->b"


def test_provenance_edited_excerpt_is_rewrite_from_the_earlier() -> None:
    edited = [
        ORIGINAL[1],
        ORIGINAL[0].replace("regional officials said", "according to regional officials"),
        ORIGINAL[3].replace("told reporters", "said"),
        ORIGINAL[4],
        ORIGINAL[6],
        "Residents criticised the slow response of the authorities in the first hours.",
        "A relief fund has collected 2 million crowns so far.",
    ]
    r = relate(art("wire", ORIGINAL, "2024-03-05"), art("edit", edited, "2024-03-06"), SETTINGS)
    assert r.relation == "rewrite", r.evidence
    assert r.direction == "a->b"


def test_provenance_two_articles_each_adding_material_are_shared_source() -> None:
    r = relate(art("wire", ORIGINAL), art("mix", ORIGINAL[:4] + OTHER[:4]), SETTINGS)
    assert r.relation == "shared-source", r.evidence
    assert r.direction is None


def test_provenance_copied_two_sentence_brief_is_derived() -> None:
    brief = ORIGINAL[:2]
    r = relate(art("brief", brief), art("copy", [*brief, OTHER[0]]), SETTINGS)
    assert r.relation in {"duplicate", "rewrite"}, r.evidence
