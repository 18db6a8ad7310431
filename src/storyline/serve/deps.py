"""Per-app state: settings, a pool of store connections, the cached views, the writer.

Each request borrows its own connection from the pool and gives it back afterwards: on SQLite a
pooled :class:`Store` (created with ``check_same_thread=False`` because FastAPI runs sync handlers on
a thread pool; the database is in WAL mode, so reads go on while an ingest writes), on PostgreSQL a
connection of psycopg_pool's (:class:`storyline.store.postgres.PgPool`; MVCC: reads go on too). Writes go through the app's one :class:`~storyline.jobs.writer.Writer`,
which keeps the story engine in memory between requests and reloads it only when
another process (an ingest, ``watch``) wrote to the database.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request

from storyline.store import Store, is_url, open_store

if TYPE_CHECKING:
    from storyline.jobs.writer import Writer

DEFAULT_MAX_BODY = 2 * 1024 * 1024
DEFAULT_MAX_PENDING_WRITES = 32  # POSTs analysed or waiting for the writer; one more is a 503
_FROM_ENV = object()


@dataclass
class Settings:
    db_path: str
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    cache: bool = True
    max_pending_writes: int = DEFAULT_MAX_PENDING_WRITES

    @classmethod
    def build(cls, db_path: str | Path, token: object = _FROM_ENV, max_body: int | None = None,
              cache: bool = True) -> "Settings":
        if token is _FROM_ENV:
            token = os.environ.get("STORYLINE_TOKEN") or None
        if max_body is None:
            max_body = int(os.environ.get("STORYLINE_MAX_BODY") or DEFAULT_MAX_BODY)
        pending = int(os.environ.get("STORYLINE_MAX_PENDING_WRITES") or DEFAULT_MAX_PENDING_WRITES)
        return cls(db_path=str(db_path), token=token or None, max_body=max_body, cache=cache,  # type: ignore[arg-type]
                   max_pending_writes=pending)


class StorePool:
    def __init__(self, path: str) -> None:
        self.path = path
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()
        self._writer: Writer | None = None
        self._pg = None
        if is_url(path):
            from storyline.store.postgres import PgPool

            self._pg = PgPool(path)

    def _new(self) -> Store:
        store = open_store(self.path, check_same_thread=False)
        with self._lock:
            self._all.append(store)
        return store

    @contextmanager
    def store(self) -> Iterator[Store]:
        if self._pg is not None:
            with self._pg.store() as pg:
                yield pg
            return
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = self._new()
        try:
            yield store
        finally:
            if store.conn.in_transaction:  # never hand on a connection mid-transaction
                store.conn.execute("ROLLBACK")
            self._idle.put(store)

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        from storyline.jobs.writer import Writer  # the analysis stack loads on the first write, not at startup

        with self.write_lock:
            if self._writer is None:
                self._writer = Writer(self._new())
            yield self._writer

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for s in stores:
            try:
                s.close()
            except Exception:  # pragma: no cover - closing at shutdown
                pass
        self._idle = queue.SimpleQueue()
        self._writer = None
        if self._pg is not None:
            self._pg.close()


def settings(request: Request) -> Settings:
    return request.app.state.settings


def pool(request: Request) -> StorePool:
    return request.app.state.pool
