"""HTML pages -> Article: main text, title, author and publication date (with its precision).

trafilatura finds the main text; the date comes from the most explicit source
the page offers, in this order:

1. JSON-LD ``datePublished`` of the article object (``"2022-01"`` stays a month),
2. ``<meta>`` publication tags (``article:published_time``, ``itemprop=datePublished`` ...),
3. ``<time datetime>`` elements,
4. bylines as people read them ("11. Januar 2022, 14:03 Uhr", "Januar 2022"; :mod:`dates_de`),
5. htmldate's search (via trafilatura), day precision,
6. the caller's fallback (WARC-Date, the feed item's date).

Pages without an article -- index pages, cookie walls, pages with too little
text -- raise :class:`InputError` with the reason; the caller names the input.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from storyline.ingest import dates_de
from storyline.ingest.build import make_article
from storyline.ingest.decode import bom_encoding
from storyline.ingest.errors import InputError
from storyline.ingest.files import read_capped
from storyline.ingest.identity import host_of  # noqa: F401  (host_of: readers import it from here)
from storyline.ingest.limits import Limits, too_large
from storyline.ingest.names import shown
from storyline.ingest.safejson import loads
from storyline.types import Article, PartialDate

MIN_WORDS = 40  # fewer words than this in the main text is not an article
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report", "liveblogposting",
                 "socialmediaposting", "scholarlyarticle", "techarticle"}
LISTING_TYPES = {"itemlist", "collectionpage", "website", "searchresultspage", "webpage", "sitenavigationelement"}
_META_DATE_KEYS = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
                   "date", "pubdate", "publishdate", "publish-date", "published_time", "dc.date.issued",
                   "dcterms.issued", "dcterms.created", "dc.date", "parsely-pub-date", "sailthru.date",
                   "article.published", "article_date_original", "og:pubdate")
_CONSENT_RE = re.compile(
    r"\b(cookies?|consent|einwilligung\w*|zustimm\w*|akzeptier\w*|accept|datenschutz\w*|privacy|tracking|"
    r"werbefrei\w*|pur[- ]abo\w*|abonnier\w*|drittanbieter\w*|partner\w*|personalisiert\w*|widerruf\w*|"
    r"anpassen|einstellungen|settings|opt[- ]?out|gdpr|dsgvo)\b", re.IGNORECASE)
_BANNER_RE = re.compile(r"(^|[\s_-])(cookie|cookies|consent|cmp|gdpr|privacy-?banner|sp_message|didomi|onetrust|"
                        r"usercentrics|sourcepoint|newsletter-?box)([\s_-]|$)", re.IGNORECASE)
_DATEISH_RE = re.compile(r"date|datum|time|zeit|publish|byline|dateline|stand|meta|article-info|autor", re.I)
_ISO_STAMP = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?"
                        r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
# A start tag (quoted values may hold ">") and the attributes in it; both scans are linear.
_START_TAG = re.compile(r"""<[A-Za-z](?:"[^"]*"|'[^']*'|[^'"<>])*>""")
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?""")
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|wt_mc|wt_zmc|ref|cmpid|xtor)$", re.I)


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, drop the fragment and tracking parameters: one article, one URL."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https"):
        return url
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMS.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


# -- page structure ---------------------------------------------------------------------------


def most_attributes(markup: str) -> int:
    """The most attributes any one start tag holds (lxml checks each against all before it)."""
    return max((len(_ATTRIBUTE.findall(tag)) - 1 for tag in _START_TAG.findall(markup) if len(tag) > 1000),
               default=0)


def _as_text(data: bytes | str) -> str:
    """Enough of a decoding to see the tags: a byte-order mark's encoding, else Latin-1 (never fails)."""
    if isinstance(data, str):
        return data
    marked = bom_encoding(data)
    return data.decode(marked[0] if marked else "latin-1", errors="replace")


def check_attributes(markup: str, limit: int) -> None:
    most = most_attributes(markup)
    if most > limit:
        raise InputError(f"an HTML element with {most:,} attributes exceeds the limit of {limit:,}")


def _json_ld(tree: HtmlElement, limits: Limits) -> list[dict]:
    """All JSON-LD objects on the page, with @graph and lists flattened; a block that is not JSON is skipped."""
    out: list[dict] = []

    def walk(obj: object, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(obj, list):
            for x in obj:
                walk(x, depth + 1)
        elif isinstance(obj, dict):
            out.append(obj)
            if "@graph" in obj:
                walk(obj["@graph"], depth + 1)
            main = obj.get("mainEntity")
            if isinstance(main, (dict, list)):
                walk(main, depth + 1)

    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        raw = script.text.strip()
        try:
            walk(loads(raw, limits.json_depth, limits.number_digits))
        except InputError:
            try:  # trailing commas and stray control characters are common in the wild
                walk(loads(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ")), limits.json_depth,
                           limits.number_digits))
            except InputError:
                continue
    return out


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    values = t if isinstance(t, list) else [t]
    return {str(v).lower() for v in values if v}


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _meta(tree: HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in tree.iterfind(".//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = el.get("content") or el.get("datetime")
        if key and value and key not in meta:
            meta[key] = value.strip()
    return meta


def _parse_any_date(value: str | None) -> PartialDate | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    m = _ISO_STAMP.match(value)
    if m:  # the publisher's wall-clock time, as a byline would show it; "Z" stays UTC
        try:
            return PartialDate.parse(f"{m['day']}T{m['time']}")
        except ValueError:
            return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        pass
    return dates_de.parse_date(value)


def _classes(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _visible_text(el: etree._Element) -> str:
    return " ".join(t.strip() for t in el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
                    if t.strip())


def _drop_banners(tree: HtmlElement) -> int:
    """Remove cookie/consent/paywall overlays before extraction; returns how many went."""
    doomed = [el for el in tree.iter() if isinstance(el.tag, str) and el.tag not in ("html", "body")
              and _BANNER_RE.search(_classes(el))]
    dropped = 0
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
            dropped += 1
    return dropped


def _keep_leads(tree: HtmlElement) -> None:
    """A ``<p class="teaser">`` inside the article is its lead paragraph; trafilatura would drop it."""
    for el in tree.xpath("//article//*[self::p or self::div][contains(translate(@class, 'T', 't'), 'teaser')]"):
        text = _visible_text(el)
        links = sum(len(_visible_text(a)) for a in el.iter("a"))
        if len(text) >= 80 and links < 0.2 * len(text):
            el.set("class", re.sub(r"teaser", "lead", el.get("class") or "", flags=re.IGNORECASE))


def _link_density(tree: HtmlElement) -> tuple[float, int]:
    """Share of content-block text inside links, and how many headings are links (teasers)."""
    total = linked = 0
    teasers = 0
    for el in tree.iter("p", "h2", "h3", "h4"):  # not li: menus are lists, wherever a site puts them
        if el.xpath("ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside"):
            continue
        text = _visible_text(el)
        if not text:
            continue
        n = len(text)
        inside = sum(len(_visible_text(a)) for a in el.iter("a"))
        if el.getparent() is not None and el.getparent().tag == "a":
            inside = n
        total += n
        linked += min(inside, n)
        if el.tag in ("h2", "h3", "h4") and inside >= 0.8 * n:
            teasers += 1
    return (linked / total if total else 0.0), teasers


# -- dates --------------------------------------------------------------------------------------


def _page_date(tree: HtmlElement, ld_article: dict | None, meta: dict[str, str]) -> PartialDate | None:
    if ld_article is not None:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            date = _parse_any_date(str(ld_article.get(key) or ""))
            if date:
                return date
    for key in _META_DATE_KEYS:
        date = _parse_any_date(meta.get(key))
        if date:
            return date
    for el in tree.xpath("//*[@itemprop='datePublished']"):
        date = _parse_any_date(el.get("content") or el.get("datetime") or _visible_text(el))
        if date:
            return date
    for el in tree.iter("time"):
        if el.xpath("ancestor::nav or ancestor::footer or ancestor::aside"):
            continue
        date = _parse_any_date(el.get("datetime")) or dates_de.parse_date(_visible_text(el))
        if date:
            return date
    for el in tree.iter("p", "span", "div", "small", "li", "header", "dd"):
        if not _DATEISH_RE.search(_classes(el)) or el.xpath("ancestor::nav or ancestor::footer"):
            continue
        text = _visible_text(el)
        if 4 <= len(text) <= 200:
            date = dates_de.parse_date(text)
            if date:
                return date
    return None


def _confirm_day(day: str, tree: HtmlElement, url: str | None) -> PartialDate | None:
    """htmldate's guess, kept only as precise as the page supports it.

    htmldate reports a day even when all it saw was "Januar 2022" (-> the 1st)
    or a copyright year (-> 1 January). A first of the month stands only when
    the page or URL writes that day; otherwise a written month makes it a
    month, and nothing makes it no date.
    """
    try:
        date = PartialDate.parse(day[:10])
    except ValueError:
        return None
    if date.day != 1:
        return date
    raw = etree.tostring(tree, encoding="unicode", method="html")[:300_000] + " " + (url or "")
    iso = date.iso()
    if iso in raw or iso.replace("-", "/") in raw:
        return date
    written = dates_de.find_dates(_visible_text(tree)[:50_000])
    if any(d.precision in ("day", "time") and d.first_day() == date.first_day() for d, _, _ in written):
        return date
    if any(d.precision == "month" and (d.year, d.month) == (date.year, date.month) for d, _, _ in written):
        return PartialDate(date.year, date.month)
    return None


# -- extraction ---------------------------------------------------------------------------------


def _paragraphs(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def _decode(data: bytes | str, charset: str | None) -> bytes | str:
    if isinstance(data, bytes) and charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return data
    return data


def extract_article(data: bytes | str, *, origin: str, url: str | None = None, source: str | None = None,
                    fallback_date: PartialDate | None = None, charset: str | None = None,
                    limits: Limits | None = None) -> Article:
    """One HTML page -> Article, or InputError saying why the page holds no article.

    ``url`` is where the page came from (a fetched or archived URL); without it the
    page's canonical URL is used. ``source`` is the default outlet name when neither
    URL nor page names one.
    """
    limits = limits or Limits.from_env()
    if not data.strip():
        raise InputError("empty page")
    if len(data) > limits.page_bytes:
        raise InputError(too_large("page", len(data), limits.page_bytes))
    decoded = _decode(data, charset)
    check_attributes(_as_text(decoded), limits.page_attributes)
    try:
        tree = load_html(decoded)
    except (TypeError, ValueError) as exc:
        raise InputError(f"not an HTML document: {exc}") from None
    if tree is None or not isinstance(tree, HtmlElement):
        raise InputError("not an HTML document")
    elements = sum(1 for _ in tree.iter())
    if elements > limits.page_elements:
        raise InputError(f"page of {elements:,} HTML elements exceeds the limit of {limits.page_elements:,}")

    objects = _json_ld(tree, limits)
    ld_article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    listing = any(_types(o) & {"itemlist", "collectionpage", "searchresultspage"} for o in objects)
    meta = _meta(tree)
    og_type = meta.get("og:type", "").lower()
    typed_article = ld_article is not None or og_type == "article"

    canonical = None
    for link in tree.iterfind(".//link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            canonical = link.get("href")
            break
    ld_url = (ld_article or {}).get("url")
    page_url = canonical_url(url or canonical or meta.get("og:url") or (ld_url if isinstance(ld_url, str) else None))

    date = _page_date(tree, ld_article, meta)
    density, teasers = _link_density(tree)
    articles_on_page = sum(1 for _ in tree.iter("article"))
    if not typed_article:  # a page that says it is an article may still link to many others
        if listing or articles_on_page >= 4 or teasers >= 6 or density > 0.5:
            why = (f"{articles_on_page} teasers" if articles_on_page >= 4 else
                   f"{teasers} linked headlines" if teasers >= 6 else f"{density:.0%} of its text is links")
            raise InputError(f"index page, not an article ({why})")

    banners = _drop_banners(tree)
    _keep_leads(tree)
    doc = bare_extraction(tree, url=page_url, with_metadata=True, include_comments=False, include_tables=False,
                          include_images=False, favor_precision=True, deduplicate=False)
    text = _paragraphs(doc.text or "") if doc is not None else ""
    title = None
    if ld_article is not None:
        title = next(iter(_names(ld_article.get("headline"))), None)
    title = title or (doc.title if doc is not None else None) or meta.get("og:title")
    title = re.sub(r"\s+", " ", title).strip() if title else None
    h1 = next((_visible_text(h) for h in tree.iter("h1")), None)
    for heading in (title, doc.title if doc is not None else None, meta.get("og:title"), h1):
        if heading and text.startswith(heading.strip()):  # the headline is the title, not the first paragraph
            text = text[len(heading.strip()):].lstrip()
            break
    words = len(_WORD_RE.findall(text))
    consent = len({m.group(0).lower()[:6] for m in _CONSENT_RE.finditer(text)})
    if text and (consent >= 4 and words < 400 or consent >= 3 and words < 120):
        raise InputError(f"cookie wall or consent page, not an article ({consent} consent terms in {words} words)")
    if words < MIN_WORDS:
        behind = "; a consent overlay was removed, the article may sit behind it" if banners else ""
        raise InputError(f"too little text for an article ({words} words, need {MIN_WORDS}){behind}")

    if date is None and doc is not None and doc.date:
        date = _confirm_day(doc.date, tree, page_url)
    if date is None:
        date = fallback_date

    authors = _names(ld_article.get("author")) if ld_article is not None else []
    author = "; ".join(dict.fromkeys(authors)) if authors else (doc.author if doc is not None else None) or None

    outlet = host_of(page_url)
    if outlet is None:
        publisher = _names((ld_article or {}).get("publisher"))
        outlet = (publisher[0] if publisher else None) or meta.get("og:site_name") or (
            doc.sitename if doc is not None else None) or source or origin
    lang = (tree.get("lang") or tree.get("xml:lang") or meta.get("og:locale") or "").strip()[:2].lower()
    return make_article(text, date=date, source=outlet, title=title, url=page_url, origin=origin, author=author,
                        lang=lang if lang.isalpha() and lang.isascii() else None, limits=limits)


def read_html_file(path: Path, limits: Limits | None = None) -> Article:
    """A saved page (``.html``/``.htm``), at most ``Limits.page_bytes``."""
    limits = limits or Limits.from_env()
    return extract_article(read_capped(path, limits.page_bytes, "page"), origin=shown(path),
                           source=shown(path.name), limits=limits)
