"""The local web app (``storylens serve``): ``create_app(db_path, settings) -> FastAPI``."""

from __future__ import annotations

from storylens.web.app import create_app

__all__ = ["create_app"]
