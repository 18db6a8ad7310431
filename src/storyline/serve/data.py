"""What the API and the UI show, computed once per version of the data.

Story summaries are keyed by (story id, article count, rowid sum, last ingest):
a story that gains or loses an article gets a new key. Story details, the
expensive part (synthesis over all articles), are keyed the same way plus the
story's merge/split events. The story list's page of ids is keyed by the
store's version (last article, assignment, event and engine-state save).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Hashable
from typing import Any

from starlette.concurrency import run_in_threadpool

from storyline.serve.cache import LRU
from storyline.serve.svg import bin_dates, date_ranges
from storyline.store import Store
from storyline.store import search
from storyline.synthesise import view
from storyline.types import to_plain

TOP_ENTITIES = 6


def _histogram(dates: list[str | None]) -> list[dict[str, Any]]:
    bins = bin_dates(date_ranges(dates), max_bins=40)
    if bins is None:
        return []
    return [{"start": a.isoformat(), "end": b.isoformat(), "unit": bins.kind, "articles": round(v, 3)}
            for (a, b), v in zip(bins.edges, bins.values)]


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class Views:
    def __init__(self, enabled: bool = True) -> None:
        size = 1 if not enabled else None
        self.enabled = enabled
        self.pages = LRU(size or 512, max_age=30.0 if enabled else 0.0)
        self.summaries = LRU(size or 8192, max_age=600.0 if enabled else 0.0)
        self.details = LRU(size or 256, max_age=600.0 if enabled else 0.0)
        self.rendered = LRU(size or 1024, max_age=600.0 if enabled else 0.0)
        self._inflight: dict[Hashable, asyncio.Future] = {}

    async def cached(self, key: Hashable, compute: Callable[..., Any], *args: Any) -> Any:
        """The rendered response for ``key``: from the cache, else computed once on the thread pool.

        Requests arriving while it is computed wait for that one computation instead of each
        starting their own (after every commit of an ingest, all readers of the list miss at once).
        ``compute`` must put its result in ``self.rendered`` under ``key`` itself when it is cacheable.
        """
        hit = self.rendered.get(key)
        if hit is not None:
            return hit
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future = asyncio.get_running_loop().create_future()
        future.add_done_callback(lambda f: f.cancelled() or f.exception())  # never "exception not retrieved"
        self._inflight[key] = future
        try:
            result = await run_in_threadpool(compute, *args)
        except BaseException as exc:
            future.set_exception(exc)
            raise
        else:
            future.set_result(result)
            return result
        finally:
            self._inflight.pop(key, None)

    # -- stories ---------------------------------------------------------------------

    def story_item(self, store: Store, row: dict[str, Any]) -> dict[str, Any] | None:
        """One story for the list: headline, dates, size, sources, languages, top entities, histogram."""
        key = ("summary", row["id"], row["size"], row["fingerprint"], row["updated"])

        def compute() -> dict[str, Any] | None:
            summary = view.story_summary(store, row["id"])
            if summary is None:
                return None
            articles = summary.get("articles") or []
            dates = [a.get("date") for a in articles]
            item = {k: v for k, v in summary.items() if k != "articles"}
            item.setdefault("sources", sorted({a.get("source") for a in articles if a.get("source")}))
            item["languages"] = sorted({a["lang"] for a in articles if a.get("lang")})
            item["entities"] = search.story_entities(store, row["id"], limit=TOP_ENTITIES)
            item["histogram"] = _histogram(dates)
            item["dates"] = dates  # for the sparkline; not part of the API item
            return item

        return self.summaries.get_or_compute(key, compute)

    def story_list(self, store: Store, f: search.StoryFilter, sort: search.Sort, limit: int,
                   offset: int) -> dict[str, Any]:
        version = search.store_version(store)
        total, rows = self.pages.get_or_compute(
            ("page", version, f, sort, limit, offset),
            lambda: search.story_page(store, f, sort=sort, limit=limit, offset=offset))
        items = [item for row in rows if (item := self.story_item(store, row))]
        return {"total": total, "limit": limit, "offset": offset, "sort": sort, "items": items}

    def story_list_json(self, store: Store, f: search.StoryFilter, sort: search.Sort, limit: int,
                        offset: int) -> bytes:
        data = self.story_list(store, f, sort, limit, offset)
        data = dict(data, items=[{k: v for k, v in i.items() if k != "dates"} for i in data["items"]])
        return _json_bytes(data)

    def _detail_entry(self, store: Store, story_id: str) -> dict[str, Any] | None:
        fp = search.story_fingerprint(store, story_id)
        if fp is None:
            return None

        def compute() -> dict[str, Any] | None:
            detail = view.story_detail(store, story_id)
            if detail is None:
                return None
            if not detail.get("entities"):
                detail["entities"] = search.story_entities(store, story_id)
            for k in ("timeline", "ledger", "summary"):
                detail.setdefault(k, None)
            detail.setdefault("events", [])
            return {"data": detail, "json": None}

        return self.details.get_or_compute(("detail", story_id, fp), compute)

    def story_detail(self, store: Store, story_id: str) -> dict[str, Any] | None:
        entry = self._detail_entry(store, story_id)
        return entry["data"] if entry else None

    def story_detail_json(self, store: Store, story_id: str) -> bytes | None:
        entry = self._detail_entry(store, story_id)
        if entry is None:
            return None
        if entry["json"] is None:
            entry["json"] = _json_bytes(entry["data"])
        return entry["json"]

    # -- articles --------------------------------------------------------------------

    @staticmethod
    def article(store: Store, article_id: str) -> dict[str, Any] | None:
        row = store.conn.execute(
            "SELECT a.*, sa.story_id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = {
            k: row[k] for k in ("id", "title", "source", "date", "date_precision", "url", "lang", "declared_lang",
                                "lang_confidence", "author", "ingested_at", "text", "story_id")
        }
        analysis = store.analysis(article_id)
        if analysis is not None:
            try:
                shaped = view.analysis_json(row["text"], analysis)
            except Exception:  # the view's shape is another stage's; fall back to the plain record
                plain = to_plain(analysis)
                for group in ("facts", "times"):
                    for x in plain.get(group) or []:
                        x["span"] = [x.get("start"), x.get("end")]
                for e in plain.get("entities") or []:
                    for m in e.get("mentions") or []:
                        m["span"] = [m.get("start"), m.get("end")]
                shaped = {"entities": plain.get("entities") or [], "facts": plain.get("facts") or [],
                          "times": plain.get("times") or [],
                          "sentences": [[s["start"], s["end"]] for s in plain.get("sentences") or []]}
            data.update(shaped)
            data["analysed_lang"] = analysis.lang
        else:
            data.update(entities=[], facts=[], times=[], sentences=[])
        return data
