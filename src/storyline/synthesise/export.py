"""A story's synthesis as JSON, Markdown, a standalone HTML page or CSV (one row per ledger entry).

All text in a story is untrusted input (titles, article texts, source names):
HTML goes through Jinja2 with autoescape on and only http(s) links;
Markdown escapes its punctuation; CSV cells that a spreadsheet would read as
a formula get a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
import json
import re
from jinja2 import Environment, select_autoescape

from storyline.synthesise import ledger_text
from storyline.synthesise.dates import human_date
from storyline.types import to_plain
from storyline.types.ledger import LedgerRow
from storyline.types.story import Citation, TimelineEntry
from storyline.types.views import StoryDetail

FORMATS = ("json", "md", "html", "csv")

CSV_COLUMNS = ["story", "date", "date_precision", "category", "subject", "low", "high", "hedge", "attribution",
               "source", "sentence",
               # beyond the ACLED-like core
               "subject_name", "verdict", "text", "interval", "article", "span_start", "span_end", "copy_of",
               # the claim: what the figure counts, how the report gives it, and where its row sits
               "group", "role", "as_of", "level", "within", "version"]


def export(story: StoryDetail, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return {"json": to_json, "md": to_markdown, "html": to_html, "csv": to_csv}[fmt](story)


def to_json(story: StoryDetail) -> str:
    return json.dumps(to_plain(story), ensure_ascii=False, indent=2) + "\n"


# -- CSV ---------------------------------------------------------------------------------

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def flat_ledger(rows: list[LedgerRow], level: int = 0, within: str | None = None) -> list[tuple[LedgerRow, int, str | None]]:
    """Rows with their nesting depth and the row they sit under ("killed/loc:iso:KZ"), totals first."""
    out = []
    for row in rows:
        out.append((row, level, within))
        out += flat_ledger(row.parts, level + 1, f"{row.category}/{row.group or ''}/{row.subject or ''}")
    return out


def ledger_rows(story: StoryDetail) -> list[dict[str, object]]:
    """One CSV row per ledger entry, keyed by :data:`CSV_COLUMNS`."""
    rows: list[dict[str, object]] = []
    for row, level, within in flat_ledger(story.ledger):
        for e in row.entries:
            rows.append({
                "story": story.id, "date": e.date.iso() if e.date else None, "date_precision": e.date_precision,
                "category": str(row.category), "subject": row.subject, "low": e.low, "high": e.high,
                "hedge": e.hedge, "attribution": e.attribution, "source": e.source,
                "sentence": e.sentence, "subject_name": row.subject_name, "verdict": str(row.verdict),
                "text": e.text, "interval": e.interval, "article": e.article,
                "span_start": e.span[0], "span_end": e.span[1], "copy_of": e.copy_of,
                "group": row.group, "role": str(e.role), "as_of": e.as_of, "level": level, "within": within,
                "version": e.version,
            })
    return rows


def to_csv(story: StoryDetail) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in ledger_rows(story):
        writer.writerow({k: _cell(v) for k, v in r.items()})
    return buf.getvalue()


# -- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|])")


def md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(text if text is not None else "")).strip())


def _source_numbers(story: StoryDetail) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(story.articles, 1)}


def _refs(citations: list[Citation], numbers: dict[str, int]) -> str:
    seen = []
    for c in citations:
        n = numbers.get(c.article)
        if n is not None and n not in seen:
            seen.append(n)
    return "".join(f"[{n}]" for n in seen)


def _when(entry: TimelineEntry, lang: str | None = None) -> str:
    """"13. Januar 2022", "KW 2/2022", "zwischen … und …", "Januar 2022, 10 Tage" — never finer than the entry."""
    text = human_date(entry.value, lang) or "?"
    if entry.kind == "duration" and entry.duration_days:
        days = f"{entry.duration_days:g}"
        text += f", {days} Tage" if lang == "de" else f", {days} days"
    return text


LABELS = {
    "en": {"summary": "Summary", "timeline": "Timeline", "ledger": "Fact ledger", "entities": "Key entities",
           "sources": "Sources", "articles": "{n} articles from {k} independent sources", "when": "when",
           "event": "event", "source": "source", "date": "date", "figure": "figure", "written": "as written",
           "attribution": "attribution", "sentence": "sentence", "role": "role", "unquantified": "Without a figure",
           "entity": "entity", "type": "type", "mentions": "mentions", "copy": "copy of {id}", "undated": "undated",
           "article": "article", "story": "Story"},
    "de": {"summary": "Zusammenfassung", "timeline": "Chronik", "ledger": "Faktenbuch", "entities": "Wichtige Akteure",
           "sources": "Quellen", "articles": "{n} Artikel aus {k} unabhängigen Quellen", "when": "wann",
           "event": "Ereignis", "source": "Quelle", "date": "Datum", "figure": "Zahl", "written": "wörtlich",
           "attribution": "Angabe von", "sentence": "Satz", "role": "Rolle", "unquantified": "Ohne Zahl",
           "entity": "Akteur", "type": "Typ", "mentions": "Nennungen", "copy": "Kopie von {id}", "undated": "ohne Datum",
           "article": "Artikel", "story": "Story"},
}


def _labels(story: StoryDetail) -> dict[str, str]:
    return LABELS["de" if story.lang == "de" else "en"]


def _md_ledger(story: StoryDetail, numbers: dict[str, int]) -> list[str]:
    lang, L = story.lang, _labels(story)
    out: list[str] = []
    for row, level, _ in flat_ledger(story.ledger):
        mark = "#" * min(3 + level, 6)
        out += [f"{mark} {md(ledger_text.what_label(row, lang))} — {md(ledger_text.subject_label(row, lang))}: "
                f"{md(ledger_text.verdict_label(row.verdict, lang))}", "", md(ledger_text.why(row, lang)), ""]
        if row.entries:
            out += [f"| {L['source']} | {L['date']} | {L['figure']} | {L['role']} | {L['written']} | {L['attribution']} |",
                    "| --- | --- | --- | --- | --- | --- |"]
            for e in row.entries:
                out.append(f"| {md(e.source)} [{numbers.get(e.article, '?')}] | {md(e.date)} | "
                           f"{md(ledger_text.figure(e, row.category, lang))} | {md(ledger_text.role_label(e.role, lang))} | "
                           f"{md(e.text)} | {md(e.attribution or '')} |")
            out.append("")
        if row.vague:
            out += [f"{L['unquantified']}: " + "; ".join(f"{md(v.text)} [{numbers.get(v.article, '?')}]"
                                                         for v in row.vague), ""]
    return out


def to_markdown(story: StoryDetail) -> str:
    numbers = _source_numbers(story)
    L = _labels(story)
    out = [f"# {md(story.headline)}", ""]
    dates = str(story.first_date or "?")
    if story.last_date and story.last_date != story.first_date:
        dates += f" – {story.last_date}"
    out += [f"{L['story']} {md(story.id)} · {md(dates)} · "
            f"{L['articles'].format(n=story.size, k=story.independent_sources)}", ""]
    out += [f"## {L['summary']}", ""]
    for s in story.summary.sentences:
        out.append(f"- {md(s.text)} {_refs(s.citations, numbers)}")
    out += ["", f"## {L['timeline']}", "", f"| {L['when']} | {L['event']} | {L['sources']} |", "| --- | --- | --- |"]
    for t in story.timeline:
        out.append(f"| {md(_when(t, story.lang))} | {md(t.text)} | {_refs(t.citations, numbers)} |")
    out += ["", f"## {L['ledger']}", ""]
    out += _md_ledger(story, numbers)
    out += [f"## {L['entities']}", "", f"| {L['entity']} | {L['type']} | {L['sources']} | {L['mentions']} |",
            "| --- | --- | --- | --- |"]
    for e in story.entities:
        out.append(f"| {md(e.name)} | {md(e.type)} | {e.sources} | {e.mentions} |")
    out += ["", f"## {L['sources']}", ""]
    for a in story.articles:
        copy = f" ({L['copy'].format(id=md(a.copy_of))})" if a.copy_of else ""
        title = f" — {md(a.title)}" if a.title else ""
        out.append(f"{numbers[a.id]}. {md(a.source)}, {md(a.date or L['undated'])}{title}, {L['article']} "
                   f"{md(a.id)}{copy}")
    return "\n".join(out) + "\n"


# -- HTML --------------------------------------------------------------------------------

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                   lstrip_blocks=True)


def _safe_url(url: object) -> str | None:
    return url if isinstance(url, str) and re.match(r"^https?://", url, re.I) else None


_ENV.filters["safe_url"] = _safe_url
_ENV.filters["when"] = _when

_TEMPLATE = _ENV.from_string("""<!doctype html>
<html lang="{{ story.lang or 'de' }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ story.headline }}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
td, th { border: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; text-align: left; }
.meta, .why { color: #555; } .verdict { font-weight: bold; text-transform: uppercase; font-size: .85rem; }
.differ, .updated, .corrected { color: #a40; } .agree { color: #070; } .single, .unquantified { color: #666; }
sup a { text-decoration: none; } .generated { font-style: italic; }
</style>
</head>
<body>
<h1>{{ story.headline }}</h1>
<p class="meta">{{ L.story }} {{ story.id }} · {{ story.first_date or '?' }}{% if story.last_date and story.last_date != story.first_date %} – {{ story.last_date }}{% endif %}
 · {{ L.articles.format(n=story.size, k=story.independent_sources) }}</p>

<h2>{{ L.summary }}</h2>
<ul>
{% for s in story.summary.sentences %}
<li{% if s.generated %} class="generated"{% endif %}>{{ s.text }} {% for c in s.citations %}<sup><a href="#src-{{ numbers[c.article] }}" title="{{ c.quote }}">[{{ numbers[c.article] }}]</a></sup>{% endfor %}</li>
{% endfor %}
</ul>

<h2>{{ L.timeline }}</h2>
<table>
<tr><th>{{ L.when }}</th><th>{{ L.event }}</th><th>{{ L.sources }}</th></tr>
{% for t in story.timeline %}
<tr><td>{{ t | when(story.lang) }}</td><td>{{ t.text }}</td><td>{% for c in t.citations %}<a href="#src-{{ numbers[c.article] }}" title="{{ c.quote }}">[{{ numbers[c.article] }}]</a> {% endfor %}</td></tr>
{% endfor %}
</table>

<h2>{{ L.ledger }}</h2>
{% for row, level, within in ledger %}
<h3 style="margin-left: {{ level * 1.5 }}rem">{% if level %}↳ {% endif %}{{ text.what_label(row, lang) }} — {{ text.subject_label(row, lang) }} <span class="verdict {{ row.verdict }}">{{ text.verdict_label(row.verdict, lang) }}</span></h3>
<p class="why">{{ text.why(row, lang) }}</p>
{% if row.entries %}
<table>
<tr><th>{{ L.source }}</th><th>{{ L.date }}</th><th>{{ L.figure }}</th><th>{{ L.role }}</th><th>{{ L.written }}</th><th>{{ L.attribution }}</th><th>{{ L.sentence }}</th></tr>
{% for e in row.entries %}
<tr><td><a href="#src-{{ numbers[e.article] }}">{{ e.source }}</a>{% if e.copy_of %} ({{ L.copy.format(id=e.copy_of) }}){% endif %}</td><td>{{ e.date or '' }}</td><td>{{ text.figure(e, row.category, lang) }}</td><td>{{ text.role_label(e.role, lang) }}</td><td>{{ e.text }}</td><td>{{ e.attribution or '' }}</td><td>{{ e.sentence }}</td></tr>
{% endfor %}
</table>
{% endif %}
{% if row.vague %}<p>{{ L.unquantified }}: {% for v in row.vague %}{{ v.text }} <a href="#src-{{ numbers[v.article] }}">[{{ numbers[v.article] }}]</a>{% if not loop.last %}; {% endif %}{% endfor %}</p>{% endif %}
{% endfor %}

<h2>{{ L.entities }}</h2>
<table>
<tr><th>{{ L.entity }}</th><th>{{ L.type }}</th><th>{{ L.sources }}</th><th>{{ L.mentions }}</th></tr>
{% for e in story.entities %}
<tr><td>{{ e.name }}</td><td>{{ e.type }}</td><td>{{ e.sources }}</td><td>{{ e.mentions }}</td></tr>
{% endfor %}
</table>

<h2>{{ L.sources }}</h2>
<ol>
{% for a in story.articles %}
<li id="src-{{ numbers[a.id] }}">{% if a.url | safe_url %}<a href="{{ a.url | safe_url }}" rel="noopener noreferrer nofollow">{{ a.source }}</a>{% else %}{{ a.source }}{% endif %}, {{ a.date or L.undated }}{% if a.title %} — {{ a.title }}{% endif %} <span class="meta">({{ a.id }}{% if a.copy_of %}, {{ L.copy.format(id=a.copy_of) }}{% endif %})</span></li>
{% endfor %}
</ol>
</body>
</html>
""")


def to_html(story: StoryDetail) -> str:
    return _TEMPLATE.render(story=story, numbers=_source_numbers(story), L=_labels(story), lang=story.lang,
                            text=ledger_text, ledger=flat_ledger(story.ledger))
