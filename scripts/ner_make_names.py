#!/usr/bin/env python
"""Write src/storyline/data/person_names.tsv: first and last names that the NER model sees
as a token feature (FIRST / LAST) in training and at run time.

Source: the name lists of the Faker package (MIT licence), several European locales;
Russian and Ukrainian names are transliterated both the German way (Sergej Schoigu) and
the English way (Sergei Shoigu). Faker is needed only to regenerate the file:
  pip install --target /tmp/fakerlib faker && PYTHONPATH=/tmp/fakerlib .venv/bin/python scripts/ner_make_names.py
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "storyline" / "data" / "person_names.tsv"
LATIN = ["de_DE", "de_AT", "de_CH", "en_US", "en_GB", "fr_FR", "it_IT", "es_ES", "pl_PL", "nl_NL", "tr_TR",
         "cs_CZ", "pt_BR", "sv_SE", "hu_HU", "ro_RO", "hr_HR", "fi_FI", "da_DK", "no_NO"]
CYRILLIC = ["ru_RU", "uk_UA", "bg_BG"]

_DE = {"а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch", "з": "s", "и": "i",
       "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
       "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y",
       "ь": "", "э": "e", "ю": "ju", "я": "ja", "і": "i", "ї": "ji", "є": "je", "ґ": "g"}
_EN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
       "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
       "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
       "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}


def translit(name: str, table: dict[str, str]) -> str:
    out = "".join(table.get(c, table.get(c.lower(), c)) if c.islower() else table.get(c.lower(), c).capitalize()
                  for c in name)
    if table is _DE:
        out = re.sub(r"(?<=[aeiouy])s(?=[aeiouy])", "ss", out)  # Massimow
    return out


def names(locale: str, attr: str) -> list[str]:
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ModuleNotFoundError:
        return []
    out: list[str] = []
    for a in (attr, f"{attr}_male", f"{attr}_female"):
        value = getattr(provider, a, None)
        if value:
            out.extend(value.keys() if isinstance(value, dict) else value)
    return out


def main() -> int:
    first: set[str] = set()
    last: set[str] = set()
    ok = re.compile(r"^[A-ZÀ-ÞŁŚŻŹĆŃŠŽČŘĎŤŇ][A-Za-zÀ-ÿĀ-žḀ-ỿ'’-]+$")
    for loc in LATIN:
        first.update(n for n in names(loc, "first_names") if ok.match(n))
        last.update(n for n in names(loc, "last_names") if ok.match(n))
    for loc in CYRILLIC:
        for table in (_DE, _EN):
            first.update(translit(n, table) for n in names(loc, "first_names"))
            last.update(translit(n, table) for n in names(loc, "last_names"))
    first = {n for n in first if len(n) > 2 and ok.match(n)}
    last = {n for n in last if len(n) > 2 and ok.match(n)} - first
    OUT.write_text("".join(f"F\t{n}\n" for n in sorted(first)) + "".join(f"L\t{n}\n" for n in sorted(last)),
                   encoding="utf-8")
    print(f"wrote {OUT}: {len(first)} first names, {len(last)} last names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
