#!/usr/bin/env python
"""The place linker's precision, checked by hand on German news.

``--sample`` runs the analysis over SmartData news documents (DFKI, CC BY 4.0; ../shared/data)
and prints a random sample of the mentions that were linked to a gazetteer place (countries,
regions, cities), one a line with the words around it, for a person to judge. The judgements
live in scripts/ner_linker_judged.tsv (``ok``/``wrong``, key, mention, context); without
``--sample`` the script reads them and prints the precision overall and for city links.

  .venv/bin/python scripts/ner_linker_sample.py --sample [--n 120] > /tmp/links.tsv   # then judge
  .venv/bin/python scripts/ner_linker_sample.py                                        # precision

``--villages`` does the same for links to the small German-speaking places of the village table
(SmartData and the German semeval_de articles; judgements in scripts/ner_linker_villages_judged.tsv):

  .venv/bin/python scripts/ner_linker_sample.py --villages --sample --n 60 --seed 41 > /tmp/v.tsv
  .venv/bin/python scripts/ner_linker_sample.py --villages
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

JUDGED = ROOT / "scripts" / "ner_linker_judged.tsv"
JUDGED_VILLAGES = ROOT / "scripts" / "ner_linker_villages_judged.tsv"


def links(docs: list[dict]) -> list[tuple[str, str, str]]:
    """(key, mention, context) for every mention linked to a gazetteer place."""
    from storyline.analyse.entities import find_entities
    from storyline.analyse.sentences import split

    out = []
    for d in docs:
        text = d["text"]
        for e in find_entities(text, split(text, "de"), "de"):
            if e.place is None:
                continue
            for m in e.mentions:
                left = " ".join(text[max(0, m.start - 60) : m.start].split())
                right = " ".join(text[m.end : m.end + 40].split())
                out.append((e.key, m.text, f"{left} [[{m.text}]] {right}"))
    return out


def sample(n: int, seed: int) -> None:
    from storyline.bench.corpus import smartdata_news

    docs = smartdata_news()
    random.Random(seed).shuffle(docs)
    found = links(docs[:300])
    rng = random.Random(seed)
    # half cities, half countries and regions: city names are where common words hide
    for is_city in (True, False):
        pool = [f for f in found if f[0].startswith("loc:geonames") == is_city]
        for key, mention, context in rng.sample(pool, min(n // 2, len(pool))):
            print(f"?\t{key}\t{mention}\t{context}")


def village_links() -> list[tuple[str, str, str, str]]:
    """(key, mention, document id, context) for every distinct article/place link to a place of the
    village table (or a town filed under a village's name)."""
    from storyline.analyse import gazetteer as gz
    from storyline.analyse.entities import find_entities
    from storyline.analyse.sentences import split
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_ner

    data = train_ner.default_data_dir()
    texts, _ = train_ner.semeval_articles(data, "de")
    docs = [(k, v, False) for k, v in texts.items()]
    for name in ("v1_train.json.gz", "v3_dev.json.gz"):  # all of SmartData: news, RSS, tweets
        docs += [(obj.get("id", "?"), obj["text"]["string"], True)
                 for obj in train_ner.smartdata_objects(data / "smartdata" / name)]
    keys = {e.key for cands in gz._village_index().values() for e in cands}
    out = []
    for doc, text, licensed in docs:
        for e in find_entities(text, split(text, "de"), "de"):
            if e.key in keys:
                m = e.mentions[0]
                context = " ".join(text[max(0, m.start - 80) : m.end + 60].split()) if licensed else ""
                out.append((e.key, m.text, doc, context))
    return out


def sample_villages(n: int, seed: int) -> None:
    for key, mention, doc, context in random.Random(seed).sample(found := village_links(), min(n, len(found))):
        print(f"?\t{key}\t{mention}\t{doc}\t{context}")


def precision(path: Path = JUDGED) -> None:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    for name, keep in (("all links", lambda k: True), ("city links", lambda k: k.startswith("loc:geonames"))):
        judged = [r[0] for r in rows if keep(r[1])]
        ok = judged.count("ok")
        print(f"{name}: {ok}/{len(judged)} correct, precision {ok / max(len(judged), 1):.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", action="store_true")
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--villages", action="store_true", help="links to small German-speaking places")
    args = ap.parse_args()
    if args.sample:
        (sample_villages if args.villages else sample)(args.n, args.seed)
    else:
        precision(JUDGED_VILLAGES if args.villages else JUDGED)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
