"""GET /api/articles/{id}; POST /api/articles (also POST /articles) to store one article."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from storyline.ingest.errors import InputError
from storyline.ingest.jsonl import parse_record
from storyline.ingest.limits import Limits
from storyline.ingest.safejson import loads
from storyline.ingest.textfile import parse_text
from storyline.serve.auth import require_token
from storyline.serve.data import json_bytes
from storyline.serve.models import ArticleDetail, ArticleIn, IngestResult, Links, Message, ValidationMessage
from storyline.store import search
from storyline.types import Article

router = APIRouter(tags=["articles"])

DEFAULT_SOURCE = "api"
SAMPLE = "date 2022-01-13\nNur eine Woche nach der Verlegung ausländischer Truppen …"


@router.get("/api/articles/{article_id}", response_model=ArticleDetail, responses={404: {"model": Message}},
            summary="One article")
def get_article(request: Request, article_id: str) -> Response:
    """The article's text with its entities (and their mention spans), quantity facts and time
    expressions; every span is [start, end) into ``text``."""
    with request.app.state.pool.store() as store:
        data = request.app.state.views.article(store, article_id)
    if data is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return Response(json_bytes(data), media_type="application/json")


class TooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise TooLarge
        except ValueError:
            raise HTTPException(400, "invalid Content-Length header") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip('"')
    return "utf-8"


def _pydantic_message(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e["loc"]) or "body"
        msg = "unknown field" if e["type"] == "extra_forbidden" else e["msg"]
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)


def parse_article(body: bytes, content_type: str, source: str | None) -> Article:
    """Raises HTTPException(415/422) with a message naming the problem."""
    media = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode(_charset(content_type))
    except (UnicodeDecodeError, LookupError, ValueError):
        raise HTTPException(422, f"body is not valid {_charset(content_type)} text") from None
    if media == "application/json" or media.endswith("+json"):
        limits = Limits.from_env()
        try:  # depth and number size bounded: 100,000 nested brackets are a 422, not a RecursionError
            record = loads(text, limits.json_depth, limits.number_digits)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
        if not isinstance(record, dict):
            raise HTTPException(422, "expected a JSON object with 'date' and 'text'")
        try:
            checked = ArticleIn.model_validate(record)
        except ValidationError as exc:
            raise HTTPException(422, _pydantic_message(exc)) from None
        if checked.url and urlsplit(checked.url).scheme.lower() not in ("http", "https"):
            raise HTTPException(422, "url: only http and https URLs are accepted")
        try:
            return parse_record(checked.model_dump(), default_source=source or DEFAULT_SOURCE, origin="POST /articles")
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
    if media in ("text/plain", ""):
        try:
            return parse_text(text, source=source or DEFAULT_SOURCE, origin="POST /articles")
        except InputError as exc:
            raise HTTPException(422, f"{exc} (the text/plain body is 'date YYYY-MM[-DD]' then the article)") from None
    raise HTTPException(415, f"unsupported Content-Type {media!r}: send application/json or text/plain")


def store_article(request: Request, article: Article) -> tuple[int, IngestResult]:
    pool = request.app.state.pool
    with pool.writer() as writer:
        report = writer.write([article])
        if report.rejected:  # its analysis failed: the article is not stored, and the client is told why
            raise HTTPException(422, report.rejected[0].reason)
        story_id = search.story_of(writer.store, article.id)
        lang = writer.store.article_lang(article.id)
    duplicate = not report.added
    result = IngestResult(
        id=article.id, story_id=story_id, duplicate=duplicate,
        new_story=bool(story_id and story_id in report.new_stories), lang=lang,
        links=Links(article=f"/api/articles/{article.id}", story=f"/api/stories/{story_id}" if story_id else "",
                    page=f"/articles/{article.id}"),
    )
    return (200 if result.duplicate else 201), result


_BODY_DOC = {
    "requestBody": {
        "required": True,
        "description": "JSON (`date`, `text`, optional `title`, `source`, `url`, `lang`) or the sample text "
                       "format as text/plain: a `date YYYY-MM[-DD]` header, then the body.",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ArticleIn"}},
            "text/plain": {"schema": {"type": "string"}, "example": SAMPLE},
        },
    }
}

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": IngestResult, "description": "Already stored (duplicate: true); nothing added."},
    201: {"model": IngestResult, "description": "Stored and assigned to a story."},
    401: {"model": Message, "description": "Missing or wrong bearer token."},
    403: {"model": Message, "description": "Writes are disabled (no STORYLINE_TOKEN on the server)."},
    413: {"model": Message, "description": "Body larger than the server's limit."},
    415: {"model": Message, "description": "Neither JSON nor text/plain."},
    422: {"model": ValidationMessage, "description": "The article is malformed; detail says how."},
    503: {"model": Message, "description": "The write queue is full; retry after the Retry-After seconds."},
}


async def _post(request: Request, source: str | None) -> Response:
    limit = request.app.state.settings.max_body
    try:
        body = await read_body(request, limit)
    except TooLarge:
        return JSONResponse({"detail": f"request body too large: the limit is {limit} bytes"}, status_code=413)
    article = parse_article(body, request.headers.get("content-type", ""), source)
    state, cap = request.app.state, request.app.state.settings.max_pending_writes
    if state.pending_writes >= cap:  # a bounded queue: a flood of POSTs costs 503s, not memory and timeouts
        return JSONResponse({"detail": f"write queue full ({cap} articles pending); retry shortly"},
                            status_code=503, headers={"Retry-After": "1"})
    state.pending_writes += 1  # the event loop is the only thread that touches it
    try:
        status, result = await run_in_threadpool(store_article, request, article)
    finally:
        state.pending_writes -= 1
    return JSONResponse(result.model_dump(), status_code=status)


@router.post("/api/articles", status_code=201, response_model=IngestResult, responses=_RESPONSES,
             openapi_extra=_BODY_DOC, dependencies=[Depends(require_token)], summary="Store an article")
async def post_article(request: Request, source: str | None = Query(
        None, description="Source name for a text/plain body (JSON bodies carry their own).")) -> Response:
    """Analyse the article, assign it to a story and store it. Needs ``Authorization: Bearer <token>``.

    The response names the article and its story; the same text posted again is a duplicate (200)."""
    return await _post(request, source)


@router.post("/articles", status_code=201, response_model=IngestResult, responses=_RESPONSES,
             openapi_extra=_BODY_DOC, dependencies=[Depends(require_token)], summary="Store an article (alias)")
async def post_article_alias(request: Request, source: str | None = Query(
        None, description="Source name for a text/plain body.")) -> Response:
    """Same as ``POST /api/articles``."""
    return await _post(request, source)
