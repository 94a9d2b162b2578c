"""CLI verbs for watching and exporting: `watch add|list|remove|run`, `follow`, `unfollow`, `dossier`, `export`.

``casewatch.cli`` calls :func:`register` once, at its end; ``export`` replaces the basic one there and keeps
its options (``--format json|csv --out``) working the same way.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import click

from casewatch.core import ontology
from casewatch.core.errors import InputError

_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(value: str) -> int:
    """Seconds in ``15m``, ``1h``, ``30s``, ``1d`` or a bare number of minutes; at least one second."""
    found = _EVERY.match(value or "")
    if not found or int(found.group(1)) == 0:
        raise click.BadParameter(f"{value!r} is not an interval; write 15m, 1h, 30s or 1d", param_hint="--every")
    return int(found.group(1)) * _UNITS[found.group(2)]


def _error(message: str) -> None:
    """One line on stderr per problem, never wrapped (the same shape as casewatch.cli's errors)."""
    click.echo(f"error: {' '.join(message.split())}", err=True)


def _console() -> Any:
    # Not casewatch.cli's console: cli imports this module, and imports point one way only.
    import sys

    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


def _store(ctx: click.Context) -> Any:
    from casewatch.store import open_store

    return open_store(ctx.obj["db"])


def _write(text: str, out: str | None, default_name: str) -> None:
    """Write to ``out`` (a file, or a folder that gets ``default_name``), else to stdout."""
    if not out:
        click.echo(text, nl=False)
        return
    target = Path(out)
    if target.is_dir():
        target = target / default_name
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}", err=True)


# --------------------------------------------------------------------------- watch


@click.group()
def watch() -> None:
    """Watch feeds: add, list, remove, and run them (once, or every N minutes)."""


@watch.command("add")
@click.argument("feed_url")
@click.option("--name", help="A short name to show and to remove it by.")
@click.pass_context
def watch_add(ctx: click.Context, feed_url: str, name: str | None) -> None:
    """Watch the RSS or Atom feed at FEED_URL (read on every `casewatch watch run`)."""
    from casewatch.watch import add_watch

    info = add_watch(_store(ctx), feed_url, name=name)
    click.echo(f"watching #{info.id} {info.url}" + (f" ({info.name})" if info.name else ""))


@watch.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
@click.pass_context
def watch_list(ctx: click.Context, as_json: bool) -> None:
    """Every watched feed with its last run, items, documents stored and failures."""
    import json

    from rich.markup import escape
    from rich.table import Table

    from casewatch.watch import followed_cases, list_watches

    store = _store(ctx)
    watches = list_watches(store)
    follows = followed_cases(store)
    if as_json:
        for w in watches:
            click.echo(json.dumps({"id": w.id, "url": w.url, "name": w.name, "enabled": w.enabled,
                                   "last_run_at": w.last_run_at.isoformat() if w.last_run_at else None,
                                   "last_ok_at": w.last_ok_at, "items": w.items, "stored": w.stored,
                                   "failures": w.failures, "last_error": w.last_error}, ensure_ascii=False))
        return
    table = Table(title=f"{len(watches)} feeds")
    for col in ("id", "name", "url", "last run", "items", "stored", "failures", "last error"):
        table.add_column(col)
    for w in watches:
        table.add_row(str(w.id), escape(w.name or ""), escape(w.url),
                      w.last_run_at.strftime("%Y-%m-%d %H:%M") if w.last_run_at else "never", str(w.items),
                      str(w.stored), str(w.failures), escape(w.last_error or ""))
    console = _console()
    console.print(table)
    if follows:
        console.print("following: " + ", ".join(f"#{case_id} {escape(name)}" for case_id, _, name in follows),
                      highlight=False)


@watch.command("remove")
@click.argument("watch_key")
@click.pass_context
def watch_remove(ctx: click.Context, watch_key: str) -> None:
    """Stop watching a feed, given by id, URL or name."""
    from casewatch.watch import remove_watch

    info = remove_watch(_store(ctx), watch_key)
    click.echo(f"removed #{info.id} {info.url}")


@watch.command("run")
@click.option("--every", "every", help="Run again after this interval (15m, 1h, ...) until stopped.")
@click.option("--runs", type=click.IntRange(min=1), help="With --every: stop after this many runs.")
@click.option("--allow-private", is_flag=True,
              help="Allow feeds, pages and webhooks on private networks (intranets; env CASEWATCH_ALLOW_PRIVATE_NETWORKS=1).")
@click.pass_context
def watch_run(ctx: click.Context, every: str | None, runs: int | None, allow_private: bool) -> None:
    """Read every watched feed once (or every N minutes), record developments of followed cases, and send them.

    Safe under cron: a run that finds another one in progress does nothing and says so. Notifications go to
    CASEWATCH_WEBHOOK_URL (signed with CASEWATCH_WEBHOOK_SECRET) and CASEWATCH_SMTP_* when set.
    """
    from casewatch.ingest.fetch import FetchSettings
    from casewatch.sources import SourceSettings
    from casewatch.watch import LockHeld, WatchSettings, notifiers_from_env, run_watches

    interval = parse_every(every) if every else None
    fetch_settings = FetchSettings(allow_private=True) if allow_private else FetchSettings()
    settings = WatchSettings(sources=SourceSettings(fetch=fetch_settings),
                             notifiers=notifiers_from_env(fetch_settings))
    store = _store(ctx)
    done = 0
    while True:
        try:
            report = run_watches(store, settings)
        except LockHeld as exc:
            click.echo(f"skipped: {exc}", err=True)
        else:
            _print_report(report)
        done += 1
        if interval is None or (runs is not None and done >= runs):
            return
        time.sleep(interval)


def _print_report(report: Any) -> None:
    stored = sum(1 for f in report.feeds if f.run for o in f.run.outcomes if o.status == "stored")
    for feed in report.feeds:
        if feed.error:
            _error(f"feed #{feed.watch_id} {feed.url}: {feed.error} (tried again on the next run)")
    for delivery in report.deliveries:
        if delivery.error:
            _error(f"development {delivery.development} via {delivery.channel}: {delivery.error}")
    if report.stopped:
        _error(f"stopped early: {report.stopped}")
    sent = sum(1 for d in report.deliveries if d.error is None)
    click.echo(f"feeds: {len(report.feeds) - report.failed_feeds} read, {report.failed_feeds} failed · documents "
               f"stored: {stored} · developments: {len(report.developments)} · notifications sent: {sent}")
    for development in report.developments:
        click.echo(f"  #{development.case_id} {development.case_name}: {development.summary}")


# --------------------------------------------------------------------------- follow


@click.command()
@click.argument("case")
@click.pass_context
def follow(ctx: click.Context, case: str) -> None:
    """Follow a case (id or name): its developments are recorded and notified from now on."""
    from casewatch.watch import follow as follow_case

    detail = follow_case(_store(ctx), case)
    click.echo(f"following #{detail.id} {detail.name}")


@click.command()
@click.argument("case")
@click.pass_context
def unfollow(ctx: click.Context, case: str) -> None:
    """Stop following a case (id or name)."""
    from casewatch.watch import unfollow as unfollow_case

    detail = unfollow_case(_store(ctx), case)
    click.echo(f"no longer following #{detail.id} {detail.name}")


# --------------------------------------------------------------------------- dossier and export


@click.command()
@click.argument("case")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
@click.option("--out", type=click.Path(writable=True),
              help="File or folder to write (a folder gets case-ID-dossier.FORMAT); default: stdout.")
@click.pass_context
def dossier(ctx: click.Context, case: str, fmt: str, out: str | None) -> None:
    """A printable dossier of one case: card, timeline, every fact with its citation, advocacy record."""
    from casewatch.export.dossier import dossier_filename, render_dossier

    detail = _store(ctx).get_case(case)
    _write(render_dossier(detail, fmt), out, dossier_filename(detail.id, fmt))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "gold"]), default="json", show_default=True,
              help="json (schema casewatch/export/schema.json), csv, or gold JSON Lines (for casewatch eval).")
@click.option("--what", type=click.Choice(["cases", "facts", "events"]),
              help="What to export (json default: cases; csv default: facts).")
@click.option("--country", help="Only cases of this country (ISO code, e.g. KZ).")
@click.option("--status", type=click.Choice(ontology.STATUSES), help="Only cases with this custody status.")
@click.option("--since", help="Only facts dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Only facts dated on or before this date.")
@click.option("--out", type=click.Path(writable=True),
              help="File or folder to write (a folder gets a name built from the filters); default: stdout.")
@click.pass_context
def export(ctx: click.Context, fmt: str, what: str | None, country: str | None, status: str | None,
           since: str | None, until: str | None, out: str | None) -> None:
    """Export cases, facts or events (JSON, CSV, gold JSON Lines); private fields are left out."""
    from casewatch.export.tables import ExportFilter, export_csv, export_filename, export_gold, export_json

    try:
        filters = ExportFilter(country=country, status=status, since=since, until=until)
    except InputError as exc:
        raise click.BadParameter(exc.problem, param_hint=exc.source) from None
    store = _store(ctx)
    buffer = io.StringIO()
    chosen = what or ("facts" if fmt == "csv" else "cases")
    if fmt == "json":
        export_json(store, buffer, what=chosen, filters=filters)
    elif fmt == "csv":
        export_csv(store, buffer, what=chosen, filters=filters)
    else:
        export_gold(store, buffer, filters=filters)
    _write(buffer.getvalue(), out, export_filename(fmt, chosen, filters))


def register(main: click.Group) -> None:
    """Add these commands to the ``casewatch`` group (replacing its basic ``export``)."""
    main.commands.pop("export", None)
    for command in (watch, follow, unfollow, dossier, export):
        main.add_command(command)
