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
    company = [(key, shared, lift) for key, shared, lift, _ in found.together(("PERSON", "Vladimir Putin"))]
    assert company == [(("GPE", "Minsk"), 1, 1.5), (("GPE", "Moscow"), 1, 1.5)]  # each only with Putin
    # Lukashenko: with Putin in one article of his two, less than chance (lift 0.75): no company
    assert found.over_time(("PERSON", "Vladimir Putin")) == [("2024-01", 1), ("2024-02", 1)]
    assert bar(10, 10, 4) == "████" and bar(1, 16, 2) == "▏" and bar(0, 5) == ""


def article(article_id: str, *names: tuple[str, str]):
    body = ". ".join(name for name, _ in names) + "."
    return (article_id, None, body, entities(body, *names))


def test_explore_ranks_by_articles_and_keeps_numbers_out_of_the_company():
    """One page that says a name 24 times does not top a name found in three articles."""
    loud = ("loud", None, "Что. " * 24, entities("Что. " * 24, ("Что", "PERSON")))
    items = [loud] + [
        article(f"a{n}", ("Tony Blair", "PERSON"), ("Labour", "ORG"), ("2005", "DATE"), ("three", "CARDINAL"))
        for n in range(3)
    ]
    found = overview(items)
    assert found.top("PERSON") == [(("PERSON", "Tony Blair"), 3), (("PERSON", "Что"), 1)]
    assert found.mentions[("PERSON", "Что")] == 24
    assert [item[0] for item in found.together(("PERSON", "Tony Blair"))] == [("ORG", "Labour")]


def test_company_favours_real_association_over_chance_and_names_found_everywhere():
    items = []
    for n in range(40):  # the UK is in every article; Brown in 12, ten of them with Blair; Peston once, with Blair
        names = [("UK", "GPE")]
        if n < 12:
            names.append(("Gordon Brown", "PERSON"))
        if n < 10 or n in (20, 21, 22, 23, 24, 25, 26, 27, 28, 29):
            names.append(("Tony Blair", "PERSON"))
        if n == 25:
            names.append(("Robert Peston", "PERSON"))
        items.append(article(f"a{n}", *names))
    found = overview(items)
    company = found.together(("PERSON", "Tony Blair"))
    assert [key[1] for key, *_ in company] == ["Gordon Brown", "Robert Peston"]  # not the UK: found everywhere
    (_, shared, lift, score), (_, once, once_lift, once_score) = company
    assert (shared, lift) == (10, 10 * 40 / (20 * 12)) and (once, once_lift) == (1, 2.0)
    assert score > once_score  # ten articles together outweigh one, though its lift is higher


def test_a_short_name_merges_into_the_full_name_an_article_joined_it_to():
    joined = "Tony Blair spoke. Blair left."
    items = [
        ("a", None, joined, [Entity(0, 10, "PERSON"), Entity(18, 23, "PERSON")]),
        article("b", ("Blair", "PERSON")),  # on its own: the same man
        article("c", ("Smith", "PERSON")),
        article("d", ("John Smith", "PERSON"), ("Smith", "PERSON")),
        article("e", ("Jane Smith", "PERSON"), ("Smith", "PERSON")),  # two Smiths: "Smith" stays apart
    ]
    found = overview(items)
    assert ("PERSON", "Blair") not in found.articles
    assert found.articles[("PERSON", "Tony Blair")] == {"a", "b"} and found.aliases[("PERSON", "Tony Blair")] == {
        "Blair"
    }
    assert found.mentions[("PERSON", "Tony Blair")] == 3
    assert found.articles[("PERSON", "Smith")] == {"c"}
