"""Synthesis speed: ``synthesise()`` over a 200-article story built by varying the seed reports.

The 200 articles are the two bundled seed reports re-cut (paragraphs and
sentences dropped and reordered), with their figures and dates varied, under
40 outlet names, every tenth one a wire copy of an earlier article. Analyses
come from the real pipeline when its components are installed, else from
:func:`seed_analysis`, a phrase table for the seed texts (the same one the
tests use). Only ``synthesise()`` is timed; the goal is under one second.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import statistics
import time
from importlib import resources
from pathlib import Path

from storyline.ingest.identity import article_id
from storyline.ingest.textfile import read_text_file
from storyline.types import Analysis, Article, Entity, Fact, Mention, PartialDate, Place, TimeExpr
from storyline.types.ledger import Verdict

GOAL_SECONDS = 1.0

# -- a phrase table for the seed texts ---------------------------------------------------

_ENTITIES = [  # regex, key, display name, type, gazetteer id, country
    (r"Wladimir Putins?|Putins?", "per:putin", "Wladimir Putin", "PER", None, None),
    (r"Sergej Schoigu|Schoigu", "per:shoigu", "Sergej Schoigu", "PER", None, None),
    (r"Kassym-Schomart Tokajews?|Tokajews?", "per:tokayev", "Kassym-Schomart Tokajew", "PER", None, None),
    (r"Karim Massimows?|Massimows?", "per:masimov", "Karim Massimow", "PER", None, None),
    (r"Nursultan Nasarbajews?|Nasarbajews?", "per:nazarbayev", "Nursultan Nasarbajew", "PER", None, None),
    (r"Dmitri Peskow|Peskow", "per:peskov", "Dmitri Peskow", "PER", None, None),
    (r"Askar Mamin", "per:mamin", "Askar Mamin", "PER", None, None),
    (r"OVKS", "org:csto", "OVKS", "ORG", None, None),
    (r"Interfax", "org:interfax", "Interfax", "ORG", None, None),
    (r"Kasachstans?", "loc:iso:KZ", "Kasachstan", "LOC", "iso:KZ", "KZ"),
    (r"Russlands?", "loc:iso:RU", "Russland", "LOC", "iso:RU", "RU"),
    (r"Moskau", "loc:geonames:524901", "Moskau", "LOC", "geonames:524901", "RU"),
    (r"Almaty", "loc:geonames:1526384", "Almaty", "LOC", "geonames:1526384", "KZ"),
    (r"Belarus", "loc:iso:BY", "Belarus", "LOC", "iso:BY", "BY"),
    (r"Armenien", "loc:iso:AM", "Armenien", "LOC", "iso:AM", "AM"),
    (r"Tadschikistan", "loc:iso:TJ", "Tadschikistan", "LOC", "iso:TJ", "TJ"),
    (r"Kirgistan", "loc:iso:KG", "Kirgistan", "LOC", "iso:KG", "KG"),
    (r"China", "loc:iso:CN", "China", "LOC", "iso:CN", "CN"),
    (r"Österreich", "loc:iso:AT", "Österreich", "LOC", "iso:AT", "AT"),
]

_N = r"\d{1,3}(?:\.\d{3})+|\d+"
_HEDGE = r"fast|mehr als|etwa|rund|knapp|mindestens"
_FACTS = [  # regex (group q = the quantity phrase, h = hedge, n = number), category, unit, head, vague
    (rf"starben (?:(?P<attr>nach Angaben der Regierung) )?(?P<q>(?:(?P<h>{_HEDGE}) )?(?P<n>{_N})) Menschen",
     "killed", "people", "starben", False),
    (rf"(?P<q>(?:(?P<h>{_HEDGE}) )?(?P<n>{_N})) (?:wurden festgenommen|Festnahmen)", "arrested", "people",
     "festgenommen", False),
    (rf"(?P<q>(?:(?P<h>{_HEDGE}) )?(?P<n>{_N})) Soldaten", "troops", "people", "Soldaten", False),
    (rf"(?P<q>(?:(?P<h>{_HEDGE}) )?(?P<n>{_N})) Zivilisten", "evacuated", "people", "ausgeflogen", False),
    (r"(?P<q>viele Tote)", "killed", "people", "Tote", True),
    (r"(?P<q>Hunderte Verletzte)", "injured", "people", "Verletzte", True),
    (r"(?P<q>zehn Tage) dauern", "duration", "day", "dauern", False),
    (r"(?P<q>81 Jahre) alten", "age", "year", "alt", False),
]
_WORD_NUMBERS = {"zehn": 10.0}
_ATTRIBUTIONS = ["nach Angaben der Regierung", "eigenen Angaben zufolge", "nach Angaben des Verteidigungsministeriums"]

_WEEKDAYS = {"Montag": 0, "Dienstag": 1, "Mittwoch": 2, "Donnerstag": 3, "Freitag": 4, "Samstag": 5, "Sonntag": 6}
_TIMES = [
    r"in der vergangenen Woche", r"am Mittwoch kommender Woche", r"[Aa]m (?:Montag|Dienstag|Donnerstag|Freitag)",
    r"Am Wochenende", r"zehn Tage", r"in den vergangenen Tagen", r"Anfang des Monats", r"vor rund 30 Jahren",
]


def _number(s: str) -> float:
    return _WORD_NUMBERS.get(s) or float(s.replace(".", ""))


def _days(d: PartialDate) -> list[dt.date]:
    first, last = d.first_day(), d.last_day()
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _honest(days: list[dt.date]) -> tuple[str | None, str | None, str | None, str | None]:
    """value, precision, range start, range end for a set of candidate days."""
    lo, hi = min(days), max(days)
    if lo == hi:
        return lo.isoformat(), "day", lo.isoformat(), hi.isoformat()
    if lo.isocalendar()[:2] == hi.isocalendar()[:2]:
        y, w, _ = lo.isocalendar()
        return f"{y}-W{w:02d}", "week", lo.isoformat(), hi.isoformat()
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.year}-{lo.month:02d}", "month", lo.isoformat(), hi.isoformat()
    return None, None, lo.isoformat(), hi.isoformat()


def _resolve(phrase: str, date: PartialDate | None) -> tuple:
    """(value, precision, kind, range_start, range_end, duration_days) for one seed time phrase."""
    if phrase == "zehn Tage":
        return None, None, "duration", None, None, 10.0
    if phrase == "vor rund 30 Jahren":
        return (str(date.year - 30), "year", "relative", None, None, None) if date else (None, None, "relative", None, None, None)
    if date is None:
        return None, None, "relative", None, None, None
    days = _days(date)
    if phrase == "in der vergangenen Woche":
        cands = [x - dt.timedelta(days=x.weekday() + 7 - i) for x in days for i in range(7)]
        kind = "relative"
    elif phrase == "am Mittwoch kommender Woche":
        cands = [x - dt.timedelta(days=x.weekday()) + dt.timedelta(days=9) for x in days]
        kind = "relative"
    elif phrase == "Am Wochenende":
        cands = [x - dt.timedelta(days=(x.weekday() - d) % 7 or 7) for x in days for d in (5, 6)]
        kind = "relative"
    elif phrase == "in den vergangenen Tagen":
        cands = [x - dt.timedelta(days=i) for x in days for i in range(1, 8)]
        kind = "relative"
    elif phrase == "Anfang des Monats":
        first = date.first_day().replace(day=1)
        cands = [first + dt.timedelta(days=i) for i in range(10)]
        kind = "relative"
    else:  # "am Donnerstag": the last such weekday on or before the article date
        wd = _WEEKDAYS[phrase.split()[1]]
        cands = [x - dt.timedelta(days=(x.weekday() - wd) % 7) for x in days]
        kind = "weekday"
    value, precision, start, end = _honest(cands)
    return value, precision, kind, start, end, None


def seed_analysis(article: Article, lang: str = "de") -> Analysis:
    """The analysis of a (varied) seed article: real sentences, entities/facts/times from a phrase table."""
    from storyline.analyse.sentences import split

    text = article.text
    sentences = split(text, lang)

    def sentence_of(pos: int) -> int:
        for s in sentences:
            if s.start <= pos < s.end:
                return s.index
        return -1

    entities = []
    for pattern, key, name, type_, gid, country in _ENTITIES:
        ms = [Mention(m.group(), m.start(), m.end(), sentence_of(m.start()))
              for m in re.finditer(rf"(?<![\w]){pattern}(?![\w])", text)]
        if ms:
            entities.append(Entity(key, name, type_, ms, Place(gid, country) if gid else None))
    facts = []
    for pattern, category, unit, head, vague in _FACTS:
        for m in re.finditer(pattern, text):
            s = sentence_of(m.start("q"))
            sent = sentences[s] if s >= 0 else None
            attribution = None
            if sent is not None:
                for a in _ATTRIBUTIONS:
                    if a in text[sent.start:sent.end]:
                        attribution = a
            low = high = None
            hedge = None
            if not vague:
                n = _number(m.group("n") if "n" in m.groupdict() and m.group("n") else m.group("q").split()[0])
                hedge = m.groupdict().get("h")
                low = high = n
                if hedge in ("fast", "knapp"):
                    low = None
                elif hedge in ("mehr als", "mindestens"):
                    high = None
            facts.append(Fact(category, low, high, hedge, unit, attribution, m.group("q"), s,
                              m.start("q"), m.end("q"), head=head, vague=vague))
    times = []
    for pattern in _TIMES:
        for m in re.finditer(pattern, text):
            phrase = m.group()
            key = "am " + phrase[3:] if phrase.startswith("Am ") and phrase != "Am Wochenende" else phrase
            value, precision, kind, rs, re_, days = _resolve(key, article.date)
            times.append(TimeExpr(phrase, m.start(), m.end(), sentence_of(m.start()), value, precision, kind,
                                  rs, re_, days))
    times.sort(key=lambda t: t.start)
    facts.sort(key=lambda f: f.start)
    return Analysis(article.id, lang, 1.0, sentences, entities, facts, times)


def real_analyser():
    """``analyse`` from the real pipeline, or None while its components are missing."""
    try:
        from storyline.analyse import entities, quantities, times  # noqa: F401
        from storyline.analyse.pipeline import analyse
    except ImportError:
        return None
    return analyse


# -- the 200-article story -------------------------------------------------------------------

def seed_articles() -> list[Article]:
    root = Path(str(resources.files("storyline") / "examples" / "seeds"))
    return [read_text_file(p) for p in sorted(root.glob("*.txt"))]


def _vary_numbers(text: str, rng: random.Random) -> str:
    text = text.replace("164 Menschen", f"{rng.choice([164, 164, 164, 170, 225])} Menschen")
    text = text.replace("fast 10.000", rng.choice(["fast 10.000", "fast 10.000", "mehr als 9.000", "etwa 10.000"]))
    text = text.replace("etwa 2.500", rng.choice(["etwa 2.500", "etwa 2.500", "rund 3.000", "2.030"]))
    return text


def varied_story(n: int = 200, seed: int = 0) -> list[Article]:
    """``n`` reports of the seed story: each opens with one of the seed leads and retells a random
    selection of the seeds' other sentences (so two reports share about half their sentences, as
    independent reports of one event do); every tenth is a wire copy of an earlier one."""
    rng = random.Random(seed)
    seeds = seed_articles()
    leads, pool = [], []
    for a in seeds:
        sents = [x for x in re.split(r"(?<=[.!?»“])\s+(?=[A-ZÄÖÜ«“])", a.text.replace("\n\n", " ")) if x.strip()]
        leads.append(sents[0])
        pool += sents[1:]
    articles: list[Article] = []
    for i in range(n):
        if i % 10 == 9 and articles:  # a wire copy of an earlier article under another outlet's name
            orig = rng.choice(articles)
            text = orig.text.replace("erklärte", "sagte", 1)
            date = orig.date
        else:
            body = rng.sample(pool, rng.randint(min(8, len(pool)), min(18, len(pool))))
            paras = [" ".join(body[j:j + 3]) for j in range(0, len(body), 3)]
            text = _vary_numbers("\n\n".join([leads[i % len(leads)], *paras]), rng)
            day = rng.randint(10, 24)
            date = PartialDate(2022, 1, day) if rng.random() < 0.7 else PartialDate(2022, 1)
        articles.append(Article(article_id(text + str(i)), text, date, f"outlet{i % 40:02d}.txt", lang="de"))
    return articles


def build_story(n: int = 200) -> tuple[list[Article], list[Analysis], str]:
    articles = varied_story(n)
    analyse = real_analyser()
    how = "phrase table (analysis components missing)"
    if analyse is not None:
        try:
            first = analyse(articles[0])
        except Exception as exc:  # e.g. the NER model is not trained yet
            how = f"phrase table (real analysis failed: {type(exc).__name__})"
        else:
            return articles, [first] + [analyse(a) for a in articles[1:]], "real pipeline"
    return articles, [seed_analysis(a) for a in articles], how


def run(quick: bool = False) -> dict:
    """CPU seconds of ``synthesise()`` on the 200-article story (median and max of several runs).

    CPU time, like the analysis benchmark: wall-clock figures on a shared
    machine measure the neighbours. Wall time is reported beside it.
    """
    from storyline.synthesise.story import synthesise

    n = 200
    articles, analyses, how = build_story(n)
    synthesise(articles[:5], analyses[:5])  # warm caches (lemmas) outside the clock
    repeats = 3 if quick else 7
    cpu, wall, result = [], [], None
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        result = synthesise(articles, analyses)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    copies = [Article(f"c{i}", articles[0].text, articles[0].date, f"wire{i}.txt") for i in range(n)]
    c0 = time.process_time()
    synthesise(copies, [])  # the worst case for copy detection: one wire report 200 times
    copies_s = time.process_time() - c0
    median = statistics.median(cpu)
    return {
        "articles": n,
        "analyses": how,
        "cpu_seconds_median": round(median, 3),
        "cpu_seconds_max": round(max(cpu), 3),
        "wall_seconds_median": round(statistics.median(wall), 3),
        "goal_seconds": GOAL_SECONDS,
        "within_goal": median < GOAL_SECONDS,
        "copies_detected": len(result.copies),
        "timeline_entries": len(result.timeline),
        "ledger_rows": len(result.ledger),
        "verdicts": {str(v): sum(r.verdict == v for r in result.ledger) for v in Verdict},
        "summary_sentences": len(result.summary.sentences),
        "entities": len(result.entities),
        "identical_copies_200_cpu_seconds": round(copies_s, 3),
    }


__all__ = ["run", "seed_analysis", "seed_articles", "varied_story", "build_story", "real_analyser"]
