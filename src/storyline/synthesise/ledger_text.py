"""The ledger in words, English and German: categories, groups, verdicts, figures and the ``why``.

One place writes them for the CLI, the JSON (``LedgerRow.why`` in English), the pages and the
exports, so a figure reads the same everywhere ("< 10,000", "> 10.000", "2,250–2,750") and a German
page says "Tote", "aktualisiert" and why in German.
"""

from __future__ import annotations

from storyline.lang import MONTH_ABBREVIATIONS, MONTH_NAMES
from storyline.types import PartialDate
from storyline.types.ledger import EntryRole, LedgerEntry, LedgerRow, Verdict, interval_of

Lang = str  # "en" or "de"

CATEGORIES = {
    "en": {"killed": "killed", "injured": "injured", "arrested": "arrested", "troops": "troops deployed",
           "evacuated": "evacuated", "affected": "affected", "participants": "taking part",
           "cancelled": "cancelled", "job_cuts": "job cuts", "money": "money", "percent": "percentage",
           "duration": "duration", "age": "age", "measure": "measure", "other": "other"},
    "de": {"killed": "Tote", "injured": "Verletzte", "arrested": "Festnahmen", "troops": "Einsatzkräfte",
           "evacuated": "Evakuierte", "affected": "Betroffene", "participants": "Teilnehmende",
           "cancelled": "Ausfälle", "job_cuts": "Stellenabbau", "money": "Geldbetrag", "percent": "Anteil",
           "duration": "Dauer", "age": "Alter", "measure": "Maß", "other": "Sonstiges"},
}
GROUPS = {
    "en": {"people": "people", "civilians": "civilians", "security_forces": "security forces", "police": "police",
           "soldiers": "soldiers", "women": "women", "children": "children", "foreigners": "foreigners",
           "protesters": "protesters", "employees": "employees", "refugees": "refugees",
           "passengers": "passengers", "flights": "flights", "trains": "trains", "jobs": "jobs",
           "revenue": "revenue", "profit": "profit", "loss": "loss", "damage": "damage", "cost": "cost",
           "price": "price", "package": "aid package", "credit": "credit", "budget": "budget", "fine": "fine",
           "investment": "investment", "stake": "stake", "rate": "rate", "pay": "pay", "debt": "debt",
           "wealth": "wealth", "dividend": "dividend"},
    "de": {"people": "Menschen", "civilians": "Zivilisten", "security_forces": "Sicherheitskräfte",
           "police": "Polizisten", "soldiers": "Soldaten", "women": "Frauen", "children": "Kinder",
           "foreigners": "Ausländer", "protesters": "Demonstrierende", "employees": "Beschäftigte",
           "refugees": "Geflüchtete", "passengers": "Passagiere", "flights": "Flüge", "trains": "Züge",
           "jobs": "Stellen", "revenue": "Umsatz", "profit": "Gewinn", "loss": "Verlust", "damage": "Schaden",
           "cost": "Kosten", "price": "Preis", "package": "Hilfspaket", "credit": "Kredit", "budget": "Haushalt",
           "fine": "Strafe", "investment": "Investition", "stake": "Beteiligung", "rate": "Quote", "pay": "Lohn",
           "debt": "Schulden", "wealth": "Vermögen", "dividend": "Dividende"},
}
VERDICTS = {
    "en": {"single": "one source", "agree": "agree", "differ": "sources differ", "updated": "updated",
           "corrected": "corrected", "unquantified": "no figure"},
    "de": {"single": "eine Quelle", "agree": "übereinstimmend", "differ": "Quellen widersprechen sich",
           "updated": "aktualisiert", "corrected": "korrigiert", "unquantified": "ohne Zahl"},
}
ROLES = {
    "en": {"current": "", "history": "earlier figure", "plan": "announced", "corrected": "corrected"},
    "de": {"current": "", "history": "frühere Zahl", "plan": "angekündigt", "corrected": "korrigiert"},
}
_UNITS = {
    "en": {"day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years"),
           "hour": ("hour", "hours"), "minute": ("minute", "minutes"), "decade": ("decade", "decades")},
    "de": {"day": ("Tag", "Tage"), "week": ("Woche", "Wochen"), "month": ("Monat", "Monate"),
           "year": ("Jahr", "Jahre"), "hour": ("Stunde", "Stunden"), "minute": ("Minute", "Minuten"),
           "decade": ("Jahrzehnt", "Jahrzehnte")},
}
_WORDS = {
    "en": {"sources": "{n} sources", "world": "world", "and": "and", "more": "{n} more"},
    "de": {"sources": "{n} Quellen", "world": "weltweit", "and": "und", "more": "{n} weitere"},
}
_WHY = {
    "en": {
        "one_source": "only {a}",
        "overlap": "{groups}: the figures overlap",
        "same_time": "{a} vs {b}: the figures exclude each other and neither report is later",
        "later_lower": "{a} vs {b}: the later report gives a lower figure of a count that only grows",
        "not_growing": "{a} vs {b}: the figures exclude each other; a later report may not simply revise this figure",
        "later_higher": "{a} → {b}: a later report raises a count that only grows",
        "plan_then_outcome": "{a} → {b}: announced, then reported",
        "history_quote": "{a} → {b}: the later report itself gives the earlier figure as superseded",
        "own_revision": "{source} corrected its own figure: {a} → {b}",
        "vague_only": "only without a figure: {quotes}",
        "quoted": "{source} itself quotes {figure} as the earlier figure",
        "copies": "{sources} copy the same report, which is not confirmation",
        "beside": "without a figure beside it: {quotes}",
        "parts_exceed_total": "the parts add up to more than the total",
    },
    "de": {
        "one_source": "nur {a}",
        "overlap": "{groups}: die Zahlen überschneiden sich",
        "same_time": "{a} gegenüber {b}: die Zahlen schließen einander aus, und keiner der Berichte ist später",
        "later_lower": "{a} gegenüber {b}: der spätere Bericht nennt eine niedrigere Zahl, obwohl sie nur steigen kann",
        "not_growing": "{a} gegenüber {b}: die Zahlen schließen einander aus; ein späterer Bericht ersetzt "
                       "diese Zahl nicht einfach",
        "later_higher": "{a} → {b}: ein späterer Bericht nennt eine höhere Zahl, die nur steigen kann",
        "plan_then_outcome": "{a} → {b}: erst angekündigt, dann gemeldet",
        "history_quote": "{a} → {b}: der spätere Bericht nennt die frühere Zahl selbst als überholt",
        "own_revision": "{source} korrigierte die eigene Zahl: {a} → {b}",
        "vague_only": "nur ohne Zahl: {quotes}",
        "quoted": "{source} nennt {figure} selbst als frühere Zahl",
        "copies": "{sources} übernehmen denselben Bericht, das ist keine Bestätigung",
        "beside": "ohne Zahl daneben: {quotes}",
        "parts_exceed_total": "die Teile ergeben mehr als die Gesamtzahl",
    },
}


def _lang(lang: str | None) -> Lang:
    return "de" if lang == "de" else "en"


def category_label(category: str, lang: str | None) -> str:
    return CATEGORIES[_lang(lang)].get(str(category), str(category))


def group_label(group: str | None, lang: str | None) -> str:
    return GROUPS[_lang(lang)].get(group or "", group or "")


def verdict_label(verdict: Verdict | str, lang: str | None) -> str:
    return VERDICTS[_lang(lang)].get(str(verdict), str(verdict))


def role_label(role: EntryRole | str, lang: str | None) -> str:
    return ROLES[_lang(lang)].get(str(role), str(role))


def subject_label(row: LedgerRow, lang: str | None) -> str:
    if row.subject == "loc:world":
        return _WORDS[_lang(lang)]["world"]
    return row.subject_name or row.subject or ""


_DEFAULT_GROUP = {"troops": "soldiers", "cancelled": "flights", "job_cuts": "jobs"}


def what_label(row: LedgerRow, lang: str | None) -> str:
    """ "Tote", "Tote: Sicherheitskräfte", "Ausfälle: Flüge", "Geldbetrag: Kredit (EUR)"."""
    text = category_label(row.category, lang)
    group = row.group if row.group not in (None, _DEFAULT_GROUP.get(str(row.category), "people")) else None
    if group:
        text += f": {group_label(group, lang)}"
    detail = row.detail if str(row.category) in ("money", "measure", "other") else None
    if detail and str(row.category) == "other" and _lang(lang) == "de":
        detail = detail[:1].upper() + detail[1:]  # a German noun's lemma, lower-cased by the analysis
    if detail:
        text += f" ({detail})" if group else f": {detail}"
    return text


def unit_suffix(category: str, unit: str | None, value: float | None, lang: str | None) -> str:
    category = str(category)
    if not unit or unit == "people" or category not in ("money", "percent", "duration", "measure", "age"):
        return ""
    if category == "duration" and unit in _UNITS["en"]:
        one, many = _UNITS[_lang(lang)][unit]
        return " " + (one if value == 1 else many)
    if category == "age":
        return ""
    return f" {'%' if unit == '%' else unit}" if unit != "%" or _lang(lang) == "de" else "%"


def figure(e: LedgerEntry, category: str, lang: str | None) -> str:
    """An entry's figure as every front end writes it: its interval (strict bounds strict) and unit."""
    if e.bounds is None:
        return e.text
    return e.bounds.text(_lang(lang)) + unit_suffix(category, e.unit, e.value, lang)


def _month_short(month: int, lang: Lang) -> str:
    """ "Jan." / "Jan", "Mai" / "May": the newsroom abbreviation (storyline.lang), the name when it has none."""
    name = MONTH_NAMES[lang][month - 1]
    forms = [a for a, n in MONTH_ABBREVIATIONS[lang].items() if n == month]
    short = (forms[0] if lang == "de" else min(forms, key=len)) if forms else name
    return short + "." if lang == "de" and short != name else short


def fact_figure(f, lang: str | None) -> str:
    """An analysis fact's figure, written as the ledger writes it ("< 10.000", "≈ 2,500", "5,5 %"); a vague
    amount ("Hunderte") has none."""
    kind = f.hedge_kind or (None if not f.hedge else "about")
    nominal = f.value if kind == "about" else None
    iv = None if f.vague else interval_of(f.low, f.high, kind, nominal)
    if iv is None:
        return VERDICTS[_lang(lang)]["unquantified"]
    return iv.text(_lang(lang)) + unit_suffix(f.category, f.unit, f.value, lang)


def short_date(d: PartialDate | None, lang: str | None) -> str:
    if d is None:
        return "?"
    if d.month is None:
        return str(d.year)
    month = _month_short(d.month, _lang(lang))
    if d.day is None:
        return f"{month} {d.year}"
    return f"{d.day}. {month}" if _lang(lang) == "de" else f"{d.day} {month}"


def date_span(dates: list[PartialDate | None], lang: str | None) -> str:
    """ "9–10 Jan", "9.–10. Jan.", "1 Sep" for the dates of a group of reports."""
    known = sorted({d for d in dates if d is not None}, key=lambda d: (d.first_day(), d.iso()))
    if not known:
        return "?"
    first, last = known[0], known[-1]
    a, b = short_date(first, lang), short_date(last, lang)
    if a == b:
        return a
    if first.day and last.day and (first.year, first.month) == (last.year, last.month):
        return f"{first.day}.–{b}" if _lang(lang) == "de" else f"{first.day}–{b}"
    return f"{a}–{b}"


def _sources(entries: list[LedgerEntry], lang: str | None) -> str:
    names = list(dict.fromkeys(e.source for e in entries if not e.copy_of)) or [entries[0].source]
    if len(names) <= 2:
        return ", ".join(names)
    return _WORDS[_lang(lang)]["sources"].format(n=len(names))


def figure_group(row: LedgerRow, i: int, lang: str | None, with_role: bool = True, quote: bool = False,
                 as_written: bool = False) -> str:
    """ "164 (9–10 Jan, 4 sources)": entry ``i`` with every entry of its role that gives the same figure;
    with ``quote`` its words after the figure ("9,000 to < 10,000 “fast 10.000” (Jan 2022, dpa)"), with
    ``as_written`` the words instead of the figure ("164 Menschen (9–10 Jan, 4 sources)")."""
    e = row.entries[i]
    same = [x for x in row.entries if x.role == e.role and x.interval == e.interval]
    role = role_label(e.role, lang) if with_role else ""
    when = date_span([x.date for x in same], lang)
    words = (f" „{e.text}“" if _lang(lang) == "de" else f" “{e.text}”") if quote and e.text != e.interval else ""
    shown = e.text if as_written else figure(e, row.category, lang) + words
    return f"{shown} ({(role + ' ') if role else ''}{when}, {_sources(same, lang)})"


def _quotes(entries: list[LedgerEntry]) -> str:
    return "; ".join(f"{e.text} ({e.source})" for e in entries[:3]) + (" …" if len(entries) > 3 else "")


def why(row: LedgerRow, lang: str | None) -> str:
    """The verdict in words, naming the figures it compares with their dates and sources."""
    table = _WHY[_lang(lang)]
    pair = [figure_group(row, i, lang, quote=row.verdict in (Verdict.DIFFER, Verdict.SINGLE)) for i in row.compared]
    if row.reason == "vague_only":
        text = table["vague_only"].format(quotes=_quotes(row.vague))
    elif row.reason == "overlap":
        text = table["overlap"].format(groups=_overlapping(row, lang))
    elif row.reason == "own_revision":
        a, b = (row.entries[i] for i in row.compared)
        text = table["own_revision"].format(source=b.source, a=figure(a, row.category, lang), b=figure(b, row.category, lang))
    elif len(pair) == 2:
        text = table[row.reason].format(a=pair[0], b=pair[1])
    else:
        text = table["one_source"].format(a=pair[0] if pair else "?")
    return "; ".join([text, *_extras(row, lang)])


def _overlapping(row: LedgerRow, lang: str | None) -> str:
    seen: list[str] = []
    groups: list[str] = []
    for i, e in enumerate(row.entries):
        if e.role in (EntryRole.CURRENT, EntryRole.PLAN) and (e.role, e.interval) not in seen:
            seen.append((e.role, e.interval))
            groups.append(figure_group(row, i, lang))
    words = _WORDS[_lang(lang)]
    shown = f" {words['and']} ".join(groups[:3])
    return shown + (f" {words['and']} {words['more'].format(n=len(groups) - 3)}" if len(groups) > 3 else "")


def _extras(row: LedgerRow, lang: str | None) -> list[str]:
    table = _WHY[_lang(lang)]
    out = []
    if row.verdict == Verdict.UPDATED and len(row.compared) == 2:
        early, late = (row.entries[i] for i in row.compared)
        quoted = [e for e in row.entries if e.role == EntryRole.HISTORY and e.article == late.article]
        if quoted and row.reason != "history_quote":
            out.append(table["quoted"].format(source=late.source, figure=figure(quoted[0], row.category, lang)))
    copies = sorted({e.source for e in row.entries if e.copy_of})
    if copies and row.verdict == Verdict.SINGLE:
        out.append(table["copies"].format(sources=", ".join(copies)))
    if row.vague and row.entries:
        out.append(table["beside"].format(quotes=_quotes(row.vague)))
    out += [table[n] for n in row.notes if n in table]
    return out
