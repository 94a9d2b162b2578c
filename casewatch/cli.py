"""The `casewatch` command: thin verbs over the library (ingest, cases, show, search, export, ...)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from casewatch import __version__
from casewatch.core.errors import CasewatchError, InputError

console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True)


def _error(message: str) -> None:
    """One line on stderr per problem, never wrapped, so scripts can grep it."""
    click.echo(f"error: {' '.join(message.split())}", err=True)


def _store(ctx: click.Context) -> Any:
    from casewatch.store import open_store

    return open_store(ctx.obj["db"])


def _published(value: str | None) -> Any:
    if value is None:
        return None
    from casewatch.extract.dates import parse_published

    parsed = parse_published(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY", param_hint="--published")
    return parsed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="CASEWATCH_DB", default="casewatch.db", show_default=True,
              help="Database URL or SQLite file (env CASEWATCH_DB).")
@click.version_option(__version__, prog_name="casewatch")
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    """casewatch: a source-grounded database of politically motivated prosecutions."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db


# --------------------------------------------------------------------------- ingest


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date for every document (overrides metadata).")
@click.option("--max-bytes", default=20_000_000, show_default=True, help="Refuse files larger than this.")
@click.option("--workers", default=1, show_default=True, help="Extraction processes on this machine.")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Extract on the Dask cluster at ADDRESS.")
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on private or loopback addresses (intranets); also CASEWATCH_ALLOW_PRIVATE_NETWORKS=1.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], published: str | None, max_bytes: int, workers: int,
           dask_address: str | None, allow_private: bool, quiet: bool) -> None:
    """Read files, folders (.txt .md .html .json .jsonl), web pages and feeds into the database.

    Each document is stored in one transaction; a bad file or URL gets one error line and the
    rest of the batch goes on. Example: casewatch ingest reports/ https://example.org/feed.xml
    """
    from rich.progress import Progress

    from casewatch.batch import ingest_documents
    from casewatch.normalize import read_documents
    from casewatch.sources import is_url

    store = _store(ctx)  # opens and migrates the database before any work starts
    urls = [p for p in paths if is_url(p)]
    files = [p for p in paths if not is_url(p)]
    items = list(read_documents(files, published=_published(published), max_bytes=max_bytes)) if files else []
    tally = {"stored": 0, "unchanged": 0, "failed": 0, "facts": 0}
    if urls:
        tally.update(_ingest_urls(store, urls, allow_private, max_bytes))
    with Progress(console=err_console, disable=quiet or not err_console.is_terminal, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(items))

        def report(result: Any) -> None:
            progress.advance(task)
            tally[result.status] = tally.get(result.status, 0) + 1
            tally["facts"] += result.facts
            if result.status == "failed":
                message = result.message or "failed"
                _error(message if result.document_key and result.document_key in message
                       else f"{result.document_key}: {message}")

        ingest_documents(items, ctx.obj["db"], workers=workers, dask_address=dask_address, on_result=report)
    counts = store.counts()
    tally["unchanged"] += tally.pop("duplicate", 0)
    click.echo(
        f"documents: {tally['stored']} stored, {tally['unchanged']} unchanged, {tally['failed']} failed · "
        f"facts added: {tally['facts']} · database: {counts.get('documents', 0)} documents, "
        f"{counts.get('cases', 0)} cases, {counts.get('facts', 0)} facts"
    )
    if tally["failed"]:
        ctx.exit(1)


def _ingest_urls(store: Any, urls: list[str], allow_private: bool, max_bytes: int) -> dict[str, int]:
    """Fetch web pages and feeds (the same safety rules as `casewatch watch`) into the store."""
    from casewatch.ingest.fetch import FetchSettings
    from casewatch.sources import SourceSettings, ingest_urls

    # without the flag, the default reads CASEWATCH_ALLOW_PRIVATE_NETWORKS
    fetch = FetchSettings(max_bytes=max_bytes, allow_private=True) if allow_private else FetchSettings(max_bytes=max_bytes)
    tally = {"stored": 0, "unchanged": 0, "duplicate": 0, "failed": 0, "facts": 0}
    for outcome in ingest_urls(urls, store, SourceSettings(fetch=fetch)):
        tally[outcome.status] = tally.get(outcome.status, 0) + 1
        tally["facts"] += outcome.facts
        if outcome.status == "failed":
            _error(outcome.message or f"{outcome.source}: failed")
    return tally


# --------------------------------------------------------------------------- reading


@main.command()
@click.option("--country", help="ISO 3166 code, e.g. KZ.")
@click.option("--status", help="Custody status code, e.g. in_custody.")
@click.option("--charge", help="Charge category, e.g. mass_unrest.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
@click.pass_context
def cases(ctx: click.Context, country: str | None, status: str | None, charge: str | None, as_json: bool) -> None:
    """List cases, newest development first."""
    rows = _store(ctx).list_cases(country=country, status=status, charge=charge)
    if as_json:
        for row in rows:
            click.echo(json.dumps(_row_dict(row), ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} cases")
    for col in ("id", "name", "country", "status", "since", "charges", "facts", "docs"):
        table.add_column(col)
    for row in rows:
        table.add_row(str(row.id), escape(row.name), row.country or "", row.status, row.status_date or "",
                      ", ".join(row.charges), str(row.facts), str(row.documents))
    console.print(table)


def _row_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "country": row.country, "status": row.status,
            "status_date": row.status_date, "charges": row.charges, "facts": row.facts, "documents": row.documents}


@main.command()
@click.argument("case")
@click.option("--json", "as_json", is_flag=True, help="The case as JSON.")
@click.pass_context
def show(ctx: click.Context, case: str, as_json: bool) -> None:
    """Show one case (by id or name) with every fact and its source quote."""
    detail = _store(ctx).get_case(case)
    if as_json:
        click.echo(json.dumps(_detail_dict(detail), ensure_ascii=False, indent=2, default=str))
        return
    from casewatch.export.text import render_case

    console.print(render_case(detail), highlight=False, markup=False)


def _detail_dict(detail: Any) -> dict[str, Any]:
    docs = detail.documents
    return {
        "case": _row_dict(detail.case),
        "names": detail.names,
        "attributes": detail.attributes,
        "summary": detail.summary,
        "facts": [
            {"id": f.id, "kind": f.kind, "payload": f.payload, "quote": f.span.quote, "start": f.span.start,
             "end": f.span.end, "review_state": f.review_state, "document": docs[f.document_id].key if f.document_id in docs else None}
            for f in detail.facts
        ],
    }


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over documents and facts."""
    hits = _store(ctx).search(query, limit=limit)
    if as_json:
        for hit in hits:
            click.echo(json.dumps({"kind": hit.kind, "document": hit.document_key, "case_id": hit.case_id,
                                   "title": hit.title, "snippet": _plain_snippet(hit.snippet), "score": hit.score},
                                  ensure_ascii=False))
        return
    if not hits:
        console.print("no matches")
        return
    table = Table(title=f"{len(hits)} matches for {query!r}")
    for col in ("kind", "document", "case", "snippet"):
        table.add_column(col)
    for hit in hits:
        table.add_row(hit.kind, escape(hit.document_key), str(hit.case_id or ""), escape(_plain_snippet(hit.snippet)))
    console.print(table)


def _plain_snippet(snippet: str) -> str:
    from casewatch.store.search import MARK_END, MARK_START

    return snippet.replace(MARK_START, "[").replace(MARK_END, "]")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.pass_context
def export(ctx: click.Context, fmt: str, out: str | None) -> None:
    """Export every case with its facts and sources (JSON) or one row per fact (CSV)."""
    from casewatch.export.tables import export_csv, export_json

    store = _store(ctx)
    buffer = io.StringIO()
    if fmt == "json":
        export_json(store, buffer)
    else:
        export_csv(store, buffer)
    if out:
        Path(out).write_text(buffer.getvalue(), encoding="utf-8")
        err_console.print(f"wrote {out}")
    else:
        click.echo(buffer.getvalue(), nl=False)


@main.command()
@click.pass_context
def verify(ctx: click.Context) -> None:
    """Check the database: grounding of every fact, foreign keys, orphans."""
    problems = _store(ctx).verify()
    if problems:
        for problem in problems:
            _error(problem)
        _error(f"{len(problems)} problems found")
        ctx.exit(1)
    click.echo("ok: every fact is grounded, no orphans, foreign keys intact")


# --------------------------------------------------------------------------- no database


@main.command(name="extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date for every document.")
@click.pass_context
def extract_cmd(ctx: click.Context, paths: tuple[str, ...], published: str | None) -> None:
    """Extract without a database: one JSON line per document in the gold format."""
    failed = False
    for doc_or_error, extraction in _extract_all(paths, published):
        if extraction is None:
            failed = True
            _error(str(doc_or_error))
            continue
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False))
    if failed:
        ctx.exit(1)


def _extract_all(paths: tuple[str, ...], published: str | None) -> Iterator[tuple[Any, Any]]:
    from casewatch.extract.pipeline import get_extractor
    from casewatch.normalize import read_documents

    extractor = get_extractor()
    pending = []
    for item in read_documents(paths, published=_published(published)):
        if isinstance(item, InputError):
            yield item, None
        else:
            pending.append(item)
    yield from zip(pending, extractor.pipe(pending), strict=True)


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Scores as JSON (the ontology's shape).")
@click.option("--explain", is_flag=True, help="List every missed and wrong fact with its sentence.")
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False),
              help="Score this JSON Lines file of predictions instead of running the extractor.")
def eval_cmd(gold: str, as_json: bool, explain: bool, predictions: str | None) -> None:
    """Score the extractor against a gold file (precision, recall, F1 per slot)."""
    from casewatch.evaluate import format_report, load_gold, score

    gold_docs = load_gold(gold)
    if predictions:
        preds = {}
        for line in Path(predictions).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                preds[record["id"]] = record
    else:
        preds = {}
        for doc, extraction in _extract_all((gold,), None):
            if extraction is None:
                raise click.ClickException(f"cannot score: {doc}")
            preds[doc.id] = extraction.to_dict()
    report = score(gold_docs, preds)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(format_report(report, explain=explain))


def run() -> None:
    """Entry point that turns casewatch errors into one-line messages and exit status 2."""
    try:
        main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except CasewatchError as exc:
        click.echo(f"casewatch: {exc}", err=True)
        sys.exit(2)



# --- commands from casewatch.web ---
from casewatch.web.commands import register  # noqa: E402

register(main)


# --- commands from casewatch.watch ---
from casewatch.watch_commands import register as _register_watch_commands  # noqa: E402 - needs main defined

_register_watch_commands(main)
