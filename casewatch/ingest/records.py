"""JSON and JSON Lines records: split a file into records and read the fields casewatch uses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from casewatch.core.errors import InputError

# Field names casewatch reads, in order of preference; others (gold, notes, source, ...) are ignored.
TEXT_FIELDS = ("text", "body", "content")
PUBLISHED_FIELDS = ("published", "date")


@dataclass(frozen=True, slots=True)
class RecordFields:
    """The fields of one record that become a Document."""

    id: str | None
    text: str
    url: str | None
    published: str | None
    title: str | None
    language: str | None


def iter_records(
    path: str, text: str, raw: bytes, *, lines: bool
) -> Iterator[tuple[str, dict[str, Any], bytes] | InputError]:
    """Yield ``(source, record, raw bytes)`` per record of a decoded JSON or JSON Lines file.

    A JSON Lines record's source is ``path:line``; a record of a JSON list is ``path[index]``.
    Every record is checked with :func:`record_fields`, so a bad one costs only itself.
    """
    found = _json_lines(path, text) if lines else _json_file(path, text, raw)
    empty = True
    for item in found:
        empty = False
        if isinstance(item, InputError):
            yield item
            continue
        source, record, record_raw = item
        if not isinstance(record, dict):
            yield InputError(source, f"expected a JSON object with a \"text\" field, got {_kind(record)}")
            continue
        try:
            record_fields(record, source)
        except InputError as exc:
            yield exc
            continue
        yield source, record, record_raw
    if empty:
        yield InputError(path, "empty (no records)")


def record_fields(record: dict[str, Any], source: str) -> RecordFields:
    """Read id, text, url, published, title and language of a record; InputError names what is wrong.

    ``record_fields({"id": "a1", "body": "Text."}, "f.jsonl:3").text == "Text."``
    """
    text = None
    for key in TEXT_FIELDS:
        value = record.get(key)
        if value is not None:
            text = _string(value, key, source)
            break
    if text is None or not text.strip():
        raise InputError(source, "record has no text; put the article in a \"text\" (or \"body\", \"content\") field")
    published = None
    for key in PUBLISHED_FIELDS:
        value = record.get(key)
        if value is not None:
            # A bare year may come as a number.
            published = str(value) if isinstance(value, int) and not isinstance(value, bool) else _string(value, key, source)
            break
    identifier = record.get("id")
    if isinstance(identifier, int) and not isinstance(identifier, bool):
        identifier = str(identifier)
    elif identifier is not None:
        identifier = _string(identifier, "id", source)
    language = record.get("language")
    return RecordFields(
        id=_blank_to_none(identifier),
        text=text,
        url=_blank_to_none(_optional_string(record, "url", source)),
        published=_blank_to_none(published),
        title=_blank_to_none(_optional_string(record, "title", source)),
        language=language.strip().lower() or None if isinstance(language, str) else None,
    )


def _json_file(path: str, text: str, raw: bytes) -> Iterator[tuple[str, Any, bytes] | InputError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "; if the file holds one object per line, name it .jsonl" if exc.msg == "Extra data" else ""
        yield InputError(path, f"malformed JSON ({_message(exc)} at line {exc.lineno} column {exc.colno}){hint}")
        return
    except RecursionError:
        yield InputError(path, "malformed JSON (nested too deeply)")
        return
    if isinstance(data, list):
        for index, record in enumerate(data):
            # A list element has no bytes of its own; its canonical serialization stands in.
            own = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
            yield f"{path}[{index}]", record, own
    else:
        yield path, data, raw


def _json_lines(path: str, text: str) -> Iterator[tuple[str, Any, bytes] | InputError]:
    # Split on "\n" only: U+2028 and friends may occur raw inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            yield source, json.loads(line), line.encode("utf-8")
        except json.JSONDecodeError as exc:
            yield InputError(source, f"malformed JSON ({_message(exc)} at column {exc.colno})")
        except RecursionError:
            yield InputError(source, "malformed JSON (nested too deeply)")


def _message(exc: json.JSONDecodeError) -> str:
    # Some messages end in "at" ("Invalid control character at"); the position follows in ours.
    return exc.msg.removesuffix(" at")


def _string(value: Any, key: str, source: str) -> str:
    if not isinstance(value, str):
        raise InputError(source, f"field \"{key}\" must be a string, got {_kind(value)}")
    return value


def _optional_string(record: dict[str, Any], key: str, source: str) -> str | None:
    value = record.get(key)
    return None if value is None else _string(value, key, source)


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )
