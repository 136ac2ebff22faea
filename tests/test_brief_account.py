"""The brief as one account (issue 15) on fictional fixtures: whole sentences, quotes with
their speaker, the lead first, contested figures marked, updates with their as-of date,
spun wording avoided, our words marked."""

from __future__ import annotations

import dataclasses

from storylens.brief import build_brief, run, sentence_markdown, to_markdown
from storylens.brief.quotes import article_units, attributed, attribution, speaker_for
from storylens.brief.select import FINAL, is_spun
from storylens.records import (
    Analysis,
    Article,
    Brief,
    BriefSentence,
    Claim,
    ClaimGroup,
    SpinAssessment,
    Story,
)
from storylens.report.markdown import render_markdown
from storylens.report.render import render_report
from storylens.settings import Settings

# A fictional event, written for these tests.
WIRE = [
    "A ferry carrying 212 passengers ran aground off the island of Tarrow on Sunday "
    "morning, the coastguard said.",
    "All passengers were taken off the vessel by lifeboats within three hours, coastguard "
    "spokeswoman Ilse Marrin told reporters.",
    "\"The sea was calm and the rescue went smoothly. Nobody was seriously hurt,\" Marrin "
    "said.",
    "\"We are checking the hull for damage.",
    "The ferry operator Nordlane said the vessel would be towed to the port of Kell.",
    "Investigators from the maritime authority will examine the ship's navigation logs on "
    "Monday.",
    "Passengers were given hotel rooms in Tarrow for the",
]
COPY = [
    "A ferry carrying 212 passengers ran aground off the island of Tarrow on Sunday "
    "morning, the coastguard said.",
    "All passengers were taken off the vessel by lifeboats within three hours, coastguard "
    "spokeswoman Ilse Marrin told reporters.",
    "The ferry operator Nordlane said the vessel would be towed to the port of Kell.",
    "Investigators from the maritime authority will examine the ship's navigation logs on "
    "Monday.",
]
LOCAL = [
    "Tarrow Island News",
    "Islanders opened the school hall to stranded travellers after the ferry grounding at "
    "the north reef.",
    "A ferry carrying 212 passengers ran aground off the island of Tarrow on Sunday "
    "morning, the coastguard said.",
    "Local fishermen helped the lifeboats bring the passengers ashore in calm seas.",
    "The harbour master said 230 people were on board, a higher figure than the operator "
    "gave.",
]
SPUN = [
    "A boat conveying 212 travellers ran around off the isle of Tarrow on Sunday morn, the "
    "coast watch stated.",
    "The vessel administrator Nordlane stated the boat would be hauled to the harbor of "
    "Kell.",
]


def _article(aid: str, paras: list[str], outlet: str, spun: bool = False,
             published: str = "2031-05-04") -> Article:
    return Article(id=aid, source=aid, title=f"{outlet} report", body="\n\n".join(paras),
                   paragraphs=tuple(paras), outlet=outlet, published=published,
                   machine_spun=SpinAssessment(0.9 if spun else 0.0, spun))


def _analysis(**extra: object) -> Analysis:
    arts = (
        _article("wire", WIRE, "Wire"),
        _article("copy", COPY, "Copy Daily"),
        _article("local", LOCAL, "Tarrow Island News"),
        _article("spun", SPUN, "Content Farm", spun=True),
    )
    story = Story("E", "event", tuple(a.id for a in arts))
    return dataclasses.replace(Analysis(articles=arts, stories=(story,)), **extra)


def _brief(an: Analysis) -> Brief:
    return run(an, Settings()).brief[0]


def test_brief_account_no_cut_sentences_or_fragments() -> None:
    brief = _brief(_analysis())
    assert brief.sentences
    for s in brief.sentences:
        assert FINAL.search(s.text), s.text
        assert "hotel rooms in Tarrow for the" not in s.text  # the excerpt's cut end
        assert s.text != "Tarrow Island News"


def test_brief_account_quotes_keep_their_speaker() -> None:
    units = article_units(_analysis().articles[0])
    inside = [u for u in units if u.inside]
    assert [u.text[:12] for u in inside] == ['"The sea was', "Nobody was s", '"We are chec']
    assert attribution(inside[1].text, inside[1].open_at_start) == ("Marrin", True)
    # the open quotation "We are checking..." takes the speaker of the paragraph before
    i = units.index(inside[2])
    speaker = speaker_for(units, i, lookback=2)
    assert speaker == "Marrin"
    text, ours = attributed(inside[2], speaker)
    assert text == '"We are checking the hull for damage," Marrin said.'
    assert [text[a:b] for a, b in ours] == [', Marrin said.'.replace(",", ",\"", 1)]
    brief = _brief(_analysis())
    for s in brief.sentences:
        if s.text.startswith(('"', "“")):
            assert "Marrin" in s.text, s.text


def test_brief_account_pronoun_speaker_named_in_brackets() -> None:
    art = _article("q", [
        "Harbour chief Tomas Vell said the reef was marked on every chart.",
        "\"Nobody should have been that close to the rocks,\" he added.",
    ], "Q")
    units = article_units(art)
    u = units[1]
    assert attribution(u.text, u.open_at_start) == ("he", False)
    text, ours = attributed(u, speaker_for(units, 1, 2) or "")
    assert text == ('"Nobody should have been that close to the rocks," '
                    'he [Harbour chief Tomas Vell] added.')
    assert [text[a:b] for a, b in ours] == [" [Harbour chief Tomas Vell]"]


def test_brief_account_quote_without_speaker_left_out() -> None:
    art = _article("q", ["\"It was the worst night of my life.\""], "Q")
    units = article_units(art)
    assert units[0].inside and speaker_for(units, 0, 2) is None


def test_brief_account_opens_with_best_corroborated_lead() -> None:
    brief = _brief(_analysis())
    first = brief.sentences[0]
    assert first.text.startswith("A ferry carrying 212 passengers ran aground")
    assert set(first.articles) >= {"wire", "copy", "local"}


def test_brief_account_no_spun_wording_and_string_labels() -> None:
    for s in _brief(_analysis()).sentences:
        assert "conveying" not in s.text and "hauled" not in s.text
    art = _article("x", ["x"], "X")
    for label, want in (("paraphrase", True), ("spun", True), ("none", False), ("", False)):
        labelled = dataclasses.replace(art, machine_spun=SpinAssessment(0.5, label))  # type: ignore[arg-type]
        assert is_spun(labelled) is want, label


def _claims() -> tuple[Claim, ...]:
    return (
        Claim("c1", "wire", "A ferry carrying 212 passengers", "quantity", 212.0, "passengers"),
        Claim("c2", "copy", "A ferry carrying 212 passengers", "quantity", 212.0, "passengers"),
        Claim("c3", "local", "230 people were on board", "quantity", 230.0, "people",
              attributed_to="The harbour master"),
    )


def test_brief_account_contested_figure_marked_with_rival() -> None:
    group = ClaimGroup("g1", ("c1", "c2", "c3"), "attributed-dispute", 2, "people on board")
    an = _analysis(claims=_claims(), claim_groups=(group,))
    brief = _brief(an)
    lead = brief.sentences[0]
    assert "212" in lead.text and lead.contested == ("g1",)
    assert any("230" in n and "harbour master" in n for n in lead.notes), lead.notes
    assert brief.disputes and all(s.contested in ((), ("g1",)) for s in brief.sentences)
    md = to_markdown(run(an, Settings()), "E")
    assert "rival figure" in md and "230" in md
    report_md = render_markdown(run(an, Settings()))
    assert "rival figure" in report_md
    html = render_report(run(an, Settings()))
    assert '<p class="contested">' in html and '<span class="note ours">(contested' in html


def test_brief_account_conflict_outlier_not_stated() -> None:
    group = ClaimGroup("g1", ("c1", "c2", "c3"), "conflict", 2, "people on board",
                       outlier="local")
    brief = _brief(_analysis(claims=_claims(), claim_groups=(group,)))
    assert not any("230 people" in s.text for s in brief.sentences)
    assert any("230" in d.text for d in brief.disputes)


def test_brief_account_update_latest_figure_with_as_of() -> None:
    claims = (
        Claim("u1", "local", "230 people were on board", "quantity", 230.0, "people",
              date="2031-05-04"),
        Claim("u2", "wire", "A ferry carrying 212 passengers", "quantity", 212.0, "passengers",
              date="2031-05-05"),
    )
    group = ClaimGroup("g2", ("u1", "u2"), "update", 2, "people on board")  # type: ignore[arg-type]
    brief = _brief(_analysis(claims=claims, claim_groups=(group,)))
    assert not any("230 people" in s.text for s in brief.sentences)  # the stale figure
    lead = brief.sentences[0]
    assert "212" in lead.text and not lead.contested
    assert lead.notes[0] == "latest figure, as of 2031-05-05"
    assert "230" in lead.notes[1] and "2031-05-04" in lead.notes[1]


def test_brief_account_at_most_limit_and_all_cited() -> None:
    an = _analysis()
    brief = build_brief(an, an.stories[0], Settings())
    assert len(brief.sentences) <= Settings().brief.max_sentences_event
    assert all(s.sources and s.articles for s in brief.sentences)


def test_brief_account_ours_round_trip_and_markdown() -> None:
    s = BriefSentence('"We are checking," Marrin said.', ("Wire",), ("wire",),
                      contested=("g1",), ours=((16, 31),), notes=("rival figure “230”",))
    back = BriefSentence.from_dict(s.to_dict())
    assert back == s
    assert s.parts() == [('"We are checking', False), ('," Marrin said.', True)]
    md = sentence_markdown(s)
    assert md.startswith('"We are checking⟨," Marrin said.⟩ [Wire]')
    assert md.endswith("_(rival figure “230”)_")
    assert Brief.from_dict(Brief("E", (s,)).to_dict()).sentences == (s,)


def test_brief_account_storyline_says_what_changed() -> None:
    later = [
        "Salvage crews refloated the ferry stranded off Tarrow on Wednesday and towed it to "
        "the port of Kell for repairs.",
        "The maritime authority said a faulty chart plotter had put the ship off course.",
    ]
    arts = (*_analysis().articles,
            _article("salvage", later, "Harbour Post", published="2031-05-07"))
    first = tuple(a.id for a in arts[:4])
    stories = (
        Story("S", "storyline", tuple(a.id for a in arts)),
        Story("E1", "event", first, parent="S"),
        Story("E2", "event", ("salvage",), parent="S"),
    )
    result = run(Analysis(articles=arts, stories=stories), Settings())
    brief = next(b for b in result.brief if b.story == "S")
    steps = brief.sentences[:2]
    assert steps[0].text.startswith("On 2031-05-04: A ferry carrying 212 passengers")
    assert steps[1].text.startswith("Then, on 2031-05-07: Salvage crews refloated")
    assert [steps[1].text[a:b] for a, b in steps[1].ours] == ["Then, on 2031-05-07: "]
    assert steps[1].articles == ("salvage",)


def test_brief_account_neutral_wording_over_flagged_term() -> None:
    """Issue 15: where framing flagged a loaded term and another source states the same
    sentence neutrally, the neutral wording is used (the term here is invented and flagged
    only through the story's framing record, not the lexicon)."""
    from storylens.records import Framing, OutletTerms

    loaded = ("The grubnik crew ran the ferry aground off the island of Tarrow on Sunday "
              "morning, the coastguard said.")
    neutral = ("The crew ran the ferry aground off the island of Tarrow on Sunday morning, "
               "the coastguard said.")
    arts = (
        _article("a", [loaded, "Extra words about the weather at sea were reported here."],
                 "A"),
        _article("b", [loaded, "Another sentence that has nothing to do with the rest."], "B"),
        _article("c", [neutral, "The ferry company apologised to all of its passengers."],
                 "C"),
    )
    framing = (Framing("E", "crew", (OutletTerms("A", ("a",), ("grubnik crew",),
                                                 (("grubnik", "delegitimising"),)),)),)
    an = Analysis(articles=arts, stories=(Story("E", "event", ("a", "b", "c")),),
                  framing=framing)
    first = run(an, Settings()).brief[0].sentences[0]
    assert first.text == neutral and set(first.articles) >= {"a", "b", "c"}, first
