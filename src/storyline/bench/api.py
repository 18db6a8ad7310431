"""HTTP throughput: requests/s and latency of the story and entity lists and a story page while an ingest runs.

Set-up: a temporary store filled with German SmartData news (../shared/data) through
the real pipeline; ``storyline serve``'s app under uvicorn on 127.0.0.1 in its own
process; a second process ingesting more articles (small batches, so it commits
throughout); and here an asyncio httpx client with N concurrent connections, each
target run for a bounded number of requests and seconds. Goal: >= 500 req/s and
p99 < 100 ms for the story list, a story page and the entity list (HTML and JSON).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_RPS = 500
GOAL_P99_MS = 100.0

SERVER = """
import sys, uvicorn
from storyline.serve.app import create_app
uvicorn.run(create_app(sys.argv[1], token=None), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="error", access_log=False)
"""


def _articles(n: int, offset: int = 0):
    from storyline.bench.corpus import smartdata_news
    from storyline.ingest.identity import article_id
    from storyline.types import Article, PartialDate

    out = []
    for d in smartdata_news()[offset: offset + n]:
        try:
            date = PartialDate.parse(d["date"][:10]) if d.get("date") else None
        except ValueError:
            date = None
        out.append(Article(article_id(d["text"]), d["text"], date, "smartdata", origin=f"smartdata:{d.get('id')}"))
    return out


def _ingest_worker(db: str, offset: int, n: int, stop, done) -> None:
    """The concurrent writer: batches of 5, so commits land all through the measurement.

    When the corpus runs out it goes round again with each text marked as an update
    (a new article id), so it keeps writing until the load stops.
    """
    from dataclasses import replace

    from storyline.ingest.identity import article_id
    from storyline.jobs.ingest import ingest
    from storyline.store import open_store

    articles = _articles(n, offset)
    with open_store(db) as store:
        for round_no in range(1000):
            batch_source = articles if round_no == 0 else [
                replace(a, id=article_id(t := f"{a.text}\n\n(Aktualisierung {round_no})"), text=t) for a in articles]
            for i in range(0, len(batch_source), 5):
                if stop.is_set():
                    return
                ingest(store, batch_source[i:i + 5], batch_size=5)
                with done.get_lock():
                    done.value += len(batch_source[i:i + 5])


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc); 0.0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _loadavg() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, timeout: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up")


async def _load(base: str, path: str, concurrency: int, max_requests: int, max_seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    issued = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10.0) as client:
        for _ in range(concurrency):  # warm the connections and the caches
            await client.get(path)
        start = time.perf_counter()
        cpu_start = time.process_time()
        deadline = start + max_seconds

        async def worker() -> None:
            nonlocal issued, errors
            while issued < max_requests and time.perf_counter() < deadline:
                issued += 1
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - t0)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
        client_cpu = time.process_time() - cpu_start
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 2) if latencies else 0.0

    rps = round(len(latencies) / elapsed, 1)
    return {"path": path, "requests": len(latencies), "seconds": round(elapsed, 2), "errors": errors,
            "requests_per_s": rps, "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, len(latencies)), 3),
            "ok": rps >= GOAL_RPS and pct(0.99) < GOAL_P99_MS and errors == 0}


async def _load_raw(port: int, path: str, concurrency: int, max_requests: int, max_seconds: float) -> dict:
    """The same load from a minimal keep-alive HTTP/1.1 client on asyncio streams (a tenth of httpx's
    CPU per request), so the figure shows what the server sustains rather than what httpx can send."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\n\r\n".encode()

    async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await reader.readexactly(length)
        return status

    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(concurrency)]
    for r, w in conns:
        await fetch(r, w)
    start = time.perf_counter()
    cpu_start = time.process_time()
    deadline = start + max_seconds

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal issued, errors
        while issued < max_requests and time.perf_counter() < deadline:
            issued += 1
            t0 = time.perf_counter()
            if await fetch(reader, writer) != 200:
                errors += 1
            latencies.append(time.perf_counter() - t0)

    await asyncio.gather(*(worker(r, w) for r, w in conns))
    elapsed = time.perf_counter() - start
    client_cpu = time.process_time() - cpu_start
    for _, w in conns:
        w.close()
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 2) if latencies else 0.0

    rps = round(len(latencies) / elapsed, 1)
    return {"path": path, "client": "raw asyncio streams", "requests": len(latencies), "seconds": round(elapsed, 2),
            "errors": errors, "requests_per_s": rps, "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, len(latencies)), 3),
            "ok": rps >= GOAL_RPS and pct(0.99) < GOAL_P99_MS and errors == 0}


def run(quick: bool = False) -> dict:
    import httpx

    from storyline.jobs.ingest import ingest
    from storyline.store import open_store

    seed_n, live_n = (60, 100) if quick else (300, 160)
    concurrency = 16 if quick else 32
    max_requests, max_seconds = (2000, 3.0) if quick else (10000, 8.0)
    tmp = tempfile.TemporaryDirectory(prefix="storyline-bench-api-")
    db = str(Path(tmp.name) / "bench.db")
    t0 = time.perf_counter()
    with open_store(db) as store:
        ingest(store, _articles(seed_n))
        n_articles = store.count_articles()
    seed_seconds = time.perf_counter() - t0

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", SERVER, db, str(port)], env=dict(os.environ))
    ctx = mp.get_context("spawn")
    stop, done = ctx.Event(), ctx.Value("i", 0)
    writer = ctx.Process(target=_ingest_worker, args=(db, seed_n, live_n, stop, done), daemon=True)
    try:
        _wait_for(base + "/api/stories?limit=1")
        stories = httpx.get(base + "/api/stories", params={"limit": 1}).json()
        top = stories["items"][0]
        httpx.get(base + "/api/search", params={"q": "Soldaten"}, timeout=60)  # lemmatiser loaded before the clock
        writer.start()
        deadline = time.monotonic() + 180
        while done.value == 0 and writer.is_alive() and time.monotonic() < deadline:
            time.sleep(0.2)  # measure while the writer commits, not while it loads its models
        targets = {
            "story_list_html": "/",
            "story_page_html": f"/stories/{top['id']}",
            "story_list_api": "/api/stories",
            "story_api": f"/api/stories/{top['id']}",
            "entity_list_html": "/entities",
            "entity_list_api": "/api/entities",
        }
        results = {}
        before = done.value
        for name, path in targets.items():
            cpu0 = _cpu_seconds(server.pid)
            results[name] = asyncio.run(_load(base, path, concurrency, max_requests, max_seconds))
            served = results[name]["requests"] + concurrency
            results[name]["server_cpu_ms_per_request"] = round((_cpu_seconds(server.pid) - cpu0) * 1000 / served, 3)
            print(f"  {name}: {results[name]['requests_per_s']} req/s, p99 {results[name]['p99_ms']} ms, "
                  f"server CPU {results[name]['server_cpu_ms_per_request']} ms/request", flush=True)
            raw = asyncio.run(_load_raw(port, path, concurrency, max_requests, max_seconds))
            results[name]["raw_client"] = raw
            print(f"  {name} (raw client): {raw['requests_per_s']} req/s, p99 {raw['p99_ms']} ms", flush=True)
        ingested_during = done.value - before
        writer_alive = writer.is_alive()
    finally:
        stop.set()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        writer.join(30)
        if writer.is_alive():
            writer.terminate()
        tmp.cleanup()
    return {
        "store_articles": n_articles,
        "stories": stories["total"],
        "top_story_size": top["size"],
        "seed_seconds": round(seed_seconds, 1),
        "concurrency": concurrency,
        "ingest_running": writer_alive,
        "articles_ingested_during_load": ingested_during,
        "cpus": os.cpu_count(),
        "load_average_after": _loadavg(),
        "note": "server_cpu_ms_per_request is what one request costs the server whatever else runs "
                "(1000 / it = the server's single-core ceiling in requests/s); client_cpu_ms_per_request is "
                "the load generator's own cost, which bounds requests/s when cores are shared",
        "goal": {"requests_per_s": GOAL_RPS, "p99_ms": GOAL_P99_MS},
        **results,
    }


if __name__ == "__main__":  # python -m storyline.bench.api [--quick]
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
