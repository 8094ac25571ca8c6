"""Exported files never lose what the user wrote: reader rewrites only its region and its
front matter keys; one name for an article whichever way it is exported."""

import datetime as dt

from reader.core.notes.export import ArticleExport, Exporter
from reader.core.notes.highlight import Highlight
from reader.core.notes.writing import BEGIN, END, export_name, split_front, write_markdown

BODY = "The minister resigned on Tuesday. Nobody saw it coming."


def article(*quotes, tags=(), note="", title="Minister resigns", colour="yellow"):
    highlights = []
    for n, quote in enumerate(quotes):
        start = BODY.index(quote)
        h = Highlight.over(BODY, start, start + len(quote), id=f"id{n}", article="a.txt", fingerprint="fp")
        highlights.append(h.replace(color=colour, created="2024-01-01", modified="2024-01-01"))
    return ArticleExport("a.txt", title, "https://example.org/a", dt.date(2024, 1, 2), highlights,
                         author="Ann", site="The Ledger", feed="Ledger politics", tags=tuple(tags), note=note)  # fmt: skip


def export(tmp_path, a):
    return write_markdown([a], tmp_path, Exporter(), folder=True)[0]


def test_text_around_the_region_and_the_users_front_matter_keys_survive_every_export(tmp_path):
    path = export(tmp_path, article("The minister resigned on Tuesday."))
    text = path.read_text()
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    front, rest = split_front(text)
    front["rating"] = 5  # the user's own key
    mine_above, mine_below = "My summary, written in Obsidian.\n\n", "\n## My thoughts\n\nMore of mine.\n"
    rest = rest.replace(BEGIN, mine_above + BEGIN).replace(END + "\n", END + "\n" + mine_below)
    import yaml

    path.write_text("---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n" + rest)
    for quotes in (("The minister resigned on Tuesday.", "Nobody saw it coming."), ("Nobody saw it coming.",), ()):
        assert export(tmp_path, article(*quotes)) == path
        text = path.read_text()
        assert mine_above in text and mine_below in text and text.index(mine_above) < text.index(BEGIN)
        front, _ = split_front(text)
        assert front["rating"] == 5 and front["highlights"] == len(quotes)
    assert "Nobody saw it coming" not in text.split(BEGIN)[1].split(END)[0]  # the last highlight gone
    assert len(list(tmp_path.iterdir())) == 1  # the file stays (no .bak: it had a region)


def test_a_file_without_a_region_is_kept_aside_before_the_first_rewrite(tmp_path):
    path = tmp_path / export_name("a.txt", "Minister resigns")
    path.write_text("# Minister resigns\n\nAn export from before regions, edited by hand.\n")
    told = []
    write_markdown([article("Nobody saw it coming.")], tmp_path, Exporter(), folder=True, notes=told)
    kept = path.with_name(path.name + ".bak")
    assert kept.read_text() == "# Minister resigns\n\nAn export from before regions, edited by hand.\n"
    assert BEGIN in path.read_text() and told == [
        f"{path.name} had no reader region: the file as it was is kept as {kept.name}"
    ]


def test_one_name_for_an_article_even_when_its_title_changes(tmp_path):
    first = export(tmp_path, article("Nobody saw it coming."))
    assert first.name == export_name("a.txt", "Minister resigns") and first.name.startswith("Minister resigns (")
    again = export(tmp_path, article("Nobody saw it coming.", title="Minister resigns, updated"))
    assert again == first and [p.name for p in tmp_path.iterdir()] == [first.name]
    assert export_name("b.txt", "Minister resigns") != first.name  # two articles of one title: two files


def test_front_matter_says_author_site_feed_source_and_the_articles_tags_note_first():
    text = Exporter().markdown(article("Nobody saw it coming.", tags=["politics"], note="Ask *why*."))
    front, rest = split_front(text)
    assert {k: front[k] for k in ("author", "site", "feed", "source", "tags")} == {
        "author": "Ann", "site": "The Ledger", "feed": "Ledger politics", "source": "https://example.org/a",
        "tags": ["politics"],
    }  # fmt: skip
    assert rest.index("## Note") < rest.index("> [!note]\n> Ask *why*.") < rest.index("Nobody saw it coming")


def test_the_colour_is_said_only_when_the_user_chose_one():
    assert "Colour:" not in Exporter().markdown(article("Nobody saw it coming."))
    assert "Colour: green" in Exporter().markdown(article("Nobody saw it coming.", colour="green"))
