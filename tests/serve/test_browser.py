"""End to end in Debian's chromium (Playwright): uvicorn on 127.0.0.1 over the seeded store.

Screenshots go to the test's tmp dir (printed with -s); the story list, a story and an
article are visited by clicking, as a reader would.
"""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser

SEED = "000_cd65132d2c2fba20.txt"
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1;alert(1)">'


class Tab:
    def __init__(self, browser, **options) -> None:
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US", **options}
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def __enter__(self) -> "Tab":
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()


def test_story_list_to_story_to_article(browser, live_server, tmp_path):
    from playwright.sync_api import expect

    story_json = None
    with Tab(browser) as tab:
        page = tab.page
        page.goto(live_server.url + "/")
        card = page.locator(".story-card").filter(has_text=SEED)
        expect(card).to_have_count(1)
        expect(card).to_contain_text("2 articles")
        expect(card).to_contain_text("2 sources")
        expect(card).to_contain_text("January 2022")
        assert card.locator("svg.spark rect").count() >= 1  # server-side sparkline
        page.screenshot(path=str(tmp_path / "1-stories.png"), full_page=True)

        link = card.locator(".story-headline a")
        headline = link.inner_text().strip()
        assert headline
        link.click()
        page.wait_for_url("**/stories/*")
        story_id = page.url.rsplit("/", 1)[1]
        story_json = httpx.get(f"{live_server.url}/api/stories/{story_id}").json()
        expect(page.locator("h1")).to_have_text(headline)
        expect(page.locator("#h-timeline")).to_have_text("Timeline")
        assert page.locator("svg.timeline-chart rect.bar").count() >= 1
        expect(page.locator(".article-list > li")).to_have_count(2)
        flagged = [r for r in story_json.get("ledger") or [] if r.get("verdict") in ("differ", "revised")]
        if flagged:  # disagreements stand out
            rows = page.locator(".ledger-table tr.flagged")
            expect(rows).to_have_count(len(flagged))
            expect(rows.first.locator(".verdict")).to_be_visible()
        if story_json.get("summary"):
            expect(page.locator(".card.summary")).to_be_visible()
            assert page.locator(".card.summary .cite").count() >= 1
        if story_json.get("entities"):
            assert page.locator(".story-aside .chip").count() >= 1
        page.screenshot(path=str(tmp_path / "2-story.png"), full_page=True)

        first = story_json["articles"][0]
        page.locator(".article-list a.article-title").first.click()
        page.wait_for_url(f"**/articles/{first['id']}")
        expect(page.locator(".article-text")).to_contain_text(first["text"][:40])
        expect(page.locator(".crumbs a")).to_contain_text(headline)
        mentions = sum(len(e["mentions"]) for e in first.get("entities") or [])
        if mentions:
            assert page.locator(".article-text .hl-ent").count() >= 1
            # the legend's checkbox switches the entity highlights off (JavaScript enhancement)
            page.locator(".legend input[data-toggle=ent]").uncheck()
            assert "hide-ent" in page.evaluate("document.body.className")
            page.locator(".legend input[data-toggle=ent]").check()
        if first.get("facts"):
            assert page.locator(".article-text .hl-fact").count() >= 1
        page.screenshot(path=str(tmp_path / "3-article.png"), full_page=True)
        assert tab.errors == [] and tab.dialogs == []
    print(f"\nscreenshots in {tmp_path}")


def test_reading_works_without_javascript(browser, live_server, tmp_path):
    from playwright.sync_api import expect

    with Tab(browser, java_script_enabled=False) as tab:
        page = tab.page
        page.goto(live_server.url + "/")
        page.locator(".story-card").filter(has_text=SEED).locator(".story-headline a").click()
        page.wait_for_url("**/stories/*")
        assert page.locator("svg.timeline-chart rect.bar").count() >= 1
        page.locator(".article-list a.article-title").nth(1).click()
        page.wait_for_url("**/articles/*")
        expect(page.locator(".article-text")).to_be_visible()
        assert page.locator(".legend input").first.is_hidden()  # toggles only appear with JavaScript
        page.screenshot(path=str(tmp_path / "article-nojs.png"), full_page=True)


def test_language_switch(browser, live_server):
    from playwright.sync_api import expect

    with Tab(browser) as tab:
        page = tab.page
        page.goto(live_server.url + "/")
        expect(page.locator("h1")).to_have_text("Stories")
        page.locator(".lang-switch").click()
        expect(page.locator("h1")).to_have_text("Geschichten")
        expect(page.locator(".story-card").filter(has_text=SEED)).to_contain_text("2 Artikel")
        expect(page.locator(".story-card").filter(has_text=SEED)).to_contain_text("Januar 2022")
        page.locator(".story-card").filter(has_text=SEED).locator(".story-headline a").click()
        expect(page.locator("#h-timeline")).to_have_text("Zeitverlauf")  # the choice is kept
    with Tab(browser, locale="de-DE") as tab:  # Accept-Language
        tab.page.goto(live_server.url + "/search?q=ruckverlegung")
        expect(tab.page.locator(".lede")).to_contain_text("1 Treffer")
        expect(tab.page.locator(".snippet mark")).to_have_text("Rückverlegung")


def test_untrusted_text_never_executes(browser, live_server, tmp_path, token):
    """Title and body carry script and event-handler payloads; nothing runs on any page.

    Two layers keep them inert: every string is escaped, and the Content-Security-Policy
    refuses inline scripts. The DOM checks (no injected <img>/<script> elements, the
    payload visible as text) fail as soon as escaping is removed, CSP or not.
    """
    payload = XSS_SCRIPT + XSS_IMG
    r = httpx.post(f"{live_server.url}/articles", headers={"Authorization": f"Bearer {token}"}, json={
        "date": "2022-03-02", "title": "Eilmeldung " + payload, "source": "evil" + XSS_IMG,
        "text": f"Unruhen in Kasachstan. {payload} Tokajew sprach {XSS_IMG} von einem Umsturzversuch.",
    }, timeout=60)
    assert r.status_code == 201, r.text
    article_id, story_id = r.json()["id"], r.json()["story_id"]
    pages = {"list": "/?sort=recent", "story": f"/stories/{story_id}", "article": f"/articles/{article_id}",
             "search": "/search?q=Umsturzversuch", "entity-list": "/entities"}
    with Tab(browser) as tab:
        page = tab.page
        for name, url in pages.items():
            page.goto(live_server.url + url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # a failing image fires onerror right after load
            assert page.evaluate("typeof window.__xss") == "undefined", name
            assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0, name
            assert page.evaluate("[...document.scripts].some(s => s.textContent.includes('__xss'))") is False, name
            assert page.evaluate("document.querySelectorAll('[onerror], [onmouseover]').length") == 0, name
            if name in ("list", "story", "article"):
                assert XSS_SCRIPT in page.inner_text("main"), name  # shown as text, exactly as written
            page.screenshot(path=str(tmp_path / f"xss-{name}.png"), full_page=True)
        assert tab.dialogs == [], tab.dialogs
