"""A hostile corpus, made at test time: every reader's bad inputs, with good articles among them.

``build(root, seed, scale)`` writes the files under ``root`` and returns a
:class:`Manifest` saying what each file must give: the good articles it
holds (each carries a unique marker word ``zqNNNNNNx`` in its text), the
records that must be rejected by name (``file:LINE``, ``file#record-N``), and
for every file that it is read or named in a rejection. The same seed gives
the same corpus; ``scale`` multiplies the randomised kinds (``make fuzz``).
Big inputs are sparse files, so the corpus stays small on disk.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from storyline.bench.ingest import cookie_wall, index_page, news_page, synthetic_text
from storyline.ingest.limits import KB, MB, Limits

# The limits the corpus is built against: small, so oversized inputs stay cheap to make and to refuse.
LIMITS = Limits(article_bytes=256 * KB, page_bytes=512 * KB, feed_bytes=1 * MB, records_per_file=500,
                rejections_per_file=40)


@dataclass
class Entry:
    path: Path
    kind: str
    good: list[str] = field(default_factory=list)  # markers of articles that must be read from it
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (origin suffix, word in the reason)
    named: bool = True  # must be read or named in a rejection (False: skipped by design, e.g. hidden)


@dataclass
class Manifest:
    entries: list[Entry] = field(default_factory=list)

    def add(self, path: Path, kind: str, good=(), rejected=(), named: bool = True) -> Entry:
        entry = Entry(path, kind, list(good), list(rejected), named)
        self.entries.append(entry)
        return entry

    @property
    def markers(self) -> list[str]:
        return [m for e in self.entries for m in e.good]


class Corpus:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.manifest = Manifest()
        self.n = 0
        self.count = 0

    def marker(self) -> str:
        self.n += 1
        return f"zq{self.n:06d}x"

    def path(self, kind: str, suffix: str, sub: str = "") -> Path:
        self.count += 1
        d = self.root / kind / sub if sub else self.root / kind
        d.mkdir(parents=True, exist_ok=True)
        return d / f"{self.count:05d}{suffix}"

    def words(self, n: int) -> str:
        return synthetic_text(self.rng.randrange(10**6), paragraphs=1, words=n).strip()

    def body(self, marker: str, words: int = 45) -> str:
        return f"{self.words(words)} Kennung {marker} bestätigt. {self.words(12)}"


# -- text files ---------------------------------------------------------------------------------

BAD_DATES = ["9999-12-31T23:00-05:00", "0001-01-01T00:30+01:00", "2022-13", "2022-02-30", "2022-00-10", "0000",
             "10000", "2022-01-01T25:00", "2022-01-01T23:60", "2022-01-32", "-2022", "2022-1-1-1", "٢٠٢٢-١٣",
             "2022-01-01T10:00+25:00", "9" * 400, "2022-W99", "NaN",
             "2022-02-29", "1900-02-29T12:00", "2022-06-31", "2022-01-01T-1:00", "x" * 3000, "2022/01/01"]
GOOD_DATES = ["2022", "2022-01", "2022-01-14", "2022-01-14 14:03", "2022-01-14T09:05:00", "2022-01-14T09:05:00Z",
              "2021-12-31T23:30:00-05:00", "0001-01-01T01:30+01:00", "9999-12-31T10:00-05:00"]


def text_files(c: Corpus, scale: int) -> None:
    encodings = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                 "utf-32-le", "utf-32-be"]
    for i in range(40 * scale):
        m, enc, date = c.marker(), encodings[i % len(encodings)], c.rng.choice(GOOD_DATES)
        text = f"{' ' * (i % 3)}date {date}\n{c.body(m)}\n\nZweiter Absatz über Köln und Grüße."
        if i % 7 == 0:
            text = text.replace("\n", "\r\n")
        data = text.encode(enc)
        if enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):  # these codecs write no mark
            data = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
                    "utf-32-be": b"\x00\x00\xfe\xff"}[enc] + data
        p = c.path("text", ".txt")
        p.write_bytes(data)
        c.manifest.add(p, f"text {enc}", good=[m])
    for i, date in enumerate(BAD_DATES * 3 * scale):
        p = c.path("text", ".txt")
        header = ["date {}\n", "  date {}\r\n", "\ndate\t{} "][i % 3].format(date)
        p.write_text(header + c.body(c.marker()), encoding="utf-8")
        c.manifest.add(p, "text bad date", rejected=[("", "date")])
    hostile = {
        "empty": b"", "blank": b" \n\t\r\n ", "header only": b"date 2022-01\n", "no header": b"Nur Text.\nMehr.",
        "date word only": b"date\n", "NUL in text": b"date 2022\nText mit \x00 Null.",
        "utf-16 without mark": "date 2022\nText ohne Marke.".encode("utf-16-le"),
        "odd utf-16": b"\xff\xfe" + "date 2022\nText".encode("utf-16-le") + b"\x00",
        "lone utf-16 surrogate": b"\xff\xfe" + "date 2022\nText ".encode("utf-16-le") + b"\x00\xd8",
        "cesu surrogate": b"date 2022\nText \xed\xa0\x80 mehr", "overlong": b"date 2022\n\xc0\xaf\xe0\x80\xaf",
        "only a BOM": b"\xef\xbb\xbf", "utf-32 mark only": b"\xff\xfe\x00\x00",
        "control characters": b"date 2022\n" + bytes(range(1, 32)) * 3 + b" Text",
        "ansi escapes": b"date 2022\n\x1b[31mrot\x1b[0m \x1b]0;title\x07 Text",
        "bidi override": "date 2022\n\u202eTxeT \u2066isolate\u2069 Text".encode(),
        "zalgo": ("date 2022\nZ" + "\u0301" * 5000 + "algo").encode(),
        "long line": b"date 2022\n" + b"Wort " * 40000,
        "header of 100 KB": b"date " + b"9" * 100_000 + b"\nText",
        "just over the limit": b"date 2022\n" + b"x" * LIMITS.article_bytes,
        "binary": bytes(range(256)) * 8, "png": b"\x89PNG\r\n\x1a\n" + bytes(500),
        "gzip": gzip.compress(b"date 2022\nText"), "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    }
    for kind, data in hostile.items():
        for _ in range(scale):
            p = c.path("text", ".txt")
            p.write_bytes(data)
            c.manifest.add(p, f"text {kind}")
    for i in range(150 * scale):
        p = c.path("text", c.rng.choice([".txt", ".bin", "", ".dat", ".md"]))
        p.write_bytes(c.rng.randbytes(c.rng.randrange(1, 4000)))
        c.manifest.add(p, "text random bytes")
    for i in range(60 * scale):
        p = c.path("text", ".txt")
        text = f"date {c.rng.choice(GOOD_DATES)}\n{c.body(c.marker())}"
        p.write_bytes(mutate(c, text.encode(c.rng.choice(["utf-8", "utf-16", "latin-1"]), "replace")))
        c.manifest.add(p, "text mutated")
    for size in (100 * MB, 3 * MB):
        p = c.path("text", ".txt")
        with open(p, "wb") as f:
            f.write(b"date 2022\n")
            f.truncate(size)  # sparse: no disk used, and the reader must refuse it from its size
        c.manifest.add(p, f"text sparse {size // MB} MB", rejected=[("", "exceeds")])


# -- JSON Lines ---------------------------------------------------------------------------------

def bad_lines(c: Corpus) -> list[tuple[bytes, str]]:
    """(line, a word its rejection must hold)."""
    def rec(**kw) -> bytes:
        return json.dumps({"date": "2022-01-11", "text": c.words(8), **kw}).encode()

    deep = "[" * 100_000 + "]" * 100_000
    return [
        (rec(title=123), "'title'"), (rec(url=True), "'url'"), (rec(lang=["a"]), "'lang'"), (rec(text=None), "text"),
        (rec(text=5), "'text'"), (rec(text={"a": 1}), "'text'"), (rec(source=[1]), "'source'"), (rec(id={}), "'id'"),
        (rec(id=True), "'id'"), (rec(date=True), "'date'"), (rec(date=[2022]), "'date'"), (rec(date=2022.5), "'date'"),
        (rec(date="9999-12-31T23:00-05:00"), "range"), (rec(date="0001-01-01T00:30+01:00"), "range"),
        (rec(date="2022-13"), "month"), (rec(url="javascript:alert(1)"), "url"), (rec(lang="english language"), "lang"),
        (rec(url="ftp://x y"), "url"), (b'{"text": ' + deep.encode() + b"}", "nested"),
        (b'{"date": "2022", "text": "x", "n": ' + b"1" * 5000 + b"}", "number"),
        (b'{"text": "x", "f": 1' + b"0" * 400 + b".5}", "number"),
        (b'{"text": "x", "d": ' + b'{"a":' * 70 + b"1" + b"}" * 70 + b"}", "nested"),
        (b"{not json", "JSON"), (b'{"text": "x"', "JSON"), (b"[1, 2, 3]", "object"), (b'"text"', "object"),
        (b"null", "object"), (b"42", "object"), (b'{"text": "a\x00b"}', "NUL"), (b"\x00\x00\x00", "NUL"),
        (b'{"text": "caf\xe9 \xff\xfe"}', None), (b'{"text": "x"} trailing', "JSON"), (b'{"text": "\\ud800"', "JSON"),
        (b'{"text": ""}', "empty text"), (b'{"text": "   ", "title": ""}', "empty text"),
        (b'{"text": "x", "date": "' + b"2" * 3000 + b'"}', "date"), (b"\xef\xbb\xbf[]", "object"),
        (b'{"text":"x","text":5}', "'text'"), (b"{" * 10_000, "nested"), (b'{"text": "\x1b[31m"}', "JSON"),
    ]


def good_line(c: Corpus, m: str, variant: int) -> bytes:
    body = c.body(m, 30)
    records = [
        {"date": "2022-01-11", "text": body, "title": "Titel", "source": "Agentur", "url": f"https://a.example/{m}",
         "lang": "de", "id": variant},
        {"date": "2022-01", "text": body + "\u2028mit Zeilentrenner\u2029"},  # raw U+2028 is valid JSON
        {"date": "2021-12-31T23:30:00-05:00", "text": body, "id": "[/]"},
        {"date": 2022, "text": body, "title": "[red]Rich[/red] \\ [/]"},
        {"date": None, "text": body + " \ud800 einsamer Ersatz", "extra": [1, 2, {"a": None}], "n": 1e308},
        {"text": body, "title": "\u202eüberschrift", "lang": "en-GB", "url": f"https://b.example/ä/{m}?q=1"},
        {"date": "2022-01-14T09:05:00Z", "text": body, "id": "x" * 500},
    ]
    record = records[variant % len(records)]
    return json.dumps(record, ensure_ascii="\ud800" in record["text"] or variant % 2 == 0).encode()


def jsonl_files(c: Corpus, scale: int) -> None:
    pool = bad_lines(c)
    for i in range(270 * scale):
        lines, good, rejected = [], [], []
        for _ in range(c.rng.randrange(1, 4)):
            lines.append(("good", c.marker()))
        for _ in range(c.rng.randrange(1, 5)):
            lines.append(("bad", c.rng.choice(pool)))
        if i % 5 == 0:
            lines.append(("blank", None))
        c.rng.shuffle(lines)
        raw, n = [], 0
        for what, value in lines:
            n += 1
            if what == "good":
                raw.append(good_line(c, value, i + n))
                good.append(value)
            elif what == "bad":
                raw.append(value[0])
                if value[1] is not None:  # None: hostile, yet it may be read
                    rejected.append((f":{n}", value[1]))
            else:
                raw.append(b"   ")
        sep = b"\r\n" if i % 9 == 0 else b"\n"
        data = sep.join(raw) + (sep if i % 2 else b"")
        p = c.path("jsonl", ".jsonl" if i % 4 else ".ndjson")
        p.write_bytes((b"\xef\xbb\xbf" if i % 11 == 0 else b"") + data)
        c.manifest.add(p, "jsonl mixed", good=good, rejected=rejected)
    for i in range(100 * scale):
        raw = b"\n".join(good_line(c, c.marker(), i + k) for k in range(3))
        p = c.path("jsonl", ".jsonl")
        p.write_bytes(mutate(c, raw))
        c.manifest.add(p, "jsonl mutated")
    # whole-file oddities
    m1, m2, m3 = c.marker(), c.marker(), c.marker()
    latin = json.dumps({"date": "2022", "text": c.body(m1) + " Grüße aus Köln"}, ensure_ascii=False)
    files = {
        "empty": (b"", [], [("", "empty")]), "newlines": (b"\n\n\r\n", [], [("", "empty")]),
        "binary": (c.rng.randbytes(3000), [], []), "nul only": (b"\x00" * 1000, [], []),
        "latin-1": (latin.encode("latin-1") + b"\n", [m1], []),
        "utf-16": ("\n".join([json.dumps({"date": "2022", "text": c.body(m2)}), "{bad"]).encode("utf-16"),
                   [m2], [(":2", "JSON")]),
        "nul line among good": (b"\x00garbage\x00\n" + json.dumps({"text": c.body(m3)}).encode(), [m3],
                                [(":1", "NUL")]),
    }
    for kind, (data, good, rejected) in files.items():
        p = c.path("jsonl", ".jsonl")
        p.write_bytes(data)
        c.manifest.add(p, f"jsonl {kind}", good=good, rejected=rejected)
    p = c.path("jsonl", ".jsonl")
    with open(p, "wb") as f:  # a 100 MB line (sparse), then a good one
        m = c.marker()
        f.write(b'{"text": "')
        f.seek(100 * MB)
        f.write(b'"}\n' + json.dumps({"text": c.body(m)}).encode() + b"\n")
    c.manifest.add(p, "jsonl 100 MB line", good=[m], rejected=[(":1", "exceeds")])
    p = c.path("jsonl", ".jsonl")
    many = [json.dumps({"text": f"Kurz {k}"}) for k in range(LIMITS.records_per_file + 20)]
    p.write_text("\n".join(many), encoding="utf-8")
    c.manifest.add(p, "jsonl too many records", rejected=[("", "more than")])
    p = c.path("jsonl", ".jsonl")
    m = c.marker()
    p.write_text("\n".join(["{bad"] * (LIMITS.rejections_per_file + 30) + [json.dumps({"text": c.body(m)})]),
                 encoding="utf-8")
    c.manifest.add(p, "jsonl many bad lines", good=[m], rejected=[(":1", "JSON"), ("", "more rejection")])


# -- HTML ---------------------------------------------------------------------------------------

def page(c: Corpus, m: str | None, head: str = "", date: str | None = "2022-01-11T14:03:00+01:00",
         **kw) -> str:
    text = c.body(m, 60) + "\n" + c.words(40) if m else c.words(60) + "\n" + c.words(40)
    seed = c.rng.randrange(10**6)  # one URL per article: the same URL twice would be a revision
    html = news_page(seed, text=text, date=date, path=f"/meldung/{m or seed}.html", **kw)
    return html.replace("</head>", head + "</head>", 1)


def html_files(c: Corpus, scale: int) -> None:
    for i in range(30 * scale):
        m = c.marker()
        p = c.path("html", c.rng.choice([".html", ".htm", ".xhtml"]))
        p.write_text(page(c, m, json_ld=i % 3 > 0), encoding="utf-8")
        c.manifest.add(p, "html good", good=[m])
    deep_ld = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    heads = {  # still articles: a bad date, bad JSON-LD or odd markup must not cost the page
        "meta overflow": '<meta property="article:published_time" content="9999-12-31T23:00-05:00">',
        "meta underflow": '<meta name="date" content="0001-01-01T00:30+01:00">',
        "time overflow": '<time datetime="9999-12-31T23:00-05:00">x</time>',
        "deep JSON-LD": deep_ld,
        "JSON-LD wrong types": '<script type="application/ld+json">{"@type": ["NewsArticle", 5], "headline": 123, '
                               '"datePublished": ["9999-12-31T23:00-05:00"], "author": {"name": [{"x": 1}]}, '
                               '"url": {"a": 1}, "publisher": 7}</script>',
        "JSON-LD big number": '<script type="application/ld+json">{"n": ' + "9" * 5000 + "}</script>",
        "JSON-LD not JSON": '<script type="application/ld+json">{"@type": "NewsArticle",,, ]]</script>',
        "surrogate refs": "<title>&#xd800; &#0; &#x110000; &#55296;</title>",
        "bogus charset": '<meta charset="x-no-such-charset">',
        "huge attribute": '<meta name="x" content="' + "a" * 200_000 + '">',
        "bad lang": "",
        "time bomb": "<time>" + "1. Januar 2022, 14:03 Uhr " * 12_000 + "</time>",  # was quadratic: minutes
    }
    undated = {"meta overflow", "meta underflow", "time overflow", "time bomb"}  # so the bad date is the one read
    for kind, head in heads.items():
        for _ in range(scale * 2):
            m = c.marker()
            html = page(c, m, head, date=None if kind in undated else "2022-01-11")
            if kind == "bad lang":
                html = html.replace('lang="de"', 'lang="[/]\x1b"')
            p = c.path("html", ".html")
            p.write_text(html, encoding="utf-8")
            c.manifest.add(p, f"html {kind}", good=[m])
    m = c.marker()
    p = c.path("html", ".html")
    p.write_bytes(page(c, m).replace('<meta charset="utf-8">', "").encode("utf-16"))
    c.manifest.add(p, "html utf-16 with BOM")
    hostile = {
        "empty": "", "blank": "  \n ", "not html": "date 2022\nText", "cookie wall": cookie_wall(1),
        "index page": index_page(2), "too short": "<html><body><p>Kurz.</p></body></html>",
        "deep divs": "<html><body>" + "<div>" * 100_000 + "Text" + "</div>" * 100_000 + "</body></html>",
        "deep inline": "<p>" + "<b><i>" * 30_000 + "x",
        "attribute bomb": "<html><body><p " + " ".join(f"a{k}=x" for k in range(40_000)) + ">Text</p></body></html>",
        "script only": "<script>" + "var a=1;" * 5000 + "</script>",
        "comment bomb": "<!--" + "-" * 100_000, "unclosed": "<html><body><p>" + "<p>Wort" * 20_000,
        "xml pi": '<?xml version="1.0" encoding="ebcdic"?><html/>', "cdata": "<![CDATA[" * 5000,
        "nul": "<html>\x00<body>\x00</body></html>", "entities": "&" * 50_000 + "&#" * 20_000,
        "svg": "<svg xmlns='http://www.w3.org/2000/svg'><text>x</text></svg>",
        "over the page limit": "<html><body>" + "<p>Wort</p>" * (LIMITS.page_bytes // 11 + 10),
    }
    for kind, html in hostile.items():
        for _ in range(scale):
            p = c.path("html", ".html")
            p.write_text(html, encoding="utf-8")
            c.manifest.add(p, f"html {kind}")
    for _ in range(40 * scale):
        p = c.path("html", ".html")
        p.write_bytes(mutate(c, page(c, None).encode()))
        c.manifest.add(p, "html mutated")


def mutate(c: Corpus, data: bytes) -> bytes:
    """Random damage: a slice replaced by random bytes, a cut, a duplicated span."""
    data = bytearray(data)
    for _ in range(c.rng.randrange(1, 6)):
        if not data:
            break
        a = c.rng.randrange(len(data))
        b = min(len(data), a + c.rng.randrange(1, 200))
        action = c.rng.randrange(3)
        if action == 0:
            data[a:b] = c.rng.randbytes(b - a)
        elif action == 1:
            del data[a:]
        else:
            data[a:a] = data[a:b] * c.rng.randrange(2, 20)
    return bytes(data)


# -- feeds --------------------------------------------------------------------------------------

def rss(items: list[str], extra: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{extra}<rss version="2.0"><channel><title>Kanal</title>'
            f"<language>de</language>{''.join(items)}</channel></rss>")


def rss_item(c: Corpus, m: str | None, date: str = "Tue, 11 Jan 2022 14:03:00 +0100") -> str:
    text = c.body(m, 20) if m else c.words(20)
    return (f"<item><title>Meldung {c.rng.randrange(10**6)}</title><link>https://feed.example/{c.rng.randrange(10**9)}"
            f"</link><pubDate>{date}</pubDate><description>{text}</description></item>")


def feed_files(c: Corpus, scale: int) -> None:
    for i in range(20 * scale):
        ms = [c.marker() for _ in range(c.rng.randrange(1, 4))]
        if i % 2:
            data = rss([rss_item(c, m) for m in ms])
        else:
            entries = "".join(f"<entry><title>E {m}</title><id>urn:{m}</id><updated>2022-01-11T10:00:00Z</updated>"
                              f"<summary>{c.body(m, 20)}</summary></entry>" for m in ms)
            data = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>{entries}</feed>'
        p = c.path("feed", c.rng.choice([".xml", ".rss", ".atom"]))
        p.write_text(data, encoding="utf-8")
        c.manifest.add(p, "feed good", good=ms)
    m1, m2 = c.marker(), c.marker()
    item_dates = ["Fri, 31 Dec 9999 23:00:00 -0500", "Mon, 01 Jan 0001 00:30:00 +0100", "9999-12-31T23:00-05:00",
                  "garbage", "Tue, 99 Foo 2022 99:99:99 +9999", "0001-01-01T00:30+01:00", ""]
    for date in item_dates:
        for _ in range(scale):
            m = c.marker()
            p = c.path("feed", ".xml")
            p.write_text(rss([rss_item(c, m, date)]), encoding="utf-8")
            c.manifest.add(p, "feed bad item date", good=[m])
    laughs = ('<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(9)) + "]>")
    xxe = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    hostile = {
        "empty": ("", [], [("", "empty")]), "not xml": ("just text", [], []), "binary": (None, [], []),
        "truncated": (rss([rss_item(c, None)])[:150], [], []), "no items": (rss([]), [], [("", "without items")]),
        "opml": ('<opml version="2.0"><body><outline xmlUrl="https://x.example/f"/></body></opml>', [],
                 [("", "OPML")]),
        "other xml": ("<svg><g/></svg>", [], []), "billion laughs": (rss(["<item><title>&i;</title></item>"],
                                                                          laughs), [], []),
        "xxe": (rss(["<item><title>X</title><description>&xxe;</description></item>"], xxe), [], []),
        "empty item": (rss(["<item></item>", rss_item(c, m1)]), [m1], [("#item-1", "neither")]),
        "deep": (rss(["<item><title>T</title><description>" + "<x>" * 50_000 + "</description></item>"]), [], []),
        "surrogate refs": (rss([f"<item><title>&#xd800;</title><description>{c.body(m2, 20)} &#0; &#xdfff;"
                                "</description></item>"]), [m2], []),
        "lying encoding": ('<?xml version="1.0" encoding="utf-32"?><rss><channel><item><title>x</title></item>'
                           "</channel></rss>", [], []),
        "too many items": (rss([f"<item><title>T{k}</title></item>" for k in range(LIMITS.records_per_file + 5)]),
                           [], [("", "more than")]),
        "over the feed limit": (rss(["<item><title>T</title></item>"] * (LIMITS.feed_bytes // 30)), [],
                                [("", "exceeds")]),
    }
    for kind, (data, good, rejected) in hostile.items():
        p = c.path("feed", ".xml")
        p.write_bytes(c.rng.randbytes(2000) if data is None else data.encode("utf-8"))
        c.manifest.add(p, f"feed {kind}", good=good, rejected=rejected)
    for _ in range(60 * scale):
        p = c.path("feed", ".rss")
        p.write_bytes(mutate(c, rss([rss_item(c, None) for _ in range(3)]).encode()))
        c.manifest.add(p, "feed mutated")


# -- WARC ---------------------------------------------------------------------------------------

def warc_record(uri: str | None, body: bytes, *, status: str = "200 OK", ctype: str = "text/html; charset=utf-8",
                rec_type: str | None = "response", length: str | None = None, http: bytes | None = None) -> bytes:
    block = http if http is not None else (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
                                           f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    headers = [("WARC-Type", rec_type), ("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=len(body) * 7919)}>"),
               ("WARC-Date", "2022-01-11T13:03:00Z"), ("WARC-Target-URI", uri),
               ("Content-Type", "application/http; msgtype=response"),
               ("Content-Length", str(len(block)) if length is None else length)]
    head = "".join(f"{k}: {v}\r\n" for k, v in headers if v is not None)
    return b"WARC/1.0\r\n" + head.encode() + b"\r\n" + block + b"\r\n\r\n"


def warcinfo() -> bytes:
    info = b"software: hostile-corpus\r\n"
    return (b"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Date: 2022-01-11T13:00:00Z\r\nContent-Type: application/warc-fields\r\nContent-Length: "
            + str(len(info)).encode() + b"\r\n\r\n" + info + b"\r\n\r\n")


def good_records(c: Corpus, k: int) -> list[tuple[bytes, str]]:
    out = []
    for _ in range(k):
        m = c.marker()
        out.append((warc_record(f"https://w.example/{m}.html", page(c, m).encode()), m))
    return out


def write_archive(p: Path, records: list[bytes], gz: bool) -> list[int]:
    """Writes the records; returns each record's end offset in the file."""
    ends, pos = [], 0
    with open(p, "wb") as f:
        for r in records:
            data = gzip.compress(r, mtime=0) if gz else r
            f.write(data)
            pos += len(data)
            ends.append(pos)
    return ends


def warc_files(c: Corpus, scale: int) -> None:
    for i in range(10 * scale):
        recs = good_records(c, 3)
        gz = i % 2 == 0
        p = c.path("warc", ".warc.gz" if gz else ".warc")
        write_archive(p, [warcinfo()] + [r for r, _ in recs], gz)
        c.manifest.add(p, "warc good", good=[m for _, m in recs])
    for i in range(60 * scale):  # cut at a random offset: the records before the cut are kept, the file named
        recs = good_records(c, 3)
        gz = i % 2 == 0
        p = c.path("warc", ".warc.gz" if gz else ".warc")
        ends = write_archive(p, [warcinfo()] + [r for r, _ in recs], gz)
        cut = c.rng.randrange(ends[0] + 1, ends[-1] - 1)
        with open(p, "r+b") as f:
            f.truncate(cut)
        kept = [m for (_, m), end in zip(recs, ends[1:]) if end <= cut - (0 if gz else 4)]
        c.manifest.add(p, "warc cut", good=kept, rejected=[("", "")])
    for i in range(20 * scale):  # one damaged record among good ones
        recs = good_records(c, 2)
        m = c.marker()
        body = page(c, m).encode()
        damaged = [
            (warc_record(None, body), "#record-3", "WARC-Target-URI"),
            (warc_record("https://w.example/a", body, rec_type=None), "#record-3", "WARC-Type"),
            (warc_record("https://w.example/b", body, rec_type="bogus"), "#record-3", "WARC-Type"),
            (warc_record("https://w.example/c", body, status="404 Not Found"), "#record-3 https://w.example/c", "404"),
            (warc_record("https://w.example/d", b"\x89PNG", ctype="image/png"), "#record-3 https://w.example/d",
             "not HTML"),
            (warc_record("https://w.example/e", body, http=b"garbage\r\n\r\n" + body), "#record-3", ""),
            (warc_record("https://w.example/f", body, http=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\nZZZ\r\n" + body), "", ""),
            (warc_record("https://w.example/g", body, http=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Content-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00garbage"), "#record-3", ""),
            (warc_record("https://w.example/h", body, status="200 OK", ctype="text/html; charset=no-such"), "", ""),
        ][i % 9]
        record, where, word = damaged
        p = c.path("warc", ".warc")
        write_archive(p, [warcinfo(), recs[0][0], record, recs[1][0]], False)
        c.manifest.add(p, "warc damaged record", good=[recs[0][1], recs[1][1]],
                       rejected=[(where, word)] if where else [])
    for i in range(12 * scale):  # damage that ends the archive: the records before it are kept
        recs = good_records(c, 2)
        bad = [
            warc_record("https://w.example/x", b"x", length="-5") + b"garbage that is not a record\r\n\r\n",
            warc_record("https://w.example/x", b"x", length="abc") + b"more garbage\r\n",
            warc_record("https://w.example/x", b"x", length=str(10**12)),
            b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"a" * (LIMITS.header_line_bytes + 10) + b"\r\n\r\n",
            b"WARC/1.0\r\n" + c.rng.randbytes(3000),
            b"NOT A RECORD\r\n\r\n",
        ][i % 6]
        gz = i % 2 == 0
        p = c.path("warc", ".warc.gz" if gz else ".warc")
        write_archive(p, [recs[0][0], recs[1][0], bad], gz)
        c.manifest.add(p, "warc damaged end", good=[m for _, m in recs], rejected=[("", "")])
    for i in range(6 * scale):  # corrupt bytes inside the middle gzip member
        recs = good_records(c, 3)
        p = c.path("warc", ".warc.gz")
        ends = write_archive(p, [r for r, _ in recs], True)
        data = bytearray(p.read_bytes())
        for k in range(10):
            data[ends[0] + 20 + k * 7] ^= 0xFF
        p.write_bytes(bytes(data))
        c.manifest.add(p, "warc corrupt member", good=[recs[0][1]], rejected=[("", "")])
    hostile = {
        "empty": b"", "garbage": None, "warc then garbage": b"WARC/1.0\r\n" + b"\xff" * 2000,
        "gzip garbage": b"\x1f\x8b\x08\x00" + b"\x00" * 100, "gzip of text": gzip.compress(b"hello world"),
        "sparse 100 MB": "sparse", "only warcinfo": warcinfo(),
        "arc": b"filedesc://x.arc 0.0.0.0 20220111130000 text/plain 3\n1 0\nabc\n",
        "too many records": b"".join(warcinfo() for _ in range(LIMITS.records_per_file + 3)),
    }
    for kind, data in hostile.items():
        p = c.path("warc", ".warc")
        if data == "sparse":
            with open(p, "wb") as f:
                f.truncate(100 * MB)
        else:
            p.write_bytes(c.rng.randbytes(3000) if data is None else data)
        c.manifest.add(p, f"warc {kind}")
    for _ in range(80 * scale):
        recs = good_records(c, 2)
        p = c.path("warc", c.rng.choice([".warc", ".warc.gz"]))
        raw = b"".join(r for r, _ in recs)
        p.write_bytes(mutate(c, gzip.compress(raw) if p.name.endswith(".gz") else raw))
        c.manifest.add(p, "warc mutated")


# -- names and the file system ------------------------------------------------------------------

NAMES = [b"caf\xe9.txt", b"\xff\xfe.txt", b"half \xe2\x82.txt", b"[red].txt", b"[bold]x[not a tag].txt", b"a[b].txt",
         b"new\nline.txt", b"tab\there.txt", b"\x1b[31mred\x1b[0m.txt", "\u202etxt.exe".encode(), b"-rf.txt",
         b"back\\slash.txt", b"sp ace .txt", "emoji 📰.txt".encode(), b"x" * 250 + b".txt", b"%s%n.txt",
         b"$(touch pwned).txt", b"CON.txt", b"\xed\xa0\x80.txt"]


def name_files(c: Corpus, scale: int) -> None:
    base = c.root / "names"
    base.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(NAMES * scale):
        m = c.marker()
        d = base / f"d{i}"
        d.mkdir()
        p = Path(os.fsdecode(os.path.join(os.fsencode(d), name)))
        p.write_text(f"date 2022-01\n{c.body(m)}", encoding="utf-8")
        c.manifest.add(p, f"name {name!r}", good=[m])
    for i in range(3):  # "[/]" in a path: Rich reads it as a closing tag
        m = c.marker()
        d = base / f"open{i}["
        d.mkdir()
        p = d / "]close.jsonl"
        p.write_text(json.dumps({"text": c.body(m), "id": "[/]"}), encoding="utf-8")
        c.manifest.add(p, "name [/]", good=[m])
    m = c.marker()
    deep = base.joinpath(*[f"level{k}" for k in range(60)])
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text(f"date 2022\n{c.body(m)}", encoding="utf-8")
    c.manifest.add(deep / "bottom.txt", "deep directory", good=[m])
    fs = c.root / "fs"
    fs.mkdir()
    inside = fs / "inside.txt"
    m = c.marker()
    inside.write_text(f"date 2022\n{c.body(m)}", encoding="utf-8")
    c.manifest.add(inside, "fs target", good=[m])
    links = {"loop": ".", "self": "self", "broken": "nowhere.txt", "out": "/etc/passwd", "zero": "/dev/zero",
             "parent": "..", "link-in.txt": "inside.txt", "dirlink": "../names"}
    for name, target in links.items():
        os.symlink(target, fs / name)
        c.manifest.add(fs / name, f"symlink {name}", good=[m] if name == "link-in.txt" else [],
                       rejected=[] if name == "link-in.txt" else [("", "link")])
    os.mkfifo(fs / "fifo.txt")
    c.manifest.add(fs / "fifo.txt", "fifo", rejected=[("", "FIFO")])
    os.mkfifo(fs / "fifo-target")
    os.symlink("fifo-target", fs / "fifo-link.txt")
    c.manifest.add(fs / "fifo-target", "fifo", rejected=[("", "FIFO")])
    c.manifest.add(fs / "fifo-link.txt", "link to a fifo", rejected=[("", "FIFO")])
    (fs / "dir.jsonl").mkdir()
    (fs / ".hidden.txt").write_text("date 2022\nVersteckt.", encoding="utf-8")
    c.manifest.add(fs / ".hidden.txt", "hidden", named=False)


def build(root: Path, seed: int = 16, scale: int = 1) -> Manifest:
    c = Corpus(root, seed)
    for make in (text_files, jsonl_files, html_files, feed_files, warc_files, name_files):
        make(c, scale)
    return c.manifest
