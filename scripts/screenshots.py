"""Screenshots of the home, story, map, trends, search and watchlist pages for docs/screenshots/.

Re-run after a change of the pages (Debian's chromium through Playwright, never ``playwright install``):

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

It ingests the bundled example articles into a temporary database, creates a watchlist through the
page's form as a user would, ingests one more article that matches it (an English report of the same
events, dated to the day), and photographs the pages at 1280 px wide.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from _support import CHROMIUM, CHROMIUM_ARGS, SEEDS, LiveServer  # noqa: E402

TOKEN = "screenshot-token"
ENGLISH = {
    "date": "2022-01-13", "source": "Reuters", "lang": "en",
    "title": "Kazakh president Tokayev says CSTO troops will leave Almaty",
    "text": ("Kazakhstan's President Kassym-Jomart Tokayev said on Thursday that troops of the Russian-led CSTO "
             "alliance would start leaving the country, after unrest in Almaty in which more than 10,000 people "
             "were detained, according to the interior ministry. The withdrawal of the CSTO troops will take ten "
             "days, Tokayev said."),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from storyline.ingest import read_paths
    from storyline.jobs import Writer, ingest
    from storyline.serve import create_app
    from storyline.store import Store

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.db"
        with Store(db) as store:
            ingest(Writer(store), read_paths([SEEDS]))
        with LiveServer(create_app(db, token=TOKEN)) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
            page.goto(server.url + "/watchlists")
            page.fill("input[name=name]", "Kazakhstan unrest")
            page.fill("textarea[name=places]", "Kasachstan")
            page.fill("textarea[name=entities]", "Tokayev")
            page.check("input[name=categories][value=arrested]")
            page.fill("input[name=token]", TOKEN)
            page.click("form.watch-form button[type=submit]")
            page.wait_for_url("**/watchlists/*")
            r = page.request.post(server.url + "/api/articles", data=ENGLISH,
                                  headers={"Authorization": f"Bearer {TOKEN}"})
            assert r.status in (200, 201), r.text()
            stories = page.request.get(server.url + "/api/stories").json()["items"]
            story = next((s["id"] for s in stories if s["flagged"]), r.json()["story_id"])  # the one that disagrees
            shots = {"home": "/", "story": f"/stories/{story}", "map": "/map", "trends": "/trends",
                     "search": "/search?q=Tokayev", "watchlist": "/watchlists/1", "alerts": "/alerts"}
            for name, path in shots.items():
                page.goto(server.url + path)
                page.screenshot(path=str(args.out / f"{name}.png"), full_page=name not in ("story", "map"))
                print(f"wrote {args.out / (name + '.png')}")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
