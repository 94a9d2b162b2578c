"""Turn a RawItem into a Document: decoded, cleaned text, title, publication date, URL, language, hashes.

The text a Document stores is exactly what :func:`normalize_text` returns, and every later offset points
into it. Cleaning never rewrites letters or punctuation (apostrophes and quotes stay as written).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from casewatch.core.document import Document, content_hash
from casewatch.core.errors import InputError
from casewatch.core.types import DateValue
from casewatch.extract.dates import parse_published
from casewatch.ingest import MAX_BYTES, RawItem, decode_bytes, iter_sources
from casewatch.ingest.html import declared_charset, extract_html
from casewatch.ingest.records import iter_records, record_fields

# --- text -------------------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Controls (not \t or \n), soft hyphen, zero-width and bidirectional marks, BOM: invisible, and they would
# split words that search and matching must see whole.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLANK_RUN = re.compile(r"\n{4,}")


def normalize_text(text: str) -> str:
    """The one text cleaning of casewatch; idempotent: ``normalize_text(normalize_text(t)) == normalize_text(t)``.

    NFC; newlines as ``\\n``; no trailing spaces; at most two blank lines in a row; no control or zero-width
    characters; leftover HTML entities decoded (``&amp;`` -> ``&``). ``normalize_text("A&#8217;s \\r\\n")
    == "A\u2019s"``.
    """
    # Each step can expose work for another (a removed zero-width space joins "&am\u200bp;"), so repeat to a
    # fixed point; the text shrinks on every pass that changes it, so this ends, in practice after one pass.
    for _ in range(32):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str) -> str:
    text = _decode_entities(text)
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n\n", text).strip()


def _decode_entities(text: str) -> str:
    # Only complete entities ("&amp;", "&#8217;"), never bare "&copy" inside words like "R&D"; doubly
    # escaped ones ("&amp;amp;") are common in scraped feeds, so decode until none is left.
    while "&" in text:
        decoded = _ENTITY.sub(lambda found: html.unescape(found.group()), text)
        if decoded == text:
            break
        text = decoded
    return text


def _one_line(text: str | None) -> str | None:
    if text is None:
        return None
    line = " ".join(normalize_text(text).split())
    return line[:500] or None


# --- formats ----------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_MD_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_MD_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_MD_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_HIDDEN_HTML = re.compile(r"<(script|style)\b[^<>]*>.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)", re.IGNORECASE | re.DOTALL)
_MD_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# A link target: a URL that may hold balanced parentheses, then an optional quoted title.
_MD_TARGET = r"(?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?"
# Each pattern's inner part excludes its own delimiter, so a failed attempt stops at the next one and a long
# line full of stray markers stays linear instead of quadratic.
_MD_INLINE = [
    (re.compile(rf"!\[([^\[\]]*)\]\({_MD_TARGET}\)"), r"\1"),  # image -> alt text
    (re.compile(rf"\[([^\[\]]+)\]\({_MD_TARGET}\)"), r"\1"),  # link -> its words
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),  # reference link
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"(`+)([^`]+)\1"), r"\2"),  # code span
    (re.compile(r"\*\*(?=[^\s*])([^*]+?)(?<=\S)\*\*"), r"\1"),  # strong
    (re.compile(r"__(?=[^\s_])([^_]+?)(?<=\S)__"), r"\1"),  # strong
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),  # emphasis, not snake_case
    (re.compile(r"~~(?=[^\s~])([^~]+?)(?<=\S)~~"), r"\1"),  # strikethrough
]
# Escaped markup characters park in the private use area while the markup is removed.
_PARK = 0xE000


def _markdown(text: str, source: str) -> tuple[str, dict[str, Any], str | None]:
    """Readable text of Markdown (markup symbols removed), its front matter, and its first heading."""
    front: dict[str, Any] = {}
    found = _FRONT_MATTER.match(text)
    if found:
        try:
            loaded = yaml.safe_load(found.group(1) or "")
        except yaml.YAMLError as exc:
            problem = str(exc).splitlines()[0]
            raise InputError(source, f"front matter is not valid YAML ({problem}); fix it or remove the "
                                     "leading --- block") from None
        if isinstance(loaded, dict):
            front = {str(key).lower(): value for key, value in loaded.items()}
        text = text[found.end():]
    text = _MD_HIDDEN_HTML.sub("", text)
    out: list[str] = []
    fence: str | None = None
    first_heading: str | None = None
    for line in text.split("\n"):
        opened = _MD_FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            else:
                out.append(line)
            continue
        if opened:
            fence = opened.group(1)
            continue
        heading = _MD_ATX.match(line)
        if heading:
            line = _md_inline(heading.group(1) or "")
            first_heading = first_heading or line.strip() or None
            out.append(line)
            continue
        if out and out[-1].strip() and _MD_SETEXT.match(line) and not _MD_RULE.match(out[-1]):
            first_heading = first_heading or out[-1].strip()
            continue
        if _MD_RULE.match(line) or _MD_REF_DEF.match(line) or _MD_TABLE_RULE.match(line) and "-" in line:
            out.append("")
            continue
        while _MD_QUOTE.match(line):
            line = _MD_QUOTE.sub("", line, count=1)
        line = _MD_BULLET.sub(r"\1", line)
        if line.lstrip().startswith("|"):
            line = line.strip().strip("|").strip()
        out.append(_md_inline(line))
    return "\n".join(out), front, first_heading


def _md_inline(line: str) -> str:
    line = _MD_ESCAPE.sub(lambda found: chr(_PARK + ord(found.group(1))), line)
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    line = _MD_TAG.sub("", line)
    return re.sub("[\ue000-\ue07f]", lambda found: chr(ord(found.group()) - _PARK), line)


def _first_line_title(text: str) -> str | None:
    """A first line that is short and stands alone (a blank line after it) is the headline."""
    head, blank, rest = (text.split("\n", 2) + ["", ""])[:3]
    if head.strip() and not blank.strip() and rest.strip() and len(head) <= 150 and len(head.split()) <= 25:
        return head.strip()
    return None


# --- dates and language -----------------------------------------------------------------------------


def _date_value(value: Any) -> str | None:
    """A front matter or record date as text; YAML reads an unquoted 2024-03-05 as a date object."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value.strip() else None


# Function words that make up much of any running text; a cheap test for the language of Latin script.
_FUNCTION_WORDS = {
    "en": "the of and to in is was that for on with by his her he said were has have from are".split(),
    "es": "el la los las de del que y en por con para una fue se su al lo como".split(),
    "fr": "le la les des et est une du que dans pour pas sur qui il au par ce".split(),
    "de": "der die das und ist nicht mit den von zu ein eine sich auf dem im des".split(),
    "pt": "o os as de do da que e em um uma não para com foi dos das no na".split(),
    "it": "il la di che e per un una non del della sono con gli è nel alla".split(),
    "tr": "ve bir bu da de için ile olarak çok gibi daha olan ama ise".split(),
}
_FUNCTION_SETS = {language: frozenset(words) for language, words in _FUNCTION_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = [  # (first, last code point, language when the script dominates)
    (0x0600, 0x06FF, "ar"), (0x0590, 0x05FF, "he"), (0x0370, 0x03FF, "el"), (0x0530, 0x058F, "hy"),
    (0x10A0, 0x10FF, "ka"), (0x3040, 0x30FF, "ja"), (0xAC00, 0xD7AF, "ko"), (0x4E00, 0x9FFF, "zh"),
]


def guess_language(text: str) -> str:
    """A cheap language code: the dominant script, then function words for Latin script; "en" when unsure."""
    sample = text[:20_000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 40:
        return "en"
    cyrillic = [ch for ch in letters if "\u0400" <= ch <= "\u04ff"]
    if len(cyrillic) > len(letters) / 2:
        present = set(cyrillic)
        if present & set("әғқұһӘҒҚҰҺ"):
            return "kk"
        if present & set("ӣӯҳҷӢӮҲҶ"):
            return "tg"
        if present & set("іїєґІЇЄҐ"):
            return "uk"
        if present & set("ңөүҢӨҮ"):
            return "ky"
        return "ru"
    for first, last, language in _SCRIPTS:
        share = sum(first <= ord(ch) <= last for ch in letters)
        if share > len(letters) / 2:
            if language == "ar" and set(sample) & set("پچژگ"):
                return "fa"
            return language
        # Japanese mixes kana with kanji; kana alone is a sure sign.
        if language == "ja" and share > len(letters) / 5:
            return "ja"
    words = [word.lower() for word in _WORD.findall(sample)]
    if len(words) < 20:
        return "en"
    scores = {lang: sum(word in vocabulary for word in words) / len(words)
              for lang, vocabulary in _FUNCTION_SETS.items()}
    best = max(scores, key=scores.__getitem__)
    if best != "en" and scores[best] >= 0.1 and scores[best] > 1.5 * scores["en"]:
        return best
    return "en"


# --- documents --------------------------------------------------------------------------------------


def normalize(item: RawItem, *, published: DateValue | None = None) -> Document:
    """The Document of one RawItem; ``published`` overrides any date the source gives.

    Raises InputError (naming ``item.source``) when the item is binary, empty, undecodable or malformed.
    """
    source = item.source
    meta: dict[str, str] = {"media_type": item.media_type}
    doc_id = language = None
    url = item.url
    stated_date: str | None = None
    strict_date = True  # a date a person wrote (record, front matter) must parse; page metadata may not
    record = item.record
    if record is None and item.data is not None and item.media_type == "application/json":
        record = _only_record(item.data, source)  # a fetched JSON body rather than a file ingest has split
    if record is not None:
        fields = record_fields(record, source)
        raw = item.data if item.data is not None else _record_bytes(record)
        body, title, doc_id = fields.text, fields.title, fields.id
        url = fields.url or url
        stated_date, language = fields.published, fields.language
    elif item.data is None:
        raise InputError(source, "no bytes and no record to read; the source yielded an empty item")
    else:
        raw = item.data
        declared = declared_charset(raw) if item.media_type == "text/html" else None
        decoded = decode_bytes(raw, source, declared=declared)
        if decoded.encoding != "utf-8":
            meta["encoding"] = decoded.encoding
        if item.media_type == "text/html":
            page = extract_html(decoded.text, url=item.url)
            body, title, url, stated_date = page.text, page.title, page.url or url, page.published
            strict_date = False
        elif item.media_type == "text/markdown":
            body, front, heading = _markdown(normalize_text(decoded.text), source)
            title = _front_string(front, "title") or heading
            url = _front_string(front, "url", "canonical_url", "canonical") or url
            stated_date = _date_value(front.get("published", front.get("date")))
        elif item.media_type == "text/plain":
            body, title = decoded.text, None
        else:
            raise InputError(source, f"unsupported media type {item.media_type!r}; casewatch reads text/plain, "
                                     "text/markdown, text/html and application/json")
    text = normalize_text(body)
    if not text:
        raise InputError(source, "no readable text (only markup, scripts or whitespace)")
    if published is None and stated_date:
        published = parse_published(stated_date)
        if published is None and strict_date:
            raise InputError(source, f"published date {stated_date!r} is not a date; write it as YYYY, "
                                     "YYYY-MM or YYYY-MM-DD")
    if item.url and url != item.url:
        meta["fetched_url"] = item.url
    return Document(
        id=doc_id or "doc-" + content_hash(text)[:16],
        text=text,
        title=_one_line(title) or _first_line_title(text),
        url=url,
        published=published,
        language=language or guess_language(text),
        source=source,
        raw_hash=hashlib.sha256(raw).hexdigest(),
        fetched_at=item.fetched_at,
        meta=meta,
    )


def read_documents(
    paths: Iterable[str | os.PathLike], *, published: DateValue | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Document | InputError]:
    """Documents of files and folders, in order; a bad input yields its InputError and the rest go on.

    ``[d.id for d in read_documents(["gold.jsonl"]) if isinstance(d, Document)]`` -> the records' ids.
    """
    for item in iter_sources(paths, max_bytes=max_bytes):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield normalize(item, published=published)
        except InputError as exc:
            yield exc


def _front_string(front: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = front.get(key)
        # YAML reads `title: 1984` as a number and an unquoted date as a date; both are text here.
        if isinstance(value, str | int | float | dt.date) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _only_record(data: bytes, source: str) -> dict[str, Any]:
    found = list(iter_records(source, decode_bytes(data, source).text, data, lines=False))
    if len(found) != 1:
        raise InputError(source, f"holds {len(found)} JSON records; read it with iter_sources to split them")
    if isinstance(found[0], InputError):
        raise found[0]
    return found[0][1]


def _record_bytes(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
