import json
from pathlib import Path

from storyline.ingest.errors import Rejection
from storyline.ingest.jsonl import read_jsonl


def test_jsonl_records_and_rejections(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "date": "2014-03-10T16:52:50Z", "title": "Fed official says", "text": "", "source": "Reuters", "lang": "en"}),
        json.dumps({"date": "2022-01", "text": "Ein Text.", "url": "https://example.org/a"}),
        "{not json",
        json.dumps({"date": "2022-13", "text": "x"}),
        json.dumps({"text": 5}),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_jsonl(path))
    articles = [i for i in items if not isinstance(i, Rejection)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert len(articles) == 2 and len(rejections) == 3
    first, second = articles
    assert first.title == "Fed official says" and first.source == "Reuters" and first.lang == "en"
    assert first.date.precision == "time" and first.date.iso() == "2014-03-10T16:52:50"
    assert second.source == "feed.jsonl" and second.date.precision == "month" and second.url == "https://example.org/a"
    reasons = {r.origin.rsplit(":", 1)[1]: r.reason for r in rejections}
    assert "invalid JSON" in reasons["3"]
    assert "month 13" in reasons["4"]
    assert "'text'" in reasons["5"]
