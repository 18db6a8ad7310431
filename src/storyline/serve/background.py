"""The server's background work: sending queued webhook deliveries (jobs/webhooks.py) after each commit.

One daemon thread per app. It reads with the app's pool and records outcomes through the app's one
Writer (a short transaction per attempt), so the server stays the only writer it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from storyline.serve.deps import StorePool
from storyline.store.sqlite import Store


def start_deliverer(pool: StorePool) -> Callable[[], None]:
    """Start delivering; returns the function that stops it (called at shutdown)."""
    from storyline.jobs.webhooks import Deliverer

    @contextmanager
    def write() -> Iterator[Store]:
        with pool.writer() as writer, writer.transaction() as store:
            yield store

    deliverer = Deliverer(pool.store, write)
    stop = threading.Event()

    def run() -> None:
        try:
            deliverer.loop(stop)
        except Exception:  # pragma: no cover - a closed pool at shutdown; queued deliveries wait for the next start
            pass
        finally:
            deliverer.close()

    thread = threading.Thread(target=run, name="webhooks", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=5)

    return halt
