"""Rules from the shell, against feeds on 127.0.0.1: each action on what a sync brings, a
rule kept to one feed, the sync's summary, a skipped entry that never comes back, what is
refused, and `apply` to the library as it is."""

import json

from reader.core.store import Store
from tests.cli.test_web_cli import feed_items, run, serve_articles
from tests.loopback import Loopback
from tests.webpages import rss

SPONSORED = {
    "title": "Sponsored: the best mattress of 2024",
    "guid": "ad-1",
    "content": "<p>This sponsored post tells you about a mattress, at length, for money, in words enough "
    "to be an article.</p><p>Buy now.</p>",
}


def follow(home, *feeds):
    store = Store(home / "reader.json")
    for url, title in feeds:
        store.feeds.add(url, title)
    ids = {f["title"]: f["id"] for f in store.feeds.all()}
    store.close()
    return ids


def states(home):
    store = Store(home / "reader.json")
    try:
        return {a: s for a, s in store.articles.states().items()}, store.articles.read_ids(), store.rules.all()
    finally:
        store.close()


def test_rules_act_on_what_a_sync_brings_and_a_skipped_entry_never_comes_back(home, capsys):
    with Loopback() as server:
        urls = serve_articles(server, {"belarus-weapons", "rates-hold", "marathon"})
        news = server.add(
            "/rss.xml",
            rss("Loop News", server.url("/"), [*feed_items(urls, ["belarus-weapons", "rates-hold"]), SPONSORED]),
            content_type="application/rss+xml",
        )
        sport = server.add(
            "/sport.xml",
            rss("Loop Sport", server.url("/"), feed_items(urls, ["marathon"])),
            content_type="application/rss+xml",
        )
        ids = follow(home, (news, "Loop News"), (sport, "Loop Sport"))
        for query, action, *more in (
            ("sponsored", "skip"),
            ('text:"benchmark interest rate"', "tag:Rates"),  # in the article's text only
            ('author:"priya"', "star"),
            ("belarus", "archive"),
            ("lukashenko", "read"),  # not in the title: matches nothing ("words" are the title, site, feed, author)
            ('"harbour marathon"', "read"),
            ("", "later", "--feed", str(ids["Loop Sport"])),
        ):
            code, out, err = run(capsys, "rule", "add", query, action, *more)
            assert code == 0, err
        assert "rule 7:" in out and "later (feed Loop Sport)" in out

        code, out, err = run(capsys, "sync")
        assert code == 0
        assert (
            "Synced 2 feeds: 4 new articles; rules: skipped 1, marked read 1, archived 1, sent to Later 1, starred 1,"
            " tagged 1" in err
        )
        saved = sorted(p.name for p in (home / "library" / "127.0.0.1").iterdir())
        assert len(saved) == 3 and not any("mattress" in name for name in saved)  # the sponsored post is not kept
        found, read, rules = states(home)
        by_title = {a.split("/")[-1].split(".")[0]: s for a, s in found.items()}
        rates = next(s for name, s in by_title.items() if "interest-rates" in name)
        assert rates.tags == ("Rates",) and rates.starred and rates.state == "inbox"
        assert next(s for name, s in by_title.items() if "belarus" in name).state == "archive"
        assert next(s for name, s in by_title.items() if "marathon" in name).state == "later"
        assert [a.split("/")[-1] for a in read] == [next(n for n in saved if "marathon" in n)]
        assert [r["fired"] for r in rules] == [1, 1, 1, 1, 0, 1, 1]

        code, out, err = run(capsys, "sync")  # the sponsored entry is remembered: never saved again
        assert "Loop News: 0 new" in out and "rules:" not in err
        assert len(list((home / "library" / "127.0.0.1").iterdir())) == 3

        code, out, _ = run(capsys, "rule", "list")
        assert out.splitlines()[0] == "  1  sponsored → skip  · fired 1 time"
        code, out, _ = run(capsys, "rule", "list", "--json")
        assert json.loads(out)[6]["feed"] == sport


def test_rules_that_cannot_be_kept_are_refused_with_the_reason(home, capsys):
    code, _, err = run(capsys, "rule", "add", "is:done", "archive")
    assert code == 1 and "is:done" in err
    code, _, err = run(capsys, "rule", "add", "budget", "shred")
    assert code == 1 and "no action 'shred': one of skip, read, archive, later, star or tag:NAME" in err
    code, _, err = run(capsys, "rule", "add", "", "skip")
    assert code == 1 and "finds every article" in err
    code, _, err = run(capsys, "rule", "add", "x", "later", "--feed", "99")
    assert code == 1 and "no followed feed '99'" in err
    code, _, err = run(capsys, "rule", "remove", "3")
    assert code == 1 and "no rule 3" in err
    _, _, _ = run(capsys, "rule", "add", "budget", "star")
    code, out, _ = run(capsys, "rule", "remove", "1")
    assert code == 0 and "removed rule 1: budget → star" in out
    assert states(home)[2] == []


def test_apply_says_how_many_first_then_acts_on_the_library_as_it_is(home, capsys):
    code, out, _ = run(capsys, "list", "--json")
    articles = json.loads(out)
    assert len(articles) == 2  # the seeds
    run(capsys, "rule", "add", "belarus", "later")
    code, out, _ = run(capsys, "rule", "apply", "1")
    assert code == 0 and "finds 2 articles; reader rule apply 1 --yes acts on them" in out
    assert not states(home)[0]  # nothing changed yet
    code, out, _ = run(capsys, "rule", "apply", "1", "--yes")
    assert (
        code == 0 and out.strip().startswith("rule 1 (belarus → later): ") and "`reader rule undo` takes it back" in out
    )
    found, _, rules = states(home)
    assert {s.state for s in found.values()} == {"later"} and len(found) == 2 and rules[0]["fired"] == 2
    code, out, _ = run(capsys, "rule", "undo")  # another process: the apply was kept in the store
    assert code == 0 and out.startswith("took back: ")
    assert not states(home)[0]
    code, _, err = run(capsys, "rule", "undo")
    assert code == 1 and "nothing to undo" in err

    run(capsys, "rule", "add", "leader", "skip")  # a skip applied: the articles deleted, then restored
    code, out, _ = run(capsys, "rule", "apply", "2", "--yes")
    assert "Deleted 1 article" in out and len(json.loads(run(capsys, "list", "--json")[1])) == 1
    run(capsys, "rule", "undo")
    assert len(json.loads(run(capsys, "list", "--json")[1])) == 2


def test_rules_run_on_pages_reader_add_saves(home, capsys):
    with Loopback() as server:
        urls = serve_articles(server, {"rates-hold", "marathon"})
        run(capsys, "rule", "add", "interest", "tag:economy")
        run(capsys, "rule", "add", "marathon", "skip")
        code, out, err = run(capsys, "add", urls["rates-hold"], urls["marathon"])
    assert code == 0
    assert "added: 127.0.0.1/" in out and "a rule skips it (reader rule list)" in err
    assert "rules: skipped 1, tagged 1" in err
    assert len(list((home / "library" / "127.0.0.1").iterdir())) == 1
    found, _, _ = states(home)
    assert [s.tags for s in found.values()] == [("economy",)]
