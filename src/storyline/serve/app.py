"""The application factory: ``create_app(db_path)`` -> FastAPI (JSON API under /api, web UI at /)."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline import __version__
from storyline.serve import (
    api_articles,
    api_entities,
    api_search,
    api_stories,
    api_watchlists,
    atom,
    ui,
    ui_map,
    ui_trends,
    ui_watchlists,
)
from storyline.serve.background import start_deliverer
from storyline.serve.data import Views
from storyline.serve.deps import _FROM_ENV, Settings, StorePool
from storyline.serve.models import ArticleIn
from storyline.store import open_store

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("storyline.serve")

# Inline scripts and event-handler attributes are refused by the browser as a second line of
# defence; the first is that every untrusted string is escaped (see ui.py, highlight.py, svg.py).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")  # their pages hold inline scripts; their assets come from /docs-assets

DESCRIPTION = """\
JSON API and web UI over a storyline store.

* Reads are open. `POST /api/articles` (alias `POST /articles`) needs `Authorization: Bearer <token>`
  matching the server's `STORYLINE_TOKEN`; without that variable the server refuses writes.
* Dates keep their precision: `2022-01` is January 2022, not the 1st.
* Every span is `[start, end)` into the article's `text`.
* HTML pages (tag *ui*) render the same data for people: `/`, `/stories/{id}`, `/articles/{id}`,
  `/entities`, `/entities/{key}`, `/search`, `/map`, `/trends`, `/watchlists`, `/alerts`.
"""

TAGS = [
    {"name": "stories", "description": "Stories: groups of articles about the same events."},
    {"name": "articles", "description": "Articles with their analysis; storing new ones."},
    {"name": "entities", "description": "People, organisations and places across stories."},
    {"name": "search", "description": "Full-text search (SQLite FTS5), German-aware, across languages by entity."},
    {"name": "watchlists", "description": "Saved queries, their alerts (JSON, Atom) and webhook deliveries."},
    {"name": "ui", "description": "Server-rendered HTML pages."},
]


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware) adding CSP and friends."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                 (b"x-frame-options", b"DENY")]
        if not scope["path"].startswith(DOCS_PATHS):
            extra.append((b"content-security-policy", CSP.encode()))

        started = False

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:  # noqa: BLE001  a bug is a JSON 500 with these headers, not Starlette's plain text
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            body = b'{"detail": "internal error: the server failed on this request (logged)"}'
            await send_with_headers({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send_with_headers({"type": "http.response.body", "body": body})


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return (path.startswith(("/api", "/openapi", "/static", *DOCS_PATHS)) or request.method != "GET"
            or "text/html" not in request.headers.get("accept", "text/html"))


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = []
    parts = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        where = (f"{loc[0]} parameter '{'.'.join(loc[1:])}'" if len(loc) > 1 and loc[0] in ("query", "path", "header")
                 else ".".join(loc) or "request")
        parts.append(f"{where}: {e.get('msg')}")
        errors.append({"loc": loc, "msg": e.get("msg"), "type": e.get("type")})
    return "; ".join(parts), errors


def create_app(db_path: str | Path, *, token: object = _FROM_ENV, max_body: int | None = None,
               cache: bool = True) -> FastAPI:
    """The web app over the store at ``db_path``: a SQLite file or a ``postgresql://`` URL (created and
    migrated if needed).

    ``token`` defaults to the environment variable STORYLINE_TOKEN (None disables writes);
    ``max_body`` to STORYLINE_MAX_BODY or 2 MiB.
    """
    settings = Settings.build(db_path, token=token, max_body=max_body, cache=cache)
    open_store(settings.db_path).close()  # create the file (or connect) and migrate once, before any request
    pool = StorePool(settings.db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # simplemma loads its dictionaries on first use (~2 s); do it before the first search arrives
        threading.Thread(target=_warm_lemmatiser, daemon=True, name="warm-simplemma").start()
        stop_deliverer = start_deliverer(pool)
        yield
        stop_deliverer()
        pool.close()

    app = FastAPI(title="storyline", version=__version__, description=DESCRIPTION, openapi_tags=TAGS,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.pool = pool
    app.state.views = Views(enabled=cache)
    app.state.pending_writes = 0

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not _wants_json(request):
            return ui.not_found_page(request)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        message, errors = _validation_message(exc)
        return JSONResponse({"detail": message, "errors": errors}, status_code=422)

    app.include_router(api_stories.router)
    app.include_router(api_articles.router)
    app.include_router(api_entities.router)
    app.include_router(api_search.router)
    app.include_router(api_watchlists.router)
    app.include_router(atom.router)
    app.include_router(ui.router)
    app.include_router(ui_watchlists.router)
    app.include_router(ui_map.router)
    app.include_router(ui_trends.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _offline_docs(app)
    app.add_middleware(SecurityHeaders)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes, tags=TAGS)
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas["ArticleIn"] = ArticleIn.model_json_schema(ref_template="#/components/schemas/{model}")
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _offline_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from the files the fastapi-offline package installs (MIT), never a CDN."""
    import fastapi_offline
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    async def swagger(_request: Request) -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="storyline – API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    async def redoc(_request: Request) -> Response:
        return get_redoc_html(openapi_url="/openapi.json", title="storyline – API",
                              redoc_js_url="/docs-assets/redoc.standalone.js",
                              redoc_favicon_url="/static/favicon.svg", with_google_fonts=False)

    app.add_route("/docs", swagger, include_in_schema=False)
    app.add_route("/redoc", redoc, include_in_schema=False)


def _warm_lemmatiser() -> None:
    try:
        from storyline.store.search import lemma
        from storyline.analyse.keys import keys_for_name

        lemma("Soldaten")
        keys_for_name("Almaty")  # the gazetteer, for search across languages
    except Exception:  # pragma: no cover - search still works, only the first query is slower
        pass
