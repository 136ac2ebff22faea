"""The report's view model: orientation, segments, original share, graph."""

from __future__ import annotations

from test_report_sample import sample_analysis

from storylens.records import Alignment, Article, Relation
from storylens.report import provenance_svg
from storylens.report import view as v


def test_orient_swaps_sides_and_direction() -> None:
    rel = Relation("x", "y", "spun-copy", 0.9, "a->b",
                   (Alignment("one two", "uno two", 0.5, (("one", "uno"),)),))
    flipped = v.orient(rel, "y", "x")
    assert (flipped.a, flipped.b, flipped.direction) == ("y", "x", "b->a")
    assert flipped.alignments[0].a_text == "uno two"
    assert flipped.alignments[0].substitutions == (("uno", "one"),)
    assert v.source_of(flipped) == ("x", "y")


def test_segments_mark_verbatim_substituted_and_unmatched() -> None:
    row = v.aligned_row(Alignment("City officials said 12 died.",
                                  "Metropolis authorities said 12 died quickly.", 0.6,
                                  (("City officials", "Metropolis authorities"),)))
    a_kinds = [(s.kind, s.text.strip()) for s in row.a]
    b_kinds = [(s.kind, s.text.strip()) for s in row.b]
    assert a_kinds[0] == ("sub", "City officials")
    assert ("same", "said 12") in a_kinds or a_kinds[1][0] == "same"
    assert ("only", "quickly.") in b_kinds
    assert "".join(s.text for s in row.b) == "Metropolis authorities said 12 died quickly."


def test_original_share_only_for_derived_side() -> None:
    rv = v.report_view(sample_analysis())
    event = rv.stories[0].children[0]
    rows = {r.article.id: r for r in event.sources}
    assert rows["wire"].original_share is None and rows["wire"].original_note
    assert rows["spun"].original_share is not None and 0 < rows["spun"].original_share < 1


def test_nesting_and_claim_groups_by_story() -> None:
    rv = v.report_view(sample_analysis())
    assert [s.story.id for s in rv.stories] == ["sl1"]
    event = rv.stories[0].children[0]
    assert [r.group.id for r in event.claims.rows] == ["g-deaths", "g-evac"]
    assert rv.stories[0].claims.rows == ()
    assert v.find_story_view(rv, "ev1") is event


def test_compare_view_for_unrelated_pair() -> None:
    cv = v.compare_view(sample_analysis(), "spun", "valley")
    assert cv.relation is None and cv.rows == ()


def test_graph_escapes_and_draws_edges() -> None:
    a = sample_analysis()
    svg = str(provenance_svg(a.articles, a.relations, a.lineages, "<b>t</b>", "s"))
    assert svg.startswith("<svg") and "&lt;b&gt;" in svg
    assert svg.count('class="edge ') == 2  # independent pairs are not drawn
    assert "marker-end" in svg
    assert str(provenance_svg((), (), ())) == ""


def test_report_claim_value_marks_inferred_dates() -> None:
    from storylens.records import Claim
    from storylens.report.view import claim_value

    stated = Claim("c1", "a", "talks in Moscow on 17 February 2020", "date", date="2020-02-17",
                   date_evidence="17 February 2020")
    inferred = Claim("c2", "b", "talks in Moscow on Monday", "date", date="2020-02-17",
                     date_evidence="on Monday; inferred: event dated 2020-02-17 from a sibling")
    assert claim_value(stated) == "2020-02-17"
    assert claim_value(inferred) == "2020-02-17 (inferred)"


def test_uncovered_sentences_use_the_one_text_layer() -> None:
    # The listing of text no alignment covers splits like every stage (storylens.text):
    # no break after "Mr." or before a lower-case word, a break after "…".
    art = Article("p", "p.txt", "t",
                  "Mr. Dobos opened the lock at 6.10 a.m. local time. The barge waited… "
                  "Then it sank.\nA second paragraph")
    got = v._uncovered(art, ["then it sank"])
    assert got == ("Mr. Dobos opened the lock at 6.10 a.m. local time.",
                   "The barge waited…", "A second paragraph")
