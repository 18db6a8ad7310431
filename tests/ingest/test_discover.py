from pathlib import Path

from storyline.ingest import read_paths
from storyline.ingest.errors import Rejection


def test_directory_is_read_recursively_and_bad_files_are_named(seeds_dir: Path):
    nested = seeds_dir / "more" / "deeper"
    nested.mkdir(parents=True)
    (nested / "empty.txt").write_bytes(b"")
    (nested / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (nested / "month13.txt").write_text("date 2022-13\nText.", encoding="utf-8")
    (nested / "ok.txt").write_bytes("date 2022-01-20\nMünchen und Köln: Grüße.".encode("latin-1"))
    (seeds_dir / ".hidden.txt").write_text("date 2022\nx", encoding="utf-8")
    items = list(read_paths([seeds_dir]))
    rejected = {Path(i.origin).name: i.reason for i in items if isinstance(i, Rejection)}
    articles = [i for i in items if not isinstance(i, Rejection)]
    assert sorted(rejected) == ["binary.bin", "empty.txt", "month13.txt"]
    assert "empty" in rejected["empty.txt"]
    assert "binary" in rejected["binary.bin"]
    assert "month 13" in rejected["month13.txt"]
    assert len(articles) == 3
    assert any(a.text == "München und Köln: Grüße." for a in articles)


def test_missing_path_is_a_rejection(tmp_path: Path):
    (item,) = list(read_paths([tmp_path / "nope.txt"]))
    assert isinstance(item, Rejection) and "no such file" in item.reason
