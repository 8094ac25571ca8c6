"""One query language for the library's filter (`/`), `reader list --query`, `reader mark
--query` and saved views.

Bare words match the title, site, feed, author and file name; `is:unread` `is:read`
`is:starred`, `in:inbox` `in:later` `in:archive`, `tag:NAME` (or `#prefix`), `feed:NAME`,
`site:NAME`, `author:NAME`, `folder:NAME`, `after:YYYY-MM-DD` (that day or later), `before:YYYY-MM-DD`
(earlier), `has:highlights` `has:note`, `@entity` (`@"tony blair"`), `text:WORD` and
`text:"a phrase"` (the full-text index). Terms are all required; `OR` between two terms
takes either; `-` before a term (or a group in parentheses) excludes it; quotes make a
phrase. `parse` reads any string into a Query or raises QueryError with a message for a
person."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.core.library.entries import Entry

KEYS = {
    "is": ("unread", "read", "starred"),
    "in": ("inbox", "later", "archive"),
    "has": ("highlights", "note"),
    "tag": (),
    "feed": (),
    "site": (),
    "author": (),
    "folder": (),
    "after": (),
    "before": (),
    "text": (),
}
MAX_TERMS = 64
MAX_DEPTH = 16
BUILT_IN_VIEWS: tuple[tuple[str, str], ...] = (("Inbox", "in:inbox"), ("Later", "in:later"), ("Archive", "in:archive"))
BUILT_IN_VIEWS += (("Starred", "is:starred"), ("All", ""))

_TOKEN = re.compile(r'\s*(?:(-?)\(|(\))|(-?)(?:([A-Za-z]+):|([@#])(?="))?(?:"([^"]*)("?)|([^\s()"]+)))')


class QueryError(ValueError):
    """A query that cannot be read; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Term:
    key: str  # "" for a bare word, "@" an entity, "#" a tag prefix, else one of KEYS
    value: str  # casefolded
    negated: bool = False


@dataclass(frozen=True)
class Group:
    kind: str  # "and", "or"
    parts: tuple[Any, ...]
    negated: bool = False


@dataclass
class Facts:
    """What a query is matched against besides the entries themselves."""

    read: Collection[str] = frozenset()
    states: Mapping[str, Any] = field(default_factory=dict)  # article -> ArticleState (not the default)
    tags: Mapping[str, set[str]] = field(default_factory=dict)  # article -> its highlights' tags, casefolded
    highlights: Mapping[str, int] = field(default_factory=dict)  # article -> how many highlights
    mentions: Mapping[str, set[str]] | None = None  # article -> entity names, casefolded
    text: Callable[[str], set[str]] | None = None  # a full-text query -> the ids it finds
    feed_folders: Mapping[str, Sequence[str]] = field(default_factory=dict)  # a followed feed's URL -> its folders
    feed_names: Mapping[str, str] = field(default_factory=dict)  # a followed feed's URL -> its title now, casefolded
    feed_ids: Mapping[str, str] = field(default_factory=dict)  # a followed feed's URL -> its id

    def feed_of(self, entry: Entry) -> str:
        """The title of the feed an article came from, as the feed is called now (renamed
        since, say), casefolded; "" if none."""
        return self.feed_names.get(self.feed_url_of(entry) or "") or (entry.feed or "").casefold()

    def feed_url_of(self, entry: Entry) -> str | None:
        """The address of the feed an article came from: the one its file names, else (a file
        saved before reader kept it) the followed feed its feed title names."""
        if entry.feed_url:
            return entry.feed_url
        return self._url_by_name.get((entry.feed or "").casefold()) if entry.feed else None

    @functools.cached_property
    def _url_by_name(self) -> dict[str, str]:
        return {name: url for url, name in reversed(list(self.feed_names.items()))}  # the oldest feed of a name


@dataclass(frozen=True)
class Query:
    text: str
    root: Group

    @property
    def terms(self) -> list[Term]:
        found: list[Term] = []
        todo = [self.root]
        while todo:
            for part in todo.pop().parts:
                (todo.append if isinstance(part, Group) else found.append)(part)
        return found

    @property
    def needs(self) -> set[str]:
        """What the facts must hold beyond the store's states: "tags" (the highlights' tags),
        "mentions" (the entity cache), "text" (the full-text index)."""
        keys = {term.key for term in self.terms}
        return {
            name for key, name in (("tag", "tags"), ("#", "tags"), ("@", "mentions"), ("text", "text")) if key in keys
        }

    def __bool__(self) -> bool:
        return bool(self.root.parts)

    def ids(self, entries: list[Entry], facts: Facts, every: set[str] | None = None) -> set[str]:
        """The ids of the entries the query finds (`every`: their ids, when known)."""
        universe = _Every(entries, every)
        return _select(self.root, entries, facts, universe) if self else universe.ids

    def filter(self, entries: list[Entry], facts: Facts, every: set[str] | None = None) -> list[Entry]:
        """The entries the query finds, in their order."""
        if not self:
            return list(entries)
        found = self.ids(entries, facts, every)
        return [entry for entry in entries if entry.id in found]

    def narrows(self, before: Query) -> bool:
        """Whether everything this query finds, `before` found too (typing on: "bud" ->
        "budg", or one more term), so it can be looked for among `before`'s results only."""
        old, new = before.root, self.root
        if any(isinstance(p, Group) or p.negated for p in (*old.parts, *new.parts)) or len(new.parts) < len(old.parts):
            return False
        for was, now in zip(old.parts, new.parts):
            if was.key != now.key or not (
                was.value == now.value
                or (was.key in ("", "@") and was.value in now.value)
                or (was.key == "#" and now.value.startswith(was.value))
            ):
                return False
        return True


def parse(text: str) -> Query:
    tokens = _tokens(text)
    if sum(1 for t in tokens if isinstance(t, Term)) > MAX_TERMS:
        raise QueryError(f"too many terms: a query takes at most {MAX_TERMS}")
    depth = deepest = 0
    for token in tokens:
        if isinstance(token, tuple) and token[0] in "()":
            depth += 1 if token[0] == "(" else -1
            deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise QueryError(f"nested too deep: a query takes at most {MAX_DEPTH} parentheses inside each other")
    root, rest = _sequence(tokens, 0, False)
    if rest < len(tokens):
        raise QueryError("a ')' has no '(' before it")
    return Query(text, root)


def _tokens(text: str) -> list[Any]:
    tokens: list[Any] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # pragma: no cover  # every character starts some token
            raise QueryError(f"cannot read the query from {text[position:]!r}")
        position = match.end()
        open_sign, close, sign, key, mark, phrase, closed, word = match.groups()
        if open_sign is not None:
            tokens.append(("(", bool(open_sign)))
        elif close:
            tokens.append((")", False))
        elif phrase is not None and not closed:
            raise QueryError('a quote is not closed: add the closing "')
        elif word == "OR" and not key and not sign:
            tokens.append(("OR", False))
        elif mark:  # @"tony blair", #"long reads"
            if not phrase.strip():
                raise QueryError(f"{match.group(0).strip()!r}: {mark} needs a name inside the quotes")
            tokens.append(Term(mark, phrase.casefold(), bool(sign)))
        else:
            tokens.append(_term(key, phrase if phrase is not None else word, bool(sign), match.group(0).strip()))
    return tokens


def _term(key: str | None, value: str, negated: bool, written: str) -> Term:
    value = value.casefold()
    if key is None:
        if value.endswith(":") and value[:-1] in KEYS:  # "tag:" with nothing after it
            key, value = value[:-1], ""
        elif len(value) > 1 and value[0] in "@#":
            return Term(value[0], value[1:], negated)
        else:
            return Term("", value, negated)
    key = key.casefold()
    if key not in KEYS:
        if value.startswith("//"):  # a web address: words, not a filter
            return Term("", f"{key}:{value}", negated)
        known = " ".join(f"{k}:" for k in KEYS)
        raise QueryError(f"{written!r}: there is no filter {key + ':'!r} (there are {known}, @entity and #tag)")
    if not value:
        raise QueryError(f"{key}: needs a value, e.g. {key}:{(KEYS[key] or ('NAME',))[0]}")
    if KEYS[key] and value not in KEYS[key]:
        raise QueryError(f"{written!r}: {key}: takes {', '.join(KEYS[key][:-1])} or {KEYS[key][-1]}")
    if key in ("after", "before"):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{written!r}: {key}: takes a date written YYYY-MM-DD") from None
    return Term(key, value, negated)


def _sequence(tokens: list[Any], i: int, inside: bool) -> tuple[Group, int]:
    """Terms (or OR-groups) that must all match, up to a ')' or the end."""
    parts: list[Any] = []
    while i < len(tokens):
        if tokens[i] == (")", False):
            if not inside:
                raise QueryError("a ')' has no '(' before it")
            return Group("and", tuple(parts)), i
        either, i = _either(tokens, i)
        parts.append(either)
    if inside:
        raise QueryError("a '(' is not closed: add the ')'")
    return Group("and", tuple(parts)), i


def _either(tokens: list[Any], i: int) -> tuple[Any, int]:
    if tokens[i] == ("OR", False):
        raise QueryError("OR needs a term on each side")
    options = []
    while True:
        part, i = _unit(tokens, i)
        options.append(part)
        if i < len(tokens) and tokens[i] == ("OR", False):
            i += 1
            if i >= len(tokens) or tokens[i] in (("OR", False), (")", False)):
                raise QueryError("OR needs a term on each side")
            continue
        return (options[0] if len(options) == 1 else Group("or", tuple(options))), i


def _unit(tokens: list[Any], i: int) -> tuple[Any, int]:
    token = tokens[i]
    if isinstance(token, Term):
        return token, i + 1
    if token[0] == "(":
        group, j = _sequence(tokens, i + 1, True)
        return Group(group.kind, group.parts, token[1]), j + 1
    raise QueryError("OR needs a term on each side")  # pragma: no cover  # ")" and "OR" are handled above


# --- matching ----------------------------------------------------------------------------


class _Every:
    """The ids of the entries looked at, made only if a term needs them (a negation, a
    read state): a bare word does not, and at 20,000 entries they cost a key's time."""

    def __init__(self, entries: list[Entry], known: set[str] | None) -> None:
        self.entries, self._ids = entries, known

    @property
    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = {e.id for e in self.entries}
        return self._ids


def _select(node: Any, entries: list[Entry], facts: Facts, every: _Every) -> set[str]:
    """The ids of `entries` that `node` matches: whole sets at a time (a term is one pass
    or one set operation, never a Python call per article per term)."""
    if isinstance(node, Group):
        if node.kind == "or":
            found = set().union(*(_select(part, entries, facts, every) for part in node.parts))
        else:
            common: set[str] | None = None
            for part in node.parts:
                ids = _select(part, entries, facts, every)
                common = ids if common is None else common & ids
                if not common:
                    break
            found = every.ids if common is None else common
    else:
        found = _term_ids(node, entries, facts, set() if node.key in _OWN_PASS else every.ids)
    return every.ids - found if node.negated else found


_OWN_PASS = frozenset(
    ("", "feed", "site", "author", "folder", "after", "before")
)  # terms that look at each entry themselves


def _term_ids(term: Term, entries: list[Entry], facts: Facts, every: set[str]) -> set[str]:  # noqa: C901
    key, value = term.key, term.value
    states = facts.states
    if key == "":
        return {e.id for e in entries if value in e.haystack}
    if key == "is":
        if value == "starred":
            return {a for a, s in states.items() if s.starred} & every
        return every.intersection(facts.read) if value == "read" else every.difference(facts.read)
    if key == "in":
        elsewhere = {a for a, s in states.items() if s.state != "inbox"}
        return every - elsewhere if value == "inbox" else {a for a in elsewhere if states[a].state == value} & every
    if key in ("tag", "#"):
        tagged: dict[str, set[str]] = {a: {t.casefold() for t in s.tags} for a, s in states.items() if s.tags}
        for article, tags in facts.tags.items():
            tagged[article] = tagged.get(article, set()) | tags
        if key == "#":
            return {a for a, tags in tagged.items() if any(t.startswith(value) for t in tags)} & every
        return {a for a, tags in tagged.items() if any(t == value or t.startswith(value + "/") for t in tags)} & every
    if key == "feed":  # a feed's title (whole), address or id
        urls = {u for u, name in facts.feed_names.items() if value in (name, u.casefold(), facts.feed_ids.get(u))}
        return {
            e.id
            for e in entries
            if (e.feed or e.feed_url)
            and (facts.feed_url_of(e) in urls or facts.feed_of(e) == value or (e.feed_url or "").casefold() == value)
        }
    if key == "site":
        return {e.id for e in entries if value in e.site_name.casefold() or value in e.source}
    if key == "author":
        return {e.id for e in entries if e.author and value in e.author.casefold()}
    if key == "folder":  # a folder of the library, or a folder of feeds (and the folders under it)
        wanted = value.strip("/") + "/"
        feeds = {
            url
            for url, folders in facts.feed_folders.items()
            if any((folder.casefold() + "/").startswith(wanted) for folder in folders)
        }
        return {e.id for e in entries if e.id.casefold().startswith(wanted) or facts.feed_url_of(e) in feeds}
    if key in ("after", "before"):
        day = dt.date.fromisoformat(value)
        if key == "after":
            return {e.id for e in entries if e.date is not None and e.date >= day}
        return {e.id for e in entries if e.date is not None and e.date < day}
    if key == "has":
        if value == "highlights":
            return {a for a, n in facts.highlights.items() if n} & every
        return {a for a, s in states.items() if s.note} & every
    if key == "@":
        return {a for a, names in (facts.mentions or {}).items() if any(value in n for n in names)} & every
    # text: the full-text index finds the ids once
    return (facts.text(value) if facts.text is not None else set()) & every
