"""Your reading on every device: `reader account add` logs in to a real FreshRSS at once (and
says what failed), and `reader sync` then goes through it both ways. Subscriptions, new items
and the read and starred states the phone sets come in; what is read or starred in reader goes
out; a change made in reader since the last sync wins over the server's."""

from __future__ import annotations

import io
import json

from reader.cli import main
from reader.core.ingest.greader import READ, READING_LIST, STARRED
from reader.core.store import Store
from tests.feedserver import PASSWORD, USER
from tests.loopback import Loopback
from tests.webpages import article, serve_feed

SLUGS = ("belarus-weapons", "rates-hold")


def run(capsys, monkeypatch, *args, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def articles(capsys, monkeypatch) -> dict[str, dict]:
    code, out, _ = run(capsys, monkeypatch, "list", "--json")
    assert code == 0
    return {row["title"]: row for row in json.loads(out)}


def test_an_account_is_checked_at_once_and_its_password_kept_out_of_reader(home, capsys, monkeypatch, freshrss):
    monkeypatch.setenv("READER_NO_KEYRING", "1")  # as on a machine with no keyring (CI): the file
    code, _, err = run(capsys, monkeypatch, "account", "add", freshrss.url, "--user", USER, stdin="wrong\n")
    assert code == 1 and "the server refused the login (wrong user or API password?)" in err
    root = freshrss.url.removesuffix("/api/greader.php") + "/"
    code, _, err = run(capsys, monkeypatch, "account", "add", root, "--user", USER, stdin=PASSWORD + "\n")
    assert code == 1 and "not a Google Reader API" in err
    code, _, err = run(capsys, monkeypatch, "account", "add", "http://127.0.0.1:9/api", "--user", USER, stdin="x\n")
    assert code == 1 and "connection refused" in err
    code, out, _ = run(capsys, monkeypatch, "account", "add", freshrss.url, "--user", USER, stdin=PASSWORD + "\n")
    assert code == 0 and f"logged in as {USER}" in out
    assert PASSWORD not in out
    for path in home.rglob("*"):
        if path.is_file() and path.name != "passwords.json":
            assert PASSWORD.encode() not in path.read_bytes(), path
    kept = home / "passwords.json"
    assert kept.stat().st_mode & 0o777 == 0o600  # no keyring here: the file only you can read
    code, out, _ = run(capsys, monkeypatch, "account", "list")
    assert code == 0 and f"{USER} at {freshrss.url}" in out and PASSWORD not in out
    assert run(capsys, monkeypatch, "account", "remove", freshrss.url)[0] == 0
    assert PASSWORD not in kept.read_text()


def test_sync_through_the_server_both_ways(home, capsys, monkeypatch, freshrss):
    monkeypatch.setenv("READER_NO_KEYRING", "1")
    with Loopback() as site:
        feed = serve_feed(site, SLUGS, title="Loop News")
        assert run(capsys, monkeypatch, "account", "add", freshrss.url, "--user", USER, stdin=PASSWORD + "\n")[0] == 0
        assert run(capsys, monkeypatch, "feed", "add", feed)[0] == 0  # followed in reader: the server follows it too
        code, out, err = run(capsys, monkeypatch, "sync")
        assert code == 0, err
        assert "Loop News: 2 new" in out and "Synced 1 feed: 2 new articles" in err
        subscribed = freshrss.phone(lambda api: api.subscriptions())
        assert [(s.url, s.title) for s in subscribed] == [(feed, "Loop News")]
        titles = articles(capsys, monkeypatch)
        first, second = (titles[article(slug)["title"]] for slug in SLUGS)
        assert first["read"] is False and second["read"] is False

        async def phone_reads_and_stars(api):
            ids = {item.link: item.id for item in await api.items(await api.item_ids(READING_LIST))}
            await api.mark([ids[site.url("/news/belarus-weapons")]], READ, True)
            await api.mark([ids[site.url("/news/rates-hold")]], STARRED, True)
            return ids

        ids = freshrss.phone(phone_reads_and_stars)
        code, _, err = run(capsys, monkeypatch, "sync")
        assert code == 0 and "0 new articles" in err  # nothing new; the states came in
        titles = articles(capsys, monkeypatch)
        assert titles[first["title"]]["read"] is True and titles[second["title"]]["starred"] is True

        # in reader: the first unread again, the second read; the phone marks the second unread meanwhile
        assert run(capsys, monkeypatch, "mark", first["id"], "unread")[0] == 0
        assert run(capsys, monkeypatch, "mark", second["id"], "read")[0] == 0
        freshrss.phone(lambda api: api.mark([ids[site.url("/news/rates-hold")]], READ, False))
        assert run(capsys, monkeypatch, "sync")[0] == 0
        unread = set(freshrss.phone(lambda api: api.item_ids(READING_LIST, exclude=READ)))
        assert unread == {ids[site.url("/news/belarus-weapons")]}  # reader's changes went out, and won
        titles = articles(capsys, monkeypatch)
        assert titles[first["title"]]["read"] is False and titles[second["title"]]["read"] is True

    store = Store(home / "reader.json", read_only=True)
    items = store.remote.items(freshrss.url)
    assert {doc["article"] for doc in items.values()} == {first["id"], second["id"]}  # each item kept once


def test_a_server_that_goes_away_loses_nothing_made_in_reader(home, capsys, monkeypatch, freshrss, tmp_path):
    monkeypatch.setenv("READER_NO_KEYRING", "1")
    with Loopback() as site:
        feed = serve_feed(site, SLUGS, title="Loop News")
        assert run(capsys, monkeypatch, "account", "add", freshrss.url, "--user", USER, stdin=PASSWORD + "\n")[0] == 0
        assert run(capsys, monkeypatch, "feed", "add", feed)[0] == 0
        assert run(capsys, monkeypatch, "sync")[0] == 0
        titles = articles(capsys, monkeypatch)
        one = titles[article("belarus-weapons")["title"]]
        assert run(capsys, monkeypatch, "mark", one["id"], "read")[0] == 0
        assert run(capsys, monkeypatch, "mark", one["id"], "star")[0] == 0
        freshrss.__exit__()  # the server is down
        code, out, _ = run(capsys, monkeypatch, "sync")
        assert code == 1 and "failed" in out and "connection refused" in out
        freshrss.__enter__()  # back (same folder, same port)
        code, out, err = run(capsys, monkeypatch, "sync")
        assert code == 0, (out, err)
        unread = set(freshrss.phone(lambda api: api.item_ids(READING_LIST, exclude=READ)))
        starred = freshrss.phone(lambda api: api.item_ids(STARRED))
    assert len(unread) == 1 and len(starred) == 1  # the change made while it was down went out
    assert articles(capsys, monkeypatch)[one["title"]]["read"] is True


def test_subscriptions_follow_both_ways(home, capsys, monkeypatch, freshrss):
    monkeypatch.setenv("READER_NO_KEYRING", "1")
    with Loopback() as site, Loopback("127.0.0.2") as other:
        mine = serve_feed(site, SLUGS[:1], title="Loop News")
        theirs = serve_feed(other, SLUGS[1:], title="Other News")
        assert run(capsys, monkeypatch, "account", "add", freshrss.url, "--user", USER, stdin=PASSWORD + "\n")[0] == 0
        assert run(capsys, monkeypatch, "feed", "add", mine)[0] == 0
        freshrss.phone(lambda api: api.subscribe(theirs, "From the phone", ["Phone"]))
        assert run(capsys, monkeypatch, "sync")[0] == 0
        rows = {r["url"]: r for r in json.loads(run(capsys, monkeypatch, "feed", "list", "--json")[1])}
        assert (rows[theirs]["title"], rows[theirs]["folders"]) == ("From the phone", ["Phone"])  # came in
        assert rows[theirs]["articles"] == 1
        assert run(capsys, monkeypatch, "feed", "rename", mine, "My Loop")[0] == 0
        assert run(capsys, monkeypatch, "feed", "move", mine, "World")[0] == 0
        assert run(capsys, monkeypatch, "feed", "remove", theirs)[0] == 0
        assert run(capsys, monkeypatch, "sync")[0] == 0
        on_server = freshrss.phone(lambda api: api.subscriptions())
        assert [(s.url, s.title, s.folders) for s in on_server] == [(mine, "My Loop", ["World"])]  # went out
        rows = json.loads(run(capsys, monkeypatch, "feed", "list", "--json")[1])
        assert [(r["title"], r["folders"]) for r in rows] == [("My Loop", ["World"])]
        assert run(capsys, monkeypatch, "sync")[0] == 0  # and stays so
        assert [r["url"] for r in json.loads(run(capsys, monkeypatch, "feed", "list", "--json")[1])] == [mine]


def test_a_sync_killed_halfway_is_finished_by_the_next_one_with_nothing_twice(home, capsys, monkeypatch, freshrss):
    import os
    import subprocess
    import sys
    import time

    from tests.webpages import serve_feeds

    monkeypatch.setenv("READER_NO_KEYRING", "1")
    with Loopback() as site:
        urls = serve_feeds([site], 2, 30)
        for n, url in enumerate(urls):
            freshrss.phone(lambda api, url=url, n=n: api.subscribe(url, f"Feed {n}", []))
        assert run(capsys, monkeypatch, "account", "add", freshrss.url, "--user", USER, stdin=PASSWORD + "\n")[0] == 0
        library = home / "library"
        sync = subprocess.Popen([sys.executable, "-m", "reader", "sync"], env={**os.environ, "READER_HOME": str(home)})
        for _ in range(600):  # up to 60 s: killed once some articles are saved, before all are
            saved = len(list(library.rglob("*.md"))) if library.exists() else 0
            if saved >= 5 or sync.poll() is not None:
                break
            time.sleep(0.1)
        sync.kill()  # -9
        sync.wait(timeout=30)
        assert 0 < len(list(library.rglob("*.md"))) < 60
        code, _, err = run(capsys, monkeypatch, "sync")
        assert code == 0, err
    assert len(list(library.rglob("*.md"))) == 60  # every item once: none saved twice
    items = Store(home / "reader.json", read_only=True).remote.items(freshrss.url)
    assert len(items) == 60 and len({doc["article"] for doc in items.values()}) == 60
