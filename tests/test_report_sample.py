"""A small hand-written Analysis (a fictional flood in a fictional town) used by the report,
web and browser tests, plus a hostile variant full of script-injection attempts."""

from __future__ import annotations

import dataclasses

from storylens.records import (
    Alignment,
    Analysis,
    Article,
    Brief,
    BriefSentence,
    Claim,
    ClaimGroup,
    Framing,
    InputRecord,
    Lineage,
    OutletTerms,
    Relation,
    SpinAssessment,
    Story,
    TimelineEntry,
)

XSS = (
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
)
XSS_TEXT = " ".join(XSS)

WIRE_BODY = (
    "Floodwater forced 3,000 residents of Port Alder from their homes on Tuesday. "
    "City officials said 12 people had died after the river burst its banks.\n\n"
    "Rescue crews worked through the night to reach the lower town."
)
SPUN_BODY = (
    "Floodwater compelled 3,000 inhabitants of Port Alder from their houses on Tuesday. "
    "Metropolis authorities stated 12 individuals had perished after the stream burst its banks."
    "\n\nSalvage teams labored through the evening to achieve the decrease city."
)
REWRITE_BODY = (
    "About 3,000 people were evacuated in Port Alder on Tuesday as the river burst its banks. "
    "City officials said 12 people had died.\n\n"
    "The mayor promised a review of the town's flood defences."
)
VALLEY_BODY = (
    "The regime's bureaucrats let Port Alder drown: 120 people are dead, residents say. "
    "Thousands fled the lower town on Tuesday."
)


def _art(aid: str, outlet: str, title: str, body: str, date: str, **kw: object) -> Article:
    return Article(
        id=aid, source=f"pages/{aid}.html", title=title, body=body,
        paragraphs=tuple(p for p in body.split("\n\n")), published=date,
        published_evidence="meta: article:published_time", outlet=outlet, language="en",
        **kw,  # type: ignore[arg-type]
    )


def sample_analysis() -> Analysis:
    wire = _art("wire", "Harbor Wire", "Flood forces 3,000 from homes in Port Alder",
                WIRE_BODY, "2031-04-08", byline="J. Reed")
    spun = _art("spun", "NewsBlast24", "Flood compels 3,000 from houses in Port Alder",
                SPUN_BODY, "2031-04-09",
                machine_spun=SpinAssessment(0.91, True, ("Metropolis authorities",
                                                         "decrease city")))
    rewrite = _art("rewrite", "Coast Daily", "Port Alder evacuates 3,000 as river bursts",
                   REWRITE_BODY, "2031-04-08")
    valley = _art("valley", "Valley Voice", "Port Alder abandoned: 120 dead",
                  VALLEY_BODY, "2031-04-10")
    s1 = ("Floodwater forced 3,000 residents of Port Alder from their homes on Tuesday.",
          "Floodwater compelled 3,000 inhabitants of Port Alder from their houses on Tuesday.")
    s2 = ("City officials said 12 people had died after the river burst its banks.",
          "Metropolis authorities stated 12 individuals had perished after the stream burst "
          "its banks.")
    spun_rel = Relation(
        a="wire", b="spun", relation="spun-copy", score=0.93, direction="a->b",
        alignments=(
            Alignment(s1[0], s1[1], 0.82, (("forced", "compelled"), ("residents", "inhabitants"),
                                           ("homes", "houses")), 0.62),
            Alignment(s2[0], s2[1], 0.71, (("City officials", "Metropolis authorities"),
                                           ("said", "stated"), ("people", "individuals"),
                                           ("died", "perished"), ("river", "stream")), 0.45),
        ),
        evidence=("12 synonym substitutions", "spun text published a day later"),
    )
    rewrite_rel = Relation(
        a="wire", b="rewrite", relation="rewrite", score=0.64, direction="a->b",
        alignments=(Alignment("City officials said 12 people had died after the river burst "
                              "its banks.", "City officials said 12 people had died.",
                              0.8, (), 0.9),),
    )
    indep = Relation(a="valley", b="wire", relation="independent", score=0.08)
    claims = (
        Claim("c1", "wire", "City officials said 12 people had died", "quantity", 12,
              "people died", attributed_to="City officials"),
        Claim("c2", "spun", "12 individuals had perished", "quantity", 12, "people died"),
        Claim("c3", "rewrite", "12 people had died", "quantity", 12, "people died"),
        Claim("c4", "valley", "120 people are dead, residents say", "quantity", 120,
              "people died", attributed_to="residents"),
        Claim("c5", "wire", "forced 3,000 residents ... from their homes", "quantity", 3000,
              "residents evacuated"),
        Claim("c6", "rewrite", "About 3,000 people were evacuated", "quantity", 3000,
              "residents evacuated", qualifier="about"),
    )
    groups = (
        ClaimGroup("g-deaths", ("c1", "c2", "c3", "c4"), "conflict", 2,
                   "Death toll", story="ev1", outlier="valley", ratio=10.0),
        ClaimGroup("g-evac", ("c5", "c6"), "agree", 1, "Residents evacuated", story="ev1"),
    )
    framing = (
        Framing("ev1", "local government", (
            OutletTerms("Harbor Wire", ("wire",), ("City officials",)),
            OutletTerms("NewsBlast24", ("spun",), ("Metropolis authorities",)),
            OutletTerms("Valley Voice", ("valley",), ("the regime's bureaucrats",),
                        (("the regime's bureaucrats", "delegitimising"),)),
        )),
    )
    brief = (
        Brief("ev1", (
            BriefSentence("Floodwater forced about 3,000 residents of Port Alder from their "
                          "homes on 8 April 2031.", ("Harbor Wire", "Coast Daily"),
                          ("wire", "rewrite")),
            BriefSentence("City officials put the death toll at 12.", ("Harbor Wire",),
                          ("wire",)),
        ), disputes=(
            BriefSentence("Valley Voice reports 120 dead, ten times the official figure.",
                          ("Valley Voice",), ("valley",)),
        ), timeline=(
            TimelineEntry("2031-04-08", "River bursts its banks; 3,000 evacuated.",
                          ("Harbor Wire", "Coast Daily"), ("wire", "rewrite")),
        )),
    )
    return Analysis(
        articles=(wire, spun, rewrite, valley),
        inputs=(
            InputRecord("pages/wire.html", "ingested", article="wire", kind="html"),
            InputRecord("pages/spun.html", "ingested", article="spun", kind="html"),
            InputRecord("pages/rewrite.html", "ingested", article="rewrite", kind="html"),
            InputRecord("pages/valley.txt", "ingested", article="valley", kind="txt"),
            InputRecord("pages/wire-copy.html", "duplicate", "same content as wire", "wire",
                        "html"),
            InputRecord("pages/logo.png", "skipped", "binary file", None, "binary"),
        ),
        stories=(
            Story("sl1", "storyline", ("wire", "spun", "rewrite", "valley"),
                  title="Port Alder flooding"),
            Story("ev1", "event", ("wire", "spun", "rewrite", "valley"), parent="sl1",
                  title="Port Alder flood evacuations"),
        ),
        relations=(spun_rel, rewrite_rel, indep),
        lineages=(Lineage("lin1", ("wire", "spun", "rewrite"), origin="wire"),
                  Lineage("lin2", ("valley",))),
        claims=claims, claim_groups=groups, framing=framing, brief=brief,
    )


def hostile_analysis() -> Analysis:
    """The sample with script-injection attempts in every scraped text field."""
    base = sample_analysis()

    def bad(s: str) -> str:
        return f"{s} {XSS_TEXT}"

    arts = tuple(
        dataclasses.replace(
            a, title=bad(a.title), body=bad(a.body), outlet=bad(a.outlet or ""),
            paragraphs=tuple(bad(p) for p in a.paragraphs), byline=XSS[1],
            source=XSS[2], url="javascript:alert(1)",
            machine_spun=SpinAssessment(0.9, True, (XSS[0],)),
        )
        for a in base.articles
    )
    rels = tuple(
        dataclasses.replace(
            r, evidence=(XSS[1],),
            alignments=tuple(
                dataclasses.replace(al, a_text=bad(al.a_text), b_text=bad(al.b_text),
                                    substitutions=((XSS[0], XSS[1]),))
                for al in r.alignments
            ),
        )
        for r in base.relations
    )
    return dataclasses.replace(
        base, articles=arts, relations=rels,
        claims=tuple(dataclasses.replace(c, text=bad(c.text), unit=XSS[1],
                                         attributed_to=XSS[2]) for c in base.claims),
        claim_groups=tuple(dataclasses.replace(g, summary=bad(g.summary))
                           for g in base.claim_groups),
        framing=tuple(dataclasses.replace(f, referent=bad(f.referent), outlets=tuple(
            dataclasses.replace(o, outlet=bad(o.outlet), terms=(XSS[0], *o.terms),
                                loaded=((XSS[0], XSS[1]),)) for o in f.outlets))
            for f in base.framing),
        brief=tuple(dataclasses.replace(b, sentences=tuple(
            dataclasses.replace(s, text=bad(s.text), sources=(XSS[2],)) for s in b.sentences))
            for b in base.brief),
        stories=tuple(dataclasses.replace(s, title=bad(s.title)) for s in base.stories),
        inputs=tuple(dataclasses.replace(i, source=XSS[0], reason=XSS[1]) for i in base.inputs),
    )


def test_sample_round_trips_through_dict() -> None:
    a = sample_analysis()
    assert Analysis.from_dict(a.to_dict()) == a
