"""Web addresses: which ones reader fetches (http and https, with a host), what makes two the
same article, and which hosts are not on the public internet (loopback, link-local, private
ranges), where a redirect from a public site may not lead."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from urllib.parse import urlsplit, urlunsplit

from reader.core.text import inert


class FetchError(Exception):
    """A page or feed could not be fetched; the message is one line naming the URL."""


def is_url(text: str) -> bool:
    """Whether a command-line argument is meant as a URL (has a scheme), not a path."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text.strip())) or text.strip().lower().startswith(
        ("mailto:", "javascript:", "data:", "file:")
    )


def check_url(url: str) -> str:
    """The URL, stripped, if reader may fetch it (http or https, with a host); FetchError
    with the reason otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        raise FetchError(f"{inert(url)}: only http and https URLs can be fetched ({inert(scheme)}: is not)")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as error:
        raise FetchError(f"{inert(url)}: not a valid URL ({error})") from error
    if not host:
        raise FetchError(f"{inert(url)}: not a valid URL (no host)")
    return url


_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_\w+)$", re.IGNORECASE)


def url_key(url: str | None) -> str | None:
    """What makes two URLs the same article: host (case and "www." aside), path (a trailing
    slash aside) and query (tracking parameters aside); scheme, port and fragment ignored."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return None
    if not host:
        return None
    path = re.sub(r"/+$", "", parts.path) or "/"
    query = "&".join(sorted(p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])))
    return urlunsplit(("", host, path, query, "")).removeprefix("//")


async def is_local(host: str | None) -> bool:
    """Whether `host` is, or resolves to, an address that is not public (a failed lookup: no)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return False
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    return any(not address.is_global for address in addresses)
