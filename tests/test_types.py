import datetime as dt

import pytest
from hypothesis import given, strategies as st

from storyline.types import Analysis, Entity, Fact, Mention, PartialDate, Place, from_plain, to_plain


def test_month_date_is_a_range_not_the_first():
    d = PartialDate.parse("2022-01")
    assert d.precision == "month" and d.day is None
    assert (d.first_day(), d.last_day()) == (dt.date(2022, 1, 1), dt.date(2022, 1, 31))


@pytest.mark.parametrize("bad", ["2022-13", "2022-02-29", "22-01", "2022-1-1x", "", "2022-01-01T25:00"])
def test_bad_dates_raise(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_iso_round_trip(d, precision):
    pd = PartialDate(d.year, d.month if precision != "year" else None, d.day if precision == "day" else None)
    assert PartialDate.parse(pd.iso()) == pd
    assert pd.first_day() <= d <= pd.last_day() or precision == "day" and pd.first_day() == d


def test_analysis_round_trips_through_plain_json():
    a = Analysis(
        "x", "de", 0.9,
        entities=[Entity("loc:iso:KZ", "Kasachstan", "LOC", [Mention("Kasachstan", 3, 13, 0)], Place("iso:KZ", "KZ", 48.0, 68.0))],
        facts=[Fact("killed", 164, 164, None, "people", "nach Angaben der Regierung", "164 Menschen", 0, 5, 17)],
    )
    assert from_plain(Analysis, to_plain(a)) == a
