"""Parallel and Dask execution of process_document: extraction fans out, the store is written in order.

Extraction is nearly all of the time a document costs (tens of milliseconds of
NLP against well under one of SQL), so only extraction is spread over worker
processes or a Dask cluster. Local workers are forked from a fork server that
has loaded the language model once (``extract/preload.py``); a Dask worker loads
it on its first task. Workers return plain, picklable :class:`Extraction` objects; the calling process then
hands each one to :func:`process_document` in the order the documents came in,
one transaction per document, exactly as a serial run would.

Why the writes stay in the caller, also with Dask: what a document adds depends
on what came before it (which person a name resolves to, a person's canonical
name and first-reported attributes, replacing an older extraction), so only
writes in document order give the same database as a serial run. It also means
workers never need database credentials or a route to the database, and a
SQLite file is never written by two processes at once.

    >>> results = ingest_documents(docs, "cases.db", workers=2)  # doctest: +SKIP
    >>> results = ingest_documents(docs, "postgresql://db/cases",  # doctest: +SKIP
    ...                            dask_address="tcp://scheduler:8786")
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from casewatch.core.document import Document
from casewatch.core.errors import CasewatchError, ConfigError, InputError
from casewatch.core.types import Extraction
from casewatch.extract.identity import EXTRACTOR_NAME, EXTRACTOR_VERSION
from casewatch.process import Extractor, ProcessResult, default_extractor, process_document

if TYPE_CHECKING:  # imported in ingest_documents: pool workers, which only extract, then never load SQLAlchemy
    from casewatch.store import Store

log = logging.getLogger("casewatch.batch")

T = TypeVar("T")
# Tasks in flight per worker: enough that none waits for the next chunk, few enough to bound memory.
_IN_FLIGHT_PER_WORKER = 4
# Documents per task, and per model pass in one process: the recognizer ran 3% faster over eight
# documents' windows than over four, and no faster over sixteen (bench corpus, one process).
_MAX_CHUNK = 8


class WorkerError(CasewatchError):
    """An extraction error raised in a worker, carried back as the one line process_document reports."""


@dataclass(slots=True)
class ChunkResult:
    """What a worker returns for a chunk: the extractor that ran, and one outcome per document."""

    extractor: str
    version: str
    outcomes: list[Extraction | WorkerError] = field(default_factory=list)


class _Pending(Protocol):
    """A concurrent.futures or Dask future."""

    def result(self) -> Any: ...


Submit = Callable[[list[Document]], _Pending]


# -- worker side ------------------------------------------------------------------


def extract_chunk(docs: list[Document]) -> ChunkResult:
    """Extract ``docs`` with this process's extractor; runs in a pool worker or a Dask worker.

    One document's error does not stop the others: it comes back as a WorkerError
    (exceptions of any kind do not all survive pickling; their one-line text does).
    """
    extractor = default_extractor()
    result = ChunkResult(extractor.name, extractor.version)
    many = getattr(extractor, "extract_documents", None)
    if many is not None:  # the pipeline's: one model pass over the chunk, errors per document
        for outcome in many(docs):
            result.outcomes.append(_portable(outcome) if isinstance(outcome, Exception) else outcome)
        return result
    for doc in docs:
        try:
            result.outcomes.append(extractor.extract_document(doc))
        except Exception as exc:  # noqa: BLE001 - reported per document, like a serial run
            result.outcomes.append(_portable(exc))
    return result


def _warm_up() -> None:
    """Pool initializer: load the model once, before the first chunk arrives."""
    try:
        getattr(default_extractor(), "nlp", None)
    except Exception:  # noqa: BLE001 - each document then reports the load error, as a serial run would
        log.debug("model load failed in worker %d", os.getpid(), exc_info=True)


def _portable(exc: BaseException) -> WorkerError:
    # Keep the text process_document would print for this exception in a serial run.
    text = str(exc).strip()
    if isinstance(exc, CasewatchError):
        return WorkerError(text or type(exc).__name__)
    return WorkerError(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


# -- caller side ------------------------------------------------------------------


@dataclass(slots=True)
class _ThisExtractor:
    """The extractor the workers run, as the caller knows it: its name and version.

    The caller only records and compares those, so it never imports the rules and the model
    (a third of a second of regex compiling, taken from the workers' cores while they start),
    unless a document has to be extracted here after all.
    """

    name: str = EXTRACTOR_NAME
    version: str = EXTRACTOR_VERSION

    def extract_document(self, doc: Document) -> Extraction:
        return default_extractor().extract_document(doc)


@dataclass(slots=True)
class _Extracted:
    """Stands in for the extractor in process_document, handing over what a worker extracted.

    ``outcome`` is None for a document that was not sent out because the store
    already had it; should process_document still ask (it was deleted meanwhile),
    it is extracted here.
    """

    name: str
    version: str
    outcome: Extraction | WorkerError | None

    def extract_document(self, doc: Document) -> Extraction:
        if isinstance(self.outcome, WorkerError):
            raise self.outcome
        if self.outcome is None:
            return default_extractor().extract_document(doc)
        return self.outcome


def ingest_documents(
    docs: Iterable[Document | InputError],
    db_url: str,
    *,
    workers: int = 1,
    dask_address: str | None = None,
    on_result: Callable[[ProcessResult], None] | None = None,
) -> list[ProcessResult]:
    """Extract and store ``docs`` in the database at ``db_url``; one result per document, in order.

    ``workers=1`` runs everything in this process. ``workers=N`` extracts in N
    worker processes; ``dask_address`` (e.g. ``"tcp://scheduler:8786"``) extracts
    on that Dask cluster instead. Either way the store is written here, in
    document order, so the database ends up exactly as after a serial run.
    InputErrors among ``docs`` (as :func:`casewatch.normalize.read_documents`
    yields them) become "failed" results. ``on_result`` sees each result as it
    is stored.
    """
    _check_workers(workers)
    results: list[ProcessResult] = []

    def emit(result: ProcessResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    from casewatch.store import open_store

    with open_store(db_url) as store:
        if dask_address is None and workers == 1:
            extractor = default_extractor()
            for item in docs:
                emit(_failed_input(item) if isinstance(item, InputError)
                     else process_document(item, store, extractor=extractor))
            return results
        with _executor(workers, dask_address) as (submit, parallelism):
            for result in _ingest_parallel(docs, store, submit, parallelism, _chunk_size(docs, parallelism)):
                emit(result)
    return results


def extract_documents(
    docs: Iterable[Document], *, workers: int = 1, dask_address: str | None = None
) -> Iterator[Extraction | CasewatchError]:
    """Extract ``docs`` without a database, in order: an Extraction, or the error of that document.

    The same fan-out as :func:`ingest_documents`, for extraction-only commands and bench/extract.py.
    """
    _check_workers(workers)
    if dask_address is None and workers == 1:
        # Chunks, not single documents: the model runs faster over a few documents' sentences at once.
        for chunk in _chunks(docs, _MAX_CHUNK):
            yield from extract_chunk(chunk).outcomes
        return
    with _executor(workers, dask_address) as (submit, parallelism):
        for chunk, pending in _in_order(_chunks(docs, _chunk_size(docs, parallelism)), submit,
                                        parallelism * _IN_FLIGHT_PER_WORKER):
            yield from _collect(pending, len(chunk), _ThisExtractor()).outcomes


def _ingest_parallel(docs: Iterable[Document | InputError], store: Store, submit: Submit, parallelism: int,
                     chunk_size: int) -> Iterator[ProcessResult]:
    here = _ThisExtractor()

    def send(chunk: list[Document | InputError]) -> tuple[list[bool], _Pending | None]:
        # Spare the model documents this extractor version has already stored (a re-run).
        sent = [isinstance(d, Document) and not _already_stored(store, d, here) for d in chunk]
        todo = [d for d, s in zip(chunk, sent, strict=True) if s and isinstance(d, Document)]
        return sent, (submit(todo) if todo else None)

    for chunk, (sent, pending) in _in_order(_chunks(docs, chunk_size), send,
                                            parallelism * _IN_FLIGHT_PER_WORKER):
        done = _collect(pending, sum(sent), here) if pending is not None else None
        outcomes = deque(_Extracted(done.extractor, done.version, o) for o in done.outcomes) if done else deque()
        for item, was_sent in zip(chunk, sent, strict=True):
            if isinstance(item, InputError):
                yield _failed_input(item)
                continue
            stand_in = outcomes.popleft() if was_sent else _Extracted(here.name, here.version, None)
            yield process_document(item, store, extractor=stand_in)


def _collect(pending: _Pending, count: int, here: Extractor) -> ChunkResult:
    """A worker's result for a chunk of ``count`` documents; a lost worker fails those documents only."""
    try:
        done: ChunkResult = pending.result()
    except Exception as exc:  # noqa: BLE001 - a lost worker fails its chunk, not the batch
        log.warning("a worker failed on a chunk of %d documents: %s", count, exc)
        lost = WorkerError(f"worker failed: {_portable(exc)}")
        return ChunkResult(here.name, here.version, [lost] * count)
    if len(done.outcomes) != count:  # pragma: no cover - a worker running other code
        raise ConfigError(f"a worker returned {len(done.outcomes)} extractions for {count} documents; "
                          "run the same casewatch version on the workers as here")
    return done


def _already_stored(store: Store, doc: Document, extractor: Extractor) -> bool:
    # The test process_document makes before extracting; it repeats it, so a wrong guess costs only time.
    try:
        known = store.find_document(key=doc.id, content_hash=doc.content_hash, url=doc.url)
    except CasewatchError:
        return False  # process_document reports the store's error for this document
    return (known is not None and known.content_hash == doc.content_hash
            and known.processed_by(extractor.name, extractor.version))


def _failed_input(error: InputError) -> ProcessResult:
    return ProcessResult(error.source, "failed", message=str(error))


def _check_workers(workers: int) -> None:
    if not isinstance(workers, int) or workers < 1:
        raise ConfigError(f"workers={workers!r}: give a whole number of processes, 1 or more")


def _chunk_size(docs: Iterable[Any], parallelism: int) -> int:
    """Documents per task: small against docs / workers, so no worker idles while another finishes.

    A stream of unknown length gets full chunks: a worker on half chunks extracted 3% slower, more
    than the end of a run loses while one worker finishes its last chunk alone (under 0.1 s).
    """
    if isinstance(docs, Sized):
        return max(1, min(_MAX_CHUNK, len(docs) // (parallelism * 8)))
    return _MAX_CHUNK


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _in_order(items: Iterable[T], send: Callable[[T], Any], window: int) -> Iterator[tuple[T, Any]]:
    """``(item, send(item))`` in the order of ``items``, keeping up to ``window`` sent ahead."""
    ahead: deque[tuple[T, Any]] = deque()
    for item in items:
        ahead.append((item, send(item)))
        if len(ahead) >= window:
            yield ahead.popleft()
    while ahead:
        yield ahead.popleft()


# -- executors --------------------------------------------------------------------


@contextmanager
def _executor(workers: int, dask_address: str | None) -> Iterator[tuple[Submit, int]]:
    """A function that sends a chunk of documents to be extracted, and how many run at once."""
    if dask_address is not None:
        with _dask_client(dask_address) as client:
            parallelism = max(1, sum(client.nthreads().values()))
            yield (lambda chunk: client.submit(extract_chunk, chunk, pure=False)), parallelism
        return
    # Not fork: a forked child would inherit the parent's threads and open database connections. A fork
    # server is a fresh single-threaded process; it loads the extractor once (extract/preload.py) and
    # forks each worker with it loaded. The server lives as long as this process, so a second pool
    # starts at once. Where there is no fork server (Windows), each worker loads in _warm_up.
    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", "casewatch.extract.preload"])
    else:
        context = multiprocessing.get_context("spawn")
    # One BLAS thread per worker: N workers each running a multi-threaded BLAS oversubscribe the
    # cores and run slower than one process (measured in bench/extract.py).
    with _single_threaded_children():
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up)
        # Start every worker now, while the environment is set: they load the model side by side while
        # the first chunks are being sent, instead of one after another as work arrives.
        for _ in range(workers):
            pool.submit(os.getpid)
    try:
        yield (lambda chunk: pool.submit(extract_chunk, chunk)), workers
    finally:
        # A caller that stops early (an error, Ctrl-C, a closed generator) need not wait for chunks ahead.
        pool.shutdown(wait=True, cancel_futures=True)


_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


@contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Start child processes with one math-library thread each, then restore the environment."""
    saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
    os.environ.update({name: "1" for name in _THREAD_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("dask_address needs Dask: pip install 'dask[distributed]' "
                          "(on this machine and on every worker)") from None
    try:
        # The connect timeout is Dask's setting distributed.comm.timeouts.connect (30 s unless changed).
        client = Client(address, set_as_default=False)
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address!r} ({exc}); start it with "
                          "`dask scheduler` or check the address (tcp://HOST:8786)") from None
    with client:
        yield client
