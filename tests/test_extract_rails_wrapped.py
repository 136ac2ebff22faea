"""Flattened pages (decision 0110): link rails and comment lists do not outweigh the article,
and hard-wrapped text is joined into paragraphs before the lines are classified."""

from __future__ import annotations

import dataclasses
import textwrap

from storylens.extract import extract
from storylens.records import Article, Page
from storylens.settings import Settings

_ARTICLE = [
    "The museum at Ostervik will close its north wing for two years from March while the "
    "roof is replaced, the town's cultural office said on Monday.",
    "About a third of the collection will go on loan to the regional archive, and the rest "
    "will be shown in the south wing in smaller rooms, a spokesman said.",
    "The work is expected to cost about four million euros, most of it paid by the region, "
    "and the museum hopes to reopen the wing in the spring of 2029.",
    "The north wing was built in 1911 and its roof has leaked in several places since a "
    "storm in the winter of 2024, when water reached two of the upper rooms.",
    "Staff will spend the first months packing the paintings and the glass collection, "
    "which need the most care, before the builders move in at the start of the summer.",
    "Entry to the south wing will stay free on Sundays during the work, and the cafe and the "
    "shop will move to the ground floor of the old gate house next to it.",
]

# a rail of related stories: a headline that ends without a stop, then its one-line summary
_RAIL = [
    ("What to do in the town when the weather is bad this winter",
     "From the old cinema to the covered market, we have put together the places that stay "
     "open and warm all through the dark months of the year."),
    ("The ferry to the islands will run less often in the new year",
     "The operator said that there were not enough passengers in the winter to keep up the "
     "old timetable, and that it would look at it again in the spring."),
    ("How the old harbour became the best place in town for a walk",
     "It used to be a place that nobody wanted to go to, but over the last ten years it has "
     "become a place where people come to meet and to eat."),
    ("Why the price of bread has gone up again in all of the shops",
     "Bakers say that the cost of flour and of the power for their ovens has gone up by a "
     "third since the summer, and that they had no choice but to pass it on."),
]


def _extract(text: str, settings: Settings | None = None) -> Article:
    art = extract(Page(id="r", source="r.txt", kind="text", content=text, content_hash="h"),
                  settings or Settings())
    assert isinstance(art, Article), art
    return art


def _old(settings: Settings) -> Settings:
    """The classifier without the rules of decision 0110."""
    return dataclasses.replace(settings, extract=dataclasses.replace(
        settings.extract, open_line_max_words=0, rail_penalty=1.0, wrap_min_pairs=10**6))


def _rail_page() -> str:
    lines = ["Museum to close north wing for two years while roof is replaced | Ostervik Courier",
             "Ostervik Courier", "News", "Culture",
             "Museum to close north wing for two years while roof is replaced", *_ARTICLE]
    lines += ["Share this article", "Facebook", "X", "Email", "Print", "Advertisement",
              "Sign up for our newsletter", "Subscribe", "Topics", "Culture", "Museums"]
    for head, summary in _RAIL:
        lines += [head, summary]
    return "\n\n".join(lines) + "\n"


def test_extract_rail_of_related_stories_is_not_body() -> None:
    """The rail is a cluster of open lines and summaries: its weight falls below the share
    that would keep it as a second part of the article."""
    art = _extract(_rail_page())
    for para in _ARTICLE:
        assert para in art.body
    for head, summary in _RAIL:
        assert head not in art.body and summary not in art.body


def test_extract_rail_rules_are_what_drops_the_rail() -> None:
    """Without the open-line and rail rules the rail is kept as a part of the article."""
    art = _extract(_rail_page(), _old(Settings()))
    assert _RAIL[0][1] in art.body


_MEMO = [
    "This note describes how the members of the working group exchange draft texts by mail "
    "and how the editors keep track of the changes that each of them asks for. It is meant "
    "for new members and for the people who chair the meetings of the group.",
    "Every draft is sent to the whole list, and each reply quotes only the part of the text "
    "that it comments on. The editors collect the comments once a week and answer them in "
    "a single message that lists what was changed and what was not, with the reasons.",
    "A draft that has had no comments for four weeks is put to the group for a decision at "
    "its next meeting. If the group agrees, the draft is sent to the board, which has six "
    "weeks to say whether it accepts the text or sends it back with its own comments.",
    "Members who cannot come to a meeting may send their view in writing before it starts, "
    "and the chair reads it out before the group decides. A decision needs the votes of two "
    "thirds of the members who take part, either in the room or in writing.",
]


def _wrapped_page() -> str:
    head = ["Working group note 12", "Status of this note", ""]
    paras = ["\n".join(textwrap.wrap(p, 66)) for p in _MEMO]
    return "\n".join(head) + "\n" + "\n\n".join(paras) + "\n"


def test_extract_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    art = _extract(_wrapped_page())
    for para in _MEMO:
        assert para in art.body


def test_extract_hard_wrapped_text_was_lost_without_joining() -> None:
    art = extract(Page(id="r", source="r.txt", kind="text", content=_wrapped_page(),
                       content_hash="h"), _old(Settings()))
    body = art.body if isinstance(art, Article) else ""
    assert not all(para in body for para in _MEMO)


def test_extract_copyright_holder_names_the_outlet_of_flattened_text() -> None:
    from storylens.extract.meta import copyright_holder

    assert copyright_holder(["* © 1998-2026 The Ostervik Courier"], 6) == "The Ostervik Courier"
    assert copyright_holder(["Copyright 2026 Harbor Ledger, Inc. All rights reserved."],
                            6) == "Harbor Ledger"
    assert copyright_holder(["© Valley Post Media Limited 2026"], 6) == "Valley Post Media"
    # a wire credit inside a sentence, and a line naming nobody, are not the site
    assert copyright_holder(["Wire stories: Copyright © 2026 The Wire Agency."], 6) is None
    assert copyright_holder(["© All rights reserved."], 6) is None
    page = "\n\n".join(["Museum to close north wing for two years while roof is replaced",
                         *_ARTICLE, "Contact us", "© 2026 Ostervik Courier Ltd."]) + "\n"
    assert _extract(page).outlet == "Ostervik Courier"


def test_extract_line_ending_in_stop_and_straight_quote_is_prose() -> None:
    """"... called it 'a dark day for all of us.'" ends a sentence: it is not an open line."""
    from storylens.extract.lexicon import load_lexicon
    from storylens.extract.meta import stopwords
    from storylens.extract.text import GOOD, NEAR, label_lines

    cfg = Settings().extract
    stop = stopwords("en", cfg.stoplist_size)
    lex = load_lexicon(cfg.lexicon)
    quoted = "Two people were hurt on the quay. The mayor said that it was 'a dark day for us.'"
    headline = "What the harbour council decided about the ferries and the new timetables today"
    labels = {ln.text: ln.label for ln in label_lines(f"{quoted}\n\n{headline}\n", stop, lex,
                                                        cfg, "en")}
    assert labels[quoted] == GOOD
    assert labels[headline] == NEAR


def test_comment_list_with_time_stamp_rows_glued_under_the_article_is_cut() -> None:
    """Comment heads ("Name · date at time") and "Reply" rows right under the article, with
    no gap: the span ends before the first time-stamp row (decision 0111)."""
    article = [
        "The council of Brenhaven voted on Tuesday to keep the night ferry to the island "
        "running through the winter, after two hundred residents signed a letter asking for it.",
        "The ferry had been due to stop in November because too few passengers used it, but the "
        "council said the island's nurses and bakers depend on the late crossing every night.",
        "The extra cost will be met from the harbour fund, and the timetable will be reviewed "
        "again next spring when the new terminal opens, the council's transport officer said.",
    ]
    comments = []
    for who, day, text in (
            ("Orla", 3, "I take that ferry every night after my shift at the clinic, and I was "
                        "worried that I would have to move to the mainland this winter."),
            ("Benedek", 4, "The harbour fund was meant for the new pier, so I wonder what the "
                           "council will cut instead when the spring review comes around."),
            ("Tamsin", 5, "Good news for the island bakery, which sends its bread over on the "
                          "last crossing of the evening and has no other way to do it.")):
        comments += [f"{who} · March {day}, 2026 at 9:1{day} PM", text, "Reply"]
    page = Page(id="c", source="c.txt", kind="text", content_hash="h",
                content="\n\n".join(["Brenhaven keeps its night ferry", *article,
                                     *comments]) + "\n")
    art = extract(page, Settings())
    assert isinstance(art, Article)
    for para in article:
        assert para in art.body
    assert "Reply" not in art.body and "clinic" not in art.body and "bakery" not in art.body


def test_picture_gallery_glued_under_the_article_is_cut() -> None:
    """A gallery of "k/N caption" rows, each with a summary paragraph, right under the article
    (a "0 comments" counter under the headline): the counters are time-stamp-like rows, so the
    gallery neither outweighs the article nor stays glued to it (decision 0112)."""
    gallery = []
    for k, (head, text) in enumerate((
            ("Grain barges wait", "Barges loaded with grain waited for a week at the mouth of "
                                  "the river after the locks upstream were closed for repairs."),
            ("New bridge opens", "The new road bridge over the estuary opened to traffic on "
                                 "Friday, three months later than planned and over budget."),
            ("Bakers raise prices", "Bakers in the north raised the price of a loaf for the "
                                    "second time this year, blaming the cost of flour and power."),
            ("Mill sold", "The old paper mill at the edge of the town was sold to a builder who "
                          "plans to turn it into flats and a small market hall."),
            ("Ferry strike ends", "Ferry crews ended their strike after the operator agreed to a "
                                  "new rota that gives them two more free weekends a month."),
            ("Port record", "The port handled more containers in the summer than in any summer "
                            "before, helped by ships that avoided the busier harbours further "
                            "south this year.")), start=1):
        gallery += [f"* {k}/40 {head}", text, "Photo agency"]
    page = Page(id="g", source="g.txt", kind="text", content_hash="h",
                content="\n\n".join(["Ostervik museum to close its north wing", "0 comments",
                                     *_ARTICLE, "Business in pictures", *gallery]) + "\n")
    art = extract(page, Settings())
    assert isinstance(art, Article)
    for para in _ARTICLE:
        assert para in art.body
    assert "barges" not in art.body.lower() and "ferry crews" not in art.body.lower()


_OTHER_STORY = [
    "Two climbers who spent a night on the glacier above Varnel were brought down by a "
    "helicopter crew on Sunday morning, cold but unhurt, the mountain rescue service said.",
    "They had lost their way in fog after crossing the upper ridge late in the afternoon, and "
    "called for help with the last of the charge in their phone battery.",
]


_MORE = [
    "The museum's director said the closure was the hardest decision of her time there, but "
    "that the roof could not wait another winter without putting the paintings at risk.",
    "Schools that book visits to the north wing will be offered guided tours of the archive "
    "instead, where part of the collection will be shown in two rooms on the ground floor.",
    "The town's cultural office said it would publish a list of the works on loan each "
    "month, so that visitors can see where a painting has gone while the work goes on.",
    "Local builders have been asked to bid for the roof work by the end of January, and the "
    "region will choose the firm in February, a month before the wing closes to visitors.",
]


def _menu(n: int) -> list[str]:
    return [f"Menu entry {k}" for k in range(n)]


def test_off_topic_prose_block_far_from_the_article_is_dropped() -> None:
    """Another story's summary under the footer menu: prose by its lines, but it shares no
    content words with the article and is much smaller, so it is not kept as a second part
    (decision 0112)."""
    page = Page(id="o", source="o.txt", kind="text", content_hash="h",
                content="\n\n".join(["Ostervik museum to close its north wing",
                                     *_ARTICLE, *_MORE, *_menu(12), *_OTHER_STORY, "Read more"])
                + "\n")
    art = extract(page, Settings())
    assert isinstance(art, Article)
    assert _ARTICLE[0] in art.body
    assert "glacier" not in art.body and "climbers" not in art.body


def test_article_split_by_a_player_keeps_its_second_part() -> None:
    """The article's second half under a video player's controls shares its topic words: it
    stays body."""
    second = [
        "The museum said the south wing rooms would be painted before the collection moves "
        "in, and that the north wing roof would be replaced in two stages.",
        "The region will pay most of the four million euros, and the museum will ask the town "
        "for the rest of the cost of the work on the roof.",
    ]
    page = Page(id="s", source="s.txt", kind="text", content_hash="h",
                content="\n\n".join(["Ostervik museum to close its north wing", *_ARTICLE,
                                     "Play", "Mute", "0:00", "Fullscreen", "Captions",
                                     "Settings", *second]) + "\n")
    art = extract(page, Settings())
    assert isinstance(art, Article)
    for para in [*_ARTICLE, *second]:
        assert para in art.body
