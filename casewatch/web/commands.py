"""The web's CLI verbs: `casewatch serve`, `casewatch users add|list`, `casewatch tokens create|revoke`."""

from __future__ import annotations

import getpass
import sys
from typing import Any

import click


def _store(ctx: click.Context) -> Any:
    from casewatch.store import open_store

    return open_store(ctx.obj["db"])


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--secure-cookies/--no-secure-cookies", default=False, show_default=True,
              help="Mark cookies Secure; use when served over HTTPS (behind a TLS proxy).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, secure_cookies: bool) -> None:
    """Serve the web app and the REST API (/api/v1) over the database.

    Sessions are signed with CASEWATCH_SECRET (random per start when unset). There are no default
    accounts: add one with `casewatch users add NAME --role admin` first.
    """
    import uvicorn

    from casewatch.web.app import create_app

    store = _store(ctx)
    app = create_app(store, secure_cookies=secure_cookies)
    click.echo(f"casewatch serving {store.url} at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=secure_cookies,
                server_header=False)


@click.group()
def users() -> None:
    """Web users and their roles (viewer, reviewer, admin)."""


def _read_password(name: str) -> str:
    if sys.stdin.isatty():
        value: str = click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
        return value
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "reviewer", "admin"]), required=True,
              help="What the user may do: viewer reads, reviewer also decides and adds, admin also audits.")
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str) -> None:
    """Add a user; the password is prompted for, or read as one line from stdin."""
    from casewatch.web import accounts

    password = _read_password(name)
    with _store(ctx) as store:
        user = accounts.add_user(store, name, role, password, actor=_actor())
    click.echo(f"added {user.name} ({user.role})")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List users: name, role, and whether they are disabled."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        for user in accounts.list_users(store):
            state = " disabled" if user.disabled else ""
            click.echo(f"{user.id}\t{user.name}\t{user.role}{state}")


@click.group()
def tokens() -> None:
    """API tokens (sent as 'Authorization: Bearer …')."""


@tokens.command("create")
@click.argument("name")
@click.option("--label", default="cli", show_default=True, help="What the token is for, to recognise it later.")
@click.pass_context
def tokens_create(ctx: click.Context, name: str, label: str) -> None:
    """Create an API token for user NAME and print it once; only its hash is stored."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        token = accounts.create_token(store, name, label, actor=_actor())
    click.echo(token)


@tokens.command("revoke")
@click.argument("token_id", type=int)
@click.pass_context
def tokens_revoke(ctx: click.Context, token_id: int) -> None:
    """Revoke the API token with id TOKEN_ID (its requests are refused from now on)."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        accounts.revoke_token(store, token_id, actor=_actor())
    click.echo(f"revoked token {token_id}")


def register(group: click.Group) -> None:
    """Add the web's commands to the `casewatch` group."""
    for command in (serve, users, tokens):
        group.add_command(command)
