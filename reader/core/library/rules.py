"""Rules: a query (the language of `/`, views and `reader mark`) and an action, run on each
new article as it arrives, in order: `skip` (not kept; the feed remembers the entry, so it
never comes back), `read`, `archive`, `later`, `star`, `tag:NAME`. A rule may be kept to one
feed. `skip` ends the rules for that article; the others all act (the last of `archive` and
`later` wins, as marks do)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reader.core.library.entries import Entry
from reader.core.library.query import Facts, Query, QueryError, parse

ACTIONS = ("skip", "read", "archive", "later", "star")
# what a summary says an action did: "skipped 12, archived 30, tagged 4"
DONE = {"skip": "skipped", "read": "marked read", "archive": "archived", "later": "sent to Later", "star": "starred"}


class RuleError(ValueError):
    """A rule that cannot be kept: the message says why, for the person who wrote it."""


def action_of(text: str) -> str:
    """The action as kept: one of ACTIONS or `tag:NAME` (the tag as reader keeps tags)."""
    from reader.core.notes.highlight import normalize_tag

    word = text.strip()
    if word.casefold() in ACTIONS:
        return word.casefold()
    if word.casefold().startswith("tag:"):
        tag = normalize_tag(word[4:])
        if not tag:
            raise RuleError(f"{word!r}: a tag needs a letter or a digit")
        return f"tag:{tag}"
    raise RuleError(f"no action {word!r}: one of {', '.join(ACTIONS)} or tag:NAME")


def done(action: str) -> str:
    return "tagged" if action.startswith("tag:") else DONE[action]


@dataclass(frozen=True)
class Rule:
    n: int  # its number, from 1, in `reader rule list`
    query: Query
    action: str
    feed: str | None = None  # a feed's address: the rule is kept to its articles


@functools.lru_cache(maxsize=1024)
def _parsed(text: str) -> Query:
    return parse(text)


def rules_of(rows: list[dict[str, Any]]) -> tuple[list[Rule], list[str]]:
    """The store's rules, read (each query parsed once per process); and a line for each
    that no longer reads (kept, not run)."""
    rules, problems = [], []
    for row in rows:
        try:
            rules.append(Rule(row["n"], _parsed(row["query"]), action_of(row["action"]), row.get("feed")))
        except (QueryError, RuleError, KeyError) as error:
            problems.append(f"rule {row.get('n')}: {error}")
    return rules, problems


def decide(rules: list[Rule], entries: list[Entry], facts: Facts) -> dict[str, list[tuple[int, str]]]:
    """For each entry some rule finds: (rule number, action) of each rule that finds it, in
    order, up to the first `skip`."""
    found: dict[str, list[tuple[int, str]]] = {}
    for rule in rules:
        pool = entries if rule.feed is None else [e for e in entries if facts.feed_url_of(e) == rule.feed]
        if not pool:
            continue
        for article_id in rule.query.ids(pool, facts):
            actions = found.setdefault(article_id, [])
            if not (actions and actions[-1][1] == "skip"):
                actions.append((rule.n, rule.action))
    return found
