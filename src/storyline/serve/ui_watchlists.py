"""Watchlist pages: /watchlists (the list and a form for a new one), /watchlists/{id} (edit, its alerts,
its webhook deliveries with the dead letters), and /alerts (what is new since your last visit).

Plain HTML forms, so they work without JavaScript; writes need the server's token once per browser
(serve/formauth.py). "New since your last visit" is a cookie holding the highest alert id seen, so
reading the page writes nothing to the database.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storyline.serve import formauth
from storyline.serve.ui import Page, story_url
from storyline.store import alerts, search, watchlists
from storyline.types import Category
from storyline.types.watch import DeliveryState, Watchlist, WatchlistIn, WatchQuery

router = APIRouter(tags=["ui"], default_response_class=HTMLResponse)

SEEN_COOKIE = "storyline_seen"
ALERTS_SHOWN = 50
# the categories a form offers: what the ledger counts and compares
FORM_CATEGORIES = [c for c in Category if c.value in ("killed", "injured", "arrested", "troops", "evacuated",
                                                       "affected", "money", "percent")]
_SPLIT = re.compile(r"[\n,;]+")


def _lines(value: str, commas: bool = True) -> list[str]:
    parts = _SPLIT.split(value) if commas else value.splitlines()
    return [p.strip() for p in parts if p.strip()]


def _number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def form_watchlist(form: Any) -> WatchlistIn:
    query = WatchQuery(_lines(form.get("entities", "")), _lines(form.get("keywords", ""), commas=False),
                       _lines(form.get("places", "")), form.getlist("categories"),  # type: ignore[arg-type]
                       [x.strip() for x in form.getlist("languages") + _lines(form.get("other_languages", ""))])
    return WatchlistIn(form.get("name", ""), query, _number(form.get("min_articles", "")),
                       _number(form.get("min_sources", "")), form.get("webhook", "").strip() or None)


def _form_values(w: WatchlistIn | None) -> dict[str, Any]:
    if w is None:
        return {"name": "", "entities": "", "keywords": "", "places": "", "categories": [], "languages": [],
                "other_languages": "", "min_articles": "", "min_sources": "", "webhook": ""}
    q = w.query
    return {"name": w.name, "entities": "\n".join(q.entities), "keywords": "\n".join(q.keywords),
            "places": "\n".join(q.places), "categories": [str(c) for c in q.categories],
            "languages": [x for x in q.languages if x in ("de", "en")],
            "other_languages": ", ".join(x for x in q.languages if x not in ("de", "en")),
            "min_articles": w.min_articles or "", "min_sources": w.min_sources or "", "webhook": w.webhook or ""}


def _names(request: Request, items: list[Watchlist]) -> dict[str, str]:
    """Entity and place keys -> the name most articles use, for showing a query in words."""
    out = {}
    with request.app.state.pool.store() as store:
        for w in items:
            for key in w.query.entities + w.query.places:
                if key not in out:
                    ent = search.entity(store, key)
                    out[key] = ent.name if ent else key
    return out


def _render_list(request: Request, page: Page, form: dict[str, Any], error: str | None = None,
                 status: int = 200, secret: str | None = None) -> HTMLResponse:
    with request.app.state.pool.store() as store:
        items = watchlists.list_watchlists(store)
    return page.render("watchlists.html", status=status, items=items, names=_names(request, items), form=form,
                       error=error, categories=FORM_CATEGORIES, needs_token=not formauth.has_session(request),
                       writes=bool(request.app.state.settings.token), secret=secret)


@router.get("/watchlists", summary="Watchlists (HTML)")
def watchlists_page(request: Request) -> Response:
    return _render_list(request, Page(request), _form_values(None))


def _saved(page: Page, watchlist_id: int, auth: formauth.FormAuth, secret: str | None = None) -> Response:
    target = page.link(f"/watchlists/{watchlist_id}", saved="1" if secret is None else None)
    response = RedirectResponse(target, status_code=303)
    if auth.cookie:
        response.set_cookie(formauth.COOKIE, auth.cookie, max_age=30 * 86400, httponly=True, samesite="strict")
    if secret:  # shown once, on the page the redirect lands on
        response.set_cookie("storyline_new_secret", secret, max_age=120, httponly=True, samesite="strict",
                            path=f"/watchlists/{watchlist_id}")
    return response


async def _write(request: Request, watchlist_id: int | None) -> Response:
    from storyline.jobs.watchlists import WatchlistError, add, edit

    page = Page(request)
    form = await request.form()
    auth = formauth.check(request, str(form.get("token") or ""))
    w = form_watchlist(form)
    if not auth.ok:
        return _form_error(request, page, watchlist_id, w, page.t(auth.reason or "token_needed"), 403)
    try:
        with request.app.state.pool.writer() as writer:
            saved = add(writer, w) if watchlist_id is None else edit(writer, watchlist_id, w)
    except WatchlistError as exc:
        return _form_error(request, page, watchlist_id, w, str(exc), 422)
    if saved is None:
        return page.not_found(page.t("not_found_watchlist", id=watchlist_id))
    return _saved(page, saved[0].id, auth, saved[1] if watchlist_id is None else None)


def _form_error(request: Request, page: Page, watchlist_id: int | None, w: WatchlistIn, error: str,
                status: int) -> Response:
    if watchlist_id is None:
        return _render_list(request, page, _form_values(w), error, status)
    return _render_one(request, page, watchlist_id, _form_values(w), error, status)


@router.post("/watchlists", summary="Create a watchlist (HTML form)")
async def create_from_form(request: Request) -> Response:
    return await _write(request, None)


@router.post("/watchlists/{watchlist_id}", summary="Edit a watchlist (HTML form)")
async def edit_from_form(request: Request, watchlist_id: int) -> Response:
    return await _write(request, watchlist_id)


@router.post("/watchlists/{watchlist_id}/delete", summary="Remove a watchlist (HTML form)")
async def delete_from_form(request: Request, watchlist_id: int) -> Response:
    from storyline.jobs.watchlists import remove

    page = Page(request)
    form = await request.form()
    auth = formauth.check(request, str(form.get("token") or ""))
    if not auth.ok:
        return _render_one(request, page, watchlist_id, None, page.t(auth.reason or "token_needed"), 403)
    with request.app.state.pool.writer() as writer:
        remove(writer, watchlist_id)
    return RedirectResponse(page.link("/watchlists"), status_code=303)


def _render_one(request: Request, page: Page, watchlist_id: int, form: dict[str, Any] | None,
                error: str | None = None, status: int = 200) -> HTMLResponse:
    with request.app.state.pool.store() as store:
        w = watchlists.get(store, watchlist_id)
        if w is None:
            return page.not_found(page.t("not_found_watchlist", id=watchlist_id))
        recent = alerts.alert_page(store, watchlist_id=watchlist_id, limit=ALERTS_SHOWN)
        dead = alerts.deliveries(store, watchlist_id, DeliveryState.DEAD)
        pending = alerts.deliveries(store, watchlist_id, DeliveryState.PENDING)
        delivered = alerts.deliveries(store, watchlist_id, DeliveryState.DELIVERED, limit=1)
    response = page.render(
        "watchlist.html", status=status, w=w, names=_names(request, [w]), form=form or _form_values(w), error=error,
        alerts=recent, dead=dead, pending=pending, delivered=delivered, categories=FORM_CATEGORIES,
        needs_token=not formauth.has_session(request), writes=bool(request.app.state.settings.token),
        secret=request.cookies.get("storyline_new_secret"), saved=request.query_params.get("saved") == "1")
    if request.cookies.get("storyline_new_secret"):
        response.delete_cookie("storyline_new_secret", path=f"/watchlists/{watchlist_id}")
    return response


@router.get("/watchlists/{watchlist_id}", summary="A watchlist, its alerts and deliveries (HTML)")
def watchlist_page(request: Request, watchlist_id: int) -> Response:
    return _render_one(request, Page(request), watchlist_id, None)


def _seen(request: Request) -> int:
    value = request.cookies.get(SEEN_COOKIE, "")
    return int(value) if value.isdigit() else 0


@router.get("/alerts", summary="Alerts, new since your last visit first (HTML)")
def alerts_page(request: Request) -> Response:
    page = Page(request)
    seen = _seen(request)
    with request.app.state.pool.store() as store:
        new = alerts.alert_page(store, after=seen, limit=ALERTS_SHOWN)
        older = alerts.alert_page(store, limit=ALERTS_SHOWN) if new.total < ALERTS_SHOWN else None
    earlier = [a for a in (older.items if older else []) if a.id <= seen][: ALERTS_SHOWN - len(new.items)]
    response = page.render("alerts.html", new=new, earlier=earlier, seen=seen, story_url=story_url)
    if new.newest > seen:
        response.set_cookie(SEEN_COOKIE, str(new.newest), max_age=365 * 86400, httponly=True, samesite="lax")
    return response
