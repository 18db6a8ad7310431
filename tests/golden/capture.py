"""What users see of the seed story, captured for the golden-output test (tests/test_golden.py).

``capture(db)`` renders, from a database holding the ingested seeds: ``stories --json``,
``show --json``, the four exports, the JSON API's story, article and entity answers, and the
visible text of the HTML pages. Values that change on every run (ingest times) are blanked.

Regenerate the files after an intended change of output, and say in the commit what changed::

    .venv/bin/python tests/golden/capture.py --write
"""

from __future__ import annotations

import html.parser
import json
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEEDS = ROOT / "src" / "storyline" / "examples" / "seeds"
VOLATILE = {"ingested_at", "at", "fetched_at", "detected_at", "assigned_at", "created_at"}


def _scrub(value):
    if isinstance(value, dict):
        return {k: ("…" if k in VOLATILE and v is not None else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _json(value) -> str:
    return json.dumps(_scrub(value), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


class _Text(html.parser.HTMLParser):
    """The words a reader sees: text outside <script>/<style>, one line per block."""

    BLOCK = {"p", "li", "tr", "h1", "h2", "h3", "h4", "section", "header", "div", "ol", "ul", "table", "figure",
             "figcaption", "form", "br", "dt", "dd", "nav", "footer", "article", "aside", "label", "option"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg", "title"):
            self.skip += 1
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg", "title"):
            self.skip -= 1
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def page_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.out).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def ingest_seeds(db: Path) -> None:
    from typer.testing import CliRunner

    from storyline.cli import app

    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output


def capture(db: Path) -> dict[str, str]:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from storyline.cli import app
    from storyline.serve import create_app

    runner = CliRunner()

    def cli(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    out: dict[str, str] = {}
    stories = json.loads(cli("stories", "--json"))
    sid = stories[0]["id"]
    out["stories.json"] = _json(stories)
    out["show.json"] = _json(json.loads(cli("show", sid, "--json")))
    out["export.json"] = _json(json.loads(cli("export", sid, "--format", "json")))
    for fmt in ("md", "csv", "html"):
        out[f"export.{fmt}"] = cli("export", sid, "--format", fmt)
    article_ids = [a["id"] for a in stories[0]["articles"]]
    with TestClient(create_app(db, token=None)) as client:
        def get(path: str, **headers: str):
            r = client.get(path, headers=headers, follow_redirects=False)
            assert r.status_code == 200, (path, r.status_code)
            return r

        out["api-stories.json"] = _json(get("/api/stories").json())
        out["api-story.json"] = _json(get(f"/api/stories/{sid}").json())
        out["api-entities.json"] = _json(get("/api/entities").json())
        for n, aid in enumerate(article_ids):
            out[f"api-article-{n}.json"] = _json(get(f"/api/articles/{aid}").json())
        for lang in ("en", "de"):
            pages = {"home": "/", "story": f"/stories/{sid}", "entities": "/entities",
                     "search": "/search?q=Festnahmen", **{f"article-{n}": f"/articles/{aid}"
                                                         for n, aid in enumerate(article_ids)}}
            for name, path in pages.items():
                sep = "&" if "?" in path else "?"
                out[f"page-{name}.{lang}.txt"] = page_text(get(f"{path}{sep}lang={lang}").text)
    return out


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "golden.db"
        ingest_seeds(db)
        files = capture(db)
    if "--write" not in argv:
        print("\n".join(sorted(files)))
        return 0
    for old in HERE.glob("out/*"):
        old.unlink()
    (HERE / "out").mkdir(exist_ok=True)
    for name, text in files.items():
        (HERE / "out" / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {HERE / 'out'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
