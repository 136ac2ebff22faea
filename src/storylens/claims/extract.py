"""Claims of one article: quantities, dates and attributed statements, sentence by sentence.

Each claim comes with :class:`Facts`, the normalised features the aligner compares (synonym
class of the counted noun, event class, fact date, period scale, attribution key, content
words). Facts stay in memory; only the :class:`~storylens.records.Claim` goes to
analysis.json.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from storylens.claims.dates import (
    INFERRED,
    Anchor,
    DateMention,
    Period,
    find_dates,
    find_periods,
    parse_iso,
)
from storylens.claims.lexicon import Lexicon, lemmatise
from storylens.claims.numbers import DURATION_DAYS, PHYSICAL_KINDS, Quantity, find_quantities
from storylens.deadline import checkpoint
from storylens.records import Article, Claim
from storylens.settings import ClaimSettings
from storylens.text import split_sentences  # one splitter for every stage (decision 0608)

_WORD = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*")
_BOUNDARY = re.compile(
    r"(?:[,;:(“”\"]|\b(?:that|while|and|but|when|after|because|although|as|since|if)\b)\s*", re.I
)
_AUX = re.compile(
    r"(?:\s+(?:has|have|had|was|is|also|reportedly|earlier|later|then|had been|has been|"
    r"have been|would|will|previously|further|again|however|,))+\s*$", re.I,
)
_PLACE = re.compile(
    r"\b(?:in|at|near|to|from|through|across|outside|inside|"
    r"(?:north|south|east|west)(?:-?\w+)? of)\s+"
    r"((?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:al-|Al\s)?[A-Z][\w'’-]+){0,3})"
)
_NOT_PLACE = re.compile(
    r"^(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|"
    r"He|She|It|They|We|I)\b"
)
_STOP_TEXT = (
    "the a an and or but of to in on at for from by with as is are was were be been has have "
    "had that this these those it its their his her he she they we you i not no said says "
    "will would could also more than which who when where after before over into about than "
    "there here some such other only just very most much many any all one two three"
)
_CONTENT_STOP = frozenset(_STOP_TEXT.split())
# A negated reporting verb ("has still not told", "did not say"): no attribution.
_NEGATED = re.compile(r"\b(?:not|never|n['’]t|no longer)\s+(?:\w+\s+)?$", re.I)
# Subjects that are a clause, not a name ("Rescue workers were still searching for 11 people
# reported missing"): digits or auxiliaries left inside after trailing ones are stripped.
_BAD_SUBJECT = re.compile(r"\d|\b(?:were|was|is|are|been|being|has|have|had|still)\b", re.I)
# Clause boundaries for what a number is about (event word, place): punctuation, dashes and
# conjunctions. "Nine people died - five in Orla and four in Bex".
_CLAUSE_SPLIT = re.compile(
    r"(?:,(?!\d)|[;:()])\s*|\s+[—–-]\s+|\s*[—–]\s*|\s+(?:and|but|while|when|after|which|as|before|"
    r"since|because|although|though|whereas)\s+", re.I,
)


# Counted nouns that stand for the noun said before them ("three killed and 80 others
# injured", "wounded 140 others"): the figure counts what a bare figure would (issue 14).
_ELIDED = frozenset({"others", "other"})

# Events whose figures count people (a bare "12 killed" counts persons).
_PEOPLE_EVENTS = frozenset({"kill", "wound", "displace", "evacuate", "missing"})


@dataclass(frozen=True, slots=True)
class Facts:
    """Normalised features of one claim, for alignment (not serialised)."""

    claim: Claim
    sentence_index: int
    low: float | None = None  # value interval under the qualifier and rounding
    high: float | None = None
    unit_class: str | None = None
    modifiers: frozenset[str] = frozenset()  # capitalised words of the counted noun
    event_class: str | None = None
    fact_date: dt.date | None = None  # day-precise date of the fact itself
    period_bucket: str | None = None
    source: str | None = None  # normalised attribution key
    words: frozenset[str] = frozenset()  # synonym-folded content words of the sentence
    place: str | None = None
    # A part of a total ("three of the dead", "five in Orla and four in Bex", "another 300"):
    # never weighed against a total.
    part: bool = False
    # A changed figure ("the toll rose to seven"): never a rival of an earlier figure.
    update: bool = False
    # A difference, not a level ("reduced by 30", "fell by 20%"; lexicon change_words and
    # update_verbs before "by"): never a stage of a growing count (issue 14).
    change: bool = False
    # The earlier figure of a change stated in its sentence ("jumped to 96 ... from a first
    # report of 40", "up from 12"): the text itself orders it before the updated one.
    earlier: bool = False
    # The article's first total of this kind of count (its headline figure for the fact).
    lead: bool = False
    published: dt.date | None = None  # the article's publication date
    # The claim's date was resolved against an inferred anchor (decision 0404), not a
    # publication date. Quantity claims then keep fact_date None: inferred dates never link
    # or separate figures, so they can neither raise nor hide a conflict.
    date_inferred: bool = False
    # The weekday the fact is dated by ("on Monday": 0), resolved or not: two undated pages'
    # "on Monday" and "on Wednesday" are different days even when no date can be computed.
    weekday: int | None = None
    # Scope words of the figure's clause ("nationwide", "provincial", "in total"): a figure
    # for a city is not one for the country (decision 0406).
    scope: frozenset[str] = frozenset()
    # Money and percentages (decision 0406): the capitalised names in the figure's clause
    # other than its source's ("Japan", "Varnia"), and the years and months its sentence
    # names: "Japan pledged $200 million" is not the donors' total, 2023's budget not 2024's.
    names: frozenset[str] = frozenset()
    when: frozenset[str] = frozenset()
    # The whole sentence and the figure's character span in it (issue 14: the words around
    # the figure are what the measure aligner encodes).
    sentence: str = ""
    span: tuple[int, int] = (0, 0)
    # A point on a scale (issue 14: a year, a clock time, a rank): figures are this many
    # units apart per step of gap ratio (align.gap_ratio); None: compared by ratio.
    gap_scale: float | None = None


def _weekday(mention: DateMention | None, lex: Lexicon) -> int | None:
    if mention is None or mention.precision != "day":
        return None
    words = re.findall(r"[a-z]+", mention.evidence.lower())
    days = {lex.weekdays[w] for w in words if w in lex.weekdays}
    return days.pop() if len(days) == 1 else None


def content_words(sentence: str, lex: Lexicon) -> frozenset[str]:
    """Lower-cased content words folded to their synonym class or lemma."""
    words = set()
    for w in _WORD.findall(sentence):
        low = w.lower().strip("'’")
        if low in _CONTENT_STOP or len(low) < 3 or low[0].isdigit():
            continue
        month = w[:1].isupper() and low in lex.months  # "March" is no protest
        folded = (None if month else lex.event_class(low)) or lex.unit_classes.get(low)
        words.add(folded or lemmatise(low))
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str
    start: int  # span of the reporting verb or prefix
    end: int


# How far around a reporting verb or prefix the speaker's name is looked for (issue 19:
# looking at the whole sentence before every "said" made attribution quadratic in sentence
# length). A subject has at most 8 words (``_subject``); 240 characters hold 8 words of 30.
ATTRIBUTION_WINDOW = 240


def find_attributions(sentence: str, lex: Lexicon,
                      window: int = ATTRIBUTION_WINDOW) -> list[Attribution]:
    """Who says something in the sentence: "X said", "according to X", ", said X.". Each
    name is looked for within ``window`` characters of its verb or prefix, so the work is
    linear in the sentence's length."""
    out: list[Attribution] = []
    for prefix in lex.attribution_prefixes:
        for m in re.finditer(rf"\b{re.escape(prefix)}\s+", sentence, re.I):
            tail = sentence[m.end():m.end() + window]
            name = re.split(r"[,;:.“”\"]|\s(?:that|who|which|and|on|in)\s", tail, maxsplit=1)[0]
            words = name.split()
            # "as per UN OCHA stated ...": stop at a reporting verb.
            for k, w in enumerate(words):
                if w.lower() in lex.attribution_verbs:
                    words = words[:k]
                    break
            name = _clean_source(" ".join(words[:8]), lex)
            if name:
                out.append(Attribution(name, m.start(), m.end()))
    verbs = "|".join(sorted(lex.attribution_verbs, key=len, reverse=True))
    for m in re.finditer(rf"\b({verbs})\b", sentence, re.I):
        head = sentence[max(0, m.start() - window):m.start()]
        if re.search(r"\b(?:been|be|being|is|was|were|are)\s+$", head, re.I):
            continue  # passive ("have been reported"): nobody named
        if _NEGATED.search(head):
            continue  # "has still not told families ...": nobody is saying anything
        name = _subject(head, len(head), lex)
        if name is None:
            # Inversion: "..., said Foreign Minister X." / "“...,” says the ministry."
            after = re.match(r"\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,6})",
                             sentence[m.end():m.end() + window])
            if after and re.search(r"[,”\"]\s*$", head):
                name = _clean_source(after.group(1), lex)
        if name:
            out.append(Attribution(name, m.start(), m.end()))
    # "Brill estimated that ...", "Brill put the number of ... at 400".
    est = "|".join(sorted(lex.estimate_verbs, key=len, reverse=True))
    nouns = "|".join(sorted(lex.estimate_nouns, key=len, reverse=True))
    if est and nouns:
        for m in re.finditer(rf"\b(?:{est})\b(?=\s+(?:that\b|the\s+(?:{nouns})\b))", sentence):
            head = sentence[max(0, m.start() - window):m.start()]
            name = _subject(head, len(head), lex)
            if name:
                out.append(Attribution(name, m.start(), m.end()))
    out.sort(key=lambda a: a.start)
    return out


def _subject(sentence: str, verb_start: int, lex: Lexicon) -> str | None:
    """The named subject right before a reporting verb, or None."""
    head = sentence[:verb_start]
    # ", however," and other sentence adverbs between subject and verb.
    head = re.sub(r",\s*(?:however|meanwhile|though|too|also|in turn|for its part)\s*,?\s*$",
                  " ", head, flags=re.I)
    # Keep "(WRA)" after a name: an acronym in brackets is part of it, not a boundary.
    head = re.sub(r"\(([A-Z][A-Z0-9]{1,9})\)", "\x00\\1\x01", head)
    head = _AUX.sub("", head)
    parts = _BOUNDARY.split(head)
    subject = (parts[-1].strip() if parts else "").replace("\x00", "(").replace("\x01", ")")
    if not 0 < len(subject.split()) <= 8 or _BAD_SUBJECT.search(subject):
        return None
    return _clean_source(subject, lex)


def pronoun_speaker(sentence: str, lex: Lexicon) -> int | None:
    """Position of "he said" / "she told ..." (a speaker named in an earlier sentence)."""
    verbs = "|".join(sorted(lex.attribution_verbs, key=len, reverse=True))
    m = re.search(rf"(?:^|[,”\"]\s*)(?:he|she)\s+(?:{verbs})\b", sentence, re.I)
    return m.start() if m else None


_LEAD_NAME = re.compile(
    r"^(?!(?:The|A|An|In|On|At|But|And|After|When|While|It|This|That)\b)"
    r"([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,5})\s+(?=[a-z]|on\b|said\b)"
)


def person_named(sentence: str, atts: list[Attribution]) -> str | None:
    """A person a later "he/she said" can refer to: the last multi-word named source of the
    sentence, else a multi-word capitalised subject opening it ("Minister X Y on Wednesday
    dismissed ...")."""
    named = [a.source for a in atts if len(a.source.split()) >= 2 and a.source[:1].isupper()]
    if named:
        return named[-1]
    m = _LEAD_NAME.match(sentence.lstrip("“\"‘ "))
    return m.group(1) if m else None


def _quote_state(sentence: str, inside: bool) -> tuple[bool, bool]:
    """(starts inside or opens a quotation, ends inside one) for a sentence."""
    starts = inside or sentence.lstrip()[:1] in "“\""
    depth = inside
    for ch in sentence:
        if ch == "“":
            depth = True
        elif ch == "”":
            depth = False
        elif ch == '"':
            depth = not depth
    return starts, depth


def _clean_source(text: str, lex: Lexicon) -> str | None:
    definite = bool(re.match(r"\s*the\s+\w+", text, re.I)) and len(text.split()) <= 4
    text = re.sub(r"^(?:the|a|an|while|as per|but|and)\s+", "", text.strip(" ,.;:“”\"'"),
                  flags=re.I)
    text = text.strip()
    if not text or text.lower() in lex.pronouns or text.split()[0].lower() in lex.pronouns:
        return None
    if definite:
        return text  # "the ministry said", "the monitor said"
    if len(text.split()) == 1 and text.islower() and text not in ("activists", "witnesses"):
        return None
    if _PLACE.search(" in " + text) is None and text[0].islower() and "media" not in text \
            and "sources" not in text and "activists" not in text:
        return None
    return text


def source_key(name: str | None, lex: Lexicon | None = None) -> str | None:
    """Comparable key of a source name: an acronym in it ("relief agency WRA", "The
    World Relief Alliance (WRA)" -> "wra"), a person's last name
    ("Health Minister Ana Brill" ~ "Brill"), else the name's words ("The UN OCHA"
    ~ "UN OCHA"). Organisation names (last word in the lexicon's organisation_heads) stay
    whole, so "Turkish Defence Ministry" and "Russian Defence Ministry" differ."""
    if not name:
        return None
    tokens: list[str] = re.findall(r"[\w'’-]+", name)
    if lex is not None and _unspecific(tokens, lex):
        return None
    acronyms = [t for t in tokens if len(t) >= 2 and t.isupper() and t.isalpha()]
    if acronyms:
        return acronyms[-1].lower()
    words = [w for w in re.findall(r"[\w]+", name.lower()) if w not in {"the", "s", "of", "for"}]
    heads = lex.organisation_heads if lex is not None else frozenset()
    if tokens and all(t[:1].isupper() for t in tokens) and tokens[-1].lower() not in heads:
        return tokens[-1].lower()
    return " ".join(words) or None


def _unspecific(tokens: list[str], lex: Lexicon) -> bool:
    """A source naming no particular party: its last word is an unspecific head and every
    other word an unspecific modifier ("Local officials", "a senior official", "rescuers");
    "Turkish officials" or "police spokesman" name one."""
    if not tokens or tokens[-1].lower() not in lex.unspecific_heads:
        return False
    return all(t.lower() in lex.unspecific_modifiers for t in tokens[:-1])


def _attribution_for(pos: int, atts: list[Attribution]) -> Attribution | None:
    before = [a for a in atts if a.end <= pos]
    if before:
        return before[-1]
    after = [a for a in atts if a.start > pos]
    return after[0] if after else None


def _clauses(sentence: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"[,;:]\s+|\s+(?:and|but|while|when|after|which)\s+", sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return spans


def _governing(pos: int, sentence: str, spans: list[tuple[int, int, str]]) -> int | None:
    """Index of the span that governs the word at ``pos``: one in the same clause (nearest),
    else a sentence-initial adverbial ("On Monday, shelling killed eight ...")."""
    clauses = _clauses(sentence)
    here = next(((s, e) for s, e in clauses if s <= pos <= e), (0, len(sentence)))
    same = [i for i, (s, _, _) in enumerate(spans) if here[0] <= s <= here[1]]
    if same:
        return min(same, key=lambda i: abs(spans[i][0] - pos))
    lead = [i for i, (_, e, _) in enumerate(spans) if e <= pos]
    if lead:
        prefix = sentence[:pos]
        for i in lead:
            prefix = prefix.replace(spans[i][2], " ")
        first = re.split(r"[,;:]", prefix, maxsplit=1)[0]
        if re.fullmatch(r"\s*(?:on|by|as of|until|last|this|since|early|late|in|over)?\s*"
                        r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day)?\s*", first, re.I):
            return lead[-1]
    return None


def _fact_date(pos: int, sentence: str, dates: list[DateMention]) -> DateMention | None:
    usable = [d for d in dates if not d.statement]
    i = _governing(pos, sentence, [(d.start, d.end, d.evidence) for d in usable])
    return usable[i] if i is not None else None


def _clause_span(pos: int, sentence: str) -> tuple[int, int]:
    """The clause around ``pos`` (see ``_CLAUSE_SPLIT``)."""
    begin, finish = 0, len(sentence)
    for m in _CLAUSE_SPLIT.finditer(sentence):
        if m.end() <= pos:
            begin = m.end()
        elif m.start() > pos:
            finish = m.start()
            break
    return begin, finish


def _nearest_event(
    pos: int, sentence: str, lex: Lexicon, span: tuple[int, int] | None = None
) -> tuple[str | None, str | None]:
    """Nearest event word or phrase ("lost their lives", "taken out") to ``pos``, only
    inside ``span`` when given."""
    lo, hi = span or (0, len(sentence))
    best: tuple[int, str, str] | None = None
    covered: list[tuple[int, int]] = []
    for phrase, phrase_cls in lex.event_phrases:
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", sentence, re.I):
            if lo <= m.start() and m.end() <= hi:
                covered.append((m.start(), m.end()))
                dist = abs(m.start() - pos)
                if best is None or dist < best[0]:
                    best = (dist, m.group(), phrase_cls)
    for m in _WORD.finditer(sentence):
        if not (lo <= m.start() and m.end() <= hi) or any(
                a <= m.start() < b for a, b in covered):
            continue
        cls = lex.event_class(m.group())
        if cls is None or (m.group()[:1].isupper() and m.group().lower() in lex.months):
            continue  # "in March": a month, not a march
        dist = abs(m.start() - pos)
        if best is None or dist < best[0]:
            best = (dist, m.group(), cls)
    return (best[1], best[2]) if best else (None, None)


def _nearest_place(pos: int, sentence: str, span: tuple[int, int] | None = None) -> str | None:
    lo, hi = span or (0, len(sentence))
    best: tuple[int, str] | None = None
    for m in _PLACE.finditer(sentence):
        name = re.sub(r"^the\s+", "", m.group(1))
        if _NOT_PLACE.match(m.group(1)) or not (lo <= m.start() and m.end() <= hi):
            continue
        dist = abs(m.start() - pos)
        if best is None or dist < best[0]:
            best = (dist, name)
    return best[1] if best else None


def _measure_subject(pos: int, sentence: str, lex: Lexicon,
                     span: tuple[int, int]) -> tuple[str | None, str | None]:
    """What a money figure or percentage in ``span`` measures ("turnout", "aid"): the one
    measure class named in the clause, else None (none, or two rival ones: "inflation 3%,
    unemployment 7%" without a comma between is not read)."""
    lo, hi = span
    found: dict[str, str] = {}
    clause = sentence[lo:hi]
    for phrase in sorted(lex.measure_classes, key=lambda p: (-len(p), p)):
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", clause, re.I):
            cls = lex.measure_classes[phrase]
            if cls not in found:
                found[cls] = m.group()
    if len(found) != 1:
        return None, None
    ((cls, word),) = found.items()
    return word, cls


def scope_words(text: str, lex: Lexicon) -> frozenset[str]:
    """Scope words of a clause ("nationwide", "provincial", "in total"), lower-cased."""
    low = text.lower()
    return frozenset(w for w in lex.scope_words if re.search(rf"\b{re.escape(w)}\b", low))


_NAME = re.compile(r"\b[A-Z][\w'’-]*")
_YEAR_OR_MONTH = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b[A-Z][a-z]+\b")


def clause_names(clause: str, source: str | None, lex: Lexicon) -> frozenset[str]:
    """Capitalised words of a clause that name something (not its source's words, not a
    sentence-opening common word, not calendar or lexicon words), lower-cased."""
    skip = {w.lower() for w in re.findall(r"[\w'’-]+", source or "")}
    out = set()
    for m in _NAME.finditer(clause):
        low = re.sub(r"['’]s$", "", m.group().lower())
        if low in skip or low in _CONTENT_STOP or low in lex.stop or low in lex.months \
                or low in lex.weekdays or low in lex.measure_classes \
                or lex.event_class(low) or low in lex.unit_classes or low in lex.pronouns \
                or lemmatise(low) in lex.unit_classes or low in lex.scope_words \
                or low in lex.attribution_verbs:
            continue
        out.add(low)
    return frozenset(out)


def _without(clause: str, att: Attribution | None) -> str:
    """The clause without its source's name ("local officials said": "local" is who says
    it, not the figure's scope)."""
    return clause.replace(att.source, " ") if att else clause


def when_words(sentence: str, lex: Lexicon) -> frozenset[str]:
    """Years and month names a sentence mentions ("in 2023", "in March"), lower-cased."""
    out = set()
    for m in _YEAR_OR_MONTH.finditer(sentence):
        w = m.group().lower()
        if w.isdigit() or (w in lex.months and len(w) > 3):  # "may" is mostly a verb
            out.add(w if w.isdigit() else str(lex.months[w]))
    return frozenset(out)


def _subject_measure(measure: str) -> bool:
    """Measures whose subject is a measure class in the clause ("turnout", "aid"): money,
    percentages, ages, durations (decision 0406). Years, clock times, rankings and physical
    figures take the nearest event word, as counts do (issue 14)."""
    head = measure.split(":")[0]
    return head not in PHYSICAL_KINDS | {"year", "time", "ordinal"}


def _interval(q: Quantity, s: ClaimSettings, lex: Lexicon | None = None) -> tuple[float, float]:
    """The values a figure allows under its qualifier and rounding; durations in days,
    physical figures in their kind's base unit, years, clock times and rankings as points on
    their scale."""
    head = (q.measure or "").split(":")[0]
    if head in {"year", "time", "ordinal"}:
        return _position_interval(q, s)
    if head == "magnitude":  # a reading to its last decimal: 6.8 is 6.75-6.85
        return _magnitude_interval(q, s)
    if head == "age" and q.rounding > 0.5:  # "the 70-year-old" is 70, not 65-75 (issue 14)
        q = dataclasses.replace(q, rounding=0.5)
    low, high = _interval_stated(q, s)
    if q.measure == "duration" and q.unit in DURATION_DAYS:
        return low * DURATION_DAYS[q.unit], high * DURATION_DAYS[q.unit]
    if head in PHYSICAL_KINDS and lex is not None and (q.unit or "").lower() in lex.physical:
        factor = lex.physical[(q.unit or "").lower()][1]
        return low * factor, high * factor
    return low, high


def _gap_scale(measure: str | None, s: ClaimSettings) -> float | None:
    head = (measure or "").split(":")[0]
    return {"time": s.clock_gap_scale, "year": s.year_gap_scale,
            "ordinal": s.ordinal_gap_scale, "magnitude": s.magnitude_gap_scale}.get(head)


def _magnitude_interval(q: Quantity, s: ClaimSettings) -> tuple[float, float]:
    """A magnitude reading: within half its last decimal (``rounding``, at most
    ``magnitude_about`` either side), ``about`` widening it to that width."""
    v = q.value
    half = min(q.rounding, s.magnitude_about) * 0.98  # 6.8 and 6.9 do not touch
    match q.qualifier:
        case "about" | "nearly":
            return v - s.magnitude_about, v + s.magnitude_about
        case "more than" | "at least":
            return v, v + s.magnitude_about
        case "up to" | "less than":
            return v - s.magnitude_about, v
    return v - half, v + half


def _position_interval(q: Quantity, s: ClaimSettings) -> tuple[float, float]:
    """A point on a scale (a year, a minute of the day, a rank): exact, or within the
    kind's ``about`` width; "before/after"-like qualifiers open one side by that width."""
    v = q.value
    width = s.clock_about_minutes if (q.measure or "").startswith("time") else s.year_about
    match q.qualifier:
        case "about":
            return v - width, v + width
        case "more than" | "at least":
            return v, v + width
        case "nearly" | "up to" | "less than":
            return v - width, v
    return v - 0.49, v + 0.49


def _interval_stated(q: Quantity, s: ClaimSettings) -> tuple[float, float]:
    v, hi = q.value, q.high if q.high is not None else q.value
    tol = max(v * s.exact_tolerance, min(q.rounding, v * s.rounding_cap))
    if q.rounding <= 0.5 and v == int(v):
        # An exact whole count ("45 days", "49 dead") means that number: one more or one
        # less is another figure (issue 14), whatever its size.
        tol = min(tol, 0.49)
    match q.qualifier:
        case "more than":
            return v, hi * s.more_than_high
        case "at least":
            return v, hi * s.at_least_high
        case "about":
            return v * (1 - s.about_tolerance), hi * (1 + s.about_tolerance)
        case "nearly":
            return v * s.nearly_low, hi
        case "up to" | "less than":
            return v * s.up_to_low, hi
    return v - tol, hi + tol


def _period_for(pos: int, sentence: str, periods: list[Period]) -> Period | None:
    i = _governing(pos, sentence, [(p.start, p.end, p.text) for p in periods])
    return periods[i] if i is not None else None


def _baseline(before: str, lex: Lexicon) -> bool:
    """Whether the words before a figure make it an earlier level ("up from", "compared
    with"), allowing a currency symbol or code in between."""
    tail = re.sub(r"\s*(?:[A-Z]{0,3}[$€£¥₹₽₺]|[A-Z]{3})\s*$", "", before).lower().rstrip()
    return any(tail == p or tail.endswith(" " + p) for p in lex.baseline_before)


_PARTITIVE = re.compile(r"\s+of\s+(?:the|them|whom|those|these)\b", re.I)
_ANOTHER = re.compile(r"\b(?:another|a further|an additional|further)\s+$", re.I)
# A count that is one term of a sum: "three men and a woman", "two men and one woman" (the
# total in custody is four; issue 14). The term after "and" must be a counted noun, not an
# event ("2 dead and 1 injured" is no sum): checked against the lexicon's event words.
_SUM_TERM = re.compile(r"^\s+([A-Za-z][\w'’-]*)\s+and\s+(?:a|an|one|two|three|four|five|"
                       r"six|seven|eight|nine|ten|\d+)\s+([A-Za-z][\w'’-]*)", re.I)


def _sum_term(after: str, lex: Lexicon) -> bool:
    """Whether the figure whose sentence continues with ``after`` is one term of a sum of
    two different counted nouns ("three men and a woman")."""
    m = _SUM_TERM.match(after)
    if m is None:
        return False
    first, second = m.group(1).lower(), m.group(2).lower()
    if lemmatise(first) == lemmatise(second):
        return False
    return not any(lex.event_class(w) for w in (first, second)) and \
        lex.unit_class(second) is not None


def _update_pattern(lex: Lexicon) -> re.Pattern[str] | None:
    """Words right before a number that report it as a changed figure ("rose to seven",
    "has risen to at least 7")."""
    if not lex.update_verbs:
        return None
    verbs = "|".join(sorted(lex.update_verbs, key=len, reverse=True))
    # ... or the end of a change stated from one figure to another ("dropped from a high of
    # more than 100 in March to just over 35 in May"): the figure after "to" (issue 14).
    return re.compile(rf"\b(?:{verbs})\b(?:(?:\s+[\w'’-]+){{0,3}}?|\s+from\s[^.;]*?)"
                      r"\s+(?:to|at)\s+(?:[a-z]+\s+){0,2}$", re.I)


# How far before a figure its update verb may stand ("fell from ... to 35"): characters.
_UPDATE_REACH = 200

# "from 40", "up from 12", "from a first report of 40", "from an initial count of 40": the
# earlier figure of a change (issue 14); kept only when its sentence also has an updated one.
_FROM = re.compile(r"\bfrom\s+(?:(?:a|an|the|its|their)\s+)?(?:[a-z]+\s+){0,3}?(?:of\s+)?"
                   r"(?:(?:about|around|some|nearly|at least|more than|over)\s+)?$", re.I)


def _change_pattern(lex: Lexicon) -> re.Pattern[str] | None:
    """Words right before a number that make it a difference ("reduced by 30", "lower by
    more than 25")."""
    words = lex.change_words | lex.update_verbs
    if not words:
        return None
    alt = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\s+by\s+(?:[a-z]+\s+){{0,2}}$", re.I)


def _speakers(sentences: list[str], lex: Lexicon,
              last_person: str | None) -> tuple[list[list[Attribution]], str | None]:
    """Attributions per sentence, with "he/she said" resolved to the person named last and
    unattributed sentences of a quotation given the quotation's speaker ("“A. B,” said X."
    and "“A,” he said. “B.”")."""
    out: list[list[Attribution]] = []
    for sent in sentences:
        atts = find_attributions(sent, lex)
        at = pronoun_speaker(sent, lex) if not atts else None
        if at is not None and last_person:
            atts = [Attribution(last_person, at, at)]
        out.append(atts)
        last_person = person_named(sent, atts) or last_person
    inside = False
    states = []
    for sent in sentences:
        starts, ends = _quote_state(sent, inside)
        states.append((starts, ends))
        inside = ends
    k = 0
    while k < len(sentences):
        if not states[k][0]:
            k += 1
            continue
        j = k
        while j < len(sentences) - 1 and states[j][1]:
            j += 1
        group = range(k, j + 1)
        speaker = next((out[x][-1].source for x in group if out[x]), None)
        if speaker is None and k > 0 and states[k - 1][0] and out[k - 1]:
            speaker = out[k - 1][-1].source  # “A,” he said. “B.”
        for x in group:
            if not out[x] and speaker:
                out[x] = [Attribution(speaker, len(sentences[x]), len(sentences[x]))]
        k = j + 1
    return out, last_person


def _keep_stated_changes(facts: list[Facts]) -> list[Facts]:
    """An ``earlier`` figure ("from 40") stays one only when its sentence also reports an
    updated figure ("jumped to 96"): "from 12 countries" alone orders nothing."""
    updated = {f.sentence_index for f in facts if f.update}
    return [dataclasses.replace(f, earlier=False)
            if f.earlier and f.sentence_index not in updated else f for f in facts]


def _mark_leads(facts: list[Facts]) -> list[Facts]:
    """Flag each article's first total (not a part, not an update) of each kind of count."""
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for f in facts:
        key = (f.unit_class, f.event_class)
        if f.claim.kind == "quantity" and not f.part and not f.update and key not in seen:
            seen.add(key)
            f = dataclasses.replace(f, lead=True)
        out.append(f)
    return out


def _as_of(fact: DateMention | None, published: dt.date | None) -> str | None:
    """When a figure holds (issue 14): the day its clause names ("on Saturday", "yesterday",
    resolved against the page date), else the page's publication date; None when neither is
    known (an inferred anchor, decision 0404, is not enough to order figures in time)."""
    if fact is not None and fact.date and fact.precision == "day" and not fact.inferred:
        return fact.date.isoformat()
    return published.isoformat() if published else None


def _evidence(d: DateMention, anchor: Anchor | None) -> str:
    """The words a date was resolved from, and for an inferred date what it was inferred
    from ("on Monday; inferred: event dated 2020-02-17 from ...")."""
    if d.inferred and anchor is not None:
        return f"{d.evidence}{INFERRED}{anchor.evidence}"
    return d.evidence


def extract_claims(
    article: Article, lex: Lexicon, settings: ClaimSettings, anchor: Anchor | None = None
) -> list[Facts]:
    """Claims of one article with their facts, in text order; ids ``<article>:c<NNN>``.
    ``anchor`` (claims/anchor.py) resolves dates only when the article has no publication
    date; the article itself is not changed."""
    published = parse_iso(article.published)
    if published is not None:
        anchor = None
    paragraphs = article.paragraphs or tuple(p for p in article.body.split("\n\n") if p.strip())
    out: list[Facts] = []
    index = 0
    update_re = _update_pattern(lex)
    change_re = _change_pattern(lex)
    last_person: str | None = None

    def claim_id() -> str:
        nonlocal index
        index += 1
        return f"{article.id}:c{index - 1:03d}"

    sentence_index = -1
    for paragraph in paragraphs:
        sentences = split_sentences(paragraph, settings.max_sentence_chars)
        speakers, last_person = _speakers(sentences, lex, last_person)
        for sentence, atts in zip(sentences, speakers, strict=True):
            checkpoint()  # storylens.deadline: the article's budget
            sentence_index += 1
            text = sentence[:settings.max_text_chars]
            dates = find_dates(sentence, published, anchor)
            periods = find_periods(sentence, published, lex)
            words = content_words(sentence, lex)
            masked = [(d.start, d.end) for d in dates] + [(p.start, p.end) for p in periods]
            quantities = find_quantities(sentence, lex, masked)
            mine: list[int] = []  # indexes in ``out`` of this sentence's quantity claims
            for q in quantities:
                att = _attribution_for(q.start, atts)
                span = _clause_span(q.start, sentence)
                if q.measure is None or not _subject_measure(q.measure):
                    event_word, event_cls = _nearest_event(q.start, sentence, lex, span)
                else:  # money, percentages: what they measure (decision 0406)
                    event_word, event_cls = _measure_subject(q.start, sentence, lex, span)
                fact = _fact_date(q.start, sentence, dates)
                said = next((d for d in dates if d.statement and d.date), None)
                period = _period_for(q.start, sentence, periods)
                unit = q.unit
                elided = (unit or "").lower() in _ELIDED  # "48 others were injured"
                unit_cls = q.measure or (None if elided else lex.unit_class(unit))
                head_event = lex.event_class(unit.split()[-1]) if unit and not q.measure \
                    else None
                if head_event in _PEOPLE_EVENTS:
                    # "602 deaths", "29 fatalities", "1,800 injuries": people, and the event.
                    unit_cls, event_cls = "person", head_event
                    event_word = event_word or unit
                if unit_cls is None and event_cls in _PEOPLE_EVENTS:
                    unit_cls = "person"
                part = bool(_PARTITIVE.match(sentence[q.end:])) or (
                    q.measure is None and _sum_term(sentence[q.end:], lex))
                if q.measure is not None and _baseline(sentence[:q.start], lex):
                    part = True  # "up from 41%": an earlier level, never a rival figure
                another = bool(_ANOTHER.search(sentence[:q.start]))
                before = out[mine[-1]] if mine else None
                same_voice = before is not None and before.claim.attributed_to == (
                    att.source if att else None)
                if before is not None and (unit is None or elided) and same_voice \
                        and event_cls is None:
                    # Ellipsis: "nine people died - five in Orla and four in Bex", "200
                    # people by boat and another 300 by bus": the earlier noun is meant.
                    unit, unit_cls = before.claim.unit, before.unit_class
                    event_word = event_word or before.claim.event
                    event_cls = event_cls or before.event_class
                    if before.part or another or q.value < (before.claim.value or 0.0):
                        part = True
                if another and before is not None and before.unit_class == unit_cls:
                    part = True
                    out[mine[-1]] = dataclasses.replace(before, part=True)
                modifiers = frozenset(
                    w.lower() for w in (unit or "").split()[:-1] if w[:1].isupper()
                )
                if q.measure == "magnitude":  # an aftershock's reading is another measure
                    modifiers = frozenset(
                        w for w in re.findall(r"[a-z]+", sentence[span[0]:span[1]].lower())
                        if w in lex.shock_words)
                date_mention = fact or said
                claim = Claim(
                    id=claim_id(), article=article.id, text=text, kind="quantity",
                    value=q.value, unit=unit, qualifier=q.qualifier,
                    date=date_mention.date.isoformat() if date_mention and date_mention.date
                    else None,
                    period=period.text if period else None,
                    attributed_to=att.source if att else None,
                    date_evidence=(("statement: " if fact is None else "")
                                   + _evidence(date_mention, anchor)) if date_mention else None,
                    place=_nearest_place(q.start, sentence, span), event=event_word,
                    value_high=q.high,
                    as_of=_as_of(fact, published),
                )
                low, high = _interval(q, settings, lex)
                mine.append(len(out))
                out.append(Facts(
                    claim=claim, sentence_index=sentence_index, low=low, high=high,
                    unit_class=unit_cls, modifiers=modifiers, event_class=event_cls,
                    fact_date=fact.date if fact and fact.precision == "day"
                    and not fact.inferred else None,
                    period_bucket=period.bucket if period else None,
                    source=source_key(att.source if att else None, lex), words=words,
                    place=claim.place, part=part, published=published,
                    update=bool(update_re and update_re.search(
                        sentence[max(0, q.start - _UPDATE_REACH):q.start])),
                    change=bool(change_re and change_re.search(sentence[:q.start])),
                    earlier=bool(_FROM.search(sentence[max(0, q.start - 60):q.start])),
                    date_inferred=bool(date_mention and date_mention.inferred),
                    weekday=_weekday(fact, lex),
                    scope=scope_words(_without(sentence[span[0]:span[1]], att), lex),
                    names=clause_names(sentence[span[0]:span[1]], att.source if att else None,
                                       lex) if q.measure else frozenset(),
                    when=when_words(sentence, lex) if q.measure else frozenset(),
                    sentence=sentence, span=(q.start, q.end),
                    gap_scale=_gap_scale(q.measure, settings),
                ))
            seen: set[dt.date | None] = set()
            for d in dates:
                if d.statement or d.date in seen:
                    continue
                seen.add(d.date)
                att = _attribution_for(d.start, atts)
                event_word, event_cls = _nearest_event(d.start, sentence, lex)
                place = _nearest_place(d.start, sentence)
                claim = Claim(
                    id=claim_id(), article=article.id, text=text, kind="date",
                    date=d.date.isoformat() if d.date else None,
                    date_evidence=_evidence(d, anchor),
                    attributed_to=att.source if att else None, place=place, event=event_word,
                )
                out.append(Facts(
                    claim=claim, sentence_index=sentence_index, event_class=event_cls,
                    fact_date=d.date if d.precision == "day" else None,
                    source=source_key(att.source if att else None, lex), words=words,
                    place=place, date_inferred=d.inferred,
                ))
            if not quantities and not dates and atts:
                att = atts[0]
                claim = Claim(
                    id=claim_id(), article=article.id, text=text, kind="statement",
                    attributed_to=att.source, place=_nearest_place(att.start, sentence),
                    event=_nearest_event(att.start, sentence, lex)[0],
                )
                out.append(Facts(claim=claim, sentence_index=sentence_index,
                                 source=source_key(att.source, lex), words=words,
                                 place=claim.place))
    return _mark_leads(_keep_stated_changes(out))
