"""Rules at work (reader.core.library.rules): on each new article as it arrives (a sync, `a`,
`reader add`, the feed server), and on the library as it is when `reader rule apply` asks.
Functions of the Services, shared by the CLI and the app."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.library import Facts
from reader.core.library.rules import DONE, Rule, RuleError, action_of, decide, done, rules_of

if TYPE_CHECKING:
    from reader.core.library import Entry, Library
    from reader.services import Services


@dataclasses.dataclass
class Ruled:
    """What the rules did, counted by what the summary says ("skipped 12"); the ids skipped."""

    done: Counter[str] = dataclasses.field(default_factory=Counter)
    skipped: set[str] = dataclasses.field(default_factory=set)

    def line(self) -> str:
        """ "rules: skipped 12, archived 30, tagged 4" ("" if they did nothing)."""
        order = [*DONE.values(), "tagged"]
        done = sorted(self.done.items(), key=lambda item: order.index(item[0]))
        return "rules: " + ", ".join(f"{what} {n}" for what, n in done) if done else ""


class Arrivals:
    """The rules as they are when a run of arrivals starts (a sync, `a`): read once, then
    run on each new article as it is taken in (`run`)."""

    def __init__(self, services: Services, library: Library) -> None:
        self.services, self.library = services, library
        store = services.store
        self.rules = [] if store.read_only else rules_of(store.rules.all())[0]
        # the feeds' names and folders for feed: and folder:, made only when there are rules
        # (an Arrivals is made for each file the app's watcher takes in)
        self.facts = (
            Facts(feed_folders=store.feeds.folders(), feed_names=store.feeds.names(), feed_ids=store.feeds.ids())
            if self.rules
            else Facts()
        )

    def __bool__(self) -> bool:
        return bool(self.rules)

    def run(self, entries: list[Entry], ruled: Ruled, skip: bool = True) -> list[Entry]:
        """The rules on articles just taken in (marked new already), inside the caller's
        batch; the ones kept (a `skip` removes the file reader saved: its feed remembers the
        entry, so it never comes back). `skip=False`: the skip rules are left out (an
        import: what you kept elsewhere is never dropped)."""
        chosen = self.rules if skip else [rule for rule in self.rules if rule.action != "skip"]
        if not chosen or not entries:
            return entries
        self.facts.text = _own_text(entries)
        skipped = act(self.services, decide(chosen, entries, self.facts), ruled)
        for entry in entries:
            if entry.id in skipped:
                self.library.drop_file(entry.path)
                if entry.path.is_relative_to(self.services.paths.library_dir):
                    entry.path.unlink(missing_ok=True)
        ruled.skipped |= skipped
        return [e for e in entries if e.id not in skipped]


def arrive(services: Services, library: Library, entries: list[Entry]) -> Ruled:
    """Articles a command saved (`reader add`): marked new and the rules run on them, in one batch."""
    ruled = Ruled()
    if services.store.read_only or not entries:
        return ruled  # the open app takes them in (its watcher), rules and all
    with services.store.batch():
        for entry in entries:
            services.store.articles.arrived(entry.id)
        Arrivals(services, library).run(entries, ruled)
    return ruled


def _own_text(entries: list[Entry]) -> Callable[[str], set[str]]:
    """`text:` for articles just saved: each one's file read once (its text as written), the
    words looked for as a phrase (the full-text index does not have them yet)."""
    texts: dict[str, str] = {}

    def ids(words: str) -> set[str]:
        wanted = " ".join(words.casefold().split())
        for entry in entries:
            if entry.id not in texts:
                try:
                    texts[entry.id] = " ".join(
                        entry.path.read_text(encoding="utf-8", errors="replace").casefold().split()
                    )
                except OSError:
                    texts[entry.id] = ""
        return {a for a, text in texts.items() if wanted in text}

    return ids


def act(services: Services, decided: dict[str, list[tuple[int, str]]], ruled: Ruled) -> set[str]:
    """Do what the rules decided, in one batch, as marks that are not undone one by one (new
    articles); count each rule's firing. The ids to skip."""
    from reader.core.notes.highlight import normalize_tags

    articles, skipped, fired = services.store.articles, set(), Counter()
    with services.store.batch():
        for article_id, actions in decided.items():
            for n, action in actions:
                fired[n] += 1
                ruled.done[done(action)] += 1
                state = articles.state(article_id)
                if action == "skip":
                    skipped.add(article_id)
                elif action == "read":
                    articles.mark_read(article_id)
                elif action in ("archive", "later"):
                    articles.keep_state(article_id, dataclasses.replace(state, state=action))
                elif action == "star":
                    articles.keep_state(article_id, dataclasses.replace(state, starred=True))
                else:
                    tags = normalize_tags([*state.tags, action.removeprefix("tag:")])
                    articles.keep_state(article_id, dataclasses.replace(state, tags=tags))
        services.store.rules.fired(fired)
    return skipped


def add_rule(services: Services, query: str, action: str, feed: str | None = None) -> tuple[int, str]:
    """Keep a new rule, last in order: (its number, what it is). QueryError for a query that
    does not read, RuleError for an action there is none of, a feed not followed, or a
    `skip` that would find every article."""
    from reader.core.library import parse
    from reader.services import triage

    kept = action_of(action)
    parsed = parse(query)
    url = None
    if feed is not None:
        url = feed_url(services, feed)
    if kept == "skip" and url is None:
        entries = triage.visible(services)
        if not parsed or (entries and len(parsed.filter(entries, triage.facts(services, parsed))) == len(entries)):
            raise RuleError(
                f"{query!r} finds every article: a rule to skip it would keep nothing (narrow the query,"
                " or keep the rule to one feed with --feed)"
            )
    n = services.store.rules.add(query.strip(), kept, url)
    return n, describe(Rule(n, parsed, kept, url), feed_titles(services))


def feed_url(services: Services, feed: str) -> str:
    """A followed feed's address, from its id, address or title; RuleError if none."""
    wanted = feed.strip()
    found = services.store.feeds.find(wanted) or next(
        (row for row in services.store.feeds.all() if row["title"].casefold() == wanted.casefold()), None
    )
    if found is None:
        raise RuleError(f"no followed feed {feed!r} (see `reader feed list`)")
    return found["url"]


def feed_titles(services: Services) -> dict[str, str]:
    return {feed["url"]: feed["title"] for feed in services.store.feeds.all()}


def describe(rule: Rule, titles: dict[str, str] | None = None) -> str:
    """A rule in a line: `in:inbox "sponsored" → skip (feed Ledger)`; `titles`: feed address -> title."""
    where = f" (feed {(titles or {}).get(rule.feed, rule.feed)})" if rule.feed else ""
    return f"{rule.query.text or '(every article)'} → {rule.action}{where}"


def matches(services: Services, n: int) -> tuple[Rule, list[Entry]]:
    """Rule number `n` and the articles of the library as it is now that it finds
    (`reader rule apply`). IndexError if there is no such rule."""
    from reader.core.library import parse
    from reader.services import triage

    rows = services.store.rules.all()
    if not 1 <= n <= len(rows):
        raise IndexError(n)
    rule = Rule(n, parse(rows[n - 1]["query"]), action_of(rows[n - 1]["action"]), rows[n - 1].get("feed"))
    entries = triage.visible(services)
    facts = triage.facts(services, rule.query)
    if rule.feed is not None:
        entries = [e for e in entries if facts.feed_url_of(e) == rule.feed]
    return rule, rule.query.filter(entries, facts)


def apply_rule(services: Services, n: int):
    """Rule number `n` on the library as it is now, as one change `u` (or `reader undo`)
    takes back: its mark on every article it finds, or, for `skip`, those articles
    deleted (to the trash). Returns (how many, the store's Undoable or None)."""
    from reader.services import triage

    rule, found = matches(services, n)
    if not found:
        return 0, None
    if rule.action == "skip":
        change = triage.delete(services, found)
    elif rule.action.startswith("tag:"):
        change = services.store.articles.tag_all([e.id for e in found], rule.action[4:])
    else:
        change = services.store.articles.mark([e.id for e in found], rule.action)
    services.store.rules.fired({n: len(found)})
    if change is not None:
        services.store.rules.keep_undo(n, change)  # `reader rule undo`, from another session too
    return len(found), change


def undo_apply(services: Services):
    """Take back the last `apply` (kept in the store, so a later command can): its marks or
    tags as they were, its deleted articles restored. The store's Undoable, or None."""
    from reader.core.store.articles import Undoable
    from reader.services import triage

    kept = services.store.rules.last_apply()
    if kept is None:
        return None
    rows = tuple((table, doc_id, before) for table, doc_id, before in kept["rows"])
    last = services.store.articles.last_change()
    if last is None or last.rows != rows:  # kept by another session: made this one's last change
        change = Undoable(kept["what"], rows, tuple(kept.get("deleted", ())), tuple(kept.get("articles", ())))
        services.store.articles.adopt(change)
    undone = triage.undo(services)
    services.store.rules.forget_apply()
    return undone
