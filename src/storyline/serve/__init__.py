"""HTTP API and web UI over the store: ``create_app(db_path)``; ``storyline serve`` runs it with uvicorn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_path: Any, **kwargs: Any) -> "FastAPI":
    from storyline.serve.app import create_app as _create

    return _create(db_path, **kwargs)


__all__ = ["create_app"]
