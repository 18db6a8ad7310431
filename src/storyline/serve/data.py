"""What the API and the UI show, computed once per version of the data, from the read model.

Story items are keyed by (story id, article count, rowid sum, last ingest): a story that gains or
loses an article gets a new key. Story details, the expensive part (synthesis over all articles),
are keyed the same way plus the story's merge/split events. The story list's page of ids is keyed
by the store's version (last article, assignment, event and engine-state save). JSON is made here,
where the data leaves the process, from the read model's dataclasses.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from storyline.serve.cache import LRU
from storyline.store import read, search
from storyline.store.sqlite import Store
from storyline.types import to_plain
from storyline.types.views import ArticleDetail, StoryDetail, StoryItem, StoryPage, StoryRow


@dataclass(slots=True)
class _Detail:
    data: StoryDetail
    json: bytes | None = None  # made on the first API request, kept with the data


def json_bytes(data: object) -> bytes:
    """The one place a view becomes JSON (dataclasses, enums and dates as plain values)."""
    return json.dumps(to_plain(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Views:
    def __init__(self, enabled: bool = True) -> None:
        size = 1 if not enabled else None
        self.enabled = enabled
        self.pages = LRU(size or 512, max_age=30.0 if enabled else 0.0)
        self.summaries = LRU(size or 8192, max_age=600.0 if enabled else 0.0)
        self.details = LRU(size or 256, max_age=600.0 if enabled else 0.0)
        self.rendered = LRU(size or 1024, max_age=600.0 if enabled else 0.0)
        self.stale = LRU(size or 1024, max_age=3600.0 if enabled else 0.0)  # params -> the last value computed
        self._inflight: dict[Hashable, asyncio.Future] = {}
        self._background: set[asyncio.Task] = set()

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

    async def latest(self, params: Hashable, version: Hashable, compute: Callable[..., Any], *args: Any) -> Any:
        """The response for ``params`` at the store's ``version``, served stale while it is recomputed.

        A list over the whole store (entities, the story list) changes with every commit of an
        ingest. Readers of the current version get the cached value; a reader who finds only an
        older version gets that one at once and one background computation replaces it, so no
        request waits for the aggregation however often the store changes. A first request (no
        value yet) waits for the computation, shared with any other reader.
        """
        hit = self.rendered.get((params, version))
        if hit is not None:
            return hit
        stale = self.stale.get(params)
        key = (params, version)

        def fresh() -> Any:
            value = compute(*args)
            self.rendered.put(key, value)
            self.stale.put(params, value)
            return value

        if stale is None:
            return await self.cached(key, fresh)
        if key not in self._inflight:
            task = asyncio.ensure_future(self.cached(key, fresh))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return stale

    # -- stories ---------------------------------------------------------------------

    def story_item(self, store: Store, row: StoryRow) -> StoryItem | None:
        """One story for the list: headline, dates, size, sources, languages, top entities, histogram."""
        key = ("item", row.id, row.size, row.fingerprint, row.updated)
        return self.summaries.get_or_compute(key, lambda: read.story_item(store, row.id))

    def story_list(self, store: Store, f: search.StoryFilter, sort: search.Sort, limit: int,
                   offset: int) -> StoryPage:
        version = search.store_version(store)
        total, rows = self.pages.get_or_compute(
            ("page", version, f, sort, limit, offset),
            lambda: search.story_page(store, f, sort=sort, limit=limit, offset=offset))
        return StoryPage(total, limit, offset, sort, [i for row in rows if (i := self.story_item(store, row))])

    def story_list_json(self, store: Store, f: search.StoryFilter, sort: search.Sort, limit: int,
                        offset: int) -> bytes:
        return json_bytes(self.story_list(store, f, sort, limit, offset))

    def _detail_entry(self, store: Store, story_id: str) -> _Detail | None:
        fp = search.story_fingerprint(store, story_id)
        if fp is None:
            return None

        def compute() -> _Detail | None:
            detail = read.story_detail(store, story_id)
            return None if detail is None else _Detail(detail)

        return self.details.get_or_compute(("detail", story_id, fp), compute)

    def story_detail(self, store: Store, story_id: str) -> StoryDetail | None:
        entry = self._detail_entry(store, story_id)
        return entry.data if entry else None

    def story_detail_json(self, store: Store, story_id: str) -> bytes | None:
        entry = self._detail_entry(store, story_id)
        if entry is None:
            return None
        if entry.json is None:
            entry.json = json_bytes(entry.data)
        return entry.json

    # -- articles --------------------------------------------------------------------

    @staticmethod
    def article(store: Store, article_id: str) -> ArticleDetail | None:
        return read.article_detail(store, article_id)
