"""GET /api/stories and GET /api/stories/{story_id}."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from storyline.serve.models import MAX_OFFSET, Message, MovedMessage, StoryDetail, StoryPage, ValidationMessage
from storyline.store import search

router = APIRouter(prefix="/api", tags=["stories"])

MAX_LIMIT = 200


def story_filter(date_from: str | None, date_to: str | None, lang: str | None, entity: str | None,
                 source: str | None) -> search.StoryFilter:
    """Raises ValueError naming the bad date."""
    try:
        lo = search.day_bound(date_from, end=False)
    except ValueError as exc:
        raise ValueError(f"from: {exc}") from None
    try:
        hi = search.day_bound(date_to, end=True)
    except ValueError as exc:
        raise ValueError(f"to: {exc}") from None
    return search.StoryFilter(date_from=lo, date_to=hi, lang=lang or None, entity=entity or None,
                              source=source or None)


def _list_json(app, f: search.StoryFilter, sort, limit: int, offset: int, key: tuple) -> bytes:
    with app.state.pool.store() as store:
        body = app.state.views.story_list_json(store, f, sort, limit, offset)
    app.state.views.rendered.put(key, body)
    return body


def _story_json(app, story_id: str, key: tuple) -> bytes | None:
    with app.state.pool.store() as store:
        body = app.state.views.story_detail_json(store, story_id)
    if body is not None:
        app.state.views.rendered.put(key, body)
    return body


# The hot reads are async: the version check (one or two indexed queries) runs on the event
# loop and a cached response goes straight out; only a miss goes to the thread pool.

@router.get("/stories", response_model=StoryPage, responses={422: {"model": ValidationMessage}},
            summary="List stories")
async def list_stories(
    request: Request,
    date_from: Annotated[str | None, Query(alias="from", description="Stories with an article on or after this "
                                           "date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Stories with an article on or before this "
                                         "date; 2022-01 means up to 31 January.")] = None,
    lang: Annotated[str | None, Query(description="Stories with an article in this language (ISO 639-1).")] = None,
    entity: Annotated[str | None, Query(description='Stories mentioning this entity key, e.g. "per:tokajew".')] = None,
    source: Annotated[str | None, Query(description="Stories with an article from this source.")] = None,
    sort: Annotated[Literal["size", "recent"], Query(description="size: most articles first; recent: latest "
                                                     "article date first.")] = "size",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """Stories with their headline, dates, size, sources, languages, top entities and articles per day.

    Filters combine (AND). ``total`` counts all matching stories; page with ``limit`` and ``offset``.
    """
    try:
        f = story_filter(date_from, date_to, lang, entity, source)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    app = request.app
    with app.state.pool.store() as store:
        key = ("api-list", search.store_version(store), f, sort, limit, offset)
    body = await app.state.views.cached(key, _list_json, app, f, sort, limit, offset, key)
    return Response(body, media_type="application/json")


@router.get("/stories/{story_id}", response_model=StoryDetail,
            responses={301: {"model": MovedMessage, "description": "The story was merged into another."},
                       404: {"model": Message}},
            summary="One story")
async def get_story(request: Request, story_id: str) -> Response:
    """The story with all its articles (text, entities, facts, times) and its synthesis:
    headline, timeline, fact ledger, cited summary, key entities, merge/split events.

    A story the engine merged into another answers 301 with the survivor's URL."""
    app = request.app
    with app.state.pool.store() as store:
        fp = search.story_fingerprint(store, story_id)
        into = store.merged_into(story_id) if fp is None else None
    if into is not None:
        location = f"/api/stories/{into}"
        return JSONResponse({"detail": f"story {story_id!r} was merged into {into!r}", "location": location},
                            status_code=301, headers={"Location": location})
    key = ("api-story", story_id, fp)
    body = await app.state.views.cached(key, _story_json, app, story_id, key) if fp else None
    if body is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return Response(body, media_type="application/json")


__all__ = ["router", "story_filter"]
