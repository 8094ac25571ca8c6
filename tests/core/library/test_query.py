"""The query language of `/`, `reader list --query`, `reader mark --query` and views."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library import Entry, Facts, QueryError, parse
from reader.core.store.articles import ArticleState


def entry(article_id, title, *, feed=None, site=None, date=None, author=None):
    return Entry(article_id, Path(article_id), title, date, None, 100, feed=feed, site=site, author=author)


ENTRIES = [
    entry("a.txt", "Belarus expects weapons", feed="AP World", date=dt.date(2021, 10, 1)),
    entry("news/b.txt", "Budget talks stall", site="The Ledger", author="Ann Smith", date=dt.date(2022, 3, 5)),
    entry("news/deep/c.txt", "Election night in Minsk", feed="BBC News"),
    entry("d.html", "A recipe for soup", date=dt.date(2020, 1, 1)),
]
FACTS = Facts(
    read={"a.txt", "d.html"},
    states={
        "a.txt": ArticleState("archive", True, ("Belarus", "war/ukraine"), "see also"),
        "news/b.txt": ArticleState("later"),
    },
    tags={"d.html": {"cooking"}},
    highlights={"d.html": 2},
    mentions={"news/deep/c.txt": {"lukashenko", "minsk"}, "a.txt": {"alexander lukashenko"}},
    text=lambda words: {"d.html"} if words in ("soup", "tomato soup") else set(),
)


def ids(text, facts=FACTS):
    return [e.id for e in parse(text).filter(ENTRIES, facts)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ["a.txt", "news/b.txt", "news/deep/c.txt", "d.html"]),
        ("belarus", ["a.txt"]),  # a bare word: title, site, feed, author, file name
        ("ledger", ["news/b.txt"]),
        ("smith", ["news/b.txt"]),
        ("bbc", ["news/deep/c.txt"]),
        ('"night in"', ["news/deep/c.txt"]),
        ("is:unread", ["news/b.txt", "news/deep/c.txt"]),
        ("is:read", ["a.txt", "d.html"]),
        ("is:starred", ["a.txt"]),
        ("in:inbox", ["news/deep/c.txt", "d.html"]),
        ("in:later", ["news/b.txt"]),
        ("in:archive", ["a.txt"]),
        ("tag:belarus", ["a.txt"]),  # the article's own tags
        ("tag:cooking", ["d.html"]),  # and its highlights' tags
        ("tag:war", ["a.txt"]),  # a nested tag is found by its parent
        ("tag:ukraine", []),
        ("#bel", ["a.txt"]),  # a prefix
        ("feed:bbc", []),  # a feed by its whole title, not a part of it
        ('feed:"bbc news"', ["news/deep/c.txt"]),
        ('feed:"ap world"', ["a.txt"]),
        ("site:ledger", ["news/b.txt"]),
        ("folder:news", ["news/b.txt", "news/deep/c.txt"]),
        ("folder:news/deep", ["news/deep/c.txt"]),
        ("folder:new", []),  # a folder, not a prefix of its name
        ("after:2021-10-01", ["a.txt", "news/b.txt"]),  # that day or later; undated never match
        ("before:2021-10-01", ["d.html"]),
        ("has:highlights", ["d.html"]),
        ("has:note", ["a.txt"]),
        ("@lukashenko", ["a.txt", "news/deep/c.txt"]),
        ("@minsk", ["news/deep/c.txt"]),
        ("text:soup", ["d.html"]),
        ('text:"tomato soup"', ["d.html"]),
        ("-is:read", ["news/b.txt", "news/deep/c.txt"]),
        ("is:unread -bbc", ["news/b.txt"]),
        ("in:later OR is:starred", ["a.txt", "news/b.txt"]),
        ("in:later OR is:starred belarus", ["a.txt"]),  # OR binds closer than the implicit AND
        ("-(in:later OR is:starred)", ["news/deep/c.txt", "d.html"]),
        ("IS:UNREAD", ["news/b.txt", "news/deep/c.txt"]),  # filters and values in any case
        ("https://bbc.co.uk", []),  # a web address is words, not an unknown filter
    ],
)
def test_each_filter_finds_what_it_says(text, expected):
    assert ids(text) == expected


def test_folder_also_finds_the_articles_of_the_feeds_in_a_folder_of_feeds():
    from dataclasses import replace

    facts = replace(
        FACTS,
        feed_names={"https://ap.example/rss": "ap world", "https://bbc.example/rss": "bbc news"},
        feed_folders={"https://ap.example/rss": ["Reading/Deep"], "https://bbc.example/rss": ["Elsewhere", "Reading"]},
    )
    assert ids("folder:reading", facts) == ["a.txt", "news/deep/c.txt"]  # the folders under it too
    assert ids("folder:reading/deep", facts) == ["a.txt"]
    assert ids("folder:news", facts) == ["news/b.txt", "news/deep/c.txt"]  # the library's folders as before
    assert ids("folder:read", facts) == []  # a folder, not a prefix of its name


def test_a_feed_is_its_address_its_id_or_its_whole_title_never_a_part_of_it():
    """ "Desk 1" is not "Desk 10"; two feeds called "BBC News" are two feeds."""
    entries = [
        Entry("1.md", Path("1.md"), "One", None, None, 10, feed="Desk 1", feed_url="https://a.example/1"),
        Entry("10.md", Path("10.md"), "Ten", None, None, 10, feed="Desk 10", feed_url="https://a.example/10"),
        Entry("uk.md", Path("uk.md"), "UK", None, None, 10, feed="BBC News", feed_url="https://bbc.example/uk"),
        Entry("w.md", Path("w.md"), "World", None, None, 10, feed="BBC News", feed_url="https://bbc.example/w"),
        Entry("old.md", Path("old.md"), "Old", None, None, 10, feed="Desk 1"),  # saved before feed_url was kept
    ]
    names = {"https://a.example/1": "desk 1", "https://a.example/10": "desk 10"}
    names |= {"https://bbc.example/uk": "bbc news", "https://bbc.example/w": "bbc news"}
    facts = Facts(feed_names=names, feed_ids={url: str(n) for n, url in enumerate(names, 1)})

    def found(text):
        return sorted(e.id for e in parse(text).filter(entries, facts))

    assert found('feed:"Desk 1"') == ["1.md", "old.md"]
    assert found('feed:"desk 10"') == ["10.md"]
    assert found('feed:"BBC News"') == ["uk.md", "w.md"]  # the title names both
    assert found('feed:"https://bbc.example/w"') == ["w.md"]  # the address, one
    assert found("feed:3") == ["uk.md"]  # its id
    assert found("feed:desk") == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("colour:red", "there is no filter 'colour:'"),
        ("is:done", "is: takes unread, read or starred"),
        ("in:trash", "in: takes inbox, later or archive"),
        ("has:pictures", "has: takes highlights or note"),
        ("after:yesterday", "takes a date written YYYY-MM-DD"),
        ("before:2021-02-30", "takes a date written YYYY-MM-DD"),
        ('text:"open', "a quote is not closed"),
        ("(a OR b", "'(' is not closed"),
        ("a)", "')' has no '('"),
        ("OR a", "OR needs a term on each side"),
        ("a OR", "OR needs a term on each side"),
        ("a OR OR b", "OR needs a term on each side"),
        ("tag:", "tag: needs a value"),
        (" ".join(["w"] * 65), "too many terms"),
    ],
)
def test_what_cannot_be_read_says_why(text, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


def test_the_query_says_what_it_needs_looked_up():
    assert parse("is:unread belarus").needs == set()
    assert parse("@blair").needs == {"mentions"}
    assert parse("tag:x OR #y").needs == {"tags"}
    assert parse('-(x OR text:"a b")').needs == {"text"}


def test_lowercase_or_is_a_word():
    assert ids("budget or") == []  # a word that is nowhere in it, not "budget OR ..."
    assert ids("weapons or") == ["a.txt"]  # "AP World"


@given(st.text(max_size=80))
def test_any_string_gives_a_query_or_a_clear_error(text):
    try:
        query = parse(text)
    except QueryError as error:
        assert str(error) and "Traceback" not in str(error)
        return
    query.filter(ENTRIES, FACTS)  # and it runs


@given(
    st.lists(st.sampled_from(["is:unread", "in:later", "tag:x", "a", "-b", "OR", "(", ")", '"c d"', "@e"]), max_size=12)
)
def test_any_arrangement_of_terms_gives_a_query_or_a_clear_error(parts):
    test_any_string_gives_a_query_or_a_clear_error.hypothesis.inner_test(" ".join(parts))
