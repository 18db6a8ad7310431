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

PEOPLE_CATEGORIES = ("killed", "injured", "arrested", "troops", "evacuated", "affected", "participants")
# categories whose vague amounts ("Hunderte Flüge", "mehrere hundert Stellen") are kept beside the figures
VAGUE_CATEGORIES = (*PEOPLE_CATEGORIES, "cancelled", "job_cuts")

# Nouns that *are* the category ("164 Tote", "10.000 Festnahmen", "Flugausfälle"): the verb cannot change them.
CATEGORY_NOUNS: dict[str, dict[str, str]] = {
    "de": {
        "tote": "killed", "toten": "killed", "toter": "killed", "todesopfer": "killed",
        "getötete": "killed", "getöteten": "killed", "todesfälle": "killed", "todesfall": "killed",
        "verletzte": "injured", "verletzten": "injured", "verletzter": "injured",
        "verwundete": "injured", "verwundeten": "injured", "schwerverletzte": "injured",
        "festnahmen": "arrested", "festnahme": "arrested", "festgenommene": "arrested",
        "festgenommenen": "arrested", "verhaftungen": "arrested", "verhaftete": "arrested",
        "verhafteten": "arrested", "inhaftierte": "arrested", "inhaftierten": "arrested",
        "evakuierte": "evacuated", "evakuierten": "evacuated", "evakuierungen": "evacuated",
        "betroffene": "affected", "betroffenen": "affected", "vertriebene": "affected",
        "vertriebenen": "affected", "obdachlose": "affected", "obdachlosen": "affected",
        "vermisste": "affected", "vermissten": "affected",
        "flugausfälle": "cancelled", "flugausfällen": "cancelled", "ausfälle": "cancelled",
        "ausfällen": "cancelled", "annullierungen": "cancelled", "flugstreichungen": "cancelled",
        "entlassungen": "job_cuts", "stellenstreichungen": "job_cuts", "kündigungen": "job_cuts",
    },
    "en": {
        "dead": "killed", "deaths": "killed", "death": "killed", "fatalities": "killed",
        "killed": "killed",
        "injured": "injured", "wounded": "injured", "injuries": "injured",
        "arrests": "arrested", "detainees": "arrested", "detentions": "arrested",
        "evacuees": "evacuated",
        "displaced": "affected", "homeless": "affected", "missing": "affected", "affected": "affected",
        "cancellations": "cancelled", "layoffs": "job_cuts", "redundancies": "job_cuts",
    },
}

# "ein fünftes Todesopfer", "a fifth victim": the ordinal gives the death toll
VICTIM_NOUNS = {"de": frozenset({"todesopfer", "toter", "tote", "opfer", "leiche"}),
                "en": frozenset({"victim", "death", "body", "fatality"})}

# German compounds: the category noun as the last part ("Verkehrstote", "Flugausfälle").
CATEGORY_SUFFIXES_DE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tote", "toten", "todesopfer"), "killed"),
    (("verletzte", "verletzten", "verwundete", "verwundeten"), "injured"),
    (("festnahmen", "verhaftungen"), "arrested"),
    (("vertriebene", "vertriebenen", "obdachlose"), "affected"),
    (("ausfälle", "ausfällen"), "cancelled"),
)

# What a figure counts. People groups nest (GROUP_PARENT); a German noun belongs to the group of
# its longest listed ending ("Bundespolizisten" -> police), an English one to its own entry.
GROUP_NOUNS: dict[str, dict[str, str]] = {
    "de": {
        **dict.fromkeys(("menschen", "mensch", "personen", "person", "leute", "opfer", "einwohner", "bewohner",
                         "bürger", "bürgerinnen", "fahrer", "fahrerinnen", "gäste", "teilnehmende", "insassen",
                         "angehörige", "angehörigen", "familien", "haushalte", "mitglieder", "mitgliedern",
                         "abgeordnete", "abgeordneten", "männer", "mann", "menschenleben", "brüder", "bruder",
                         "schwestern", "söhne", "töchter", "eltern", "geschwister", "verwandte", "kunden",
                         "arbeitslose", "arbeitslosen", "bewerber", "wähler", "nutzer", "mieter", "senioren"),
                        "people"),
        **dict.fromkeys(("zivilisten", "zivilistinnen", "zivilpersonen"), "civilians"),
        **dict.fromkeys(("sicherheitskräfte", "polizeikräfte", "einsatzkräfte", "ordnungskräfte",
                         "sicherheitsleute", "kräfte", "beamte", "beamten", "beamtinnen"), "security_forces"),
        **dict.fromkeys(("polizisten", "polizist", "polizistinnen", "polizeibeamte", "polizeibeamten",
                         "polizeibeamter"), "police"),
        **dict.fromkeys(("soldaten", "soldat", "soldatinnen", "truppen", "truppe", "militärs", "fallschirmjäger",
                         "streitkräfte", "kämpfer"), "soldiers"),
        **dict.fromkeys(("frauen", "frau", "mädchen"), "women"),
        **dict.fromkeys(("kinder", "kind", "jugendliche", "jugendlichen", "minderjährige", "schüler",
                         "schülerinnen", "säuglinge", "babys"), "children"),
        **dict.fromkeys(("ausländer", "ausländerinnen", "staatsbürger", "staatsangehörige", "touristen",
                         "urlauber", "deutsche", "russen", "briten", "franzosen", "amerikaner", "türken",
                         "chinesen", "afghanen", "syrer", "iraker", "italiener", "spanier", "österreicher",
                         "schweizer", "ukrainer", "japaner", "kasachen", "europäer"), "foreigners"),
        **dict.fromkeys(("demonstranten", "demonstrant", "demonstrantinnen", "protestierende",
                         "protestierenden", "regierungsgegner", "oppositionelle", "aktivisten", "teilnehmer",
                         "teilnehmerinnen", "streikende", "streikenden", "anhänger"), "protesters"),
        **dict.fromkeys(("mitarbeiter", "mitarbeiterinnen", "mitarbeitende", "mitarbeitenden", "beschäftigte",
                         "beschäftigten", "angestellte", "angestellten", "arbeiter", "arbeiterinnen",
                         "arbeitnehmer", "arbeitnehmerinnen", "bergleute", "kumpel", "flugbegleiter",
                         "flugbegleiterinnen", "piloten", "lokführer", "pflegekräfte", "erzieherinnen",
                         "fachkräfte", "leiharbeiter"), "employees"),
        **dict.fromkeys(("flüchtlinge", "geflüchtete", "geflüchteten", "migranten", "asylbewerber",
                         "schutzsuchende"), "refugees"),
        **dict.fromkeys(("passagiere", "passagieren", "fahrgäste", "fluggäste", "reisende", "reisenden"),
                        "passengers"),
        **dict.fromkeys(("patienten", "patientinnen", "häftlinge", "gefangene", "gefangenen", "verdächtige",
                         "verdächtigen", "täter", "angreifer", "islamisten", "terroristen", "rebellen",
                         "journalisten", "journalistinnen", "helfer", "sanitäter", "ärzte", "feuerwehrleute",
                         "zuschauer", "besucher", "zaungäste", "fans", "studenten", "studierende", "rentner",
                         "bauern", "seeleute", "besatzungsmitglieder"), "people"),
        **dict.fromkeys(("flüge", "flügen", "flug", "flugverbindungen", "verbindungen", "langstreckenflüge",
                         "kurzstreckenflüge", "inlandsflüge", "starts", "landungen", "abflüge"), "flights"),
        **dict.fromkeys(("züge", "zügen", "zugverbindungen", "fernzüge", "regionalzüge", "zugfahrten"), "trains"),
        **dict.fromkeys(("stellen", "stelle", "arbeitsplätze", "arbeitsplätzen", "arbeitsplatz", "jobs", "job",
                         "vollzeitstellen", "planstellen", "ausbildungsplätze"), "jobs"),
    },
    "en": {
        **dict.fromkeys(("people", "persons", "person", "individuals", "residents", "villagers", "victims",
                         "members", "citizens", "inmates", "lives"), "people"),
        **dict.fromkeys(("civilians", "civilian"), "civilians"),
        **dict.fromkeys(("police", "officers", "policemen", "security"), "security_forces"),
        **dict.fromkeys(("troops", "troop", "soldiers", "soldier", "paratroopers", "peacekeepers", "marines",
                         "servicemen", "militants", "fighters"), "soldiers"),
        **dict.fromkeys(("women", "girls"), "women"),
        **dict.fromkeys(("men",), "people"),
        **dict.fromkeys(("children", "students", "minors"), "children"),
        **dict.fromkeys(("foreigners", "nationals", "tourists", "germans", "russians", "americans"), "foreigners"),
        **dict.fromkeys(("protesters", "protestors", "demonstrators", "activists", "strikers", "supporters"),
                        "protesters"),
        **dict.fromkeys(("workers", "employees", "staff", "miners", "pilots", "crew"), "employees"),
        **dict.fromkeys(("refugees", "migrants", "asylum-seekers"), "refugees"),
        **dict.fromkeys(("passengers", "travellers", "travelers"), "passengers"),
        **dict.fromkeys(("patients", "prisoners", "suspects", "rebels", "journalists", "spectators"), "people"),
        **dict.fromkeys(("flights", "flight"), "flights"),
        **dict.fromkeys(("trains",), "trains"),
        **dict.fromkeys(("jobs", "job", "positions", "posts", "roles"), "jobs"),
    },
}
# German endings that are too short or too common to place a compound ("Haltestellen" is no job)
EXACT_ONLY_DE = frozenset({"stellen", "stelle", "flug", "kräfte", "beamte", "beamten", "verbindungen", "starts",
                           "kumpel", "deutsche", "fans"})
THING_GROUPS = frozenset({"flights", "trains", "jobs"})
GROUP_PARENT = {
    "civilians": "people", "security_forces": "people", "police": "security_forces",
    "soldiers": "security_forces", "women": "people", "children": "people", "foreigners": "people",
    "protesters": "people", "employees": "people", "refugees": "people", "passengers": "people",
}
# the category of a people count whose clause has no verb that decides it ("2.500 Soldaten")
DEFAULT_CATEGORY = {"soldiers": "troops", "protesters": "participants", "refugees": "affected"}

# The people nouns of each language (for code that only needs "is this a person noun").
PEOPLE_NOUNS = {lang: tuple(w for w, g in table.items() if g not in THING_GROUPS)
                for lang, table in GROUP_NOUNS.items()}

# Predicates: words that, in the figure's clause, say what happened to what it counts. Most decide a
# people category; "cut", "cancel", "laid_off" and "at_risk" decide by the group (Flüge -> cancelled,
# Stellen -> job_cuts); "deployed" makes people troops.
TRIGGERS: dict[str, dict[str, str]] = {
    "de": {
        # killed
        "sterben": "killed", "starben": "killed", "starb": "killed", "gestorben": "killed",
        "töten": "killed", "getötet": "killed", "tötete": "killed", "töteten": "killed",
        "tot": "killed", "umkommen": "killed", "umgekommen": "killed", "erschießen": "killed",
        "erschossen": "killed", "ermorden": "killed", "ermordet": "killed", "ertrinken": "killed",
        "ertranken": "killed", "ertrunken": "killed", "ertrank": "killed", "hingerichtet": "killed",
        "hinrichtung": "killed", "exekutiert": "killed", "massenhinrichtung": "killed", "tödlich": "killed",
        "tote": "killed", "toten": "killed", "toter": "killed", "todesopfer": "killed", "opferzahl": "killed",
        "totenzahl": "killed", "erschlagen": "killed", "getöteten": "killed", "leichen": "killed",
        # injured
        "verletzen": "injured", "verletzt": "injured", "verwunden": "injured",
        "verwundet": "injured", "schwerverletzt": "injured", "verletzte": "injured",
        "verletzten": "injured", "verletzter": "injured", "verletzungen": "injured",
        # arrested
        "festnehmen": "arrested", "festgenommen": "arrested", "verhaften": "arrested",
        "verhaftet": "arrested", "inhaftieren": "arrested", "inhaftiert": "arrested",
        "festnahme": "arrested", "festnahmen": "arrested", "festgesetzt": "arrested",
        "gewahrsam": "arrested", "verhaftungen": "arrested", "festsetzen": "arrested",
        # evacuated
        "evakuieren": "evacuated", "evakuiert": "evacuated", "ausfliegen": "evacuated",
        "ausgeflogen": "evacuated", "evakuierung": "evacuated", "evakuierten": "evacuated",
        "gerettet": "evacuated", "geborgen": "evacuated",
        # affected
        "betroffen": "affected", "vertreiben": "affected", "vertrieben": "affected",
        "fliehen": "affected", "geflohen": "affected", "flüchten": "affected", "flohen": "affected",
        "geflüchtet": "affected", "obdachlos": "affected", "vermisst": "affected",
        "vermissen": "affected", "vermisste": "affected",
        # participants
        "demonstrieren": "participants", "demonstrierten": "participants", "demonstriert": "participants",
        "protestieren": "participants", "protestierten": "participants", "protestiert": "participants",
        "streiken": "participants", "streikten": "participants", "gestreikt": "participants",
        "warnstreik": "participants", "streikaufruf": "participants", "marschierten": "participants",
        "kundgebung": "participants", "versammelten": "participants", "beteiligten": "participants",
        "arbeitsniederlegung": "participants",
        # deployed
        "eingesetzt": "deployed", "entsandt": "deployed", "stationiert": "deployed",
        "entsenden": "deployed", "stationieren": "deployed",
        # cut (jobs, flights), cancel, laid off, at risk
        "streichen": "cut", "gestrichen": "cut", "streicht": "cut", "strich": "cut", "strichen": "cut",
        "abbauen": "cut", "abgebaut": "cut", "wegfallen": "cut", "weggefallen": "cut", "kürzen": "cut",
        "gekürzt": "cut", "stellenabbau": "cut", "abbau": "cut", "stellenstreichung": "cut",
        "ausfallen": "cancel", "ausgefallen": "cancel", "abgesagt": "cancel", "absagen": "cancel",
        "annulliert": "cancel", "annullieren": "cancel", "abgesagten": "cancel", "gestrichenen": "cancel",
        "ausgefallenen": "cancel",
        "entlassen": "laid_off", "entließ": "laid_off", "entlässt": "laid_off", "gekündigt": "laid_off",
        "bedroht": "at_risk", "gefährdet": "at_risk",
    },
    "en": {
        "kill": "killed", "killed": "killed", "killing": "killed", "die": "killed", "died": "killed",
        "dead": "killed", "deaths": "killed", "shot": "killed", "murdered": "killed", "drowned": "killed",
        "executed": "killed", "toll": "killed",
        "injure": "injured", "injured": "injured", "wound": "injured", "wounded": "injured",
        "hurt": "injured", "injuring": "injured",
        "arrest": "arrested", "arrested": "arrested", "detain": "arrested",
        "detained": "arrested", "jailed": "arrested", "imprisoned": "arrested",
        "arrests": "arrested", "custody": "arrested",
        "evacuate": "evacuated", "evacuated": "evacuated", "airlifted": "evacuated",
        "airlift": "evacuated", "rescued": "evacuated",
        "flee": "affected", "fled": "affected", "displace": "affected",
        "displaced": "affected", "affected": "affected", "missing": "affected",
        "homeless": "affected",
        "protested": "participants", "demonstrated": "participants", "marched": "participants",
        "rallied": "participants", "protest": "participants", "strike": "participants",
        "deployed": "deployed", "deploy": "deployed", "stationed": "deployed",
        "cut": "cut", "cuts": "cut", "cutting": "cut", "axe": "cut", "axed": "cut", "shed": "cut",
        "slash": "cut", "slashed": "cut", "eliminate": "cut", "eliminated": "cut",
        "cancel": "cancel", "cancelled": "cancel", "canceled": "cancel", "cancels": "cancel",
        "scrapped": "cancel", "grounded": "cancel",
        "fired": "laid_off",
        "threatened": "at_risk", "risk": "at_risk",
    },
}
# Two-word triggers: (first, second) -> predicate; the second may be a lemma.
TRIGGER_BIGRAMS: dict[str, dict[tuple[str, str], str]] = {
    "de": {("ums", "leben"): "killed", ("in", "haft"): "arrested", ("den", "tod"): "killed",
           ("in", "sicherheit"): "evacuated", ("das", "leben"): "killed", ("zum", "opfer"): "killed",
           ("im", "einsatz"): "deployed", ("dem", "spiel"): "at_risk", ("in", "gefahr"): "at_risk",
           ("den", "streik"): "participants", ("den", "warnstreik"): "participants",
           ("die", "straße"): "participants", ("dem", "programm"): "cancel"},
    "en": {("flown", "out"): "evacuated", ("lost", "their"): "killed", ("into", "custody"): "arrested",
           ("took", "part"): "participants", ("took", "to"): "participants", ("on", "strike"): "participants",
           ("laid", "off"): "laid_off", ("lay", "off"): "laid_off", ("at", "risk"): "at_risk"},
}
# German separable verbs: the verb lemma plus a particle that ends the clause
# ("nahmen ... fest", "flog ... aus", "fielen ... aus", "baut ... ab").
SEPARABLE_DE: dict[str, dict[str, str]] = {
    "nehmen": {"fest": "arrested", "teil": "participants"},
    "setzen": {"fest": "arrested", "ein": "deployed"},
    "fliegen": {"aus": "evacuated"},
    "kommen": {"um": "killed"},
    "fallen": {"aus": "cancel", "weg": "cut"},
    "bauen": {"ab": "cut"},
    "sagen": {"ab": "cancel"},
    "legen": {"nieder": "participants"},
    "gehen": {"verloren": "cut"},
}
# A predicate and a group give the category (None: the predicate says nothing about that group).
PREDICATE_FOR_GROUP = {
    "cut": {"jobs": "job_cuts", "flights": "cancelled", "trains": "cancelled"},
    "cancel": {"flights": "cancelled", "trains": "cancelled"},
    "laid_off": {"employees": "job_cuts", "people": "job_cuts", "jobs": "job_cuts"},
    "at_risk": {"jobs": "job_cuts", "employees": "job_cuts"},
    "affected": {"jobs": "job_cuts"},
    "deployed": {"police": "troops", "security_forces": "troops", "soldiers": "troops"},
}
NEGATIONS = frozenset({"nicht", "kein", "keine", "keinen", "keiner", "niemand", "not", "no", "none", "never",
                       "unverletzt"})

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

# What money and percentages are about: the nearest of these in the figure's clause (German compounds by
# their last part: "KfW-Kreditlinie" -> credit, "Rettungspaket" -> package). The ledger compares only
# figures of one topic, so a credit line is never set against a whole rescue package.
TOPICS: dict[str, dict[str, str]] = {
    "de": {
        **dict.fromkeys(("umsatz", "umsätze", "erlös", "erlöse", "einnahmen"), "revenue"),
        **dict.fromkeys(("gewinn", "gewinne", "überschuss", "nettogewinn", "betriebsgewinn"), "profit"),
        **dict.fromkeys(("verlust", "verluste", "fehlbetrag", "defizit"), "loss"),
        **dict.fromkeys(("schaden", "schäden", "sachschaden", "gesamtschaden"), "damage"),
        **dict.fromkeys(("kosten", "baukosten", "mehrkosten"), "cost"),
        **dict.fromkeys(("preis", "preise", "kaufpreis", "kostet", "kosten"), "price"),
        **dict.fromkeys(("paket", "rettungspaket", "hilfspaket", "hilfe", "hilfen", "finanzspritze",
                         "staatshilfe", "rettung"), "package"),
        **dict.fromkeys(("kredit", "kredite", "kreditlinie", "darlehen", "bürgschaft"), "credit"),
        **dict.fromkeys(("haushalt", "etat", "budget"), "budget"),
        **dict.fromkeys(("strafe", "bußgeld", "geldstrafe", "geldbuße"), "fine"),
        **dict.fromkeys(("investition", "investitionen"), "investment"),
        **dict.fromkeys(("anteil", "anteile", "anteilen", "beteiligung", "aktienpaket"), "stake"),
        **dict.fromkeys(("wachstum", "inflation", "inflationsrate", "teuerung", "arbeitslosenquote",
                         "quote", "marktanteil", "zinsen", "leitzins", "rendite"), "rate"),
        **dict.fromkeys(("lohn", "löhne", "gehalt", "gehälter", "gehaltserhöhung", "lohnerhöhung", "tarifsteigerung"),
                        "pay"),
        **dict.fromkeys(("schulden", "verbindlichkeiten"), "debt"),
        **dict.fromkeys(("vermögen",), "wealth"),
        **dict.fromkeys(("dividende",), "dividend"),
    },
    "en": {
        **dict.fromkeys(("revenue", "revenues", "sales"), "revenue"),
        **dict.fromkeys(("profit", "profits", "earnings"), "profit"),
        **dict.fromkeys(("loss", "losses", "deficit"), "loss"),
        **dict.fromkeys(("damage", "damages"), "damage"),
        **dict.fromkeys(("cost", "costs"), "cost"),
        **dict.fromkeys(("price", "prices", "costs"), "price"),
        **dict.fromkeys(("bailout", "package", "aid", "rescue"), "package"),
        **dict.fromkeys(("loan", "loans", "credit"), "credit"),
        **dict.fromkeys(("budget",), "budget"),
        **dict.fromkeys(("fine",), "fine"),
        **dict.fromkeys(("investment",), "investment"),
        **dict.fromkeys(("stake", "share", "shares"), "stake"),
        **dict.fromkeys(("growth", "inflation", "unemployment", "rate"), "rate"),
        **dict.fromkeys(("pay", "wages", "salary", "salaries"), "pay"),
        **dict.fromkeys(("debt",), "debt"),
    },
}

# "Weltweit sollen 12 000 Jobs wegfallen": the figure is about the whole world (or company), not the story's place
WORLDWIDE = frozenset({"weltweit", "konzernweit", "global", "weltweiten", "worldwide", "globally", "group-wide"})
WORLD_SUBJECT = "loc:world"

# Verbs that make a percentage a stake ("Der Bund übernimmt 30 Prozent des Konzerns", "take a 30% stake").
STAKE_VERBS = frozenset({"übernimmt", "übernehmen", "übernommen", "übernahm", "einstieg", "take", "takes", "acquire"})
# "19 Angehörige der Sicherheitskräfte", "18 members of the security forces": the group named after them
MEMBER_NOUNS = frozenset({"angehörige", "angehörigen", "mitglieder", "mitgliedern", "members", "member"})

# Units of measure after a number ("5 km Stau", "401 PS", "33,5 Grad") -> the unit as written in SI style.
MEASURE_UNITS: dict[str, dict[str, str]] = {
    "de": {
        "km": "km", "kilometer": "km", "kilometern": "km", "m": "m", "meter": "m", "metern": "m", "cm": "cm",
        "zentimeter": "cm", "mm": "mm", "millimeter": "mm", "qm": "m²", "m²": "m²", "quadratmeter": "m²",
        "quadratmetern": "m²", "quadratkilometer": "km²", "quadratkilometern": "km²", "km²": "km²",
        "hektar": "ha", "ha": "ha", "t": "t", "tonnen": "t", "tonne": "t", "kg": "kg", "kilogramm": "kg",
        "kilo": "kg", "g": "g", "gramm": "g", "mikrogramm": "µg", "mg": "mg", "milligramm": "mg",
        "liter": "l", "litern": "l", "hektoliter": "hl", "kubikmeter": "m³", "kubikmetern": "m³", "m³": "m³",
        "barrel": "bbl", "ps": "PS", "kw": "kW", "kilowatt": "kW", "mw": "MW", "megawatt": "MW",
        "gw": "GW", "gigawatt": "GW", "kwh": "kWh", "kilowattstunden": "kWh", "grad": "°", "°c": "°C",
        "°": "°", "km/h": "km/h", "stundenkilometer": "km/h", "stundenkilometern": "km/h", "knoten": "kn",
        "gigabyte": "GB", "gb": "GB", "terabyte": "TB", "tb": "TB", "megabyte": "MB", "mb": "MB",
        "zoll": "in", "dezibel": "dB", "volt": "V", "kilovolt": "kV", "meilen": "mi", "seemeilen": "nmi",
    },
    "en": {
        "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
        "metres": "m", "meters": "m", "metre": "m", "meter": "m", "miles": "mi", "mile": "mi", "feet": "ft",
        "foot": "ft", "ft": "ft", "inches": "in", "tons": "t", "tonnes": "t", "ton": "t", "tonne": "t",
        "kg": "kg", "kilograms": "kg", "kilos": "kg", "litres": "l", "liters": "l", "gallons": "gal",
        "barrels": "bbl", "acres": "ac", "hectares": "ha", "degrees": "°", "mph": "mph", "km/h": "km/h",
        "megawatts": "MW", "mw": "MW", "gigawatts": "GW", "gw": "GW", "kwh": "kWh", "horsepower": "hp",
    },
}
# A number after these is a magnitude, level or score, never a count ("Stärke 6,8", "magnitude 6.8").
MAGNITUDE_BEFORE = {"stärke", "magnitude", "windstärke", "richter-skala", "warnstufe", "alarmstufe"}
MAGNITUDE_AFTER = {"auf der richterskala", "on the richter scale", "auf der richter-skala"}
# "Zwei Tage nach dem Unglück", "20 Jahre zuvor", "two days after": an offset in time, not a duration.
OFFSET_AFTER = frozenset({"nach", "vor", "später", "zuvor", "danach", "früher", "darauf", "after", "before",
                          "later", "earlier", "on"})
# "die Zahl der Toten ... auf 225": a number without a head takes the noun counted by these.
NUMBER_OF = {"de": frozenset({"zahl", "anzahl", "gesamtzahl"}), "en": frozenset({"number", "total"})}
# "fast 900 der 1500 Flüge", "rund 550 ihrer 1250 Stellen": the words between a part and its whole.
PART_OF_WORDS = frozenset({"der", "von", "ihrer", "seiner", "ihren", "seinen", "unserer", "of", "its", "their",
                           "the", "den"})
COORDINATION = frozenset({"und", "oder", "bzw.", "beziehungsweise", "statt", "anstatt", "sowie", "and", "or",
                          "instead"})

# Words that never head a count even when capitalised.
NOT_HEADS = {
    "uhr", "prozent", "mal", "malen", "hälfte", "drittel", "viertel", "a.m.", "p.m.",
}

# --- stance ---------------------------------------------------------------------------
# An earlier figure quoted as history: the cue belongs to the nearest figure of its clause.
HISTORY_WORDS = {
    "de": frozenset({"zuvor", "vorher", "ursprünglich", "anfangs", "anfänglich", "zunächst", "vormals",
                     "vorjahr", "vorjahres", "vorjahreszeitraum", "vorjahresquartal", "vorjahresmonat"}),
    "en": frozenset({"previously", "earlier", "initially", "originally", "formerly"}),
}
# ... or the figure right after these: "1100 statt 1700", "von 164 auf 225", "up from 164"
HISTORY_BEFORE = {"de": frozenset({"statt", "anstatt"}), "en": frozenset({"instead"})}
# "von 164 auf 225", "rose from 164 to 225": the first figure is the earlier one
CHANGE_FROM = {"de": ("von", "auf"), "en": ("from", "to")}
CHANGE_VERBS_EN = frozenset({"rose", "risen", "increased", "climbed", "jumped", "grew", "fell", "dropped",
                             "declined", "rising", "up", "down", "revised", "raised", "lowered"})
# "hatten ... von 164 Toten gesprochen", "had put the toll at 164": a figure someone gave earlier
REPORTED_PARTICIPLES = {
    "de": frozenset({"gesprochen", "gemeldet", "genannt", "angegeben", "berichtet", "gezählt", "beziffert",
                     "geschätzt", "mitgeteilt", "bestätigt", "erklärt", "veröffentlicht", "registriert",
                     "ausgegangen", "gelegen"}),
    "en": frozenset({"said", "put", "given", "reported", "estimated", "counted", "stood", "announced",
                     "confirmed", "cited"}),
}
PLUPERFECT_AUX = {"de": frozenset({"hatte", "hatten", "war", "waren"}), "en": frozenset({"had"})}
# A plan, forecast or announcement: any of these in the figure's clause (or the clause it depends on).
PLAN_WORDS = {
    "de": frozenset({"soll", "sollen", "solle", "sollten", "sollte", "will", "wollen", "wolle", "wollte",
                     "wollten", "plant", "planen", "plante", "planten", "angekündigt", "kündigte",
                     "kündigten", "ankündigen", "kündigt", "droht", "drohen", "drohte", "drohten", "könnte",
                     "könnten", "würde", "würden", "wäre", "wären", "erwartet", "erwarten",
                     "erwartete", "erwarteten", "rechnet", "rechnen", "gerechnet", "prognostiziert", "vorgesehen",
                     "beabsichtigt", "voraussichtlich", "angestrebt", "anpeilt"}),
    "en": frozenset({"will", "would", "'ll", "plans", "plan", "planned", "planning", "expects", "expected",
                     "expect", "could", "may", "might", "forecast", "forecasts", "projected", "aims", "threatens",
                     "intends", "proposed", "scheduled", "set"}),
}
# "sollen ... im Einsatz gewesen sein", "soll ... getötet haben": reported speech, not a plan
REPORTED_INFINITIVES = frozenset({"sein", "haben"})
FUTURE_AUX_DE = frozenset({"wird", "werden", "werde", "würde", "würden"})

# --- hedges ---------------------------------------------------------------------------
# Each hedge (as lower-case token sequence) maps to a kind:
#   below  -> just below N            low = 0.9 N, high = N
#   about  -> symmetric around N      low = 0.9 N, high = 1.1 N
#   above  -> a little above N        low = N,     high = 1.1 N
#   over   -> more than N             low = N,     high = None  (N itself excluded)
#   min    -> N or more               low = N,     high = None
#   under  -> less than N             low = None,  high = N     (N itself excluded)
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
        ("mehr", "als"): "over", ("über",): "over", ("mindestens",): "min",
        ("wenigstens",): "min", ("zumindest",): "min", ("weit", "mehr", "als"): "over", ("weit", "über"): "over",
        ("mehr", "als", "nur"): "over", ("bis", "zu"): "max", ("höchstens",): "max",
        ("maximal",): "max", ("weniger", "als"): "under", ("unter",): "under",
        ("nicht", "mehr", "als"): "max", ("nur", "knapp"): "below", ("geschätzte",): "about",
        ("geschätzten",): "about",
    },
    "en": {
        ("nearly",): "below", ("almost",): "below", ("close", "to"): "below",
        ("just", "under"): "below", ("just", "below"): "below", ("approaching",): "below",
        ("about",): "about", ("around",): "about", ("roughly",): "about",
        ("approximately",): "about", ("some",): "about", ("an", "estimated"): "about",
        ("approx.",): "about", ("circa",): "about", ("ca.",): "about", ("c.",): "about",
        ("just", "over"): "above", ("just", "above"): "above", ("slightly", "more", "than"): "above",
        ("more", "than"): "over", ("over",): "over", ("at", "least"): "min",
        ("upwards", "of"): "over", ("no", "fewer", "than"): "min", ("no", "less", "than"): "min",
        ("well", "over"): "over", ("in", "excess", "of"): "over",
        ("up", "to"): "max", ("at", "most"): "max", ("as", "many", "as"): "max",
        ("fewer", "than"): "under", ("less", "than"): "under", ("under",): "under",
        ("no", "more", "than"): "max", ("below",): "under",
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
    "de": {("mehrere",), ("mehreren",), ("einige",), ("einigen",), ("ein", "paar"), ("etliche",), ("etlichen",),
           ("viele",), ("vielen",)},
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
