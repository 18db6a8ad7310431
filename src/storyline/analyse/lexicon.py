"""Word lists for quantity facts and time expressions (German first, English second).

Everything is lower case. Words are matched against a token's lower-cased text
*and* its lemma, because simplemma's lemmas are uneven ("ausgeflogen" stays
"ausgeflogen", "Toten" becomes "toter"). German compounds are caught by
suffix ("Verkehrstote", "OVKS-Truppen"), so the suffix tuples hold plural and
singular endings.
"""

from __future__ import annotations

from storyline.lang import MONTH_ABBREVIATIONS, MONTH_NUMBERS, WEEKDAY_NUMBERS

# --- categories -----------------------------------------------------------------------

PEOPLE_CATEGORIES = ("killed", "injured", "arrested", "troops", "evacuated", "affected")

# Nouns that *are* the category ("164 Tote", "10.000 Festnahmen", "2.500 Soldaten").
CATEGORY_NOUNS: dict[str, dict[str, str]] = {
    "de": {
        "tote": "killed", "toten": "killed", "toter": "killed", "todesopfer": "killed",
        "getötete": "killed", "getöteten": "killed", "todesfälle": "killed", "todesfall": "killed",
        "verletzte": "injured", "verletzten": "injured", "verletzter": "injured",
        "verwundete": "injured", "verwundeten": "injured", "schwerverletzte": "injured",
        "festnahmen": "arrested", "festnahme": "arrested", "festgenommene": "arrested",
        "festgenommenen": "arrested", "verhaftungen": "arrested", "verhaftete": "arrested",
        "verhafteten": "arrested", "inhaftierte": "arrested", "inhaftierten": "arrested",
        "soldaten": "troops", "soldat": "troops", "truppen": "troops", "truppe": "troops",
        "friedenstruppen": "troops", "fallschirmjäger": "troops", "militärs": "troops",
        "streitkräfte": "troops", "marinesoldaten": "troops", "kräfte": "troops",
        "soldatinnen": "troops",
        "evakuierte": "evacuated", "evakuierten": "evacuated", "evakuierungen": "evacuated",
        "betroffene": "affected", "betroffenen": "affected", "vertriebene": "affected",
        "vertriebenen": "affected", "obdachlose": "affected", "obdachlosen": "affected",
        "vermisste": "affected", "vermissten": "affected", "flüchtlinge": "affected",
        "geflüchtete": "affected", "geflüchteten": "affected",
    },
    "en": {
        "dead": "killed", "deaths": "killed", "death": "killed", "fatalities": "killed",
        "killed": "killed",
        "injured": "injured", "wounded": "injured", "injuries": "injured",
        "arrests": "arrested", "detainees": "arrested", "detentions": "arrested",
        "troops": "troops", "troop": "troops", "soldiers": "troops", "soldier": "troops",
        "paratroopers": "troops", "peacekeepers": "troops", "marines": "troops",
        "servicemen": "troops", "service members": "troops",
        "evacuees": "evacuated",
        "refugees": "affected", "displaced": "affected", "homeless": "affected",
        "missing": "affected", "affected": "affected",
    },
}

# German compounds: the category noun as the last part ("Verkehrstote", "OVKS-Truppen").
CATEGORY_SUFFIXES_DE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tote", "toten", "todesopfer"), "killed"),
    (("verletzte", "verletzten", "verwundete", "verwundeten"), "injured"),
    (("festnahmen", "verhaftungen"), "arrested"),
    (("soldaten", "truppen", "fallschirmjäger", "soldatinnen"), "troops"),
    (("vertriebene", "vertriebenen", "flüchtlinge", "obdachlose"), "affected"),
)

# Nouns for people whose role the verb decides ("164 Menschen ... starben").
PEOPLE_NOUNS = {
    "de": (
        "menschen", "mensch", "personen", "person", "leute", "zivilisten", "zivilist",
        "demonstranten", "demonstrant", "demonstrantinnen", "protestierende", "protestierenden",
        "teilnehmer", "teilnehmende", "bürger", "bürgerinnen", "einwohner", "bewohner",
        "kinder", "kind", "jugendliche", "jugendlichen", "frauen", "frau", "männer", "mann",
        "polizisten", "polizist", "polizeibeamte", "beamte", "beamten", "mitarbeiter",
        "mitarbeitende", "ausländer", "staatsbürger", "staatsangehörige", "journalisten",
        "aktivisten", "häftlinge", "gefangene", "gefangenen", "migranten", "patienten",
        "insassen", "passagiere", "arbeiter", "islamisten", "terroristen", "kämpfer",
        "rebellen", "angreifer", "täter", "verdächtige", "verdächtigen", "schüler",
        "studenten", "opfer", "rentner", "bauern", "sicherheitskräfte", "polizeikräfte",
        "einsatzkräfte", "anhänger", "oppositionelle", "regierungsgegner", "besucher",
        "urlauber", "touristen", "bergleute", "seeleute", "sanitäter", "ärzte", "helfer",
    ),
    "en": (
        "people", "persons", "person", "civilians", "civilian", "protesters", "protestors",
        "demonstrators", "residents", "children", "women", "men", "police", "officers",
        "policemen", "workers", "citizens", "foreigners", "nationals", "journalists",
        "activists", "prisoners", "migrants", "patients", "passengers", "militants",
        "fighters", "rebels", "suspects", "students", "victims", "individuals", "inmates",
        "supporters", "members", "staff", "employees", "tourists", "miners", "villagers",
    ),
}

# Words that, anywhere in the clause, decide the category of a people count.
TRIGGERS: dict[str, dict[str, str]] = {
    "de": {
        # killed
        "sterben": "killed", "starben": "killed", "starb": "killed", "gestorben": "killed",
        "töten": "killed", "getötet": "killed", "tötete": "killed", "töteten": "killed",
        "tot": "killed", "umkommen": "killed", "umgekommen": "killed", "erschießen": "killed",
        "erschossen": "killed", "ermorden": "killed", "ermordet": "killed",
        "tote": "killed", "toten": "killed", "toter": "killed", "todesopfer": "killed",
        # injured
        "verletzen": "injured", "verletzt": "injured", "verwunden": "injured",
        "verwundet": "injured", "schwerverletzt": "injured", "verletzte": "injured",
        "verletzten": "injured", "verletzter": "injured",
        # arrested
        "festnehmen": "arrested", "festgenommen": "arrested", "verhaften": "arrested",
        "verhaftet": "arrested", "inhaftieren": "arrested", "inhaftiert": "arrested",
        "festnahme": "arrested", "festnahmen": "arrested", "festgesetzt": "arrested",
        "gewahrsam": "arrested", "verhaftungen": "arrested", "festsetzen": "arrested",
        # evacuated
        "evakuieren": "evacuated", "evakuiert": "evacuated", "ausfliegen": "evacuated",
        "ausgeflogen": "evacuated", "evakuierung": "evacuated", "evakuierten": "evacuated",
        # affected
        "betroffen": "affected", "vertreiben": "affected", "vertrieben": "affected",
        "fliehen": "affected", "geflohen": "affected", "flüchten": "affected",
        "geflüchtet": "affected", "obdachlos": "affected", "vermisst": "affected",
        "vermissen": "affected",
    },
    "en": {
        "kill": "killed", "killed": "killed", "die": "killed", "died": "killed",
        "dead": "killed", "deaths": "killed", "shot": "killed", "murdered": "killed",
        "injure": "injured", "injured": "injured", "wound": "injured", "wounded": "injured",
        "hurt": "injured",
        "arrest": "arrested", "arrested": "arrested", "detain": "arrested",
        "detained": "arrested", "jailed": "arrested", "imprisoned": "arrested",
        "arrests": "arrested", "custody": "arrested",
        "evacuate": "evacuated", "evacuated": "evacuated", "airlifted": "evacuated",
        "airlift": "evacuated",
        "flee": "affected", "fled": "affected", "displace": "affected",
        "displaced": "affected", "affected": "affected", "missing": "affected",
        "homeless": "affected",
    },
}
# Two-word triggers: (first, second) -> category; the second may be a lemma.
TRIGGER_BIGRAMS: dict[str, dict[tuple[str, str], str]] = {
    "de": {("ums", "leben"): "killed", ("in", "haft"): "arrested",
           ("in", "sicherheit"): "evacuated", ("das", "leben"): "killed"},
    "en": {("flown", "out"): "evacuated", ("lost", "their"): "killed",
           ("into", "custody"): "arrested"},
}
# German separable verbs: the verb lemma plus a particle that ends the clause
# ("nahmen ... fest", "flog ... aus").
SEPARABLE_DE: dict[str, dict[str, str]] = {
    "nehmen": {"fest": "arrested"},
    "setzen": {"fest": "arrested"},
    "fliegen": {"aus": "evacuated"},
    "kommen": {"um": "killed"},
}

# --- units ----------------------------------------------------------------------------

TIME_UNITS: dict[str, tuple[str, float]] = {
    # word -> (unit, days)
    "tag": ("day", 1), "tage": ("day", 1), "tagen": ("day", 1), "tages": ("day", 1),
    "woche": ("week", 7), "wochen": ("week", 7),
    "monat": ("month", 30.4375), "monate": ("month", 30.4375), "monaten": ("month", 30.4375),
    "monats": ("month", 30.4375),
    "jahr": ("year", 365.25), "jahre": ("year", 365.25), "jahren": ("year", 365.25),
    "jahres": ("year", 365.25),
    "jahrzehnt": ("decade", 3652.5), "jahrzehnte": ("decade", 3652.5),
    "jahrzehnten": ("decade", 3652.5),
    "stunde": ("hour", 1 / 24), "stunden": ("hour", 1 / 24),
    "minute": ("minute", 1 / 1440), "minuten": ("minute", 1 / 1440),
    "day": ("day", 1), "days": ("day", 1), "week": ("week", 7), "weeks": ("week", 7),
    "month": ("month", 30.4375), "months": ("month", 30.4375),
    "year": ("year", 365.25), "years": ("year", 365.25),
    "decade": ("decade", 3652.5), "decades": ("decade", 3652.5),
    "hour": ("hour", 1 / 24), "hours": ("hour", 1 / 24), "minutes": ("minute", 1 / 1440),
}

CURRENCY_WORDS: dict[str, str] = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "€": "EUR",
    "dollar": "USD", "dollars": "USD", "us-dollar": "USD", "usd": "USD", "$": "USD",
    "us$": "USD", "pfund": "GBP", "pounds": "GBP", "gbp": "GBP", "£": "GBP",
    "rubel": "RUB", "rubles": "RUB", "roubles": "RUB", "rub": "RUB",
    "franken": "CHF", "chf": "CHF", "yuan": "CNY", "cny": "CNY", "renminbi": "CNY",
    "yen": "JPY", "jpy": "JPY", "tenge": "KZT", "kzt": "KZT", "hrywnja": "UAH",
    "griwna": "UAH", "hryvnia": "UAH", "uah": "UAH", "lira": "TRY", "kronen": "SEK",
}
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₽": "RUB", "₸": "KZT"}

PERCENT_WORDS = {"%": "%", "prozent": "%", "percent": "%", "prozentpunkte": "pp",
                 "prozentpunkten": "pp"}

# Heads that make a number an identifier, not a count ("Artikel 5", "Flug 17").
IDENTIFIER_BEFORE = {
    "artikel", "paragraf", "paragraph", "absatz", "platz", "nummer", "nr.", "kapitel",
    "seite", "gruppe", "flug", "linie", "zimmer", "tor", "runde", "spieltag", "folge",
    "article", "no.", "number", "page", "flight", "route", "room", "chapter", "section",
    "grade", "level", "stufe", "version", "covid", "gate", "bus", "zug", "haus",
    "abs.", "ziff.", "nr", "art.", "s.", "tel.", "tel", "fax", "plz", "kanal", "channel",
    "radio", "gleis", "halle", "stand", "block", "bundesstraße", "autobahn", "landesstraße",
}

# Words that never head a count even when capitalised.
NOT_HEADS = {
    "uhr", "prozent", "mal", "malen", "hälfte", "drittel", "viertel", "a.m.", "p.m.",
}

# --- hedges ---------------------------------------------------------------------------
# Each hedge (as lower-case token sequence) maps to a kind:
#   below  -> just below N            low = 0.9 N, high = N
#   about  -> symmetric around N      low = 0.9 N, high = 1.1 N
#   above  -> a little above N        low = N,     high = 1.1 N
#   min    -> N or more               low = N,     high = None
#   max    -> N or less               low = None,  high = N
HEDGES: dict[str, dict[tuple[str, ...], str]] = {
    "de": {
        ("fast",): "below", ("knapp",): "below", ("beinahe",): "below", ("nahezu",): "below",
        ("annähernd",): "below", ("knapp", "unter"): "below",
        ("etwa",): "about", ("rund",): "about", ("ca.",): "about", ("ca",): "about",
        ("circa",): "about", ("zirka",): "about", ("ungefähr",): "about",
        ("schätzungsweise",): "about", ("geschätzt",): "about", ("an", "die"): "about",
        ("um", "die"): "about", ("etwas", "mehr", "als"): "above",
        ("gut",): "above", ("knapp", "über"): "above", ("etwas", "über"): "above",
        ("mehr", "als"): "min", ("über",): "min", ("mindestens",): "min",
        ("wenigstens",): "min", ("weit", "mehr", "als"): "min", ("weit", "über"): "min",
        ("mehr", "als", "nur"): "min", ("bis", "zu"): "max", ("höchstens",): "max",
        ("maximal",): "max", ("weniger", "als"): "max", ("unter",): "max",
        ("nicht", "mehr", "als"): "max", ("nur", "knapp"): "below",
    },
    "en": {
        ("nearly",): "below", ("almost",): "below", ("close", "to"): "below",
        ("just", "under"): "below", ("just", "below"): "below", ("approaching",): "below",
        ("about",): "about", ("around",): "about", ("roughly",): "about",
        ("approximately",): "about", ("some",): "about", ("an", "estimated"): "about",
        ("approx.",): "about", ("circa",): "about", ("ca.",): "about", ("c.",): "about",
        ("just", "over"): "above", ("just", "above"): "above", ("slightly", "more", "than"): "above",
        ("more", "than"): "min", ("over",): "min", ("at", "least"): "min",
        ("upwards", "of"): "min", ("no", "fewer", "than"): "min", ("no", "less", "than"): "min",
        ("well", "over"): "min", ("in", "excess", "of"): "min",
        ("up", "to"): "max", ("at", "most"): "max", ("as", "many", "as"): "max",
        ("fewer", "than"): "max", ("less", "than"): "max", ("under",): "max",
        ("no", "more", "than"): "max", ("below",): "max",
    },
}
HEDGE_MAX_LEN = 3  # the factors are in numbers.py

# Post-number hedges: "10.000 oder mehr", "164 or more".
POST_HEDGES = {("oder", "mehr"): "min", ("und", "mehr"): "min", ("or", "more"): "min",
               ("oder", "weniger"): "max", ("or", "fewer"): "max", ("or", "less"): "max"}

# --- vague amounts --------------------------------------------------------------------
# Plural magnitude words: a vague interval "two of the unit up to the next power of ten".
VAGUE_MAGNITUDES: dict[str, tuple[float, float]] = {
    "dutzende": (24, 99), "dutzenden": (24, 99), "dozens": (24, 99),
    "hunderte": (200, 999), "hunderten": (200, 999), "hundreds": (200, 999),
    "tausende": (2000, 9999), "tausenden": (2000, 9999), "thousands": (2000, 9999),
    "zehntausende": (20000, 99999), "zehntausenden": (20000, 99999),
    "hunderttausende": (200000, 999999), "hunderttausenden": (200000, 999999),
    "millionen": (2e6, 999e6), "millions": (2e6, 999e6),
}
# "mehrere hundert", "several thousand", "a few dozen": vague multiples of the scale word.
VAGUE_MULTIPLIERS = {
    "de": {("mehrere",), ("einige",), ("ein", "paar"), ("etliche",), ("viele",)},
    "en": {("several",), ("a", "few"), ("some",), ("many",)},
}
SCALE_FOR_VAGUE = {"dutzend": 12, "hundert": 100, "tausend": 1000, "dozen": 12,
                   "hundred": 100, "thousand": 1000}
# Vague quantifiers: kept only with a people category ("viele Tote", "many dead").
VAGUE_QUANTIFIERS: dict[str, dict[str, tuple[float | None, float | None]]] = {
    "de": {
        "viele": (None, None), "vielen": (None, None), "zahlreiche": (None, None),
        "zahlreichen": (None, None), "etliche": (None, None), "unzählige": (None, None),
        "mehrere": (2, None), "mehreren": (2, None), "einige": (2, None),
        "einigen": (2, None), "wenige": (2, None), "wenigen": (2, None),
    },
    "en": {
        "many": (None, None), "numerous": (None, None), "countless": (None, None),
        "scores": (None, None), "several": (2, None),
    },
}

# --- times ----------------------------------------------------------------------------

# token text (abbreviations keep their full stop) -> month / weekday number; the words live in storyline.lang
MONTHS: dict[str, int] = {w + ("." if any(w == a.lower() for t in MONTH_ABBREVIATIONS.values() for a in t) else ""): n
                          for w, n in MONTH_NUMBERS.items()}
WEEKDAYS: dict[str, int] = dict(WEEKDAY_NUMBERS)
