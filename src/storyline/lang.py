"""The languages storyline analyses, and the calendar words every stage reads and writes.

One home for what was written out in many places: a reader that parses "11. Januar 2022",
the time expressions of analysis, the synthesis' dates in words and the UI all use these.
"""

from __future__ import annotations

HANDLED: tuple[str, ...] = ("de", "en")  # analysed fully; other languages are stored, not analysed

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
WEEKDAY_NAMES: dict[str, tuple[str, ...]] = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

# the abbreviations newsrooms write (followed by a full stop in running text), with their month
MONTH_ABBREVIATIONS: dict[str, dict[str, int]] = {
    "de": {"Jan": 1, "Feb": 2, "Febr": 2, "Mär": 3, "Mrz": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sept": 9,
           "Sep": 9, "Okt": 10, "Nov": 11, "Dez": 12},
    "en": {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sept": 9, "Sep": 9, "Oct": 10,
           "Nov": 11, "Dec": 12},
}
MONTH_VARIANTS: dict[str, dict[str, int]] = {"de": {"Jänner": 1, "Feber": 2}, "en": {}}  # Austrian German

# lower-cased word (without a trailing full stop) -> month 1-12, both languages, with the abbreviations,
# variants and the transliterations of umlauts ("Maerz", "Jaenner")
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): n for names in MONTH_NAMES.values() for n, name in enumerate(names, 1)},
    **{w.lower(): n for table in (*MONTH_VARIANTS.values(), *MONTH_ABBREVIATIONS.values()) for w, n in table.items()},
    "jaenner": 1, "maerz": 3,
}


def month_pattern(lang: str, group: str = "mon") -> str:
    """A regex alternative of a language's month names, variants and abbreviations (with their full stop)."""
    words = [*MONTH_NAMES[lang], *MONTH_VARIANTS[lang]]
    words += [a + "." for a in MONTH_ABBREVIATIONS[lang]]
    alts = "|".join(w.replace(".", r"\.") for w in sorted(words, key=len, reverse=True))
    return f"(?P<{group}>{alts})" if group else f"(?:{alts})"


def weekday_pattern(lang: str, group: str | None = "wd") -> str:
    words = [*WEEKDAY_NAMES[lang], *(("Sonnabend",) if lang == "de" else ())]
    alts = "|".join(sorted(words, key=len, reverse=True))
    return f"(?P<{group}>{alts})" if group else f"(?:{alts})"


# lower-cased weekday -> 0 (Monday) .. 6 (Sunday); "Sonnabend" is northern German for Saturday
WEEKDAY_NUMBERS: dict[str, int] = {
    **{name.lower(): n for names in WEEKDAY_NAMES.values() for n, name in enumerate(names)},
    "sonnabend": 5,
}


def month_name(month: int, lang: str) -> str:
    return MONTH_NAMES.get(lang, MONTH_NAMES["en"])[month - 1]
