"""Article text with entity mentions, figures and time expressions marked up.

The HTML is built from escaped text segments between span boundaries and tags
whose attributes are escaped too: article text never reaches the page raw.
Spans nest (a mention inside a figure's phrase); a span that crosses the end of
an enclosing one is cut at that end, and a span out of the text's range is
dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from storyline.synthesise.ledger_text import category_label, fact_figure
from storyline.types.views import StoryArticle


@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: str  # "ent" | "fact" | "time" | "hit"
    title: str = ""
    href: str | None = None
    classes: tuple[str, ...] = ()
    children: list["Span"] = field(default_factory=list)


_ORDER = {"fact": 0, "time": 1, "ent": 2, "hit": 3}  # outer first when two spans coincide


def _insert(nodes: list[Span], span: Span) -> None:
    if nodes:
        last = nodes[-1]
        if span.start < last.end:
            span.end = min(span.end, last.end)
            if span.end > span.start:
                _insert(last.children, span)
            return
    nodes.append(span)


def _tree(spans: Iterable[Span], length: int) -> list[Span]:
    valid = [s for s in spans if 0 <= s.start < s.end <= length]
    valid.sort(key=lambda s: (s.start, -s.end, _ORDER.get(s.kind, 9)))
    roots: list[Span] = []
    for s in valid:
        _insert(roots, s)
    return roots


def _open(span: Span, in_link: bool) -> tuple[str, bool]:
    classes = " ".join(("hl", f"hl-{span.kind}", *span.classes))
    title = f' title="{escape(span.title)}"' if span.title else ""
    if span.href and not in_link:
        return f'<a class="{escape(classes)}" href="{escape(span.href)}"{title}>', True
    tag = "mark" if span.kind == "hit" else "span"
    return f'<{tag} class="{escape(classes)}"{title}>', False


def _render(text: str, nodes: list[Span], lo: int, hi: int, in_link: bool, out: list[str]) -> None:
    pos = lo
    for node in nodes:
        out.append(str(escape(text[pos:node.start])))
        tag, is_link = _open(node, in_link)
        out.append(tag)
        _render(text, node.children, node.start, node.end, in_link or is_link, out)
        out.append("</a>" if is_link else ("</mark>" if node.kind == "hit" else "</span>"))
        pos = node.end
    out.append(str(escape(text[pos:hi])))


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    out: list[str] = []
    _render(text, _tree(spans, len(text)), 0, len(text), False, out)
    return Markup("".join(out))


def marked(text: str, ranges: Iterable[Iterable[int]]) -> Markup:
    """Search snippets: ``<mark>`` around [start, end) ranges, everything else escaped."""
    spans = []
    for r in ranges:
        a, b = list(r)[:2]
        spans.append(Span(int(a), int(b), "hit"))
    return highlight(text, spans)


def fact_value(f, lang: str = "en") -> str:
    """A figure as the ledger writes it (one way everywhere: strict bounds strict, "≈" for approximations)."""
    return fact_figure(f, lang)


def article_spans(article: StoryArticle, entity_href: Callable[[str], str], lang: str = "en") -> list[Span]:
    """Spans of an article's entities (linked), facts and time expressions."""
    spans: list[Span] = []
    for e in article.entities:
        for m in e.mentions:
            spans.append(Span(m.start, m.end, "ent", title=f"{e.name} ({e.type})",
                              href=entity_href(e.key) if e.key else None, classes=(f"ent-{e.type}",)))
    for f in article.facts:
        title = f"{category_label(f.category, lang)}: {fact_value(f, lang)}" + (f" — {f.attribution}" if f.attribution else "")
        spans.append(Span(f.start, f.end, "fact", title=title, classes=(f"fact-{f.category}",)))
    for tx in article.times:
        spans.append(Span(tx.start, tx.end, "time", title=str(tx.value or tx.kind or "")))
    return spans
