"""`make bench`: every benchmark in one run, printed and saved as JSON."""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import sys
import time
import traceback
from pathlib import Path

SUITES = ["analysis", "cluster", "synthesis", "api", "ingest", "alerts", "backfill"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m storyline.bench")
    parser.add_argument("suites", nargs="*", default=SUITES, help=f"any of {', '.join(SUITES)}")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    parser.add_argument("--out", default="bench-results/latest.json")
    parser.add_argument("--db", action="append", default=[], metavar="URL",
                        help="backfill: bench these postgresql:// URLs too (also env STORYLINE_BENCH_PG)")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # figures are per core
    results: dict[str, object] = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "quick": args.quick}
    failed = False
    for name in args.suites:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(f"storyline.bench.{name}")
            extra = {"urls": args.db} if args.db and "urls" in inspect.signature(module.run).parameters else {}
            results[name] = module.run(quick=args.quick, **extra)
        except Exception as exc:  # one broken suite must not hide the others
            traceback.print_exc()
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            failed = True
        print(json.dumps(results[name], indent=2, ensure_ascii=False), flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
