"""Main text and metadata (title, publication date, canonical URL) of an HTML page, read without running it.

trafilatura finds the article body; when it finds nothing, a plain walk over the parsed tree (and, for
markup too broken or deep for the parser, a tag-stripping pass) gives the text instead. Nothing is
fetched or executed: scripts, styles and event handlers never reach the text.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

# Elements whose content is never text a reader sees.
_HIDDEN = frozenset({
    "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "math",
    "canvas", "select", "option", "textarea", "button", "frameset", "frame", "applet", "audio", "video",
})
# Elements that start a new line of text.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul", "body", "html",
})
_DATE_META = frozenset({
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "published_time", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "article.published", "originalpublicationdate",
})
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f]+")
# The last-resort tag stripper; [^<>]* keeps each attempt short, so hostile markup stays linear.
_RX_HIDDEN = re.compile(
    r"<(script|style|noscript|template|textarea|title|head|svg|math|iframe|object)\b[^<>]*>.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_RX_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_RX_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|td|section|article|blockquote|pre|table|ul|ol|header|"
                       r"footer|main|hr|dd|dt)\b[^<>]*>", re.IGNORECASE)
_RX_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>")
_JSON_LD_DEPTH = 8


@dataclass(frozen=True, slots=True)
class HtmlContent:
    """What a page offers: its main text, title, publication date as written, and canonical URL."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page names in a ``<meta charset>`` near its start, if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def extract_html(markup: str, *, url: str | None = None) -> HtmlContent:
    """Read the main text and metadata of an HTML page; ``url`` (where it came from) resolves relative links.

    ``extract_html("<title>T</title><p>Hello</p>").text == "Hello"``
    """
    tree, complete = _parse(markup)
    if tree is None:
        return HtmlContent(text=_strip_tags(markup))
    title = _meta(tree, "og:title")
    canonical = _canonical(tree, url)
    published = _published(tree)
    _unwrap_inline_times(tree)
    _drop_hidden(tree)
    found = _trafilatura(copy.deepcopy(tree))
    # A parse cut short (nesting past libxml2's depth limit) lost the rest of the page: strip tags instead.
    text = (found.get("text") or _walk_text(tree)) if complete else _strip_tags(markup)
    return HtmlContent(
        text=text,
        title=title or found.get("title") or _title_element(tree),
        published=published or found.get("date"),
        url=canonical or _absolute(found.get("url"), url),
    )


def _parse(markup: str) -> tuple[Any, bool]:
    """The parsed tree (None if there is none) and whether the parser read the whole page."""
    # lxml refuses str input that still carries an XML encoding declaration; the text is decoded already.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        tree = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    return tree, not any(error.level_name == "FATAL" for error in parser.error_log)


def _trafilatura(tree: Any) -> dict[str, str]:
    # Imported here: trafilatura costs ~120 ms to import, and only HTML input needs it.
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            tree, include_comments=False, include_tables=True, with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - any failure on hostile markup falls back to the plain walk
        return {}
    if result is None:
        return {}
    return {key: value for key in ("text", "title", "date", "url") if isinstance(value := getattr(result, key, None), str)}


def _walk_text(tree: Any) -> str:
    """Visible text of the tree, a line per block element; iterative, so deep nesting cannot overflow."""
    parts: list[str] = []
    hidden = 0
    pre = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                hidden += 1
            elif not hidden:
                pre += tag == "pre"
                if tag in _BLOCKS:
                    parts.append("\n")
                parts.append(_inline(element.text, pre))
            continue
        if tag in _HIDDEN:
            hidden -= 1
        elif not hidden:
            if tag in _BLOCKS:
                parts.append("\n")
            pre -= tag == "pre"
        if not hidden and element is not tree:
            parts.append(_inline(element.tail, pre))
    return _tidy("".join(parts))


def _inline(text: str | None, pre: int) -> str:
    if not text:
        return ""
    return text if pre else _SPACES.sub(" ", text)


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) if line.strip() else "" for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _strip_tags(markup: str) -> str:
    """Text of markup the parser could not use (too deep, or no tree): drop hidden blocks, then all tags."""
    text = _RX_COMMENT.sub(" ", markup)
    text = _RX_HIDDEN.sub(" ", text)
    text = _RX_BLOCK.sub("\n", text)
    text = _RX_TAG.sub(" ", text)
    return _tidy(html.unescape(text))


def _drop_hidden(tree: Any) -> None:
    # Removed before trafilatura sees the tree, so no version or setting of it can let their content through.
    for element in list(tree.iter(*_HIDDEN - {"head", "title"})):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _unwrap_inline_times(tree: Any) -> None:
    # trafilatura deletes <time> with its words; inside a sentence ("arrested on <time>May 3</time>") they
    # are part of the text, so keep the words and drop only the element.
    for element in list(tree.iter("time")):
        parent = element.getparent()
        if parent is None:
            continue
        before = element.getprevious()
        text_before = before.tail if before is not None else parent.text
        if (text_before and text_before.strip()) or (element.tail and element.tail.strip()):
            element.drop_tag()


def _meta(tree: Any, *names: str) -> str | None:
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        if key in names:
            content = (element.get("content") or "").strip()
            if content:
                return content
    return None


def _title_element(tree: Any) -> str | None:
    for element in tree.iter("title"):
        title = " ".join(element.text_content().split())
        if title:
            return title
    return None


def _canonical(tree: Any, base: str | None) -> str | None:
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split():
            found = _absolute(element.get("href"), base)
            if found:
                return found
    return _absolute(_meta(tree, "og:url"), base)


def _absolute(href: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL, or None: javascript:, data: and other schemes are never kept."""
    if not href:
        return None
    href = href.strip()
    if base and not _URL.match(href) and _URL.match(base):
        href = urljoin(base, href)
    return href if _URL.match(href) else None


def _published(tree: Any) -> str | None:
    """The publication date the page declares: meta tags, then JSON-LD, then a marked <time> element."""
    found = _meta(tree, *_DATE_META)
    if found:
        return found
    for element in tree.iter("script"):
        if (element.get("type") or "").strip().lower() == "application/ld+json":
            try:
                data = json.loads(element.text or "")
            except (ValueError, RecursionError):
                continue
            for value in _json_ld_values(data, "datePublished"):
                return value
    for element in tree.iter("time"):
        stamp = (element.get("datetime") or "").strip()
        marked = element.get("pubdate") is not None or (element.get("itemprop") or "").lower() == "datepublished"
        # An unmarked <time> counts only outside paragraphs, where it is a dateline, not a date in a sentence.
        in_text = any(parent.tag in ("p", "li", "blockquote", "td") for parent in element.iterancestors())
        if stamp and (marked or not in_text):
            return stamp
    return None


def _json_ld_values(data: Any, key: str) -> Iterator[str]:
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop(0)
        if depth > _JSON_LD_DEPTH:
            continue
        if isinstance(node, dict):
            value = node.get(key)
            if isinstance(value, str) and value.strip():
                yield value.strip()
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, (dict, list)))
