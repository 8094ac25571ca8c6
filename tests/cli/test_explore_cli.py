"""`reader explore`: the entities in the most articles per label, and one entity's company,
from the entity cache, as JSON and as text; what is not indexed is said."""

from __future__ import annotations

import json

from reader.cli import main


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_explore_the_seeds(home, capsys, recognizer):
    code, out, err = run(capsys, "explore", "--json")
    assert code == 0 and json.loads(out) == {"labels": {}} and "2 articles not indexed yet" in err
    assert main(["index", "--processes", "1"]) == 0
    capsys.readouterr()

    code, out, err = run(capsys, "explore", "--json")
    labels = json.loads(out)["labels"]
    assert code == 0 and err == ""
    people = {row["name"]: row for row in labels["PERSON"]}
    lukashenko = people["Alexander Lukashenko"]
    assert lukashenko["articles"] == 2 and lukashenko["mentions"] >= 10 and "Lukashenko" in lukashenko["aliases"]
    assert set(lukashenko) == {"name", "aliases", "articles", "mentions"}
    rows = labels["GPE"]
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)  # by articles

    code, out, _ = run(capsys, "explore", "--json", "--entity", "lukashenko")  # an alias finds it
    one = json.loads(out)
    assert code == 0 and one["name"] == "Alexander Lukashenko" and one["label"] == "PERSON"
    assert set(one) == {"name", "label", "aliases", "articles", "mentions", "with", "months"}
    assert one["months"] == {"2021-10": 1}  # one seed is dated
    assert all(w["label"] not in ("CARDINAL", "DATE", "MONEY", "PERCENT") for w in one["with"])

    code, out, _ = run(capsys, "explore", "--json", "--query", "Leader")
    assert all(row["articles"] == 1 for rows in json.loads(out)["labels"].values() for row in rows)
    code, out, _ = run(capsys, "explore", "--top", "2")
    assert code == 0 and "PERSON" in out and "Alexander Lukashenko" in out
    code, _, err = run(capsys, "explore", "--entity", "Nobody Atall")
    assert code == 1 and "no entity named 'Nobody Atall'" in err


def test_an_entity_query_finds_an_article_by_the_full_name_it_only_implies(home, capsys, recognizer):
    """`@"tony blair"` finds the article that says only "Mr Blair": another article joined
    the two, as Explore does."""
    library = home / "library"
    library.mkdir()
    (library / "full.txt").write_text(
        "Blair visits Leeds\n\nPrime Minister Tony Blair visited Leeds on Monday. Mr Blair spoke to workers.\n"
    )
    (library / "short.txt").write_text(
        "Budget row\n\nMr Blair said on Tuesday that the budget was fair. Mr Blair then left for Brussels.\n"
    )
    assert main(["--library", str(library), "index", "--processes", "1"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--library", str(library), "list", "--json", "--query", '@"tony blair"')
    assert code == 0 and sorted(row["id"] for row in json.loads(out)) == ["full.txt", "short.txt"]
    code, out, _ = run(capsys, "--library", str(library), "explore", "--json", "--entity", "Tony Blair")
    assert json.loads(out)["articles"] == 2
