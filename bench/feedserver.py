"""The sync through a feed server against the same feeds followed directly, in one run: 40
feeds x 25 entries on 10 loopback hosts, a real FreshRSS (../shared/servers/serve-freshrss,
needs PHP) that has fetched them (its own cron's work, not timed). Then a second sync with
nothing new.

    python bench/feedserver.py [--feeds 40] [--entries 25]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.feedserver import PASSWORD, USER, FreshRSS  # noqa: E402
from tests.loopback import Loopback  # noqa: E402
from tests.webpages import serve_feeds  # noqa: E402


def reader(home: Path, *argv: str, stdin: str = "") -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        input=stdin,
        env={**os.environ, "READER_HOME": str(home), "READER_NO_KEYRING": "1"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return time.perf_counter() - started


def states(root: Path, count: int) -> float:
    """Seconds to take the server's read and starred states of `count` items reader knows, half
    of them read on the phone (`services.remote._take_states`: two id listings, one batch)."""
    from reader.core.ingest.greader import READ, READING_LIST
    from reader.services import Services
    from reader.services.feeds import unguarded
    from reader.services.fetching import fetcher
    from reader.services.remote import _take_states

    with Loopback("127.0.0.20") as site, FreshRSS(root / "states") as server:
        urls = serve_feeds([site], 10, count // 10)

        async def subscribe_and_read(api):
            for n, url in enumerate(urls):
                await api.subscribe(url, f"Feed {n}", [])
            ids = await api.item_ids(READING_LIST)
            await api.mark(ids[::2], READ, True)
            return ids

        ids = server.phone(subscribe_and_read)
        home = root / "states-home"
        reader(home, "account", "add", server.url, "--user", USER, stdin=PASSWORD + "\n")
        os.environ["READER_HOME"] = str(home)
        services = Services.build(None)
        rows = [{"item": i, "article": f"a{n}.md", "read": False, "starred": False} for n, i in enumerate(ids)]
        services.store.remote.keep_items(server.url, rows)

        async def take() -> float:
            async with fetcher(services) as client:
                from reader.core.ingest.greader import GReader

                api = GReader(client.client, server.url, USER)
                await api.login(PASSWORD)
                started = time.perf_counter()
                await _take_states(services, api, server.url, unguarded)
                return time.perf_counter() - started

        elapsed = asyncio.run(take())
        taken = sum(1 for doc in services.store.remote.items(server.url).values() if doc["read"])
        services.close()
        print(f"{len(ids):,} items on the server, {taken:,} read there: their states taken in {elapsed:.2f} s")
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--entries", type=int, default=25)
    parser.add_argument("--states", type=int, default=10_000, help="items whose states are taken (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sites = [Loopback(f"127.0.0.{n}").__enter__() for n in range(2, 12)]
        try:
            urls = serve_feeds(sites, args.feeds, args.entries)
            opml = root / "feeds.opml"
            outlines = "".join(f'<outline type="rss" text="Feed {n}" xmlUrl="{u}"/>' for n, u in enumerate(urls))
            opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
            direct = root / "direct"
            reader(direct, "feed", "import", str(opml))
            first_direct = reader(direct, "sync")
            second_direct = reader(direct, "sync")
            with FreshRSS(root / "freshrss") as server:
                server.phone(
                    lambda api: asyncio.gather(*(api.subscribe(u, f"Feed {n}", []) for n, u in enumerate(urls)))
                )
                server.actualize()  # its cron: whatever the subscriptions did not fetch yet
                through = root / "through"
                reader(through, "account", "add", server.url, "--user", USER, stdin=PASSWORD + "\n")
                first_server = reader(through, "sync")
                second_server = reader(through, "sync")
        finally:
            for site in sites:
                site.__exit__(None, None, None)
    entries = args.feeds * args.entries
    print(f"{args.feeds} feeds x {args.entries} entries ({entries:,} articles), 10 loopback hosts")
    print(f"{'':24} {'first sync':>11} {'second (nothing new)':>21}")
    print(f"{'followed directly':24} {first_direct:>9.2f} s {second_direct:>19.2f} s")
    print(f"{'through FreshRSS':24} {first_server:>9.2f} s {second_server:>19.2f} s")
    print(f"ratio (through / direct): first {first_server / first_direct:.2f}x")
    if args.states:
        with tempfile.TemporaryDirectory() as folder:
            states(Path(folder), args.states)


if __name__ == "__main__":
    main()
