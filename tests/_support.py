"""Paths and helpers the tests import by name (``from _support import SEEDS``).

They live here, not in ``conftest.py``: several test folders have a conftest of their own,
and ``from conftest import ...`` would pick whichever one pytest imported first.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "src" / "storyline" / "examples" / "seeds"
SHARED_DATA = Path(os.environ.get("STORYLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the labelled corpora in ../shared/data")
    return path


def copy_db(src: Path, dest: Path) -> Path:
    """A consistent copy of a WAL database (sqlite's backup API, not a file copy)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    a.close()
    b.close()
    return dest


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_process(db: str, env: dict[str, str]):
    """``storyline serve --db DB`` in a subprocess, once it answers: (process, base URL). The caller
    terminates it."""
    import subprocess
    import sys

    import httpx

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--db", db, "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/api/stories", timeout=2)
            return proc, base
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"storyline serve did not answer: {proc.stderr.read()[-2000:]}") from None
            time.sleep(0.2)


class LiveServer:
    """uvicorn on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False,
                                lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


# a story-engine model that merges eagerly, for streams that must produce a merge
EAGER_MERGES = {
    "same": {"features": ["cos_lem_all"], "coef": [12.0], "intercept": -6.0},
    "cross": {"features": ["cos_lem_all"], "coef": [12.0], "intercept": -6.0},
    "threshold": 0.5,
    "merge": {"probability": 0.5, "cosine": 0.3},
}
QUAKE_IZMIR = "Quake rescue teams dug through rubble in Izmir, Turkey, after the magnitude 7.0 quake."
QUAKE_SAMOS = "Quake waves hit the Aegean island of Samos, Greece, and a small tsunami flooded the island."
