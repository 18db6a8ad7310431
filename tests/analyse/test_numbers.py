"""Number parsing: digit groups by language and shape, number words, hedge intervals."""

from __future__ import annotations

import pytest

from storyline.analyse.numbers import (
    interval,
    is_year_shape,
    parse_attached,
    parse_digits,
    parse_number_text,
    parse_word_de,
    parse_words_en,
)


@pytest.mark.parametrize(
    ("text", "lang", "scaled", "value"),
    [
        ("10.000", "de", False, 10000),
        ("2.500", "de", False, 2500),
        ("1.234.567,5", "de", False, 1234567.5),
        ("1,5", "de", True, 1.5),
        ("1,5", "de", False, 1.5),
        ("2000", "de", False, 2000),
        ("10,000", "en", False, 10000),
        ("1.5", "en", True, 1.5),
        ("1.5", "en", False, 1.5),
        ("1,234.5", "en", False, 1234.5),
        ("1.234.567", "en", False, 1234567),  # several dot groups: thousands in any language
        ("1,500", "de", True, 1.5),  # "1,500 Millionen"
        ("1.125", "en", True, 1.125),  # "1.125 million"
    ],
)
def test_digits(text: str, lang: str, scaled: bool, value: float) -> None:
    assert parse_digits(text, lang, scaled) == value


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("10,000", "de"),  # English thousands or a three-decimal German number: ambiguous
        ("2.500", "en"),  # German thousands or 2.5: ambiguous
        ("1.5", "de"),  # an English decimal in German text, or a date piece
        ("030", "de"),  # leading zero: an area code
        ("1234567890", "en"),  # too long: a phone or account number
        ("1,5", "en"),
    ],
)
def test_ambiguous_or_identifier_digits_give_none(text: str, lang: str) -> None:
    assert parse_digits(text, lang) is None


def test_attached_scales() -> None:
    assert parse_attached("3bn", "en") == 3e9
    assert parse_attached("5m", "en") == 5e6
    assert parse_attached("2Mio", "de") == 2e6
    assert parse_attached("Mio", "de") is None


def test_german_words() -> None:
    assert parse_word_de("zehn") == 10
    assert parse_word_de("zweitausend") == 2000
    assert parse_word_de("zweitausendfünfhundert") == 2500
    assert parse_word_de("einundzwanzig") == 21
    assert parse_word_de("eineinhalb") == 1.5
    # the article is never a number, nor words that only start like one
    for word in ("ein", "eine", "und", "neuntgrößten", "achtung", "elfmeter"):
        assert parse_word_de(word) is None


def test_english_words() -> None:
    assert parse_words_en(("ten",)) == 10
    assert parse_words_en(("two", "thousand", "five", "hundred")) == 2500
    assert parse_words_en(("twenty", "-", "five")) == 25
    assert parse_words_en(("one",)) is None  # "one of them": a pronoun
    assert parse_number_text("twenty-five", "en") == 25
    assert parse_number_text("zehn", "de") == 10
    assert parse_number_text("10.000", "de") == 10000


def test_intervals() -> None:
    assert interval(10000, "below") == (9000, 10000)
    assert interval(2500, "about") == (2250, 2750)
    assert interval(100, "above") == (100, 110)
    assert interval(2000, "min") == (2000, None)
    assert interval(500, "max") == (None, 500)
    assert interval(164, None) == (164, 164)
    lo, hi = interval(5, "about")
    assert (lo, hi) == (4, 6)  # integer counts keep integer bounds
    lo, hi = interval(5.5, "about")
    assert lo == pytest.approx(4.95) and hi == pytest.approx(6.05)


def test_year_shape() -> None:
    assert is_year_shape("2022") and is_year_shape("1991")
    assert not is_year_shape("164") and not is_year_shape("10.000") and not is_year_shape("3000")
