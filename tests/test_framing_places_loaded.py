"""Framing on fictional fixtures: places and countries are not actors unless they act, a
country's "the country" joins it, names that only qualify a noun are things, loaded words
next to a referent are flagged on it, literal-sense words are not."""

from __future__ import annotations

from storylens.framing import run
from storylens.records import Analysis, Article, Framing, Story
from storylens.settings import Settings


def _analysis(texts: dict[str, str]) -> Analysis:
    arts = tuple(Article(id=k, source=k, title="", body=b, outlet=f"outlet-{k}")
                 for k, b in texts.items())
    return Analysis(articles=arts, stories=(Story("E", "event", tuple(texts)),))


def _labels(result: Analysis) -> list[str]:
    return [f.referent.casefold() for f in result.framing]


def _with_term(result: Analysis, term: str) -> Framing | None:
    for f in result.framing:
        if any(term in (t.casefold() for t in o.terms) for o in f.outlets):
            return f
    return None


# Fictional town, company and people; real country names only as settings or actors.
PLACES = {
    "a": "The Brennick Mills company said on Monday that its plant in the town of Quorrel "
         "had closed. Brennick Mills said 300 workers would lose their jobs in Peru. "
         "The Quorrel plant fire started at night.",
    "b": "Brennick Mills announced the closure of the plant in the town of Quorrel, in Peru. "
         "Brennick Mills said workers were told on Monday. The Quorrel plant fire spread.",
    "c": "In Peru, Brennick Mills confirmed that the plant in the town of Quorrel will close. "
         "Brennick Mills has offered compensation in Quorrel.",
    "d": "Brennick Mills joins the United States, the Soviet Union and China as a maker of "
         "looms. Brennick Mills follows the United States and the Soviet Union there.",
}


def test_framing_places_and_settings_are_not_actors() -> None:
    labels = _labels(run(_analysis(PLACES), Settings()))
    assert any("brennick mills" in x for x in labels)
    assert not any("quorrel" in x for x in labels), labels
    assert "peru" not in labels, labels
    assert not any("united states" in x or "soviet" in x for x in labels), labels


ACTING_COUNTRY = {
    "a": "Norway has launched a lunar probe. Norway became the fifth nation to try. "
         "The country has spent years on it, officials said.",
    "b": "Norway launched its first lunar probe on Friday. Norway said the country would "
         "try again. The country has invested heavily.",
}


def test_framing_a_country_that_acts_is_an_actor_with_its_descriptions() -> None:
    result = run(_analysis(ACTING_COUNTRY), Settings())
    f = _with_term(result, "norway")
    assert f is not None and f.kind == "country"
    terms = {t.casefold() for o in f.outlets for t in o.terms}
    assert "country" in terms, terms


LOADED = {
    "a": "Governor Tamsin Vell was removed from office on Monday. Vell said she was "
         "removed through a conspiracy of her rivals. Vell will appeal.",
    "b": "Governor Tamsin Vell was removed on Monday; Vell called the vote a farce. "
         "Vell said the occupied offices would reopen.",
    "c": "Tamsin Vell, the governor, was removed on Monday. Vell said nothing.",
}


def test_framing_loaded_words_beside_a_referent_are_flagged_on_it() -> None:
    result = run(_analysis(LOADED), Settings())
    vell = _with_term(result, "tamsin vell")
    assert vell is not None
    flags = {t.casefold(): cat for f in result.framing for o in f.outlets
             for t, cat in o.loaded}
    assert flags.get("conspiracy") == "delegitimising", flags
    assert flags.get("farce") == "delegitimising", flags
    assert "occupied" not in flags  # literal sense: only flagged inside a referent's term
    ev = next(o.evidence for f in result.framing for o in f.outlets
              if o.outlet == "outlet-a" and "conspiracy" in (t.casefold() for t in o.terms))
    assert "conspiracy" in ev[0]


def test_framing_loaded_nearby_can_be_turned_off() -> None:
    settings = Settings().with_overrides({"framing.loaded_nearby": 0})
    result = run(_analysis(LOADED), settings)
    flags = {t.casefold() for f in result.framing for o in f.outlets for t, _ in o.loaded}
    assert "conspiracy" not in flags


ORG_NAMES = {
    "a": "The Weavers League for Justice said on Monday it would strike. The Federation of "
         "the Loom and Spindle Guilds said it agreed.",
    "b": "The Weavers League for Justice has called a strike. The Federation of the Loom and "
         "Spindle Guilds has backed it.",
}


def test_framing_organisation_names_keep_for_of_the_and() -> None:
    result = run(_analysis(ORG_NAMES), Settings())
    assert _with_term(result, "weavers league for justice") is not None, _labels(result)
    assert _with_term(result, "federation of the loom and spindle guilds") is not None, \
        _labels(result)


COUNTRY_IN_NAME = {
    "a": "Chile Copperworks said on Friday its mine would close. Chile Copperworks has "
         "300 staff. Exports from Chile fell.",
    "b": "Chile Copperworks announced the closure. Chile Copperworks said talks failed in "
         "Chile.",
}


def test_framing_a_country_is_not_merged_into_a_name_holding_it() -> None:
    result = run(_analysis(COUNTRY_IN_NAME), Settings())
    f = _with_term(result, "chile copperworks")
    assert f is not None, _labels(result)
    assert "chile" not in {t.casefold() for o in f.outlets for t in o.terms}
