"""Webhooks: each alert of a watchlist with a webhook is POSTed as signed JSON, retried, and recorded.

The batch that raises an alert queues its delivery in the same transaction (an outbox row,
:mod:`storyline.jobs.alerts`); a :class:`Deliverer` sends what is due after the commit, never under
the write lock. The server runs one in a background thread, ``watch`` after every poll, ``ingest``
once at its end, ``storyline watchlist deliver`` on demand; a delivery a process could not finish
stays queued for the next.

* **Body**: JSON ``{"event": "alert", "delivery": id, "attempt": n, "alert": {…}, "story_path": …,
  "story_url": …}`` (``story_url`` when ``STORYLINE_PUBLIC_URL`` says where the UI is).
* **Signature**: ``X-Storyline-Signature-256: sha256=<hex>``, the HMAC-SHA256 of the exact body bytes
  under the watchlist's secret (:func:`sign`; a receiver checks it with :func:`verify`, in constant time).
  ``X-Storyline-Delivery`` and ``X-Storyline-Event`` name the delivery and the alert's kind; the
  delivery id lets a receiver drop a retry it already processed.
* **Retries**: any answer but 2xx, a timeout or a refused connection is a failed attempt; attempt n+1
  is due ``backoff * 2**(n-1)`` seconds after attempt n. After ``attempts`` failures the delivery is
  *dead*: it stays in the database with the last status and error, and the watchlist's page shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from urllib.parse import quote

import httpx

from storyline import __version__
from storyline.store import alerts as db
from storyline.store.sqlite import Store
from storyline.store.watchlists import secret as watchlist_secret
from storyline.store.watchlists import stamp
from storyline.types import to_plain
from storyline.types.watch import Delivery, DeliveryState

SIGNATURE_HEADER = "X-Storyline-Signature-256"
ATTEMPTS = int(os.environ.get("STORYLINE_WEBHOOK_ATTEMPTS") or 5)
BACKOFF = float(os.environ.get("STORYLINE_WEBHOOK_BACKOFF") or 30.0)  # seconds before the 2nd attempt
TIMEOUT = 10.0

Session = Callable[[], AbstractContextManager[Store]]


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    return bool(header) and hmac.compare_digest(sign(secret, body), header)  # type: ignore[arg-type]


def _body(store: Store, d: Delivery) -> bytes | None:
    alert = db.alert(store, d.alert_id)
    if alert is None:
        return None
    path = "/stories/" + quote(alert.story_id, safe="")
    public = os.environ.get("STORYLINE_PUBLIC_URL", "").rstrip("/")
    payload = {"event": "alert", "delivery": d.id, "attempt": d.attempts + 1, "alert": to_plain(alert),
               "story_path": path, "story_url": public + path if public else None}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Deliverer:
    """Sends due deliveries. ``read`` and ``write`` open a store to read from and a transaction of the
    database's Writer to record outcomes in (a server passes its pool and writer, the CLI its one store)."""

    def __init__(self, read: Session, write: Session, *, attempts: int = ATTEMPTS, backoff: float = BACKOFF,
                 timeout: float = TIMEOUT, transport: httpx.BaseTransport | None = None) -> None:
        self.read, self.write = read, write
        self.attempts, self.backoff = attempts, backoff
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                                   headers={"User-Agent": f"storyline/{__version__} (webhook)"})

    def close(self) -> None:
        self.client.close()

    def run_due(self) -> int:
        """Attempt every delivery that is due now; how many were attempted."""
        with self.read() as store:
            due = db.due_deliveries(store, stamp())
            bodies = {d.id: (_body(store, d), watchlist_secret(store, d.watchlist_id) or "") for d in due}
        for d in due:
            body, key = bodies[d.id]
            self._attempt(d, body, key)
        return len(due)

    def _attempt(self, d: Delivery, body: bytes | None, key: str) -> None:
        status, error = None, None
        if body is None:
            error = "the alert no longer exists"
        else:
            try:
                r = self.client.post(d.url, content=body, headers={
                    "Content-Type": "application/json", SIGNATURE_HEADER: sign(key, body),
                    "X-Storyline-Delivery": str(d.id), "X-Storyline-Event": "alert"})
                status = r.status_code
                if not 200 <= status < 300:
                    error = f"HTTP {status} {r.reason_phrase}".strip()
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
        if error is None:
            state, next_at = DeliveryState.DELIVERED, None
        elif d.attempts + 1 >= self.attempts or body is None:
            state, next_at = DeliveryState.DEAD, None
        else:
            delay = self.backoff * 2 ** d.attempts
            state, next_at = DeliveryState.PENDING, stamp(dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=delay))
        with self.write() as store:
            db.record_attempt(store, d.id, state, status, error, next_at)

    def seconds_to_next(self) -> float | None:
        with self.read() as store:
            due = db.next_due(store)
        if due is None:
            return None
        return max(0.0, (dt.datetime.fromisoformat(due) - dt.datetime.now(dt.timezone.utc)).total_seconds())

    def drain(self, deadline: float) -> None:
        """Deliver until nothing is pending or ``deadline`` seconds have passed (what is left stays queued)."""
        stop = threading.Event()
        timer = threading.Timer(deadline, stop.set)
        timer.start()
        try:
            self.loop(stop, idle=None)
        finally:
            timer.cancel()

    def loop(self, stop: threading.Event, idle: float | None = 1.0) -> None:
        """Deliver what is due until ``stop`` is set. A server looks again every ``idle`` seconds (any process
        may queue an alert); ``idle=None`` stops as soon as nothing is pending."""
        while not stop.is_set():
            self.run_due()
            wait = self.seconds_to_next()
            if wait is None and idle is None:
                return
            stop.wait(idle if wait is None else min(wait, idle) if idle else wait)
