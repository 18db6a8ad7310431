"""RSS/Atom feeds (feedparser) and OPML subscription lists.

A saved feed (``storyline ingest feed.xml``) becomes one article per item,
built from what the feed itself carries: title, date, link and the summary
(or the full ``content:encoded`` when present). ``storyline watch`` fetches
each item's page instead (:mod:`storyline.jobs.watch`).
"""

from __future__ import annotations

import email.utils
import hashlib
import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import feedparser
from lxml import etree
from lxml import html as lxml_html

from storyline.ingest.build import clean, make_article
from storyline.ingest.errors import InputError, Rejection
from storyline.ingest.files import read_capped
from storyline.ingest.html import _parse_any_date, canonical_url, check_attributes, host_of
from storyline.ingest.limits import Limits
from storyline.ingest.names import shown
from storyline.types import Article, PartialDate

_ROOT_RE = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF|opml)[\s>]", re.IGNORECASE)
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|tr)>")
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _valid_charref(m: re.Match) -> bytes:
    code = int(m[1], 16) if m[1] else int(m[2])
    ok = code in (9, 10, 13) or 32 <= code < 0xD800 or 0xE000 <= code <= 0x10FFFF
    return m[0] if ok else b"&#xFFFD;"


def sniff(data: bytes) -> str | None:
    """"feed", "opml" or None, from the document's root element (BOM, XML declaration and comments skipped)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL).lstrip()
    m = _ROOT_RE.match(head)
    if not m:
        return None
    return "opml" if m.group(1).lower() == b"opml" else "feed"


def html_to_text(fragment: str | None) -> str:
    """A summary's HTML as plain paragraphs separated by blank lines."""
    if not fragment or not fragment.strip():
        return ""
    marked = _BLOCK_END.sub("\n", fragment)
    try:
        check_attributes(marked, Limits().page_attributes)  # lxml's parser is quadratic in them
        text = lxml_html.fragment_fromstring(marked, create_parent="div").text_content()
    except (etree.ParserError, ValueError):  # InputError (too many attributes) is a ValueError too
        text = htmllib.unescape(re.sub(r"<[^>]+>", " ", marked))
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def entry_date(entry: dict) -> PartialDate | None:
    """The item's publication date as the feed writes it (wall-clock time kept), else its update date."""
    for key in ("published", "updated", "created", "dc_date"):
        raw = dict.get(entry, key)  # plain dict access: no feedparser key aliasing (and its warnings)
        if not raw:
            continue
        raw = str(raw).strip()
        parsed = email.utils.parsedate_tz(raw) if not raw[:4].isdigit() else None
        if parsed and parsed[0]:
            y, mo, d, h, mi, s = parsed[:6]
            try:
                has_time = bool(re.search(r"\d{1,2}:\d{2}", raw))
                return PartialDate(y, mo, d, (f"{h:02d}:{mi:02d}:{s:02d}" if has_time else None))
            except ValueError:
                pass
        date = _parse_any_date(raw)
        if date:
            return date
        stamp = dict.get(entry, f"{key}_parsed")
        if stamp:
            try:
                return PartialDate(stamp.tm_year, stamp.tm_mon, stamp.tm_mday,
                                   f"{stamp.tm_hour:02d}:{stamp.tm_min:02d}:{stamp.tm_sec:02d}")
            except ValueError:
                pass
    return None


@dataclass
class FeedItem:
    key: str  # guid, else link, else a hash of title and date
    link: str | None
    title: str | None
    date: PartialDate | None
    summary: str  # plain text
    fingerprint: str  # changes when the feed says the item changed

    def article(self, source: str, origin: str, lang: str | None = None, limits: Limits | None = None) -> Article:
        """The item as an article built from the feed alone; InputError when it carries nothing."""
        if not self.summary and not self.title:
            raise InputError("item has neither title nor summary")
        return make_article(self.summary, date=self.date, source=host_of(self.link) or source, title=self.title,
                            url=self.link, lang=lang, origin=origin, limits=limits or Limits.from_env())


@dataclass
class Feed:
    title: str | None
    lang: str | None
    items: list[FeedItem]


def parse_feed(data: bytes, url: str | None = None) -> Feed:
    """Bytes -> :class:`Feed`; InputError for what is not a usable feed."""
    if not data.strip():
        raise InputError("empty feed")
    kind = sniff(data)
    if kind == "opml":
        raise InputError("an OPML subscription list, not a feed (use `storyline watch` on it)")
    data = _CHARREF.sub(_valid_charref, data)  # feedparser's fallback parser crashes on &#xd800;
    try:
        parsed = feedparser.parse(data, response_headers={"content-location": url} if url else None)
    except Exception as exc:  # noqa: BLE001  feedparser means never to raise; when it does, the feed is at fault
        raise InputError(f"malformed feed (the parser failed: {type(exc).__name__}: {str(exc)[:200]})") from None
    if kind is None and not parsed.entries:
        raise InputError("not an RSS/Atom feed")
    if parsed.bozo and not any(e.get("link") or e.get("title") for e in parsed.entries):
        raise InputError(f"malformed feed: {parsed.get('bozo_exception')}")
    meta = parsed.get("feed", {})
    lang = (meta.get("language") or "")[:2].lower()
    lang = lang if lang.isascii() and lang.isalpha() else None
    items = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        body = max((c.get("value", "") for c in content), key=len, default="")
        summary = html_to_text(body) if len(body) > len(entry.get("summary", "")) else html_to_text(
            entry.get("summary"))
        summary = clean(summary)  # feedparser turns &#xd800; into a lone surrogate
        title = clean(re.sub(r"\s+", " ", htmllib.unescape(entry.get("title", ""))).strip()) or None
        link = canonical_url(clean(entry.get("link") or "")) or None
        date = entry_date(entry)
        stamp = dict.get(entry, "updated") or dict.get(entry, "published") or ""
        key = clean(entry.get("id") or "") or link or hashlib.sha256(f"{title}\x1f{stamp}".encode()).hexdigest()[:16]
        parts = [title or "", summary, str(stamp), link or ""]
        fingerprint = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
        items.append(FeedItem(str(key), link, title, date, summary, fingerprint))
    return Feed(title=clean(meta.get("title") or "") or None, lang=lang, items=items)


def parse_opml(data: bytes) -> list[str]:
    """Feed URLs (``xmlUrl``) of every outline, nested ones included, in order."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed OPML: {exc}") from None
    if root is None:
        raise InputError("malformed OPML: no root element")
    urls = [el.get("xmlUrl") or el.get("xmlurl") for el in root.iter("outline")]
    return list(dict.fromkeys(u.strip() for u in urls if u and u.strip()))


def read_feed_file(path: Path, limits: Limits | None = None) -> Iterator[Article | Rejection]:
    """A saved feed (at most ``Limits.feed_bytes``): one article per item, from the item's own title, date,
    link and summary."""
    limits = limits or Limits.from_env()
    name = shown(path)
    data = read_capped(path, limits.feed_bytes, "feed")
    tags = data.count(b"<")
    if tags > limits.feed_elements:
        raise InputError(f"feed of {tags:,} tags exceeds the limit of {limits.feed_elements:,}")
    feed = parse_feed(data)
    if not feed.items:
        raise InputError("a feed without items")
    for n, item in enumerate(feed.items, 1):
        if n > limits.records_per_file:
            yield Rejection(name, f"more than {limits.records_per_file:,} items: the rest (from item {n}) is not read")
            return
        origin = f"{name}#item-{n}" + (f" {shown(item.link)}" if item.link else "")
        try:
            yield item.article(source=feed.title or shown(path.name), origin=origin, lang=feed.lang, limits=limits)
        except InputError as exc:
            yield Rejection(origin, str(exc))
