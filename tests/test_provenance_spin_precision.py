"""Gate: the no-sibling spin detector must not label honest news as machine-spun.

Runs over dragnet gold texts (honest English news and blog pages, ../shared/eval/data) at
test time; the texts are read, never copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

from storylens.provenance.spin import assess, load_lexicon, text_evidence
from storylens.settings import Settings

MAX_FALSE_POSITIVE_RATE = 0.02  # the bound
SAMPLE = 400  # every third file: ~1/3 of the 1,381 texts keeps the test under 5 s


def test_provenance_spin_false_positive_rate_on_dragnet(shared_dir: Path) -> None:
    gold_dir = shared_dir / "eval" / "data" / "dragnet" / "GoldStandard"
    files = sorted(gold_dir.glob("*.txt"))[::3][:SAMPLE]
    assert len(files) >= 300
    settings = Settings().provenance
    lexicon = load_lexicon(settings.spin_lexicon)
    labelled = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace").split("!@#$%^&*() COMMENTS")[0]
        if assess(text_evidence(text, lexicon), settings).label:
            labelled.append(f.name)
    assert len(labelled) / len(files) <= MAX_FALSE_POSITIVE_RATE, labelled


def test_provenance_spin_lexicon_variants_absent_from_honest_news(shared_dir: Path) -> None:
    """No tortured collocation of the lexicon occurs in any dragnet gold text."""
    gold_dir = shared_dir / "eval" / "data" / "dragnet" / "GoldStandard"
    lexicon = load_lexicon(Settings().provenance.spin_lexicon)
    found = []
    for f in sorted(gold_dir.glob("*.txt")):
        text = f.read_text(encoding="utf-8", errors="replace").split("!@#$%^&*() COMMENTS")[0]
        evidence = text_evidence(text, lexicon)
        found += [(f.name, e.phrase) for e in evidence if e.kind == "collocation"]
    assert found == []


def test_provenance_spin_lexicon_variant_inside_a_proper_name_is_not_evidence() -> None:
    from storylens.provenance.spin import load_lexicon, text_evidence
    from storylens.settings import Settings

    lexicon = load_lexicon(Settings().provenance.spin_lexicon)
    honest = ("The Civil Protection Minister said on Tuesday that rescue teams had reached "
              "every flooded village in the valley and that the search would go on.")
    assert [e.phrase for e in text_evidence(honest, lexicon)] == []
