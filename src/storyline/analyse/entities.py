"""Named entities with provenance: a statistical model per language (spaCy NER trained by
``scripts/train_ner.py``: German on GermEval 2014, SmartData, Europarl and WikiANN, committed
under ``storyline/models/ner_de``; English on WikiANN and hand-labelled ECB+ sentences, under
``storyline/models/ner_en``), precision rules on its spans (:mod:`storyline.analyse.spans`),
gazetteer rules (countries, regions, big cities, organisations, hyphen compounds such as
``OVKS-Truppen``, English ``President <Name>``), then canonicalisation into one
:class:`Entity` per language-independent key (see :mod:`storyline.analyse.canonical`).

The model runs tokenizer-free: a ``Doc`` is built from the SoMaJo tokens of
each sentence, so every span maps back to exact character offsets.
German ``-deriv`` forms (``kasachischen``, ``russische``) are *not* entities:
the model is trained to leave them out and lower-case spans are dropped.
"""

from __future__ import annotations

import bisect
import math
import os
import re
import threading
from collections import Counter
from functools import lru_cache
from pathlib import Path

from storyline.analyse import gazetteer as gz
from storyline.analyse import spans as span_rules
from storyline.analyse.canonical import Raw, build_entities, is_title, skeleton, surname_of, trim_person
from storyline.analyse.gazetteer import GazEntry
from storyline.analyse.namewords import ROLE_NOUNS, SLAVIC_SURNAME, TITLES, fold
from storyline.lang import HANDLED
from storyline.types import Entity, Sentence, Token

MODELS = Path(__file__).resolve().parents[1] / "models"
MODEL_DIR = MODELS / "ner_de"
_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC", "MISC": "MISC"}
# one model per handled language; the environment overrides a path (experiments, training)
_ENV = {"de": "STORYLINE_NER_MODEL", "en": "STORYLINE_NER_MODEL_EN"}
_model_paths: dict[str, Path] = {lang: Path(os.environ.get(_ENV[lang]) or MODELS / f"ner_{lang}") for lang in HANDLED}
_model_path: Path = _model_paths["de"]  # the German model's path (eval/cluster.py fingerprints it)
_lock = threading.Lock()
_nlps: dict[str, object] = {}
# The model's cost is linear, but a pathological "sentence" of 50k tokens is cut into windows.
_MAX_TOKENS = 1000
# spaCy adds every unseen word form to the pipeline's vocabulary and never forgets it (~30 a
# German article): a server or `storyline watch` running for weeks would grow without bound.
# Past this many strings the pipeline is loaded afresh (~2 s); predictions do not depend on
# the vocabulary's contents, so the output is the same.
_MAX_STRINGS = int(os.environ.get("STORYLINE_NER_MAX_STRINGS", "300000"))
_HYPHEN = re.compile(r"[-‐‑]")
_HYPHENS = frozenset("-‐‑")
_NOT_PERSON_BEFORE = re.compile(r"\b(?:in|at|into)\s+$")
# an age in apposition makes the name before it a person: *Gupta, 39, has*, *Anastasiya Avilova (31)*
_AGE_AFTER = re.compile(r"\s*(?:(,)\s*\d{1,2}\s*,|\(\s*[1-9]\d\s*\))")  # not a menu's count: "Roten Terror (4)"


def set_model_path(path: Path, lang: str = "de") -> None:
    """Use another model directory for ``lang`` (training script, experiments); drops the cached model."""
    global _model_path
    with _lock:
        _model_paths[lang] = Path(path)
        _nlps.pop(lang, None)
        _model_path = _model_paths["de"]


def model(lang: str = "de"):
    """The spaCy pipeline of a language, loaded once per process."""
    nlp = _nlps.get(lang)
    if nlp is None:
        with _lock:
            nlp = _nlps.get(lang)
            if nlp is None:
                path = _model_paths[lang]
                if not (path / "meta.json").exists():
                    raise FileNotFoundError(f"NER model missing at {path}: run scripts/train_ner.py --lang {lang}")
                nlp = _nlps[lang] = _load(path)
    return nlp


def _load(path: Path):
    """spacy.load with numpy's matrix product in the model's layers instead of BLIS's.

    BLIS picks its kernel from the CPU's model; on a virtual CPU it does not know (this project's
    machines report only "AMD EPYC") it falls back to its generic kernel: 15 GFLOP/s against
    numpy's (OpenBLAS) 50-60 on one thread, and the tok2vec's matrix products were a quarter of
    analysis time (docs/ner.md, "Cost"). Where BLIS knows the CPU both run at the same speed."""
    import spacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    before = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))
    try:
        return spacy.load(path)
    finally:
        set_current_ops(before)


# -- model ---------------------------------------------------------------------------------

def feature_spec(features: str) -> tuple[bool, bool, bool]:
    """(gazetteer classes as TAG, with person-name classes, lexicon classes as LEMMA) from
    ``meta["storyline"]["features"]``: ``none``, ``gazetteer-tag``, ``gazetteer-names-tag``,
    optionally ``+lexicon-lemma``. Older models name only the first part, so they keep
    getting exactly the inputs they were trained with."""
    parts = set(features.split("+"))
    tags = bool(parts & {"gazetteer-tag", "gazetteer-names-tag"})
    return tags, "gazetteer-names-tag" in parts, "lexicon-lemma" in parts


def _model_spans(sentences: list[list[Token]], lang: str = "de") -> list[list[tuple[int, int, str]]]:
    """Token spans (start, end_exclusive, label) per sentence, from the language's statistical model."""
    from spacy.tokens import Doc

    nlp = model(lang)
    tags, names, lexicon = feature_spec(nlp.meta.get("storyline", {}).get("features", "none"))
    windows: list[tuple[int, int]] = []  # (sentence index, token offset)
    for si, toks in enumerate(sentences):
        windows.extend((si, off) for off in range(0, len(toks), _MAX_TOKENS))

    groups: list[list[tuple[int, int]]] = []  # per window: the tokens behind each model word

    def docs():  # built lazily: a 5 MB text must not hold all its Docs at once
        for si, off in windows:
            part = sentences[si][off : off + _MAX_TOKENS]
            group = _hyphen_words(part) if lang == "en" else [(i, i + 1) for i in range(len(part))]
            groups.append(group)
            words = ["".join(t.text for t in part[a:b]) or "_" for a, b in group]
            spaces = [part[group[i][1] - 1].end < part[group[i + 1][0]].start for i in range(len(group) - 1)] + [False]
            yield Doc(nlp.vocab, words=words, spaces=spaces,
                      tags=gz.token_features(words, names=names) if tags else None,
                      lemmas=gz.lexicon_features(words) if lexicon else None)

    out: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    for k, ((si, off), doc) in enumerate(zip(windows, nlp.pipe(docs(), batch_size=64), strict=True)):
        group = groups[k]
        for ent in doc.ents:
            label = _LABELS.get(ent.label_)
            if label:
                out[si].append((group[ent.start][0] + off, group[ent.end - 1][1] + off, label))
    if len(nlp.vocab.strings) > _MAX_STRINGS:
        _forget(nlp, lang)
    return out


def _hyphen_words(part: list[Token]) -> list[tuple[int, int]]:
    """Token ranges that form one word for the model: SoMaJo's English tokenizer splits
    ``Garmisch-Partenkirchen`` and ``Kassym-Jomart`` at the hyphen, WikiANN (the English
    model's data) keeps them whole, and split they came out as two places or half a name."""
    return hyphen_groups([t.text for t in part], [i > 0 and part[i - 1].end == t.start for i, t in enumerate(part)])


def hyphen_groups(words: list[str], glued: list[bool]) -> list[tuple[int, int]]:
    """:func:`_hyphen_words` over plain words; ``glued[i]``: word ``i`` follows word ``i - 1``
    without a space. scripts/train_ner.py groups its SoMaJo-tokenised English sentences with it,
    so the model is trained on the words it is given at run time."""
    out: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        if out and glued[i] and (w in _HYPHENS or words[i - 1] in _HYPHENS) and words[out[-1][0]] not in _HYPHENS:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def glued_hyphens(words: list[str]) -> list[bool]:
    """For pre-tokenised English text without offsets (the gold files): a hyphen between two
    word characters was written without spaces (``Kassym - Jomart`` came from *Kassym-Jomart*);
    a dash between words is ``–`` in news, so a spaced ``-`` is rare enough to ignore."""
    glued = [False] * len(words)
    for i in range(1, len(words) - 1):
        if words[i] in _HYPHENS and words[i - 1][-1:].isalnum() and words[i + 1][:1].isalnum():
            glued[i] = glued[i + 1] = True
    return glued


def _forget(nlp, lang: str) -> None:
    """Drop the cached pipeline (if it is still this one); the next call loads it afresh.
    Threads still holding the old one finish with it."""
    with _lock:
        if _nlps.get(lang) is nlp:
            del _nlps[lang]


# -- rules ---------------------------------------------------------------------------------

def _rule_spans(toks: list[Token], lang: str | None, sent: int, max_words: int) -> list[Raw]:
    """Gazetteer matches over tokens (longest first), and names inside hyphen compounds."""
    out: list[Raw] = []
    n = len(toks)
    words = [t.text for t in toks]
    norms: list[str] | None = None
    shouting: bool | None = None  # the sentence in capitals? computed at its first upper-case match
    i = 0
    while i < n:
        first = words[i]
        matched = 0
        if first[:1].isupper() or first[:1].isdigit() or first == "dpa":
            if max_words > 1:
                if norms is None:
                    norms = gz.multi_norms(words)
                hit = gz.multi_match(words, norms, i, max_words)
                if hit is not None:
                    size, entry = hit
                    span = toks[i : i + size]
                    out.append(Raw(span[0].start, span[-1].end, entry.type, sent, "rule", entry))
                    matched = size
            if not matched:
                entry = gz.rule_entry((first,), lang)
                if entry is not None and entry.key.startswith("loc:geonames") and (
                        first.lower() in _stopwords(lang) or not span_rules.is_place_in_context(toks, i, i + 1, lang)):
                    entry = None  # "Dabei" is also a name of Dubai, "Kantons" of Guangzhou
                if entry is not None and _ordinary_use(words, i):
                    entry = None
                if entry is not None and _is_title(words, i):
                    entry = None
                if entry is not None and first.isupper():
                    if shouting is None:
                        shouting = span_rules.is_shouting(words)
                    if shouting:
                        entry = None  # "BUND UND LÄNDER EINIGEN SICH", "THIS IS THE END": words, not BUND or IS
                if entry is not None:
                    out.append(Raw(toks[i].start, toks[i].end, entry.type, sent, "rule", entry))
                    matched = 1
        if not matched and lang == "de" and span_rules.is_currency_compound(first):
            out.append(Raw(toks[i].start, toks[i].end, "MISC", sent, "rule"))  # "US-Dollar", not "US"
            matched = 1
        if not matched:
            out.extend(_part_spans(toks[i], lang, sent))
            matched = 1
        i += matched
    out.extend(_first_name_persons(toks, lang, sent))
    out.extend(_title_persons(toks, sent, lang))
    out.extend(_dateline_places(toks, lang, sent))
    out.extend(_scan_raws(toks, sent, lambda t, i: _settlement_name(t, i, lang), "LOC"))
    if lang == "de":
        out.extend(Raw(toks[i].start, toks[i].end, "PER", sent, "rule") for i in range(1, n)
                   if span_rules.is_speaker(toks, i))
        out.extend(Raw(toks[i].start, toks[i].end, "LOC", sent, "rule",
                       gz.lookup(toks[i].text, "de") or gz.village(toks[i].text))
                   for i in range(1, n) if span_rules.is_village_place(toks, i))
        out.extend(_scan_raws(toks, sent, _street, "LOC"))  # places without a gazetteer entry
        out.extend(_clubs(toks, sent))
        out.extend(_scan_raws(toks, sent, span_rules.product_or_ship, "MISC"))
        out.extend(Raw(toks[a].start, toks[b - 1].end, label, sent, "rule")
                   for a, b, label in filter(None, (span_rules.quoted_name(toks, i) for i in range(n - 3))))
    if lang == "en":
        out.extend(_geo_names(toks, sent))
        # awards, products and ships: MISC, not the English model's ORG
        out.extend(_scan_raws(toks, sent, span_rules.english_other, "MISC"))
    return out


def _scan(toks: list[Token], find) -> list[tuple[int, int]]:
    """The non-overlapping token spans ``find(toks, i)`` gives, left to right."""
    out, i = [], 0
    while i < len(toks):
        hit = find(toks, i)
        if hit is None:
            i += 1
            continue
        out.append(hit)
        i = hit[1]
    return out


def _scan_raws(toks: list[Token], sent: int, find, label: str) -> list[Raw]:
    """Rule mentions of one type for the spans ``find`` gives (``_scan``)."""
    return [Raw(toks[a].start, toks[b - 1].end, label, sent, "rule") for a, b in _scan(toks, find)]


def _street(toks: list[Token], i: int) -> tuple[int, int] | None:
    """A German street name starting at token ``i`` (``span_rules.street_end``) as a token span."""
    e = span_rules.street_end(toks, i)
    return (i, e) if e > i else None


_SETTLEMENT_NOUNS = {"de": frozenset({"Stadt", "Kleinstadt", "Hafenstadt", "Frontstadt", "Ortschaft", "Dorf", "Siedlung"}),
                     "en": frozenset({"town", "city", "village", "settlement", "port"})}


def _settlement_name(toks: list[Token], i: int, lang: str | None) -> tuple[int, int] | None:
    """The name after a settlement noun (*die Stadt Tschassiw Jar*, *im Dorf Robotyne*, *the town of
    Chasiv Yar*): up to three capitalised words, in German none a dictionary noun (*in der Stadt
    Menschen*), none in capitals or with a second capital (*Die Stadt PFarrer*, a broken
    *Stadtpfarrer*). The models miss or mistype the small towns of the front, which no gazetteer holds."""
    nouns = _SETTLEMENT_NOUNS.get(lang or "")
    if not nouns or toks[i].text not in nouns:
        return None
    j = i + 1
    if lang == "en":
        if j >= len(toks) or toks[j].text != "of":
            return None
        j += 1
    e = j
    while e < len(toks) and e - j < 3 and toks[e].text[:1].isupper() and not toks[e].text[1:2].isupper() \
            and toks[e].text.replace("-", "").isalpha() and not (lang == "de" and gz.is_common_noun(toks[e].text)):
        e += 1
    return (j, e) if e > j else None


def _clubs(toks: list[Token], sent: int) -> list[Raw]:
    """Sports clubs by their form (``span_rules.club_name``) are organisations; where the table
    lists the club (*1. FC Köln* is *FC Köln*) its link stands (``_merge`` keeps a link against
    a later rule without one)."""
    return [Raw(toks[a].start, toks[b - 1].end, "ORG", sent, "rule") for a, b in _scan(toks, span_rules.club_name)]


def _is_title(words: list[str], i: int) -> bool:
    """``Bundesrat Hans-Rudolf Merz``: the Swiss minister's title before a name, not the council."""
    return words[i] in gz.title_aliases() and i + 1 < len(words) and _name_like(words[i + 1])


_DATELINE_END = frozenset("""( , - – — :""".split())


def _dateline_places(toks: list[Token], lang: str | None, sent: int) -> list[Raw]:
    """The place of a wire dateline in capitals: ``BEIRUT, March 12``, ``PARIS (dpa-AFX) -``,
    ``LIVERPOOL -``: a place the gazetteer knows under its ordinary spelling, before the
    dateline's punctuation (the model reads the capitals as an acronym: an organisation). First in
    the sentence any city will do; further in (a headline glued to the dateline, ``…: video
    BEIRUT, LEBANON``) only a country, a state or a city of a million."""
    out = []
    for i in range(len(toks) - 1):
        for j in (i + 3, i + 2, i + 1):  # *SAN FRANCISCO*, *NEW YORK/SAN FRANCISCO:* as well
            if j >= len(toks) or (toks[j].text not in _DATELINE_END and toks[j].text != "/") or \
                    not all(_capitals_word(t.text, j - i) for t in toks[i:j]):
                continue
            words = tuple("-".join(part.capitalize() for part in t.text.split("-")) for t in toks[i:j])
            first = i == 0 or toks[i - 1].text == "/"
            entry = gz.lookup(" ".join(words), lang) if first else gz.rule_entry(words, lang)
            if entry is not None and entry.type == "LOC":
                out.append(Raw(toks[i].start, toks[j - 1].end, "LOC", sent, "rule", entry))
                break
    return out


def _capitals_word(word: str, words: int) -> bool:
    """A word of a dateline in capitals: three letters or more alone, two in a longer name (*LOS*)."""
    return len(word) >= (3 if words == 1 else 2) and word.isupper() and word.replace("-", "").isalpha()


def _name_like(word: str) -> bool:
    """A capitalised word that can start a name: a listed name or one no dictionary knows as a noun."""
    return word[:1].isupper() and (gz.listed_name(word) or not span_rules.is_common_noun(word))


def _ordinary_use(words: list[str], i: int) -> bool:
    """A one-word organisation alias that is also an adjective, used as one: after its
    ``not_after`` words (*im Grünen*), or first in the sentence before a noun (*Grüne Energie*)."""
    after = gz.not_after().get(words[i])
    return bool(after) and ((i > 0 and words[i - 1].lower() in after) or (
        i == 0 and i + 1 < len(words) and words[i + 1][:1].isupper()))


def _first_name_persons(toks: list[Token], lang: str | None, sent: int) -> list[Raw]:
    """A listed first name followed by a capitalised word is a person: ``Karim Massimow``."""
    first_names, _ = gz.person_names()
    stop = _stopwords(lang)
    out = []
    n = len(toks)
    i = 0
    while i < n - 1:
        w, nxt = toks[i].text, toks[i + 1].text
        if (w in first_names and w.lower() not in stop and fold(w) not in TITLES  # "Pastor Schmid"
                and nxt[:1].isupper() and not nxt.isupper() and nxt.replace("-", "").isalpha()
                and len(nxt) > 1 and nxt.lower() not in stop
                and fold(nxt) not in TITLES and nxt.lower() not in _UNITS and gz.rule_entry((nxt,), lang) is None):
            out.append(Raw(toks[i].start, toks[i + 1].end, "PER", sent, "name"))
            i += 2
            continue
        i += 1
    return out


_GEO_BEFORE = {"Mount", "Mt", "Mt.", "Lake", "Cape", "Gulf", "Bay", "Strait", "Straits", "Horn", "Sea", "Isle",
               "Port", "Fort", "Lake", "Gulf of", "Bay of"}
_GEO_AFTER = {"River", "Mountains", "Mountain", "Island", "Islands", "Peninsula", "Sea", "Ocean", "Valley",
              "Desert", "Park", "Canyon", "Strait", "Bay", "Gulf", "Lake", "Coast", "Province", "County", "Region",
              "Alps", "Highlands", "Hills", "Range", "Forest", "Basin", "Plateau", "Plains", "Delta", "Glacier",
              "Falls", "Archipelago", "Riviera"}


def _geo_names(toks: list[Token], sent: int) -> list[Raw]:
    """English geographic names: ``Gulf of Aden``, ``Mount Cook``, ``Arabian Peninsula``."""
    out = []
    n = len(toks)
    i = 0
    caps = [t.text[:1].isupper() and t.text.replace(".", "").isalpha() for t in toks]
    while i < n:
        if not caps[i]:
            i += 1
            continue
        j = i
        while j < n and (caps[j] or (toks[j].text == "of" and j + 1 < n and caps[j + 1] and j > i)):
            j += 1
        words = [t.text for t in toks[i:j]]
        if (words[0] in _GEO_BEFORE and len(words) > 1) or (words[-1] in _GEO_AFTER and len(words) > 1):
            if not any(fold(w) in TITLES for w in words[:1]):
                out.append(Raw(toks[i].start, toks[j - 1].end, "LOC", sent, "geo"))
        i = j
    return out


@lru_cache(maxsize=1 << 16)  # asked for every token by the title rules; depends on the word alone
def _is_title_word(word: str) -> bool:
    """``Präsident``, ``Verteidigungsminister``, ``Ex-Geheimdienstchefs``, ``Nasarbajew-Vertrauten``."""
    if not word[:1].isupper():
        return False
    f = fold(word)
    head = f.rsplit("-", 1)[-1]
    if f in TITLES or head in TITLES or ("-" in f and head in ROLE_NOUNS):
        return True
    return len(word) > 8 and (is_title(word) or is_title(word[:-1]))


def _title_persons(toks: list[Token], sent: int, lang: str | None) -> list[Raw]:
    """Capitalised words after a title are a person: ``President Kassym-Jomart Tokayev``,
    ``Staatschef Tokajew``. German capitalises every noun, so there at most two words are
    taken, never a role noun (``Präsident Tokajews Vorgänger``) or a gazetteer name."""
    out = []
    n = len(toks)
    stop = _stopwords(lang)
    for i, tok in enumerate(toks[:-1]):
        if not _is_title_word(tok.text):
            continue
        j = i + 1
        while j < n and _is_title_word(toks[j].text):
            j += 1  # "Prime Minister"
        k = j
        if lang == "en":
            while k < n and k - j < 6:
                w = toks[k].text
                if w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() and fold(w) not in TITLES:
                    k += 1
                elif w in ("-", "‐") and k > j and k + 1 < n and toks[k + 1].text[:1].isupper() \
                        and toks[k].start == toks[k - 1].end and toks[k + 1].start == toks[k].end:
                    k += 1  # PTB splits "Kassym-Jomart" into three tokens
                else:
                    break
        else:
            def namelike(w: str) -> bool:
                return (w[:1].isupper() and w.replace("-", "").isalpha() and not w.isupper()
                        and w.lower() not in stop and fold(w) not in ROLE_NOUNS and not _is_title_word(w))
            if k < n and namelike(toks[k].text):
                k += 1
                if k < n and namelike(toks[k].text) and gz.rule_entry((toks[k].text,), lang) is None:
                    k += 1
        if lang != "en" and k == j + 1 and span_rules.is_noun_person(toks[j].text):
            continue  # "Richter Rechtsanwalt": a second role noun, no name
        if k > j and toks[k - 1].text not in ("-", "‐"):
            words = tuple(t.text for t in toks[j:k])
            if gz.rule_entry(words, lang) is None and gz.rule_entry(words[:1], lang) is None:
                out.append(Raw(toks[j].start, toks[k - 1].end, "PER", sent, "title"))
    return out


def _part_spans(tok: Token, lang: str | None, sent: int, names: dict[str, Raw] | None = None) -> list[Raw]:
    """``OVKS-Truppen`` -> ORG ``OVKS``; ``US-Präsident`` -> LOC ``US``; ``Nasarbajew-Vertrauten``
    -> PER ``Nasarbajew`` when ``names`` (names found in the article) has it."""
    text = tok.text
    if len(text) < 4 or not _HYPHEN.search(text, 1, len(text) - 1) or gz.derived_from_hyphenated_name(text):
        return []  # "Rheinland-Pfälzer" are people of Rheinland-Pfalz, not of the Rheinland
    out = []
    pos = 0
    parts = []
    for m in _HYPHEN.finditer(text):
        parts.append((pos, m.start()))
        pos = m.end()
    # the last part is the head noun ("Truppen"); names stand before it
    for s, e in parts:
        piece = text[s:e]
        if len(piece) < 2 or not piece[:1].isupper():
            continue
        if names is None:
            entry = gz.rule_entry((piece,), lang)
            # not a landscape: districts are named after them ("Breisgau-Hochschwarzwald", "Rheingau-Taunus")
            if entry is not None and not entry.key.startswith(("loc:geonames", "loc:area:")):
                out.append(Raw(tok.start + s, tok.start + e, entry.type, sent, "part", entry))
        elif piece in names:
            ref = names[piece]
            out.append(Raw(tok.start + s, tok.start + e, ref.type, sent, "part", ref.entry))
    return out


# -- merging -------------------------------------------------------------------------------

class _Spans:
    """Disjoint spans kept sorted by start, with overlap queries by bisection."""

    def __init__(self, spans: list[Raw]) -> None:
        self.items = sorted(spans, key=lambda r: r.start)
        self.starts = [r.start for r in self.items]

    def clash(self, r: Raw) -> list[int]:
        j = bisect.bisect_left(self.starts, r.end) - 1
        hits = []
        while j >= 0 and self.items[j].end > r.start:
            hits.append(j)
            j -= 1
        return hits

    def replace(self, idx: list[int], r: Raw) -> None:
        for j in sorted(idx, reverse=True):
            del self.items[j]
            del self.starts[j]
        k = bisect.bisect_left(self.starts, r.start)
        self.items.insert(k, r)
        self.starts.insert(k, r.start)


# words that join two names in a list: "Doctors Without Borders and the German Red Cross"
_JOINERS = re.compile(r"(?:\s|,|&|\b(?:and|the|or|und|oder|sowie|die|der|das|den|dem|des)\b)*", re.IGNORECASE)


def _unjoin(text: str, model: list[Raw], rules: list[Raw]) -> list[Raw]:
    """A model span that is two or more names the rules know (gazetteer or pattern), joined by *and (the)*,
    *und*, a comma (*Dow Jones and the S&P 500*, *Doctors Without Borders and the German Red Cross*, *the
    Oscars and the Academy Awards*), is left to those names; one listed name with *and* inside (*Bosnia
    and Herzegovina*) is one match and untouched."""
    known = sorted((r for r in rules if r.entry is not None or r.source == "rule"), key=lambda r: r.start)
    if not known:
        return model
    out = []
    for m in model:
        inside = [r for r in known if m.start <= r.start and r.end <= m.end]
        if len(inside) >= 2 and m.entry is None and all(_joined(text, a, b) for a, b in zip(inside, inside[1:])) \
                and not text[m.start : inside[0].start].strip() and not text[inside[-1].end : m.end].strip():
            continue
        out.append(m)
    return out


def _joined(text: str, a: Raw, b: Raw) -> bool:
    """Two names side by side in a list: a joining word or comma between them, or, for two places,
    nothing (*Österreich Wien*); a firm or party before a place is its branch (*Volkswagen China*,
    *NEOS Wien*)."""
    gap = text[a.end : b.start]
    if a.end > b.start or not _JOINERS.fullmatch(gap):
        return False
    return bool(gap.strip()) or a.type == b.type == "LOC"


def _merge(model: list[Raw], rules: list[Raw]) -> list[Raw]:
    """Rules win over the model on equal or longer spans; the model keeps spans that contain a rule match."""
    kept = _Spans(model)
    for r in rules:
        idx = kept.clash(r)
        clash = [kept.items[j] for j in idx]
        if r.source in ("title", "geo", "name"):
            if all(m.entry is None and r.start <= m.start and m.end <= r.end for m in clash):
                kept.replace(idx, r)
            continue
        if r.source == "part":
            if all(m.type in ("ORG", "LOC", "MISC") and m.entry is None for m in clash):
                kept.replace(idx, r)  # the model tagged the whole compound ("OVKS-Angaben")
            continue
        if any(m.start <= r.start and r.end <= m.end and (m.end - m.start) > (r.end - r.start) for m in clash):
            continue  # "Bank of America": the model's longer span stands
        if r.entry is None and any((m.start, m.end) == (r.start, r.end) and m.entry is not None for m in clash):
            continue  # a later rule without a key does not undo an earlier one's link over the same words
        kept.replace(idx, r)
    return kept.items


_STOP: dict[str, frozenset[str]] = {}
_UNITS = {"euro", "dollar", "us-dollar", "franken", "pfund", "rubel", "yen", "yuan", "prozent", "percent", "pounds",
          "tonnen", "meter", "kilometer", "jahre", "jahren", "tage", "tagen", "stunden", "minuten"}
_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag", "januar",
    "februar", "märz", "juni", "juli", "oktober", "dezember"}
_DEMONYM_END = re.compile(r"(?:an|ian|ean|ese|ish|i|ic|kh)$")
_DEMONYM_IRREGULAR = {"soviet", "british", "french", "dutch", "swiss", "greek", "turkish", "welsh", "scottish", "irish",
                      "english", "danish", "swedish", "finnish", "polish", "spanish", "thai", "filipino",
                      "afghan", "arab", "arabic", "kurdish", "belarusian", "kyrgyz", "tajik", "uzbek", "czech",
                      "palestinian", "european", "african", "asian", "american", "bavarian", "catalan",
                      "basque", "flemish", "saudi", "emirati", "cypriot", "maltese", "portuguese", "chinese",
                      "japanese", "vietnamese", "lebanese", "sudanese", "congolese", "nepalese", "burmese"}


def _is_demonym(word: str) -> bool:
    """English nationality adjectives (``Indian``, ``Australian``, ``Kazakh``) are not entities."""
    w = gz.fold(word)
    if w in _DEMONYM_IRREGULAR:
        return True
    if w.endswith("is") and len(w) > 5:
        w = w[:-1]  # the people: "12 Somalis and 11 Yemenis"
    if not _DEMONYM_END.search(w):
        return False
    for c in gz.country_names_en():
        n = 0
        while n < min(len(w), len(c)) and w[n] == c[n]:
            n += 1
        need = len(c) - 4 if c.endswith("stan") else len(c) - 1
        if n >= max(4, need):
            return True
    return False


def _stopwords(lang: str | None) -> frozenset[str]:
    key = "en" if lang == "en" else "de"
    if key not in _STOP:
        if key == "en":
            from spacy.lang.en.stop_words import STOP_WORDS
        else:
            from spacy.lang.de.stop_words import STOP_WORDS
        _STOP[key] = frozenset(STOP_WORDS) | {
            "hunderte", "tausende", "dutzende", "zehntausende", "hundreds", "thousands", "dozens",
            "dabei", "damit", "dazu", "daher", "darüber", "deshalb", "trotzdem", "zudem", "außerdem", "insgesamt",
            "allerdings", "jedoch", "bisher", "zuvor", "danach", "laut", "inzwischen", "mittlerweile", "derzeit",
            "mio", "mrd", "tsd", "nr", "ca",
            *_CALENDAR}
    return _STOP[key]


def _looks_like_person(name: str) -> bool:
    """``Nursultan Nasarbajew`` tagged ORG: a first name from the name list, or a Slavic
    surname ending, on a short all-capitalised span means a person."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    first_names, _ = gz.person_names()
    return words[0] in first_names or bool(SLAVIC_SURNAME.search(words[-1]))


def _resolve(text: str, raw: Raw, lang: str | None, cities: bool = True) -> Raw | None:
    """Trim titles off persons, attach gazetteer entries (cities only when ``cities``: the word is
    used as a place name in its context), drop lower-case non-names."""
    name = text[raw.start : raw.end]
    first = name.split(maxsplit=1)[0] if name.strip() else ""
    if first.lower() in _stopwords(lang) and gz.lookup(name, lang, cities=False) is None:
        # "Dabei", "Hunderte Verletzte": a function word is no name
        rest = name[len(first):].lstrip()
        if not rest or raw.type != "PER":
            return None
        raw = Raw(raw.end - len(rest), raw.end, raw.type, raw.sentence, raw.source, raw.entry)
        name = rest
    if lang == "en" and " " not in name and _is_demonym(name) and gz.lookup(name, lang, cities=False) is None:
        return None
    if raw.type != "LOC" and raw.entry is None and name[:1].isupper() \
            and _SETTLEMENT_BEFORE.search(text, max(0, raw.start - 24), raw.start):
        raw = Raw(raw.start, raw.end, "LOC", raw.sentence, raw.source)
    if raw.type != "PER" and raw.entry is None and name[:1].isupper() and not name.isupper() \
            and len(name.split()) <= 3 and (age := _AGE_AFTER.match(text, raw.end)) \
            and (gz.rule_entry(tuple(name.split()), lang) if age.group(1) else gz.lookup(name, lang)) is None:
        # "Gupta, 39, has", "Tara, 33, was" (though a Russian town is called so), "Avilova (31)"; a
        # listed place before a bracketed age is where that person is from ("aus Bochum (49) und
        # Essen (53)"), and a country, a body or a big city keeps its type
        raw = Raw(raw.start, raw.end, "PER", raw.sentence, raw.source)
    if raw.type == "PER":
        entry = gz.lookup(name, lang, cities=False)
        if entry is not None:  # "Kasachstan" tagged PER: the gazetteer knows better
            return Raw(raw.start, raw.end, entry.type, raw.sentence, raw.source, entry)
        if lang == "en" and (head := span_rules.english_head_type(name.split())):
            return Raw(raw.start, raw.end, head, raw.sentence, raw.source)  # "Betty Ford Center"
        if " " not in name and _NOT_PERSON_BEFORE.search(text, max(0, raw.start - 8), raw.start):
            # "a stake in Uniper", "workers at Siemens": one capitalised word after "in"/"at" is a firm or
            # a place, hardly ever a person; a surname that a full name confirms is a person again
            # (_vote_types)
            return Raw(raw.start, raw.end, "ORG", raw.sentence, raw.source)
        return trim_person(text, raw)
    if not name[:1].isupper() and not name[:1].isdigit():
        entry = gz.lookup(name, lang, cities=False)
        if entry is None:
            return None  # "kasachischen": an adjective, not an entity
        return Raw(raw.start, raw.end, entry.type, raw.sentence, raw.source, entry)
    entry = gz.lookup(name, lang, cities=cities and raw.type in ("LOC", "ORG"))
    if entry is None and raw.type == "LOC" and cities and lang == "de":
        entry = gz.village(name)  # "Oberau": small places only where a place is meant
    if lang == "en" and entry is None and (kind := _EN_KIND_AFTER.match(text, raw.end)):
        # "Pagliarelli prison", "the Casty store", "the Harry Winston boutique": the noun after says what it is
        return Raw(raw.start, raw.end, "LOC" if kind.group(1).lower() in _EN_PLACE_KINDS else "ORG",
                   raw.sentence, raw.source)
    head = span_rules.english_head_type(name.split()) if lang == "en" and entry is None else None
    if head == "ORG" and raw.type == "LOC" or head == "MISC":
        return Raw(raw.start, raw.end, head, raw.sentence, raw.source)  # "New Bedford District Court"
    if entry is None and head is None and _looks_like_person(name):
        return trim_person(text, Raw(raw.start, raw.end, "PER", raw.sentence, raw.source))
    if entry is not None and (raw.type == "LOC" or entry.type == raw.type or not entry.key.startswith("loc:geonames")
                              or _PLACE_NOUN_AFTER.match(text, raw.end)
                              or lang == "en" and _EN_IN_PLACE.search(text, max(0, raw.start - 8), raw.start)
                              and not span_rules.is_institution_noun(name)  # "Commissioner of Police": a Polish town
                              or _PLACE_NOUN_BEFORE.search(text, max(0, raw.start - 16), raw.start)):
        return Raw(raw.start, raw.end, entry.type, raw.sentence, raw.source, entry)
    return raw


# "die Stadt Tschassiw Jar", "the town of Chasiv Yar": a mention right after a settlement noun is the place,
# whatever the model typed (it has never seen the small towns of the front: a person and an organisation
# in those sentences); after *Gemeinde* and *Ort* too, which start no span of their own (_settlement_name:
# *im Ort Kinder*)
_SETTLEMENT_BEFORE = re.compile(r"\b(?:%s|(?:%s) of)\s+$" % ("|".join(sorted(_SETTLEMENT_NOUNS["de"] | {"Gemeinde", "Ort"})),
                                                            "|".join(sorted(_SETTLEMENT_NOUNS["en"]))))


# English: a lower-case noun after a name that says what kind of thing it names
_EN_PLACE_KINDS = frozenset("prison jail neighborhood neighbourhood district suburb county".split())  # not "town": a "Biden town hall"
_EN_KIND_AFTER = re.compile(r"\s+(%s)\b" % "|".join(sorted(_EN_PLACE_KINDS | set(
    "store stores boutique shop shops chain brand label firm company group bank".split()))))


# English: a city tagged as an organisation after *in*, *near*, *outside*, *from*, *of* is the place
# (*in Palermo*, *from Atlanta*); after *to*, *against*, *beat* a team may be meant, and the model's type stays
_EN_IN_PLACE = re.compile(r"\b(?:in|near|outside|from|of)\s+$")


# a city tagged as an organisation (the models know *Schachtar Donezk*, *Shakhtar Donetsk*) is the
# place beside these: *im Gebiet Donezk*, *the Donetsk region*
_PLACE_NOUN_AFTER = re.compile(r"\s+(?:region|oblast|province|governorate|district|area)\b")
_PLACE_NOUN_BEFORE = re.compile(r"\b(?:Region|Gebiet|Oblast|Provinz|Rajon|Bezirk|Landkreis|Gouvernement|Präfektur|"
                                r"Stadt)\s+$")


def _vote_types(text: str, raws: list[Raw], lang: str | None) -> list[Raw]:
    """One type per surface form within an article; surnames of full names are persons."""
    surnames: set[str] = set()
    for r in raws:
        if r.type == "PER" and len(text[r.start : r.end].split()) > 1:
            surnames.add(skeleton(surname_of(text[r.start : r.end], lang, set())))
    votes: dict[str, Counter] = {}
    linked: dict[str, dict[str, GazEntry]] = {}
    for r in raws:
        if r.entry is None:
            votes.setdefault(text[r.start : r.end], Counter())[r.type] += 1
        else:
            linked.setdefault(text[r.start : r.end], {})[r.entry.key] = r.entry
    out = []
    for r in raws:
        name = text[r.start : r.end]
        if r.entry is not None:
            if _surname_not_town(name, r.entry, surnames, lang):
                r = Raw(r.start, r.end, "PER", r.sentence, r.source)
            out.append(r)
            continue
        if len(entries := linked.get(name, ())) == 1:
            # one sense per article: *Essen* linked after *in* is the city wherever else it stands
            entry = next(iter(entries.values()))
            out.append(Raw(r.start, r.end, entry.type, r.sentence, r.source, entry))
            continue
        new_type = r.type
        if " " not in name and skeleton(surname_of(name, lang, surnames)) in surnames:
            new_type = "PER"
        else:
            best, count = votes[name].most_common(1)[0]
            if count > votes[name][r.type]:
                new_type = best
        out.append(r if new_type == r.type else Raw(r.start, r.end, new_type, r.sentence, r.source, r.entry))
    return out


def _surname_not_town(name: str, entry: GazEntry, surnames: set[str], lang: str | None) -> bool:
    """*Niki Lauda … Lauda said*: a small town's name (*Lauda* is Lauda-Königshofen) that is the
    surname of a full name in the article is the person; a big city's (*Paris Hilton … in Paris*) or
    a country's name stays the place."""
    return bool(surnames) and " " not in name and entry.key.startswith("loc:geonames:") \
        and skeleton(surname_of(name, lang, surnames)) in surnames and gz.rule_entry((name,), lang) is None


def _propagate(text: str, sentences: list[Sentence], raws: list[Raw], lang: str | None) -> list[Raw]:
    """Mentions the model missed elsewhere in the article: person surnames (also genitive
    ``Tokajews`` and compounds ``Nasarbajew-Vertrauten``), capitalised ORG acronyms and the
    short names of organisations named in full."""
    raws, names = _short_names(text, raws)
    shorts, after_article = set(names), gz.after_article_names()
    for r in raws:
        name = text[r.start : r.end]
        if r.type == "PER":
            sur = surname_of(name, lang, set())
            if len(sur) >= 3 and sur[:1].isupper():
                names.setdefault(sur, r)
        elif r.type == "ORG" and r.entry is None and name.isupper() and len(name) >= 2 and " " not in name:
            names.setdefault(name, r)
    if not names:
        return raws
    covered = _Spans(raws)
    sk_names = {skeleton(n): r for n, r in names.items() if r.type == "PER"}
    extra: list[Raw] = []
    drop: set[tuple[int, int]] = set()
    for sent in sentences:
        for i, tok in enumerate(sent.tokens):
            w = tok.text
            if not w[:1].isupper() or (w in shorts and w not in after_article
                                       and span_rules.after_determiner(sent.tokens, i)):
                continue  # "im Cockpit" is the common noun even where the union is named
            probe = Raw(tok.start, tok.end, "", 0, "")
            hit = covered.clash(probe)
            if hit:
                # "Nasarbajew-Vertrauten" tagged as a whole by the model: the name inside wins
                m = covered.items[hit[0]]
                if len(hit) == 1 and m.source == "model" and m.entry is None and (m.start, m.end) == (tok.start, tok.end):
                    parts = _part_spans(tok, lang, sent.index, names)
                    if parts:
                        drop.add((m.start, m.end))
                        extra.extend(parts)
                continue
            ref = names.get(w)
            if ref is None and lang == "de" and w.endswith("s"):
                ref = names.get(w[:-1])
                if ref is not None and ref.type != "PER":
                    ref = None
            if ref is None and len(w) >= 4 and w.isalpha():
                ref = sk_names.get(skeleton(w))
            if ref is not None and ref.type == "PER" and gz.lexicon_class(w)[:1] in ("K", "G") \
                    and span_rules.after_determiner(sent.tokens, i):
                continue  # "sein Beileid" after a headline's "Floyd-Familie Beileid": the noun
            if ref is not None:
                extra.append(Raw(tok.start, tok.end, ref.type, sent.index, "propagated", ref.entry))
            else:
                extra.extend(_part_spans(tok, lang, sent.index, names))
    if not extra:
        return raws
    kept = [r for r in raws if (r.start, r.end) not in drop]
    return sorted(kept + extra, key=lambda r: (r.start, r.end))


def _model_raw(text: str, toks: list[Token], s: int, e: int, label: str, sent: int, lang: str | None) -> Raw | None:
    """A model span after the precision rules (analyse/spans.py) and gazetteer resolution."""
    cut = span_rules.clip(toks, s, e, label)
    if cut is None:
        return None
    s, e = cut
    s, label = _person_after_role(toks, s, e, label, lang)
    if e - s == 1 and lang == "de" and (span_rules.is_not_a_name(toks[s].text, label)
                                        or span_rules.is_noun_not_place(toks, s, e, label)
                                        or span_rules.is_predicate_noun(toks, s, e)):
        return None
    if e - s > 1 and lang == "de" and span_rules.is_noun_run([t.text for t in toks[s:e]]):
        return None
    if lang == "en" and span_rules.is_headline(toks) and span_rules.is_headline_phrase(toks, s, e):
        return None
    if lang == "en" and span_rules.is_bare_institution(toks, s, e):
        return None  # "the Commission says", "Germany's Parliament", "Police said"
    if span_rules.is_number_phrase(toks, s, e) or (e - s == 1 and span_rules.is_common_acronym(toks[s].text)):
        return None
    if e - s == 1 and toks[s].text in gz.not_after() and _ordinary_use([t.text for t in toks], s):
        return None
    if e - s == 1 and toks[s].text in gz.title_aliases() and _is_title([t.text for t in toks], s):
        return None
    place = span_rules.is_place_in_context(toks, s, e, lang)
    # a noun before a number is the noun: "in Halle 6" is a hall, not the town; "FN 213243" (a
    # register number) or "Prozedur 7.7.0" no person
    numbered = e < len(toks) and toks[e].text[:1].isdigit()
    if lang == "de" and (span_rules.in_fixed_phrase(toks, s, e) or (span_rules.after_determiner(toks, s) or numbered) and (
            (not place and label == "LOC") or (label == "PER" and not _listed_person_word(toks, s, e)))):
        # "auf Bitten der Regierung"; "im Zug", "der Zug": a noun, not the town; "im Cockpit": no
        # person (English puts "the" before names: "the Obama administration")
        return None
    return _resolve(text, Raw(toks[s].start, toks[e - 1].end, label, sent, "model"), lang, cities=place)


# title words that name no office of their own (*Defence* Minister, *Former* President)
_TITLE_MODIFIERS = frozenset("foreign defence defense interior finance state deputy former ex late vice prime".split())


def _person_after_role(toks: list[Token], s: int, e: int, label: str, lang: str | None = None) -> tuple[int, str]:
    """``Nasarbajew-Vertrauten Askar Mamin`` tagged as one organisation: role words before two
    or more capitalised words are left out and the rest is the person; a person's span of a role
    noun and one name is the name (*Regisseur Porumboiu*; not *Pat Smith*, *Patin* is a role)."""
    if label == "PER" and e - s == 2 and len(toks[s].text) > 4 and span_rules.is_role_noun(toks[s].text) \
            and not gz.listed_name(toks[s].text):
        return s + 1, label  # "Regisseur Porumboiu": the role is no part of the name
    j = s
    if e - s > 3 and _is_demonym(toks[s].text) and _is_title_word(toks[s + 1].text):
        j += 1  # "Australian Cardinal George Pell": the nationality goes with the title
    while j < e - 1 and _is_title_word(toks[j].text):
        j += 1
    # English: one name after a title is the person too (*President Nixon*, *Constable Fanning*
    # tagged as organisations), not a body after a title's modifier (*Defence Ministry*) nor a
    # name the gazetteer knows
    one = lang == "en" and e - j == 1 and j > s and fold(toks[j - 1].text) not in _TITLE_MODIFIERS \
        and not span_rules.is_institution_noun(toks[j].text) and gz.lookup(toks[j].text, lang) is None
    if j == s or (e - j < 2 and not one) or not all(t.text[:1].isupper() and t.text.isalpha() for t in toks[j:e]):
        return s, label
    return j, "PER"


def _listed_person_word(toks: list[Token], s: int, e: int) -> bool:
    """A multi-word span, or one word from the first/last name lists (``der Müller``)."""
    return e - s > 1 or gz.listed_name(toks[s].text)


def _short_names(text: str, raws: list[Raw]) -> tuple[list[Raw], dict[str, Raw]]:
    """Organisations named in full make their short names (``Cockpit`` after ``Vereinigung
    Cockpit``) theirs for the article: mentions already found take the organisation's type
    and key; the short names are returned for propagation."""
    table = gz.short_names()
    shorts = {short: r for r in raws if r.entry is not None for short in table.get(r.entry.key, ())}
    # a party's name the model itself took for an organisation (*Linke*, *Democrats*) is that party
    raws = [Raw(r.start, r.end, "ORG", r.sentence, r.source, owner)
            if r.entry is None and r.type == "ORG" and (owner := gz.short_owner(text[r.start : r.end])) else r
            for r in raws]
    if not shorts:
        return raws, {}
    out = [Raw(r.start, r.end, "ORG", r.sentence, "propagated", shorts[name].entry)
           if r.entry is None and (name := text[r.start : r.end]) in shorts else r for r in raws]
    return out, shorts


def _first_line(text: str, r: Raw) -> Raw | None:
    """A rule span cut at its first line break (``spans.first_line``); a table name broken by a
    line is no match."""
    cut = text.find("\n", r.start, r.end)
    if cut < 0:
        return r
    end = r.start + len(text[r.start : cut].rstrip())
    return Raw(r.start, end, r.type, r.sentence, r.source) if r.entry is None and end > r.start else None


def find_spans(text: str, sentences: list[Sentence], lang: str | None, *, rules: bool = True,
               document: bool = True, model_spans: list[list[tuple[int, int, str]]] | None = None) -> list[Raw]:
    """All entity mentions (before grouping) with exact character spans."""
    if lang not in HANDLED or not sentences or not text.strip():
        return []
    if model_spans is None:
        model_spans = _model_spans([s.tokens for s in sentences], lang)
    max_words = gz.max_rule_words() if rules else 0
    wrapped = span_rules.hard_wrapped(text)
    raws: list[Raw] = []
    for sent, spans in zip(sentences, model_spans, strict=True):
        toks = sent.tokens
        found = []
        for s0, e0, label in spans:
            e0 = e0 if wrapped else span_rules.first_line(text, toks, s0, e0)
            for s, e in span_rules.bracket_pieces(toks, s0, e0):
                r = _model_raw(text, toks, s, e, label, sent.index, lang)
                if r is not None:
                    found.append(r)
        if rules:
            listed = _rule_spans(toks, lang, sent.index, max_words)
            if not wrapped:
                listed = [c for r in listed if (c := _first_line(text, r)) is not None]
            found = _merge(_unjoin(text, found, listed), listed)
        raws.extend(r for r in found if r.type not in ("PER", "LOC")
                    or not span_rules.names_the_pandemic(text[r.start : r.end].split()))
    raws = _towns_in_areas(text, raws, lang)
    if document:
        raws = _vote_types(text, raws, lang)
        if rules:
            raws = _propagate(text, sentences, raws, lang)
            if lang == "de":
                raws = _link_villages(text, raws)
    return raws


# the country or state after a town: "Santa Clara, Kalifornien", "Paris (Texas)"
_AREA_AFTER = re.compile(r"\s*[,(]\s*((?:[A-Z]\.)+[A-Z][a-z]*\.|[A-Z][a-z]+\.(?=[\s(,])|[A-ZÄÖÜ][\w-]+(?: [A-Z][\w-]+)?)")


def _towns_in_areas(text: str, raws: list[Raw], lang: str | None) -> list[Raw]:
    """A town followed by the country or US state it lies in is the town of that name there:
    *SANTA CLARA, Kalifornien* (a dateline) is the Californian city, not the larger Cuban one,
    *Paris, Texas* not the French capital; a span the model drew over both (*Santa Clara,
    California*) is the two places."""
    out: list[Raw] = []
    areas: dict[tuple[int, int], gz.GazEntry] = {}  # the area named after a relinked town
    for r in raws:
        if (r.start, r.end) in areas:  # "Athens, Georgia": the state, not the country
            r = Raw(r.start, r.end, "LOC", r.sentence, r.source, areas.pop((r.start, r.end)))
        pair = _town_and_area(text, r, lang) if r.type == "LOC" and "," in text[r.start : r.end] else None
        if pair:
            out += pair
            continue
        if r.entry is not None and r.entry.key.startswith("loc:geonames:"):
            r = _town_before_area(text, r, lang, areas)
        out.append(r)
    return out


def _town_and_area(text: str, r: Raw, lang: str | None) -> list[Raw] | None:
    """One span over town and area ("Santa Clara, California", "PORTLAND, Ore") as two places."""
    name = text[r.start : r.end]
    head, _, rest = name.partition(",")
    if text[r.end : r.end + 1] == "." and rest.strip().isalpha():
        rest += "."  # the model left the abbreviation's full stop out: "PORTLAND, Ore"
    area = gz.area_after_town(rest, lang)
    town = gz.city_within(head.strip(), area) if area is not None else None
    if town is None:
        return None
    tail = r.start + len(name) - len(name[len(head) + 1:].lstrip())
    return [Raw(r.start, r.start + len(head.rstrip()), "LOC", r.sentence, r.source, town),
            Raw(tail, r.end, "LOC", r.sentence, r.source, area)]


def _town_before_area(text: str, r: Raw, lang: str | None, areas: dict[tuple[int, int], gz.GazEntry]) -> Raw:
    """A linked town relinked to the one of its name in the area written after it; the area's span
    is noted in ``areas`` so that its own mention becomes that area."""
    m = _AREA_AFTER.match(text, r.end)
    area = gz.area_after_town(m.group(1), lang) if m else None
    town = gz.city_within(text[r.start : r.end], area) if area is not None else None
    if town is None or town.key == r.entry.key:
        return r
    areas[m.start(1), m.end(1)] = area
    return Raw(r.start, r.end, r.type, r.sentence, r.source, town)


# a village shared by several places is put on the map only within this distance of a place the
# article names; one of a kind, within the wider one (a district of a far-away town often shares it)
_VILLAGE_KM = 60.0
_VILLAGE_FAR_KM = 150.0


def _link_villages(text: str, raws: list[Raw]) -> list[Raw]:
    """Small German-speaking places on the map, by the article's other places. A name several
    villages share (*Oberau*: one in Bavaria, one in Tyrol) is linked to the one within
    ``_VILLAGE_KM`` of a place the article names (*Garmisch-Partenkirchen*) or, with none, to the
    only one in a country the article names; a name of one village is unlinked when the article's
    places all lie beyond ``_VILLAGE_FAR_KM`` (*Goldberg* in an article about Backnang is the
    Sindelfingen station, not the town in Mecklenburg). Otherwise the mention stays an unlinked
    place rather than a guess (hand-checked sample in docs/ner.md)."""
    cands = {k: found for k, r in enumerate(raws)
             if r.type == "LOC" and (found := gz.village_candidates(text[r.start : r.end]))}
    if not cands:
        return raws  # most articles name no village: nothing to compute
    villages = {c.key for found in cands.values() for c in found}  # no anchor for one another
    anchors = [r.entry.place for r in raws if r.entry is not None and r.entry.place is not None
               and r.entry.key not in villages]
    points = [(p.lat, p.lon) for p in anchors if p.lat is not None and p.lon is not None]
    countries = {p.country for p in anchors if p.country}
    out = list(raws)
    for k, found in cands.items():
        r = raws[k]
        if r.entry is not None and len(found) == 1 and r.entry.key == found[0].key and points:
            if min(_km(found[0].place.lat, found[0].place.lon, a, b) for a, b in points) > _VILLAGE_FAR_KM:
                out[k] = Raw(r.start, r.end, r.type, r.sentence, r.source, None)
        elif r.entry is None and len(found) > 1 and anchors:
            near = [(min(_km(c.place.lat, c.place.lon, a, b) for a, b in points), c) for c in found] if points else []
            near = [(d, c) for d, c in near if d <= _VILLAGE_KM]
            inside = [c for c in found if c.place.country in countries]
            best = min(near, key=lambda x: x[0])[1] if near else inside[0] if len(inside) == 1 else None
            if best is not None:
                out[k] = Raw(r.start, r.end, r.type, r.sentence, r.source, best)
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(a))


def find_entities(text: str, sentences: list[Sentence], lang: str | None) -> list[Entity]:
    """One Entity per canonical entity in the article, with all its mentions."""
    if lang not in HANDLED or not text or not sentences:
        return []
    raws = find_spans(text, sentences, lang)
    raws = [r for r in raws if text[r.start : r.end].strip()]
    return build_entities(text, raws, lang)


# -- evaluation helper ---------------------------------------------------------------------

def tag_token_lists(sentences: list[list[str]], rules: bool = True, lang: str = "de",
                    docs: list[int] | None = None) -> list[set[tuple[int, int, str]]]:
    """Token spans ``(start, end_exclusive, type)`` for pre-tokenised sentences (GermEval).

    Sentences with the same ``docs`` number are analysed as one article, with the document
    pass (one type per name, surnames propagated) that articles get at run time; without
    ``docs`` each sentence is an article of its own (GermEval's sentences are from unrelated
    pages). Spans that do not fall on token boundaries (compound parts) are not
    representable and left out.
    """
    docs = list(range(len(sentences))) if docs is None else docs
    built = [_sentence_of(words, lang) for words in sentences]
    spans_all = _model_spans([sent.tokens for _, sent in built], lang)
    out: list[set[tuple[int, int, str]]] = [set() for _ in sentences]
    i = 0
    while i < len(sentences):
        j = i
        while j < len(sentences) and docs[j] == docs[i]:
            j += 1
        _tag_document(built[i:j], spans_all[i:j], out, i, rules, lang)
        i = j
    return out


def _sentence_of(words: list[str], lang: str) -> tuple[str, Sentence]:
    """A sentence's text and tokens, rebuilt from its words (one space between words)."""
    # English gold files hold SoMaJo's tokens, which split "Kassym-Jomart" at the hyphen: the
    # text is rebuilt as written, so the model and the rules see what they see at run time
    glued = glued_hyphens(words) if lang == "en" else [False] * len(words)
    toks, pos, text = [], 0, ""
    for w, g in zip(words, glued, strict=True):
        if toks and not g:
            pos, text = pos + 1, text + " "
        toks.append(Token(w, pos, pos + len(w), w.lower()))
        pos, text = pos + len(w), text + w
    return text, Sentence(0, 0, pos, toks)


def _tag_document(part: list[tuple[str, Sentence]], spans: list[list[tuple[int, int, str]]],
                  out: list[set[tuple[int, int, str]]], first: int, rules: bool, lang: str) -> None:
    """Analyse consecutive sentences as one text (a newline between them) and put each span
    back on its sentence's token indices."""
    text, sents, offset = "", [], 0
    for n, (sent_text, sent) in enumerate(part):
        toks = [Token(t.text, t.start + offset, t.end + offset, t.lemma) for t in sent.tokens]
        sents.append(Sentence(n, offset, offset + len(sent_text), toks))
        text += sent_text + "\n"
        offset += len(sent_text) + 1
    keep = [k for k, s in enumerate(sents) if s.tokens]
    if not keep:
        return
    raws = find_spans(text, [sents[k] for k in keep], lang, rules=rules, document=rules,
                      model_spans=[spans[k] for k in keep])
    by_start = {t.start: (k, i) for k, s in enumerate(sents) for i, t in enumerate(s.tokens)}
    by_end = {t.end: (k, i) for k, s in enumerate(sents) for i, t in enumerate(s.tokens)}
    for r in raws:
        a, b = by_start.get(r.start), by_end.get(r.end)
        if a is not None and b is not None and a[0] == b[0]:
            out[first + a[0]].add((a[1], b[1] + 1, r.type))
