"""Words every entity module reads: accent folding and the titles, role nouns and name particles
that stand around person names.

Its own module so that the gazetteer (which classes title words for the model) and canonical
(which strips them) both read them without importing each other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# fold() and _word_norm() run on every token of every sentence (model features, rules,
# canonical keys), several times per token; recomputing the NFKD decomposition was
# ~10 % of analysis time (bench: analysis). Word forms repeat heavily (Zipf), so a
# bounded cache returns the same strings at a fraction of the cost; the bound keeps a
# long-running server from growing without limit on an open vocabulary.
_WORD_CACHE = 1 << 16


@lru_cache(maxsize=_WORD_CACHE)
def fold(text: str) -> str:
    """Lowercase without diacritics: ``Österreich`` -> ``osterreich``; ``ß`` -> ``ss``."""
    text = text.replace("ß", "ss").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


TITLES = {fold(w) for w in """
Präsident Präsidentin Vizepräsident Vizepräsidentin Staatspräsident Staatspräsidentin Staatschef Staatschefin
Kanzler Kanzlerin Bundeskanzler Bundeskanzlerin Vizekanzler Ministerpräsident Ministerpräsidentin Premier
Premierminister Premierministerin Regierungschef Regierungschefin Minister Ministerin Bundesminister
Bundespräsident Bürgermeister Bürgermeisterin Oberbürgermeister Gouverneur Botschafter Botschafterin
Sprecher Sprecherin Kremlsprecher Regierungssprecher Chef Chefin Ex-Präsident Ex-Chef Expräsident Altkanzler
König Königin Prinz Prinzessin Papst Kardinal Bischof Pfarrer Scheich Emir General Oberst Generalsekretär
Generalsekretärin Vorsitzende Vorsitzender Parteichef Parteichefin Anwalt Anwältin Richter Richterin
Bundesrat Bundesrätin Nationalrat Nationalrätin Ständerat Ständerätin Landrat Landrätin
Herr Herrn Frau Dr Dr. Prof Prof. Professor Professorin Mr Mr. Mrs Mrs. Ms Ms. Sir Dame Lord Lady
President Vice Prime Chancellor Minister Secretary Spokesman Spokeswoman Spokesperson Governor Mayor
Senator Rep. Sen. Gov. Gen. Col. Lt. Sgt. Capt. King Queen Prince Princess Pope Chairman Chairwoman Chief
Leader Ambassador Judge Justice Foreign Defence Defense Interior Finance State Deputy Former Ex Late Dictator
Cardinal Archbishop Bishop Ayatollah Sheikh Commissioner Professor Coach Captain Pastor Rabbi Imam
Constable Attorney Officer Sergeant Detective Inspector Lieutenant Commander Sheriff Trooper Superintendent
Congressman Congresswoman Councilman Councilwoman Councillor Representative Director Manager Surgeon
Diktator Autokrat Machthaber Herrscher Oppositionsführer Oppositionelle Oppositioneller Kremlchef Kremlkritiker
""".split()}
TITLE_SUFFIXES = ("minister", "ministerin", "präsident", "präsidentin", "sprecher", "sprecherin", "chef", "chefin",
                  "kanzler", "kanzlerin", "führer", "führerin", "kandidat", "kandidatin", "vorsitzende",
                  "vorsitzender", "sekretär", "sekretärin", "botschafter", "general", "kommandeur", "herrscher")
ROLE_NOUNS = {fold(w) for w in """
Vorgänger Vorgängerin Nachfolger Nachfolgerin Witwe Witwer Sohn Tochter Frau Mann Ehefrau Ehemann Bruder Schwester
Vater Mutter Regierung Partei Anhänger Anhängerin Gegner Gegnerin Vertraute Vertrauten Vertrauter Berater Beraterin
Team Lager Familie Clan Regime Administration Sprecher Sprecherin Anwalt Anwältin predecessor successor widow son
daughter wife husband brother sister father mother government party supporters administration aide aides team
Onkel Tante Neffe Nichte Enkel Enkelin Großvater Großmutter Urgroßvater Urgroßmutter Urgroßonkel Cousin Cousine
Schwager Schwägerin Schwiegersohn Schwiegertochter Schwiegervater Schwiegermutter Verlobte Verlobter uncle aunt
nephew niece grandson granddaughter grandfather grandmother cousin fiancée fiance fiancé
""".split()}
SLAVIC_SURNAME = re.compile(r"(?:ow|ew|jew|ev|yev|ov|owa|ewa|ova|eva|enko|ski|sky|skij|skyj|skiy|wili|vili|dse|dze)s?$")
PARTICLES = {"von", "van", "de", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "ibn", "al", "el", "zu", "ten", "ter"}
