"""A story the engine merged into another disappears from every list and redirects to the survivor."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app as cli_app
from storyline.cluster import StoryEngine
from storyline.jobs import Writer, ingest
from storyline.store import Store
from storyline.types import Article, PartialDate

from _support import CHROMIUM, CHROMIUM_ARGS, EAGER_MERGES, QUAKE_IZMIR, QUAKE_SAMOS, LiveServer

MODEL, A, B = EAGER_MERGES, QUAKE_IZMIR, QUAKE_SAMOS


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    from storyline.ingest.identity import article_id

    db = tmp_path_factory.mktemp("merged") / "m.db"
    arts = [Article(article_id(t, None), t, PartialDate.parse(d), f"{i}.txt", lang="en")
            for i, (t, d) in enumerate([(A, "2020-10-30"), (B, "2020-10-30"), (A + " " + B, "2020-10-31")])]
    with Store(db) as store:
        report = ingest(Writer(store, engine_factory=lambda: StoryEngine(model=MODEL)), arts)
    ((gone, keep),) = report.merged.items()
    return db, keep, gone


def test_the_api_lists_the_survivor_and_answers_301_for_the_merged_id(merged):
    from fastapi.testclient import TestClient

    from storyline.serve import create_app

    db, keep, gone = merged
    with TestClient(create_app(db)) as client:
        items = client.get("/api/stories").json()["items"]
        assert [s["id"] for s in items] == [keep] and items[0]["size"] == 3
        moved = client.get(f"/api/stories/{gone}", follow_redirects=False)
        assert moved.status_code == 301 and moved.headers["location"] == f"/api/stories/{keep}"
        assert client.get(f"/api/stories/{gone}").json()["id"] == keep
        assert [e["kind"] for e in client.get(f"/api/stories/{keep}").json()["events"]] == ["merge"]
        page = client.get(f"/stories/{gone}", follow_redirects=False)
        assert page.status_code == 301 and page.headers["location"] == f"/stories/{keep}"
        assert gone not in client.get("/").text


def test_the_cli_says_merged_into(merged):
    db, keep, gone = merged
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["stories", "--json", "--db", str(db)])
    assert listed.exit_code == 0 and gone not in listed.stdout and keep in listed.stdout
    shown = runner.invoke(cli_app, ["show", gone, "--json", "--db", str(db)])
    assert shown.exit_code == 0 and f"merged into {keep}" in shown.stderr
    assert f'"id": "{keep}"' in shown.stdout


@pytest.mark.browser
def test_the_page_of_a_merged_story_redirects_in_a_browser(merged, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser tests drive Debian's chromium (make sysdeps installs it)")
    from playwright.sync_api import sync_playwright

    from storyline.serve import create_app

    db, keep, gone = merged
    with LiveServer(create_app(db)) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{server.url}/stories/{gone}")
            assert page.url == f"{server.url}/stories/{keep}"
            assert page.locator(".kicker .mono").text_content() == keep
            page.goto(f"{server.url}/")
            assert page.locator(f'[data-story="{gone}"]').count() == 0
            assert page.locator(f'[data-story="{keep}"]').count() == 1
        finally:
            browser.close()
