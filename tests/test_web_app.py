"""The web app over a real SQLite store seeded with the sample analysis."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_report_html import assert_inert
from test_report_sample import hostile_analysis, sample_analysis

from storylens.records import Analysis, InputRecord, Relation
from storylens.settings import Settings
from storylens.store import Store
from storylens.web import create_app
from storylens.web.app import safe_name


def seed_store(path: Path, analysis: Analysis) -> None:
    """Write ``analysis`` into a store as one finished run."""
    arts = tuple(
        dataclasses.replace(a, content_hash=hashlib.sha1(a.id.encode()).hexdigest())
        for a in analysis.articles
    )
    analysis = dataclasses.replace(analysis, articles=arts)
    with Store.open(path) as store:
        for a in arts:
            store.put_article(a)
        run = store.begin_run({"sources": ["fixture"]})
        store.finish_run(run, analysis, list(analysis.stories))


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    db = tmp_path / "s.db"
    seed_store(db, sample_analysis())
    return TestClient(create_app(db, Settings()))


@pytest.fixture
def hostile_client(tmp_path: Path) -> TestClient:
    db = tmp_path / "h.db"
    seed_store(db, hostile_analysis())
    return TestClient(create_app(db, Settings()))


def test_web_index_lists_nested_stories(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "Port Alder flooding" in r.text and "Port Alder flood evacuations" in r.text
    assert "script-src" not in r.headers["content-security-policy"]
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "<script" not in r.text


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "evacuations"}, 1), ({"q": "nothing like this"}, 0),
    ({"outlet": "Valley Voice"}, 2), ({"outlet": "Nobody"}, 0),
    ({"status": "conflict"}, 2), ({"status": "attributed-dispute"}, 0),
    ({"date_from": "2031-04-10"}, 2), ({"date_to": "2031-04-01"}, 0),
])
def test_web_story_filters(client: TestClient, query: dict[str, str], expected: int) -> None:
    r = client.get("/api/stories", params=query)
    assert r.status_code == 200
    assert r.json()["total"] == expected
    html = client.get("/", params=query).text
    assert f"{expected} stor" in html


def test_web_story_page_sections(client: TestClient) -> None:
    r = client.get("/stories/ev1")
    assert r.status_code == 200
    for heading in ("Sources", "Provenance graph", "Compare", "Claims", "Framing", "Brief"):
        assert f">{heading}</h2>" in r.text
    assert "/compare?a=wire&amp;b=spun" in r.text
    assert client.get("/stories/nope").status_code == 404


@pytest.fixture
def no_relate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compare from the stored analysis only (as before provenance.relate existed)."""
    import storylens.provenance as prov

    monkeypatch.delattr(prov, "relate", raising=False)


def test_web_compare_page(client: TestClient, no_relate: None) -> None:
    r = client.get("/compare", params={"a": "spun", "b": "wire"})
    assert r.status_code == 200
    assert 'class="sub">compelled' in r.text
    assert "from the stored analysis" in r.text
    missing = client.get("/compare", params={"a": "spun", "b": "valley"})
    assert missing.status_code == 404 and "no relation computed" in missing.text
    assert client.get("/compare").status_code == 200


def test_web_article_and_inputs_pages(client: TestClient) -> None:
    r = client.get("/articles/spun")
    assert r.status_code == 200 and "Salvage teams" in r.text
    assert client.get("/articles/none").status_code == 404
    inputs = client.get("/inputs", params={"status": "skipped"}).text
    assert "pages/logo.png" in inputs and "pages/wire.html" not in inputs


def test_web_api_shapes(client: TestClient, no_relate: None) -> None:
    detail = client.get("/api/stories/ev1").json()
    assert [g["status"] for g in detail["claim_groups"]] == ["conflict", "agree"]
    assert detail["brief"]["sentences"][0]["sources"] == ["Harbor Wire", "Coast Daily"]
    art = client.get("/api/articles/wire").json()
    assert art["outlet"] == "Harbor Wire" and art["body"].startswith("Floodwater")
    cmp = client.get("/api/compare", params={"a": "spun", "b": "wire"}).json()
    assert cmp["origin"] == "stored" and cmp["relation"]["direction"] == "b->a"
    assert cmp["relation"]["alignments"][0]["substitutions"][0] == ["compelled", "forced"]
    r = client.get("/api/compare", params={"a": "spun", "b": "valley"})
    assert r.status_code == 404 and "no relation" in r.json()["detail"]
    assert client.get("/api/articles/zzz").status_code == 404
    assert client.get("/api/nothing").json() == {"detail": "Not Found"}


def test_web_compare_prefers_provenance_relate(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storylens.provenance as prov

    def relate(a: Any, b: Any, settings: Settings) -> Relation:
        return Relation(a.id, b.id, "independent", 0.01)

    monkeypatch.setattr(prov, "relate", relate, raising=False)
    cmp = client.get("/api/compare", params={"a": "spun", "b": "valley"}).json()
    assert cmp["origin"] == "computed" and cmp["relation"]["relation"] == "independent"


def test_web_openapi_documents_typed_api(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert set(doc["paths"]) == {"/api/stories", "/api/stories/{story_id}",
                                 "/api/articles/{article_id}", "/api/compare"}
    ok = doc["paths"]["/api/compare"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("CompareOut")
    assert "RelationOut" in doc["components"]["schemas"]


def test_web_compare_with_real_relate(client: TestClient) -> None:
    r = client.get("/api/compare", params={"a": "wire", "b": "spun"})
    assert r.status_code == 200
    assert r.json()["relation"]["a"] == "wire"
    assert client.get("/compare", params={"a": "wire", "b": "spun"}).status_code == 200


def test_web_hostile_text_is_inert(hostile_client: TestClient) -> None:
    for url in ("/", "/stories/ev1", "/stories/sl1", "/articles/wire", "/inputs",
                "/compare?a=wire&b=spun"):
        r = hostile_client.get(url)
        assert r.status_code == 200, url
        assert_inert(r.text)
    data = hostile_client.get("/api/articles/wire").json()
    assert "<script>alert(1)</script>" in data["title"]  # JSON carries the text as data
    assert hostile_client.get("/api/articles/wire").headers["content-type"].startswith(
        "application/json")


def test_web_refuses_foreign_host_and_cross_site_post(client: TestClient) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    r = client.post("/upload", headers={"origin": "http://evil.example"},
                    files={"files": ("a.html", b"<p>x</p>", "text/html")})
    assert r.status_code == 403


def test_web_upload_runs_analysis(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def fake_analyze(sources: Sequence[str], settings: Settings, store: Any) -> Analysis:
        names = sorted(p.name for p in Path(sources[0]).iterdir())
        calls.append(names)
        return Analysis(inputs=tuple(InputRecord(n, "skipped", "fake") for n in names))

    db = tmp_path / "u.db"
    seed_store(db, sample_analysis())
    c = TestClient(create_app(db, Settings(), analyze_fn=fake_analyze))
    r = finished_job(c, c.post("/upload", files=[
        ("files", ("../../etc/x.html", b"<p>a</p>", "text/html")),
        ("files", ("x.html", b"<p>b</p>", "text/html"))]))
    assert r.status_code == 200, r.text
    assert calls == [["x-2.html", "x.html"]]
    assert "fake" in r.text
    assert c.post("/upload", files=[("files", ("", b"", "text/plain"))]).status_code in (400, 422)


def test_web_upload_with_real_runner(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    c = TestClient(create_app(db, Settings()))
    assert "This store is empty" in c.get("/").text
    body = ("<html><head><title>Harbour opens</title></head><body><article><h1>Harbour opens"
            "</h1>" + "<p>The new harbour in Port Alder opened to ships on Monday after "
            "three years of building work, officials said.</p>" * 4 + "</article></body></html>")
    r = finished_job(c, c.post("/upload",
                                files={"files": ("harbour.html", body.encode(), "text/html")}))
    assert r.status_code == 200, r.text
    assert "ingested" in r.text or "skipped" in r.text
    listing = c.get("/api/stories").json()
    arts = {a for s in listing["stories"] for a in s["articles"]}
    assert "harbour" in arts
    assert json.loads(c.get("/api/articles/harbour").text)["id"] == "harbour"


def finished_job(client: TestClient, posted: Any) -> Any:
    """The status page of the upload job ``posted`` led to, once the job has ended."""
    assert posted.history and posted.history[0].status_code == 303, posted.text
    job_id = posted.url.path.rsplit("/", 1)[1]
    client.app.state.jobs.wait(job_id, timeout=120)  # type: ignore[attr-defined]
    return client.get(f"/jobs/{job_id}")


def test_safe_name_strips_paths_and_dedupes() -> None:
    used: set[str] = set()
    assert safe_name("../../a b?.html", used) == "a_b_.html"
    assert safe_name("a b?.html", used) == "a_b_-2.html"
    assert safe_name("...", used) == "page"


def test_web_event_rows_show_statuses_of_storyline_groups(tmp_path: Path) -> None:
    # The claims stage makes groups per storyline: the event row must still show them.
    base = sample_analysis()
    groups = tuple(dataclasses.replace(g, story="sl1") for g in base.claim_groups)
    db = tmp_path / "store.db"
    seed_store(db, dataclasses.replace(base, claim_groups=groups))
    with TestClient(create_app(db, Settings())) as c:
        r = c.get("/api/stories", params={"status": "conflict"})
        assert r.json()["total"] == 2
