"""``storylens serve``: the web app over a store. The lead registers it in cli.py:

    from storylens.web.cli import serve_command
    app.command("serve")(serve_command)

On a loopback address it serves as before (no sign-in). On any other address it refuses to
start unless an access token is configured (``--token-file`` or ``STORYLENS_TOKEN``); then
every page and API call needs it (docs/decisions/0702).
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import typer

LOOPBACK_NAMES = ("localhost",)
TOKEN_ENV = "STORYLENS_TOKEN"
MIN_TOKEN_CHARS = 16


def is_loopback(host: str) -> bool:
    """True for localhost and 127.0.0.0/8 / ::1 literals."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_token(token_file: Path | None) -> str | None:
    """The access token from ``--token-file`` (first line) or ``$STORYLENS_TOKEN``."""
    if token_file is not None:
        lines = token_file.read_text(encoding="utf-8").splitlines()
        return lines[0].strip() if lines and lines[0].strip() else None
    value = os.environ.get(TOKEN_ENV, "").strip()
    return value or None


def serve_command(
    db: str = typer.Option("storylens.db", "--db", help="store to explore: an SQLite file or "
                           "postgresql://USER@HOST:PORT/DB (cluster extra)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", help="port to listen on"),
    config: Path | None = typer.Option(None, "--config", help="settings TOML file"),
    token_file: Path | None = typer.Option(
        None, "--token-file",
        help=f"file whose first line is the access token (else ${TOKEN_ENV}); required on "
             "a non-loopback --host; every page and API call then needs it"),
    allow_host: list[str] = typer.Option(
        [], "--allow-host",
        help="extra Host header value to accept (the name users type), repeatable; on "
             "0.0.0.0 or :: with a token, any Host is accepted"),
) -> None:
    """Explore a store in the browser: stories, compare, claims, upload, JSON API."""
    import uvicorn

    from storylens.settings import load_settings
    from storylens.web.app import DEFAULT_HOSTS, create_app

    try:
        token = read_token(token_file)
    except OSError as exc:
        typer.echo(f"error: cannot read --token-file: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        typer.echo(f"error: the access token must be at least {MIN_TOKEN_CHARS} characters "
                   "(try: python3 -c 'import secrets; print(secrets.token_urlsafe(24))')",
                   err=True)
        raise typer.Exit(2)
    if token is None and not is_loopback(host):
        typer.echo(f"error: refusing to serve on {host} without an access token: anyone who "
                   f"can reach it could read and upload. Set ${TOKEN_ENV} or --token-file "
                   "(see README, 'Serving to a team'), or serve on 127.0.0.1.", err=True)
        raise typer.Exit(2)
    settings = load_settings(config)
    hosts: tuple[str, ...] = (*DEFAULT_HOSTS, host, *allow_host)
    if token is not None and host.strip("[]") in ("0.0.0.0", "::"):
        hosts = ("*",)  # every name of the machine; the token guards against rebinding
    from storylens.store import display_name, is_url

    store_ref: Path | str = db if is_url(db) else Path(db)
    app = create_app(store_ref, settings, allowed_hosts=hosts, token=token)
    where = "sign-in required" if token else "no sign-in: loopback only"
    typer.echo(f"storylens: http://{host}:{port}/  (store {display_name(db)}; {where})")
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=5,
                limit_concurrency=64)
