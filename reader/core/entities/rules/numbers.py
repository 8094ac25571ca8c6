"""Rules for numbers: money with its currency, MONEY without one, times and quantities."""

from __future__ import annotations

import re

from reader.core.entities.entity import Entity
from reader.core.entities.rules.lexicon import CURRENCIES, MORE_CURRENCIES, RACES, UNITS
from reader.core.entities.rules.registry import Context, rule
from reader.core.entities.rules.spans import swallowed

_CURRENCY_BEFORE = re.compile(r"(?:US|A|C|HK)?[$£€¥₹]\s?$")
_CURRENCY_AFTER = re.compile(
    rf"(?:bn|m|k|tn)?\s?(?:{'|'.join(CURRENCIES)})\b"
    r"|(?:bn|m|k|tn)\b"
)


def money(body: str, entity: Entity) -> Entity:
    """A number written with a currency ("£960m", "1.4bn euros") is MONEY, symbol and
    unit included, whatever the model called the bare number."""
    if entity.label not in ("MONEY", "CARDINAL", "DATE", "ORDINAL", "QUANTITY"):
        return entity
    if not re.fullmatch(r"[\d.,]+(?:bn|m|k|tn)?", body[entity.start : entity.end]):
        return entity
    start, end = entity.start, entity.end
    before = _CURRENCY_BEFORE.search(body, max(start - 4, 0), start)
    after = _CURRENCY_AFTER.match(body, end)
    if before:
        start = before.start()
    if after and (before or re.search(r"[a-z]", after.group().replace("bn", "").replace("tn", "").strip("mk ") or "")):
        end = after.end()
    if (start, end) == (entity.start, entity.end) and entity.label != "MONEY":
        return entity
    return Entity(start, end, "MONEY") if before or after else entity


_CURRENCY_ANY = re.compile(
    rf"[$£€¥₹]|\d+p\b|\b(?:USD|EUR|GBP|JPY|CHF|CNY)\b|\b(?:{'|'.join(CURRENCIES + MORE_CURRENCIES)})\b",
    re.IGNORECASE,
)


def money_needs_currency(body: str, entity: Entity) -> Entity:
    """MONEY with no currency in or right around it ("1200", "25 million") is a number."""
    if entity.label != "MONEY":
        return entity
    around = body[max(entity.start - 4, 0) : entity.end + 10]
    return entity if _CURRENCY_ANY.search(around) else Entity(entity.start, entity.end, "CARDINAL")


# numbers with a unit of time or measure that the model left bare ("1030 GMT", "the 10,000m")
_CLOCK = re.compile(r"\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\s(?:GMT|BST|CET|UTC|EST|PST)\b")
_UNIT = re.compile(rf"(?:km|cm|mm|kg|ft|mph|km/h)(?!\w)|\s(?:{'|'.join(UNITS)})\b")
_RACE_METRES = re.compile(rf"m(?= (?:{'|'.join(RACES)})\b)")
_METRES = re.compile(r"m(?![\w.,]\w)")


def measures(body: str, entity: Entity) -> Entity:
    """A bare number followed by a clock unit is a TIME ("1200 GMT", "10.38am"); followed
    by a unit of measure, a QUANTITY ("3,217 tonnes", "4km"; "m" only where it is metres:
    "the 10,000m", "400m hurdles", never "5m people" nor "the 1.4m machines": millions)."""
    if entity.label not in ("CARDINAL", "DATE", "TIME", "QUANTITY"):
        return entity
    if not re.fullmatch(r"\d[\d.,]*", body[entity.start : entity.end]):
        return entity
    clock = _CLOCK.match(body, entity.end)
    if clock:
        return Entity(entity.start, clock.end(), "TIME")
    unit = _UNIT.match(body, entity.end) or _RACE_METRES.match(body, entity.end)
    if unit is None and "." not in body[entity.start : entity.end] and body.endswith("the ", 0, entity.start):
        unit = _METRES.match(body, entity.end)
    return Entity(entity.start, unit.end(), "QUANTITY") if unit else entity


@rule("money")
def _money(context: Context, entities: list[Entity]) -> list[Entity]:
    return [money(context.body, e) for e in entities]


@rule("currency")
def _currency(context: Context, entities: list[Entity]) -> list[Entity]:
    return [money_needs_currency(context.body, e) for e in entities]


@rule("measures")
def _measures(context: Context, entities: list[Entity]) -> list[Entity]:
    return swallowed(entities, [measures(context.body, e) for e in entities])
