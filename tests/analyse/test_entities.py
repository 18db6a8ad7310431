"""Entities: German NER + gazetteer rules + canonical, language-independent keys."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyse import entities
from storyline.analyse import spans as span_rules
from storyline.analyse.canonical import Raw, build_entities, skeleton
from storyline.analyse.sentences import split
from storyline.ingest.textfile import read_text_file
from storyline.types import Token

from _support import SEEDS

# canonical entity -> (key, type); each must be found once in every seed article that names it
EXPECTED = {
    "Putin": ("per:vladimir-putin", "PER"),
    "Schoigu": ("per:sergei-shoigu", "PER"),
    "Tokajew": ("per:kasym-tokaev", "PER"),
    "Massimow": ("per:karim-masimov", "PER"),
    "Nasarbajew": ("per:nursultan-nasarbaev", "PER"),
    "Peskow": ("per:dmitry-peskov", "PER"),
    "Mamin": ("per:askar-mamin", "PER"),
    "Kasachstan": ("loc:iso:KZ", "LOC"),
    "Almaty": ("loc:geonames:1526384", "LOC"),
    "Russland": ("loc:iso:RU", "LOC"),
    "Belarus": ("loc:iso:BY", "LOC"),
    "Armenien": ("loc:iso:AM", "LOC"),
    "Tadschikistan": ("loc:iso:TJ", "LOC"),
    "Kirgistan": ("loc:iso:KG", "LOC"),
    "Moskau": ("loc:geonames:524901", "LOC"),
    "China": ("loc:iso:CN", "LOC"),
    "Österreich": ("loc:iso:AT", "LOC"),
    "OVKS": ("org:csto", "ORG"),
}
# the surface forms under which each entity occurs in the seed texts (whole words / compound heads)
FORMS = {
    "Putin": ["Putin"], "Schoigu": ["Schoigu"], "Tokajew": ["Tokajew", "Tokajews"],
    "Massimow": ["Massimow"], "Nasarbajew": ["Nasarbajew"], "Peskow": ["Peskow"], "Mamin": ["Mamin"],
    "Kasachstan": ["Kasachstan", "Kasachstans"], "Almaty": ["Almaty"], "Russland": ["Russland", "Russlands"],
    "Belarus": ["Belarus"], "Armenien": ["Armenien"], "Tadschikistan": ["Tadschikistan"],
    "Kirgistan": ["Kirgistan"], "Moskau": ["Moskau"], "China": ["China"], "Österreich": ["Österreich"],
    "OVKS": ["OVKS"],
}


def _analyse(path):
    article = read_text_file(path)
    body = article.text
    return body, entities.find_entities(body, split(body, "de"), "de")


@pytest.fixture(scope="module")
def seeds():
    return {p.name: _analyse(p) for p in sorted(SEEDS.glob("*.txt"))}


def _occurrences(body: str, form: str) -> set[int]:
    """Start offsets of ``form`` as a word or as the head of a hyphen compound."""
    import re

    return {m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w])", body)}


def test_seed_entities_once_with_all_mentions(seeds):
    assert len(seeds) == 2
    seen_somewhere = set()
    for name, (body, ents) in seeds.items():
        keys = Counter(e.key for e in ents)
        assert all(n == 1 for n in keys.values()), f"{name}: duplicate keys {keys}"
        by_key = {e.key: e for e in ents}
        for canon, (key, etype) in EXPECTED.items():
            starts = set().union(*(_occurrences(body, f) for f in FORMS[canon]))
            if not starts:
                assert key not in by_key, f"{name}: {key} invented"
                continue
            seen_somewhere.add(canon)
            assert key in by_key, f"{name}: {canon} ({key}) missing; got {sorted(by_key)}"
            ent = by_key[key]
            assert ent.type == etype
            mention_starts = set()
            for m in ent.mentions:
                assert body[m.start : m.end] == m.text
                # a mention may start with the form ("Tokajew") or contain it ("Kassym-Schomart Tokajew")
                mention_starts.update(s for s in starts if m.start <= s < m.end)
            assert mention_starts == starts, f"{name}: {canon} mentions {[m.text for m in ent.mentions]}"
    assert seen_somewhere == set(EXPECTED)


def test_mentions_are_exact_and_in_their_sentence(seeds):
    for body, ents in seeds.values():
        sents = split(body, "de")
        for e in ents:
            assert e.type in ("PER", "LOC", "ORG", "MISC")
            for m in e.mentions:
                assert body[m.start : m.end] == m.text
                s = sents[m.sentence]
                assert s.start <= m.start and m.end <= s.end


def test_titles_stripped_and_full_names(seeds):
    _, ents = seeds["002_308e1ab380b049a5.txt"]
    by_key = {e.key: e for e in ents}
    assert by_key["per:dmitry-peskov"].name == "Dmitri Peskow"  # not "Kremlsprecher Dmitri Peskow"
    assert by_key["per:kasym-tokaev"].name == "Kassym-Schomart Tokajew"
    texts = [m.text for m in by_key["per:kasym-tokaev"].mentions]
    assert "Tokajews" in texts and not any("Präsident" in t or "Staatschef" in t for t in texts)


def test_compound_gives_exact_org_span(seeds):
    for body, ents in seeds.values():
        ovks = next(e for e in ents if e.key == "org:csto")
        for m in ovks.mentions:
            assert m.text in ("OVKS", "Organisation des Vertrags über kollektive Sicherheit")
        for compound in ("OVKS-Truppen", "OVKS-Partnerstaaten", "OVKS-Angaben"):
            at = body.find(compound)
            if at >= 0:
                assert any(m.start == at and m.end == at + 4 for m in ovks.mentions), compound


def test_adjectives_are_not_places(seeds):
    for _, ents in seeds.values():
        for e in ents:
            for m in e.mentions:
                assert not m.text[:1].islower(), m
                assert "kasachisch" not in m.text.lower() and "russisch" not in m.text.lower()


def test_places_have_gazetteer_facts(seeds):
    _, ents = seeds["002_308e1ab380b049a5.txt"]
    by_key = {e.key: e for e in ents}
    almaty = by_key["loc:geonames:1526384"].place
    assert almaty.country == "KZ" and abs(almaty.lat - 43.25) < 0.1 and abs(almaty.lon - 76.9) < 0.1
    assert by_key["loc:iso:KG"].place.country == "KG"
    assert by_key["loc:geonames:524901"].place.country == "RU"


@pytest.mark.parametrize("a,b", [("Tokajew", "Tokayev"), ("Tokajew", "Tokaev"), ("Schoigu", "Shoigu"),
                                 ("Nasarbajew", "Nazarbayev"), ("Peskow", "Peskov"), ("Massimow", "Masimov"),
                                 ("Gorbatschow", "Gorbachev"), ("Selenskyj", "Zelensky"), ("Lawrow", "Lavrov")])
def test_transliteration_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


def test_transliterations_link_across_languages():
    de = "Der Präsident Kassym-Schomart Tokajew bat die OVKS um Hilfe. Tokajews Gegner schwiegen."
    en = "Kazakh President Kassym-Jomart Tokayev asked the CSTO for help."
    ents_de = {e.key: e for e in entities.find_entities(de, split(de, "de"), "de")}
    ents_en = {e.key: e for e in entities.find_entities(en, split(en, "en"), "en")}
    assert "per:kasym-tokaev" in ents_de and "per:kasym-tokaev" in ents_en
    assert "org:csto" in ents_de and "org:csto" in ents_en
    assert [m.text for m in ents_en["per:kasym-tokaev"].mentions] == ["Kassym-Jomart Tokayev"]
    assert len(ents_de["per:kasym-tokaev"].mentions) == 2


def test_countries_one_key_in_both_languages():
    de = "Kasachstan grenzt an Russland und Kirgistan. Weißrussland heißt heute Belarus."
    en = "Kazakhstan borders Russia and Kyrgyzstan."
    keys_de = {e.key for e in entities.find_entities(de, split(de, "de"), "de")}
    keys_en = {e.key for e in entities.find_entities(en, split(en, "en"), "en")}
    assert {"loc:iso:KZ", "loc:iso:RU", "loc:iso:KG", "loc:iso:BY"} <= keys_de
    assert {"loc:iso:KZ", "loc:iso:RU", "loc:iso:KG"} <= keys_en
    by = [e for e in entities.find_entities(de, split(de, "de"), "de") if e.key == "loc:iso:BY"]
    assert len(by) == 1 and [m.text for m in by[0].mentions] == ["Weißrussland", "Belarus"]


def test_empty_and_unsupported():
    assert entities.find_entities("", [], "de") == []
    assert entities.find_entities("   \n", split("   \n", "de"), "de") == []
    text = "Le président Tokaïev a demandé l'aide de l'OTSC."
    assert entities.find_entities(text, split(text, "de"), "fr") == []
    assert entities.find_entities(text, split(text, "de"), None) == []


def test_long_single_line_text_does_not_crash():
    unit = "Präsident Tokajew sprach in Almaty mit der OVKS über Kasachstan und Russland "
    text = unit * (60_000 // len(unit))  # one 60 kB line (5 MB takes minutes, mostly in SoMaJo)
    sentences = split(text, "de")
    t0 = time.perf_counter()
    ents = entities.find_entities(text, sentences, "de")
    assert time.perf_counter() - t0 < 20
    by_key = {e.key: e for e in ents}
    assert {"per:tokaev", "loc:iso:KZ", "org:csto"} <= set(by_key)
    for e in ents:
        for m in e.mentions[:50]:
            assert text[m.start : m.end] == m.text


def test_the_vocabulary_a_long_run_accumulates_is_bounded(monkeypatch):
    """spaCy never forgets a word form; past the bound the pipeline is reloaded, same output."""
    text = "Kremlsprecher Dmitri Peskow sagte in Moskau, die OVKS-Truppen verließen Kasachstan."
    sents = split(text, "de")
    before = entities.find_entities(text, sents, "de")
    first = entities.model()
    monkeypatch.setattr(entities, "_MAX_STRINGS", len(first.vocab.strings) - 1)
    longer = text + " Zusätzliche Wörter wie Quittenmarmelade."
    entities.find_entities(longer, split(longer, "de"), "de")
    monkeypatch.setattr(entities, "_MAX_STRINGS", 10**9)
    assert entities.model() is not first  # reloaded
    after = entities.find_entities(text, sents, "de")
    assert [(e.key, e.type, [(m.start, m.end) for m in e.mentions]) for e in after] == \
        [(e.key, e.type, [(m.start, m.end) for m in e.mentions]) for e in before]


# -- issue 17: precision on news, full-name person keys ------------------------------------

def _ents(text: str, lang: str = "de"):
    return entities.find_entities(text, split(text, lang), lang)


def _mention_texts(ents) -> list[str]:
    return [m.text for e in ents for m in e.mentions]


def _tokens(text: str):
    return [t for s in split(text, "de") for t in s.tokens]


@pytest.mark.parametrize("words,span,label,expected", [
    ("Wie die Generalstaatsanwaltschaft am Samstag mitteilte", (2, 5), "ORG", "Generalstaatsanwaltschaft"),
    ("Dann nahm die Polizei Dutzende Demonstranten fest", (3, 5), "ORG", "Polizei"),
    ("Das Staatsfernsehen Chabar zeigte Bilder", (1, 3), "ORG", "Chabar"),
    ("Die Polizei sagte am Abend", (1, 3), "ORG", "Polizei"),
    ("Der Sender meldete am 12. Januar neue Zahlen", (1, 4), "ORG", "Sender"),
    ("Schalke 04 verlor das Spiel", (0, 2), "ORG", "Schalke 04"),
    ("Die Bank für Internationalen Zahlungsausgleich warnte", (1, 5), "ORG", "Bank für Internationalen Zahlungsausgleich"),
    ("Er wohnt in Frankfurt am Main seit Jahren", (3, 6), "LOC", "Frankfurt am Main"),
    # administrative words and years are not part of the name (GermEval), a programme keeps its year
    ("Die Schulen im Landkreis Gersfeld bleiben zu", (3, 5), "LOC", "Gersfeld"),
    ("Das Königreich Bayern entstand 1806", (1, 3), "LOC", "Bayern"),
    ("Danach siegte Stuttgart 2002 erneut", (2, 4), "LOC", "Stuttgart"),
    ("Das Programm Zoll 2000 läuft aus", (2, 4), "MISC", "Zoll 2000"),
    ("Der IC 2083 fällt heute aus", (1, 3), "LOC", "IC 2083"),
    ("Zwölf Verletzte kamen ins Krankenhaus", (0, 2), "ORG", None),
])
def test_spans_stop_at_dates_numbers_and_verbs(words, span, label, expected):
    toks = _tokens(words)
    cut = span_rules.clip(toks, *span, label)
    if expected is None:
        assert cut is None
        return
    s, e = cut
    assert words[toks[s].start : toks[e - 1].end] == expected


def test_a_span_of_only_a_date_or_count_is_dropped():
    toks = _tokens("Am Samstag kamen Dutzende")
    assert span_rules.clip(toks, 1, 2, "ORG") is None
    assert span_rules.clip(toks, 3, 4, "ORG") is None


def test_news_sentences_keep_names_apart_from_their_neighbours():
    text = ("Wie die Generalstaatsanwaltschaft am Samstag mitteilte, nahm die Polizei Dutzende Demonstranten fest. "
            "Das Staatsfernsehen Chabar zeigte am Abend Bilder aus Almaty.")
    found = _mention_texts(_ents(text))
    assert not any(w in m for m in found for w in ("Samstag", "Dutzende", "Staatsfernsehen", "Abend")), found
    assert "Almaty" in found


def test_auf_bitten_is_no_person():
    text = "Die Friedenstruppen waren auf Bitten der Regierung in Astana ins Land gekommen."
    assert "Bitten" not in _mention_texts(_ents(text))
    toks = _tokens(text)
    at = next(i for i, t in enumerate(toks) if t.text == "Bitten")
    assert span_rules.in_fixed_phrase(toks, at, at + 1)


def test_cockpit_is_the_union_only_where_the_union_is_named():
    union = ("Die Vereinigung Cockpit rief die Piloten der Lufthansa zum Streik auf. "
             "Cockpit fordert höhere Gehälter, im Cockpit bleibt es am Freitag leer.")
    by_key = {e.key: e for e in _ents(union)}
    assert [m.text for m in by_key["org:vereinigung-cockpit"].mentions] == ["Vereinigung Cockpit", "Cockpit"]
    assert by_key["org:vereinigung-cockpit"].type == "ORG"
    plain = "Im Cockpit saßen zwei erfahrene Piloten, als die Maschine in Frankfurt landete."
    assert "Cockpit" not in _mention_texts(_ents(plain))


def test_common_nouns_are_not_names():
    text = ("Die Erde bebte am Morgen in den Bayerischen Alpen. Der Zug blieb auf der Strecke zwischen "
            "München und Garmisch-Partenkirchen liegen, die Strecke bleibt bis Montag gesperrt.")
    found = _mention_texts(_ents(text))
    assert not {"Erde", "Zug", "Strecke"} & set(found), found
    assert "München" in found


def test_the_train_is_not_the_swiss_town():
    train = "Im Zug nach Garmisch-Partenkirchen saßen 60 Fahrgäste, der Zug entgleiste bei Burgrain."
    assert "loc:geonames:2657908" not in {e.key for e in _ents(train)}
    # the linker on a place span the model found, whatever the model's recall: a name after "in"
    town = "In Zug tagte am Montag der Stadtrat des gleichnamigen Kantons."
    toks = _tokens(town)
    linked = entities._model_raw(town, toks, 1, 2, "LOC", 0, "de")
    assert linked is not None and linked.entry.key == "loc:geonames:2657908"
    toks = _tokens(train)
    at = [i for i, t in enumerate(toks) if t.text == "Zug"]
    assert all(entities._model_raw(train, toks, i, i + 1, "LOC", 0, "de") is None for i in at)
    assert not span_rules.is_place_in_context(toks, at[0], at[0] + 1, "de")
    # nor is a German noun a big city's alternate name by rule ("Kantons" is also Canton, Guangzhou)
    assert "loc:geonames:1809858" not in {e.key for e in _ents(town)}


def _person_entities(text: str, names: list[str]) -> dict[str, list[str]]:
    """build_entities over hand-placed PER mentions: keys -> mention texts (no model involved)."""
    raws, pos = [], 0
    for name in names:
        at = text.index(name, pos)
        raws.append(Raw(at, at + len(name), "PER", 0, "model"))
        pos = at + len(name)
    return {e.key: [m.text for m in e.mentions] for e in build_entities(text, raws, "de")}


def test_full_name_keys_keep_two_people_with_one_surname_apart():
    text = "Helmut Schmidt traf Harald Schmidt in Hamburg. Schmidt sagte danach nichts."
    keys = _person_entities(text, ["Helmut Schmidt", "Harald Schmidt", "Schmidt"])
    assert keys == {"per:helmut-shmidt": ["Helmut Schmidt"], "per:harald-shmidt": ["Harald Schmidt"],
                    "per:shmidt": ["Schmidt"]}  # two candidates: the surname is left unresolved


def test_a_surname_resolves_to_the_one_full_name_of_the_article():
    text = "Bundeskanzler Olaf Scholz reiste nach Kiew. Scholz sagte, Scholz' Besuch sei lange geplant gewesen."
    keys = _person_entities(text, ["Olaf Scholz", "Scholz", "Scholz"])
    assert keys == {"per:olaf-shols": ["Olaf Scholz", "Scholz", "Scholz"]}
    alone = "Scholz sagte am Montag, er sei zufrieden."
    assert _person_entities(alone, ["Scholz"]) == {"per:shols": ["Scholz"]}


@pytest.mark.parametrize("de,en", [("Wolodymyr Selenskyj", "Volodymyr Zelensky"),
                                   ("Kassym-Schomart Tokajew", "Kassym-Jomart Tokayev"),
                                   ("Sergej Lawrow", "Sergey Lavrov"), ("Dmitri Peskow", "Dmitry Peskov")])
def test_full_name_keys_agree_across_transliterations(de, en):
    assert list(_person_entities(f"Heute sprach {de}.", [de])) == list(_person_entities(f"Today {en} spoke.", [en]))


def test_english_hyphenated_names_are_one_word_for_the_model():
    text = "German police said a train derailed near Garmisch-Partenkirchen in the Bavarian Alps on Friday."
    toks = [t for s in split(text, "en") for t in s.tokens]
    words = ["".join(t.text for t in toks[a:b]) for a, b in entities._hyphen_words(toks)]
    assert "Garmisch-Partenkirchen" in words and "-" not in words
    by_text = {m.text: e for e in _ents(text, "en") for m in e.mentions}
    assert by_text["Garmisch-Partenkirchen"].type == "LOC"
    assert by_text["Bavarian Alps"].type == "LOC"
    assert "German" not in by_text  # a nationality adjective, not a name


def test_a_village_is_a_place_not_an_organisation():
    """Issue #17 found *Oberau* (a village) tagged as an organisation. It is never one now; each
    sentence on its own names it as a place (the village gazetteer), and the article puts it on the
    map: two villages are called Oberau, and the one beside Garmisch-Partenkirchen is meant."""
    sentences = ["Der Regionalzug entgleiste am Freitag bei Oberau im Landkreis Garmisch-Partenkirchen.",
                 "Zwischen Oberau und Farchant ist die Strecke gesperrt, teilte die Deutsche Bahn mit."]
    for text in sentences:
        types = {m.text: e.type for e in _ents(text) for m in e.mentions}
        assert types.get("Oberau") in (None, "LOC"), (text, types)
    assert {m.text: e.type for e in _ents(sentences[0]) for m in e.mentions}.get("Oberau") == "LOC"
    article = {m.text: e for e in _ents(" ".join(sentences)) for m in e.mentions}
    assert article["Oberau"].type == "LOC" and article["Farchant"].type == "LOC", article
    assert article["Oberau"].key == "loc:geonames:2861384"  # Oberau (Bavaria), not Oberau (Tyrol)
    assert article["Oberau"].place.country == "DE"


@pytest.mark.parametrize("text,name,key", [
    # a village the model never saw, after "in"/"aus"/"bei" or before "im Landkreis"
    ("In Rehden im Landkreis Diepholz hat ein Großbrand einen Schweinestall zerstört.", "Rehden",
     "loc:geonames:2849369"),
    ("Der Textilhersteller aus Burladingen stellt jetzt Schutzmasken her.", "Burladingen", "loc:geonames:2940977"),
    ("Wir wollen im Sommer eine Woche in Brienz verbringen.", "Brienz", "loc:geonames:2661398"),
    # two places share the name and the article gives no hint: a place, but on no map
    ("In Oberau wurde am Sonntag ein neuer Bürgermeister gewählt.", "Oberau", "loc:oberau"),
])
def test_villages_are_places(text, name, key):
    ents = {m.text: e for e in _ents(text) for m in e.mentions}
    assert ents[name].type == "LOC" and ents[name].key == key, ents


def test_a_village_name_is_only_a_place_where_a_place_is_meant():
    """The table holds villages called *Übersee*, *Welt*, *Mitte* and *Zoo*: the words stay words."""
    text = ("Die Firma liefert ihre Maschinen nach Übersee. Sie ist in Mitte des Jahres umgezogen und "
            "bekannt in Welt und Zoo.")
    assert not [e for e in _ents(text) if e.type == "LOC"]
    ambiguous = "Bei Oberau in Tirol brannte ein Stall. Die Feuerwehr aus Oberau rückte aus."
    ents = {m.text: e for e in _ents(ambiguous) for m in e.mentions}
    assert ents["Oberau"].place.country == "AT"  # the article's country picks the Tyrolean one


def test_gold_tokens_are_rejoined_as_written():
    """`storyline eval ner --lang en` reads SoMaJo's tokens (``Kramp - Karrenbauer``); the text is
    rebuilt as written, so the model sees the words it sees at run time."""
    words = "Annegret Kramp - Karrenbauer met police in Garmisch - Partenkirchen – a first .".split()
    glued = entities.glued_hyphens(words)
    groups = entities.hyphen_groups(words, glued)
    assert ["".join(words[a:b]) for a, b in groups] == [
        "Annegret", "Kramp-Karrenbauer", "met", "police", "in", "Garmisch-Partenkirchen", "–", "a", "first", "."]


@pytest.mark.parametrize("word,label", [
    ("Uran-Produzent", "LOC"), ("ZDF-Historiker", "ORG"), ("Lufthansa-Maschine", "ORG"),  # a noun with a name in it
    ("Weideflächen", "LOC"), ("Zugmaschinen", "ORG"), ("Klischees", "LOC"),  # inflected dictionary nouns
    ("Verletzte", "PER"), ("Rechtsanwalt", "PER"),  # common nouns, no listed names
])
def test_common_nouns_tagged_by_the_model_are_dropped(word, label):
    """Words the model tagged on real news (the seed story, held-out GermEval/SmartData)."""
    assert span_rules.is_not_a_name(word, label)
    text = f"Am Montag war von {word} die Rede."
    toks = _tokens(text)
    at = next(i for i, t in enumerate(toks) if t.text == word)
    assert entities._model_raw(text, toks, at, at + 1, label, 0, "de") is None


@pytest.mark.parametrize("word,label", [
    ("EU-Kommission", "ORG"), ("Rheinland-Pfalz", "LOC"), ("Hamburg-Altona", "LOC"), ("Hans-Sutter-Gasse", "LOC"),
    ("Öresund-Brücke", "LOC"), ("Herford-Ost", "LOC"), ("Fischer", "PER"), ("Keller", "PER"), ("Tatjana", "PER"),
    ("Commerzbank", "ORG"), ("Bundesrat", "ORG"),
])
def test_names_that_look_like_nouns_stay(word, label):
    assert not span_rules.is_not_a_name(word, label)


def test_the_seed_story_has_no_noun_entities(seeds):
    """The noise the previous round's golden output showed: "Uran-Produzent" as a place,
    "Ex-Langzeit-Herrscher" as an organisation, "Verletzte" as a person, "Treibstoffpreisen" as a place."""
    found = {m.text for _, ents in seeds.values() for e in ents for m in e.mentions}
    assert not {"Uran-Produzent", "Ex-Langzeit-Herrscher", "Verletzte", "Treibstoffpreisen"} & found
    assert {"Kasachstan", "OVKS"} <= found


def test_german_austrian_and_swiss_states_are_places_in_their_country():
    from storyline.analyse import gazetteer as gz
    from storyline.analyse.places import within

    assert gz.lookup("Rheinland-Pfalz", "de").key == "loc:iso:DE-RP"
    assert gz.lookup("Bayern", "de").key == gz.lookup("Bavaria", "en").key == "loc:iso:DE-BY"
    assert gz.lookup("Waadt", "de").key == gz.lookup("Vaud", "en").key == "loc:iso:CH-VD"
    assert gz.lookup("Berlin", "de").key.startswith("loc:geonames:")  # the city, not the state
    assert within("loc:iso:DE-BY", "loc:iso:DE") and not within("loc:iso:DE-BY", "loc:iso:AT")
    text = "In Rheinland-Pfalz und in Bayern blieben die Schulen am Montag geschlossen."
    keys = {e.key for e in _ents(text)}
    assert {"loc:iso:DE-RP", "loc:iso:DE-BY"} <= keys


def test_a_nationality_and_a_title_before_a_name_leave_the_person():
    text = "Australian Cardinal George Pell is escorted from the Supreme Court of Victoria in Melbourne."
    types = {m.text: e.type for e in _ents(text, "en") for m in e.mentions}
    assert types.get("George Pell") == "PER" and "Australian Cardinal George Pell" not in types
    navy = "The Indian Navy arrested 23 suspected pirates in the Gulf of Aden."
    assert {m.text: e.type for e in _ents(navy, "en") for m in e.mentions}.get("Indian Navy") == "ORG"


def test_english_articles_and_nationalities_are_no_part_of_names():
    toks = [t for s in split("The World Health Organization met in The Hague.", "en") for t in s.tokens]
    s, e = span_rules.clip(toks, 0, 4, "ORG")
    assert [t.text for t in toks[s:e]] == ["World", "Health", "Organization"]
    s, e = span_rules.clip(toks, 6, 8, "LOC")
    assert [t.text for t in toks[s:e]] == ["The", "Hague"]  # the gazetteer's name keeps its article
    assert entities._is_demonym("Palestinian") and entities._is_demonym("Bavarian")


def test_title_case_headline_words_are_no_names():
    for text, junk in [("Woman Killed In Bloomington Hit And Run At Sam's Club", "Woman Killed"),
                       ("Spanish PM: Worst Yet To Come", "Worst Yet To Come")]:
        toks = [t for s in split(text, "en") for t in s.tokens]
        assert span_rules.is_headline(toks)
        n = len(junk.split())
        at = next(i for i in range(len(toks)) if " ".join(t.text for t in toks[i:i + n]) == junk)
        assert span_rules.is_headline_phrase(toks, at, at + n)
    head = "Ellen DeGeneres Set As Oscars Host For 2014 Academy Awards"
    assert "Ellen DeGeneres" in {m.text for e in _ents(head, "en") for m in e.mentions}
    toks = [t for s in split(head, "en") for t in s.tokens]
    assert not span_rules.is_headline_phrase(toks, 0, 2)  # a name, not ordinary words
    # running text is no headline, whatever its names
    plain = [t for s in split("Police said the Supreme Court of Victoria met in Melbourne on Friday.", "en")
             for t in s.tokens]
    assert not span_rules.is_headline(plain)


def test_wars_are_one_misc_entity_across_languages():
    de = "Nach dem Zweiten Weltkrieg wurde die Stadt wieder aufgebaut, die Folgen des Zweiten Weltkrieges blieben."
    en = "He was a veteran of World War II and lived in Bedfordshire."
    keys_de = {e.key: (e.type, [m.text for m in e.mentions]) for e in _ents(de)}
    assert keys_de["misc:world-war-2"] == ("MISC", ["Zweiten Weltkrieg", "Zweiten Weltkrieges"])
    assert "misc:world-war-2" in {e.key for e in _ents(en, "en")}


def test_a_countrys_possessive_is_not_part_of_the_name():
    text = "Australia's High Court today delayed judgment in the appeal."
    types = {m.text: e.type for e in _ents(text, "en") for m in e.mentions}
    assert types.get("Australia") == "LOC" and types.get("High Court") == "ORG"
    club = "A woman was struck outside the Sam's Club in Bloomington."
    assert "Sam's Club" in {m.text for e in _ents(club, "en") for m in e.mentions}


def test_events_are_no_model_input_class():
    """The models were trained with events unknown to the gazetteer: their words stay ``-``."""
    from storyline.analyse import gazetteer as gz

    assert gz.token_features(["Im", "Zweiten", "Weltkrieg", "lag", "Bayern", "in", "Trümmern"])[1:5] == \
        ["-", "-", "-", "CTRY"]


def test_the_greens_are_a_party_but_not_the_countryside():
    """Real news (semeval_de): the committed model missed *Grünen* ten times in 44 articles."""
    party = "Die Regierung aus ÖVP und den Grünen in Österreich hat sich auf ein Budget geeinigt."
    keys = {e.key: [m.text for m in e.mentions] for e in _ents(party)}
    assert keys.get("org:greens") == ["Grünen"] and "org:ovp" in keys
    assert not [e for e in _ents("Am Sonntag zog es viele Berliner ins Grüne und im Grünen wurde gegrillt.")
                if e.key == "org:greens"]
    assert not [e for e in _ents("Grüne Energie wird teurer.") if e.key == "org:greens"]


def test_public_broadcasters_and_the_rki_are_organisations():
    text = "Das Robert Koch-Institut meldete am Montag 1200 neue Fälle, wie ARD und ZDF berichteten. Das RKI rät ab."
    keys = {e.key: e.type for e in _ents(text)}
    assert keys.get("org:rki") == "ORG" and keys.get("org:ard") == "ORG" and keys.get("org:zdf") == "ORG"


def test_a_run_of_plural_nouns_is_no_organisation():
    """The seed story: "als eine massive Erhöhung der Treibstoffpreise Proteste ausgelöst hatte"."""
    text = "Zu den Unruhen kam es, als eine massive Erhöhung der Treibstoffpreise Proteste ausgelöst hatte."
    assert not [m.text for e in _ents(text) for m in e.mentions if "Proteste" in m.text]
    assert span_rules.is_noun_run(["Treibstoffpreise", "Proteste"])
    assert not span_rules.is_noun_run(["Vereinigten", "Staaten"]) and not span_rules.is_noun_run(["Europäischen", "Parlaments"])


def test_a_speaker_after_a_verb_of_saying_is_a_person():
    """Real news (semeval_de): surnames the model never saw, after "sagt" and "so"."""
    text = '"Wir rechnen mit einem harten Winter", sagt Gantner. Die Betriebe seien vorbereitet, so Wollseifer.'
    people = {m.text for e in _ents(text) if e.type == "PER" for m in e.mentions}
    assert {"Gantner", "Wollseifer"} <= people
    assert not {m.text for e in _ents("Das sei richtig, sagte Polizeisprecher Müller.") for m in e.mentions} & {
        "Polizeisprecher"}


def test_a_role_between_als_and_von_is_no_person():
    """The seed story: *Massimow galt als Protegé von Präsident Tokajews Vorgänger* made a person
    *Protegé*; the people around it stay."""
    text = "Massimow galt als Protegé von Präsident Tokajews Vorgänger Nursultan Nasarbajew."
    names = {m.text for e in _ents(text) for m in e.mentions}
    assert "Protegé" not in names and "Nursultan Nasarbajew" in names
    toks = _tokens("Er galt als Protegé von Präsident Tokajew .")
    assert span_rules.is_predicate_noun(toks, 3, 4) and not span_rules.is_predicate_noun(toks, 6, 7)


def test_an_administrative_compound_before_a_known_place_is_cut():
    text = "In der Millionenstadt Almaty kam es zu Protesten."
    assert "Almaty" in {m.text for e in _ents(text) if e.type == "LOC" for m in e.mentions}
    assert "Millionenstadt Almaty" not in {m.text for e in _ents(text) for m in e.mentions}


def test_german_institutions_media_and_firms_are_organisations():
    """The alias table's German-language bodies, newsrooms and companies (new in the fourth round)."""
    text = ("Das hat der Bundesrat beschlossen. PARIS (dpa-AFX) - Die Société Générale hat Infineon "
            "von Sell auf Hold hochgestuft. Helfer des Technischen Hilfswerks befreiten den Fahrer.")
    orgs = {m.text: e.key for e in _ents(text) if e.type == "ORG" for m in e.mentions}
    assert orgs.get("Bundesrat") == "org:bundesrat" and orgs.get("dpa-AFX") == "org:dpa-afx"
    assert orgs.get("Infineon") == "org:infineon" and orgs.get("Technischen Hilfswerks") == "org:thw"


def test_a_council_before_a_name_is_a_title():
    """Swiss usage: *Bundesrat Hans-Rudolf Merz* is the minister, not the council (GermEval test.tsv)."""
    ents = {m.text: e for e in _ents("Bundesrat Hans-Rudolf Merz und Finanzminister Peer Steinbrück trafen sich.")
            for m in e.mentions}
    assert "Bundesrat" not in ents and not [e for e in ents.values() if e.type == "ORG"]
    assert ents["Hans-Rudolf Merz"].type == "PER"


def test_a_paper_named_like_a_noun_is_the_paper_only_where_named_in_full():
    """*Zeit*, *Welt*, *Bild* are words; the article that cites *Die Zeit* makes *Zeit* the paper."""
    assert not [e for e in _ents("Es ist keine Zeit zu verlieren, sagte sie der Welt.") if e.type == "ORG"]
    text = "Das berichtet die Zeitung Die Zeit. Laut Zeit wurde der Vertrag verlängert."
    keys = {m.text: e.key for e in _ents(text) for m in e.mentions}
    assert keys.get("Die Zeit") == "org:zeit" and keys.get("Zeit") == "org:zeit", keys


@pytest.mark.parametrize("text,lang,name", [
    ("LIVERPOOL - Fußballtrainer werden in der Krise zu Psychologen.", "de", "LIVERPOOL"),
    ("PARIS (dpa-AFX) - Die Bank hat ihre Prognose gesenkt.", "de", "PARIS"),
    ("Russian jets pound rebels in Aleppo: video BEIRUT, LEBANON (Reuters) - Russian jets struck.", "en", "BEIRUT"),
])
def test_a_dateline_in_capitals_is_a_place(text, lang, name):
    ents = {m.text: e for e in _ents(text, lang) for m in e.mentions}
    assert ents[name].type == "LOC" and ents[name].key.startswith("loc:geonames:"), ents
    assert not [e for e in _ents("WHO, UNO und NATO berieten.", "de") if e.type == "LOC"]


def test_a_town_that_is_also_a_noun_is_a_place_after_in():
    """*in Halle* is the town (the model misses it: *Halle* is a noun); *in Halle 6* of a trade fair
    is a hall."""
    assert {m.text: e.key for e in _ents("Sie wohnt seit Jahren in Halle.") for m in e.mentions} == {
        "Halle": "loc:geonames:2911522"}
    fair = "Die Kommunen sind am Gemeinschaftsstand der Region Stuttgart in Halle 6 zu finden."
    assert "Halle" not in {m.text for e in _ents(fair) for m in e.mentions}
    assert "Norden" not in {m.text for e in _ents("Die Truppen zogen nach Norden ab.") for m in e.mentions}


def test_a_village_is_linked_only_near_the_article_s_places():
    """Real traffic news (SmartData): *Bernau* on the A8 to Salzburg is Bernau am Chiemsee, not the
    Black Forest village of that bare name; *Goldberg* on the S31 to Backnang is a station near
    Stuttgart, not the town in Mecklenburg, so it stays on no map."""
    ents = {m.text: e for e in _ents("A8 München Richtung Salzburg zwischen Bernau und dem Grenzübergang "
                                     "Bad Reichenhall stockender Verkehr.") for m in e.mentions}
    assert ents["Bernau"].key == "loc:geonames:2950095"  # Bernau am Chiemsee
    ents = {m.text: e for e in _ents("S-Bahn S31 Richtung Backnang mit der nächsten Haltestelle Goldberg hat "
                                     "zehn Minuten Verspätung.") for m in e.mentions}
    assert ents["Goldberg"].type == "LOC" and ents["Goldberg"].place is None


def test_a_role_noun_alone_is_no_person():
    """Held-out German news: the model made persons of *Journalistin* and *Verbraucher*. A noun
    with a feminine form in the dictionary is a role; a surname that is such a noun (*Müller*) is
    in the name lists and stays the model's call."""
    for text in ("Erster Mai: Polizist soll Journalistin geschlagen haben.",
                 "Für die Verbraucher gibt es viel zu beachten, sagte die Sprecherin."):
        assert not [e for e in _ents(text) if e.type == "PER"], text
    assert span_rules.is_role_noun("Verbraucher") and span_rules.is_role_noun("Journalistin")
    assert not span_rules.is_role_noun("Putin") and not span_rules.is_role_noun("Martin")
    assert span_rules.is_noun_person("Journalistin") and not span_rules.is_noun_person("Müller")


def test_a_span_over_a_bracket_is_split_there():
    """Held-out German news: *Federal Reserve ( Fed*, *Universität Liége ( Belgien* came out as one
    name; a closed qualifier (*Lingen (Ems)*) belongs to the name."""
    text = "Die US-Notenbank Federal Reserve (Fed) senkte den Leitzins, wie die Universität Liége (Belgien) berichtet."
    names = {m.text for e in _ents(text) for m in e.mentions}
    assert not [n for n in names if "(" in n or ")" in n], names
    assert {"Federal Reserve", "Fed"} <= names
    toks = _tokens("Federal Reserve ( Fed ) und Lingen ( Ems )")
    assert span_rules.bracket_pieces(toks, 0, 4) == [(0, 2), (3, 4)]
    assert span_rules.bracket_pieces(toks, 6, 10) == [(6, 10)]
    assert span_rules.bracket_pieces(toks, 0, 2) == [(0, 2)]


def test_a_named_street_is_a_place_and_a_generic_one_is_not():
    """Police and local news name streets the model misses (*Ruhrstraße 211*, *Untere Pfarrstraße*,
    *Bullenhuser Damm* in the held-out German news); GermEval tags named streets as places and
    leaves *Parkplatz*, *Hauptstraße* or *Pegida-Mitläufer* (a compound ending in *-ufer*) alone."""
    text = ("Der Unfall geschah vor der Tankstelle in der Ruhrstraße 211. Die Täter flohen über die "
            "Wiener Straße und die Untere Pfarrstraße zum Bullenhuser Damm.")
    places = {m.text: e.key for e in _ents(text) if e.type == "LOC" for m in e.mentions}
    assert {"Ruhrstraße", "Wiener Straße", "Untere Pfarrstraße", "Bullenhuser Damm"} <= set(places), places
    assert places["Ruhrstraße"] == "loc:ruhrstrasse"
    plain = "Auf dem Parkplatz an der Hauptstraße sprach der Pegida-Mitläufer an der Ecke Schlüterstraße."
    assert not {m.text for e in _ents(plain) for m in e.mentions} & {
        "Parkplatz", "Hauptstraße", "Pegida-Mitläufer", "Ecke Schlüterstraße"}


def test_a_quoted_name_after_a_work_or_body_noun_is_one_entity():
    """TV-ratings and culture news (held-out German news): the title is one OTH span, not a person
    *Love Island* or the place *Auschwitz* inside *Wir, Mädchen in Auschwitz*; after *Band*,
    *Zeitschrift*, … the quoted name is an organisation (GermEval test.tsv: *Tokio Hotel*)."""
    text = ('Bei Vox sahen 0,67 Millionen die Krimiserie "Bones - Die Knochenjägerin". Ihr Buch '
            '„Wir, Mädchen in Auschwitz“ erschien 2019, die Show "Love Island" läuft weiter.')
    others = {m.text for e in _ents(text) if e.type == "MISC" for m in e.mentions}
    assert {"Bones - Die Knochenjägerin", "Wir, Mädchen in Auschwitz", "Love Island"} <= others, others
    assert "Auschwitz" not in {m.text for e in _ents(text) if e.type == "LOC" for m in e.mentions}
    band = {m.text: e.type for e in _ents('Ein Jahr nach dem Durchstarten der Magdeburger Band "Tokio Hotel" '
                                            'erschien ihr Gedichtband „Am Ende der Straße“.') for m in e.mentions}
    assert band.get("Tokio Hotel") == "ORG" and band.get("Am Ende der Straße") == "MISC", band
    glued = {m.text: e.type for e in _ents('Das sagte er der „Bild“-Zeitung über die "Pate"-Trilogie.')
             for m in e.mentions}
    assert glued.get("Bild") == "ORG" and glued.get("Pate") == "MISC", glued
    toks = _tokens("Er kam in die Brasserie „ Birdie “ und sang das Lied „ und dann “ .")
    assert span_rules.quoted_name(toks, 4) is None and span_rules.quoted_name(toks, 11) is None


def test_sports_clubs_are_organisations_with_one_key():
    """Sports news names clubs by a club form and a place (*SK Sturm Graz*, *TSV 1860 München*,
    *Hamburger SV*): GermEval tags the whole as an organisation. Before, *Sturm Graz* was the city
    of Graz, *Hertha BSC* a person, *Schalke 04* a work; the form rule and the club table make each
    one organisation, *FC Köln* and *1. FC Köln* one key, and *Bayern Munich* the same club."""
    text = ("Sturm Graz verlor gegen Rapid Wien. Beim SK Sturm Graz sagte Trainer Christian Ilzer, man habe "
            "gut gespielt. Hertha BSC schlug Schalke 04, der 1. FC Köln und der TSV 1860 München verloren, "
            "die SpVgg Hadamar gewann gegen den Naumburger SV 1905.")
    clubs = {m.text: e.key for e in _ents(text) if e.type == "ORG" for m in e.mentions}
    assert {"Sturm Graz", "SK Sturm Graz", "Rapid Wien", "Hertha BSC", "Schalke 04", "1. FC Köln",
            "TSV 1860 München", "SpVgg Hadamar", "Naumburger SV 1905"} <= set(clubs), clubs
    assert clubs["Sturm Graz"] == clubs["SK Sturm Graz"] == "org:sturm-graz"
    assert "Graz" not in {m.text for e in _ents(text) if e.type == "LOC" for m in e.mentions}
    assert {e.key for e in _ents("Der FC Köln verlor.")} == {clubs["1. FC Köln"]}
    assert {e.key for e in _ents("Bayern Munich beat Borussia Dortmund 3-1.", "en")} == {
        e.key for e in _ents("FC Bayern München schlug Borussia Dortmund.")}
    # the form ends at a title or a common noun, and a train or a lone abbreviation is no club
    toks = _tokens("Beim FC Bayern Trainer Thomas Tuchel fuhr die RB 33 , der SC gewann .")
    assert span_rules.club_name(toks, 1) == (1, 3)
    assert span_rules.club_name(toks, 8) is None and span_rules.club_name(toks, 12) is None


def test_currencies_indices_and_firms_in_business_news():
    """Business news (dpa-AFX style): *US-Dollar* is one currency, not the United States inside it
    (before, every such report listed the USA among its entities); the indices are one entity each;
    a classifier noun before a firm is not its name (*Suchmaschine Google*), and a large firm the
    model may take for a place (*Apple*) is an organisation."""
    text = ("Der Computerhersteller Apple und die Suchmaschine Google verbinden sich enger. Der DAX schloss "
            "bei 12.000 Punkten, der MDax und der SDax legten zu, der Dow Jones fiel. Apple zahlte dafür "
            "30 Millionen US-Dollar, in Hongkong-Dollar gerechnet mehr.")
    found = {m.text: (e.type, e.key) for e in _ents(text) for m in e.mentions}
    assert found["US-Dollar"][0] == "MISC" and found["Hongkong-Dollar"][0] == "MISC", found
    assert not any(key.startswith("loc:iso:US") for _, key in found.values()), found
    assert {found[n] for n in ("DAX", "MDax", "SDax", "Dow Jones")} == {
        ("MISC", "misc:dax"), ("MISC", "misc:mdax"), ("MISC", "misc:sdax"), ("MISC", "misc:dow-jones")}
    assert found["Apple"] == ("ORG", "org:apple") and found["Google"] == ("ORG", "org:google"), found
    assert "Suchmaschine Google" not in found
    # the newswire is an organisation, not the index inside its name
    wire = {m.text: e.key for e in _ents("Das meldete Dow Jones Newswires. Der Dow Jones fiel.") for m in e.mentions}
    assert wire == {"Dow Jones Newswires": "org:dow-jones-newswires", "Dow Jones": "misc:dow-jones"}, wire
    # the US inside other compounds still is the country
    assert "loc:iso:US" in {e.key for e in _ents("Der US-Präsident schwieg.")}
    assert not span_rules.is_currency_compound("Milliarden-Dollar") and span_rules.is_currency_compound("US-Dollar")


def test_a_speaker_after_a_verb_of_saying_may_be_a_dictionary_word():
    """*sagte Scharping ,* (GermEval test.tsv: 13 such surnames the dictionary knows, all persons);
    a common noun or a role there stays no person (*sagte Polizeisprecher .* is no name)."""
    toks = _tokens("Wir fahren mit der Mannschaft , sagte Scharping , der den Fahrer lobte .")
    assert span_rules.is_speaker(toks, 7)
    assert not span_rules.is_speaker(_tokens("Das sei falsch , sagte Polizeisprecher ."), 5)
    assert not span_rules.is_speaker(_tokens("Das sei falsch , sagte Zug ."), 5)
    # nouns of bodies the dictionary knows without their forms are no speakers; listed surnames are
    assert not span_rules.is_speaker(_tokens("Das sei falsch , sagte Rettung ."), 5)
    assert not span_rules.is_speaker(_tokens("Das sei falsch , so Polizei ."), 5)
    assert span_rules.is_speaker(_tokens("Das sei falsch , sagte Hartung ."), 5)


def test_unions_and_associations_have_one_key_in_both_languages():
    """Strike and aid reports: the unions and associations German news names every day are
    organisations with one key, the English name included (*Doctors Without Borders*)."""
    text = ("Die Gewerkschaft Verdi und die IG Metall riefen zum Streik auf, der DGB unterstützte sie. "
            "Auch Ärzte ohne Grenzen und das Deutsche Rote Kreuz halfen, sagte ein Sprecher des ADAC.")
    keys = {m.text: e.key for e in _ents(text) if e.type == "ORG" for m in e.mentions}
    assert {"Verdi": "org:verdi", "IG Metall": "org:ig-metall", "DGB": "org:dgb", "ADAC": "org:adac",
            "Ärzte ohne Grenzen": "org:msf", "Deutsche Rote Kreuz": "org:drk"}.items() <= keys.items(), keys
    english = {e.key for e in _ents("Doctors Without Borders and the German Red Cross sent teams.", "en")}
    assert {"org:msf", "org:drk"} <= english
    # health authorities of pandemic news, one key across the languages
    health = {m.text: e.key for e in _ents("Die US-Gesundheitsbehörde CDC und die EMA warnten, das "
                                           "Paul-Ehrlich-Institut und die Stiko auch.") for m in e.mentions}
    assert {"CDC": "org:cdc", "EMA": "org:ema", "Paul-Ehrlich-Institut": "org:pei", "Stiko": "org:stiko"}.items() \
        <= health.items(), health
    assert {"org:cdc", "org:pei"} <= {e.key for e in _ents(
        "The Centers for Disease Control and Prevention and the Paul Ehrlich Institute agreed.", "en")}


def test_a_span_of_listed_names_joined_by_and_is_those_names():
    """The model reads *Dow Jones and the S&P 500* or *in Österreich Wien* as one name; when each
    part is a name the gazetteer lists, the parts are the entities. A listed name with *and* inside
    stays whole."""
    en = {m.text: e.key for e in _ents("The Dow Jones and the S&P 500 fell, said Doctors Without Borders "
                                       "and the German Red Cross in Bosnia and Herzegovina.", "en")
          for m in e.mentions}
    assert {"Dow Jones": "misc:dow-jones", "S&P 500": "misc:sp-500", "Doctors Without Borders": "org:msf",
            "German Red Cross": "org:drk"}.items() <= en.items(), en
    assert en.get("Bosnia and Herzegovina") == "loc:iso:BA", en
    de = {m.text for e in _ents("Es ist die erste schwarz-grüne Regierung in Österreich Wien feiert.")
          for m in e.mentions}
    assert {"Österreich", "Wien"} <= de and "Österreich Wien" not in de, de
    # side by side without a joining word, a firm or party before a place is its branch
    assert not entities._joined(
        "Volkswagen China", Raw(0, 10, "ORG", 0, "rule", None), Raw(11, 16, "LOC", 0, "rule", None))


def test_english_awards_products_and_ships_are_misc():
    """The English model, trained on WikiANN (no such class), calls awards, products and ships
    organisations; the English gold's guide makes them OTH (MISC here). A committee named after a
    prize and a hall named *Windows* stay what the model says."""
    text = ("Ellen DeGeneres will host the Oscars and the Academy Awards gave Kate Winslet the Golden Globe "
            "Award. Apple unveiled the MacBook Pro and the iPhone 4S. The Indian frigate INS Sukanya foiled "
            "a piracy attempt. He received the Medal of Honor. The Prize Committee met in Windows Hall.")
    types = {m.text: e.type for e in _ents(text, "en") for m in e.mentions}
    for name in ("Oscars", "Academy Awards", "Golden Globe Award", "MacBook Pro", "iPhone 4S", "INS Sukanya",
                 "Medal of Honor"):
        assert types.get(name) == "MISC", (name, types)
    assert types.get("Apple") == "ORG" and types.get("Kate Winslet") == "PER"
    assert "The Prize" not in types and types.get("Prize Committee") != "MISC"
    # German: products and ships the same (GermEval: *Xbox 360*, *HMS Agincourt* OTH), awards left to the model
    german = {m.text: e.type for e in _ents("Microsoft verkaufte die Xbox 360, Apple das iPhone 12 Pro. Die HMS "
                                           "Agincourt lief aus.") for m in e.mentions}
    assert all(german.get(n) == "MISC" for n in ("Xbox 360", "iPhone 12 Pro", "HMS Agincourt")), german
    toks = _tokens("Nobel Prize winner Paul Krugman used Windows on his Galaxy .")
    assert span_rules.english_other(toks, 0) == (0, 2)
    assert span_rules.english_other(toks, 6) is None and span_rules.english_other(toks, 9) is None


def test_an_acronym_of_the_table_is_a_word_in_a_sentence_in_capitals():
    """*THIS IS THE END* is no Islamic State and *BUND UND LÄNDER* no environmental group; in an
    ordinary sentence the acronyms stay (*The IS fighters*, *der ADAC*)."""
    shouted = "THIS IS THE END OF THE ROAD FOR THE PARTY. The IS fighters retreated."
    assert [m.start for e in _ents(shouted, "en") if e.key == "org:islamic-state" for m in e.mentions] == [47]
    assert span_rules.is_shouting("BUND UND LÄNDER EINIGEN SICH".split())
    assert not span_rules.is_shouting("Der ADAC und der BUND warnten".split())


def test_a_name_does_not_run_from_the_headline_into_the_next_line():
    """Headlines stand on a line of their own, often without a full stop, and the sentence splitter
    joins them to the next line: *Wladimir N.* and *Polizei Hamburg*, *Inter Milan* and
    *Tuttosport* were one name (all six such spans in the 804 semeval_de articles were wrong)."""
    text = ("Erledigung der Vermisstenfahndung nach Wladimir N.\nPolizei Hamburg\n\n"
            "Hamburg (ots) - Der seit dem 18.06.2020 gesuchte Wladimir N. ist wieder da.")
    found = {(m.text, e.type) for e in _ents(text) for m in e.mentions}
    assert not any("\n" in name for name, _ in found), found
    assert ("Hamburg", "LOC") in found and ("Hamburg", "PER") not in found, found
    en = _ents("Transfer: Giroud agrees personal terms with Inter Milan\nTuttosport claims that Giroud and Inter are "
               "ready to finalise a deal.", "en")
    assert not any("\n" in m.text for e in en for m in e.mentions)
    # nor does a person's name run over a headline's kicker ("Transfer: Giroud")
    assert "per:giroud" in {e.key for e in en}, {e.key for e in en}
    # hard-wrapped plain text: its line breaks are spaces, and a name may run over one
    wrapped = ("Die Polizei hat am Montag in der Innenstadt von Frankfurt am Main einen Mann\n"
               "festgenommen, der nach Angaben der Staatsanwaltschaft Frankfurt seit Wochen mit\n"
               "einem Haftbefehl gesucht wurde. Der Sprecher des Polizeipräsidiums Frankfurt am\n"
               "Main sagte, der Mann habe sich nicht gewehrt und sei nun in Untersuchungshaft.\n")
    assert span_rules.hard_wrapped(wrapped) and not span_rules.hard_wrapped(text)
    assert any("Frankfurt am\nMain" in m.text for e in _ents(wrapped) for m in e.mentions)


def test_the_pandemic_is_no_person_or_place():
    """Machine translations and headlines of 2020 made persons of the pandemic: *Roman
    Coronavirus* (a "novel" coronavirus), *Corona Krise*, *Corona Outbreak*."""
    text = ("Das Roman Coronavirus breitet sich aus. Corona Krise: Die Regierung beschließt neue Maßnahmen, "
            "sagte Gesundheitsminister Jens Spahn in Berlin.")
    found = {(m.text, e.type) for e in _ents(text) for m in e.mentions}
    assert not any("orona" in name and kind in ("PER", "LOC") for name, kind in found), found
    assert ("Jens Spahn", "PER") in found and ("Berlin", "LOC") in found


def test_one_sense_per_article_for_a_linked_name():
    """A name the article links once (*in Essen*: the city) is that entity wherever else it stands;
    before, *Essen* was two places in one police report, one linked and one not."""
    text = ("Die Bundespolizei hat am Hauptbahnhof in Essen einen Mann festgenommen. Essen ist seit "
            "Jahren ein Schwerpunkt der Ermittler. Die Polizei Essen bittet um Hinweise.")
    places = {e.key for e in _ents(text) for m in e.mentions if m.text == "Essen"}
    assert places == {"loc:geonames:2928810"}, places
    # a dateline is a place context too (*Aalen* is also a dictionary word, eels)
    text = ("Aalen (ots) - Bei einem Unfall in der Innenstadt wurde ein Radfahrer verletzt. Das "
            "Polizeipräsidium Aalen ermittelt.")
    places = {e.key for e in _ents(text) for m in e.mentions if m.text == "Aalen"}
    assert places == {"loc:geonames:2959927"}, places


def test_parties_have_one_key_under_their_full_names_in_both_languages():
    """English reports write German parties out (*Christian Democratic Union*, before a person
    *Christian* with the surname *Union*); the full names, German and English, are the party's key."""
    de = {e.key for e in _ents("Die Christlich Demokratische Union (CDU) und die Alternative für "
                               "Deutschland streiten über die Schweizerische Volkspartei.")}
    en = {e.key for e in _ents("Merkel's Christian Democratic Union (CDU) and its Bavarian sister party, "
                               "the Christian Social Union, lost votes to the Alternative for Germany.", "en")}
    assert {"org:cdu", "org:afd", "org:svp"} <= de, de
    assert {"org:cdu", "org:csu", "org:afd"} <= en, en
    assert not any(k.startswith("per:christian") for k in en), en
    # a party's plural noun is the party only beside its name: "alle Demokraten" is every democrat
    assert "org:democratic-party-us" not in {e.key for e in _ents("Alle Demokraten müssen zusammenstehen.")}
    us = {m.text: e.key for e in _ents("Die US-Demokraten kritisieren Trump. Die Demokraten wollen klagen.")
          for m in e.mentions}
    assert us.get("Demokraten") == us.get("US-Demokraten") == "org:democratic-party-us", us
    # a party's own name that the model takes for an organisation is the party without its full name
    assert ("Linke", "org:left-party") in {(m.text, e.key) for e in _ents("Linke und Grüne kritisierten den Plan.")
                                           for m in e.mentions}
    assert "org:democratic-party-us" in {e.key for e in _ents(
        "Democrats in the House of Representatives voted against the bill on Thursday.", "en")}


def test_a_surname_that_is_a_noun_is_not_propagated_after_an_article():
    """*Floyd-Familie Beileid* in a headline made *Beileid* a surname, and then *sein Beileid* in
    the body a person too; a dictionary word after an article is the word."""
    text = ("Biden spricht Floyd-Familie Beileid aus\n\nDer frühere US-Vizepräsident Joe Biden hat der Familie "
            "von George Floyd sein Beileid ausgesprochen.")
    starts = {m.start for e in _ents(text) for m in e.mentions if m.text == "Beileid"}
    assert text.rindex("Beileid") not in starts


def test_a_role_or_title_before_one_name_is_no_part_of_the_person():
    """*Regisseur Porumboiu* (the model's span) and *Pastor Schmid* (*Pastor* is also a Spanish
    first name in the name list) made keys of the role; the person is the name alone."""
    assert {e.key for e in _ents("Das sagte Regisseur Porumboiu am Freitag in Bukarest.")} >= {"per:porumboiu"}
    assert "per:shmid" in {e.key for e in _ents("Pastor Schmid predigte am Sonntag.")}
    assert not any(k.startswith(("per:regiseur", "per:pastor")) for k in {e.key for e in _ents(
        "Pastor Schmid in St. Josef: Kinder verändern die Welt. Das sagte Regisseur Porumboiu in Bukarest.")})


def test_datelines_and_kickers_make_a_town_that_is_a_word_a_place():
    """Regional reports start with their town: *Essen: Einsatz wegen Randale …*, *Kiel - Wie hat
    sich …*, *Aalen: Unfallflucht*; police and courts are named after their seat (*Polizeipräsidium
    Aalen*). Three semeval_de reports left *Essen*, *Kiel* and *Aalen* unlinked places of their own.
    The food, a month and the eel stay words."""
    text = ("Essen: Einsatz wegen Randale endet mit Brand an Polizeiauto\n\nIn der Nacht brannte ein "
            "Streifenwagen. Kiel - Wie hat sich das Leben verändert? Das meldet das Polizeipräsidium Aalen.")
    keys = {m.text: e.key for e in _ents(text) for m in e.mentions}
    for town in ("Essen", "Kiel", "Aalen"):
        assert keys.get(town, "").startswith("loc:geonames:"), (town, keys)
    for text in ("Mai: Unbeschwertes Spielen im Park.", "Das Essen war kalt, sagte er.", "Aalen sind Fische."):
        assert not any(k.startswith("loc:geonames:") for k in {e.key for e in _ents(text)}), text
    # a kicker makes the word a place only where it stands, not the food further on
    assert not any(m.text == "Essen" and m.start > 0 for e in _ents("Essen: Was ist gesund? Das Essen war kalt.")
                   for m in e.mentions)


def test_war_reports_link_the_same_places_in_german_and_english():
    """The same shelling told by a German and an English report: *Cherson*/*Kherson*,
    *Bachmut*/*Bakhmut* (transliterations), *Oblast Luhansk*/*Luhansk Oblast*, and *the Donetsk
    region*, where the English model tags *Donetsk* an organisation (the football club)."""
    de = _ents("Russische Truppen beschossen am Montag Cherson und Bachmut. Die Oblast Luhansk ist besetzt, "
               "auch im Gebiet Donezk wird gekämpft.")
    en = _ents("Russian troops shelled Kherson and Bakhmut on Monday. The Luhansk Oblast is occupied, and "
               "fighting goes on in the Donetsk region.", "en")
    de_keys = {e.key for e in de if e.type == "LOC"}
    en_keys = {e.key for e in en if e.type == "LOC"}
    assert len(de_keys) == 4 and all(k.startswith("loc:geonames:") for k in de_keys), de_keys
    # the English model misses *Bakhmut* in this sentence (no rule tags a town of 80,000 alone)
    assert len(en_keys) >= 3 and en_keys <= de_keys, (de_keys, en_keys)
    assert {m.text for e in de for m in e.mentions} >= {"Luhansk", "Donezk"}


def test_a_dateline_of_two_words_in_capitals_is_the_city():
    """*NEW YORK (dpa-AFX)*, *LOS ANGELES (Reuters)*, *NEW YORK/SAN FRANCISCO:* were keys of their
    own (*loc:new-york*) or an organisation."""
    de = {m.text: e.key for e in _ents("NEW YORK (dpa-AFX) - Die Aktien fielen am Montag.") for m in e.mentions}
    assert de["NEW YORK"] == gz_key("New York")
    en = {m.text: e.key for e in _ents("LOS ANGELES (Reuters) - Shares rose on Monday. NEW YORK/SAN FRANCISCO: "
                                       "Investors could be forgiven for doing a double-take.", "en")
          for m in e.mentions}
    assert en["LOS ANGELES"] == gz_key("Los Angeles") and en["SAN FRANCISCO"] == gz_key("San Francisco"), en


def gz_key(name: str) -> str:
    from storyline.analyse import gazetteer

    return gazetteer.lookup(name, "en").key


def test_a_town_with_its_state_or_qualifier_is_that_town():
    """*SANTA CLARA, Kalifornien* (a press release's dateline) was the larger Cuban city, *Paris,
    Texas* the French capital; *Frankfurt (Oder)* lost its bracket and its link (*Frankfurt (Oder*),
    and *Kahl (Main)* is GeoNames' *Kahl am Main*. A span over both (*Santa Clara, California*)
    is the two places."""
    de = {m.text: e.key for e in _ents("SANTA CLARA, Kalifornien, 17. Februar 2016 - Die Firma meldet Gewinn. "
                                       "Der Zug nach Frankfurt (Oder) fiel aus, ebenso der nach Kahl (Main).")
          for m in e.mentions}
    assert de["SANTA CLARA"] == "loc:geonames:5393015", de  # not 3537906, Santa Clara in Cuba
    assert de["Frankfurt (Oder)"] == "loc:geonames:2925535", de
    assert de["Kahl (Main)"] == "loc:geonames:2894245", de
    en = {m.text: e.key for e in _ents("He grew up in Paris, Texas, and moved to Santa Clara, California, in 1990.",
                                       "en") for m in e.mentions}
    assert en["Paris"] == "loc:geonames:4717560" and en["Texas"] == "loc:iso:US-TX", en
    assert en["Santa Clara"] == "loc:geonames:5393015" and en["California"] == "loc:iso:US-CA", en


def test_a_double_town_s_short_name_is_the_place_and_a_surname_stays_the_person():
    """*bei Garmisch* / *near Garmisch* were a person ``per:garmish`` in both languages, so the German
    and English reports of the 2022 train crash shared no place; *Lauda* is also Lauda-Königshofen,
    but after *Niki Lauda* it is his surname."""
    de = {m.text: e.key for e in _ents("Der Regionalzug entgleiste am Freitag bei Garmisch. In Villingen "
                                       "brannte ein Lager.") for m in e.mentions}
    en = {m.text: e.key for e in _ents("The train derailed near Garmisch in the Bavarian Alps, German police said.",
                                       "en") for m in e.mentions}
    assert de["Garmisch"] == en["Garmisch"] == "loc:geonames:2922530", (de, en)
    assert de["Villingen"] == "loc:geonames:2817220", de
    for text, lang in [("Niki Lauda gewann in Monaco. Lauda sagte, er sei froh.", "de"),
                       ("Niki Lauda won in Monaco. Lauda said he was happy.", "en")]:
        people = {m.text: e.type for e in _ents(text, lang) for m in e.mentions}
        assert people["Lauda"] == "PER", people


def test_a_name_after_a_settlement_noun_is_a_place():
    """The small towns of the front are in no gazetteer and the models mistyped them: *die Stadt
    Tschassiw Jar* a person, *the town of Chasiv Yar* an organisation, *im Dorf Wuhledar* and *the
    village of Vuhledar* nothing. After a settlement noun the name is a place; not a dictionary noun
    (*in der Stadt Menschen*)."""
    de = {m.text: e.type for e in _ents("Die russische Armee hat die Stadt Tschassiw Jar eingenommen. Auch im "
                                        "Dorf Wuhledar wird gekämpft. In der Stadt Menschen zu sehen.")
          for m in e.mentions}
    en = {m.text: e.type for e in _ents("Russia's army has taken the town of Chasiv Yar. Fighting goes on in the "
                                        "village of Vuhledar.", "en") for m in e.mentions}
    assert de.get("Tschassiw Jar") == de.get("Wuhledar") == "LOC" and "Menschen" not in de, de
    assert en.get("Chasiv Yar") == en.get("Vuhledar") == "LOC", en


_PLACE_BITS = ["Frankfurt", "/", "(", ")", "Main", "Oder", ",", " ", "Kalifornien", "California", "NEW YORK",
               "SANTA CLARA", "Essen", "Garmisch", "Lauda", "Niki ", ":", " - ", "Cherson", "Paris", "Texas", "Oblast", "Luhansk", "region",
               "Kreta", "Trumps", "Donald Trump", "\n", ".", "in ", "dpa", "Kahl"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PLACE_BITS), max_size=30).map("".join) | st.text(max_size=80),
       st.sampled_from(["de", "en"]))
def test_place_rules_keep_mentions_exact_for_any_text(text: str, lang: str) -> None:
    """The eighth round's rules split spans (*Santa Clara, California*) and relink them; whatever
    the text, every mention is the text at its span, in bounds, and a linked place has a key."""
    for e in entities.find_entities(text, split(text, lang), lang):
        assert e.key
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text, (text, m)


def test_an_english_generic_institution_noun_is_no_name():
    """English capitalises the body it means: *the Commission says*, *the Police at Abigi*,
    *Germany's Parliament* were organisations keyed ``org:commission``, ``org:police``,
    ``org:parliament`` and so linked every story that says so; a named body stays."""
    text = ("The Commission says costs could rise. Suspects were handed to the Police at Abigi. "
            "Russia attacked Germany's Parliament, the European Commission said.")
    keys = {e.key for e in _ents(text, "en")}
    assert not keys & {"org:commission", "org:police", "org:parliament"}, keys
    assert "org:eu-commission" in keys, keys


def test_landscapes_are_one_place_in_both_languages_and_no_part_of_their_people_or_districts():
    """*Schwarzwald* and *Black Forest*, *Erzgebirge* and *Ore Mountains* were keys apart, *Allgäu*
    a person and *Sauerland* an organisation in English; *Rheinland-Pfälzer* are people of
    Rheinland-Pfalz, not of the Rheinland, and *Breisgau-Hochschwarzwald* is a district."""
    de = {m.text: e.key for e in _ents("Unwetter im Schwarzwald, im Allgäu und im Erzgebirge. Auch das Sauerland ist "
                                       "betroffen, sagten 5000 Rheinland-Pfälzer im Landkreis Breisgau-Hochschwarzwald.")
          for m in e.mentions}
    en = {m.text: e.key for e in _ents("Storms hit the Black Forest, the Allgäu and the Ore Mountains. The Sauerland "
                                       "was also affected.", "en") for m in e.mentions}
    for de_name, en_name in [("Schwarzwald", "Black Forest"), ("Allgäu", "Allgäu"), ("Erzgebirge", "Ore Mountains"),
                             ("Sauerland", "Sauerland")]:
        assert de[de_name] == en[en_name] and de[de_name].startswith("loc:area:"), (de_name, de, en)
    assert "Rheinland" not in de, de
    assert de.get("Breisgau-Hochschwarzwald", "").startswith("loc:"), de


def test_an_english_dateline_town_with_its_state_abbreviated():
    """AP and Reuters datelines abbreviate the state: *SANTA CLARA, Calif.*, *PORTLAND, Ore.* — the
    model took *SANTA CLARA, Calif.* as one unlinked place; *Portland, Maine* and *Athens, Georgia*
    are the towns in those states (and *Georgia* there the state, not the country)."""
    en = [(m.text, e.key) for e in _ents("SANTA CLARA, Calif. (Reuters) - Intel said on Monday. PORTLAND, Ore. (AP) - "
                                         "Police said. He moved to Athens, Georgia, in 1990. Georgia and Armenia met.",
                                         "en") for m in e.mentions]
    assert ("SANTA CLARA", "loc:geonames:5393015") in en and ("Calif.", "loc:iso:US-CA") in en, en
    assert ("PORTLAND", "loc:geonames:5746545") in en, en  # Portland, Oregon
    assert ("Georgia", "loc:iso:US-GA") in en and ("Georgia", "loc:iso:GE") in en, en


def test_english_news_agents_opening_a_sentence_are_no_names():
    """*Police said*, *Firefighters battled*: capitalised only because they open the sentence; the
    English model made them organisations (nine of the 25 wrong spans on 320 ECB+ sentences were
    *Police*), keyed ``org:police`` across every story that says so. A named body stays."""
    text = ("Police said they arrested two men on Friday. Firefighters battled the blaze for six hours. "
            "Officials said the fire started in a kitchen. The Metropolitan Police said more arrests would follow.")
    keys = {e.key for e in _ents(text, "en")}
    assert not keys & {"org:police", "org:firefighters", "org:officials"}, keys
    assert any(m.text == "Metropolitan Police" for e in _ents(text, "en") for m in e.mentions), keys


def test_abbreviations_numbers_and_peoples_that_are_no_names():
    """*DUI*, *MRI*, *EDT*, *SUV*, *Lkw*, *MEZ* are words, *2009*, *79th* numbers, *Somalis* and
    *Soviet* a people and an adjective: the models tagged them as organisations or places."""
    en = _ents("The linebacker was arrested on suspicion of DUI at 11:00 AM EDT. An MRI showed no damage. "
               "He played through the 2009-2010 season. The pirates included 12 Somalis and 11 Yemenis. "
               "Soviet-era tanks rolled in. The CDC said so.", "en")
    de = _ents("Ein SUV und ein Lkw stießen am Morgen zusammen. Um 12 Uhr MEZ meldete die Polizei den Unfall. "
               "Die ARD berichtete.", "de")
    assert _mention_texts(en) == ["CDC"], _mention_texts(en)
    assert _mention_texts(de) == ["ARD"], _mention_texts(de)


def test_an_english_name_ending_in_a_body_or_a_place_is_no_person():
    """*Betty Ford Center* begins with a first name and *Preston Crown Court* with a surname: they
    were persons; a name ending in *Center*, *Court* is an organisation, in *Stadium* a place."""
    got = {m.text: e.type for e in _ents("Lohan checked into the Betty Ford Center in Rancho Mirage. The Colts play "
                                         "at Lucas Oil Stadium on Sunday. The case went to Preston Crown Court.", "en")
           for m in e.mentions}
    assert got.get("Betty Ford Center") == "ORG" and got.get("Preston Crown Court") == "ORG", got
    assert got.get("Lucas Oil Stadium") == "LOC" and got.get("Lohan") == "PER", got


def test_one_name_after_an_english_title_is_the_person():
    """*President Nixon* was one organisation and *Constable Tim Fanning* kept the rank; a body
    after a title's modifier (*the Defence Ministry*) is no person."""
    got = {m.text: e.type for e in _ents("Constable Tim Fanning said the man surrendered. The break-in was done on "
                                         "behalf of President Nixon's reelection committee. The ship was hijacked on "
                                         "Saturday, the Defence Ministry said.", "en") for m in e.mentions}
    assert got.get("Tim Fanning") == "PER" and got.get("Nixon") == "PER", got
    assert got.get("Defence Ministry") == "ORG", got


@pytest.mark.parametrize("words,number", [
    (["79th"], True), (["2009"], True), (["10th", "Nov"], True), (["minus", "-", "20"], True), (["37"], True),
    (["9/11"], False), (["24hamburg.de"], False), (["1.", "FC", "Köln"], False), (["3M"], False), (["Schalke", "04"], False),
])
def test_a_span_of_numbers_and_months_is_no_name(words, number):
    toks = [Token(w, 0, len(w), w.lower()) for w in words]
    assert span_rules.is_number_phrase(toks, 0, len(toks)) is number


def test_an_english_city_after_in_from_or_of_is_the_place():
    """The English model knows cities as teams (*Atlanta beat Dallas*) and typed *from Atlanta to
    Washington* an organisation; after *in*, *near*, *outside*, *from*, *of* a listed city is the
    place, linked (after *to*, *against* a team may be meant)."""
    got = {m.text: (e.type, e.key) for e in _ents("He had moved his family from Atlanta to Washington. The "
                                                 "Commissioner of Police has ordered an inquiry.", "en")
           for m in e.mentions}
    assert got.get("Atlanta") == ("LOC", "loc:geonames:4180439"), got
    assert not got.get("Police", ("", ""))[1].startswith("loc:"), got  # Police is a town in Poland


def test_a_name_with_an_age_in_apposition_is_a_person():
    """*Gupta, 39, has* and *Tara, 33, was* were places to the English model; an age after a name
    makes it a person in both languages, not an abbreviation with a number (*KOM (94)*)."""
    got = {m.text: e.type for e in _ents("Gupta, 39, has reportedly been offered the post. Tara, 33, was previously "
                                         "engaged.", "en") for m in e.mentions}
    assert got.get("Gupta") == "PER" and got.get("Tara") == "PER", got
    menu = {m.text: e.type for e in _ents("Zitate zum Islam (51) Zitate zum Roten Terror (4) Zitate", "de")
            for m in e.mentions}
    assert menu.get("Roten Terror") != "PER", menu  # a count in brackets is no age


def test_english_laws_and_events_are_misc():
    """GermEval's OTH covers laws and events; the English model, with almost no OTH, made the
    *Endangered Species Act* and the *South African Open* organisations."""
    got = {m.text: e.type for e in _ents("For decades, the Endangered Species Act has protected threatened animals. "
                                         "He won the South African Open in Paarl.", "en") for m in e.mentions}
    assert got.get("Endangered Species Act") == "MISC" and got.get("South African Open") == "MISC", got
    assert got.get("Paarl") == "LOC", got


def test_an_english_noun_after_a_name_says_what_it_names():
    """*Pagliarelli prison* was an organisation and *the Casty store* a place to the English model;
    the lower-case noun after a name tells the place from the firm."""
    got = {m.text: e.type for e in _ents("The boss was found hanged in Pagliarelli prison. Police are examining the "
                                         "Casty store in the centre.", "en") for m in e.mentions}
    assert got.get("Pagliarelli") == "LOC" and got.get("Casty") == "ORG", got


def test_the_model_runs_on_numpy_s_matrix_product_with_blis_s_predictions(seeds):
    """The models' layers use numpy's matrix product (BLIS falls back to its generic kernel on
    CPUs it does not know, four times slower); the predictions are BLIS's, and the process's
    current ops are left as they were."""
    import spacy
    from thinc.api import get_current_ops

    nlp = entities.model("de")
    assert nlp.get_pipe("tok2vec").model.ops.use_blis is False
    assert get_current_ops().use_blis is True
    blis_nlp = spacy.load(entities._model_paths["de"])
    assert blis_nlp.get_pipe("tok2vec").model.ops.use_blis is True
    for text, _ in seeds.values():
        sents = split(text, "de")
        assert len(sents) > 5
        ours = entities._model_spans([s.tokens for s in sents], "de")
        entities._nlps["de"] = blis_nlp
        try:
            theirs = entities._model_spans([s.tokens for s in sents], "de")
        finally:
            entities._nlps["de"] = nlp
        assert ours == theirs and any(ours)


@pytest.mark.parametrize("word,common", [
    ("DUI", True), ("TV", True), ("Lkw", True), ("MdB", True), ("CO2", True), ("Est", False), ("Led", False),
    ("Pin", False), ("ARD", False),
])
def test_an_abbreviation_that_is_a_word_is_written_as_one(word, common):
    assert span_rules.is_common_acronym(word) is common
