"""The web UI: server-rendered pages (Jinja2 with autoescape), readable without JavaScript.

Pages: the story list (/), a story (/stories/{id}), an article with its entities,
figures and times highlighted (/articles/{id}), entities (/entities, /entities/{key})
and search (/search). Strings come from i18n.py in English or German.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storyline.serve import i18n
from storyline.serve.api_stories import story_filter
from storyline.serve.badges import badge_kinds
from storyline.serve.charts import band, span_of, volume_chart
from storyline.serve.highlight import article_spans, fact_value, highlight, marked
from storyline.synthesise import ledger_text
from storyline.serve.svg import sparkline, timeline_chart
from storyline.store import read, search
from storyline.types.story import Citation, TimelineEntry
from storyline.types.views import StoryArticle

router = APIRouter(tags=["ui"], default_response_class=HTMLResponse)

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 20


def cited(citations: list[Citation]) -> list[str]:
    """The articles a sentence cites, each once, in the order cited."""
    return list(dict.fromkeys(c.article for c in citations))


def story_url(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def entity_url(key: str) -> str:
    return "/entities/" + quote(key, safe=":")


def safe_href(url: str | None) -> str | None:
    """Only http(s) links leave the site: a ``javascript:`` URL in the data must not become a link."""
    if not url:
        return None
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every {{ }} is escaped unless it is already Markup built from escaped parts
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(story_url=story_url, article_url=article_url, entity_url=entity_url, safe_href=safe_href,
                       fact_value=fact_value, marked=marked, cited=cited, ledger=ledger_text,
                       badge_kinds=badge_kinds)
    return env


class Page:
    """The language and link helpers for one request."""

    def __init__(self, request: Request) -> None:
        self.request = request
        q = request.query_params.get("lang")
        self.explicit = q.lower() if q and q.lower() in i18n.LANGS else None
        self.lang = i18n.pick(q, request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))

    def t(self, key: str, **kw: Any) -> str:
        return i18n.t(self.lang, key, **kw)

    def tn(self, key: str, n: int, **kw: Any) -> str:
        return i18n.tn(self.lang, key, n, **kw)

    def date(self, value: str | None) -> str:
        return i18n.format_date(value, self.lang)

    def range(self, first: str | None, last: str | None) -> str:
        return i18n.format_range(first, last, self.lang)

    def link(self, path: str, **params: Any) -> str:
        """A link that keeps an explicit ``?lang=`` (for browsers without cookies)."""
        items = [(k, v) for k, v in params.items() if v not in (None, "")]
        if self.explicit and "lang" not in params:
            items.append(("lang", self.explicit))
        return path + ("?" + urlencode(items) if items else "")

    def here(self, **changes: Any) -> str:
        params = dict(self.request.query_params)
        params.update({k: v for k, v in changes.items()})
        return self.request.url.path + "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def switch_lang(self) -> str:
        other = "de" if self.lang == "en" else "en"
        return self.here(lang=other)

    def render(self, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = self.html(name, **ctx)
        return self.respond(html, status)

    def html(self, name: str, **ctx: Any) -> str:
        return environment().get_template(name).render(page=self, t=self.t, tn=self.tn, lang=self.lang, **ctx)

    def respond(self, html: str, status: int = 200) -> HTMLResponse:
        response = HTMLResponse(html, status_code=status)
        if self.explicit and self.request.cookies.get(i18n.COOKIE) != self.explicit:
            response.set_cookie(i18n.COOKIE, self.explicit, max_age=365 * 86400, samesite="lax", httponly=True)
        response.headers["Content-Language"] = self.lang
        response.headers["Vary"] = "Accept-Language, Cookie"
        return response

    def not_found(self, message: str) -> HTMLResponse:
        return self.render("error.html", status=404, title=self.t("not_found"), message=message)


def not_found_page(request: Request) -> HTMLResponse:
    page = Page(request)
    return page.not_found(page.t("not_found_page"))


# -- the story list -------------------------------------------------------------------------

def _int(value: str | None, default: int, lo: int = 0, hi: int = 10_000_000) -> int:
    try:
        return min(max(int(value or default), lo), hi)
    except ValueError:
        return default


@router.get("/", summary="Story list (HTML)")
async def stories_page(request: Request) -> Response:
    page = Page(request)
    qp = request.query_params
    form = {k: (qp.get(k) or "").strip() for k in ("from", "to", "language", "entity", "source", "sort")}
    form["sort"] = form["sort"] if form["sort"] in ("size", "recent") else "size"
    offset = _int(qp.get("offset"), 0)
    error = None
    try:
        f = story_filter(form["from"], form["to"], form["language"], form["entity"], form["source"])
    except ValueError as exc:
        error, f = str(exc), search.StoryFilter()
    views = request.app.state.views
    with request.app.state.pool.store() as store:  # the version check runs inline: one indexed query
        version = search.store_version(store)
    params = ("list", f, form["sort"], offset, page.lang, page.explicit, error, tuple(sorted(form.items())))
    html = await views.latest(params, version, _render_list, request, page, form, f, offset, error)
    return page.respond(html)


def _render_list(request: Request, page: Page, form: dict, f: search.StoryFilter, offset: int,
                 error: str | None) -> str:
    views = request.app.state.views
    with request.app.state.pool.store() as store:
        data = views.story_list(store, f, form["sort"], PAGE_SIZE, offset)
        entity_name = None
        if f.entity:
            ent = search.entity(store, f.entity)
            entity_name = ent.name if ent else f.entity
        rising = _rising(request, store) if not offset and not any(form[k] for k in ("from", "to", "language",
                                                                                        "entity", "source")) else []
        html = page.html(
            "stories.html", data=data, form=form, error=error, entity_name=entity_name, rising=rising,
            languages=search.languages(store), sources=search.sources(store, limit=50),
            sparks={i.id: sparkline(i.histogram, label=page.t("per_day"), fmt=page.date) for i in data.items},
            prev_offset=max(offset - PAGE_SIZE, 0) if offset > 0 else None,
            next_offset=offset + PAGE_SIZE if offset + PAGE_SIZE < data.total else None,
        )
    return html


def _rising(request: Request, store) -> list:
    from storyline.store.trends import rising

    return request.app.state.views.pages.get_or_compute(("rising", search.store_version(store)),
                                                        lambda: rising(store, limit=3))


# -- one story ------------------------------------------------------------------------------

def _facts_fallback(articles: list[StoryArticle]) -> list[tuple[int, StoryArticle, object]]:
    """Every figure of every article (number, article, fact), for a story whose ledger has no rows."""
    rows = [(n, a, f) for n, a in enumerate(articles, 1) for f in a.facts]
    rows.sort(key=lambda r: (str(r[2].category), r[0]))  # type: ignore[attr-defined]
    return rows[:200]


def _event_dates(e: TimelineEntry) -> tuple[str | None, str | None]:
    return (e.range[0], e.range[1]) if e.range[0] and e.range[1] else (None, None)


@router.get("/stories/{story_id}", summary="A story (HTML)")
async def story_page(request: Request, story_id: str) -> Response:
    page = Page(request)
    with request.app.state.pool.store() as store:
        fp = search.story_fingerprint(store, story_id)
        into = store.merged_into(story_id) if fp is None else None
    if into is not None:  # merged into another story: that one is the page now
        return RedirectResponse(page.link(story_url(into)), status_code=301)
    if fp is None:
        return page.not_found(page.t("not_found_story", id=story_id))
    key = ("story", story_id, fp, page.lang, page.explicit)
    html = await request.app.state.views.cached(key, _render_story, request, page, story_id, key)
    if html is None:
        return page.not_found(page.t("not_found_story", id=story_id))
    return page.respond(html)


def _render_story(request: Request, page: Page, story_id: str, key: tuple) -> str | None:
    views = request.app.state.views
    from storyline.serve.maps import story_map

    with request.app.state.pool.store() as store:
        detail = views.story_detail(store, story_id)
        places = story_map(page, store, story_id) if detail is not None else None
    if detail is None:
        return None
    articles = detail.articles
    numbers = {a.id: n for n, a in enumerate(articles, 1)}
    markers = [(*_event_dates(e), e.when or e.text) for e in detail.timeline if _event_dates(e)[0]]
    chart = timeline_chart([a.date.iso() if a.date else None for a in articles], markers,
                           label=page.t("timeline"), fmt=page.date)
    html = page.html(
        "story.html", story=detail, headline=detail.headline or page.t("untitled"),
        articles=articles, numbers=numbers, by_id={a.id: a for a in articles}, event_dates=_event_dates,
        facts=[] if detail.ledger else _facts_fallback(articles), chart=chart,
        languages=sorted({a.lang for a in articles if a.lang}), places=places,
        precise=[e for e in detail.timeline if e.precision in ("time", "day")],
        approximate=[e for e in detail.timeline if e.precision not in ("time", "day")],
        band=lambda e, span=span_of([e.range for e in detail.timeline]): band(*_event_dates(e), span),
    )
    views.rendered.put(key, html)
    return html


# -- one article ----------------------------------------------------------------------------

@router.get("/articles/{article_id}", summary="An article with highlights (HTML)")
def article_page(request: Request, article_id: str) -> Response:
    page = Page(request)
    views = request.app.state.views
    with request.app.state.pool.store() as store:
        data = views.article(store, article_id)
        if data is None:
            return page.not_found(page.t("not_found_article", id=article_id))
        story = None
        if data.story_id:
            rows = search.story_rows(store, [data.story_id])
            story = views.story_item(store, rows[0]) if rows else None
    body = highlight(data.text, article_spans(data, entity_url, page.lang))
    ents = sorted(data.entities, key=lambda e: (-len(e.mentions), e.name))
    return page.render("article.html", article=data, body=body, story=story, entities=ents,
                       facts=data.facts, times=data.times, href=safe_href(data.url))


# -- entities -------------------------------------------------------------------------------

@router.get("/entities", summary="Entity list (HTML)")
async def entities_page(request: Request) -> Response:
    page = Page(request)
    qp = request.query_params
    q = (qp.get("q") or "").strip()[:200]
    etype = (qp.get("type") or "").strip().upper()
    etype = etype if etype in ("PER", "ORG", "LOC", "MISC") else ""
    offset = _int(qp.get("offset"), 0)
    with request.app.state.pool.store() as store:  # the version check runs inline: one indexed query
        version = search.store_version(store)
    params = ("entities", q, etype, offset, page.lang, page.explicit)
    html = await request.app.state.views.latest(params, version, _render_entities, request, page, q, etype, offset)
    return page.respond(html)


def _render_entities(request: Request, page: Page, q: str, etype: str, offset: int) -> str:
    with request.app.state.pool.store() as store:
        total, items = search.list_entities(store, q=q or None, type=etype or None, limit=60, offset=offset)
    return page.html("entities.html", items=items, total=total, q=q, etype=etype, offset=offset,
                     prev_offset=max(offset - 60, 0) if offset > 0 else None,
                     next_offset=offset + 60 if offset + 60 < total else None)


@router.get("/entities/{key:path}", summary="An entity and its stories (HTML)")
def entity_page(request: Request, key: str) -> Response:
    from storyline.serve.maps import entity_map
    from storyline.store.trends import volume

    page = Page(request)
    with request.app.state.pool.store() as store:
        data = read.entity_detail(store, key)
        if data is None:
            return page.not_found(page.t("not_found_entity", id=key))
        places = entity_map(page, store, key)
        chart = volume_chart(volume(store, None, None, entity=key, max_bins=60),
                             label=page.t("entity_volume", name=data.name), fmt=page.date)
    return page.render("entity.html", entity=data, places=places, chart=chart)


# -- search ---------------------------------------------------------------------------------

@router.get("/search", summary="Search (HTML)")
def search_page(request: Request) -> Response:
    page = Page(request)
    qp = request.query_params
    q = (qp.get("q") or "").strip()[:500]
    form = {k: (qp.get(k) or "").strip() for k in ("language", "source", "entity", "from", "to")}
    offset = _int(qp.get("offset"), 0)
    result, error = None, None
    try:
        f = story_filter(form["from"], form["to"], form["language"], form["entity"], form["source"])
    except ValueError as exc:
        error, f = str(exc), search.StoryFilter()
    with request.app.state.pool.store() as store:
        if q:
            result = search.search_articles(store, q, limit=PAGE_SIZE, offset=offset, filters=f)
        languages = search.languages(store)
    return page.render("search.html", q=q, result=result, languages=languages, language=form["language"], form=form,
                       error=error, prev_offset=max(offset - PAGE_SIZE, 0) if offset > 0 else None,
                       next_offset=offset + PAGE_SIZE if result and offset + PAGE_SIZE < result.total else None)
