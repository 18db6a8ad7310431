from pathlib import Path

import pytest

from storyline.ingest.errors import InputError
from storyline.ingest.textfile import parse_text, read_text_file
from storyline.types import PartialDate


def test_seed_keeps_month_precision(seed_paths):
    article = read_text_file(seed_paths[0])
    assert article.date == PartialDate(2022, 1)
    assert article.date.precision == "month"
    assert article.date.iso() == "2022-01"
    assert article.source == seed_paths[0].name
    assert article.title is None
    assert article.text.startswith("Russlands Präsident Wladimir Putin")


@pytest.mark.parametrize(
    "header, iso, precision",
    [
        ("date 2022", "2022", "year"),
        ("date 2022-01", "2022-01", "month"),
        ("date 2022-01-14", "2022-01-14", "day"),
        ("date 2022-01-14 14:03", "2022-01-14T14:03", "time"),
        ("date 2022-01-14T09:05:00", "2022-01-14T09:05:00", "time"),
    ],
)
def test_header_precisions(header, iso, precision):
    article = parse_text(f"\n  {header}\nText des Artikels.\n\nZweiter Absatz.", source="x.txt")
    assert article.date.iso() == iso
    assert article.date.precision == precision
    assert article.text == "Text des Artikels.\n\nZweiter Absatz."


@pytest.mark.parametrize(
    "content, reason",
    [
        ("date 2022-13\nText.", "month 13"),
        ("date 2022-02-30\nText.", "day 30"),
        ("Kein Kopf.\nText.", "missing header"),
        ("date 2022-01\n   \n", "no text"),
    ],
)
def test_bad_headers_are_named(content, reason):
    with pytest.raises(InputError, match=reason):
        parse_text(content, source="bad.txt")


def test_latin1_file_is_decoded(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    body = "Die Rückverlegung der Soldaten aus Kasachstan beginnt. Größere Städte wurden überwacht, heißt es."
    path.write_bytes(f"date 2022-01-20\n{body}\n".encode("latin-1"))
    article = read_text_file(path)
    assert article.text == body
    assert article.date.precision == "day"


def test_cp1252_quotes(tmp_path: Path):
    path = tmp_path / "cp.txt"
    body = "„Alles lief wie ein Uhrwerk ab“, sagte er – über die Lage in Kasachstan äußerte er sich nicht."
    path.write_bytes(f"date 2022-01\n{body}".encode("cp1252"))
    assert read_text_file(path).text == body


def test_same_content_same_id(seed_paths, tmp_path: Path):
    a = read_text_file(seed_paths[0])
    copy = tmp_path / "renamed.txt"
    copy.write_text("   " + seed_paths[0].read_text(encoding="utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8")
    assert read_text_file(copy).id == a.id
