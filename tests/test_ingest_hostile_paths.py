"""Issue 19: every path met gets one input record; only regular files are read; bytes read
are capped; JSONL records are named file:line and a bad hint field only drops that field."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storylens.ingest import files
from storylens.ingest.files import iter_inputs
from storylens.records import InputRecord, Page
from storylens.settings import Settings

TEXT = ("The council said the river rose quickly overnight and residents of the low streets "
        "were moved to the school hall before dawn. ") * 3


def _by_name(items: list[Page | InputRecord]) -> dict[str, Page | InputRecord]:
    return {Path(i.source).name: i for i in items}


def test_ingest_special_files_and_links_get_reasons(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Good title\n\n" + TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.txt").write_text("Inner title\n\n" + TEXT, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    items = list(iter_inputs([tmp_path], Settings()))
    by = _by_name(items)
    assert len(items) == len(by) == 8  # one entry per path met, none twice
    assert isinstance(by["good.txt"], Page) and isinstance(by["inner.txt"], Page)
    assert "named pipe" in by["pipe.html"].reason  # type: ignore[union-attr]
    assert "character device" in by["zero.txt"].reason  # type: ignore[union-attr]
    assert by["broken.txt"].status == "failed"  # type: ignore[union-attr]
    assert "not followed" in by["loop"].reason  # type: ignore[union-attr]
    assert by["empty"].reason == "empty folder"  # type: ignore[union-attr]
    assert "hidden" in by[".hidden.txt"].reason  # type: ignore[union-attr]


def test_ingest_file_link_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing.html")
    by = _by_name(list(iter_inputs([tmp_path], Settings())))
    assert by["a.html"].reason == by["b.html"].reason == "symbolic link loop"  # type: ignore[union-attr]
    assert by["gone.html"].reason == "broken symbolic link"  # type: ignore[union-attr]


def test_ingest_special_file_given_directly(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.txt")
    (item,) = list(iter_inputs([tmp_path / "p.txt"], Settings()))
    assert isinstance(item, InputRecord) and item.status == "skipped"


def test_ingest_unreadable_folder_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path: str | Path) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    (item,) = list(iter_inputs([tmp_path], Settings()))
    assert isinstance(item, InputRecord) and item.status == "failed"
    assert item.reason == "cannot read folder: Permission denied"
    assert item.source.endswith("locked")


def test_ingest_cap_counts_bytes_read_not_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 5000, encoding="utf-8")
    settings = Settings().with_overrides({"ingest.max_bytes": 1000})
    # a file whose stat says "small" (as /proc files do) is still cut while reading
    assert isinstance(files._read_capped(big, 1000), bytes)
    assert len(files._read_capped(big, 1000)) == 1001  # type: ignore[arg-type]
    (item,) = list(iter_inputs([big], settings))
    assert isinstance(item, InputRecord) and "too large" in item.reason


def test_ingest_jsonl_named_file_line_with_url_kept(tmp_path: Path) -> None:
    path = tmp_path / "pile.jsonl"
    lines = [json.dumps({"url": "https://news.example/a", "text": f"Version {n}\n\n{TEXT}"})
             for n in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([path], Settings()))
    assert [i.source for i in items] == [f"{path}:{n}" for n in (1, 2, 3)]
    assert all(isinstance(i, Page) and i.url == "https://news.example/a" for i in items)


def test_ingest_jsonl_bad_hint_dropped_text_kept(tmp_path: Path) -> None:
    path = tmp_path / "pile.jsonl"
    rec = {"url": "https://news.example/a", "text": TEXT, "published": 20240312,
           "title": ["a", "b"], "outlet": {"name": "x"}}
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (page,) = list(iter_inputs([path], Settings()))
    assert isinstance(page, Page) and page.content == TEXT
    assert page.published_hint is None and page.title_hint is None and page.outlet_hint is None
    assert len(page.warnings) == 3 and "'published' dropped" in page.warnings[0]


def test_ingest_jsonl_lone_surrogates_do_not_break(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Bad \\ud800 char ' + TEXT + '", "title": "T \\udfff"}\n',
                    encoding="utf-8")
    (page,) = list(iter_inputs([path], Settings()))
    assert isinstance(page, Page) and "\ufffd" in page.content
