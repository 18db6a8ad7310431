"""Webhooks against real HTTP receivers on 127.0.0.1: the signature verifies, a failing receiver is
retried with backoff and then recorded as a dead letter, which the watchlist's page shows."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.ingest.textfile import parse_text
from storyline.jobs import Writer
from storyline.jobs.watchlists import add
from storyline.jobs.webhooks import SIGNATURE_HEADER, Deliverer, verify
from storyline.store import open_store
from storyline.store import alerts as db
from storyline.types.watch import DeliveryState, WatchlistIn, WatchQuery

ALMATY = ("date 2022-01-20\nIn Almaty demonstrierten am Donnerstag erneut Hunderte Menschen gegen die Regierung. "
          "Die Polizei nahm nach eigenen Angaben 50 Menschen fest.")
BACKOFF = 0.2


class Receiver:
    """An HTTP server that records each POST and answers with the next status of ``statuses`` (the last repeats)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.calls: list[tuple[float, dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.calls.append((time.monotonic(), {k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(request):
    r = Receiver(request.param)
    yield r
    r.close()


def _raise_alert(path: Path, url: str) -> tuple[Writer, int, str]:
    """A watchlist on Kazakhstan with a webhook, and an article about Almaty that it alerts on."""
    writer = Writer(open_store(path, check_same_thread=False))
    w, secret = add(writer, WatchlistIn("Kasachstan", WatchQuery(places=["Kasachstan"]), webhook=url))
    report = writer.write([parse_text(ALMATY, "ticker")])
    assert report.alerts, "the article about Almaty should alert a watch on Kazakhstan"
    return writer, w.id, secret  # type: ignore[return-value]


def _deliver(writer: Writer, attempts: int = 3, seconds: float = 10.0) -> None:
    from contextlib import nullcontext

    deliverer = Deliverer(lambda: nullcontext(writer.store), writer.transaction, attempts=attempts, backoff=BACKOFF)
    try:
        deliverer.drain(seconds)
    finally:
        deliverer.close()


@pytest.mark.parametrize("receiver", [[204]], indirect=True)
def test_the_signature_verifies_and_the_body_cites_the_story(db: Path, receiver: Receiver):
    writer, wid, secret = _raise_alert(db, receiver.url)
    _deliver(writer)
    assert len(receiver.calls) == 1
    _, headers, body = receiver.calls[0]
    assert headers["content-type"] == "application/json"
    assert verify(secret, body, headers[SIGNATURE_HEADER.lower()])
    assert not verify(secret, body + b" ", headers[SIGNATURE_HEADER.lower()])  # one byte changed
    assert not verify("another secret", body, headers[SIGNATURE_HEADER.lower()])
    payload = json.loads(body)
    alert = payload["alert"]
    assert payload["event"] == "alert" and payload["attempt"] == 1
    assert alert["watchlist_id"] == wid and alert["kind"] == "match"
    assert payload["story_path"] == f"/stories/{alert['story_id']}"
    assert "Almaty" in alert["citation"]["quote"]
    assert headers["x-storyline-delivery"] == str(payload["delivery"])
    (done,) = db_deliveries(writer, wid)
    assert done.state == DeliveryState.DELIVERED and done.attempts == 1 and done.last_status == 204


def db_deliveries(writer: Writer, wid: int):
    return db.deliveries(writer.store, wid)


@pytest.mark.parametrize("receiver", [[500]], indirect=True)
def test_a_failing_receiver_is_retried_with_backoff_then_recorded(db: Path, receiver: Receiver, token: str):
    writer, wid, _ = _raise_alert(db, receiver.url)
    _deliver(writer, attempts=3)
    assert len(receiver.calls) == 3
    gaps = [b[0] - a[0] for a, b in zip(receiver.calls, receiver.calls[1:])]
    assert gaps[0] >= BACKOFF * 0.9 and gaps[1] >= 2 * BACKOFF * 0.9  # backoff doubles
    bodies = {json.loads(c[2])["delivery"] for c in receiver.calls}
    assert len(bodies) == 1  # the same delivery, retried
    (dead,) = db_deliveries(writer, wid)
    assert dead.state == DeliveryState.DEAD and dead.attempts == 3 and dead.last_status == 500
    assert "HTTP 500" in (dead.last_error or "")

    from fastapi.testclient import TestClient

    from storyline.serve import create_app

    with TestClient(create_app(db, token=token)) as client:
        page = client.get(f"/watchlists/{wid}", headers={"Accept-Language": "en"}).text
        assert "Failed deliveries" in page and "HTTP 500" in page
        api = client.get(f"/api/watchlists/{wid}/deliveries", params={"state": "dead"}).json()
        assert [d["id"] for d in api] == [dead.id]


@pytest.mark.parametrize("receiver", [[503, 200]], indirect=True)
def test_a_receiver_that_recovers_gets_the_alert_on_the_retry(db: Path, receiver: Receiver):
    writer, wid, _ = _raise_alert(db, receiver.url)
    _deliver(writer)
    assert [json.loads(c[2])["attempt"] for c in receiver.calls] == [1, 2]
    (done,) = db_deliveries(writer, wid)
    assert done.state == DeliveryState.DELIVERED and done.attempts == 2


def test_an_unreachable_receiver_is_recorded(db: Path):
    from _support import free_port

    writer, wid, _ = _raise_alert(db, f"http://127.0.0.1:{free_port()}/nobody")
    _deliver(writer, attempts=2)
    (dead,) = db_deliveries(writer, wid)
    assert dead.state == DeliveryState.DEAD and dead.last_status is None and "Connect" in (dead.last_error or "")
