"""Tolerant readers for the synthesis keys of a story (headline, summary, timeline, ledger, entities).

The synthesis stage owns those shapes and may change them; the UI reads what it
can recognise and shows the rest as plain text, never failing a page over a key
it does not know. Everything returned is plain data; templates escape it.
"""

from __future__ import annotations

from typing import Any

TEXT_KEYS = ("text", "sentence", "label", "title", "event", "description", "summary", "headline", "value")
CITE_KEYS = ("citations", "cites", "sources", "articles", "article_ids", "evidence", "support")
VERDICTS_FLAGGED = {"differ", "differs", "disagree", "disagreement", "conflict", "revised", "revision", "contradict",
                    "contradiction"}


def text_of(value: Any, keys: tuple[str, ...] = TEXT_KEYS) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        for k in keys:
            if k in value and isinstance(value[k], (str, int, float)) and str(value[k]).strip():
                return str(value[k])
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(t for t in (text_of(v, keys) for v in value) if t)
    return str(value)


def _article_id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for k in ("article_id", "article", "id"):
            if isinstance(value.get(k), str):
                return value[k]
    return None


def cites_of(item: Any) -> list[str]:
    """Article ids an item cites, whatever the key is called."""
    if not isinstance(item, dict):
        return []
    out: list[str] = []
    if isinstance(item.get("article_id"), str):
        out.append(item["article_id"])
    for k in CITE_KEYS:
        v = item.get(k)
        if isinstance(v, (str, dict)):
            v = [v]
        if isinstance(v, list):
            for x in v:
                aid = _article_id(x)
                if aid and aid not in out:
                    out.append(aid)
    return out


def headline(detail: dict) -> str:
    return text_of(detail.get("headline")).strip()


def summary(value: Any) -> list[dict[str, Any]]:
    """[{text, cites, generated}] sentences of a cited summary."""
    if value is None:
        return []
    if isinstance(value, str):
        return [{"text": value, "cites": []}] if value.strip() else []
    if isinstance(value, dict):
        for k in ("sentences", "items", "points"):
            if isinstance(value.get(k), list):
                return summary(value[k])
        t = text_of(value)
        return [{"text": t, "cites": cites_of(value)}] if t else []
    if isinstance(value, list):
        out = []
        for x in value:
            t = text_of(x)
            if t:
                out.append({"text": t, "cites": cites_of(x),
                            "generated": bool(isinstance(x, dict) and x.get("generated"))})
        return out
    return [{"text": str(value), "cites": []}]


def _iso(v: Any) -> str | None:
    return v if isinstance(v, str) and v[:4].isdigit() and "/" not in v else None


def _dates_of(item: dict) -> tuple[str | None, str | None]:
    """(first, last) ISO dates of an event: a ``range`` pair, ``a/b`` value, or one date."""
    r = item.get("range")
    if isinstance(r, (list, tuple)) and len(r) == 2 and _iso(r[0]) and _iso(r[1]):
        return r[0], r[1]
    for k in ("date", "value", "day", "start", "normalised", "iso", "when"):
        v = item.get(k)
        if isinstance(v, str) and "/" in v:
            first, _, last = v.partition("/")
            if _iso(first) and _iso(last):
                return first, last
        if _iso(v):
            end = _iso(item.get("end"))
            return v, end or v
    return None, None


def timeline(value: Any) -> list[dict[str, Any]]:
    """[{first, last, when, text, cites}] events in the order given; ``when`` is the phrase as written."""
    if isinstance(value, dict):
        for k in ("events", "items", "entries"):
            if isinstance(value.get(k), list):
                value = value[k]
                break
        else:
            return []
    if not isinstance(value, list):
        return []
    out = []
    for x in value:
        if isinstance(x, dict):
            first, last = _dates_of(x)
            when = x.get("when") if isinstance(x.get("when"), str) and not _iso(x.get("when")) else ""
            out.append({"first": first, "last": last, "when": when,
                        "text": text_of(x, ("text", "event", "label", "sentence", "title", "description", "summary")),
                        "cites": cites_of(x)})
        elif isinstance(x, str):
            out.append({"first": None, "last": None, "when": "", "text": x, "cites": []})
    return out


def _claims(entry: dict) -> list[dict[str, Any]]:
    for k in ("entries", "claims", "values", "reports", "facts", "sources", "mentions", "evidence", "items"):
        v = entry.get(k)
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            return [{
                "value": claim_value(c),
                "quote": text_of(c, ("text", "quote", "phrase")),
                "sentence": c.get("sentence") if isinstance(c.get("sentence"), str) else "",
                "attribution": c.get("attribution") if isinstance(c.get("attribution"), str) else "",
                "source": text_of(c, ("source", "outlet")),
                "date": c.get("date") if isinstance(c.get("date"), str) else None,
                "article_id": _article_id(c),
                "verdict": str(c.get("verdict") or c.get("status") or ""),
            } for c in v]
    return []


def claim_value(c: dict) -> str:
    from storyline.serve.highlight import fact_value

    if "low" in c or "high" in c:
        return fact_value(c)
    for k in ("value", "figure", "number", "amount"):
        if c.get(k) is not None:
            return str(c[k])
    return ""


def ledger(value: Any) -> list[dict[str, Any]]:
    """[{label, subject, verdict, flagged, value, claims, note}] entries of the fact ledger."""
    if isinstance(value, dict):
        for k in ("entries", "items", "facts", "rows"):
            if isinstance(value.get(k), list):
                value = value[k]
                break
        else:
            value = [dict(v, category=k) if isinstance(v, dict) else {"category": k, "value": v}
                     for k, v in value.items()]
    if not isinstance(value, list):
        return []
    out = []
    for e in value:
        if not isinstance(e, dict):
            out.append({"label": text_of(e), "subject": "", "verdict": "", "flagged": False, "value": "",
                        "claims": [], "vague": [], "note": ""})
            continue
        verdict = str(e.get("verdict") or e.get("status") or e.get("agreement") or "")
        out.append({
            "label": text_of(e, ("category", "label", "what", "kind", "name")),
            "subject": text_of(e, ("subject_name", "subject", "about", "where")),
            "verdict": verdict,
            "flagged": verdict.lower() in VERDICTS_FLAGGED,
            "value": claim_value(e),
            "claims": _claims(e),
            "vague": [{"quote": text_of(v, ("text", "quote")), "source": text_of(v, ("source",)),
                       "article_id": _article_id(v)} for v in e.get("vague") or [] if isinstance(v, dict)],
            "note": text_of(e, ("note", "why", "explanation", "reason")),
        })
    return out


def entities(value: Any) -> list[dict[str, Any]]:
    """[{key, name, type, count}] most important first, as given."""
    if isinstance(value, dict):
        value = value.get("items") or value.get("entities") or list(value.values())
    if not isinstance(value, list):
        return []
    out = []
    for e in value:
        if isinstance(e, str):
            out.append({"key": None, "name": e, "type": "MISC", "count": None})
        elif isinstance(e, dict):
            name = text_of(e, ("name", "label", "text", "key"))
            if not name:
                continue
            count = next((e[k] for k in ("articles", "count", "mentions", "n") if isinstance(e.get(k), int)), None)
            out.append({"key": e.get("key") if isinstance(e.get("key"), str) else None, "name": name,
                        "type": str(e.get("type") or "MISC"), "count": count})
    return out
