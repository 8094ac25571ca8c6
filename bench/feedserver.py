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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--entries", type=int, default=25)
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


if __name__ == "__main__":
    main()
