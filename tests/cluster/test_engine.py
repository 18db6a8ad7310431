"""The story engine's stream contract: stories, ids, order, window, merges, languages."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from storyline.cluster import StoryEngine
from storyline.cluster import engine as engine_mod
from storyline.types import ClusterDoc, EngineEvent, PartialDate

from .articles import (BUNDESLIGA_DE, CSTO_DE, CSTO_EN, CSTO_ENTITIES, INFLATION_DE, KZ_ENERGY_EN,
                       KZ_ENERGY_ENTITIES, KZ_FOOTBALL_DE, KZ_FOOTBALL_ENTITIES)


def _stories(assignments) -> dict[str, str]:
    return {a.article_id: a.story_id for a in assignments}


# -- the seeds and an unrelated article -------------------------------------------------

def test_two_seeds_form_one_story_and_unrelated_german_article_opens_another(seed_docs, make_doc):
    other = make_doc(BUNDESLIGA_DE, "de", "2022-01")
    engine = StoryEngine()
    out = engine.partial_fit([*seed_docs, other])
    story = _stories(out)
    assert story[seed_docs[0].id] == story[seed_docs[1].id]
    assert story[other.id] != story[seed_docs[0].id]
    assert sum(a.new_story for a in out) == 2


def test_two_document_stream_clusters_the_seeds(seed_docs):
    """IDF must work from the first article: two seeds alone still make one story."""
    out = StoryEngine().partial_fit(seed_docs)
    assert out[0].story_id == out[1].story_id
    assert [a.new_story for a in out] == [True, False]


def test_story_id_is_s_plus_founding_article_id(seed_docs):
    out = StoryEngine().partial_fit(seed_docs)
    assert out[0].story_id == "s" + seed_docs[0].id[:12]


# -- across languages --------------------------------------------------------------------

@pytest.mark.parametrize("with_entities", [False, True], ids=["name-keys-only", "entity-keys"])
def test_german_and_english_report_of_one_event_join(make_doc, with_entities):
    de = make_doc(CSTO_DE, "de", "2022-01-13", entities=CSTO_ENTITIES if with_entities else None)
    en = make_doc(CSTO_EN, "en", "2022-01-13", entities=CSTO_ENTITIES if with_entities else None)
    out = StoryEngine().partial_fit([de, en])
    assert out[0].story_id == out[1].story_id, out


@pytest.mark.parametrize("with_entities", [False, True], ids=["name-keys-only", "entity-keys"])
def test_different_events_sharing_a_country_stay_apart(make_doc, with_entities):
    ents = (lambda e: e) if with_entities else (lambda e: None)
    unrest_de = make_doc(CSTO_DE, "de", "2022-01-13", entities=ents(CSTO_ENTITIES))
    unrest_en = make_doc(CSTO_EN, "en", "2022-01-13", entities=ents(CSTO_ENTITIES))
    energy = make_doc(KZ_ENERGY_EN, "en", "2022-01-18", entities=ents(KZ_ENERGY_ENTITIES))
    football = make_doc(KZ_FOOTBALL_DE, "de", "2022-01-20", entities=ents(KZ_FOOTBALL_ENTITIES))
    inflation = make_doc(INFLATION_DE, "de", "2022-01-06")
    story = _stories(StoryEngine().partial_fit([unrest_de, unrest_en, energy, football, inflation]))
    assert story[unrest_de.id] == story[unrest_en.id]
    assert len({story[energy.id], story[football.id], story[unrest_de.id], story[inflation.id]}) == 4


def test_hand_built_entity_keys_alone_link_languages():
    """Docs with no shared words at all, linked only by language-independent keys."""
    shared = ["org:csto", "loc:iso:KZ", "per:tokayev", "~b:tkv", "~b:kstn", "~b:#2030", "~b:#164"]
    de = ClusterDoc("a" * 16, "de", PartialDate(2022, 1, 13), ["abzug"], ["abzug"], ["truppen", "abzug"],
                    ["truppe", "abzug"], shared)
    en = ClusterDoc("b" * 16, "en", PartialDate(2022, 1, 13), ["withdrawal"], ["withdrawal"],
                    ["troops", "withdrawal"], ["troop", "withdrawal"], shared)
    out = StoryEngine().partial_fit([de, en])
    assert out[1].story_id == out[0].story_id and not out[1].new_story


# -- ids, persistence, order -------------------------------------------------------------

def _stream(seed_docs, make_doc) -> list[ClusterDoc]:
    return [*seed_docs, make_doc(BUNDESLIGA_DE, "de", "2022-01-15"), make_doc(CSTO_EN, "en", "2022-01-13"),
            make_doc(INFLATION_DE, "de", "2022-01-06")]


def test_ids_are_stable_across_runs_batches_and_persistence(seed_docs, make_doc):
    docs = _stream(seed_docs, make_doc)
    whole = _stories(StoryEngine().partial_fit(docs))
    again = _stories(StoryEngine().partial_fit(docs))
    assert whole == again
    # one by one, with the engine serialised and restored between articles
    engine = StoryEngine()
    stepwise = {}
    for doc in sorted(docs, key=lambda d: d.date.sort_key()):
        engine = StoryEngine.from_bytes(engine.to_bytes())
        stepwise.update(_stories(engine.partial_fit([doc])))
    assert stepwise == whole


def test_restored_engine_continues_identically(seed_docs, make_doc):
    docs = _stream(seed_docs, make_doc)
    a = StoryEngine()
    a.partial_fit(docs[:2])
    b = StoryEngine.from_bytes(a.to_bytes())
    assert _stories(a.partial_fit(docs[2:])) == _stories(b.partial_fit(docs[2:]))
    assert b.n_docs == a.n_docs and (b.df == a.df).all()


def test_state_of_the_dict_based_engine_still_loads(seed_docs, make_doc):
    """Engines stored before the compiled core kept each centroid as a dict beside its norms, no
    years, and the index as a dict of sets; such a state loads and continues as the new one does."""
    docs = _stream(seed_docs, make_doc)
    a = StoryEngine()
    a.partial_fit(docs[:2])
    state = pickle.loads(pickle.dumps(a.__getstate__()))  # b's own copy
    old_stories = {}
    for serial, story in state["stories"].items():
        slots = {name: getattr(story, name) for name in engine_mod._Story.__slots__ if name != "era"}
        slots["vec"], slots["norm2"] = story.vec.to_dict(), list(story.norm2)
        old = engine_mod._Story.__new__(engine_mod._Story)
        old.__setstate__((None, slots))
        old_stories[serial] = old
    postings = {}
    for serial, story in state["stories"].items():
        for k in story.vec.indexed_keys():
            postings.setdefault(k, set()).add(serial)
    b = StoryEngine.__new__(StoryEngine)
    b.__setstate__({**state, "stories": old_stories, "postings": postings})
    assert "postings" not in b.__dict__ and len(b.index) == len(postings)
    assert all(s.era is None for s in b.stories.values())
    assert _stories(a.partial_fit(docs[2:])) == _stories(b.partial_fit(docs[2:]))


def test_from_bytes_rejects_other_objects():
    with pytest.raises(TypeError):
        StoryEngine.from_bytes(pickle.dumps({"not": "an engine"}))


def test_batch_is_assigned_in_date_order(seed_docs):
    """The earlier-dated article founds the story even when it comes second in the batch."""
    early = dataclasses.replace(seed_docs[1], date=PartialDate(2022, 1, 7))
    late = dataclasses.replace(seed_docs[0], date=PartialDate(2022, 1, 14))
    out = StoryEngine().partial_fit([late, early])
    assert [a.article_id for a in out] == [early.id, late.id]
    assert out[0].new_story and out[0].story_id == "s" + early.id[:12]
    assert out[1].story_id == out[0].story_id


def test_undated_articles_keep_input_order_after_dated_ones(seed_docs):
    a, b = (dataclasses.replace(d, date=None) for d in seed_docs)
    c = dataclasses.replace(seed_docs[0], id="c" * 16, date=PartialDate(2022, 1))
    out = StoryEngine().partial_fit([b, a, c])
    assert [x.article_id for x in out] == [c.id, b.id, a.id]


def test_month_precise_date_is_a_range(seed_docs):
    """A January article and one of 31 January are 0 days apart (the month covers the day)."""
    engine = StoryEngine()
    engine.partial_fit([seed_docs[0]])  # date 2022-01
    d = engine.vectorise(dataclasses.replace(seed_docs[1], date=PartialDate(2022, 1, 31)), count=False)
    story = next(iter(engine.stories.values()))
    f, _ = engine.features(d, story)
    assert f[engine_mod.FEATURES.index("log_gap")] == 0.0
    assert f[engine_mod.FEATURES.index("no_date")] == 0.0
    d2 = engine.vectorise(dataclasses.replace(seed_docs[1], date=PartialDate(2022, 2, 3)), count=False)
    assert engine.features(d2, story)[0][engine_mod.FEATURES.index("log_gap")] > 0
    d3 = engine.vectorise(dataclasses.replace(seed_docs[1], date=None), count=False)
    assert engine.features(d3, story)[0][engine_mod.FEATURES.index("no_date")] == 1.0


# -- the window ----------------------------------------------------------------------------

def _shifted(doc: ClusterDoc, days: int, tag: str) -> ClusterDoc:
    import datetime as dt

    day = dt.date(2022, 1, 10) + dt.timedelta(days=days)
    return dataclasses.replace(doc, id=f"{tag:0>4}" + doc.id[4:], date=PartialDate.from_date(day))


def test_colliding_id_prefixes_get_distinct_story_ids():
    a = ClusterDoc("abcdef123456" + "0001", "en", None, [], [], ["alpha"], ["alpha"], [])
    b = ClusterDoc("abcdef123456" + "0002", "en", None, [], [], ["omega"], ["omega"], [])
    out = StoryEngine().partial_fit([a, b])
    assert out[0].story_id == "sabcdef123456" and out[1].story_id == "sabcdef1234560002"


def test_stories_beyond_the_window_expire_and_memory_stays_bounded(seed_docs, monkeypatch):
    monkeypatch.setattr(engine_mod, "SWEEP_EVERY", 1)
    engine = StoryEngine(window_days=7)
    engine.partial_fit([_shifted(seed_docs[0], 0, "a")])
    # the same event 30 days later is beyond the window: a new story, the old one expired
    out = engine.partial_fit([_shifted(seed_docs[1], 30, "b")])
    assert out[0].new_story
    assert len(engine.stories) == 1 and len(engine.by_id) == 1
    only = next(iter(engine.stories))  # the inverted index lists the remaining story only
    assert len(engine.index) > 0 and all(engine.index.get(k) == [only] for k in engine.index.keys())
    # a long stream, one article every 3 days: never more active stories than the window holds
    for i in range(40):
        engine.partial_fit([_shifted(seed_docs[i % 2], 40 + 3 * i, f"{i:x}")])
        assert len(engine.stories) <= 4
    within = engine.partial_fit([_shifted(seed_docs[0], 40 + 3 * 39 + 2, "ff")])
    assert not within[0].new_story


def test_undated_stream_expires_by_article_count(seed_docs, monkeypatch):
    monkeypatch.setattr(engine_mod, "SWEEP_EVERY", 1)
    engine = StoryEngine(window_docs=3)
    for i in range(10):
        engine.partial_fit([dataclasses.replace(seed_docs[i % 2], id=f"{i:x}" * 16, date=None)])
    assert len(engine.stories) <= 4


# -- merges ---------------------------------------------------------------------------------

_SIMPLE = {
    "same": {"features": ["cos_lem_all"], "coef": [12.0], "intercept": -6.0},
    "cross": {"features": ["cos_lem_all"], "coef": [12.0], "intercept": -6.0},
    "threshold": 0.5,
    "merge": {"probability": 0.5, "cosine": 0.3},
}


def _doc(i: int, words: list[str]) -> ClusterDoc:
    return ClusterDoc(f"{i:x}" * 16, "en", None, [], [], words, words, [])


def test_converging_stories_merge_and_the_event_is_recorded():
    a_words = ["quake", "turkey", "izmir", "rescue", "rubble", "magnitude"]
    b_words = ["quake", "aegean", "samos", "tsunami", "greece", "island"]
    engine = StoryEngine(model=_SIMPLE)
    out = engine.partial_fit([_doc(1, a_words), _doc(2, b_words)])
    assert out[0].story_id != out[1].story_id  # apart at first
    assert engine.drain_events() == []
    bridge = engine.partial_fit([_doc(3, a_words + b_words)])[0]
    events = engine.drain_events()
    assert len(events) == 1
    ev = events[0]
    assert isinstance(ev, EngineEvent) and ev.moved == []
    assert ev.kind == "merge" and {ev.story_id, ev.other} == {out[0].story_id, out[1].story_id}
    assert ev.story_id == out[0].story_id  # the older story survives, its id keeps its meaning
    assert engine.resolve(out[1].story_id) == out[0].story_id
    assert engine.resolve(bridge.story_id) == out[0].story_id
    assert out[1].story_id not in engine.by_id  # the absorbed id takes no more articles
    later = engine.partial_fit([_doc(4, b_words)])[0]
    assert later.story_id == out[0].story_id
    assert engine.drain_events() == []  # drained


def test_merged_ids_follow_chains_and_leave_with_their_survivor():
    engine = StoryEngine(model=_SIMPLE, merges=False)
    out = engine.partial_fit([_doc(1, ["quake", "izmir"]), _doc(2, ["flood", "valencia"]), _doc(3, ["strike", "lyon"])])
    a, b, c = (x.story_id for x in out)
    assert len({a, b, c}) == 3
    engine.merge(a, b, "b into a")
    engine.merge(c, a, "a into c")
    assert engine.resolve(b) == engine.resolve(a) == c and engine.resolve(c) == c
    assert engine.merged == {b: c, a: c} and engine.absorbed == {c: [b, a]}
    again = StoryEngine.from_bytes(engine.to_bytes())
    assert again.resolve(b) == c and again.absorbed == engine.absorbed
    engine.window_docs = -1  # every story is idle beyond the window now
    engine.expire()
    assert engine.merged == {} and engine.absorbed == {} and not engine.stories


def test_merges_can_be_switched_off():
    a_words = ["quake", "turkey", "izmir", "rescue", "rubble", "magnitude"]
    b_words = ["quake", "aegean", "samos", "tsunami", "greece", "island"]
    engine = StoryEngine(model=_SIMPLE, merges=False)
    engine.partial_fit([_doc(1, a_words), _doc(2, b_words), _doc(3, a_words + b_words)])
    assert engine.drain_events() == [] and len(engine.stories) == 2


def test_explicit_merge_keeps_centroid_consistent():
    engine = StoryEngine(model=_SIMPLE, merges=False)
    out = engine.partial_fit([_doc(1, ["alpha", "beta"]), _doc(2, ["gamma", "delta"])])
    engine.merge(out[0].story_id, out[1].story_id, "test")
    story = engine.stories[engine.by_id[out[0].story_id]]
    import math

    for s in range(engine_mod.N_SPACES):
        n2 = sum(w * w for k, w in story.vec.items() if k & 15 == s)
        assert math.isclose(n2, story.norm2[s], rel_tol=1e-9, abs_tol=1e-12)
    assert story.size == 2
    assert engine.drain_events()[0].why == "test"


# -- splits ---------------------------------------------------------------------------------

def test_explicit_split_moves_articles_and_reassigns_them():
    engine = StoryEngine(model=_SIMPLE, merges=False)
    words = ["quake", "turkey", "izmir", "rescue", "rubble", "magnitude"]
    out = engine.partial_fit([_doc(i, words) for i in range(1, 5)])
    sid = out[0].story_id
    assert {a.story_id for a in out} == {sid}
    engine._moved = {}
    new_id = engine.split(sid, [out[2].article_id, out[3].article_id], "test split")
    assert new_id == "s" + out[2].article_id[:12]
    ev = engine.drain_events()
    assert ev == [EngineEvent(sid, "split", new_id, "test split")]
    old, new = engine.stories[engine.by_id[sid]], engine.stories[engine.by_id[new_id]]
    assert old.size == 2 and new.size == 2
    # the next batch returns the re-assignments of the moved articles (the founder's opens the story)
    nxt = engine.partial_fit([_doc(9, ["unrelated", "words", "only"])])
    moved = {a.article_id: a for a in nxt if a.article_id != "9" * 16}
    assert set(moved) == {out[2].article_id, out[3].article_id}
    assert all(a.story_id == new_id for a in moved.values())
    assert moved[out[2].article_id].new_story and not moved[out[3].article_id].new_story


def test_story_holding_two_events_splits_itself():
    """Four articles forced into one story by a lenient model; the split check separates them."""
    lenient = {**_SIMPLE, "same": {"features": ["cos_lem_all"], "coef": [1.0], "intercept": 0.5},
               "split": {"cosine": 0.5}}
    lenient["cross"] = lenient["same"]
    engine = StoryEngine(model=lenient, merges=False)
    a = ["quake", "turkey", "izmir", "rescue", "rubble"]
    b = ["quake", "chile", "santiago", "tsunami", "coast"]
    docs = [_doc(1, a + ["istanbul"]), _doc(2, a + ["ankara"]), _doc(3, b + ["valparaiso"]),
            _doc(4, b + ["andes"])]
    out = engine.partial_fit(docs)
    final = {x.article_id: x.story_id for x in out}
    assert final[docs[0].id] == final[docs[1].id] != final[docs[2].id] == final[docs[3].id]
    kinds = [e.kind for e in engine.drain_events()]
    assert kinds == ["split"]


# -- the learned model ------------------------------------------------------------------------

def test_shipped_model_is_learned_and_complete():
    model = engine_mod.default_model()
    assert model.get("version", 0) >= 1, "cluster/model.json missing: run scripts/train_cluster.py"
    assert model["trained_on"]
    for part in ("same", "cross"):
        for regime in ("text", "title_only"):
            m = model[part][regime]
            assert len(m["coef"]) == len(m["features"])
            assert set(m["features"]) <= set(engine_mod.FEATURES)
    assert {"text", "title_only"} <= set(model["threshold"])
    assert model["threshold"]["cross_text"] >= model["threshold"]["text"]


def test_background_table_is_small_and_loaded():
    from importlib import resources

    path = resources.files("storyline.cluster") / "background_df.json"
    assert path.is_file() and path.stat().st_size < 5_000_000
    n, arr = engine_mod.background()
    assert n > 1000 and arr.sum() > 0


# -- batches ---------------------------------------------------------------------------

HEADLINE_WORDS = ["csto", "troops", "leave", "kazakhstan"]


@pytest.fixture
def mixed_docs(seed_docs, make_doc):
    headline = dataclasses.replace(make_doc(CSTO_EN, "en", "2022-01-13"), id="h" * 32, title_tokens=HEADLINE_WORDS,
                                   title_lemmas=HEADLINE_WORDS, body_tokens=[], body_lemmas=[],
                                   entities=["~t:csto", "~t:kazakhstan"])
    empty = dataclasses.replace(headline, id="e" * 32, title_tokens=[], title_lemmas=[], entities=[])
    return [*seed_docs, make_doc(CSTO_DE, "de", "2022-01-13"), empty, make_doc(CSTO_EN, "en", "2022-01-13"),
            headline, make_doc(INFLATION_DE, "de", "2022-01-14"), make_doc(KZ_ENERGY_EN, "en", "2022-01-18")]


def _df_slots(doc) -> set[int]:
    """The DF slots an article counts in, from its strings (an oracle independent of the engine)."""
    import zlib

    terms = [("t", t) for t in doc.title_tokens + doc.body_tokens]
    terms += [("l", t) for t in doc.title_lemmas + doc.body_lemmas]
    terms += [("n" if e.startswith("~") else "e", e[3:] if e.startswith("~") else e) for e in doc.entities]
    return {zlib.crc32((k + t).encode()) & ((1 << engine_mod.DF_BITS) - 1) for k, t in terms}


def test_tf_idf_of_a_headline_counts_the_articles_before_it(mixed_docs):
    import math
    import zlib

    vec = StoryEngine().vectorise_batch(mixed_docs)[5].vec
    bg_n, bg = engine_mod.background()
    before = [_df_slots(d) for d in mixed_docs[:6]]
    n = bg_n + sum(1 for s in before if s)
    raw = {}
    for word in HEADLINE_WORDS:
        h = zlib.crc32(("t" + word).encode())
        slot = h & ((1 << engine_mod.DF_BITS) - 1)
        df = int(bg[slot]) + sum(slot in s for s in before)
        raw[(h << 4) | 2] = math.log((n + 1.0) / (df + 1.0)) + 1.0  # tf 1: 1 + log 1 = 1
    norm = math.sqrt(sum(w * w for w in raw.values()))
    got = {k: w for k, w in vec.items() if k & 15 == 2}  # tok_all
    assert got.keys() == raw.keys()
    for k, w in raw.items():
        assert got[k] == pytest.approx(w / norm, rel=1e-12)


def test_a_batch_is_vectorised_exactly_as_one_article_at_a_time(mixed_docs):
    """The IDF of each article counts the articles before it in its batch, as a stream would."""
    whole, single = StoryEngine(), StoryEngine()
    batch = whole.vectorise_batch(mixed_docs)
    one_by_one = [single.vectorise(doc) for doc in mixed_docs]
    for a, b in zip(batch, one_by_one):
        assert a.vec == b.vec and a.probe == b.probe and a.has == b.has
        assert (a.top_ent, a.top_name, a.indexed, a.title_only) == (b.top_ent, b.top_name, b.indexed, b.title_only)
    assert whole.n_docs == single.n_docs == len(mixed_docs) - 1  # the article without words is not counted
    assert (whole.df == single.df).all()
    assert whole.df.sum() == sum(len(_df_slots(d)) for d in mixed_docs)
    assert batch[3].vec == {} and batch[5].title_only and not batch[5].has[1]
    # counting is what makes later articles' rare terms cheaper: the same article vectorised first differs
    assert StoryEngine().vectorise(mixed_docs[4]).vec != batch[4].vec


def test_batch_size_does_not_change_the_stories(mixed_docs):
    ordered = sorted(mixed_docs, key=lambda d: d.date.sort_key())
    at_once = StoryEngine().partial_fit(ordered)
    engine = StoryEngine()
    singly = [a for doc in ordered for a in engine.partial_fit([doc])]
    assert [(a.article_id, a.story_id, a.new_story) for a in at_once] == \
           [(a.article_id, a.story_id, a.new_story) for a in singly]
    assert len({a.story_id for a in at_once}) >= 3  # the unrest, inflation and energy stories at least


def test_the_compiled_score_is_the_features_then_the_model(mixed_docs):
    engine = StoryEngine()
    engine.partial_fit(mixed_docs[:6])
    d = engine.vectorise(mixed_docs[7], count=False)
    assert len(engine.stories) >= 2
    for story in engine.stories.values():
        f, dots = engine.features(d, story)
        for cross in (False, True):
            p, score_dots = engine_mod._score(d, story, engine_mod.SIZE_CAP, *engine._models[cross][d.title_only])
            assert p == engine.probability(f, cross, d.title_only) and score_dots == dots


def test_engine_state_records_its_format_and_refuses_a_newer_one():
    from storyline import __version__
    from storyline.cluster.engine import STATE_FORMAT, EngineStateError

    engine = StoryEngine()
    state = engine.__getstate__()
    assert state["state_format"] == STATE_FORMAT and state["storyline_version"] == __version__
    again = StoryEngine.from_bytes(engine.to_bytes())
    assert again.seq == engine.seq and not hasattr(again, "_stale")
    older = {k: v for k, v in engine.__getstate__().items() if k not in ("state_format", "storyline_version")}
    StoryEngine.__new__(StoryEngine).__setstate__(older)  # format 2: written before formats were recorded
    with pytest.raises(EngineStateError, match="newer"):
        StoryEngine.__new__(StoryEngine).__setstate__({**state, "state_format": STATE_FORMAT + 1})


# -- re-checks: order independence where it is cheap ------------------------------------

_WORDS_MODEL = {"same": {"features": ["cos_lem_all"], "coef": [12.0], "intercept": -6.0},
                "cross": {"features": ["cos_lem_all"], "coef": [12.0], "intercept": -6.0},
                "threshold": 0.5, "merges": False}


def _wdoc(i: int, words: list[str]) -> ClusterDoc:
    return ClusterDoc(f"{i:x}" * 16, "en", PartialDate(2022, 1, 13), [], [], words, words, [])


def _recheck_stream(recheck: bool, order=(0, 1, 2)):
    # X shares one word with A: too little on its own; once B (A's words and X's) has joined A, X fits the story
    docs = [_wdoc(1, ["zqa", "zqb", "zqc"]), _wdoc(2, ["zqc", "zqd", "zqe"]), _wdoc(3, ["zqa", "zqb", "zqc", "zqd", "zqe"])]
    engine = StoryEngine(model=_WORDS_MODEL, recheck=recheck, dense=False)
    story = {}
    for i in order:
        for a in engine.partial_fit([docs[i]]):
            story[a.article_id] = a.story_id
    return docs, story, engine


def test_a_one_article_story_is_picked_up_when_a_story_near_it_grows():
    docs, story, engine = _recheck_stream(True)
    a, x, b = (d.id for d in docs)
    assert story[x] == story[a] == story[b] == "s" + a[:12]  # the moved article's new assignment came back
    (event,) = engine.drain_events()
    assert event.kind == "merge" and event.story_id == "s" + a[:12] and event.other == "s" + x[:12]
    assert event.moved == [x] and "re-check" in event.why
    assert engine.resolve("s" + x[:12]) == "s" + a[:12]
    assert engine.rechecks >= 1


def test_without_re_checks_the_order_decides():
    docs, story, engine = _recheck_stream(False)
    a, x, b = (d.id for d in docs)
    assert story[b] == story[a] and story[x] != story[a]
    _, later, _ = _recheck_stream(False, order=(0, 2, 1))  # X after B: it joins
    assert later[x] == later[a]


def test_re_checks_survive_pickling_and_states_saved_before_them_keep_their_behaviour():
    docs = [_wdoc(1, ["zqa", "zqb", "zqc"]), _wdoc(2, ["zqc", "zqd", "zqe"])]
    engine = StoryEngine(model=_WORDS_MODEL, dense=False)
    engine.partial_fit(docs)
    again = StoryEngine.from_bytes(engine.to_bytes())
    out = again.partial_fit([_wdoc(3, ["zqa", "zqb", "zqc", "zqd", "zqe"])])
    assert {a.story_id for a in out} == {"s" + docs[0].id[:12]} and len(out) == 2
    state = engine.__getstate__()
    del state["recheck"]
    old = StoryEngine.__new__(StoryEngine)
    old.__setstate__(state)
    assert old.recheck is False
