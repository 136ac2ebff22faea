"""`storylens analyze` end to end: outputs, input accounting, duplicates, exit codes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from storylens.cli import app

runner = CliRunner()

PARAS = [
    "The river authority of Valdmoor opened the flood gates of the Kessel dam on Tuesday "
    "after three days of rain raised the reservoir to its highest level in forty years.",
    "Officials said 1,200 residents of the lower valley were moved to schools in Brenn "
    "and that no injuries had been reported by the evening.",
    "The authority's director, Ilse Marrow, told reporters the gates would stay open "
    "until the level fell by two metres, which could take a week.",
]


def _page(title: str, paras: list[str]) -> str:
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def _analyze(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["analyze", *args, "--quiet"])
    out = Path(args[args.index("--out") + 1])
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    return result.exit_code, data


def test_cli_analyze_bad_inputs_all_accounted(tmp_path: Path) -> None:
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "good.txt").write_text(_page("Dam gates opened at Kessel", PARAS), encoding="utf-8")
    (pile / "empty.txt").write_bytes(b"")
    (pile / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    blob = gzip.compress(("<html><body>" + "<p>text</p>" * 500 + "</body></html>").encode())
    (pile / "cut.html.gz").write_bytes(blob[: len(blob) // 2])
    (pile / "latin.txt").write_bytes(
        _page("Pluies à Valdmoor: la crue de la Kessel", [p.replace("The", "Le") for p in PARAS])
        .encode("latin-1", "replace")
    )
    code, data = _analyze(str(pile), "--out", str(tmp_path / "out"))
    assert code == 0
    statuses = {Path(i["source"]).name: (i["status"], i["reason"]) for i in data["inputs"]}
    assert set(statuses) == {"good.txt", "empty.txt", "photo.html", "cut.html.gz", "latin.txt"}
    assert statuses["good.txt"][0] == "ingested"
    for name in ("empty.txt", "photo.html", "cut.html.gz"):
        assert statuses[name][0] in ("skipped", "failed") and statuses[name][1], name
    assert statuses["latin.txt"][0] == "ingested"
    assert (tmp_path / "out" / "report.html").is_file()
    for key in ("articles", "inputs", "stories", "relations", "lineages", "claims",
                "claim_groups", "framing", "brief"):
        assert isinstance(data[key], list), key


def test_cli_analyze_twice_reports_duplicates(tmp_path: Path) -> None:
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "a.txt").write_text(_page("Dam gates opened at Kessel", PARAS), encoding="utf-8")
    (pile / "copy-of-a.txt").write_text(_page("Dam gates opened at Kessel", PARAS) + "\n",
                                        encoding="utf-8")
    out = str(tmp_path / "out")
    code, first = _analyze(str(pile), "--out", out)
    assert code == 0
    assert [i["status"] for i in first["inputs"]] == ["ingested", "duplicate"]
    assert len(first["articles"]) == 1
    code, second = _analyze(str(pile), "--out", out)
    assert code == 0
    assert [i["status"] for i in second["inputs"]] == ["duplicate", "duplicate"]
    assert [a["id"] for a in second["articles"]] == ["a"]


def test_cli_analyze_nothing_analysable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1


def test_cli_analyze_strict_fails_on_failed_input(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(_page("Dam gates opened", PARAS), encoding="utf-8")
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    out = str(tmp_path / "o")
    assert runner.invoke(app, ["analyze", str(tmp_path), "--out", out, "-q"]).exit_code == 0
    strict = runner.invoke(app, ["analyze", str(tmp_path), "--out", out, "-q", "--strict"])
    assert strict.exit_code == 1


def test_cli_analyze_seeds_kept_lines_and_titles(tmp_path: Path, seeds_dir: Path,
                                                 gold: dict[str, Any]) -> None:
    code, data = _analyze(str(seeds_dir), "--out", str(tmp_path / "out"))
    assert code == 0
    arts = {a["id"]: a for a in data["articles"]}
    assert len(arts) == 5
    for name, doc in gold["documents"].items():
        art = arts[Path(name).stem]
        lines = (seeds_dir / name).read_text(encoding="utf-8").splitlines()
        assert not set(art["kept_lines"]) & set(doc["boilerplate_lines"]), name
        assert doc["title_line"] in art["kept_lines"], name
        assert art["title"].strip() == lines[doc["title_line"] - 1].strip(), name
    gold_json = [i for i in data["inputs"] if i["source"].endswith("gold.json")]
    assert gold_json and gold_json[0]["status"] == "skipped"


def test_cli_extract_prints_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_page("Dam gates opened at Kessel", PARAS), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["title"] == "Dam gates opened at Kessel"
    assert "Ilse Marrow" in record["body"]


def test_cli_analyze_says_when_the_semantic_extra_is_missing(tmp_path: Path,
                                                              monkeypatch: Any) -> None:
    import storylens.stories.semantic as semantic

    (tmp_path / "a.txt").write_text(_page("Dam gates opened at Kessel", PARAS), encoding="utf-8")
    monkeypatch.setattr(semantic, "model_dir", lambda: None)
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "semantic extra not installed" in result.output
    assert "lexical + multilingual only" in " ".join(result.output.split())
