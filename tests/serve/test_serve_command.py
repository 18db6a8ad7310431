"""`storyline serve` starts uvicorn on the given host and port over the given store."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import socket

import httpx


def test_serve_command(db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "STORYLINE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "storyline serve did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == 1
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
        # no STORYLINE_TOKEN in its environment: writes are refused
        w = httpx.post(f"http://127.0.0.1:{port}/articles", json={"date": "2022", "text": "x"},
                       headers={"Authorization": "Bearer anything"})
        assert w.status_code == 403 and "disabled" in w.json()["detail"]
    finally:
        proc.terminate()
        proc.wait(10)
    assert "writes disabled" in proc.stderr.read()
