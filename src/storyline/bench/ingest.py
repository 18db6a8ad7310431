"""Ingest benchmarks: HTML extraction throughput on one core and WARC streaming memory.

* ``html_pages_per_s``: realistic news pages (head with JSON-LD and meta tags,
  navigation, cookie banner, inline scripts, article, sidebar, footer) through
  :func:`storyline.ingest.html.extract_article`, CPU time of this process.
* ``warc_peak_rss_mb``: a WARC archive of ``1 GB`` (``quick``: 100 MB) is
  written to a temporary directory -- per page a request record, the HTML
  response and two image responses -- then streamed through the WARC reader
  (every page extracted) in a fresh process whose peak RSS is reported. The
  archive is deleted afterwards.

The page builders here are also what the tests serve and archive.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

_VOCAB = (
    "Regierung Bundestag Minister Kanzlerin Polizei Feuerwehr Gericht Stadt Land Bürger Menschen Kinder Schule "
    "Wirtschaft Unternehmen Preise Energie Gas Strom Klima Wetter Sturm Regen Hochwasser Verkehr Bahn Flughafen "
    "Straße Krankenhaus Ärzte Pflege Impfung Virus Studie Forscher Universität Hochschule Sprecher Sprecherin "
    "Opposition Koalition Partei Wahl Abstimmung Gesetz Entwurf Haushalt Milliarden Millionen Euro Prozent "
    "Jahr Woche Monat Tag Nacht Morgen Abend Mittwoch Donnerstag Freitag Samstag sagte erklärte kündigte an "
    "berichtete teilte mit forderte kritisierte betonte warnte bestätigte wies zurück plant will soll muss kann "
    "hat ist wurde werden waren sind nach laut wegen trotz gegen für über unter zwischen neue neuen ersten "
    "letzten großen kleinen deutschen europäischen internationalen örtlichen zuständigen weiteren mehrere viele "
    "einige rund etwa fast mehr als weniger Einsatz Lage Entwicklung Ergebnis Bericht Angaben Zahlen Daten "
    "Behörden Ministerium Verwaltung Kommission Rat Bund Länder Kommunen Gemeinde Bezirk Region Norden Süden "
    "Westen Osten Berlin Hamburg München Köln Frankfurt Leipzig Dresden Stuttgart Bremen Hannover Mainz Kiel "
    "Protest Demonstration Streik Gewerkschaft Verhandlungen Einigung Vertrag Abkommen Gipfel Treffen Gespräch"
).split()
_NAV = ["Startseite", "Inland", "Ausland", "Wirtschaft", "Sport", "Kultur", "Wissen", "Wetter", "Regional",
        "Video", "Audio", "Podcast", "Investigativ", "Faktenfinder", "Liveblog", "Meinung", "Panorama", "Digital"]


def synthetic_text(seed: int, paragraphs: int = 6, words: int = 55) -> str:
    """German-looking prose; different seeds share almost no 4-word shingles."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences, n = [], 0
        while n < words:
            k = rng.randint(8, 16)
            w = [rng.choice(_VOCAB) for _ in range(k)]
            sentences.append(w[0][0].upper() + w[0][1:] + " " + " ".join(w[1:]) + ".")
            n += k
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def news_page(seed: int, *, host: str = "www.tagesblick.example", path: str | None = None,
              title: str | None = None, text: str | None = None, date: str | None = "2022-01-11T14:03:00+01:00",
              byline: str | None = "11. Januar 2022, 14:03 Uhr", author: str = "Anna Beispiel",
              json_ld: bool = True, padding_kb: int = 0) -> str:
    """A news article page as German outlets build them; ``padding_kb`` adds an inline state script."""
    rng = random.Random(seed)
    title = title or f"Meldung {seed}: " + " ".join(rng.choice(_VOCAB) for _ in range(6))
    text = text if text is not None else synthetic_text(seed)
    url = f"https://{host}{path or f'/meldung/{seed}.html'}"
    ld = ""
    if json_ld:
        obj = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "url": url,
               "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization",
                                                                            "name": "Tagesblick"}}
        if date:
            obj["datePublished"] = date
        ld = f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'
    state = ""
    if padding_kb:
        blob = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(padding_kb * 1024))
        state = f'<script>window.__STATE__={{"k":"{blob}"}};</script>'
    nav = "".join(f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in _NAV)
    paras = "".join(f"<p>{p.strip()}</p>\n" for p in text.splitlines() if p.strip())
    meta_line = f'<div class="article-meta"><span class="author">Von {author}</span>' + (
        f' <span class="date">Stand: {byline}</span>' if byline else "") + "</div>"
    related = "".join(f'<li><a href="/meldung/{seed * 7 + i}.html">{" ".join(rng.choice(_VOCAB) for _ in range(5))}'
                      f"</a></li>" for i in range(6))
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{title} | Tagesblick</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:site_name" content="Tagesblick"><link rel="canonical" href="{url}">
{ld}
<style>body{{font-family:sans-serif}} .cookie-banner{{position:fixed;bottom:0}} nav li{{display:inline}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script>{state}
</head><body>
<div class="cookie-banner" id="consent"><p>Wir verwenden Cookies und ähnliche Technologien. Mit „Akzeptieren“
stimmen Sie der Verarbeitung durch unsere Partner zu. Ihre Einwilligung können Sie jederzeit widerrufen.</p>
<button>Akzeptieren</button><button>Einstellungen</button></div>
<header><a class="logo" href="/">Tagesblick</a><nav><ul>{nav}</ul></nav></header>
<main><article>
<div class="breadcrumb"><a href="/">Startseite</a> › <a href="/inland/">Inland</a></div>
<h1>{title}</h1>
{meta_line}
{paras}<div class="related"><h3>Mehr zum Thema</h3><ul>{related}</ul></div>
</article></main>
<aside><h3>Meistgelesen</h3><ol>{related}</ol></aside>
<footer><p>© Tagesblick 2022</p><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>"""


def index_page(seed: int, host: str = "www.tagesblick.example") -> str:
    """A section front: many teasers, each a linked headline and a one-line summary."""
    rng = random.Random(seed)
    teasers = "".join(
        f'<article class="teaser"><h2><a href="/meldung/{seed * 100 + i}.html">'
        f'{" ".join(rng.choice(_VOCAB) for _ in range(7))}</a></h2>'
        f'<p>{" ".join(rng.choice(_VOCAB) for _ in range(18))}.</p></article>\n' for i in range(12))
    nav = "".join(f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in _NAV)
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Inland | Tagesblick</title>
<meta property="og:type" content="website"><link rel="canonical" href="https://{host}/inland/"></head>
<body><header><nav><ul>{nav}</ul></nav></header><main><h1>Inland</h1>{teasers}</main>
<footer><a href="/impressum">Impressum</a></footer></body></html>"""


def cookie_wall(seed: int = 0) -> str:
    """What a consent-management platform serves before the article (no article in it)."""
    return """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Datenschutzeinstellungen</title>
</head><body><div class="wall"><h1>Werbefrei lesen oder zustimmen</h1>
<p>Wir und unsere Partner verwenden Cookies und Tracking, um Ihnen personalisierte Werbung anzuzeigen.
Mit Klick auf „Akzeptieren“ stimmen Sie der Verarbeitung Ihrer Daten zu. Ihre Einwilligung können Sie jederzeit
in den Datenschutzeinstellungen widerrufen. Alternativ können Sie unser Angebot im Pur-Abo werbefrei nutzen.</p>
<p><a href="/abo">Jetzt abonnieren</a> <button>Akzeptieren</button> <button>Einstellungen anpassen</button></p>
</div></body></html>"""


def write_warc(path: Path, records: Iterable[tuple[str, int, str, bytes]], gzip: bool = True,
               with_requests: bool = False, warcinfo: bool = True, warc_date: str | None = None) -> int:
    """Write (uri, status, content_type, body) responses as a WARC file; returns the record count.

    ``with_requests`` puts a request record before each response, ``warc_date``
    fixes the WARC-Date of the responses (default: now).
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    extra = {"WARC-Date": warc_date} if warc_date else None
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        if warcinfo:
            writer.write_record(writer.create_warcinfo_record(path.name, {"software": "storyline-bench"}))
            n += 1
        for uri, status, ctype, body in records:
            if with_requests:
                req = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "example")], is_http_request=True)
                writer.write_record(writer.create_warc_record(uri, "request", http_headers=req))
                n += 1
            reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently", 500: "Internal Server Error"}.get(
                status, "Status")
            headers = StatusAndHeaders(f"{status} {reason}", [("Content-Type", ctype),
                                                             ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers, warc_headers_dict=extra))
            n += 1
    return n


# -- benchmarks ---------------------------------------------------------------------------------


def _texts(n: int) -> list[str]:
    try:
        from storyline.bench.corpus import smartdata_news

        docs = [d["text"] for d in smartdata_news() if len(d.get("text") or "") > 2000][:n]
        if len(docs) >= n // 2:
            return [docs[i % len(docs)] for i in range(n)]
    except Exception:  # the shared corpus is optional here
        pass
    return [synthetic_text(i) for i in range(n)]


def _throughput(n: int) -> dict:
    from storyline.ingest.html import extract_article

    pages = [news_page(i, text=t, padding_kb=60).encode() for i, t in enumerate(_texts(n))]
    extract_article(pages[0], origin="warm-up")
    start = time.process_time()
    words = 0
    for i, page in enumerate(pages):
        words += len(extract_article(page, origin=f"page-{i}").text.split())
    seconds = time.process_time() - start
    return {"pages": n, "kb_per_page": round(sum(map(len, pages)) / n / 1024, 1), "cpu_seconds": round(seconds, 2),
            "html_pages_per_s": round(n / seconds, 1), "words_per_page": round(words / n)}


def _archive_records(target_bytes: int, seed: int = 0):
    """Pages with two images each, until the archive is about ``target_bytes`` (images do not compress)."""
    rng = random.Random(seed)
    texts = _texts(200)
    written, i = 0, 0
    while written < target_bytes:
        host = f"www.outlet{i % 7}.example"
        page = news_page(i, host=host, text=texts[i % len(texts)] + f"\n\nMeldung {i}.",
                         padding_kb=30).encode()
        yield f"https://{host}/meldung/{i}.html", 200, "text/html; charset=utf-8", page
        written += len(page) // 4  # html compresses about 4:1
        for j in range(2):
            img = rng.randbytes(180_000)
            yield f"https://{host}/img/{i}-{j}.jpg", 200, "image/jpeg", img
            written += len(img)
        i += 1


def stream_archive(path: str) -> dict:
    """Read an archive as ``storyline ingest`` does (without analysis); run in a fresh process."""
    from storyline.ingest.discover import read_file
    from storyline.types import Article

    start = time.monotonic()
    articles = rejected = 0
    for item in read_file(Path(path)):
        if isinstance(item, Article):
            articles += 1
        else:
            rejected += 1
    return {"articles": articles, "rejected": rejected, "seconds": round(time.monotonic() - start, 1),
            "peak_rss_mb": round(_peak_rss_kb() / 1024, 1)}


def _peak_rss_kb() -> int:
    """This process's own high-water RSS (VmHWM; ru_maxrss would include the parent's, inherited at exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _warc_memory(target_bytes: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        path = Path(tmp) / "bench.warc.gz"
        t0 = time.monotonic()
        records = write_warc(path, _archive_records(target_bytes), with_requests=True)
        size = path.stat().st_size
        write_s = time.monotonic() - t0
        result = _stream_in_child(path)
    return {"archive_mb": round(size / 2**20), "records": records, "write_seconds": round(write_s, 1),
            "stream_seconds": result["seconds"], "articles": result["articles"], "rejected": result["rejected"],
            "warc_peak_rss_mb": result["peak_rss_mb"]}


def _stream_in_child(path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", "import json, sys; from storyline.bench.ingest import "
                           "stream_archive; print(json.dumps(stream_archive(sys.argv[1])))", str(path)],
                          capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    if proc.returncode != 0:
        raise RuntimeError(f"streaming {path.name} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _write_jsonl(path: Path, target_bytes: int) -> int:
    """Articles of ~1.5 KB, one bad line in fifty (those become rejections, as in real exports)."""
    texts = _texts(200)
    lines = written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target_bytes:
            record = {"id": lines, "date": "2022-01-11", "title": f"Meldung {lines}", "source": "Agentur",
                      "text": texts[lines % len(texts)] + f" Meldung {lines}."}
            line = json.dumps(record, ensure_ascii=False) if lines % 50 else '{"text": 5}'
            f.write(line + "\n")
            written += len(line.encode()) + 1
            lines += 1
    return lines


def _jsonl_memory(target_bytes: int) -> dict:
    """Peak RSS of a fresh process reading a JSONL file of ``target_bytes``: streamed, so flat."""
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        path = Path(tmp) / "bench.jsonl"
        lines = _write_jsonl(path, target_bytes)
        size = path.stat().st_size
        result = _stream_in_child(path)
    return {"jsonl_mb": round(size / 2**20), "jsonl_lines": lines, "jsonl_stream_seconds": result["seconds"],
            "jsonl_articles": result["articles"], "jsonl_rejected": result["rejected"],
            "jsonl_peak_rss_mb": result["peak_rss_mb"]}


def _minhash(n: int) -> dict:
    from storyline.dedup.minhash import signature

    texts = _texts(n)
    start = time.process_time()
    for t in texts:
        signature(t)
    seconds = time.process_time() - start
    return {"minhash_signatures_per_s": round(n / seconds, 1)}


def run(quick: bool = False) -> dict:
    result = _throughput(100 if quick else 400)
    result.update(_minhash(200 if quick else 1000))
    result.update(_warc_memory((100 if quick else 1024) * 2**20))
    result.update(_jsonl_memory((100 if quick else 1024) * 2**20))
    result["goal_html_pages_per_s"] = 50
    result["goal_warc_peak_rss_mb"] = 300
    result["goal_jsonl_peak_rss_mb"] = 300
    return result


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
