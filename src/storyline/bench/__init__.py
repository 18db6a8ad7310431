"""Benchmarks, run by `make bench` (`python -m storyline.bench`).

Each module has ``run(quick: bool = False) -> dict``; the runner prints one
report and writes it to ``bench-results/latest.json``. Speed is compared as
ratios measured in the same run, never asserted in unit tests.
"""
