"""The fetcher against a server on 127.0.0.1: what it accepts, and every hostile answer
refused with one line naming the URL. No test touches the internet."""

import asyncio
import gzip
import threading
import time
import zlib

import brotli
import pytest

from reader.core.ingest.fetch import Fetcher, FetchError, check_url, is_url, url_key
from tests.loopback import Loopback, Route, endless, gzip_bomb, redirect, trickle

PAGE = "<html><body><p>" + "Hello there. " * 40 + "</p></body></html>"


def get(url, deadline=5.0, max_bytes=10 * 1024 * 1024, **options):
    async def run():
        async with Fetcher(deadline, max_bytes) as fetcher:
            return await fetcher.get(url, **options)

    return asyncio.run(run())


def refused(url, **options) -> str:
    with pytest.raises(FetchError) as caught:
        get(url, **options)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_page_comes_back_unzipped_with_its_charset_and_a_clear_user_agent():
    with Loopback() as server:
        url = server.add("/a", PAGE.encode("cp1251"), content_type="text/html; charset=windows-1251", gzip=True)
        page = get(url)
        assert page.body == PAGE.encode("cp1251") and page.charset == "windows-1251"
        assert page.content_type == "text/html"
        headers = server.log[0][1]
        assert headers["User-Agent"].startswith("reader-tui/")
        assert "gzip" in headers["Accept-Encoding"] and "br" in headers["Accept-Encoding"]


@pytest.mark.parametrize("encoding", ["br", "deflate-zlib", "deflate-raw"])
def test_brotli_and_both_kinds_of_deflate_are_undone(encoding):
    body = PAGE.encode()
    packed = {
        "br": brotli.compress(body),
        "deflate-zlib": zlib.compress(body),
        "deflate-raw": zlib.compress(body)[2:-4],
    }[encoding]
    with Loopback() as server:
        url = server.add("/a", packed, headers={"Content-Encoding": encoding.split("-")[0]})
        assert get(url).body == body


def test_long_header_lines_are_taken():
    """Security policies and cookies make header lines of tens of kilobytes on real sites."""
    with Loopback() as server:
        policy = "default-src 'self' " + " ".join(f"https://cdn{n}.example.org" for n in range(1000))
        url = server.add("/a", PAGE, headers={"Content-Security-Policy": policy})
        assert len(policy) > 20_000 and get(url).body == PAGE.encode()


def test_connections_are_reused_for_several_pages():
    async def run(urls):
        async with Fetcher() as fetcher:
            for url in urls:
                await fetcher.get(url)
            return fetcher.requests

    with Loopback() as server:
        urls = [server.add(f"/p{i}", PAGE) for i in range(5)]
        assert asyncio.run(run(urls)) == 5
        assert len(server.connections) == 1  # one keep-alive connection served all five


def test_at_most_two_requests_at_once_to_one_host():
    busy = {"now": 0, "most": 0}
    lock = threading.Lock()

    def slow(handler):
        with lock:
            busy["now"] += 1
            busy["most"] = max(busy["most"], busy["now"])
        time.sleep(0.15)
        with lock:
            busy["now"] -= 1
        handler._send(200, PAGE.encode(), "text/html")

    async def run(urls):
        async with Fetcher() as fetcher:
            await asyncio.gather(*(fetcher.get(url) for url in urls))

    with Loopback() as server:
        urls = [server.add(f"/s{i}", handler=slow) for i in range(6)]
        asyncio.run(run(urls))
    assert busy["most"] == 2


def test_a_proxy_named_in_the_environment_is_used(monkeypatch):
    """As curl does: http_proxy in the environment carries the requests (here a loopback server
    that answers for a host that does not exist), and no_proxy is honoured."""
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with Loopback() as proxy:
        proxy.routes["http://news.example/story"] = Route(PAGE.encode())
        monkeypatch.setenv("http_proxy", proxy.url(""))
        assert get("http://news.example/story").body == PAGE.encode()
        assert proxy.log[-1][0] == "http://news.example/story"
        with Loopback() as direct:
            url = direct.add("/a", PAGE)
            monkeypatch.setenv("no_proxy", "127.0.0.1")
            assert get(url).body == PAGE.encode() and direct.log


def test_conditional_get_gives_not_modified():
    with Loopback() as server:
        url = server.add("/feed", "<rss/>", content_type="application/rss+xml", etag='"v1"')
        first = get(url, types=("application/rss+xml",))
        assert first.etag == '"v1"' and not first.not_modified
        again = get(url, types=("application/rss+xml",), etag=first.etag)
        assert again.not_modified and again.body == b""


def test_a_trickling_server_does_not_hold_the_request_past_its_deadline():
    with Loopback() as server:
        url = server.add("/slow", handler=trickle(seconds=20, every=0.2))
        started = time.monotonic()
        message = refused(url, deadline=1.0)
        assert message == f"{url}: no complete answer within 1 s"
        assert time.monotonic() - started < 10  # bounded by the deadline, not by the server


def test_a_gzip_bomb_is_stopped_at_the_size_cap():
    with Loopback() as server:
        url = server.add("/bomb", handler=gzip_bomb())
        assert "too large (over 1 MB, downloaded or unpacked)" in refused(url, max_bytes=1024 * 1024)


def test_a_brotli_bomb_is_stopped_at_the_size_cap():
    packed = brotli.compress(b"\0" * (50 * 1024 * 1024), quality=4)
    assert len(packed) < 100_000
    with Loopback() as server:
        url = server.add("/bomb", packed, headers={"Content-Encoding": "br"})
        assert "too large" in refused(url, max_bytes=1024 * 1024)


def test_oversized_bodies_are_refused_whether_announced_or_not():
    with Loopback() as server:
        big = server.add("/big", b"x" * (2 * 1024 * 1024))
        assert "too large (2.0 MB; the limit is 1 MB)" in refused(big, max_bytes=1024 * 1024)
        endless_url = server.add("/endless", handler=endless())
        assert "too large" in refused(endless_url, max_bytes=1024 * 1024)


@pytest.mark.parametrize("kind", ["image/png", "application/pdf", "application/zip", "video/mp4"])
def test_non_html_content_is_refused_with_its_type(kind):
    with Loopback() as server:
        url = server.add("/file", b"\x89PNG\r\n" * 10, content_type=kind)
        assert refused(url) == f"{url}: not a web page or feed but {kind}"


def test_redirects_are_followed_but_loops_stopped():
    with Loopback() as server:
        target = server.add("/target", PAGE)
        server.routes["/hop"] = redirect(target, 301)
        assert get(server.url("/hop")).url == target
        server.routes["/a"] = redirect(server.url("/b"))
        server.routes["/b"] = redirect(server.url("/a"))
        assert "too many redirects (a redirect loop?)" in refused(server.url("/a"))
        server.routes["/to-file"] = redirect("file:///etc/passwd")
        assert "not http or https" in refused(server.url("/to-file"))


def test_a_redirect_from_a_public_address_into_a_private_one_is_refused(monkeypatch):
    """A site on the internet cannot send reader to a service on this machine or the home
    network; a feed on a home server still redirects within it. (127.0.0.2 stands for a
    public address here: there is no internet in the tests.)"""
    import ipaddress

    import reader.core.ingest.addresses as addresses

    real = ipaddress.ip_address

    def address(text):
        found = real(text)
        return real("93.184.216.34") if str(found) == "127.0.0.2" else found  # a public one

    monkeypatch.setattr(addresses.ipaddress, "ip_address", address)
    with Loopback("127.0.0.2") as public, Loopback("127.0.0.1") as private:
        secret = private.add("/admin", PAGE)
        public.routes["/go"] = redirect(secret)
        message = refused(public.url("/go"))
        assert message.startswith(f"{public.url('/go')}: redirected to a local or private address ({secret})")
        assert [path for path, _ in private.log] == []  # never asked
        public.routes["/elsewhere"] = redirect(public.url("/page"))
        public.add("/page", PAGE)
        assert get(public.url("/elsewhere")).url == public.url("/page")  # public to public: followed
        private.routes["/home"] = redirect(secret)
        assert get(private.url("/home")).url == secret  # a home server within itself: followed
        for target in ("http://localhost/x", "http://[::1]/x", "http://169.254.169.254/latest/meta-data"):
            public.routes["/meta"] = redirect(target)
            assert "redirected to a local or private address" in refused(public.url("/meta"))


def test_http_errors_dead_hosts_and_tls_failures_are_one_line_each():
    with Loopback() as server:
        assert refused(server.url("/missing")) == f"{server.url('/missing')}: HTTP 404 Not Found"
        server.routes["/boom"] = Route(b"oops", status=500)
        assert refused(server.url("/boom")) == f"{server.url('/boom')}: HTTP 500 Internal Server Error"
        tls = server.url("/x").replace("http://", "https://")
        assert "secure connection failed (TLS)" in refused(tls) or "broke off" in refused(tls)
    dead = server.url("/x")  # the server is gone now: nothing listens on that port
    assert refused(dead) == f"{dead}: connection refused (is the site down?)"


def test_dns_failures_read_as_such():
    """Made by hand, as aiohttp raises them: a real lookup would leave the machine."""
    import socket

    import aiohttp
    from aiohttp.client_reqrep import ConnectionKey

    from reader.core.ingest.fetch import _reason

    key = ConnectionKey("no-such-host.example", 80, False, True, None, None, None)
    lookup = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    for error in (aiohttp.ClientConnectorDNSError(key, lookup), aiohttp.ClientConnectorError(key, lookup)):
        assert _reason(error, 30) == "cannot find the host (DNS lookup failed)"


@pytest.mark.parametrize(
    "url, reason",
    [
        ("file:///etc/passwd", "only http and https URLs can be fetched (file: is not)"),
        ("ftp://example.org/x", "only http and https URLs can be fetched (ftp: is not)"),
        ("javascript:alert(1)", "only http and https URLs can be fetched (javascript: is not)"),
        ("http:///nohost", "not a valid URL (no host)"),
        ("http://example.org:99999/", "not a valid URL"),
    ],
)
def test_only_http_and_https_urls_are_fetched(url, reason):
    with pytest.raises(FetchError) as caught:
        check_url(url)
    assert reason in str(caught.value)
    assert is_url(url)


def test_paths_are_not_urls():
    assert not is_url("notes/article.md") and not is_url("./www.example.org.html")
    assert is_url("https://example.org/a") and is_url("HTTP://EXAMPLE.ORG")


def test_url_key_makes_one_page_one_key():
    same = [
        "https://www.example.org/news/story/?utm_source=rss&id=3",
        "http://example.org/news/story?id=3#comments",
        "HTTPS://EXAMPLE.ORG:443/news/story?id=3&fbclid=abc",
    ]
    assert len({url_key(u) for u in same}) == 1
    assert url_key("https://example.org/news/story?id=4") != url_key(same[0])
    assert url_key("https://example.org/a") != url_key("https://example.org/b")
    assert url_key(None) is None and url_key("not a url") is None


def test_gzip_body_that_is_damaged_is_a_clear_error():
    with Loopback() as server:
        url = server.add(
            "/bad", gzip.compress(PAGE.encode())[:40] + b"garbage" * 10, headers={"Content-Encoding": "gzip"}
        )
        assert "damaged" in refused(url)
