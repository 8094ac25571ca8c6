"""Full-text search: ranked results with marked snippets, the documented query syntax, no
query that can break it, and an index that follows the library."""

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.search import CLOSE, OPEN, Document, QueryError, SearchIndex, bring_up_to_date, fts_query, snippet

DOCS = [
    Document("rates.txt", "Bank holds interest rates", "The Bank of England left interest rates on hold at 4.75%."),
    Document(
        "oil.txt",
        "Oil prices rise",
        "Oil prices rose as the economy grew; interest in oil futures is high.",
        tags="energy markets",
        notes="check the OPEC figure",
        entities="OPEC Saudi Arabia",
    ),
    Document(
        "econ.txt",
        "Economists disagree",
        "Economic growth slowed; economists expect lower rates.",
        entities="Bank of England",
    ),
]


@pytest.fixture
def index(tmp_path):
    found = SearchIndex(tmp_path / "search.sqlite")
    found.put((doc, "stamp") for doc in DOCS)
    yield found
    found.close()


def ids(results):
    return [r.id for r in results]


def test_words_phrases_prefixes_exclusions_tags_and_entities(index):
    assert ids(index.search("interest rates"))[0] == "rates.txt"  # the title match ranks first
    assert ids(index.search('"interest rates"')) == ["rates.txt"]
    assert set(ids(index.search("econom*"))) == {"oil.txt", "econ.txt"}
    assert ids(index.search("interest -oil")) == ["rates.txt"]
    assert ids(index.search("tag:energy")) == ["oil.txt"]
    assert ids(index.search("entity:opec")) == ["oil.txt"]
    assert ids(index.search('entity:"bank of england"')) == ["econ.txt"]
    assert ids(index.search("opec figure")) == ["oil.txt"]  # the highlights' notes are searched too
    first = index.search("hold")[0]
    assert "«hold»" in first.marked("«", "»") and first.score > 0


@pytest.mark.parametrize("query", ["-oil", "", "   ", '"', '-"x y"', "***"])
def test_a_query_with_nothing_to_look_for_says_so(index, query):
    with pytest.raises(QueryError, match="nothing to look for"):
        index.search(query)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_query_is_an_sql_or_fts_error(tmp_path_factory, query):
    path = tmp_path_factory.mktemp("q") / "s.sqlite"
    found = SearchIndex(path)
    found.put((doc, "s") for doc in DOCS)
    try:
        found.search(query)
    except QueryError as error:
        assert "nothing to look for" in str(error)
    finally:
        found.close()


def test_a_snippet_shows_the_matches_where_they_cluster_in_a_long_text():
    filler = "Nothing of note happened in this sentence at all. " * 40
    text = filler + "The Bank of England left interest rates on hold at 4.75%. " + filler + "Rates again."

    def shown(query):
        return snippet(query, text).replace(OPEN, "[").replace(CLOSE, "]")

    assert shown("interest rates") == (
        "…of England left [interest] [rates] on hold at 4.75%. Nothing of note happened in this sentence…"
    )
    assert shown('"on hold"').startswith("…left interest rates [on hold] at 4.75%.")  # a phrase is one mark
    assert shown("rat*").startswith("…England left interest [rates] on hold")  # the first of equals
    assert shown("again") == "…at all. Rates [again]."
    variants = filler + "Belarusian troops and Belarussian tanks moved. " + filler + "Belarus said nothing."
    marked = snippet("belarus", variants).replace(OPEN, "[").replace(CLOSE, "]")
    assert marked == "…sentence at all. [Belarus] said nothing."  # the word asked for, before its variants
    no_match = "Nothing of note happened in this sentence at all. Nothing of note happened in this sentence…"
    assert shown("tag:energy") == no_match  # matched by a tag: the text's start


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab xy.\n"), max_size=200), st.sampled_from(["ab", "x*", '"ab xy"', "y"]))
def test_a_snippet_is_the_text_itself_with_marks(text, query):
    shown = snippet(query, text)
    plain = shown.replace(OPEN, "").replace(CLOSE, "").strip("…")
    assert plain in " ".join(text.split())
    assert shown.count(OPEN) == shown.count(CLOSE)


def test_operators_and_sql_in_a_query_are_words():
    assert fts_query("AND OR NOT NEAR(a b) ; DROP TABLE fts") == (
        '"AND" AND "OR" AND "NOT" AND "NEAR a" AND "b" AND "DROP" AND "TABLE" AND "fts"'
    )


def test_the_index_follows_the_library(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(f"Story {n}\n\nBody of story number {n} about apples.\n")
    read = []

    def document(article_id):
        read.append(article_id)
        path = folder / article_id
        if not path.exists():
            return None
        title, _, body = path.read_text().partition("\n\n")
        return Document(article_id, title, body)

    def entries():
        return [(p.name, p) for p in sorted(folder.iterdir())]

    index = SearchIndex(tmp_path / "s.sqlite")
    assert bring_up_to_date(index, entries(), document).added == 5
    read.clear()
    report = bring_up_to_date(index, entries(), document)
    assert (report.unchanged, read) == (5, [])  # nothing re-read
    (folder / "1.txt").write_text("Story 1\n\nNow about pears.\n")
    os.utime(folder / "2.txt", ns=(1, 1))  # touched, same text: re-read, not re-indexed
    (folder / "3.txt").unlink()
    report = bring_up_to_date(index, entries(), document)
    assert (report.changed, report.removed, report.unchanged) == (1, 1, 3) and sorted(read) == ["1.txt", "2.txt"]
    assert ids(index.search("pears")) == ["1.txt"] and ids(index.search("apples")) == ["0.txt", "2.txt", "4.txt"]
    notes = {"4.txt": "a note about plums"}
    report = bring_up_to_date(
        index,
        entries(),
        lambda i: (
            Document(*document(i).__dict__.values()) if i not in notes else Document(i, "Story 4", "x", notes=notes[i])
        ),
        extras=lambda i: "n1" if i in notes else "",
    )
    assert report.changed == 1 and ids(index.search("plums")) == ["4.txt"]
    index.close()
    (tmp_path / "s.sqlite").write_bytes(b"not a database at all")  # damaged: rebuilt, nothing lost
    index = SearchIndex(tmp_path / "s.sqlite")
    assert len(index) == 0 and bring_up_to_date(index, entries(), document).added == 4


def test_cli_search_json_and_plain(home, capsys):
    assert main(["search", "Lukashenko", "Putin", "--json", "--limit", "5"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and set(items[0]) == {"id", "title", "score", "snippet"}
    assert items[0]["title"].startswith("Putin and Lukashenko") and "«" in items[0]["snippet"]
    assert main(["search", '"a package of agreements"']) == 0
    out = capsys.readouterr().out
    assert "Leader says Belarus expects big shipment" in out and "«a package of agreements»" in out
    assert main(["search", "zzzzqqq"]) == 1
    assert "no article matches" in capsys.readouterr().err
    assert main(["search", "--", "-belarus"]) == 1
    assert "nothing to look for" in capsys.readouterr().err


def test_a_query_of_too_many_terms_says_so():
    import pytest

    from reader.core.search import MAX_TERMS

    fts_query(" ".join(f"w{n}*" for n in range(MAX_TERMS)))
    with pytest.raises(QueryError, match=f"too many terms \\({MAX_TERMS + 1}\\): a query takes at most {MAX_TERMS}"):
        fts_query(" ".join(f"w{n}*" for n in range(MAX_TERMS + 1)))
