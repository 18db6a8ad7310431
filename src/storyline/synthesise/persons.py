"""One person per story: a surname-only person key joins the story's one full name with that surname.

Each article resolves a surname to a full name it writes itself (analyse/canonical.py). A story
also holds articles that write only *Trump*, *Netanjahu* or *Guterres* beside others that write
*Donald Trump*; per article those are two keys (``per:trump``, ``per:donald-trump``), and the story
page showed two people with the sources split between them. Within one story the surname is the
full name's when exactly one full name of the story has that surname; with two (*Donald* and
*Melania Trump*) it stays as it is. The story engine compares people by surname anyway
(cluster/features.py), so only what a story shows changes, never which articles it holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from storyline.analyse.keys import PERSON, surname
from storyline.types import Analysis


def _surname_only(key: str) -> bool:
    return key.startswith(PERSON) and "-" not in key[len(PERSON):]


def story_person_keys(analyses: list[Analysis]) -> dict[str, tuple[str, str]]:
    """Surname-only key -> (the full-name key, its most written name), where the story has one."""
    full: dict[str, set[str]] = defaultdict(set)
    names: dict[str, Counter] = defaultdict(Counter)
    for an in analyses:
        for e in an.entities:
            if e.key.startswith(PERSON):
                names[e.key][e.name] += 1
                if not _surname_only(e.key):
                    full[surname(e.key)].add(e.key)
    alone = {e.key for an in analyses for e in an.entities if _surname_only(e.key)}
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
    """A copy of the analysis with its surname-only persons (and the figures about them) under the
    story's full-name keys; the analysis itself when none is concerned."""
    if not any(e.key in keys for e in analysis.entities):
        return analysis
    entities = [replace(e, key=keys[e.key][0], name=keys[e.key][1]) if e.key in keys else e
                for e in analysis.entities]
    facts = [replace(f, subject=keys[f.subject][0]) if f.subject in keys else f for f in analysis.facts]
    return replace(analysis, entities=entities, facts=facts)
