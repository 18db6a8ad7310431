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

from storyline.synthesise.dates import human_date
from storyline.types import to_plain
from storyline.types.story import Citation, TimelineEntry
from storyline.types.views import StoryDetail

FORMATS = ("json", "md", "html", "csv")

CSV_COLUMNS = ["story", "date", "date_precision", "category", "subject", "low", "high", "hedge", "attribution",
               "source", "sentence",
               # beyond the ACLED-like core
               "subject_name", "verdict", "text", "interval", "article", "span_start", "span_end", "copy_of"]


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


def ledger_rows(story: StoryDetail) -> list[dict[str, object]]:
    """One CSV row per ledger entry, keyed by :data:`CSV_COLUMNS`."""
    rows: list[dict[str, object]] = []
    for row in story.ledger:
        for e in row.entries:
            rows.append({
                "story": story.id, "date": e.date.iso() if e.date else None, "date_precision": e.date_precision,
                "category": str(row.category), "subject": row.subject, "low": e.low, "high": e.high,
                "hedge": e.hedge, "attribution": e.attribution, "source": e.source,
                "sentence": e.sentence, "subject_name": row.subject_name, "verdict": str(row.verdict),
                "text": e.text, "interval": e.interval, "article": e.article,
                "span_start": e.span[0], "span_end": e.span[1], "copy_of": e.copy_of,
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


def to_markdown(story: StoryDetail) -> str:
    numbers = _source_numbers(story)
    out = [f"# {md(story.headline)}", ""]
    dates = str(story.first_date or "?")
    if story.last_date and story.last_date != story.first_date:
        dates += f" – {story.last_date}"
    out += [f"Story {md(story.id)} · {md(dates)} · {story.size} articles from "
            f"{story.independent_sources} independent sources", ""]
    out += ["## Summary", ""]
    for s in story.summary.sentences:
        out.append(f"- {md(s.text)} {_refs(s.citations, numbers)}")
    out += ["", "## Timeline", "", "| when | event | sources |", "| --- | --- | --- |"]
    for t in story.timeline:
        out.append(f"| {md(_when(t, story.lang))} | {md(t.text)} | {_refs(t.citations, numbers)} |")
    out += ["", "## Fact ledger", ""]
    for row in story.ledger:
        subject = row.subject_name or row.subject or "story"
        out += [f"### {md(row.category)} — {md(subject)}: {md(row.verdict)}", "", md(row.why), ""]
        if row.entries:
            out += ["| source | date | figure | as written | attribution |", "| --- | --- | --- | --- | --- |"]
            for e in row.entries:
                out.append(f"| {md(e.source)} [{numbers.get(e.article, '?')}] | {md(e.date)} | "
                           f"{md(e.interval)} | {md(e.text)} | {md(e.attribution or '')} |")
            out.append("")
        if row.vague:
            out += ["Unquantified: " + "; ".join(f"{md(v.text)} [{numbers.get(v.article, '?')}]"
                                                 for v in row.vague), ""]
    out += ["## Key entities", "", "| entity | type | sources | mentions |", "| --- | --- | --- | --- |"]
    for e in story.entities:
        out.append(f"| {md(e.name)} | {md(e.type)} | {e.sources} | {e.mentions} |")
    out += ["", "## Sources", ""]
    for a in story.articles:
        copy = f" (copy of {md(a.copy_of)})" if a.copy_of else ""
        title = f" — {md(a.title)}" if a.title else ""
        out.append(f"{numbers[a.id]}. {md(a.source)}, {md(a.date or 'undated')}{title}, article {md(a.id)}{copy}")
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
.differ, .revised { color: #a40; } .agree { color: #070; } .single, .unquantified { color: #666; }
sup a { text-decoration: none; } .generated { font-style: italic; }
</style>
</head>
<body>
<h1>{{ story.headline }}</h1>
<p class="meta">Story {{ story.id }} · {{ story.first_date or '?' }}{% if story.last_date and story.last_date != story.first_date %} – {{ story.last_date }}{% endif %}
 · {{ story.size }} articles from {{ story.independent_sources }} independent sources</p>

<h2>Summary</h2>
<ul>
{% for s in story.summary.sentences %}
<li{% if s.generated %} class="generated"{% endif %}>{{ s.text }} {% for c in s.citations %}<sup><a href="#src-{{ numbers[c.article] }}" title="{{ c.quote }}">[{{ numbers[c.article] }}]</a></sup>{% endfor %}</li>
{% endfor %}
</ul>

<h2>Timeline</h2>
<table>
<tr><th>when</th><th>event</th><th>sources</th></tr>
{% for t in story.timeline %}
<tr><td>{{ t | when(story.lang) }}</td><td>{{ t.text }}</td><td>{% for c in t.citations %}<a href="#src-{{ numbers[c.article] }}" title="{{ c.quote }}">[{{ numbers[c.article] }}]</a> {% endfor %}</td></tr>
{% endfor %}
</table>

<h2>Fact ledger</h2>
{% for row in story.ledger %}
<h3>{{ row.category }} — {{ row.subject_name or row.subject or 'story' }} <span class="verdict {{ row.verdict }}">{{ row.verdict }}</span></h3>
<p class="why">{{ row.why }}</p>
{% if row.entries %}
<table>
<tr><th>source</th><th>date</th><th>figure</th><th>as written</th><th>attribution</th><th>sentence</th></tr>
{% for e in row.entries %}
<tr><td><a href="#src-{{ numbers[e.article] }}">{{ e.source }}</a>{% if e.copy_of %} (copy){% endif %}</td><td>{{ e.date or '' }}</td><td>{{ e.interval }}</td><td>{{ e.text }}</td><td>{{ e.attribution or '' }}</td><td>{{ e.sentence }}</td></tr>
{% endfor %}
</table>
{% endif %}
{% if row.vague %}<p>Unquantified: {% for v in row.vague %}{{ v.text }} <a href="#src-{{ numbers[v.article] }}">[{{ numbers[v.article] }}]</a>{% if not loop.last %}; {% endif %}{% endfor %}</p>{% endif %}
{% endfor %}

<h2>Key entities</h2>
<table>
<tr><th>entity</th><th>type</th><th>sources</th><th>mentions</th></tr>
{% for e in story.entities %}
<tr><td>{{ e.name }}</td><td>{{ e.type }}</td><td>{{ e.sources }}</td><td>{{ e.mentions }}</td></tr>
{% endfor %}
</table>

<h2>Sources</h2>
<ol>
{% for a in story.articles %}
<li id="src-{{ numbers[a.id] }}">{% if a.url | safe_url %}<a href="{{ a.url | safe_url }}" rel="noopener noreferrer nofollow">{{ a.source }}</a>{% else %}{{ a.source }}{% endif %}, {{ a.date or 'undated' }}{% if a.title %} — {{ a.title }}{% endif %} <span class="meta">({{ a.id }}{% if a.copy_of %}, copy of {{ a.copy_of }}{% endif %})</span></li>
{% endfor %}
</ol>
</body>
</html>
""")


def to_html(story: StoryDetail) -> str:
    return _TEMPLATE.render(story=story, numbers=_source_numbers(story))
