"""reader export / import from the command line, and export from inside the reader."""

import json

from reader.cli import main
from reader.core.library import load_article
from reader.core.notes.writing import export_name
from reader.core.paths import seeds_dir
from reader.core.store import Store
from tests.conftest import SEED_000, SEED_003
from tests.core.export_parse import recover


def annotate(home):
    store = Store(home / "reader.json")
    made = []
    for name, text, tags, note in (
        (SEED_003, "Lukashenko said Wednesday", ["belarus"], "first note"),
        (SEED_003, "Moscow has granted Belarus a new $1.5 billion loan", ["money", "belarus"], ""),
        (SEED_000, "Instead, they invaded Ukraine on Feb. 24.", ["timeline"], "# not a heading\n```"),
    ):
        article = load_article(seeds_dir() / name, name)
        start = article.body.index(text)
        h = store.highlights.add(name, article.fingerprint, article.body, start, start + len(text))
        made.append(store.highlights.update(h.id, tags=tags, note=note))
    store.close()
    return made


def test_export_to_stdout_filters_by_tag_entity_and_since(home, capsys):
    annotate(home)
    assert main(["export"]) == 0
    out = capsys.readouterr().out
    assert "Lukashenko said Wednesday" in out and "they invaded Ukraine" in out
    back = recover(out)  # one document: one front matter for the file, a section per article
    assert back["front"]["articles"] == 2 and back["front"]["highlights"] == 3 and "source" not in back["front"]
    assert back["sections"] == [
        "Leader says Belarus expects big shipment of Russian weapons",
        "Putin and Lukashenko agree on supply of modern military equipment to Belarus",
    ]
    assert main(["export", "--tag", "money"]) == 0
    out = capsys.readouterr().out
    assert "a new $1.5 billion loan" in out and "Lukashenko said Wednesday" not in out  # prose as written
    assert main(["export", "--entity", "ukraine"]) == 0
    out = capsys.readouterr().out
    assert "they invaded Ukraine" in out and "Moscow has granted" not in out
    assert main(["export", "--since", "2999-01-01"]) == 0
    assert "nothing to export" in capsys.readouterr().err
    assert main(["export", "--since", "yesterday"]) == 1


def test_export_to_a_folder_one_safe_file_per_article(home, tmp_path, capsys):
    annotate(home)
    folder = tmp_path / "vault"
    assert main(["export", "-o", f"{folder}/"]) == 0
    files = sorted(p.name for p in folder.iterdir())
    assert files == [  # named as auto-export names them: the title and a hash of the id
        export_name(SEED_003, "Leader says Belarus expects big shipment of Russian weapons"),
        export_name(SEED_000, "Putin and Lukashenko agree on supply of modern military equipment to Belarus"),
    ]
    assert files[0].startswith("Leader says Belarus expects big shipment of Russian weapons (")
    back = recover((folder / files[1]).read_text())
    assert back["highlights"][0]["note"] == "# not a heading\n```"
    assert back["front"]["highlights"] == 1 and back["front"]["tags"] == ["timeline"]


def test_the_vault_round_trip_from_the_shell(home, tmp_path, capsys):
    """`reader export -o vault/` again after edits in the vault: the notes and tags come
    back into reader, an article note written under `# Note` too, and it says so."""
    made = annotate(home)
    folder = tmp_path / "vault"
    assert main(["export", "-o", f"{folder}/"]) == 0
    path = folder / export_name(SEED_003, "Leader says Belarus expects big shipment of Russian weapons")
    text = path.read_text().replace("> first note", "> first note, rethought in Obsidian")
    heading_end = text.index("\n", text.index("# [Leader says"))
    text = (
        text[: heading_end + 1] + "\n## Note\n\n> [!note]\n> Compare with the March loan.\n" + text[heading_end + 1 :]
    )
    path.write_text(text.replace("Tags: #belarus", "Tags: #belarus #loans", 1))
    capsys.readouterr()
    assert main(["export", "-o", f"{folder}/"]) == 0
    err = capsys.readouterr().err
    assert (
        f"note: {path.name}: the note of 1 highlight, the tags of 1 highlight, the article's note came back from the vault"
        in err
    )
    store = Store(home / "reader.json")
    first = store.highlights.get(made[0].id)
    assert first.note == "first note, rethought in Obsidian" and first.tags == ("belarus", "loans")
    assert store.articles.state(SEED_003).note == "Compare with the March loan."
    store.close()
    assert main(["export", "-o", f"{folder}/"]) == 0  # nothing new: nothing said, nothing doubled
    assert "came back" not in capsys.readouterr().err
    text = path.read_text()
    assert text.count("Compare with the March loan.") == 1 and text.count("rethought in Obsidian") == 1
    assert len(list(folder.iterdir())) == 2


def test_one_article_to_a_file_and_a_custom_template(home, tmp_path, capsys):
    annotate(home)
    template = tmp_path / "mine.j2"
    template.write_text(
        "{{ article.title | md }}\n{% for h in highlights %}- {{ h.quote | md }} [{{ h.tags | join(', ') }}]\n{% endfor %}"
    )
    out = tmp_path / "one.md"
    assert main(["export", SEED_003, "-o", str(out), "--template", str(template)]) == 0
    assert out.read_text() == (  # a template without front matter: only reader's region
        "%% reader begin %%\nLeader says Belarus expects big shipment of Russian weapons\n"
        "- Lukashenko said Wednesday [belarus]\n- Moscow has granted Belarus a new $1.5 billion loan [money, belarus]\n"
        "%% reader end %%\n"
    )
    assert main(["export", "nope.txt"]) == 1


def test_json_export_then_import_into_a_fresh_database_loses_nothing(home, tmp_path, capsys):
    made = annotate(home)
    target = tmp_path / "annotations.json"
    assert main(["export", "--format", "json", "-o", str(target)]) == 0
    data = json.loads(target.read_text())
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    fresh = tmp_path / "fresh.json"
    assert main(["--db", str(fresh), "import", str(target)]) == 0
    assert "3 added, 0 updated, 0 skipped" in capsys.readouterr().out
    restored = {h.id: h for h in Store(fresh).highlights.all()}
    for original in made:
        assert restored[original.id] == original
    # importing again adds nothing; a newer copy updates
    assert main(["--db", str(fresh), "import", str(target)]) == 0
    assert "0 added, 0 updated, 3 skipped" in capsys.readouterr().out
    data["first"]["items"][0]["modified"] = "2999-01-01T00:00:00.000+00:00"
    data["first"]["items"][0]["body"] = [{"type": "TextualBody", "purpose": "commenting", "value": "newer"}]
    target.write_text(json.dumps(data))
    assert main(["--db", str(fresh), "import", str(target)]) == 0
    assert "0 added, 1 updated, 2 skipped" in capsys.readouterr().out
    assert any(h.note == "newer" for h in Store(fresh).highlights.all())


def test_import_of_a_bad_file_is_a_clear_error(home, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["import", str(bad)]) == 1
    assert "not JSON (line 1" in capsys.readouterr().err
    bad.write_text('{"type": "Something"}')
    assert main(["import", str(bad)]) == 1
    assert "not Web Annotation JSON" in capsys.readouterr().err


def test_export_of_10000_highlights(home, tmp_path):
    """Functional check at size (the timing is in bench/export.py)."""
    from reader.core.notes.export import ArticleExport, Exporter
    from reader.core.notes.highlight import Highlight, Quote

    body = "word " * 200
    highlights = [
        Highlight(
            f"{i:032x}",
            "a",
            "f",
            Quote.of(body, i % 100, i % 100 + 20),
            (i % 100, i % 100 + 20),
            i % 100,
            i % 100 + 20,
            tags=("t",),
            note="n",
            created="x",
            modified="x",
        )
        for i in range(10_000)
    ]
    markdown = Exporter().markdown(ArticleExport("a", "T", None, None, highlights))
    assert markdown.count("^hl-") == 10_000


def test_export_with_main_entities(home, capsys, recognizer):
    annotate(home)
    assert main(["export", SEED_003, "--entities"]) == 0
    assert "not indexed yet" in capsys.readouterr().err
    assert main(["index", "--processes", "1"]) == 0
    capsys.readouterr()
    assert main(["export", SEED_003, "--entities"]) == 0
    out = capsys.readouterr().out
    section = out.split("## Entities", 1)[1]
    assert "- PERSON: Alexander Lukashenko (" in section and "- GPE: Belarus (" in section
    assert "CARDINAL" not in section


def test_an_export_reads_only_the_articles_whose_text_changed(home, library_dir, capsys, monkeypatch):
    """The scan keeps each article's text fingerprint, so highlights placed on that text need
    no load (50,000 articles export in seconds); an article edited since is read, and its
    highlights re-anchored on the new text."""
    from reader.core.library.scanning import Library

    annotate(home)
    loaded = []
    real_load = Library.load
    monkeypatch.setattr(
        Library, "load", lambda self, article_id: loaded.append(article_id) or real_load(self, article_id)
    )
    assert main(["--library", str(library_dir), "export", "--format", "json"]) == 0
    capsys.readouterr()
    assert loaded == []
    edited = library_dir / SEED_003
    edited.write_text(edited.read_text().replace("Lukashenko said Wednesday", "Earlier, Lukashenko said Wednesday"))
    assert main(["--library", str(library_dir), "export", "--format", "json"]) == 0
    assert loaded == [SEED_003]
    assert "Lukashenko said Wednesday" in capsys.readouterr().out
    article = load_article(edited, SEED_003)
    placed = Store(home / "reader.json").highlights.of(SEED_003)  # re-anchored, and saved so
    assert [article.body[h.start : h.end] for h in placed][0] == "Lukashenko said Wednesday"
    assert {h.placed_on for h in placed} == {article.fingerprint}


def test_an_import_places_its_highlights_and_says_which_are_not_in_the_text(home, library_dir, tmp_path, capsys):
    """Annotations from elsewhere (no fingerprint of reader's) are placed on their articles'
    texts at the import: the first export reads nothing, and a quote the text does not hold
    is said at once (kept, as an orphan)."""
    from reader.core.library.scanning import Library

    annotate(home)
    target = tmp_path / "annotations.json"
    assert main(["--library", str(library_dir), "export", "--format", "json", "-o", str(target)]) == 0
    data = json.loads(target.read_text())
    items = data["first"]["items"]
    for item in items:  # as a copy from another reader: its article, quote and position only
        item["reader"] = {"article": item["reader"]["article"]}
    [gone] = [item for item in items if item["reader"]["article"] == SEED_000]
    gone["target"]["selector"][0].update(exact="words this article never held", prefix="", suffix="")
    target.write_text(json.dumps(data))
    fresh = tmp_path / "fresh.json"
    assert main(["--library", str(library_dir), "--db", str(fresh), "import", str(target)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("3 added, 0 updated, 0 skipped") and "1 not found in their article's text" in said
    store = Store(fresh)
    placed = [h for h in store.highlights.all() if h.attached]
    assert len(placed) == 2 and all(
        h.placed_on == load_article(library_dir / h.article, h.article).fingerprint for h in placed
    )
    store.close()
    loaded = []
    real_load = Library.load
    Library.load = lambda self, article_id: loaded.append(article_id) or real_load(self, article_id)
    try:
        assert main(["--library", str(library_dir), "--db", str(fresh), "export", "--format", "json"]) == 0
    finally:
        Library.load = real_load
    assert loaded == []  # every one placed on the text the scan found, the orphan too
