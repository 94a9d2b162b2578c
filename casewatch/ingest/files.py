"""Find source files in files and folders, read them as RawItems, and decode bytes to text safely."""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casewatch.core.errors import InputError
from casewatch.ingest.records import iter_records

MAX_BYTES = 20_000_000

# Suffix (lower case) -> media type; anything else in a folder is skipped.
SUFFIXES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".jsonl": "application/json",
}
_READABLE = ", ".join(SUFFIXES)

# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls that never occur in text; tab, newlines, vertical tab, form feed and ESC are let through.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20))
_CONTROL_CHARS = frozenset(map(chr, _CONTROL_BYTES))
_BINARY_RATIO = 0.05
_SNIFF = 65_536
_TURKISH_IN_1252 = re.compile("[ÐÝÞðýþ]")
# Legacy code pages worth trying when a file is not UTF-8; single-byte pages of the regions casewatch covers.
_CANDIDATES = [
    "cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "cp1250", "iso8859_2", "cp1254",
    "cp1256", "cp1253", "cp1255", "cp1257", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr",
]


@dataclass(slots=True)
class RawItem:
    """What a source yields before normalization: raw bytes (text, Markdown, HTML) or a JSON record."""

    source: str  # file path, or "path:line" for a JSON Lines record, used in messages
    data: bytes | None  # raw bytes; for a record, the bytes of its line (or of its JSON file)
    record: dict | None  # a JSON or JSON Lines record
    media_type: str  # "text/plain" | "text/markdown" | "text/html" | "application/json"
    url: str | None = None
    fetched_at: str | None = None


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and the encoding it was read with."""

    text: str
    encoding: str


def iter_sources(paths: Iterable[str | os.PathLike], *, max_bytes: int = MAX_BYTES) -> Iterator[RawItem | InputError]:
    """Yield one RawItem per file (per record for JSON), or an InputError per unreadable input.

    Folders are read recursively in name order; hidden entries and files of other types are skipped.
    ``list(iter_sources(["articles/"]))`` -> ``[RawItem(source="articles/a.txt", ...), ...]``.
    """
    for path in paths:
        name = str(os.fspath(path))
        if os.path.isdir(name):
            yield from _read_folder(name, max_bytes)
        elif os.path.lexists(name):
            yield from _read_file(name, max_bytes, explicit=True)
        else:
            yield InputError(name, "no such file or folder; check the path")


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> Decoded:
    """Decode a file's bytes: UTF-8 (BOM stripped), UTF-16/32 with a BOM, else a confident guess.

    ``declared`` is an encoding the content names for itself (an HTML ``<meta charset>``); it is tried
    after UTF-8. Raises InputError for binary, empty and undecodable input.
    """
    if not data.strip():
        raise InputError(source, "empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                         f"(byte {exc.start + len(bom)}); re-save the file as UTF-8") from None
            return _checked(text, encoding, source)
    if b"\x00" in data:
        raise InputError(source, "looks binary (it contains NUL bytes); casewatch reads text, Markdown, HTML "
                                 "and JSON files")
    sniff = data[:_SNIFF]
    if sum(byte in _CONTROL_BYTES for byte in sniff) > _BINARY_RATIO * len(sniff):
        raise InputError(source, "looks binary (many control bytes); casewatch reads text, Markdown, HTML "
                                 "and JSON files")
    try:
        return _checked(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass
    guess = _declared(data, declared) or _western(data) or _guess(data)
    if guess is None:
        raise InputError(source, "not valid UTF-8 and no confident encoding guess; re-save the file as UTF-8")
    return _checked(guess.text, guess.encoding, source)


def _checked(text: str, encoding: str, source: str) -> Decoded:
    sniff = text[:_SNIFF]
    if "\x00" in text or sum(ch in _CONTROL_CHARS for ch in sniff) > _BINARY_RATIO * len(sniff):
        raise InputError(source, f"looks binary after decoding as {encoding}; casewatch reads text, Markdown, "
                                 "HTML and JSON files")
    if not text.replace("\ufeff", "").strip():
        raise InputError(source, "empty")
    return Decoded(text, encoding)


def _declared(data: bytes, declared: str | None) -> Decoded | None:
    if not declared:
        return None
    try:
        encoding = codecs.lookup(declared).name
        return Decoded(data.decode(encoding), encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _western(data: bytes) -> Decoded | None:
    """Windows-1252 when the text reads as a Latin-script language with a few accents or curly quotes.

    charset_normalizer often names an exotic Mac code page for such files, so they get their own test: Cyrillic
    or Greek bytes read as cp1252 come out as runs of accented letters, which the ratio below rejects.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text[:_SNIFF] if ch.isalpha()]
    accented = sum(ord(ch) > 0x7F for ch in letters)
    if not letters or accented > 0.3 * len(letters):
        return None
    # Windows-1254 (Turkish) differs from 1252 only where 1252 has letters rare outside Icelandic.
    if _TURKISH_IN_1252.search(text):
        return Decoded(data.decode("cp1254"), "cp1254")
    return Decoded(text, "cp1252")


def _guess(data: bytes) -> Decoded | None:
    # Imported here: only files that are neither UTF-8 nor Western pay for it.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    # Confident: little "chaos" in the decoded text, and it reads as some known language.
    if best is None or best.chaos > 0.1 or best.coherence < 0.3:
        return None
    return Decoded(str(best), best.encoding)


def _read_folder(folder: str, max_bytes: int) -> Iterator[RawItem | InputError]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(folder, f"cannot list the folder ({exc.strerror or exc}); check its permissions")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        # Symlinked folders are not followed: they can loop back on themselves.
        if entry.is_dir(follow_symlinks=False):
            yield from _read_folder(entry.path, max_bytes)
        elif entry.is_file() and Path(entry.name).suffix.lower() in SUFFIXES:
            yield from _read_file(entry.path, max_bytes, explicit=False)


def _read_file(name: str, max_bytes: int, *, explicit: bool) -> Iterator[RawItem | InputError]:
    suffix = Path(name).suffix.lower()
    media_type = SUFFIXES.get(suffix)
    if media_type is None:
        kind = f"type {suffix!r}" if suffix else "type (no extension)"
        yield InputError(name, f"unsupported file {kind}; casewatch reads {_READABLE} files")
        return
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            yield InputError(name, "not a regular file; pass a file or a folder")
            return
        if info.st_size > max_bytes:
            yield _too_big(name, info.st_size, max_bytes)
            return
        with open(name, "rb") as handle:
            data = handle.read(max_bytes + 1)  # a file that grew since stat() still stops at the limit
    except OSError as exc:
        yield InputError(name, f"cannot read the file ({exc.strerror or exc}); check its permissions")
        return
    if len(data) > max_bytes:
        yield _too_big(name, len(data), max_bytes)
        return
    if media_type != "application/json":
        yield RawItem(source=name, data=data, record=None, media_type=media_type)
        return
    try:
        text = decode_bytes(data, name).text
    except InputError as exc:
        yield exc
        return
    for found in iter_records(name, text, data, lines=suffix == ".jsonl"):
        if isinstance(found, InputError):
            yield found
        else:
            source, record, raw = found
            yield RawItem(source=source, data=raw, record=record, media_type=media_type)


def _too_big(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(name, f"is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
                            "raise the limit with --max-bytes")
