"""Near-duplicates: copies of one wire report across outlets, revisions of one outlet's article."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.dedup import minhash, plan_batch
from storyline.ingest.identity import article_id
from storyline.jobs.ingest import ingest
from storyline.store import Store
from storyline.store.revisions import (copies_of_story, diff, prune_lsh, revisions_of, story_copies, story_revisions, unified_diff,
                                       versions)
from storyline.types import Article, PartialDate

WIRE = (
    "Der kasachische Präsident Kassym-Schomart Tokajew hat den Einsatz der von Russland geführten Truppen in "
    "seinem Land für beendet erklärt. Der Abzug der rund 2000 Soldaten des Militärbündnisses OVKS werde in zwei "
    "Tagen beginnen und höchstens zehn Tage dauern, sagte Tokajew am Dienstag vor dem Parlament in Nur-Sultan.\n\n"
    "Bei den Unruhen waren nach offiziellen Angaben 164 Menschen ums Leben gekommen, darunter auch "
    "Sicherheitskräfte. Fast 10.000 Menschen wurden festgenommen. Menschenrechtler bezweifeln die offiziellen "
    "Zahlen und fordern eine unabhängige Untersuchung der Ereignisse.\n\n"
    "Das Parlament bestätigte zugleich Alichan Smailow als neuen Ministerpräsidenten. Er war zuvor "
    "Vizeregierungschef. Tokajew hatte die Regierung in der vergangenen Woche entlassen, nachdem die Proteste "
    "gegen gestiegene Gaspreise eskaliert waren. Die Proteste hatten Anfang Januar im Westen des Landes begonnen."
)
OTHER = (
    "In Almaty räumen Arbeiter die Trümmer der ausgebrannten Stadtverwaltung. Viele Geschäfte im Zentrum sind "
    "noch geschlossen, an den Kreuzungen stehen Panzerwagen. Eine Händlerin auf dem Grünen Basar erzählt, sie habe "
    "tagelang nicht gewusst, ob ihr Sohn lebe. Das Internet war fast eine Woche lang abgeschaltet, Bargeld wurde "
    "knapp. Jetzt kehrt langsam Alltag ein, doch das Misstrauen gegenüber den Behörden sitzt tief."
)
DAY = PartialDate(2022, 1, 11)


def _art(text: str, outlet: str, title: str = "Tokajew: OVKS-Einsatz beendet", path: str = "/kasachstan.html",
         date: PartialDate = DAY) -> Article:
    url = f"https://www.{outlet}{path}"
    return Article(id=article_id(text, title), text=text, date=date, source=outlet, title=title, url=url,
                   lang="de", origin=url)


def _copies(store: Store) -> dict[str, tuple[str, float]]:
    return {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT article_id, original_id, similarity FROM copies")}


def test_five_outlets_one_wire_report_are_one_original_and_four_copies(tmp_path: Path):
    original = _art(WIRE, "a-zeitung.example")
    variants = [
        _art(WIRE + " (dpa)", "b-kurier.example", title="Russische Truppen verlassen Kasachstan"),  # tagged
        _art(WIRE, "c-post.example"),  # word for word, same headline: same content id, another outlet
        _art(WIRE.replace("am Dienstag", "an diesem Dienstag"), "d-anzeiger.example"),  # edited
        _art(WIRE + "\n\nDie Bundesregierung begrüßte den angekündigten Abzug.", "e-rundschau.example"),  # extended
    ]
    independent = _art(OTHER, "f-blatt.example", title="Almaty nach den Unruhen", path="/almaty.html")
    with Store(tmp_path / "s.db") as store:
        first = ingest(store, [original])
        report = ingest(store, [*variants, independent])
        assert len(first.added) == 1 and len(report.added) == 5 and not report.duplicates
        assert store.count_articles() == 6
        copies = _copies(store)
        assert len(copies) == 4  # the original has no row; every copy points at it
        assert {orig for orig, _ in copies.values()} == {original.id}
        assert independent.id not in copies and original.id not in copies
        assert all(sim >= minhash.THRESHOLD for _, sim in copies.values())
        assert len(report.copies) == 4 and {c.original_id for c in report.copies} == {original.id}
        exact = next(c for c in report.copies if c.article.source == "c-post.example")
        assert exact.article.id != original.id and exact.similarity == 1.0  # stored under an id of its own

        stories = [r[0] for r in store.conn.execute("SELECT DISTINCT story_id FROM story_articles")]
        mapping: dict[str, str] = {}
        for sid in stories:
            mapping.update(copies_of_story(store, sid))
        assert mapping == {aid: orig for aid, (orig, _) in copies.items()}
        sid = store.conn.execute("SELECT story_id FROM story_articles WHERE article_id=?", (original.id,)).fetchone()[0]
        assert story_revisions(store, sid) == []
        assert story_copies(store, sid)
        for c in story_copies(store, sid):
            assert c.original_id == original.id and c.original_source == "a-zeitung.example"

        again = ingest(store, [*variants, original, independent])  # everything again: nothing new
        assert not again.added and len(again.duplicates) == 6 and not again.copies
        assert store.count_articles() == 6


def test_a_changed_page_at_the_same_url_is_a_revision_never_a_second_article(tmp_path: Path):
    v0 = _art(WIRE, "a-zeitung.example")
    v1 = _art(WIRE.replace("164 Menschen", "mindestens 225 Menschen"), "a-zeitung.example")
    v2 = _art(v1.text + "\n\nDie Regierung kündigte eine Untersuchung an.", "a-zeitung.example",
              title="Tokajew: OVKS-Einsatz beendet, Untersuchung angekündigt")
    with Store(tmp_path / "s.db") as store:
        ingest(store, [v0])
        r1 = ingest(store, [v1])
        assert not r1.added and [(r.article_id, r.n, r.reason) for r in r1.revisions] == [(v0.id, 1, "same URL")]
        r2 = ingest(store, [v2, v1])  # the newest version, and the last one once more
        assert [r.n for r in r2.revisions] == [2] and len(r2.duplicates) == 1
        assert store.count_articles() == 1
        assert store.article(v0.id).text == WIRE  # the article keeps what was analysed
        revs = revisions_of(store, v0.id)
        assert [(r.n, r.title) for r in revs] == [(1, v0.title), (2, v2.title)]
        assert revs[0].text == v1.text and str(revs[0].date) == "2022-01-11" and revs[0].fetched_at
        assert [v.n for v in versions(store, v0.id)] == [0, 1, 2]
        d = diff(store, v0.id, 0, 1)
        assert "-" + "Bei den Unruhen waren nach offiziellen Angaben 164" in d
        assert "+" + "Bei den Unruhen waren nach offiziellen Angaben mindestens 225" in d
        assert "+Die Regierung kündigte eine Untersuchung an." in diff(store, v0.id)
        sid = store.conn.execute("SELECT story_id FROM story_articles").fetchone()[0]
        shown = story_revisions(store, sid)
        assert [(r.article_id, r.n) for r in shown] == [(v0.id, 1), (v0.id, 2)]
        assert "mindestens 225" in shown[0].diff


def test_same_outlet_other_url_near_identical_text_is_a_revision(tmp_path: Path):
    v0 = _art(WIRE, "a-zeitung.example", path="/ausland/kasachstan-101.html")
    moved = _art(WIRE.replace("sagte Tokajew", "sagte Präsident Tokajew"), "a-zeitung.example",
                 path="/ausland/kasachstan-tokajew-101.html")
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [v0, moved])  # one batch: the earlier article counts as stored
        assert len(report.added) == 1 and len(report.revisions) == 1
        rev = report.revisions[0]
        assert rev.article_id == v0.id and rev.reason.startswith("same outlet") and rev.similarity >= 0.7
        assert store.count_articles() == 1


def test_short_texts_are_not_near_duplicates(tmp_path: Path):
    a = _art("Eilmeldung: Tokajew erklärt Einsatz für beendet.", "a.example", title="Eilmeldung")
    b = _art("Eilmeldung: Tokajew erklärt Einsatz für beendet!", "b.example", title="Eil")
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [a, b])
        assert len(report.added) == 2 and not report.copies


def test_failed_batch_leaves_no_copies_or_index_rows(tmp_path: Path, monkeypatch):
    with Store(tmp_path / "s.db") as store:
        ingest(store, [_art(WIRE, "a.example")])
        count = lambda t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
        before = [count(t) for t in ("articles", "copies", "lsh_entries", "lsh_bands", "revisions")]

        def broken(self, assignment):
            raise sqlite3.OperationalError("disk I/O error (injected)")

        monkeypatch.setattr(Store, "assign", broken)
        with pytest.raises(sqlite3.OperationalError):
            ingest(store, [_art(WIRE + " (AFP)", "b.example")])
        assert [count(t) for t in ("articles", "copies", "lsh_entries", "lsh_bands", "revisions")] == before


def test_index_is_bounded(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        ingest(store, [_art(f"{OTHER} Meldung {i}: " + " ".join(f"wort{i}x{j}" for j in range(40)), f"o{i}.example",
                            title=f"T{i}", path=f"/{i}.html") for i in range(6)])
        assert store.conn.execute("SELECT count(*) FROM lsh_entries").fetchone()[0] == 6
        with store.transaction():
            assert prune_lsh(store, max_entries=3) == 3
        assert store.conn.execute("SELECT count(*) FROM lsh_entries").fetchone()[0] == 3
        assert store.conn.execute("SELECT count(*) FROM lsh_bands").fetchone()[0] == 3 * minhash.BANDS


def test_minhash_estimates_jaccard():
    text = WIRE
    edited = WIRE.replace("am Dienstag", "an diesem Dienstag").replace("164", "mindestens 164")
    a, b = minhash.shingles(text), minhash.shingles(edited)
    true = len(a & b) / len(a | b)
    est = minhash.similarity(minhash.signature(text), minhash.signature(edited))
    assert abs(est - true) < 0.12 and est >= minhash.THRESHOLD
    assert minhash.similarity(minhash.signature(WIRE), minhash.signature(OTHER)) < 0.2
    assert minhash.signature("zu kurz") is None
    assert len(minhash.band_keys(minhash.signature(WIRE))) == minhash.BANDS


def test_plan_is_read_only(tmp_path: Path):
    with Store(tmp_path / "s.db") as store:
        ingest(store, [_art(WIRE, "a.example")])
        plan = plan_batch(store, [_art(WIRE + " (dpa)", "b.example")])
        assert len(plan.copies) == 1 and store.conn.execute("SELECT count(*) FROM copies").fetchone()[0] == 0


def test_unified_diff_helper():
    d = unified_diff("Eins.\n\nZwei.", "Eins.\n\nDrei.", "v0", "v1")
    assert d.startswith("--- v0\n+++ v1\n") and "-Zwei.\n" in d and "+Drei.\n" in d
