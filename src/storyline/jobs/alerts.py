"""Alerts: after each batch, which watchlists the stories it touched now match, grew past, or changed a figure of.

Evaluated by the :class:`~storyline.jobs.writer.Writer` *inside the batch's transaction*, after the
articles and assignments are written: a batch and the alerts it raises commit together or not at all,
so a crash never loses an alert for a stored article nor raises one for an article that was rolled
back, and two writers cannot both raise the same alert (the second sees the first's match rows). The
cost is the evaluation's time under the write lock, which is why it reads only the stories the batch
touched and builds a ledger only for matching stories that received a figure (``make bench``:
``alerts``). Webhooks are not sent here: the transaction queues one delivery per alert, and
:mod:`storyline.jobs.webhooks` sends them after the commit.

Three kinds (:class:`~storyline.types.watch.AlertKind`):

* ``match``  a story matches a watchlist for the first time (a new story, or one that grew into it);
* ``grew``   a matching story grew past the watchlist's article or outlet threshold;
* ``figure`` a figure in a matching story's ledger is new or changed: a row turned flagged (a new
  ``differ``, a revision), or a flagged row (or one in a watched category) got a figure it did not have.

Each alert cites the sentence that raised it: the first mention of the watched entity or place, the
first matched keyword, the figure's sentence, or the lead (matching and citing: jobs/watchmatch.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from storyline.jobs.watchmatch import Stories, cite, match, newest
from storyline.store import alerts as db
from storyline.store import read
from storyline.store.ledgers import story_ledger
from storyline.store.search import story_of
from storyline.store.sqlite import Store
from storyline.store.watchlists import list_watchlists, stamp
from storyline.types import Analysis, Article
from storyline.types.ledger import LedgerEntry, LedgerRow
from storyline.types.story import Citation
from storyline.types.watch import Alert, AlertKind, Watchlist


# -- citations ---------------------------------------------------------------------------------------------


def _cite_entry(e: LedgerEntry) -> Citation:
    return Citation(e.article, e.source, e.date, e.sentence_span, e.sentence, e.copy_of)


# -- figures ---------------------------------------------------------------------------------------------------


def _row_key(r: LedgerRow) -> str:
    return f"{r.category}|{r.group or ''}|{r.subject or ''}|{r.detail or ''}"


def rows_of(ledger: list[LedgerRow]) -> Iterator[LedgerRow]:
    """Every row, the sub-groups, sub-places and parts nested under a total included."""
    for r in ledger:
        yield r
        yield from rows_of(r.parts)


def _figures(r: LedgerRow) -> str:
    return "; ".join(sorted({e.interval or "" for e in r.entries}))


@dataclass
class FigureChange:
    row: LedgerRow
    entry: LedgerEntry | None  # the figure that changed it
    why: str
    turned: bool  # the row became flagged, or changed its flagged verdict


def figure_changes(before: Mapping[str, tuple[str, str]], ledger: list[LedgerRow]) -> list[FigureChange]:
    """What changed in a ledger since ``before`` (``{row key: (verdict, figures)}``)."""
    out = []
    for r in rows_of(ledger):
        old = before.get(_row_key(r))
        old_figures = set(old[1].split("; ")) if old and old[1] else set()
        new = [e for e in r.entries if (e.interval or "") not in old_figures]
        turned = r.verdict.flagged and (old is None or old[0] != str(r.verdict))
        if old is not None and not turned and not new:
            continue
        entry = new[-1] if new else (r.entries[r.compared[-1]] if r.compared else (r.entries or [None])[-1])
        subject = f" ({r.subject_name or r.subject})" if r.subject else ""
        if turned:
            why = f"{r.category}{subject}: {r.verdict} — {r.why}"
        elif old is None:
            why = f"{r.category}{subject}: new figure {entry.interval if entry else ''} — {r.why}"
        else:
            why = f"{r.category}{subject}: figure {entry.interval if entry else ''} beside {old[1]} — {r.why}"
        out.append(FigureChange(r, entry, why, turned))
    return out


def _wants(w: Watchlist, c: FigureChange, first_look: bool) -> bool:
    watched = {str(x) for x in w.query.categories}
    if watched and str(c.row.category) not in watched:
        return False
    if c.turned:
        return True
    return not first_look and (c.row.verdict.flagged or bool(watched))


# -- the batch --------------------------------------------------------------------------------------------------


def evaluate(store: Store, story_ids: Iterable[str], fresh: Iterable[Article],
             analyses: Mapping[str, Analysis], revised: Iterable[str] = ()) -> list[int]:
    """Raise the alerts of one batch (call inside its transaction, after its articles are stored); the new
    alert ids. ``story_ids`` are the stories the batch touched, ``fresh`` its new articles, ``revised`` the
    stored articles it added a later version of (their figures may have been corrected)."""
    watchlists = list_watchlists(store, counts=False)
    if not watchlists:
        return []
    corrected = {sid for aid in revised if (sid := story_of(store, aid))}
    ids = sorted(set(story_ids) | corrected)
    if not ids:
        return []
    fresh_by_id = {a.id: a for a in fresh}
    stories = Stories(store, ids, fresh_by_id, analyses, corrected)
    raised: list[int] = []
    try:
        known = db.matches(store, ids)
        headlines: dict[str, str] = {}
        matched_now: dict[str, set[int]] = {}
        for sid in ids:
            for w in watchlists:
                _story(store, w, sid, stories, known, headlines, raised, matched_now)
        for sid in ids:
            watching = [w for w in watchlists if (w.id, sid) in known or w.id in matched_now.get(sid, set())]
            if watching:
                _figures_of(store, sid, watching, matched_now.get(sid, set()), stories, headlines, raised)
    finally:
        stories.close()
    return raised


def _headline(store: Store, sid: str, headlines: dict[str, str]) -> str:
    if sid not in headlines:
        summary = read.story_summary(store, sid)
        headlines[sid] = summary.headline if summary else sid
    return headlines[sid]


def _raise(store: Store, w: Watchlist, kind: AlertKind, sid: str, why: str, citation: Citation | None,
           headlines: dict[str, str], raised: list[int], row: LedgerRow | None = None) -> None:
    alert = Alert(0, w.id, w.name, kind, sid, _headline(store, sid, headlines), why, stamp(), citation,
                  row.verdict if row else None, row.category if row else None)
    alert_id = db.insert_alert(store, alert)
    if w.webhook:
        db.queue_delivery(store, alert_id, w.id, w.webhook)
    raised.append(alert_id)


def _story(store: Store, w: Watchlist, sid: str, stories: Stories, known: dict, headlines: dict[str, str],
           raised: list[int], matched_now: dict[str, set[int]]) -> None:
    size = stories.sizes.get(sid)
    if size is None:  # merged away within the batch
        return
    articles, outlets = size
    before = known.get((w.id, sid))
    if before is None:
        trigger = match(w, stories, sid)
        if trigger is None:
            return
        _raise(store, w, AlertKind.MATCH, sid, f"matches “{w.name}”: {trigger.why}",
               cite(stories, trigger.article, trigger.span), headlines, raised)
        matched_now.setdefault(sid, set()).add(w.id)
    else:
        grew = []
        if w.min_articles and before[0] < w.min_articles <= articles:
            grew.append(f"{articles} articles (threshold {w.min_articles})")
        if w.min_sources and before[1] < w.min_sources <= outlets:
            grew.append(f"{outlets} outlets (threshold {w.min_sources})")
        if grew:
            latest = newest(stories, sid, stories.articles.get(sid, []))
            _raise(store, w, AlertKind.GREW, sid, "grew to " + " and ".join(grew), cite(stories, latest, None),
                   headlines, raised)
    db.save_match(store, w.id, sid, articles, outlets)


def _brought_figures(stories: Stories, sid: str) -> bool:
    """Whether the batch added an article with a figure, or a new version of one, to the story (else its
    ledger cannot have changed)."""
    if sid in stories.revised:
        return True
    for aid in stories.articles.get(sid, []):
        if aid in stories.fresh:
            analysis = stories.analyses.get(aid)
            if analysis is not None and any(not f.vague for f in analysis.facts):
                return True
    return False


def _figures_of(store: Store, sid: str, watching: list[Watchlist], new_matches: set[int], stories: Stories,
                headlines: dict[str, str], raised: list[int]) -> None:
    seen = db.has_ledger_state(store, sid)
    if seen and not _brought_figures(stories, sid):
        return
    ledger = story_ledger(store, sid, stories.analyses)
    changes = figure_changes(db.ledger_state(store, sid), ledger)
    db.save_ledger_state(store, sid, {_row_key(r): (str(r.verdict), _figures(r)) for r in rows_of(ledger)})
    for w in watching:
        first_look = not seen or w.id in new_matches
        for c in changes:
            if w.id in new_matches and not c.turned:
                continue  # the match alert is the news; only a disagreement is worth a second one
            if _wants(w, c, first_look):
                _raise(store, w, AlertKind.FIGURE, sid, c.why, _cite_entry(c.entry) if c.entry else None,
                       headlines, raised, c.row)
