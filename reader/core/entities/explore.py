"""What a library is about, from the entity cache alone: the entities of each label found
in the most articles, the company one keeps (by lift), and its articles over time where they
have dates. A short name merges into the full name an article joined it to."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from reader.core.entities.entity import Entity
from reader.core.entities.groups import group_entities, untitled

Key = tuple[str, str]  # (label, name)
# times and amounts: never "appears with", and listed after the names of things
NOT_COMPANY = {"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"}


@dataclass
class Overview:
    mentions: Counter[Key] = field(default_factory=Counter)
    articles: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    dates: dict[str, dt.date] = field(default_factory=dict)
    indexed: int = 0
    unindexed: int = 0

    def labels(self) -> list[str]:
        """Labels, the one with the most articles first; the names of things (people, places,
        organisations...) before times and amounts ("Tuesday", "last year", "$1 billion"), which
        every article has and which say little of what it is about."""
        totals: Counter[str] = Counter()
        for (label, _), ids in self.articles.items():
            totals[label] += len(ids)
        return sorted(totals, key=lambda label: (label in NOT_COMPANY, -totals[label]))

    def top(self, label: str, count: int = 10) -> list[tuple[Key, int]]:
        """The entities of `label` found in the most articles (then the most mentioned), with
        their article counts."""
        keys = [key for key in self.articles if key[0] == label]
        keys.sort(key=lambda key: (-len(self.articles[key]), -self.mentions[key], key[1].casefold()))
        return [(key, len(self.articles[key])) for key in keys[:count]]

    def together(self, key: Key, count: int = 10) -> list[tuple[Key, int, float, float]]:
        """The company of `key`: (entity, articles shared, lift, score), the highest score
        first. Lift is how much more often the two share an article than chance would have
        it (shared × articles / (mine × theirs)); the score is the shared articles times the
        log of the lift (pointwise mutual information weighted by how often it is seen:
        "local mutual information"), so a pair seen once by chance does not top a pair seen
        in thirty articles. A name found everywhere (lift 1 or less) is no company;
        numbers, dates and amounts are left out."""
        mine = self.articles.get(key, set())
        total = max(self.indexed, 1)
        found = []
        for other, ids in self.articles.items():
            if other == key or other[0] in NOT_COMPANY:
                continue
            shared = len(mine & ids)
            lift = shared * total / (len(mine) * len(ids)) if shared else 0.0
            if lift > 1:
                found.append((other, shared, lift, shared * math.log2(lift)))
        found.sort(key=lambda item: (-item[3], -item[1], item[0][1].casefold()))
        return found[:count]

    def over_time(self, key: Key) -> list[tuple[str, int]]:
        """(month "YYYY-MM", articles mentioning `key` that month), for dated articles."""
        months = Counter(self.dates[a].strftime("%Y-%m") for a in self.articles.get(key, ()) if a in self.dates)
        return sorted(months.items())


def overview(
    items: Iterable[tuple[str, dt.date | None, str, list[Entity] | None]], labels: Collection[str] | None = None
) -> Overview:
    """From (article id, date, body, cached entities or None when not indexed); only the
    entities of `labels` if given."""
    found = Overview()
    for article_id, date, body, entities in items:
        if entities is None:
            found.unindexed += 1
            continue
        found.indexed += 1
        if date:
            found.dates[article_id] = date
        if labels is not None:
            entities = [e for e in entities if e.label in labels]
        for label, groups in group_entities(body, entities).items():
            for group in groups:
                key = (label, group.name)
                found.mentions[key] += len(group.spans)
                found.articles[key].add(article_id)
                found.aliases[key].update(group.aliases)
    _merge_aliases(found)
    return found


def _merge_aliases(found: Overview) -> None:
    """A short name seen on its own ("Blair") goes into the one full name ("Tony Blair")
    that some article joined it to; a short name that articles joined to several full
    names ("Smith") stays on its own."""
    homes: dict[Key, set[Key]] = defaultdict(set)
    for key, aliases in found.aliases.items():
        for alias in aliases:
            homes[(key[0], alias)].add(key)
    for key in list(found.articles):  # "Mr Blair" on its own: where "Blair" goes
        bare = (key[0], " ".join(untitled(tuple(key[1].split()))))
        if key[0] == "PERSON" and bare != key and key not in homes:
            homes[key] = homes.get(bare) or ({bare} if bare in found.articles else set())
    for short, owners in homes.items():
        if len(owners) != 1 or short not in found.articles:
            continue
        (home,) = owners
        if home == short or home not in found.articles:
            continue
        found.mentions[home] += found.mentions.pop(short, 0)
        found.articles[home] |= found.articles.pop(short)
        found.aliases[home] |= found.aliases.pop(short, set()) | {short[1]}
        found.aliases[home].discard(home[1])


def bar(value: int, most: int, width: int = 20) -> str:
    """A bar of block characters, `width` cells for `most`, eighths for the rest."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]
