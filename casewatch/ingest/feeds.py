"""Read RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom feeds from bytes, and turn their items into Documents.

The parser never fetches anything: lxml runs with ``no_network=True``, ``load_dtd=False``,
``resolve_entities=False`` and ``huge_tree=False``, so no external entity or DTD is loaded and no entity is
expanded into the tree; libxml2's own amplification limit stops a "billion laughs" while parsing, and a feed
whose DOCTYPE declares any entity at all (``<!ENTITY ...>``, the vehicle of both attacks) is refused after
it. Common breakage in real feeds (HTML entities such as ``&nbsp;``, a bare ``&``, a wrong encoding
declaration) is repaired once before giving up. Item pages are fetched by :mod:`casewatch.ingest.fetch`,
with its network safety.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from lxml import etree

from casewatch.core.document import Document
from casewatch.core.errors import InputError
from casewatch.core.types import DateValue
from casewatch.extract.dates import parse_published
from casewatch.ingest.fetch import FetchSettings, fetch, fetch_document, new_client
from casewatch.ingest.files import MAX_BYTES, RawItem, decode_bytes

__all__ = ["Feed", "FeedItem", "feed_documents", "fetch_feed", "looks_like_feed", "parse_feed"]

_ATOM = "http://www.w3.org/2005/Atom"
_ATOM03 = "http://purl.org/atom/ns#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RSS10 = "http://purl.org/rss/1.0/"
_RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                         "application/rss", "application/x-rss+xml"})


@dataclass(slots=True)
class FeedItem:
    """One entry of a feed. ``summary`` and ``content`` are HTML (plain-text fields arrive escaped)."""

    title: str | None
    link: str | None  # absolute http(s) URL, the publisher's own when a proxy link is also given
    published: DateValue | None
    summary: str | None
    content: str | None
    guid: str | None


@dataclass(slots=True)
class Feed:
    """A parsed feed; ``kind`` is "rss" (0.9x, 2.0), "rdf" (RSS 0.90, 1.0) or "atom"."""

    title: str | None
    link: str | None
    items: list[FeedItem]
    kind: str
    source: str = ""
    meta: dict[str, str] = field(default_factory=dict)


# --- sniffing ---------------------------------------------------------------------------------------

# Prolog pieces written so that each can match in one way only: the patterns stay linear on hostile input.
_COMMENT = r"<!--(?:[^-]|-(?!->))*-->"
_PI = r"<\?(?:[^?]|\?(?!>))*\?>"
_DOCTYPE = r"<!DOCTYPE\b[^\[>]*(?:\[[^\]]*\]\s*)?>"
_PROLOG = re.compile(rf"\A(?:\ufeff|\s|{_PI}|{_COMMENT}|{_DOCTYPE})*<([A-Za-z_][\w.:-]*)", re.IGNORECASE)


def looks_like_feed(data: bytes, media_type: str) -> bool:
    """Whether bytes are an RSS or Atom feed: the root element decides; the media type only when it is unseen.

    ``looks_like_feed(b'<rss version="2.0">...', "text/html") is True``
    """
    head = _as_text(data[:4096])
    found = _PROLOG.match(head)
    if found is None:
        return media_type.split(";")[0].strip().lower() in _FEED_TYPES and "<html" not in head.lower()
    name = found.group(1)
    local = name.rsplit(":", 1)[-1]
    if local == "rss":
        return True
    if local == "feed":
        return _ATOM in head or _ATOM03 in head
    if local == "RDF":
        return _RSS10 in head or _RSS090 in head
    return False


# (how the first four bytes look, codec): XML's own encoding sniffing, for the wide encodings.
_WIDE = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
    (b"\x00<\x00", "utf-16-be"), (b"<\x00", "utf-16-le"),
)


def _as_text(data: bytes) -> str:
    """Bytes as text good enough to see markup: wide encodings decoded, anything else read byte by byte."""
    for start, codec in _WIDE:
        if data.startswith(start):
            return data.decode(codec, "ignore")
    return data.decode("latin-1")


# --- parsing ----------------------------------------------------------------------------------------


def parse_feed(data: bytes, source: str, *, base_url: str | None = None) -> Feed:
    """Parse a feed's bytes; relative links resolve against ``base_url`` (default: ``source`` if a URL).

    Raises InputError for malformed XML, entity declarations, and documents that are not feeds.
    ``parse_feed(b'<rss version="2.0"><channel><title>T</title></channel></rss>', "f.xml").kind == "rss"``
    """
    if len(data) > MAX_BYTES:
        raise InputError(source, f"the feed is {len(data):,} bytes, over the limit of {MAX_BYTES:,}")
    if not data.strip():
        raise InputError(source, "empty; expected an RSS or Atom feed")
    base = base_url or (source if urlsplit(source).scheme in ("http", "https") else None)
    root = _parse_xml(data, source, base)
    tag = etree.QName(root)
    if tag.localname == "rss" and not tag.namespace:
        return _rss(root, source)
    if tag.localname == "RDF" and tag.namespace == _RDF:
        return _rdf(root, source)
    if tag.localname == "feed" and tag.namespace in (_ATOM, _ATOM03):
        return _atom(root, source)
    shown = f"{{{tag.namespace}}}{tag.localname}" if tag.namespace else tag.localname
    hint = ("it is an HTML page: look for its RSS link, or read it as a page" if tag.localname.lower() == "html"
            else "check that the URL or file is the feed itself")
    raise InputError(source, f"not an RSS or Atom feed (its root element is <{shown}>); {hint}")


class _NoExternal(etree.Resolver):
    """Answers every request for an external DTD or entity with nothing, and notes that one was made."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> object:
        self.asked.append(system_url or public_id or "?")
        return self.resolve_string("", context)


def _parser() -> tuple[etree.XMLParser, _NoExternal]:
    # Keep collect_ids at its default: with collect_ids=False, lxml 6.1 / libxml2 2.14 was seen loading an
    # external parameter entity despite load_dtd=False; _NoExternal answers such loads with nothing anyway.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             attribute_defaults=False, huge_tree=False, remove_comments=True, remove_pis=True)
    guard = _NoExternal()
    parser.resolvers.add(guard)
    return parser, guard


_HTML_PAGE = re.compile(rf"\A(?:\ufeff|\s|{_COMMENT})*<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_INLINE_DTD = re.compile(rf"\A(?:\ufeff|\s|{_PI}|{_COMMENT})*<!DOCTYPE\b[^\[>]*\[", re.IGNORECASE)


def _parse_xml(data: bytes, source: str, base: str | None) -> etree._Element:
    text = _as_text(data)
    if _HTML_PAGE.match(text[:4096]):
        raise InputError(source, "is an HTML page, not a feed; look for its RSS link, or read it as a page")
    # Three layers against entity attacks: no inline DTD at all (where entities are declared), a parser that
    # neither expands nor loads anything, and a refusal of any entity declaration or load attempt it saw.
    if _INLINE_DTD.match(text):
        raise _entity_refusal(source)
    return _xml_root(data, source, base)


def _xml_root(data: bytes, source: str, base: str | None) -> etree._Element:
    """Parse with the safe parser, trying the repairs in turn; refuses entity declarations and loads."""
    first: etree.XMLSyntaxError | None = None
    for attempt in _attempts(data, source):
        parser, guard = _parser()
        try:
            root = etree.fromstring(attempt, parser, base_url=base)
        except etree.XMLSyntaxError as exc:
            if _entity_attack(exc) or guard.asked:
                raise _entity_refusal(source) from None
            first = first or exc
            continue
        if guard.asked:
            raise _entity_refusal(source)
        if root is None:
            break
        dtd = root.getroottree().docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise _entity_refusal(source)
        return root
    problem = " ".join(str(first).split())[:200] if first else "no root element"
    raise InputError(source, f"not well-formed XML ({problem}); the feed is broken: ask its publisher, or read "
                             "the item pages by URL")


def _attempts(data: bytes, source: str) -> Iterator[bytes]:
    """The bytes as given, then repaired: HTML entities and bare ampersands, then a wrong encoding."""
    yield data
    if b"\x00" in data[:4] or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # the repairs work on ASCII-compatible bytes only
    repaired = _repair(data)
    if repaired != data:
        yield repaired
    declared = _XML_ENCODING.search(data[:200])
    try:
        text = decode_bytes(data, source, declared=declared.group(2).decode("ascii") if declared else None).text
    except InputError:
        return
    utf8 = _XML_ENCODING.sub(rb"\1utf-8\3", text.lstrip("\ufeff").encode("utf-8"), count=1)
    if utf8 not in (data, repaired):
        yield utf8
        yield _repair(utf8)


_XML_ENCODING = re.compile(rb"""(\A\s*<\?xml[^>]*?\bencoding\s*=\s*["'])([A-Za-z0-9_.:-]{1,40})(["'])""")
_BARE_AMP = re.compile(rb"&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z_][\w.-]{0,31};)")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _repair(data: bytes) -> bytes:
    def named(found: re.Match[bytes]) -> bytes:
        name = found.group(1)
        if name in _XML_ENTITIES:
            return found.group()
        text = html.entities.html5.get(name.decode("ascii") + ";")
        if text is None:
            return b"&amp;" + name + b";"
        return "".join(f"&#{ord(ch)};" for ch in text).encode("ascii")

    return _NOT_XML_CHAR.sub(b"", _NAMED_ENTITY.sub(named, _BARE_AMP.sub(b"&amp;", data)))


# Characters XML 1.0 forbids that real feeds still carry (a stray control character, a byte-order
# mark's noncharacter twin U+FFFE): dropped in the repair, so one of them does not lose the whole feed.
# C0 controls are single bytes in every ASCII-compatible encoding; U+FFFE/U+FFFF as UTF-8.
_NOT_XML_CHAR = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def _entity_attack(exc: etree.XMLSyntaxError) -> bool:
    message = str(exc).lower()
    return "amplification" in message or "entity reference loop" in message or "entity loop" in message


def _entity_refusal(source: str) -> InputError:
    return InputError(source, "refused: the feed declares XML entities or an inline DTD (<!DOCTYPE ... [...]>), "
                              "which casewatch never reads (they can grow to gigabytes or read local files); "
                              "ask the publisher for a plain feed")


# --- reading elements -------------------------------------------------------------------------------

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _child(parent: etree._Element, *names: tuple[str | None, str]) -> etree._Element | None:
    """The first child with one of the (namespace, local name) pairs, trying names in order."""
    for namespace, local in names:
        found = parent.find(f"{{{namespace}}}{local}" if namespace else local)
        if found is not None:
            return found
    return None


def _inner(element: etree._Element | None) -> str | None:
    """The element's content as markup: its text, then its children (raw XHTML, entity references)."""
    if element is None:
        return None
    parts = [element.text or ""]
    for child in element:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    value = "".join(parts).strip()
    return value or None


def _plain(value: str | None) -> str | None:
    """Text for a title: tags removed, entities decoded, whitespace folded."""
    if value is None:
        return None
    text = " ".join(html.unescape(_TAG.sub(" ", value)).split())
    return text or None


def _as_html(element: etree._Element | None, kind: str) -> str | None:
    """An Atom text construct (type text, html or xhtml) as HTML."""
    if element is None or element.get("src"):
        return None  # out-of-line content: casewatch fetches the link instead
    mode = element.get("type", "text").lower()
    if mode in ("xhtml", "application/xhtml+xml") or element.get("mode") == "xml":
        return _xhtml(element)
    if element.get("mode") == "base64":
        return None
    value = _inner(element)
    if value is None:
        return None
    if mode in ("html", "text/html") or element.get("mode") == "escaped" or kind == "rss":
        return value
    return html.escape(value, quote=False)


def _xhtml(element: etree._Element) -> str | None:
    holder = element[0] if len(element) == 1 and etree.QName(element[0]).localname == "div" else element
    copy = etree.fromstring(etree.tostring(holder))
    for node in copy.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname
    etree.cleanup_namespaces(copy)
    parts = [copy.text or ""] + [etree.tostring(child, encoding="unicode", method="html") for child in copy]
    value = "".join(parts).strip()
    return value or None


def _link(value: str | None, element: etree._Element) -> str | None:
    """An absolute http(s) URL, resolved against the element's xml:base; None for any other scheme."""
    if not value or not value.strip():
        return None
    try:
        url = urljoin(element.base or "", value.strip())
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _date(element: etree._Element | None) -> DateValue | None:
    value = (element.text or "").strip() if element is not None else ""
    if not value:
        return None
    found = parse_published(value)
    if found is not None:
        return found
    parsed = email.utils.parsedate_tz(value)  # RFC 822 with a two-digit year, which parse_published skips
    if parsed is None:
        return None
    year, month, day = parsed[:3]
    try:
        stamp = dt.date(year, month, day)
    except ValueError:
        return None
    return DateValue(stamp.isoformat()) if 1900 <= year <= 2099 else None


def _first_date(parent: etree._Element, *names: tuple[str | None, str]) -> DateValue | None:
    for name in names:
        found = _date(_child(parent, name))
        if found is not None:
            return found
    return None


# --- formats ----------------------------------------------------------------------------------------


def _rss(root: etree._Element, source: str) -> Feed:
    channel = root.find("channel")
    if channel is None:
        raise InputError(source, "an RSS document without a <channel>; the feed is broken")
    items = [_rss_item(item) for item in root.iter("item")]  # some 0.9x feeds put items beside the channel
    link = _channel_link(channel)
    return Feed(title=_plain(_inner(channel.find("title"))), link=link, items=items, kind="rss", source=source,
                meta={"version": root.get("version", "")})


def _channel_link(channel: etree._Element) -> str | None:
    for link in channel.findall("link"):
        found = _link(link.text, link)
        if found:
            return found
    return _atom_link(channel)


def _rss_item(item: etree._Element) -> FeedItem:
    guid_element = item.find("guid")
    guid = _text(guid_element)
    link = (_link(_text(_child(item, (_FEEDBURNER, "origLink"))), item)
            or _link(_text(item.find("link")), item)
            or _atom_link(item))
    if link is None and guid and (guid_element is not None and guid_element.get("isPermaLink", "true") != "false"):
        link = _link(guid, item)
    return FeedItem(
        title=_plain(_inner(item.find("title"))),
        link=link,
        published=_first_date(item, (None, "pubDate"), (_DC, "date"), (_DCTERMS, "issued"), (_DCTERMS, "created"),
                              (_ATOM, "published"), (_ATOM, "updated")),
        summary=_as_html(item.find("description"), "rss"),
        content=_as_html(_child(item, (_CONTENT, "encoded")), "rss"),
        guid=guid,
    )


def _rdf(root: etree._Element, source: str) -> Feed:
    namespace = _RSS10 if root.find(f"{{{_RSS10}}}channel") is not None or root.find(f"{{{_RSS10}}}item") \
        is not None else _RSS090
    channel = root.find(f"{{{namespace}}}channel")
    items = [_rdf_item(item, namespace) for item in root.iter(f"{{{namespace}}}item")]
    title = link = None
    if channel is not None:
        title = _plain(_inner(channel.find(f"{{{namespace}}}title")))
        link_element = channel.find(f"{{{namespace}}}link")
        link = _link(_text(link_element), channel)
    return Feed(title=title, link=link, items=items, kind="rdf", source=source,
                meta={"version": "1.0" if namespace == _RSS10 else "0.90"})


def _rdf_item(item: etree._Element, namespace: str) -> FeedItem:
    about = item.get(f"{{{_RDF}}}about")
    return FeedItem(
        title=_plain(_inner(item.find(f"{{{namespace}}}title"))),
        link=_link(_text(item.find(f"{{{namespace}}}link")), item) or _link(about, item),
        published=_first_date(item, (_DC, "date"), (_DCTERMS, "issued"), (_DCTERMS, "created")),
        summary=_as_html(item.find(f"{{{namespace}}}description"), "rss"),
        content=_as_html(_child(item, (_CONTENT, "encoded")), "rss"),
        guid=(about or "").strip() or None,
    )


def _atom(root: etree._Element, source: str) -> Feed:
    ns = etree.QName(root).namespace or _ATOM
    entries = [_atom_entry(entry, ns) for entry in root.iter(f"{{{ns}}}entry")]
    return Feed(title=_plain(_as_html(root.find(f"{{{ns}}}title"), "atom")), link=_atom_link(root, ns),
                items=entries, kind="atom", source=source, meta={"version": "1.0" if ns == _ATOM else "0.3"})


def _atom_link(parent: etree._Element, ns: str = _ATOM) -> str | None:
    """The rel="alternate" link (an HTML one first) among an element's atom:link children."""
    best: str | None = None
    for element in parent.findall(f"{{{ns}}}link"):
        if element.get("rel", "alternate") != "alternate":
            continue
        href = _link(element.get("href"), element)
        if href is None:
            continue
        if element.get("type", "text/html") in ("text/html", "application/xhtml+xml"):
            return href
        best = best or href
    return best


def _atom_entry(entry: etree._Element, ns: str) -> FeedItem:
    link = _link(_text(_child(entry, (_FEEDBURNER, "origLink"))), entry) or _atom_link(entry, ns)
    return FeedItem(
        title=_plain(_as_html(entry.find(f"{{{ns}}}title"), "atom")),
        link=link,
        published=_first_date(entry, (ns, "published"), (ns, "issued"), (ns, "created"), (ns, "updated"),
                              (ns, "modified"), (_DC, "date")),
        summary=_as_html(entry.find(f"{{{ns}}}summary"), "atom"),
        content=_as_html(entry.find(f"{{{ns}}}content"), "atom"),
        guid=_text(entry.find(f"{{{ns}}}id")),
    )


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    value = "".join(element.itertext()).strip()
    return value or None


# --- fetching and documents -------------------------------------------------------------------------


def fetch_feed(url: str, settings: FetchSettings | None = None, *, client: httpx.Client | None = None) -> Feed:
    """Fetch a feed with :func:`casewatch.ingest.fetch.fetch` (same network safety) and parse it."""
    resource = fetch(url, settings, client=client)
    return parse_feed(resource.content, url, base_url=resource.final_url)


def feed_documents(feed: Feed, settings: FetchSettings | None = None, *, fetch_pages: bool = True,
                   client: httpx.Client | None = None) -> Iterator[Document | InputError]:
    """One Document (or the InputError why not) per feed item, in feed order.

    Each item's page is fetched (same safety as :func:`fetch`) and read; when that fails, or with
    ``fetch_pages=False``, the item's own content (else summary) becomes the text, and ``meta`` says so.
    The feed's date, when it gives one, is the document's publication date.
    """
    settings = settings or FetchSettings()
    own = client is None and fetch_pages
    active = new_client(settings) if own else client
    try:
        for index, item in enumerate(feed.items, 1):
            yield _item_document(feed, item, index, settings, active, fetch_pages)
    finally:
        if own and active is not None:
            active.close()


def _item_document(feed: Feed, item: FeedItem, index: int, settings: FetchSettings,
                   client: httpx.Client | None, fetch_pages: bool) -> Document | InputError:
    label = item.link or f"{feed.source or 'feed'}#item{index}"
    failure: InputError | None = None
    if fetch_pages and item.link:
        try:
            document = fetch_document(item.link, settings, client=client)
        except InputError as exc:
            failure = exc
        else:
            if item.published is not None:
                document.published = item.published
            document.title = document.title or item.title
            _feed_meta(document, feed, item)
            return document
    body, part = (item.content, "content") if item.content else (item.summary, "summary")
    if not body:
        return failure or InputError(label, "the feed item has no text and no link to fetch; nothing to read")
    from casewatch.normalize import normalize  # normalize imports casewatch.ingest

    raw = RawItem(source=label, data=body.encode("utf-8"), record=None, media_type="text/html", url=item.link,
                  fetched_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:
        document = normalize(raw, published=item.published)
    except InputError as exc:
        return failure or exc
    document.title = item.title or document.title
    document.meta["from_feed"] = part
    if failure is not None:
        document.meta["fetch_error"] = failure.problem
    _feed_meta(document, feed, item)
    return document


def _feed_meta(document: Document, feed: Feed, item: FeedItem) -> None:
    if feed.link or feed.source:
        document.meta["feed"] = feed.link or feed.source
    if item.guid:
        document.meta["guid"] = item.guid
