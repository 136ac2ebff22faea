"""Mojibake repair: text that was decoded with the wrong codec, put right before extraction.

"gÃ¼nlÃ¼k" is "günlük" written in UTF-8 and read as Windows-1252; a page saved or copied that
way reaches us already decoded, so no charset detection can help. ftfy (Robyn Speer's "fixes
text for you", maintained since 2012) finds such sequences and undoes the wrong decoding.

Only its encoding fixes run here (decision 0108): the wrong-codec round trip, the C1 control
characters of a Latin-1/Windows-1252 mix-up, a UTF-8 sequence whose 0xA0 byte became a
space. Everything that would change correct text (curly quotes, ligatures, full-width forms,
HTML entities, line breaks, Unicode normalisation) stays off: the repaired text must differ
from the page only where the page was broken. The repair is kept, and said: the Article's
``text_repair`` names the steps ftfy took.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from storylens.records import Article

# A cheap test before ftfy (whose own badness check costs ~0.1 s on a 300 kB page): UTF-8 read
# as Latin-1/Windows-1252 leaves a lead byte U+00C2-U+00F4 ("Ã", "Â", "â") followed by a
# continuation byte shown as U+0080-U+00BF or a Windows-1252 symbol (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ
# Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ); UTF-8 read as Windows-1251 leaves "Р"/"С" pairs
# ("РџСЂРёРІРµС‚"). Text without either is left alone without asking ftfy.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]|[\u0420\u0421][\u0402-\u045f\u0490\u0491\u00a0-"
    "\u00bb\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2116"
    "\u2122](?:[\u0420\u0421][\u0402-\u045f\u0490\u0491\u00a0-\u00bb\u2018-"
    "\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2116\u2122]){2}")


@dataclass(frozen=True, slots=True)
class Repair:
    text: str
    note: str | None  # None: the text was left as it was


def repair_mojibake(text: str) -> Repair:
    """``text`` with wrong-codec sequences decoded right, and what was done (or None)."""
    import ftfy

    if not _SUSPECT.search(text):
        return Repair(text, None)

    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
        restore_byte_a0=True, replace_lossy_sequences=True, decode_inconsistent_utf8=True,
        fix_c1_controls=True, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=True,
        remove_control_chars=False, normalization=None, explain=True,
    )
    try:
        fixed, steps = ftfy.fix_and_explain(text, config)
    except Exception:  # ftfy never should; a page it cannot handle is used as it is
        return Repair(text, None)
    if fixed == text:
        return Repair(text, None)
    done = ", ".join(f"{action} {arg}" for action, arg in (steps or []))
    return Repair(fixed, f"mojibake repaired (ftfy: {done or 'encoding fixes'})")


def repair_article(article: Article) -> Article:
    """The Article with mojibake repaired in its text fields (title, body, paragraphs, dek,
    byline, outlet, captions, author bio) and ``text_repair`` saying so; used on the HTML
    path, where a repair of the raw page would also touch markup nobody reads."""
    notes: list[str] = []

    def fix(value: str | None) -> str | None:
        if not value:
            return value
        r = repair_mojibake(value)
        if r.note is not None:
            notes.append(r.note)
        return r.text

    changed = dataclasses.replace(
        article, title=fix(article.title) or "", body=fix(article.body) or "",
        paragraphs=tuple(fix(p) or "" for p in article.paragraphs), dek=fix(article.dek),
        byline=fix(article.byline), outlet=fix(article.outlet),
        captions=tuple(fix(c) or "" for c in article.captions),
        author_bio=fix(article.author_bio))
    if not notes:
        return article
    return dataclasses.replace(changed, text_repair=notes[0])
