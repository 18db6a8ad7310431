"""``storyline serve``: the web UI and JSON API with uvicorn."""

# No ``from __future__ import annotations``: typer must see the option types.
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from storyline.cli import DbOption, db_path
from storyline.store import describe


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        db: DbOption = None,
        host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
        max_body: Annotated[Optional[int], typer.Option("--max-body", help="Largest POST body in bytes \\[env STORYLINE_MAX_BODY; default 2 MiB].")] = None,
    ) -> None:
        """Web UI and JSON API on http://HOST:PORT (writes need env STORYLINE_TOKEN)."""
        import uvicorn

        from storyline.serve.app import create_app

        path = db_path(db)
        application = create_app(path, max_body=max_body)
        writes = "enabled (Bearer token from STORYLINE_TOKEN)" if os.environ.get("STORYLINE_TOKEN") else \
            "disabled (set STORYLINE_TOKEN to accept POST /articles)"
        typer.echo(f"storyline on http://{host}:{port}/ over {describe(path)}; API at /api, schema at /openapi.json; writes {writes}",
                   err=True)
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
