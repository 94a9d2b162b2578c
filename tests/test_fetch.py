"""Fetching over real HTTP on loopback: SSRF refusals, redirects, size caps, timeouts, encodings, feeds."""

from __future__ import annotations

import functools
import gzip
import http.server
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.core.document import Document
from casewatch.core.errors import ConfigError, InputError
from casewatch.core.types import DateValue
from casewatch.ingest.feeds import feed_documents, fetch_feed, parse_feed
from casewatch.ingest.fetch import (
    ALLOW_PRIVATE_ENV,
    FetchSettings,
    check_url,
    fetch,
    fetch_document,
    new_client,
)

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
TEST_HOST = "casewatch-test.invalid"  # never resolvable by the system: only the test resolver knows it

ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Marten sentenced | Northern Courts Monitor</title>
<meta property="og:title" content="Blogger Ilya Marten sentenced to six years">
<meta property="article:published_time" content="2023-03-15T08:00:00Z">
<link rel="canonical" href="https://courts-monitor.example.org/2023/03/marten-sentenced">
</head><body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article>
<h1>Blogger Ilya Marten sentenced to six years</h1>
<p>A district court in Varenburg on Tuesday sentenced the blogger Ilya Marten to six years in a penal colony
on charges of spreading false information about the army.</p>
<p>Marten, 34, was detained in May 2022 after he published a video about shelling near the border. He denied
the charges in his final statement and said he would appeal the verdict.</p>
<p>His lawyer, Oleg Sarn, told reporters that the defence had not been allowed to question the two experts
whose reports formed the basis of the case.</p>
</article>
<footer>Contact the editors</footer>
</body></html>
"""
CYRILLIC = "Суд в Варенбурге приговорил блогера Илью Мартена к шести годам колонии за публикации об армии."


# --- the loopback server ----------------------------------------------------------------------------


@dataclass
class Seen:
    path: str
    host: str | None


@dataclass
class Loopback:
    """A real HTTP server on 127.0.0.1; ``seen`` records every request that reached it."""

    port: int
    seen: list[Seen] = field(default_factory=list)
    sni: list[str | None] = field(default_factory=list)
    scheme: str = "http"

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [request.path for request in self.seen]


def _gzip_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


@functools.cache
def _bomb() -> bytes:
    return _gzip_zeros(200_000_000)  # 200 MB of zeros, about 200 KB on the wire


def _feed(name: str, base: str) -> bytes:
    return (FEEDS / name).read_bytes().replace(b"BASE_URL", base.encode())


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        parts = urlsplit(self.path)
        self.server.record(Seen(self.path, self.headers.get("Host")))
        route = ROUTES.get(parts.path)
        try:
            if route is None:
                self.reply(404, b"not found", "text/plain")
            else:
                route(self, parse_qs(parts.query))
        except OSError:
            pass  # the client gave up (timeouts, size caps): nothing more to say

    def reply(self, status: int, body: bytes, content_type: str | None, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def base(self) -> str:
        return f"{self.server.scheme}://127.0.0.1:{self.server.server_address[1]}"


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    scheme = "http"

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stop = threading.Event()
        self.log: list[Seen] = []
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that abort (refused certificates, timeouts) are expected here

    def record(self, seen: Seen) -> None:
        with self.lock:
            self.log.append(seen)


def _redirect(to: str, status: int = 302) -> Callable[[_Handler, dict], None]:
    return lambda h, q: h.reply(status, b"", None, Location=to)


def _chain(h: _Handler, q: dict) -> None:
    left = int(q.get("n", ["0"])[0])
    h.reply(301, b"", None, Location=f"chain?n={left - 1}" if left > 1 else "/page.html")


def _slow(h: _Handler, q: dict) -> None:
    h.server.stop.wait(5)
    h.reply(200, b"late", "text/plain")


def _drip(h: _Handler, q: dict) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    for _ in range(100):
        if h.server.stop.wait(0.05):
            return
        h.wfile.write(b"x")
        h.wfile.flush()


def _stream(h: _Handler, size: int) -> None:
    """A body with no Content-Length, ended by closing the connection."""
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True
    block = b"a" * 65_536
    for _ in range(size // len(block)):
        h.wfile.write(block)


def _headers_only(h: _Handler, headers: dict[str, str]) -> None:
    h.send_response(200)
    for name, value in headers.items():
        h.send_header(name, value)
    h.end_headers()


def _deflate_raw(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


ROUTES: dict[str, Callable[[_Handler, dict], None]] = {
    "/page.html": lambda h, q: h.reply(200, ARTICLE.encode(), "text/html; charset=utf-8"),
    "/plain.txt": lambda h, q: h.reply(200, ARTICLE.encode(), "text/plain"),
    "/gzip.html": lambda h, q: h.reply(200, gzip.compress(ARTICLE.encode()), "text/html", Content_Encoding="gzip"),
    "/zlib.html": lambda h, q: h.reply(200, zlib.compress(ARTICLE.encode()), "text/html",
                                       Content_Encoding="deflate"),
    "/raw-deflate.html": lambda h, q: h.reply(200, _deflate_raw(ARTICLE.encode()), "text/html",
                                              Content_Encoding="deflate"),
    "/brotli.html": lambda h, q: h.reply(200, b"\x0b\x02\x80hi\x03", "text/html", Content_Encoding="br"),
    "/untyped": lambda h, q: h.reply(200, ARTICLE.encode(), None),
    "/cp1251-header.html": lambda h, q: h.reply(
        200, f"<html><body><p>{CYRILLIC}</p></body></html>".encode("cp1251"), "text/html; charset=windows-1251"),
    "/cp1251-meta.html": lambda h, q: h.reply(
        200, f'<html><head><meta charset="windows-1251"></head><body><p>{CYRILLIC}</p></body></html>'
        .encode("cp1251"), "text/html"),
    "/utf8-as-latin1.html": lambda h, q: h.reply(
        200, "<html><body><p>Café owner José Amalt was fined.</p></body></html>".encode(), "text/html; charset=iso-8859-1"),
    "/utf16-bom.txt": lambda h, q: h.reply(200, "\ufeffTrial of José Amalt resumes.".encode("utf-16-le"),
                                           "text/plain; charset=iso-8859-1"),
    "/pdf": lambda h, q: h.reply(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
    "/chain": _chain,
    "/loop": _redirect("/loop"),
    "/to": lambda h, q: h.reply(302, b"", None, Location=q["url"][0]),
    "/no-location": lambda h, q: h.reply(302, b"", None),
    "/bomb": lambda h, q: h.reply(200, _bomb(), "text/html", Content_Encoding="gzip"),
    "/declared-big": lambda h, q: _headers_only(h, {"Content-Length": "50000000", "Content-Type": "text/plain"}),
    "/stream-big": lambda h, q: _stream(h, 3_000_000),
    "/slow": _slow,
    "/drip": _drip,
    "/error503": lambda h, q: h.reply(503, b"busy", "text/plain"),
    "/feed.xml": lambda h, q: h.reply(200, _feed("rss2.xml", h.base()), "application/rss+xml"),
    "/feed-as-html": lambda h, q: h.reply(200, _feed("rss2.xml", h.base()), "text/html"),
    "/rss1.rdf": lambda h, q: h.reply(200, _feed("rss1.rdf", h.base()), "application/rdf+xml"),
    "/atom.xml": lambda h, q: h.reply(200, _feed("atom.xml", h.base()), "application/atom+xml"),
    "/articles/marten-sentenced.html": lambda h, q: h.reply(200, ARTICLE.encode(), "text/html"),
    "/bulletin/varga-appeal.html": lambda h, q: h.reply(
        200, b"<html><head><title>Varga appeal</title></head><body><article><p>The regional appeal court upheld "
             b"the fine of 300,000 roubles against Lena Varga for a single-person picket outside the city hall "
             b"in June.</p></article></body></html>", "text/html"),
    "/bulletin/brun-trial.html": lambda h, q: h.reply(500, b"oops", "text/plain"),
}


@contextmanager
def _serve(server: _Server) -> Iterator[Loopback]:
    loop = Loopback(server.server_address[1], scheme=server.scheme)
    loop.seen = server.log
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield loop
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def _shared_server() -> Iterator[Loopback]:
    with _serve(_Server()) as loop:
        yield loop


@pytest.fixture
def server(_shared_server: Loopback) -> Loopback:
    """The module's loopback server, its request log emptied for this test."""
    _shared_server.seen.clear()
    return _shared_server


def loopback_settings(**changes: object) -> FetchSettings:
    return FetchSettings(allow_private=True, **changes)  # type: ignore[arg-type]


def strict_settings(**changes: object) -> FetchSettings:
    return FetchSettings(allow_private=False, **changes)  # type: ignore[arg-type]


def recording_client(sent: list[str]) -> httpx.Client:
    """A real client whose request hook notes every request it is about to send."""
    return httpx.Client(trust_env=False, event_hooks={"request": [lambda request: sent.append(str(request.url))]})


# --- SSRF: refused before any connection ------------------------------------------------------------

LOOPBACK_SPELLINGS = [
    "http://127.0.0.1:{port}/page.html",
    "http://localhost:{port}/page.html",
    "http://[::1]:{port}/page.html",
    "http://2130706433:{port}/page.html",
    "http://0x7f000001:{port}/page.html",
    "http://0177.0.0.1:{port}/page.html",
    "http://127.1:{port}/page.html",
    "http://[::ffff:127.0.0.1]:{port}/page.html",
    "http://[::ffff:7f00:1]:{port}/page.html",
    "http://[::127.0.0.1]:{port}/page.html",
    "http://[64:ff9b::7f00:1]:{port}/page.html",
    "http://[2002:7f00:1::]:{port}/page.html",
    "http://0.0.0.0:{port}/page.html",
    "http://[::]:{port}/page.html",
    "https://127.0.0.1:{port}/page.html",
]


@pytest.mark.parametrize("template", LOOPBACK_SPELLINGS)
def test_loopback_in_any_spelling_is_refused_and_never_contacted(server: Loopback, template: str) -> None:
    url = template.format(port=server.port)
    sent: list[str] = []
    with recording_client(sent) as client, pytest.raises(InputError) as caught:
        fetch(url, strict_settings(), client=client)
    assert caught.value.source == url
    assert "refused" in caught.value.problem
    assert sent == [] and server.seen == []


@pytest.mark.parametrize(("url", "words"), [
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "cloud metadata"),
    ("http://[::ffff:169.254.169.254]/", "cloud metadata"),
    ("http://10.0.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://100.64.0.1/", "not a public address"),
    ("http://169.254.10.10/", "link-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://[fc00::5]/", "private"),
])
def test_private_and_special_addresses_are_refused_before_sending(url: str, words: str) -> None:
    sent: list[str] = []
    with recording_client(sent) as client, pytest.raises(InputError) as caught:
        fetch(url, strict_settings(), client=client)
    assert words in caught.value.problem
    assert sent == []


def test_refusal_message_says_what_to_do() -> None:
    with pytest.raises(InputError) as caught:
        check_url("http://127.0.0.1/", allow_private=False)
    message = str(caught.value)
    assert message.startswith("http://127.0.0.1/: refused: 127.0.0.1 is a loopback address")
    assert f"{ALLOW_PRIVATE_ENV}=1" in message and "\n" not in message


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://ftp.example.org/file.txt", "gopher://example.org/", "javascript:alert(1)",
    "data:text/html,<p>x</p>", "//example.org/no-scheme", "example.org/no-scheme", "",
])
def test_other_schemes_are_refused(url: str) -> None:
    sent: list[str] = []
    with recording_client(sent) as client, pytest.raises(InputError) as caught:
        fetch(url, loopback_settings(), client=client)  # even with private networks allowed
    assert "http" in caught.value.problem
    assert sent == []


@pytest.mark.parametrize(("url", "words"), [
    ("http://user:secret@example.org/", "user name or password"),
    ("http://example.org:99999/", "out of range"),
    ("http://example.org:0/", "port 0 is out of range"),
    ("http://1.2.3.4.5/", "neither a name nor a valid IPv4 address"),
    ("http://exa mple.org/", "not a valid host name"),
    ("http://[fe80::1%25eth0]/", "zone"),
])
def test_malformed_hosts_are_refused(url: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        check_url(url, allow_private=True)
    assert words in caught.value.problem


def test_metadata_address_stays_refused_with_private_networks_allowed() -> None:
    with pytest.raises(InputError, match="cloud metadata"):
        check_url("http://169.254.169.254/latest/meta-data/", allow_private=True)


def test_public_addresses_pass_the_check() -> None:
    check_url("https://93.184.216.34/news", allow_private=False)
    check_url("http://[2606:4700::1111]/", allow_private=False)
    check_url(f"https://{TEST_HOST}/a", allow_private=False, resolver=lambda host, port: ["93.184.216.34"])


def test_a_name_with_any_private_address_is_refused() -> None:
    both = lambda host, port: ["93.184.216.34", "10.1.2.3"]  # noqa: E731
    with pytest.raises(InputError, match=rf"{TEST_HOST} resolves to 10\.1\.2\.3, which is a private address"):
        check_url(f"https://{TEST_HOST}/", allow_private=False, resolver=both)


def test_unresolvable_host_names_the_problem() -> None:
    def nowhere(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(InputError, match="cannot resolve host"):
        check_url(f"https://{TEST_HOST}/", allow_private=False, resolver=nowhere)


def test_allow_private_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    assert FetchSettings().allow_private is True
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "0")
    assert FetchSettings().allow_private is False
    monkeypatch.delenv(ALLOW_PRIVATE_ENV)
    assert FetchSettings().allow_private is False
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "perhaps")
    with pytest.raises(ConfigError, match=ALLOW_PRIVATE_ENV):
        FetchSettings()


_PRIVATE_NETS = [ipaddress.ip_network(n) for n in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                   "169.254.0.0/16")]


@settings(max_examples=150, deadline=None)
@given(net=st.sampled_from(_PRIVATE_NETS), offset=st.integers(min_value=0, max_value=2**24 - 1),
       spelling=st.sampled_from(["dotted", "decimal", "hex", "octal", "mapped", "mapped-hex", "nat64"]))
def test_no_spelling_of_a_private_ipv4_address_passes(net: ipaddress.IPv4Network, offset: int,
                                                      spelling: str) -> None:
    ip = net.network_address + offset % net.num_addresses
    value = int(ip)
    host = {
        "dotted": str(ip),
        "decimal": str(value),
        "hex": hex(value),
        "octal": ".".join(f"0{int(part):o}" for part in str(ip).split(".")),
        "mapped": f"[::ffff:{ip}]",
        "mapped-hex": f"[::ffff:{value >> 16:x}:{value & 0xFFFF:x}]",
        "nat64": f"[64:ff9b::{value >> 16:x}:{value & 0xFFFF:x}]",
    }[spelling]
    with pytest.raises(InputError):
        check_url(f"http://{host}/", allow_private=False)


# --- redirects --------------------------------------------------------------------------------------


def test_redirect_to_loopback_is_refused_after_an_allowed_first_hop(server: Loopback) -> None:
    other = _Server()  # a second loopback server that must never be reached
    with _serve(other) as hidden:
        target = hidden.url("/page.html")
        settings_ = strict_settings(allow_hosts=(f"127.0.0.1:{server.port}",))
        with pytest.raises(InputError) as caught:
            fetch(server.url(f"/to?url={target}"), settings_)
        assert f"redirected to {target}: refused: 127.0.0.1 is a loopback address" in caught.value.problem
        assert server.paths() == [f"/to?url={target}"]
        assert hidden.seen == []


def test_redirect_to_a_file_url_is_refused(server: Loopback) -> None:
    with pytest.raises(InputError, match="redirected to file:///etc/passwd: refused: a file: URL"):
        fetch(server.url("/to?url=file:///etc/passwd"), loopback_settings())


def test_redirects_are_followed_to_the_page(server: Loopback) -> None:
    resource = fetch(server.url("/chain?n=3"), loopback_settings())
    assert resource.status == 200
    assert resource.final_url == server.url("/page.html")
    assert resource.redirects == tuple(server.url(p) for p in ("/chain?n=3", "/chain?n=2", "/chain?n=1"))
    assert server.paths() == ["/chain?n=3", "/chain?n=2", "/chain?n=1", "/page.html"]


def test_too_many_redirects_stop(server: Loopback) -> None:
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(server.url("/chain?n=6"), loopback_settings())
    assert len(server.seen) == 6  # the first request and five redirects, then no more
    with pytest.raises(InputError, match="more than 2 redirects"):
        fetch(server.url("/loop"), loopback_settings(max_redirects=2))


def test_redirect_without_location(server: Loopback) -> None:
    with pytest.raises(InputError, match="named no address"):
        fetch(server.url("/no-location"), loopback_settings())


# --- pinning the checked address --------------------------------------------------------------------


def test_connection_goes_to_the_checked_address_with_the_original_host(server: Loopback) -> None:
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    # The system cannot resolve TEST_HOST, so success means httpx connected to the checked IP itself.
    url = f"http://{TEST_HOST}:{server.port}/page.html"
    resource = fetch(url, strict_settings(allow_hosts=(TEST_HOST,), resolver=resolver))
    assert resource.status == 200 and resource.address == "127.0.0.1"
    assert resource.final_url == url
    assert server.seen == [Seen("/page.html", f"{TEST_HOST}:{server.port}")]
    assert lookups == [TEST_HOST]


def test_connection_falls_back_to_the_next_checked_address(server: Loopback) -> None:
    # 127.0.0.2 answers nothing on this port (on Linux it refuses at once); 127.0.0.1 is the server.
    resolver = lambda host, port: ["127.0.0.2", "127.0.0.1"]  # noqa: E731
    resource = fetch(f"http://{TEST_HOST}:{server.port}/page.html", loopback_settings(resolver=resolver))
    assert resource.address == "127.0.0.1"


def _make_cert(folder: Path, name: str) -> tuple[Path, Path]:
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True, timeout=30,
    )
    return cert, key


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Loopback, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = _make_cert(tmp_path, TEST_HOST)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = _Server()
    server.scheme = "https"
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment, misc]
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with _serve(server) as loop:
        loop.sni = names
        yield loop, cert


def test_tls_is_verified_against_the_host_name_while_connecting_to_the_checked_ip(
        tls_server: tuple[Loopback, Path]) -> None:
    server, cert = tls_server
    resolver = lambda host, port: ["127.0.0.1"]  # noqa: E731
    trusting = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)), trust_env=False)
    with trusting:
        resource = fetch(f"https://{TEST_HOST}:{server.port}/page.html",
                         strict_settings(allow_hosts=(TEST_HOST,), resolver=resolver), client=trusting)
    assert resource.status == 200
    assert server.sni == [TEST_HOST]
    assert server.seen == [Seen("/page.html", f"{TEST_HOST}:{server.port}")]


def test_tls_certificate_for_another_name_is_refused(tls_server: tuple[Loopback, Path], tmp_path: Path) -> None:
    server, cert = tls_server
    other = "other-name.invalid"
    resolver = lambda host, port: ["127.0.0.1"]  # noqa: E731
    trusting = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)), trust_env=False)
    with trusting, pytest.raises(InputError, match="TLS certificate of other-name.invalid cannot be verified"):
        fetch(f"https://{other}:{server.port}/page.html",
              strict_settings(allow_hosts=(other,), resolver=resolver), client=trusting)
    assert server.seen == []


def test_untrusted_certificate_is_refused_by_default(tls_server: tuple[Loopback, Path]) -> None:
    server, _ = tls_server
    resolver = lambda host, port: ["127.0.0.1"]  # noqa: E731
    with pytest.raises(InputError, match="TLS certificate"):
        fetch(f"https://{TEST_HOST}:{server.port}/page.html", loopback_settings(resolver=resolver))
    assert server.seen == []


# --- bodies: size caps, timeouts, errors, encodings ------------------------------------------------


def test_gzip_bomb_stops_at_the_cap_in_bounded_memory(server: Loopback) -> None:
    cap = 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            fetch(server.url("/bomb"), loopback_settings(max_bytes=cap))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "larger than 2,000,000 bytes once decompressed" in caught.value.problem
    # Decoding everything it could from each network read would hold tens of megabytes at once.
    assert peak < cap + 8_000_000


def test_gzip_bomb_stops_at_the_default_cap(server: Loopback) -> None:
    with pytest.raises(InputError, match="larger than 20,000,000 bytes"):
        fetch(server.url("/bomb"), loopback_settings())


def test_declared_size_over_the_cap_is_refused_before_reading(server: Loopback) -> None:
    with pytest.raises(InputError, match="the server says it is 50,000,000 bytes"):
        fetch(server.url("/declared-big"), loopback_settings())


def test_streamed_body_over_the_cap_stops(server: Loopback) -> None:
    with pytest.raises(InputError, match="larger than 1,000,000 bytes"):
        fetch(server.url("/stream-big"), loopback_settings(max_bytes=1_000_000))
    assert len(fetch(server.url("/stream-big"), loopback_settings()).content) == 3_000_000 // 65_536 * 65_536


@pytest.mark.parametrize("path", ["/gzip.html", "/zlib.html", "/raw-deflate.html"])
def test_compressed_pages_are_decoded(server: Loopback, path: str) -> None:
    assert fetch(server.url(path), loopback_settings()).content == ARTICLE.encode()


def test_unknown_content_encoding_is_refused(server: Loopback) -> None:
    with pytest.raises(InputError, match="encoded as br"):
        fetch(server.url("/brotli.html"), loopback_settings())


def test_slow_server_times_out(server: Loopback) -> None:
    with pytest.raises(InputError, match="no answer within 0.3 s"):
        fetch(server.url("/slow"), loopback_settings(timeout_read=0.3))


def test_dripping_server_hits_the_total_timeout(server: Loopback) -> None:
    with pytest.raises(InputError, match="longer than 0.3 s in all"):
        fetch(server.url("/drip"), loopback_settings(timeout_read=2.0, timeout_total=0.3))


@pytest.mark.parametrize(("path", "words"), [
    ("/error503", "the server answered 503 Service Unavailable; the server failed; try again later"),
    ("/missing", "the server answered 404 Not Found; check the address"),
])
def test_error_statuses_raise(server: Loopback, path: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(server.url(path), loopback_settings())
    assert caught.value.problem == words


def test_connection_refused_is_reported() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError, match=f"could not connect to 127.0.0.1 port {port}"):
        fetch(f"http://127.0.0.1:{port}/", loopback_settings())


def test_fetched_resource_describes_the_response(server: Loopback) -> None:
    resource = fetch(server.url("/page.html#section"), loopback_settings())
    assert (resource.url, resource.final_url) == (server.url("/page.html#section"), server.url("/page.html"))
    assert (resource.status, resource.media_type, resource.charset) == (200, "text/html", "utf-8")
    assert resource.headers["content-type"] == "text/html; charset=utf-8"
    assert resource.fetched_at.endswith("Z") and len(resource.fetched_at) == 20
    assert server.seen[0].host == f"127.0.0.1:{server.port}"


def test_missing_content_type_is_sniffed(server: Loopback) -> None:
    assert fetch(server.url("/untyped"), loopback_settings()).media_type == "text/html"


def test_fetch_document_keeps_the_canonical_url_and_page_metadata(server: Loopback) -> None:
    document = fetch_document(server.url("/page.html"), loopback_settings())
    assert isinstance(document, Document)
    assert document.url == "https://courts-monitor.example.org/2023/03/marten-sentenced"
    assert document.meta["fetched_url"] == server.url("/page.html")
    assert document.title == "Blogger Ilya Marten sentenced to six years"
    assert document.published == DateValue("2023-03-15")
    assert "sentenced the blogger Ilya Marten to six years" in document.text
    assert "Contact the editors" not in document.text
    assert document.source == server.url("/page.html") and document.fetched_at


def test_fetch_document_reads_plain_text(server: Loopback) -> None:
    document = fetch_document(server.url("/plain.txt"), loopback_settings())
    assert document.meta["media_type"] == "text/plain" and "<article>" in document.text


@pytest.mark.parametrize("path", ["/cp1251-header.html", "/cp1251-meta.html"])
def test_encoding_from_header_or_meta(server: Loopback, path: str) -> None:
    document = fetch_document(server.url(path), loopback_settings())
    assert CYRILLIC in document.text
    assert document.meta["encoding"] == "cp1251"


def test_raw_hash_is_of_the_bytes_as_served(server: Loopback) -> None:
    import hashlib

    resource = fetch(server.url("/cp1251-header.html"), loopback_settings())
    document = fetch_document(server.url("/cp1251-header.html"), loopback_settings())
    assert document.raw_hash == hashlib.sha256(resource.content).hexdigest()


def test_utf8_wins_over_a_default_latin1_header(server: Loopback) -> None:
    document = fetch_document(server.url("/utf8-as-latin1.html"), loopback_settings())
    assert "Café owner José Amalt" in document.text


def test_byte_order_mark_wins_over_the_header(server: Loopback) -> None:
    document = fetch_document(server.url("/utf16-bom.txt"), loopback_settings())
    assert document.text == "Trial of José Amalt resumes."


def test_fetch_document_refuses_other_media_types(server: Loopback) -> None:
    with pytest.raises(InputError, match="is application/pdf, not a web page"):
        fetch_document(server.url("/pdf"), loopback_settings())
    with pytest.raises(InputError, match="is an RSS or Atom feed"):
        fetch_document(server.url("/feed-as-html"), loopback_settings())


# --- feeds over HTTP --------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "kind", "count"), [("/feed.xml", "rss", 4), ("/rss1.rdf", "rdf", 2),
                                                      ("/atom.xml", "atom", 2)])
def test_fetch_feed_reads_every_format(server: Loopback, path: str, kind: str, count: int) -> None:
    feed = fetch_feed(server.url(path), loopback_settings())
    assert (feed.kind, len(feed.items)) == (kind, count)
    assert all(item.link is None or item.link.startswith(server.url("/")) for item in feed.items)


def test_feed_documents_fetch_pages_and_fall_back_to_item_content(server: Loopback) -> None:
    feed = fetch_feed(server.url("/atom.xml"), loopback_settings())
    found = list(feed_documents(feed, loopback_settings()))
    assert [type(x) for x in found] == [Document, Document]
    varga, brun = found
    assert isinstance(varga, Document) and isinstance(brun, Document)
    # The page was fetched: its text, the feed's date.
    assert "single-person picket outside the city hall" in varga.text
    assert varga.published == DateValue("2024-02-01")
    assert varga.meta["guid"] == "tag:rights-watch.example,2024:varga-appeal"
    # The page answered 500: the item's own content stands in, and says why.
    assert brun.text == "The treason trial of the historian Oskar Brun opened in Korvet on Saturday."
    assert brun.meta["from_feed"] == "content" and "500" in brun.meta["fetch_error"]
    assert brun.title == "Trial of Oskar Brun opens <behind closed doors>"
    assert brun.published == DateValue("2024-01-20") and brun.url == server.url("/bulletin/brun-trial.html")
    assert sorted(server.paths()) == ["/atom.xml", "/bulletin/brun-trial.html", "/bulletin/varga-appeal.html"]


def test_feed_item_links_to_loopback_are_refused_by_default(server: Loopback) -> None:
    feed = parse_feed(_feed("rss2.xml", server.url("").rstrip("/")), server.url("/feed.xml"))
    found = list(feed_documents(feed, strict_settings()))
    assert server.seen == []  # every page link points at the server, and none was requested
    assert all(isinstance(x, Document) for x in found)
    first = found[0]
    assert isinstance(first, Document)
    assert "refused: 127.0.0.1 is a loopback address" in first.meta["fetch_error"]
    assert "Marten, 34, denied the charges" in first.text
    assert first.published == DateValue("2023-03-14")


def test_feed_documents_without_fetching(server: Loopback) -> None:
    feed = parse_feed(_feed("rss1.rdf", server.url("").rstrip("/")), server.url("/rss1.rdf"))
    found = list(feed_documents(feed, loopback_settings(), fetch_pages=False))
    assert server.seen == []
    texts = [x.text for x in found if isinstance(x, Document)]
    assert texts[1] == "The poet Arno Sheva walked free on Friday after serving four years."
    assert all("fetch_error" not in x.meta for x in found if isinstance(x, Document))


def test_shared_client_serves_many_fetches(server: Loopback) -> None:
    settings_ = loopback_settings()
    with new_client(settings_) as client:
        first = fetch(server.url("/page.html"), settings_, client=client)
        second = fetch(server.url("/plain.txt"), settings_, client=client)
    assert first.content == second.content == ARTICLE.encode()


def test_timeouts_are_settings_with_defaults() -> None:
    defaults = FetchSettings(allow_private=False)
    assert (defaults.timeout_connect, defaults.timeout_read, defaults.max_bytes, defaults.max_redirects) == (
        10.0, 30.0, 20_000_000, 5)
    assert defaults.user_agent.startswith("casewatch/")
