"""The rule engine without a terminal or a network: actions read as reader keeps them, rules
in order with `skip` ending an article's list, a rule kept to one feed, and what no longer
reads set aside with the reason."""

import pytest

from reader.core.library import Entry, Facts
from reader.core.library.query import parse
from reader.core.library.rules import Rule, RuleError, action_of, decide, done, rules_of

FEED_A, FEED_B = "https://a.example/feed", "https://b.example/feed"


def entry(n, title, feed_url=None, author=None):
    return Entry(f"site/{n}.md", f"/lib/site/{n}.md", title, None, None, 100, author=author, feed_url=feed_url)


def test_actions_are_read_as_reader_keeps_them_and_the_unknown_refused():
    assert action_of(" Archive ") == "archive" and action_of("SKIP") == "skip"
    assert action_of("tag: Client Acme") == "tag:Client-Acme" and done("tag:x") == "tagged"
    with pytest.raises(RuleError, match="no action 'shred': one of skip, read, archive, later, star or tag:NAME"):
        action_of("shred")
    with pytest.raises(RuleError, match="a tag needs a letter or a digit"):
        action_of("tag:##")


def test_rules_act_in_order_a_skip_ends_the_list_and_a_feed_rule_keeps_to_its_feed():
    entries = [
        entry(1, "Sponsored: a mattress", FEED_A),
        entry(2, "Harbour bridge reopens", FEED_A, author="Jane Doe"),
        entry(3, "Harbour marathon", FEED_B),
    ]
    rules = [
        Rule(1, parse("harbour"), "tag:harbour"),
        Rule(2, parse("sponsored"), "skip"),
        Rule(3, parse(""), "later", FEED_B),  # every article of feed B
        Rule(4, parse('author:"jane"'), "star"),
        Rule(5, parse("mattress OR marathon"), "archive"),  # after the skip: not for the mattress
    ]
    found = decide(rules, entries, Facts())
    assert found == {
        "site/1.md": [(2, "skip")],
        "site/2.md": [(1, "tag:harbour"), (4, "star")],
        "site/3.md": [(1, "tag:harbour"), (3, "later"), (5, "archive")],
    }


def test_text_rules_look_in_what_the_facts_give_for_new_articles():
    entries = [entry(1, "One"), entry(2, "Two")]
    facts = Facts(text=lambda words: {"site/2.md"} if words == "acme corp" else set())
    assert decide([Rule(1, parse('text:"Acme Corp"'), "tag:client")], entries, facts) == {
        "site/2.md": [(1, "tag:client")]
    }


def test_a_stored_rule_that_no_longer_reads_is_set_aside_with_the_reason():
    rows = [
        {"n": 1, "query": "budget", "action": "star"},
        {"n": 2, "query": "is:done", "action": "archive"},
        {"n": 3, "query": "x", "action": "frobnicate"},
    ]
    rules, problems = rules_of(rows)
    assert [r.n for r in rules] == [1]
    assert problems[0].startswith("rule 2:") and "is:done" in problems[0]
    assert problems[1] == "rule 3: no action 'frobnicate': one of skip, read, archive, later, star or tag:NAME"
