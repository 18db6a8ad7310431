"""The NER training scripts' own inputs: the hand-made English name lists over the semeval_de
articles (scripts/ner_en_semeval_labels.txt) and the static German vectors (scripts/ner_vectors.py)
as scripts/train_ner.py reads them."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from _support import shared_data

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import ner_vectors  # noqa: E402
import train_ner  # noqa: E402


def test_name_lists_parse():
    labels = train_ner.read_name_labels(train_ner.SEMEVAL_LABELS["en"])
    kept = {k: v for k, v in labels.items() if v is not None}
    assert len(kept) >= 110
    types = Counter(label for names in kept.values() for _, label in names)
    assert set(types) == {"PER", "LOC", "ORG", "OTH"} and types["OTH"] >= 30
    assert all(name.strip() == name and name for names in kept.values() for name, _ in names)


@pytest.mark.parametrize("bad, message", [
    ("PER Angela Merkel\n", "names before an article line"),
    ("=== 1\nPERSON Angela Merkel\n", "not `TYPE name`"),
    ("=== 1\nPER Angela Merkel | LOC\n", "not `TYPE name`"),
])
def test_name_lists_errors_name_the_line(tmp_path: Path, bad: str, message: str):
    path = tmp_path / "labels.txt"
    path.write_text("# comment\n" + bad, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        train_ner.read_name_labels(path)
    assert str(path) in str(err.value)


def test_name_lists_mark_the_articles():
    data = shared_data("semeval_de", "pairs.dev.jsonl").parents[1]
    docs = train_ner.semeval_en(data)
    spans = [(s.words[a:b], label) for doc in docs for s in doc for a, b, label in s.spans]
    assert len(docs) >= 110 and len(spans) >= 1400
    # a name is marked where its tokens stand, with its type: "Angela Merkel" whole, never split
    merkel = [label for words, label in spans if words == ["Angela", "Merkel"]]
    assert merkel and set(merkel) == {"PER"}
    assert not any(words == ["Angela"] for words, _ in spans)
    # longest first: "Christian Democratic Union" is one ORG, not "Christian Democratic" + ...
    assert ["Christian", "Democratic", "Union"] in [w for w, label in spans if label == "ORG"]


def test_mark_longest_first_without_overlap():
    words = "Delhi International Airport Ltd said Delhi Airport was open".split()
    forms = sorted([(("Delhi",), "LOC"), (("Delhi", "Airport"), "LOC"),
                    (("Delhi", "International", "Airport", "Ltd"), "ORG")], key=lambda f: -len(f[0]))
    assert train_ner._mark(words, forms) == {(0, 4, "ORG"), (5, 7, "LOC")}


def test_vectors_round_trip(tmp_path: Path):
    """Words are stored as JSON: a token may hold a carriage return, which a line-based file
    split into two words (and spaCy then refused the table: more keys than rows)."""
    sents = [["berlin", "liegt", "an", "der", "spree"], ["hamburg", "liegt", "an", "der", "elbe"],
             ["die", "elbe", "und", "die", "spree", "a\rb"]] * 5
    words, vecs = ner_vectors.ppmi_svd(sents, n_words=100, dims=4)
    assert "a\rb" in words and vecs.shape == (len(words), 4)
    ner_vectors.write(tmp_path, words, vecs)
    nlp = train_ner.build_nlp("de", width=16, depth=1, rows=[100, 50, 50, 20], hidden=8, vectors=tmp_path)
    table = nlp.vocab.vectors
    assert table.shape == vecs.shape
    assert np.allclose(table[nlp.vocab.strings["a\rb"]], vecs[words.index("a\rb")])


def test_german_news_gold_marks_the_articles():
    """scripts/ner_de_semeval_labels.txt: the 657 German articles, names in GermEval conventions."""
    data = shared_data("semeval_de", "pairs.dev.jsonl").parents[1]
    labels = train_ner.read_name_labels(train_ner.SEMEVAL_LABELS["de"])
    docs = train_ner.semeval_news(data, "de")
    assert len(labels) == 657 and len(docs) >= 650
    spans = Counter(label for doc in docs.values() for s in doc for _, _, label in s.spans)
    assert set(spans) == {"PER", "LOC", "ORG", "OTH"} and sum(spans.values()) >= 7000
    # the conventions hold: no adjectives, no generic institution words, no -part compounds
    words = {" ".join(s.words[a:b]) for doc in docs.values() for s in doc for a, b, _ in s.spans}
    assert not words & {"deutschen", "Bundesregierung", "Polizei", "US-Präsident", "EU-Kommission", "Corona"}
    assert {"Grünen", "Robert-Koch-Institut", "Angela Merkel"} <= words


def test_german_news_held_out_keeps_each_story_on_one_side():
    """Articles joined by a pair are one group: a story's names never cross the split."""
    data = shared_data("semeval_de", "pairs.dev.jsonl").parents[1]
    held = train_ner.semeval_held_ids(data, "de")
    _, groups = train_ner.semeval_articles(data, "de")
    assert all(len(set(g) & held) in (0, len(g)) for g in groups)
    assert 0.1 < len(held) / sum(map(len, groups)) < 0.25
    assert held == train_ner.semeval_held_ids(data, "de")  # its own seed: stable


def test_german_news_beside_english_leaves_out_the_held_out_english_stories():
    """`train_ner.py --lang en --weights ...,de_semeval=W`: a German article of a story whose English
    article is held out would carry its names into training; a chain of rated pairs finds them."""
    import json

    path = shared_data("semeval_de", "pairs.dev.jsonl")
    pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    de_en = next(p for p in pairs if {p["a"]["lang"], p["b"]["lang"]} == {"de", "en"})
    en_id = next(a["id"] for a in (de_en["a"], de_en["b"]) if a["lang"] == "en")
    de_id = next(a["id"] for a in (de_en["a"], de_en["b"]) if a["lang"] == "de")
    story = train_ner.stories_of(path.parents[1], {en_id})
    assert {en_id, de_id} <= story
    linked = {a["id"] for p in pairs if story & {p["a"]["id"], p["b"]["id"]} for a in (p["a"], p["b"])}
    assert linked == story  # closed under the pairs
    assert train_ner.stories_of(path.parents[1], set()) == set()


def test_pretrained_weights_load_into_the_training_pipeline(tmp_path: Path):
    """scripts/ner_pretrain.py writes the very layer train_ner.build_nlp makes: its weights load
    (``--init-tok2vec``) and change what the layer computes."""
    import ner_pretrain

    lines = ["Die Polizei nahm in Almaty 50 Menschen fest .", "Angela Merkel reiste am Montag nach Paris ."]
    sents = [(line.split(), [True] * len(line.split())) for line in lines] * 20
    rows = (200, 100, 100, 50)
    (path,) = ner_pretrain.pretrain(sents, tmp_path, epochs=1, minutes=5, width=16, depth=1, rows=rows)
    nlp = train_ner.build_nlp("de", width=16, depth=1, rows=list(rows), hidden=8)
    doc = train_ner.make_doc(nlp.vocab, *sents[0])
    tok2vec = nlp.get_pipe("tok2vec").model
    tok2vec.initialize(X=[doc])
    before = tok2vec.predict([doc])[0].copy()
    tok2vec.from_bytes(path.read_bytes())
    assert tok2vec.predict([doc])[0].shape == before.shape
    assert not np.allclose(tok2vec.predict([doc])[0], before)


def test_held_out_articles_are_dumped_as_documents(tmp_path: Path):
    """`train_ner.py --dump-held` marks each article, so `storyline eval ner` scores it as one."""
    from storyline.eval import ner

    sents = [train_ner.Sent(["Caroline", "Flack", "lacht", "."], {(0, 2, "PER")}, doc="a"),
             train_ner.Sent(["Flack", "schweigt", "."], {(0, 1, "PER")}, doc="a"),
             train_ner.Sent(["Berlin", "."], {(0, 1, "LOC")}, doc="b"),
             train_ner.Sent(["Bonn", "."], {(0, 1, "LOC")})]
    train_ner.dump_held({"news": sents[:3], "sentences": sents[3:]}, tmp_path, "de")
    read, docs = ner.read_documents(tmp_path / "de_news.tsv")
    assert [w for w, _ in read] == [s.words for s in sents[:3]]
    assert docs[0] == docs[1] != docs[2]
    assert ner.spans_from_bio(read[1][1]) == {(0, 1, "PER")}
    assert "doc=" not in (tmp_path / "de_sentences.tsv").read_text(encoding="utf-8")
    # files are concatenated for a pooled score: the closing marker keeps a sentence out of the last article
    both = tmp_path / "both.tsv"
    both.write_text((tmp_path / "de_news.tsv").read_text(encoding="utf-8") + "\n"
                    + (tmp_path / "de_sentences.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    _, docs = ner.read_documents(both)
    assert len(docs) == 4 and len(set(docs)) == 3


def test_a_split_seed_fixes_the_held_out_split_apart_from_the_training_seed():
    """Without `--split-seed` the split is drawn from the training seed's stream (the committed
    recipe, unchanged); with it, runs of several seeds hold out the same sentences."""
    import random

    a = train_ner.parse_args(["--seed", "14", "--split-seed", "13"])
    b = train_ner.parse_args(["--seed", "15", "--split-seed", "13"])
    draws = [train_ner.split_rng(args, random.Random(args.seed)).random() for args in (a, b)]
    assert draws[0] == draws[1] == random.Random(13).random()
    plain = train_ner.parse_args(["--seed", "14"])
    rng = random.Random(plain.seed)
    assert train_ner.split_rng(plain, rng) is rng
