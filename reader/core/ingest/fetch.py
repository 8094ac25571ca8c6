"""Fetching web pages and feeds over HTTP(S): one aiohttp session (connections reused), a few
requests at once but at most two per host, a deadline on the whole request (redirects and
body included, so a server that trickles a byte a second cannot hold us), size caps on the
bytes downloaded and on what they decompress to (a gzip or brotli bomb cannot fill memory),
and a one-line error naming the URL for everything that can go wrong.

aiohttp is imported when a Fetcher is built, not with this module. aiohttp rather than httpx: its C
parser costs a fifth of the CPU per request, which shows in a sync of a thousand pages."""

from __future__ import annotations

import asyncio
import functools
import http
import re
import socket
import ssl
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.core.ingest.addresses import FetchError, check_url, is_local, is_url, url_key
from reader.core.text import inert

__all__ = ["Fetcher", "FetchError", "Page", "check_url", "is_url", "url_key"]

USER_AGENT = f"reader-tui/{__version__} (a terminal news reader)"
DEFAULT_DEADLINE = 30.0  # seconds for a whole request
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
PER_HOST = 2  # requests at once to one host
AT_ONCE = 8  # requests at once in all
MAX_REDIRECTS = 10
REDIRECTS = (301, 302, 303, 307, 308)
MAX_HEADER = 64 * 1024  # bytes in one header line

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+xml",
    "application/feed+json",
    "application/json",
)
# Types that may hold either (servers label things loosely): looked at, not refused.
LOOSE_TYPES = ("text/plain", "application/octet-stream", "")
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
ACCEPT_FEED = "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.5,*/*;q=0.1"


@dataclass
class Page:
    url: str  # where the body came from, after redirects
    status: int
    content_type: str  # the media type, lower case, no parameters ("" if none given)
    charset: str | None
    body: bytes  # with any content encoding (gzip, br...) undone
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- content decoding with a bound on the output ----------------------------------------


class _TooBig(Exception):
    pass


class _Decoder:
    """Undoes a Content-Encoding chunk by chunk, never producing more than `limit` bytes in
    all (raises _TooBig instead), so a small compressed body cannot expand without bound."""

    def __init__(self, encoding: str, limit: int):
        self.limit = limit
        self.size = 0
        self.encoding = encoding
        self.first = True
        if encoding in ("gzip", "x-gzip"):
            self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.zlib = zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib-wrapped; raw deflate below
        elif encoding == "br":
            import brotli

            self.brotli = brotli.Decompressor()
        elif encoding not in ("", "identity"):
            raise ValueError(encoding)

    def _count(self, out: bytes) -> bytes:
        self.size += len(out)
        if self.size > self.limit:
            raise _TooBig
        return out

    def feed(self, data: bytes) -> bytes:
        encoding = self.encoding
        if encoding in ("", "identity"):
            return self._count(data)
        if encoding == "br":
            room = self.limit - self.size + 1
            out = [self._count(self.brotli.process(data, output_buffer_limit=room))]
            while not self.brotli.can_accept_more_data():
                out.append(self._count(self.brotli.process(b"", output_buffer_limit=self.limit - self.size + 1)))
            return b"".join(out)
        out = []
        while data:
            try:
                chunk = self.zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error:
                if encoding == "deflate" and self.first:  # some servers send raw deflate
                    self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.first = False
                    continue
                raise
            self.first = False
            out.append(self._count(chunk))
            data = self.zlib.unconsumed_tail
        return b"".join(out)


def _accept_encoding() -> str:
    try:
        import brotli

        brotli.Decompressor().can_accept_more_data  # noqa: B018 - brotli >= 1.2 can bound its output
        return "gzip, deflate, br"
    except (ImportError, AttributeError):
        return "gzip, deflate"


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.IGNORECASE)
    return media.strip().lower(), charset.group(1) if charset else None


@functools.cache
def _trusted() -> ssl.SSLContext:
    """The certificates HTTPS is checked against: certifi's bundle, as httpx, requests and curl's
    builds take them (the system's store is missing on python.org's macOS builds and in slim
    containers). Read once a process: 45 ms."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "error"


def _reason(error: BaseException, deadline: float) -> str:
    """One line for a failed request, without a traceback."""
    import aiohttp

    text = str(error)
    if isinstance(error, aiohttp.TooManyRedirects):
        return "too many redirects (a redirect loop?)"
    if isinstance(error, (aiohttp.NonHttpUrlRedirectClientError, aiohttp.NonHttpUrlClientError)):
        return "redirected to an address that is not http or https"
    if isinstance(error, (TimeoutError, aiohttp.ServerTimeoutError)):
        return f"no answer within {deadline:g} s"
    if isinstance(error, aiohttp.ClientConnectorError) and not isinstance(error, aiohttp.ClientSSLError):
        cause = error.os_error
        if isinstance(error, aiohttp.ClientConnectorDNSError) or isinstance(cause, socket.gaierror):
            return "cannot find the host (DNS lookup failed)"
        if isinstance(cause, ConnectionRefusedError) or "refused" in text.lower():
            return "connection refused (is the site down?)"
        return f"cannot connect: {cause.strerror or cause}"
    lowered = text.lower()
    if isinstance(error, aiohttp.ClientSSLError) or any(s in lowered for s in ("ssl", "certificate", "tls")):
        return f"secure connection failed (TLS): {text}"
    if isinstance(error, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientOSError)):
        return f"the connection broke off ({text or type(error).__name__})"
    if isinstance(error, aiohttp.InvalidURL):
        return f"not a valid URL ({text})"
    if isinstance(error, aiohttp.ClientError):
        return text or type(error).__name__
    return f"{type(error).__name__}: {text}"


class Fetcher:
    """One HTTP client for a batch of requests; use as `async with Fetcher() as fetcher:`.
    `requests` counts the requests made (redirects included)."""

    def __init__(
        self,
        deadline: float = DEFAULT_DEADLINE,
        max_bytes: int = DEFAULT_MAX_BYTES,
        per_host: int = PER_HOST,
        at_once: int = AT_ONCE,
    ):
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.per_host = per_host
        self._all = asyncio.Semaphore(at_once)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self.requests = 0
        self.client: Any = None  # an aiohttp.ClientSession while in use (aiohttp is imported then)
        self.at_once = at_once

    async def __aenter__(self) -> Fetcher:
        import aiohttp

        async def count(*_: object) -> None:
            self.requests += 1

        tracing = aiohttp.TraceConfig()
        tracing.on_request_headers_sent.append(count)  # each request sent, redirects among them
        self.client = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.at_once, limit_per_host=self.per_host, ssl=_trusted()),
            timeout=aiohttp.ClientTimeout(total=self.deadline),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": _accept_encoding()},
            auto_decompress=False,  # undone here, with a bound on what it unpacks to
            max_line_size=MAX_HEADER,  # aiohttp's 8 KB is less than some sites' policy and cookie headers
            max_field_size=MAX_HEADER,
            # the proxy settings of the environment, as curl takes them; looked up (in a thread, for
            # each request) only when there are some
            trust_env=bool(urllib.request.getproxies_environment()),
            trace_configs=[tracing],
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.close()

    async def get(
        self,
        url: str,
        accept: str = ACCEPT_HTML,
        types: tuple[str, ...] = HTML_TYPES,
        etag: str | None = None,
        modified: str | None = None,
    ) -> Page:
        """GET a URL: the Page (status 200, or 304 when the conditional headers match), or
        FetchError. A body whose media type is not in `types` (or loose, like text/plain)
        is refused with its type before it is downloaded."""
        url = check_url(url)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        host = (urlsplit(url).hostname or "").lower()
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(self.per_host))
        async with self._all, per_host:
            try:
                async with asyncio.timeout(self.deadline):
                    return await self._get(url, headers, types)
            except TimeoutError:
                raise FetchError(f"{inert(url)}: no complete answer within {self.deadline:g} s") from None
            except FetchError:
                raise
            except Exception as error:  # aiohttp's and the decoders' errors: one line each
                raise FetchError(f"{inert(url)}: {inert(_reason(error, self.deadline))}") from error

    async def _get(self, url: str, headers: dict[str, Any], types: tuple[str, ...]) -> Page:
        """Redirects one by one: from a public address never into loopback, link-local or
        private ranges (a feed on a home server may redirect within them)."""
        asked, origin_local = url, None
        for _ in range(MAX_REDIRECTS + 1):
            async with self.client.get(url, headers=headers, allow_redirects=False) as response:
                location = response.headers.get("location")
                if response.status not in REDIRECTS or not location:
                    return await self._page(response, asked, types)
                target = urljoin(str(response.url), location)
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise FetchError(f"{inert(asked)}: redirected to an address that is not http or https")
            if origin_local is None:
                origin_local = await is_local(urlsplit(asked).hostname)
            if not origin_local and await is_local(urlsplit(target).hostname):
                raise FetchError(
                    f"{inert(asked)}: redirected to a local or private address ({inert(target)}), which a site"
                    " on the internet may not send reader to"
                )
            url = target
        raise FetchError(f"{inert(asked)}: too many redirects (a redirect loop?)")

    async def _page(self, response: Any, url: str, types: tuple[str, ...]) -> Page:
        """The answer to a request (no redirect): a Page, or FetchError naming `url`."""
        final = str(response.url)
        where = inert(url if final == url else f"{url} (redirected to {final})")
        if response.status == 304:
            return Page(final, 304, "", None, b"", response.headers.get("etag"), response.headers.get("last-modified"))
        if response.status >= 400:
            raise FetchError(f"{where}: HTTP {response.status} {_phrase(response.status)}")
        if response.status != 200:
            raise FetchError(f"{where}: unexpected HTTP status {response.status}")
        media, charset = _media_type(response.headers.get("content-type"))
        if media not in types and media not in LOOSE_TYPES:
            raise FetchError(f"{where}: not a web page or feed but {inert(media)}")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"{where}: too large ({int(length) / 1048576:.1f} MB; the limit is {self._limit_mb})")
        encoding = response.headers.get("content-encoding", "").strip().lower()
        try:
            decoder = _Decoder(encoding, self.max_bytes)
        except ValueError:
            raise FetchError(f"{where}: unsupported content encoding {inert(encoding)}") from None
        chunks = []
        downloaded = 0
        try:
            async for raw in response.content.iter_any():
                downloaded += len(raw)
                if downloaded > self.max_bytes:
                    raise _TooBig
                chunks.append(decoder.feed(raw))
        except _TooBig:
            raise FetchError(f"{where}: too large (over {self._limit_mb}, downloaded or unpacked)") from None
        except zlib.error as error:
            raise FetchError(f"{where}: the {encoding} body is damaged ({error})") from None
        return Page(
            final,
            200,
            media,
            charset,
            b"".join(chunks),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )

    @property
    def _limit_mb(self) -> str:
        return f"{self.max_bytes / 1048576:g} MB"
