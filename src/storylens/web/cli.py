"""``storylens serve``: the web app over a store. The lead registers it in cli.py:

    from storylens.web.cli import serve_command
    app.command("serve")(serve_command)
"""

from __future__ import annotations

from pathlib import Path

import typer


def serve_command(
    db: Path = typer.Option(Path("storylens.db"), "--db", help="SQLite store to explore"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", help="port to listen on"),
    config: Path | None = typer.Option(None, "--config", help="settings TOML file"),
) -> None:
    """Explore a store in the browser: stories, compare, claims, upload, JSON API."""
    import uvicorn

    from storylens.settings import load_settings
    from storylens.web.app import DEFAULT_HOSTS, create_app

    settings = load_settings(config)
    app = create_app(db, settings, allowed_hosts=(*DEFAULT_HOSTS, host))
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: serving on {host}: anyone who can reach it can read and upload",
                   err=True)
    typer.echo(f"storylens: http://{host}:{port}/  (store {db})")
    uvicorn.run(app, host=host, port=port, log_level="info")
