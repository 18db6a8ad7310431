"""`storyline serve` starts uvicorn on the given host and port over the given store."""

from __future__ import annotations

import os

import httpx
from _support import serve_process


def test_serve_command(db):
    env = {k: v for k, v in os.environ.items() if k != "STORYLINE_TOKEN"}
    proc, base = serve_process(str(db), env)
    try:
        r = httpx.get(f"{base}/api/stories", timeout=2)
        assert r.status_code == 200 and r.json()["total"] == 1
        assert httpx.get(f"{base}/").status_code == 200
        # no STORYLINE_TOKEN in its environment: writes are refused
        w = httpx.post(f"{base}/articles", json={"date": "2022", "text": "x"},
                       headers={"Authorization": "Bearer anything"})
        assert w.status_code == 403 and "disabled" in w.json()["detail"]
    finally:
        proc.terminate()
        proc.wait(10)
    assert "writes disabled" in proc.stderr.read()
