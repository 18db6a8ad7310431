"""``GET /watchlists/{id}/feed.atom``: a watchlist's alerts as an Atom feed (RFC 4287).

Any feed reader can follow a watchlist, and so can ``storyline watch`` of another instance: each
entry links to the story page and quotes the sentence that raised the alert. Built with ElementTree,
so titles and quotes from articles are escaped as XML text, never spliced in as markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from storyline.store import alerts, watchlists
from storyline.types.watch import Alert, Watchlist

router = APIRouter(tags=["watchlists"])

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    el.text = text
    return el


def _entry(feed: ET.Element, a: Alert, base: str) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", f"urn:storyline:alert:{a.id}")
    _text(entry, "title", f"[{a.kind}] {a.headline}")
    _text(entry, "updated", a.at)
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                              "href": f"{base}/stories/{a.story_id}"})
    summary = a.why
    if a.citation and a.citation.quote:
        summary += f"\n\n“{a.citation.quote}” — {a.citation.source}"
    _text(entry, "summary", summary, type="text")
    _text(entry, "category", "", term=str(a.kind))


def atom_feed(w: Watchlist, items: list[Alert], base: str) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:storyline:watchlist:{w.id}")
    _text(feed, "title", f"storyline: {w.name}")
    _text(feed, "updated", items[0].at if items else w.updated_at)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "storyline")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                             "href": f"{base}/watchlists/{w.id}/feed.atom"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": f"{base}/watchlists/{w.id}"})
    for a in items:
        _entry(feed, a, base)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@router.get("/watchlists/{watchlist_id}/feed.atom", summary="A watchlist's alerts as Atom",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def watchlist_feed(request: Request, watchlist_id: int) -> Response:
    with request.app.state.pool.store() as store:
        w = watchlists.get(store, watchlist_id)
        if w is None:
            raise HTTPException(404, f"no watchlist {watchlist_id}")
        page = alerts.alert_page(store, watchlist_id=watchlist_id, limit=FEED_SIZE)
    base = str(request.base_url).rstrip("/")
    return Response(atom_feed(w, page.items, base), media_type="application/atom+xml")
