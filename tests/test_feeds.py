"""Parsing RSS 0.9x/1.0/2.0 and Atom from bytes: fields, repairs, and refusal of XML entity attacks."""

from __future__ import annotations

import functools
import html
import select
import socket
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.core.document import Document
from casewatch.core.errors import InputError
from casewatch.core.types import DateValue
from casewatch.ingest import feeds
from casewatch.ingest.feeds import Feed, FeedItem, feed_documents, looks_like_feed, parse_feed

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
BASE = "https://news.example.org"


def load(name: str) -> bytes:
    return (FEEDS / name).read_bytes().replace(b"BASE_URL", BASE.encode())


def guarded(call: Callable[[], object], limit: float = 10.0) -> object:
    """Run ``call`` in a thread; a hang fails the test instead of the suite (a guard, not a timing check)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), "the parser hung"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


# --- the formats ------------------------------------------------------------------------------------


def test_rss2_items() -> None:
    feed = parse_feed(load("rss2.xml"), f"{BASE}/feed.xml")
    assert (feed.kind, feed.title, feed.link, feed.meta["version"]) == ("rss", "Northern Courts Monitor",
                                                                         f"{BASE}/", "2.0")
    marten, orlik, editor, unsafe = feed.items
    assert marten.title == "Blogger Ilya Marten sentenced to six years in Varenburg"
    assert marten.link == f"{BASE}/articles/marten-sentenced.html"
    assert marten.published == DateValue("2023-03-14")
    assert marten.guid == "ncm-2023-0314-marten"
    assert marten.summary is not None and marten.summary.startswith("<p>A district court")
    assert marten.content is not None and "<p>Marten, 34, denied the charges" in marten.content
    # The publisher's own link beats the relative proxy link; a dc:date stands in for pubDate.
    assert orlik.link == f"{BASE}/articles/orlik-hearing.html"
    assert orlik.title == "Lawyers & relatives barred from hearing of Dana Orlik"
    assert orlik.published == DateValue("2023-03-10") and orlik.content is None
    # No <link>: a permalink guid is the link; a two-digit year still reads.
    assert editor.link == f"{BASE}/articles/editor-detained.html"
    assert editor.published == DateValue("2023-03-01")
    assert unsafe.link is None  # javascript: is never a link


def test_rss1_rdf_items() -> None:
    feed = parse_feed(load("rss1.rdf"), f"{BASE}/rss1.rdf")
    assert (feed.kind, feed.title, feed.link) == ("rdf", "Free Press Alerts", f"{BASE}/")
    kovan, sheva = feed.items
    assert kovan == FeedItem(
        title="Reporter Mira Kovan charged with extremism",
        link=f"{BASE}/alerts/kovan-charged.html",
        published=DateValue("2022-11-03"),
        summary='Investigators in Daltsk charged reporter Mira Kovan with "participation in an extremist '
                'community", her newspaper said.',
        content=None,
        guid=f"{BASE}/alerts/kovan-charged.html",
    )
    assert sheva.content == "<p>The poet <i>Arno Sheva</i> walked free on Friday after serving four years.</p>"
    assert sheva.published == DateValue("2022-10-28")


def test_atom_entries() -> None:
    feed = parse_feed(load("atom.xml"), f"{BASE}/atom.xml")
    assert (feed.kind, feed.title, feed.link) == ("atom", "Rights Watch Bulletin", f"{BASE}/")
    varga, brun = feed.items
    assert varga.link == f"{BASE}/bulletin/varga-appeal.html"  # xml:base applied; the enclosure is not the link
    assert varga.published == DateValue("2024-02-01")  # published, not updated; the date as written
    assert varga.guid == "tag:rights-watch.example,2024:varga-appeal"
    assert varga.content == ("<p>The regional appeal court upheld a fine of <strong>300,000 roubles</strong> "
                             "against activist Lena Varga for an unauthorised picket.</p>")
    assert varga.summary == "The regional appeal court upheld a fine of 300,000 roubles against activist Lena Varga."
    assert brun.title == "Trial of Oskar Brun opens <behind closed doors>"  # type="text" keeps its "<"
    assert brun.published == DateValue("2024-01-20")  # only <updated> given
    assert brun.content == "<p>The treason trial of the historian Oskar Brun opened in Korvet on Saturday.</p>"


def test_atom_plain_text_content_arrives_escaped() -> None:
    data = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><id>x</id>'
            b'<summary>Fine of 5 &lt; 10 units &amp; costs</summary></entry></feed>')
    item = parse_feed(data, "inline.xml").items[0]
    assert item.summary == "Fine of 5 &lt; 10 units &amp; costs"
    assert html.unescape(item.summary) == "Fine of 5 < 10 units & costs"


def test_rss091_with_netscape_doctype_latin1_and_html_entities() -> None:
    feed = parse_feed(load("rss091.xml"), "rss091.xml")
    assert feed.title == "Café Review Weekly" and feed.meta["version"] == "0.91"
    item = feed.items[0]
    assert item.title == "Writer José Amalt fined again"
    assert item.summary == "The writer José Amalt was fined for a second time for a poem published in 2021."
    assert item.published is None and item.guid is None


def test_relative_links_resolve_against_the_base_url() -> None:
    data = b'<rss version="2.0"><channel><title>T</title><item><link>/a/1.html</link></item></channel></rss>'
    assert parse_feed(data, "saved.xml").items[0].link is None  # a file gives no base
    assert parse_feed(data, "https://x.example/feeds/all.xml").items[0].link == "https://x.example/a/1.html"
    assert parse_feed(data, "saved.xml", base_url="https://y.example/f").items[0].link == "https://y.example/a/1.html"


# --- repairs ----------------------------------------------------------------------------------------


def test_html_entities_and_bare_ampersands_are_repaired() -> None:
    data = (b"<rss version='2.0'><channel><title>Q&A: the R&D trial&nbsp;&mdash; day&hellip;</title>"
            b"<item><title>A&eacute; &bogus; x</title></item></channel></rss>")
    feed = parse_feed(data, "inline.xml")
    assert feed.title == "Q&A: the R&D trial\u00a0\u2014 day\u2026".replace("\u00a0", " ")
    assert feed.items[0].title == "Aé &bogus; x"


def test_undeclared_legacy_encoding_is_detected() -> None:
    text = ("<rss version='2.0'><channel><title>Новости суда</title><item><title>Суд приговорил блогера Илью "
            "Мартена к шести годам колонии за публикации об армии</title></item></channel></rss>")
    feed = parse_feed(text.encode("cp1251"), "inline.xml")
    assert feed.items[0].title is not None and feed.items[0].title.startswith("Суд приговорил блогера")


def test_wrong_encoding_declaration_is_corrected() -> None:
    text = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Café Amalt</title>"
            "</channel></rss>")
    assert parse_feed(text.encode("cp1252"), "inline.xml").title == "Café Amalt"


def test_utf16_feed_with_bom() -> None:
    text = "\ufeff<?xml version='1.0' encoding='utf-16'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Ünal</title></feed>"
    feed = parse_feed(text.encode("utf-16-le"), "inline.xml")
    assert (feed.kind, feed.title) == ("atom", "Ünal")


# --- refusals ---------------------------------------------------------------------------------------


def test_billion_laughs_is_refused_in_bounded_memory() -> None:
    data = load("billion_laughs.xml")
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="declares XML entities or an inline DTD"):
            guarded(lambda: parse_feed(data, "billion_laughs.xml"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # fully expanded, the title alone would be 3 GB


def test_billion_laughs_in_an_attribute_is_refused() -> None:
    # Attribute values are where a parser is most tempted to expand entities.
    levels = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    data = (f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>'
            '<rss version="2.0"><channel><title x="&a9;">t</title></channel></rss>').encode()
    with pytest.raises(InputError, match="declares XML entities"):
        guarded(lambda: parse_feed(data, "attr.xml"))


def test_quadratic_blowup_is_refused() -> None:
    data = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{"x" * 100_000}">]>'
            f'<rss version="2.0"><channel><title>{"&big;" * 20_000}</title></channel></rss>').encode()
    with pytest.raises(InputError, match="declares XML entities or an inline DTD"):
        guarded(lambda: parse_feed(data, "quadratic.xml"))


def test_external_entity_fixture_is_refused() -> None:
    with pytest.raises(InputError, match="declares XML entities or an inline DTD") as caught:
        guarded(lambda: parse_feed(load("xxe.xml"), "xxe.xml"))
    assert "root:" not in str(caught.value)


@pytest.fixture
def secret_file(tmp_path: Path) -> tuple[Path, str]:
    secret = "casewatch-secret-7f3a91"
    path = tmp_path / "secret.txt"
    path.write_text(secret)
    return path, secret


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE rss [<!ENTITY leak SYSTEM "{uri}">]>',
    '<!DOCTYPE rss [<!ENTITY % leak SYSTEM "{uri}"> %leak;]>',
])
def test_external_entities_are_never_read(secret_file: tuple[Path, str], doctype: str) -> None:
    path, secret = secret_file
    data = (f'<?xml version="1.0"?>{doctype.format(uri=path.as_uri())}<rss version="2.0"><channel>'
            '<title>t</title><item><title>&leak;</title></item></channel></rss>').encode()
    with pytest.raises(InputError, match="declares XML entities or an inline DTD") as caught:
        guarded(lambda: parse_feed(data, "leak.xml"))
    assert secret not in str(caught.value)


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-le"])
def test_inline_dtd_is_seen_in_wide_encodings(secret_file: tuple[Path, str], codec: str) -> None:
    path, secret = secret_file
    text = (f'<?xml version="1.0" encoding="{codec.split("-le")[0]}"?><!DOCTYPE rss [<!ENTITY % leak SYSTEM '
            f'"{path.as_uri()}"> %leak;]><rss version="2.0"><channel><title>t</title></channel></rss>')
    with pytest.raises(InputError, match="declares XML entities or an inline DTD") as caught:
        guarded(lambda: parse_feed(text.encode(codec), "wide.xml"))
    assert secret not in str(caught.value)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE rss [<!ENTITY leak SYSTEM "{uri}">]>',
    '<!DOCTYPE rss [<!ENTITY % leak SYSTEM "{uri}"> %leak;]>',
    '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
])
def test_the_parser_layer_refuses_entities_on_its_own(secret_file: tuple[Path, str], doctype: str) -> None:
    # Below the inline-DTD check (which would refuse these first): the parser must stand on its own.
    path, secret = secret_file
    data = (f'<?xml version="1.0"?>{doctype.format(uri=path.as_uri())}<rss version="2.0"><channel>'
            '<title>t &lol2;</title></channel></rss>').encode()
    with pytest.raises(InputError, match="declares XML entities") as caught:
        guarded(lambda: feeds._xml_root(data, "layer.xml", None))
    assert secret not in str(caught.value)


def test_external_dtd_is_never_loaded(secret_file: tuple[Path, str], tmp_path: Path) -> None:
    path, secret = secret_file
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{path.as_uri()}">')
    data = (f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{dtd.as_uri()}"><rss version="2.0"><channel>'
            '<title>t &leak;</title><item><title>&leak;</title><description>&leak;</description></item>'
            '</channel></rss>').encode()
    feed = guarded(lambda: parse_feed(data, "dtd.xml"))
    assert isinstance(feed, Feed)
    assert secret not in repr(feed)


@pytest.fixture
def listener() -> Iterator[tuple[int, Callable[[], bool]]]:
    """A bare listening socket on loopback; ``touched()`` says whether anything tried to connect."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)

    def touched() -> bool:
        readable, _, _ = select.select([sock], [], [], 0.2)
        return bool(readable)

    try:
        yield sock.getsockname()[1], touched
    finally:
        sock.close()


def test_the_parser_never_opens_a_connection(listener: tuple[int, Callable[[], bool]]) -> None:
    port, touched = listener
    url = f"http://127.0.0.1:{port}"
    attempts = [
        f'<!DOCTYPE rss SYSTEM "{url}/rss.dtd"><rss version="2.0"><channel><title>t &x;</title></channel></rss>',
        f'<!DOCTYPE rss [<!ENTITY x SYSTEM "{url}/x">]><rss version="2.0"><channel><title>&x;</title></channel></rss>',
        f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{url}/p"> %p;]><rss version="2.0"><channel/></rss>',
        f'<?xml-stylesheet href="{url}/s.xsl" type="text/xsl"?><rss version="2.0" '
        f'xmlns:xi="http://www.w3.org/2001/XInclude"><channel><xi:include href="{url}/i"/></channel></rss>',
    ]
    for data in attempts:
        try:
            guarded(functools.partial(parse_feed, data.encode(), f"{url}/feed.xml"))
        except InputError:
            pass
    assert not touched()


@pytest.mark.parametrize(("data", "words"), [
    (load("broken.xml"), "not well-formed XML"),
    (b"<!DOCTYPE html><html><body><p>Not a feed</p></body></html>", "is an HTML page, not a feed"),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>',
     "its root element is <{http://www.sitemaps.org/schemas/sitemap/0.9}urlset>"),
    (b'<rss version="2.0"><title>no channel</title></rss>', "without a <channel>"),
    (b"   \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not well-formed XML"),
])
def test_not_feeds_are_refused_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_feed(data, "input.xml")
    assert words in caught.value.problem and caught.value.source == "input.xml"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("data", [
    b" " * 100_000 + b"x",
    b"<!--a-->" * 20_000 + b"<!--",
    b"<!-- --" * 20_000,
    b"<?a?>" * 20_000 + b"<?",
    b"\n" * 100_000 + b'<!DOCTYPE rss [<!ENTITY a "b">]><rss/>',
])
def test_hostile_prologs_are_handled_without_hanging(data: bytes) -> None:
    guarded(lambda: looks_like_feed(data, ""))
    with pytest.raises(InputError):
        guarded(lambda: parse_feed(data, "prolog.xml"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_a_feed_or_an_input_error(data: bytes) -> None:
    try:
        assert isinstance(parse_feed(data, "fuzz.xml"), Feed)
    except InputError:
        pass


# Characters XML allows: no surrogates, controls or unassigned code points (U+FFFE, U+FFFF are among them).
_PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn"), blacklist_characters="<>&"), min_size=1,
                 max_size=60).filter(lambda s: s.strip())


@settings(max_examples=100, deadline=None)
@given(title=_PLAIN, summary=_PLAIN)
def test_escaped_rss_fields_read_back(title: str, summary: str) -> None:
    data = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item><title>{escape(title)}'
            f"</title><description>{escape(summary)}</description></item></channel></rss>").encode()
    item = parse_feed(data, "prop.xml").items[0]
    assert item.title == " ".join(title.split())
    assert item.summary == summary.strip()


def test_characters_xml_forbids_are_dropped_not_the_whole_feed() -> None:
    data = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item><title>Court \x0bjails '
            'blogger\ufffe</title><description>Ten \x01years</description></item></channel></rss>').encode()
    item = parse_feed(data, "stray.xml").items[0]
    assert item.title == "Court jails blogger"
    assert item.summary == "Ten years"


# --- sniffing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rss2.xml", "rss1.rdf", "atom.xml", "rss091.xml"])
@pytest.mark.parametrize("media_type", ["application/rss+xml", "text/html", "text/xml", ""])
def test_feeds_are_recognised_whatever_the_media_type(name: str, media_type: str) -> None:
    assert looks_like_feed(load(name), media_type)


@pytest.mark.parametrize(("data", "media_type", "expected"), [
    (b"<!DOCTYPE html><html><head><title>x</title></head></html>", "application/rss+xml", False),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "text/xml", False),
    (b'<feed><entry/></feed>', "application/xml", False),  # "feed", but not Atom
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "application/rdf+xml", False),
    (b"<!--" + b"x" * 5000 + b"-->" + b'<rss version="2.0"/>', "application/rss+xml", True),  # unseen root
    (b"<!--" + b"x" * 5000 + b"-->" + b'<rss version="2.0"/>', "text/plain", False),
    ("\ufeff<rss version='2.0'/>".encode("utf-16-le"), "", True),
    (b"plain words", "text/plain", False),
])
def test_looks_like_feed(data: bytes, media_type: str, expected: bool) -> None:
    assert looks_like_feed(data, media_type) is expected


# --- documents --------------------------------------------------------------------------------------


def test_feed_documents_from_item_text_only() -> None:
    feed = parse_feed(load("rss2.xml"), f"{BASE}/feed.xml")
    feed.items.append(FeedItem(title="Empty", link=None, published=None, summary=None, content=None, guid="g9"))
    found = list(feed_documents(feed, fetch_pages=False))
    assert [type(x).__name__ for x in found] == ["Document"] * 4 + ["InputError"]
    marten = found[0]
    assert isinstance(marten, Document)
    assert marten.text.startswith("A district court in Varenburg on Tuesday sentenced blogger Ilya Marten")
    assert "Marten, 34, denied the charges" in marten.text  # the full content, not the summary
    assert marten.title == "Blogger Ilya Marten sentenced to six years in Varenburg"
    assert marten.url == f"{BASE}/articles/marten-sentenced.html"
    assert marten.published == DateValue("2023-03-14")
    assert (marten.meta["from_feed"], marten.meta["feed"], marten.meta["guid"]) == (
        "content", f"{BASE}/", "ncm-2023-0314-marten")
    orlik = found[1]
    assert isinstance(orlik, Document) and orlik.meta["from_feed"] == "summary"
    error = found[4]
    assert isinstance(error, InputError) and "no text and no link" in error.problem
