"""What sharding the story engine by time window would cost in quality: a replay (docs/scale.md, "Why one engine").

UCI dev (2,989 English headlines of 10-12 March 2014, 44 gold stories, dated to the second) through the engine
(a) as one stream, (b) cut into shards of ``--hours`` each, an engine per shard and no merging across borders
(the cost a shard border has before any merge), (c) the same shards, each engine first warmed with the
articles of the ``--overlap`` hours before its window (the design in docs/scale.md: overlapping windows, then
a story of the overlap that both shards saw is one story). BCubed F1 against the gold stories.

    .venv/bin/python scripts/shard_replay.py [--hours 24] [--overlap 12] [--dense]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storyline.cluster import StoryEngine
from storyline.eval.cluster import bcubed, cluster_docs, read_gold, run_engine

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--gold", default=str(ROOT.parent / "shared" / "data" / "uci_news" / "uci.dev.jsonl"))
    p.add_argument("--hours", type=float, default=24)
    p.add_argument("--overlap", type=float, default=12)
    p.add_argument("--dense", action="store_true")
    args = p.parse_args()
    gold = read_gold(Path(args.gold))
    stamps = {}
    with open(args.gold, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            stamps[r["id"]] = r["date"]
    articles = [g.article for g in gold]
    docs, _, _ = cluster_docs(articles, cache_key="uci-dev-shard-replay")
    labels = [g.story for g in gold]
    from datetime import datetime

    t = [datetime.fromisoformat(stamps[g.gold_id]).timestamp() / 3600 for g in gold]
    t0 = min(t)

    def run(idx: list[int], warm: list[int] | None = None) -> dict[int, str]:
        engine = StoryEngine(dense=None if args.dense else False)
        if warm:
            engine.partial_fit([docs[i] for i in warm])
            engine.drain_events()
        stories, _, _ = run_engine([docs[j] for j in idx], engine)
        return dict(zip(idx, stories))

    order = sorted(range(len(docs)), key=lambda i: t[i])
    whole = run(order)
    n_shards = int((max(t) - t0) // args.hours) + 1
    shards = [[i for i in order if int((t[i] - t0) // args.hours) == k] for k in range(n_shards)]
    cut, warmed = {}, {}
    for k, idx in enumerate(shards):
        if not idx:
            continue
        got = run(idx)
        cut.update({i: f"{k}:{s}" for i, s in got.items()})
        lo = t0 + k * args.hours
        warm = [i for i in order if lo - args.overlap <= t[i] < lo]
        got = run(idx, warm)
        # no shard prefix: a story founded in the overlap has the same id in both shards (ids come from the
        # founding article), so it continues across the border as one story
        warmed.update(got)
    result = {"articles": len(docs), "shards": sum(1 for s in shards if s), "hours": args.hours,
              "overlap_hours": args.overlap, "dense": args.dense}
    for name, pred in (("one_engine", whole), ("shards_no_merge", cut), ("shards_overlap_warm", warmed)):
        p_, r_, f_ = bcubed([pred[i] for i in range(len(docs))], labels)
        result[name] = {"bcubed_p": round(p_, 3), "bcubed_r": round(r_, 3), "bcubed_f1": round(f_, 3)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
