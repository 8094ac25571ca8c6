"""What a library is about, from the entity cache alone: the most mentioned entities per
label, the entities that appear in the same articles as one of them, and its mentions over
time where articles have dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.core.entities.entity import Entity
from reader.core.entities.groups import group_entities

Key = tuple[str, str]  # (label, name)


@dataclass
class Overview:
    mentions: Counter[Key] = field(default_factory=Counter)
    articles: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    dates: dict[str, dt.date] = field(default_factory=dict)
    indexed: int = 0
    unindexed: int = 0

    def labels(self) -> list[str]:
        """Labels, the most mentioned first."""
        totals: Counter[str] = Counter()
        for (label, _), count in self.mentions.items():
            totals[label] += count
        return [label for label, _ in totals.most_common()]

    def top(self, label: str, count: int = 10) -> list[tuple[Key, int]]:
        return [(key, n) for key, n in self.mentions.most_common() if key[0] == label][:count]

    def together(self, key: Key, count: int = 10) -> list[tuple[Key, int]]:
        """The entities found in the most articles that also mention `key`."""
        mine = self.articles.get(key, set())
        shared = Counter({other: len(mine & ids) for other, ids in self.articles.items() if other != key})
        return [(other, n) for other, n in shared.most_common(count) if n]

    def over_time(self, key: Key) -> list[tuple[str, int]]:
        """(month "YYYY-MM", articles mentioning `key` that month), for dated articles."""
        months = Counter(self.dates[a].strftime("%Y-%m") for a in self.articles.get(key, ()) if a in self.dates)
        return sorted(months.items())


def overview(items: Iterable[tuple[str, dt.date | None, str, list[Entity] | None]]) -> Overview:
    """From (article id, date, body, cached entities or None when not indexed)."""
    found = Overview()
    for article_id, date, body, entities in items:
        if entities is None:
            found.unindexed += 1
            continue
        found.indexed += 1
        if date:
            found.dates[article_id] = date
        for label, groups in group_entities(body, entities).items():
            for group in groups:
                key = (label, group.name)
                found.mentions[key] += len(group.spans)
                found.articles[key].add(article_id)
                found.aliases[key].update(group.aliases)
    return found


def bar(value: int, most: int, width: int = 20) -> str:
    """A bar of block characters, `width` cells for `most`, eighths for the rest."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / most * width * 8))
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]
