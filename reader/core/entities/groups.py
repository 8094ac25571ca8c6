"""Entities grouped as the entity panel shows them: one entry per entity, its other names
merged into it, most mentioned first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from reader.core.entities.entity import NAME_LABELS, Entity
from reader.core.entities.rules.lexicon import TITLES


@dataclass
class Group:
    """One entity as the panel shows it: its longest name, the other names merged into it
    ("Lukashenko" into "Alexander Lukashenko"), and every occurrence."""

    label: str
    name: str
    aliases: list[str]
    spans: list[tuple[int, int]]
    mine: int = 0  # mentions whose label came from the user (a rule or a "here only" correction)


# words before a person's name that are not part of it ("Mr Blair", "Prime Minister Blair");
# not the women's titles: "Mrs Blair" is not Tony Blair, and a wrong merge is worse than a missed one
TITLE_WORDS = {t.casefold() for t in TITLES} - {"mrs", "ms", "miss", "lady", "dame"} | {
    "prime", "minister", "president", "chancellor", "secretary", "foreign", "home", "senator", "sen", "rep",
    "governor", "gen", "general", "judge", "justice", "king", "queen", "prince", "princess", "pope", "mayor",
}  # fmt: skip


# words after an organisation's name that are not what it is called ("Yukos Oil Company",
# "the Labour Party"): the one words by which names other than people's are merged
DESIGNATORS = {
    "inc", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc", "group", "holdings",
    "ag", "sa", "gmbh", "nv", "party",
}  # fmt: skip


def undesignated(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name without the designators after it (at least one word is kept)."""
    n = len(words)
    while n > 1 and words[n - 1].rstrip(".").casefold() in DESIGNATORS:
        n -= 1
    return words[:n]


def untitled(words: tuple[str, ...]) -> tuple[str, ...]:
    """A person's name without the titles before it (at least one word is kept)."""
    n = 0
    while n < len(words) - 1 and words[n].rstrip(".").casefold() in TITLE_WORDS:
        n += 1
    return words[n:]


def group_entities(
    body: str, entities: list[Entity], mine: Collection[tuple[int, int]] = frozenset()
) -> dict[str, list[Group]]:
    """Entities by label, each unique entity once (aliases merged), most mentioned first.
    A person's name is an alias of a longer one when it is its last or first words ("Putin"
    of "Vladimir Putin", and "Mr Putin": titles aside), and of only that one. Other names
    merge only when they differ by designators ("Yukos" and "Yukos Oil Company" do not;
    "Labour" and "the Labour Party" do): "House" is not "White House", nor "Democrats"
    "Virginia Democrats". `mine`: the spans the user labelled (user_labelled), counted per
    group."""
    by_label: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for entity in entities:
        by_label[entity.label][entity.text(body)].append((entity.start, entity.end))
    result: dict[str, list[Group]] = {}
    for label, texts in by_label.items():
        groups: list[Group] = []
        # the groups whose name starts or ends with these words (looked up, not searched)
        ends: dict[tuple[str, ...], list[Group]] = defaultdict(list)
        bare = untitled if label == "PERSON" else tuple  # a person's longest name, titles aside, comes first
        order = sorted((-len(bare(tuple(t.split()))), -len(spans), t) for t, spans in texts.items())
        for *_, text in order:
            words = tuple(text.split())
            known: list[Group] = []
            if label == "PERSON":
                known = ends.get(words) or ends.get(untitled(words)) or []
            elif label in NAME_LABELS:
                known = ends.get(undesignated(words)) or []
            candidates = list({id(g): g for g in known}.values())
            home = candidates[0] if len(candidates) == 1 else None  # an ambiguous short name stays on its own
            if home:
                home.aliases.append(text)
                home.spans.extend(texts[text])
                home.spans.sort()
            else:
                group = Group(label, text, [], sorted(texts[text]))
                groups.append(group)
                if label == "PERSON":
                    for n in range(1, len(words)):
                        ends[words[:n]].append(group)
                        ends[words[-n:]].append(group)
                elif undesignated(words) != words:
                    ends[undesignated(words)].append(group)
        for group in groups:  # people go by their full name, the rest by their usual one
            if label != "PERSON" and group.aliases:
                names = [group.name, *group.aliases]
                usual = max(names, key=lambda t: (len(texts[t]), len(t)))
                group.aliases = [t for t in names if t != usual]
                group.name = usual
        if mine:
            for group in groups:
                group.mine = sum(1 for span in group.spans if span in mine)
        result[label] = sorted(groups, key=lambda g: (-len(g.spans), g.name.casefold()))
    return dict(sorted(result.items(), key=lambda item: -sum(len(g.spans) for g in item[1])))
