"""The web's CLI verbs: `casewatch serve`, `casewatch users add|list|passwd|disable|enable|role|sessions|logout`,
`casewatch tokens create|list|revoke`."""

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

    Sessions are kept in the database (`casewatch users sessions` lists them); CSRF tokens are signed
    with CASEWATCH_SECRET (random per start when unset). There are no default accounts: add one with
    `casewatch users add NAME --role admin` first.
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


def _when(value: Any) -> str:
    return "-" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"


@users.command("passwd")
@click.argument("name")
@click.pass_context
def users_passwd(ctx: click.Context, name: str) -> None:
    """Set a new password for NAME (prompted, or one line from stdin) and end their web sessions."""
    from casewatch.web import accounts

    password = _read_password(name)
    with _store(ctx) as store:
        ended = accounts.set_password(store, name, password, actor=_actor())
    click.echo(f"password of {name} changed; {ended} web session(s) ended")


@users.command("disable")
@click.argument("name")
@click.pass_context
def users_disable(ctx: click.Context, name: str) -> None:
    """Disable NAME: their logins, web sessions and API tokens stop working at once."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        ended = accounts.set_disabled(store, name, True, actor=_actor())
    click.echo(f"disabled {name}; {ended} web session(s) ended")


@users.command("enable")
@click.argument("name")
@click.pass_context
def users_enable(ctx: click.Context, name: str) -> None:
    """Enable NAME again (their unrevoked API tokens work again; they log in anew)."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        accounts.set_disabled(store, name, False, actor=_actor())
    click.echo(f"enabled {name}")


@users.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["viewer", "reviewer", "admin"]))
@click.pass_context
def users_role(ctx: click.Context, name: str, role: str) -> None:
    """Change the role of NAME (takes effect on their next request)."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        user = accounts.set_role(store, name, role, actor=_actor())
    click.echo(f"{user.name} is now {user.role}")


@users.command("sessions")
@click.argument("name", required=False)
@click.option("--all", "show_all", is_flag=True, help="Also list ended and expired sessions.")
@click.pass_context
def users_sessions(ctx: click.Context, name: str | None, show_all: bool) -> None:
    """List web sessions (live ones unless --all), of NAME or of everyone, newest first."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        found = accounts.list_sessions(store, name, live_only=not show_all)
    for item in found:
        state = "live" if item.active else ("revoked" if item.revoked_at is not None else "expired")
        click.echo(f"{item.id}\t{item.user}\t{state}\tstarted {_when(item.created_at)}\t"
                   f"last seen {_when(item.last_seen_at)}\texpires {_when(item.expires_at)}")
    if not found:
        click.echo("no live web sessions" if not show_all else "no web sessions", err=True)


@users.command("logout")
@click.argument("name")
@click.pass_context
def users_logout(ctx: click.Context, name: str) -> None:
    """End every web session of NAME ("log out everywhere", e.g. after a lost laptop)."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        ended = accounts.end_sessions(store, name, actor=_actor())
    click.echo(f"ended {ended} web session(s) of {name}")


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


@tokens.command("list")
@click.argument("name", required=False)
@click.pass_context
def tokens_list(ctx: click.Context, name: str | None) -> None:
    """List API tokens (of user NAME, or all): id, user, label, created, last used, revoked."""
    from casewatch.web import accounts

    with _store(ctx) as store:
        found = accounts.list_tokens(store, name)
    for tok in found:
        state = f"revoked {_when(tok.revoked_at)}" if tok.revoked_at is not None else "active"
        click.echo(f"{tok.id}\t{tok.user}\t{tok.name}\tcreated {_when(tok.created_at)}\t"
                   f"last used {_when(tok.last_used_at)}\t{state}")
    if not found:
        click.echo("no API tokens", err=True)


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
