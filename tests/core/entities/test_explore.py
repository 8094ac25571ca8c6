"""The library at a glance, from cached entities: top entities, co-occurrence, months."""

import datetime as dt

from reader.core.entities import Entity
from reader.core.entities.explore import bar, overview

BODY_A = "Alexander Lukashenko met Vladimir Putin in Moscow. Lukashenko spoke."
BODY_B = "Vladimir Putin visited Minsk."
BODY_C = "Alexander Lukashenko and the EU."


def entities(body, *names):
    found = []
    for name, label in names:
        start = body.index(name)
        while start != -1:
            found.append(Entity(start, start + len(name), label))
            start = body.find(name, start + len(name))
    return sorted(found, key=lambda e: e.start)


def test_top_entities_together_and_over_time():
    items = [
        (
            "a",
            dt.date(2024, 1, 5),
            BODY_A,
            entities(BODY_A, ("Alexander Lukashenko", "PERSON"), ("Vladimir Putin", "PERSON"), ("Moscow", "GPE")),
        ),
        ("b", dt.date(2024, 2, 1), BODY_B, entities(BODY_B, ("Vladimir Putin", "PERSON"), ("Minsk", "GPE"))),
        ("c", None, BODY_C, entities(BODY_C, ("Alexander Lukashenko", "PERSON"), ("EU", "ORG"))),
        ("d", None, "Not indexed yet.", None),
    ]
    found = overview(items)
    assert (found.indexed, found.unindexed) == (3, 1)
    assert found.labels()[0] == "PERSON"
    assert found.top("PERSON") == [(("PERSON", "Alexander Lukashenko"), 2), (("PERSON", "Vladimir Putin"), 2)]
    assert found.together(("PERSON", "Vladimir Putin"))[0] in (
        (("PERSON", "Alexander Lukashenko"), 1),
        (("GPE", "Moscow"), 1),
    )
    assert found.over_time(("PERSON", "Vladimir Putin")) == [("2024-01", 1), ("2024-02", 1)]
    assert bar(10, 10, 4) == "████" and bar(1, 16, 2) == "▏" and bar(0, 5) == ""
