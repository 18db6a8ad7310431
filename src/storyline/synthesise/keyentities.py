"""Key entities: ranked by how many independent sources mention them, then by mentions."""

from __future__ import annotations

from collections import Counter, defaultdict

from storyline.synthesise.model import Doc
from storyline.types import Place
from storyline.types.story import Citation, KeyEntity

LIMIT = 30
CITATIONS_PER_ENTITY = 5


def build_entities(docs: list[Doc], limit: int = LIMIT) -> list[KeyEntity]:
    names: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    identities: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    mentions: Counter = Counter()
    first: dict[str, tuple] = {}
    places: dict[str, Place] = {}
    cites: dict[str, dict[str, Citation]] = defaultdict(dict)  # key -> identity -> first mention
    for d in docs:
        for e in d.analysis.entities:
            if not e.key:
                continue
            names[e.key][e.name] += 1
            types[e.key][e.type] += 1
            identities[e.key].add(d.identity)
            articles[e.key].add(d.id)
            mentions[e.key] += len(e.mentions)
            if e.place is not None:
                places.setdefault(e.key, e.place)
            ms = [m for m in e.mentions if 0 <= m.start < m.end <= len(d.text)]
            if ms:
                m = min(ms, key=lambda m: m.start)
                pos = (d.order, m.start)
                if e.key not in first or pos < first[e.key]:
                    first[e.key] = pos
                if d.identity not in cites[e.key]:
                    cites[e.key][d.identity] = d.cite(m.start, m.end)
            else:
                first.setdefault(e.key, (d.order, 10 ** 9))
    ranked = sorted(names, key=lambda k: (-len(identities[k]), -mentions[k], first.get(k, (10 ** 9, 0)), k))
    out = []
    for k in ranked[:limit]:
        out.append(KeyEntity(
            key=k, name=names[k].most_common(1)[0][0], type=types[k].most_common(1)[0][0],
            sources=len(identities[k]), articles=len(articles[k]), mentions=mentions[k], place=places.get(k),
            citations=list(cites[k].values())[:CITATIONS_PER_ENTITY],
        ))
    return out
