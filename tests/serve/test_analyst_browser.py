"""The analyst's day in Debian's chromium (Playwright): a watchlist made in the UI alerts on a new
article (page, "new since your last visit", Atom feed), the offline map puts Almaty where its
coordinates say, the home page flags the seed story's disagreement, and "Tokayev" finds the German
articles that write "Tokajew". Every page loads only from the server itself."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storyline.serve.worldmap import unproject

from _support import LiveServer, copy_db

pytestmark = pytest.mark.browser

TOKEN = "analyst-token"
ALMATY = (76.9115, 43.25249)  # geonames 1526384: (lon, lat)
KAZAKHSTAN = "loc:iso:KZ"
ATOM = "{http://www.w3.org/2005/Atom}"
NEW_ARTICLE = {
    "date": "2022-01-20", "source": "Tagesblick", "title": "Neue Proteste in Almaty",
    "text": ("In Almaty demonstrierten am Donnerstag erneut Hunderte Menschen gegen die Regierung. "
             "Die Polizei nahm nach eigenen Angaben 50 Menschen fest, wie das Innenministerium mitteilte."),
}


@pytest.fixture(scope="module")
def server(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from storyline.serve import create_app

    path = copy_db(seeded_db, tmp_path_factory.mktemp("analyst") / "analyst.db")
    with LiveServer(create_app(path, token=TOKEN)) as s:
        yield s


class Tab:
    """A page that records every request, so a test can tell that nothing left the server."""

    def __init__(self, browser, base: str, **options) -> None:
        self.context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, "locale": "en-US", **options})
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def elsewhere(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.base) and not u.startswith("data:")]

    def __enter__(self) -> "Tab":
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()


def test_a_watchlist_made_in_the_ui_alerts_on_a_new_article(browser, server, tmp_path):
    from playwright.sync_api import expect

    with Tab(browser, server.url) as tab:
        page = tab.page
        page.goto(server.url + "/alerts")  # a first visit: nothing new yet, and the visit is remembered
        expect(page.locator(".new-alerts")).to_have_count(0)
        page.goto(server.url + "/watchlists")
        page.fill("input[name=name]", "Kasachstan")
        page.fill("textarea[name=places]", "Kasachstan")
        page.fill("input[name=token]", "wrong")
        page.click("form.watch-form button[type=submit]")
        expect(page.locator(".alert[role=alert]")).to_contain_text("Wrong token")  # refused, form kept
        expect(page.locator("textarea[name=places]")).to_have_value("Kasachstan")
        page.fill("input[name=token]", TOKEN)
        page.click("form.watch-form button[type=submit]")
        page.wait_for_url("**/watchlists/*")
        watchlist_id = int(page.url.split("/watchlists/")[1].split("?")[0])
        expect(page.locator(".query")).to_contain_text("Kasachstan")
        expect(page.locator(".alert-item")).to_have_count(0)

        r = httpx.post(f"{server.url}/api/articles", json=NEW_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"},
                       timeout=120)
        assert r.status_code == 201, r.text
        story_id = r.json()["story_id"]

        page.reload()
        item = page.locator(".alert-item").first
        expect(item).to_contain_text("Almaty")  # a city found by a watch on its country
        expect(item.locator(".alert-quote")).to_contain_text("In Almaty demonstrierten")
        assert item.locator(".alert-headline a").get_attribute("href").endswith(f"/stories/{story_id}")
        page.screenshot(path=str(tmp_path / "watchlist.png"), full_page=True)

        page.goto(server.url + "/alerts")
        new = page.locator(".new-alerts .alert-item")
        expect(new).to_have_count(1)
        expect(new.locator(".new-badge")).to_be_visible()
        page.reload()  # seen now: no longer new
        expect(page.locator(".new-alerts")).to_have_count(0)
        expect(page.locator(".alert-item")).to_have_count(1)

        # editing needs no token again in this browser (the session cookie), and keeps the alerts
        page.goto(f"{server.url}/watchlists/{watchlist_id}")
        assert page.locator("input[name=token]").count() == 0
        page.fill("input[name=min_articles]", "5")
        page.click("form.watch-form button[type=submit]")
        expect(page.locator(".notice")).to_be_visible()
        expect(page.locator(".query")).to_contain_text("5 articles")
        assert tab.elsewhere() == [] and tab.errors == []

    feed = httpx.get(f"{server.url}/watchlists/{watchlist_id}/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"{server.url}/stories/{story_id}"
    assert "In Almaty demonstrierten" in entry.find(f"{ATOM}summary").text
    assert root.find(f"{ATOM}title").text == "storyline: Kasachstan"


def _marker_lonlat(page, key: str) -> tuple[float, float]:
    marker = page.locator(f"svg.world-map circle.marker[data-key='{key}']").first
    return unproject(float(marker.get_attribute("cx")), float(marker.get_attribute("cy")))


def test_the_map_puts_almaty_where_its_coordinates_say(browser, server):
    from playwright.sync_api import expect

    with Tab(browser, server.url) as tab:
        page = tab.page
        page.goto(server.url + "/map?from=2022-01&to=2022-01")
        expect(page.locator("svg.world-map path.country").first).to_be_attached()
        lon, lat = _marker_lonlat(page, "loc:geonames:1526384")
        assert abs(lon - ALMATY[0]) < 0.01 and abs(lat - ALMATY[1]) < 0.01
        # Kazakhstan's marker sits at its centroid, inside the country's shape as the browser drew it
        box = page.locator("svg.world-map path.country[data-iso='KZ']").first.bounding_box()
        dot = page.locator(f"svg.world-map circle.marker[data-key='{KAZAKHSTAN}']").first.bounding_box()
        cx, cy = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
        assert box["x"] < cx < box["x"] + box["width"] and box["y"] < cy < box["y"] + box["height"]
        assert page.locator("svg.world-map path.country.hit[data-iso='KZ']").count() >= 1
        # a marker leads to the stories that mention the place
        page.locator(f"svg.world-map a:has(circle[data-key='{KAZAKHSTAN}'])").first.click()
        page.wait_for_url("**/?*entity=loc*")
        expect(page.locator(".story-card")).not_to_have_count(0)
        # the story page has its own map, zoomed to the story's places
        page.locator(".story-card .story-headline a").first.click()
        page.wait_for_url("**/stories/*")
        lon, lat = _marker_lonlat(page, "loc:geonames:1526384")
        assert abs(lon - ALMATY[0]) < 0.01 and abs(lat - ALMATY[1]) < 0.01
        assert tab.elsewhere() == []  # basemap and markers are the page's own SVG: no tiles, no CDN


def test_the_home_page_flags_the_seed_storys_disagreement(browser, server):
    from playwright.sync_api import expect

    with Tab(browser, server.url) as tab:
        page = tab.page
        page.goto(server.url + "/")
        card = page.locator(".story-card").filter(has_text="000_cd65132d2c2fba20.txt")
        expect(card.locator(".badge-differ")).to_have_text("sources differ")
        card.locator(".story-headline a").click()
        page.wait_for_url("**/stories/*")
        # the ledger comes first on the story page, above the summary and the timeline
        order = page.evaluate("[...document.querySelectorAll('.story-body > section')].map(s => s.className)")
        assert order[0].startswith("card ledger"), order
        expect(page.locator(".ledger-table tr.flagged")).not_to_have_count(0)


def test_search_for_tokayev_finds_the_german_articles_that_write_tokajew(browser, server):
    from playwright.sync_api import expect

    with Tab(browser, server.url) as tab:
        page = tab.page
        page.goto(server.url + "/search")
        page.fill(".search-form input[type=search]", "Tokayev")
        page.press(".search-form input[type=search]", "Enter")
        page.wait_for_url("**/search?*q=Tokayev*")
        results = page.locator(".results .result")
        expect(results).to_have_count(2)
        for i in range(2):
            expect(results.nth(i).locator(".lang-badge")).to_have_text("de")
            expect(results.nth(i).locator(".snippet mark").first).to_contain_text("Tokajew")
        expect(page.locator(".matched-entities")).to_contain_text("Tokajew")
        # facets count the matches; a filter by month that holds none empties the list
        expect(page.locator(".facet[data-facet=language]")).to_contain_text("de 2")
        page.goto(server.url + "/search?q=Tokayev&from=2022-02")
        expect(page.locator(".results .result")).to_have_count(0)
