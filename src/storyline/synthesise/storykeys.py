"""One entity per story: keys that articles give apart for what the story shows as one.

*People.* Each article resolves a surname to a full name it writes itself (analyse/canonical.py).
A story also holds articles that write only *Trump*, *Netanjahu* or *Guterres* beside others that
write *Donald Trump*; per article those are two keys (``per:trump``, ``per:donald-trump``), and the
story page showed two people with the sources split between them. Within one story the surname is
the full name's when exactly one full name of the story has that surname (a German genitive alone,
*Trumps Friedensplan*, too); with two (*Donald* and *Melania Trump*) it stays as it is.

*Names typed apart.* A name no gazetteer links is keyed by its type and its words, and the models
of two languages (or two articles) type a mission, a product or a firm differently:
``org:bepicolombo`` and ``misc:bepicolombo``, ``org:northvolt`` and ``misc:northvolt``. Within one
story they are one entity, of the type most mentions give.

The story engine compares people by surname anyway (cluster/features.py) and was measured on the
typed keys, so only what a story shows changes, never which articles it holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from storyline.analyse.keys import PERSON, surname
from storyline.types import Analysis

_TYPED = ("org", "misc", "loc")
_TYPE_OF = {"org": "ORG", "misc": "MISC", "loc": "LOC"}


def _surname_only(key: str) -> bool:
    return key.startswith(PERSON) and "-" not in key[len(PERSON):]


def _unlinked(key: str) -> str | None:
    """The words of an unlinked name's key (``org:bepicolombo`` -> ``bepicolombo``), else None."""
    kind, _, rest = key.partition(":")
    return rest if kind in _TYPED and rest and ":" not in rest else None


def story_keys(analyses: list[Analysis]) -> dict[str, tuple[str, str]]:
    """Key -> (the story's key for it, its most written name), for the keys that change."""
    names: dict[str, Counter] = defaultdict(Counter)
    mentions: Counter = Counter()
    for an in analyses:
        for e in an.entities:
            names[e.key][e.name] += 1
            mentions[e.key] += len(e.mentions)
    out = _people(analyses, names)
    typed: dict[str, set[str]] = defaultdict(set)
    for key in names:
        if (words := _unlinked(key)) is not None:
            typed[words].add(key)
    for keys in typed.values():
        if len(keys) > 1:
            best = max(keys, key=lambda k: (mentions[k], k))
            out.update({k: (best, names[best].most_common(1)[0][0]) for k in keys if k != best})
    return out


def _people(analyses: list[Analysis], names: dict[str, Counter]) -> dict[str, tuple[str, str]]:
    full: dict[str, set[str]] = defaultdict(set)
    for key in names:
        if key.startswith(PERSON) and not _surname_only(key):
            full[surname(key)].add(key)
    alone = {key for key in names if _surname_only(key)}
    out = {}
    for an in analyses:
        for e in an.entities:
            if not _surname_only(e.key):
                continue
            sur = e.key[len(PERSON):]
            cands = full.get(sur, ())
            if not cands and an.lang == "de" and sur.endswith("s") and not sur.endswith("ss"):
                # a German genitive in an article that has no other mention of the person:
                # *Trumps Friedensplan*
                cands = full.get(sur[:-1]) or ({PERSON + sur[:-1]} & alone)
            if len(cands) == 1:
                (key,) = cands
                out[e.key] = (key, names[key].most_common(1)[0][0])
    return out


def with_story_keys(analysis: Analysis, keys: dict[str, tuple[str, str]]) -> Analysis:
    """A copy of the analysis with its entities (and the figures about them) under the story's
    keys; the analysis itself when none is concerned."""
    if not any(e.key in keys for e in analysis.entities):
        return analysis
    entities = [replace(e, key=keys[e.key][0], name=keys[e.key][1],
                        type=_TYPE_OF.get(keys[e.key][0].partition(":")[0], e.type))
                if e.key in keys else e for e in analysis.entities]
    facts = [replace(f, subject=keys[f.subject][0]) if f.subject in keys else f for f in analysis.facts]
    return replace(analysis, entities=entities, facts=facts)
