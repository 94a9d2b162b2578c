"""Fetch web pages and feeds over HTTP(S) without letting a URL reach the machine's own network.

How a fetch stays on the public internet (server-side request forgery, SSRF):

1. The URL is parsed once, with ``httpx.URL`` (the parser that also builds the request, so the host we
   check is the host we send to). Only ``http`` and ``https`` pass; user names in URLs, ports outside
   1-65535 and odd host spellings are refused. Hosts that read as numbers in a non-dotted form
   (``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``) are refused outright: the C resolver turns
   them into addresses that look nothing like what was written.
2. The host is resolved once (``socket.getaddrinfo``) and EVERY address it resolves to must be public:
   loopback, private, link-local, multicast, reserved, unspecified and shared (CGNAT) ranges are refused,
   and so are IPv6 forms that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64,
   Teredo) whose embedded address is not public. ``allow_private`` (``CASEWATCH_ALLOW_PRIVATE_NETWORKS=1``
   or the CLI's ``--allow-private``) and ``allow_hosts`` lift this for intranet sources; the cloud
   metadata addresses (169.254.169.254, fd00:ec2::254, ...) stay refused even then, as no news source
   lives there.
3. The connection goes to the address that was checked, never to a fresh lookup of the name, so a DNS
   answer that changes between check and connect (DNS rebinding) cannot move it. httpx has no resolver
   hook, but its documented ``sni_hostname`` request extension exists for exactly this: the request URL
   carries the checked IP, the ``Host`` header carries the original host (and port), and
   ``sni_hostname`` makes httpcore send the original name in TLS SNI and verify the certificate against
   it (``ssl`` ``check_hostname``), so TLS stays verified for the name the user asked for. The client is
   built with ``trust_env=False`` (an environment proxy would resolve the name itself) and without
   keep-alive (a pooled connection to an IP, verified for one name, must never carry a request for
   another name on the same IP).
4. Redirects are followed by hand, at most ``max_redirects``; each ``Location`` goes through steps 1-3
   again, so a public page cannot bounce the fetch to ``http://127.0.0.1/``.
5. Bodies are read raw and decompressed here (gzip, deflate) with ``zlib``'s ``max_length``, counting
   decoded bytes, so a gzip bomb stops at ``max_bytes`` having produced at most that much.

Text is decoded from, in order: a byte-order mark (as browsers do, it beats the header), the
``Content-Type`` charset, an HTML ``<meta charset>``, then detection (``decode_bytes``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import ipaddress
import os
import re
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import httpx

from casewatch.core.document import Document
from casewatch.core.errors import ConfigError, InputError
from casewatch.ingest.files import Decoded, RawItem, decode_bytes
from casewatch.ingest.html import declared_charset

__all__ = [
    "ALLOW_PRIVATE_ENV",
    "FetchSettings",
    "FetchedResource",
    "Resolver",
    "check_url",
    "decode_content",
    "fetch",
    "fetch_document",
    "new_client",
    "resource_document",
]

ALLOW_PRIVATE_ENV = "CASEWATCH_ALLOW_PRIVATE_NETWORKS"
_ALLOW_HINT = f"set {ALLOW_PRIVATE_ENV}=1 (or pass --allow-private) to read intranet sources"

# (host, port) -> IP addresses as text; the default asks the system resolver.
Resolver = Callable[[str, int], Sequence[str]]


def _version() -> str:
    try:
        return metadata.version("casewatch")
    except metadata.PackageNotFoundError:
        return "0"


def _env_allow_private() -> bool:
    value = os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{ALLOW_PRIVATE_ENV}={value!r} is not understood; set it to 1 to allow private "
                      "networks or 0 (or unset it) to refuse them")


@dataclass(slots=True)
class FetchSettings:
    """How casewatch fetches: timeouts in seconds, size and redirect limits, and which networks it may reach.

    ``allow_hosts`` names hosts (``"intranet.example"`` or ``"10.1.2.3:8080"``) that may resolve to private
    addresses while every other host must stay public. ``resolver`` replaces the system resolver (a test
    maps made-up names to loopback with it).
    """

    timeout_connect: float = 10.0
    timeout_read: float = 30.0
    timeout_total: float = 120.0  # a server dripping one byte per read timeout still ends
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    allow_private: bool = field(default_factory=_env_allow_private)
    allow_hosts: tuple[str, ...] = ()
    user_agent: str = f"casewatch/{_version()} (+https://example.invalid/casewatch)"
    resolver: Resolver | None = None


@dataclass(frozen=True, slots=True)
class FetchedResource:
    """One fetched response: decompressed bytes, the address chain, and what the server said they are."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes  # Content-Encoding removed; at most max_bytes
    media_type: str  # lower case, no parameters; sniffed when the server named none
    charset: str | None  # from the Content-Type header
    fetched_at: str  # ISO 8601, UTC, seconds
    redirects: tuple[str, ...] = ()  # every URL passed through before final_url
    address: str = ""  # the IP address the final response came from


# --- checking URLs ----------------------------------------------------------------------------------

_SCHEMES = ("http", "https")
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
_METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
    "169.254.170.2",  # AWS ECS task credentials
    "fd00:ec2::254",  # AWS over IPv6
    "100.100.100.200",  # Alibaba Cloud
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class _Target:
    url: httpx.URL  # as the user or a redirect named it
    host: str  # ASCII (IDNA) host, no brackets
    port: int
    addresses: tuple[str, ...]  # checked, in the resolver's order


def check_url(url: str, allow_private: bool, *, allow_hosts: Sequence[str] = (),
              resolver: Resolver | None = None) -> None:
    """Raise InputError unless ``url`` is http(s) and its host resolves only to addresses casewatch may reach.

    ``check_url("http://127.0.0.1/", allow_private=False)`` raises ``InputError("http://127.0.0.1/",
    "refused: 127.0.0.1 is a loopback address; set CASEWATCH_ALLOW_PRIVATE_NETWORKS=1 ...")``.
    """
    _target(url, url, allow_private, tuple(allow_hosts), resolver)


def _target(url: str, source: str, allow_private: bool, allow_hosts: tuple[str, ...],
            resolver: Resolver | None, via: str = "") -> _Target:
    """The checked host, port and addresses of ``url``; errors name ``source`` (what the user asked for)."""

    def refuse(problem: str) -> InputError:
        return InputError(source, via + problem)

    text = url.strip()
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        raise refuse("not a URL with a scheme; write it as https://example.org/path")
    if scheme not in _SCHEMES:
        raise refuse(f"refused: a {scheme}: URL; casewatch fetches only http:// and https:// addresses (for a "
                     "local file, pass its path)")
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        try:  # httpx rejects some numeric spellings ("0177.0.0.1"); say what they mean
            written = urlsplit(text).hostname or ""
        except ValueError:
            written = ""
        if written and _NUMERIC_LABEL.match(written.rsplit(".", 1)[-1]):
            _literal_address(written, refuse)
        raise refuse(f"not a valid URL ({exc}); check the address") from None
    if parsed.scheme not in _SCHEMES:
        raise refuse("refused: casewatch fetches only http:// and https:// addresses")
    if parsed.userinfo:
        raise refuse("refused: the URL carries a user name or password; remove the 'user@' part")
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise refuse("the URL has no host; write it as https://example.org/path")
    port = parsed.port if parsed.port is not None else (443 if parsed.scheme == "https" else 80)
    if not 1 <= port <= 65535:
        raise refuse(f"port {port} is out of range; check the address")
    literal = _literal_address(host, refuse)
    allowed = {name.strip().lower() for name in allow_hosts}
    exempt = allow_private or host in allowed or f"{host}:{port}" in allowed
    if literal is not None:
        addresses: tuple[str, ...] = (str(literal),)
    else:
        addresses = _resolve(host, port, resolver, refuse)
    for address in addresses:
        ip = ipaddress.ip_address(address)
        why = _not_public(ip)
        if why is None:
            continue
        named = str(ip) if literal is not None else f"{host} resolves to {ip}, which"
        if ip in _METADATA or _embedded_ipv4(ip) in _METADATA:
            raise refuse(f"refused: {named} is the cloud metadata address, never a news source")
        if not exempt:
            raise refuse(f"refused: {named} is {why}; {_ALLOW_HINT}")
    return _Target(parsed, host, port, addresses)


def _literal_address(host: str, refuse: Callable[[str], InputError]) -> ipaddress.IPv4Address | \
        ipaddress.IPv6Address | None:
    """The address a host names literally; None for a name. Refuses what is neither a name nor an address."""
    if ":" in host:
        if "%" in host:
            raise refuse(f"refused: host {host} names a network interface (a zone); casewatch reads public "
                         "addresses only")
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise refuse(f"{host!r} is not a valid IPv6 address; check the address") from None
    labels = host.removesuffix(".").split(".")
    if _NUMERIC_LABEL.match(labels[-1]):
        # The last label is a number, so resolvers read the whole host as an IPv4 address.
        try:
            return ipaddress.IPv4Address(host)
        except ValueError:
            pass
        try:
            meant = socket.inet_ntoa(socket.inet_aton(host.removesuffix(".")))
        except OSError:
            raise refuse(f"host {host} is neither a name nor a valid IPv4 address; check the address") from None
        raise refuse(f"refused: host {host} is an unusual spelling of the address {meant}; write addresses in "
                     f"dotted form ({meant}) if you mean it")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise refuse(f"host {host!r} is not a valid host name; check the address")
    return None


def _resolve(host: str, port: int, resolver: Resolver | None,
             refuse: Callable[[str], InputError]) -> tuple[str, ...]:
    try:
        found = list(resolver(host, port)) if resolver else _system_resolve(host, port)
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise refuse(f"cannot resolve host {host} ({reason}); check the address and the network") from None
    addresses: list[str] = []
    for address in found:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            raise refuse(f"host {host} resolved to {address!r}, which is not an IP address") from None
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise refuse(f"host {host} resolves to no address; check the address")
    return tuple(addresses)


def _system_resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries and reaches: IPv4-mapped, 6to4 or NAT64."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    embedded = ip.ipv4_mapped or ip.sixtofour
    if embedded is None and ip in _NAT64:
        embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return embedded


def _not_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not on the public internet, as a phrase; None when it is public."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        inner = _not_public(embedded)
        return f"an IPv6 form of {embedded}, {inner}" if inner else None
    if isinstance(ip, ipaddress.IPv6Address) and ip.teredo:
        return "a Teredo tunnel address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


# --- fetching ---------------------------------------------------------------------------------------

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
_STATUS_HINTS = {
    401: "the page needs a login; save it from a browser and read the file instead",
    403: "the server refuses automated readers or needs a login; save the page from a browser and read the file",
    404: "check the address",
    410: "the page was removed; look for an archived copy",
    429: "the server is rate-limiting casewatch; try again later",
}
_ADDRESS_TRIES = 3  # a host with many addresses: try a few when one cannot be reached


def new_client(settings: FetchSettings | None = None) -> httpx.Client:
    """An httpx client set up the way :func:`fetch` needs: verified TLS, no proxies from the environment,
    no automatic redirects, no keep-alive. Pass it to several fetches to share its TLS setup."""
    settings = settings or FetchSettings()
    return httpx.Client(
        verify=True,
        trust_env=False,
        follow_redirects=False,
        timeout=_timeout(settings),
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def fetch(url: str, settings: FetchSettings | None = None, *, client: httpx.Client | None = None) -> FetchedResource:
    """GET ``url`` safely (see the module docstring) and return the decompressed body; raises InputError.

    ``fetch("https://example.org/news/1").media_type == "text/html"``. Responses other than 2xx raise.
    """
    settings = settings or FetchSettings()
    own = client is None
    active = client if client is not None else new_client(settings)
    try:
        return _fetch(url, settings, active)
    finally:
        if own:
            active.close()


def _fetch(url: str, settings: FetchSettings, client: httpx.Client) -> FetchedResource:
    deadline = time.monotonic() + settings.timeout_total
    current, via = url, ""
    passed: list[str] = []
    for _ in range(settings.max_redirects + 1):
        target = _target(current, url, settings.allow_private, settings.allow_hosts, settings.resolver, via)
        response, address = _send(client, target, settings, url, via)
        try:
            status = response.status_code
            if status in _REDIRECTS:
                location = response.headers.get("location", "").strip()
                if not location:
                    raise InputError(url, f"{via}the server answered {status} but named no address to go to; "
                                          "open the URL in a browser to find the page")
                passed.append(str(target.url))
                current = urljoin(str(target.url), location)  # keeps what was written, for messages
                via = f"redirected to {current}: "
                continue
            if not 200 <= status < 300:
                reason = response.reason_phrase or "error"
                hint = _STATUS_HINTS.get(status) or ("the server failed; try again later" if status >= 500 else
                                                     "open the URL in a browser to see what it returns")
                raise InputError(url, f"{via}the server answered {status} {reason}; {hint}")
            content = _read_body(response, settings, url, deadline)
        except httpx.TimeoutException:
            raise InputError(url, f"{via}the server stopped sending for {settings.timeout_read:g} s; try again "
                                  "later or raise the read timeout") from None
        except httpx.HTTPError as exc:
            raise InputError(url, f"{via}the connection failed while reading ({_reason(exc)}); try again "
                                  "later") from None
        finally:
            response.close()
        media_type, charset = _content_type(response.headers.get("content-type", ""))
        return FetchedResource(
            url=url,
            final_url=str(target.url.copy_with(fragment=None)),
            status=status,
            headers=response.headers,
            content=content,
            media_type=media_type or _sniff(content),
            charset=charset,
            fetched_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            redirects=tuple(passed),
            address=address,
        )
    raise InputError(url, f"more than {settings.max_redirects} redirects (the last to {current}); the site may "
                          "loop: open it in a browser and use the address it ends at")


def _timeout(settings: FetchSettings) -> httpx.Timeout:
    return httpx.Timeout(connect=settings.timeout_connect, read=settings.timeout_read,
                         write=settings.timeout_read, pool=settings.timeout_connect)


def _send(client: httpx.Client, target: _Target, settings: FetchSettings, source: str,
          via: str) -> tuple[httpx.Response, str]:
    """Send the GET to the checked addresses (pinned; see the module docstring), the first that answers."""
    url = target.url
    host_header = url.netloc.decode("ascii")
    extensions: dict[str, str] = {}
    if url.scheme == "https" and ":" not in target.host and not _NUMERIC_LABEL.match(target.host.split(".")[-1]):
        extensions["sni_hostname"] = target.host.removesuffix(".")
    headers = {
        "Host": host_header,
        "User-Agent": settings.user_agent,
        "Accept": _ACCEPT,
        "Accept-Encoding": "gzip, deflate",  # only what _Decompressor reads
    }
    failure: httpx.HTTPError | None = None
    for address in target.addresses[:_ADDRESS_TRIES]:
        request = client.build_request("GET", url.copy_with(host=address, fragment=None), headers=headers,
                                       timeout=_timeout(settings), extensions=extensions)
        try:
            return client.send(request, stream=True, follow_redirects=False), address
        except httpx.ConnectTimeout as exc:
            failure = exc
        except httpx.ConnectError as exc:
            if _tls_failure(exc):
                raise InputError(source, f"{via}the TLS certificate of {target.host} cannot be verified "
                                         f"({_reason(exc)}); casewatch reads only sites with valid "
                                         "certificates") from None
            failure = exc
        except httpx.TimeoutException:
            raise InputError(source, f"{via}the server sent no answer within {settings.timeout_read:g} s; try "
                                     "again later or raise the read timeout") from None
        except httpx.HTTPError as exc:
            raise InputError(source, f"{via}the request failed ({_reason(exc)}); try again later") from None
    if isinstance(failure, httpx.ConnectTimeout):
        raise InputError(source, f"{via}could not connect to {target.host} within {settings.timeout_connect:g} "
                                 "s; check the address or try again later")
    raise InputError(source, f"{via}could not connect to {target.host} port {target.port} "
                             f"({_reason(failure)}); check the address or try again later")


def _tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(5):  # the ssl error sits a few causes down, under httpcore's
        if seen is None:
            break
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc) or "[SSL" in str(exc)


def _reason(exc: BaseException | None) -> str:
    text = " ".join(str(exc).split()) if exc is not None else ""
    return (text or type(exc).__name__)[:200]


# --- reading bodies ---------------------------------------------------------------------------------


class _Decompressor:
    """Undoes one Content-Encoding, never producing more than it is asked for per call."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._raw_deflate = False
        self._z = self._new()
        self._started = False

    def _new(self) -> zlib._Decompress:
        if self._coding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" means the zlib format, but some servers send a bare deflate stream.
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> bytes:
        """Decompress ``data``; stops once more than ``limit`` bytes came out (the caller then gives up)."""
        out: list[bytes] = []
        produced = 0
        while data and produced <= limit:
            try:
                piece = self._z.decompress(data, limit + 1 - produced)
            except zlib.error:
                if self._coding == "deflate" and not self._started and not self._raw_deflate:
                    self._raw_deflate = True
                    self._z = self._new()
                    continue
                raise
            self._started = True
            out.append(piece)
            produced += len(piece)
            if self._z.eof:
                rest = self._z.unused_data
                if self._coding == "gzip" and rest.startswith(b"\x1f\x8b"):  # another gzip member follows
                    self._z = self._new()
                    data = rest
                    continue
                break  # padding after the end of the stream is ignored
            tail = self._z.unconsumed_tail
            if not piece and tail == data:
                break
            data = tail
        return b"".join(out)


def _read_body(response: httpx.Response, settings: FetchSettings, source: str, deadline: float) -> bytes:
    limit = settings.max_bytes
    codings = [c.strip() for c in response.headers.get("content-encoding", "").lower().split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
        raise InputError(source, f"the server sent the page encoded as {', '.join(codings)}, which casewatch "
                                 "cannot decode; it accepts gzip and deflate")
    decoder = _Decompressor("gzip" if codings and codings[0] == "x-gzip" else codings[0]) if codings else None
    declared = response.headers.get("content-length", "")
    if decoder is None and declared.isdigit() and int(declared) > limit:
        raise _too_big(source, limit, f"the server says it is {int(declared):,} bytes")
    parts: list[bytes] = []
    total = raw_total = 0
    for raw in response.iter_raw():
        raw_total += len(raw)
        try:
            piece = decoder.decode(raw, limit - total) if decoder else raw
        except zlib.error as exc:
            raise InputError(source, f"the compressed body is corrupt ({exc}); try again later") from None
        total += len(piece)
        # The raw count guards against compressed streams that decode to (almost) nothing forever.
        if total > limit or raw_total > limit + 1_000_000:
            raise _too_big(source, limit, "casewatch stopped reading at the limit")
        parts.append(piece)
        if time.monotonic() > deadline:
            raise InputError(source, f"the download took longer than {settings.timeout_total:g} s in all; the "
                                     "server is too slow, try again later")
    return b"".join(parts)


def _too_big(source: str, limit: int, detail: str) -> InputError:
    return InputError(source, f"the page is larger than {limit:,} bytes once decompressed ({detail}); raise the "
                              "limit with --max-bytes if it is genuine")


def _content_type(value: str) -> tuple[str, str | None]:
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return media.strip().lower(), charset


# Each piece matches in one way only (a comment cannot run past its "-->"), so hostile input stays linear.
_HTML_START = re.compile(rb"\A(?:\s|<!--(?:[^-]|-(?!->))*-->)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE)


def _sniff(content: bytes) -> str:
    """A media type for a response whose server named none."""
    head = content[:4096].removeprefix(codecs.BOM_UTF8)
    if _HTML_START.match(head):
        return "text/html"
    from casewatch.ingest.feeds import looks_like_feed  # feeds imports this module

    if looks_like_feed(content, ""):
        return "application/xml"
    return "application/octet-stream"


# --- decoding and documents -------------------------------------------------------------------------

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Servers often default to Latin-1 whatever the page is; valid UTF-8 with non-ASCII bytes is UTF-8.
_DEFAULT_CHARSETS = frozenset({"latin_1", "iso8859-1", "cp1252", "ascii"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_PAGE_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html", "text/plain": "text/plain",
               "text/markdown": "text/markdown", "text/x-markdown": "text/markdown"}


def decode_content(resource: FetchedResource) -> Decoded:
    """The text of a fetched body: byte-order mark, then the header charset, then ``<meta charset>``, then
    detection. Raises InputError for binary or undecodable bodies."""
    content, source = resource.content, resource.url
    if content.startswith(_BOMS) or not resource.charset:
        return _decode_unlabelled(resource)
    try:
        encoding = codecs.lookup(resource.charset).name
    except LookupError:
        return _decode_unlabelled(resource)
    if encoding in _DEFAULT_CHARSETS and not content.isascii():
        try:
            content.decode("utf-8")
            return decode_bytes(content, source)
        except UnicodeDecodeError:
            pass
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        return _decode_unlabelled(resource)
    checked = decode_bytes(text.encode("utf-8", "surrogatepass"), source)  # the binary and emptiness checks
    return Decoded(checked.text, encoding)


def _decode_unlabelled(resource: FetchedResource) -> Decoded:
    declared = declared_charset(resource.content) if resource.media_type in _HTML_TYPES else None
    return decode_bytes(resource.content, resource.url, declared=declared)


def resource_document(resource: FetchedResource) -> Document:
    """The Document of a fetched HTML or text page (its canonical URL kept); raises InputError for others."""
    from casewatch.ingest.feeds import looks_like_feed  # feeds imports this module
    from casewatch.normalize import normalize  # normalize imports casewatch.ingest

    source = resource.url
    if looks_like_feed(resource.content, resource.media_type):
        raise InputError(source, "is an RSS or Atom feed, not a page; read it as a feed")
    media_type = _PAGE_TYPES.get(resource.media_type)
    if media_type is None:
        raise InputError(source, f"is {resource.media_type}, not a web page; casewatch reads HTML and plain-text "
                                 "pages (save other documents as text and read the file)")
    decoded = decode_content(resource)
    # normalize() decodes by itself without the header; hand it UTF-8 whenever another encoding was chosen.
    data = resource.content if decoded.encoding == "utf-8" else decoded.text.encode("utf-8")
    item = RawItem(source=source, data=data, record=None, media_type=media_type, url=resource.final_url,
                   fetched_at=resource.fetched_at)
    document = normalize(item)
    document.raw_hash = hashlib.sha256(resource.content).hexdigest()
    if decoded.encoding != "utf-8":
        document.meta["encoding"] = decoded.encoding
    if resource.final_url != resource.url:
        document.meta["requested_url"] = resource.url
    return document


def fetch_document(url: str, settings: FetchSettings | None = None, *,
                   client: httpx.Client | None = None) -> Document:
    """Fetch a page and normalize it: ``fetch_document("https://example.org/a").url`` is its canonical URL."""
    return resource_document(fetch(url, settings, client=client))
