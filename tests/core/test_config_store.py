import json
import os
import stat

import pytest

from reader.core.config import ConfigError, load_config, save_theme
from reader.core.store import SCHEMA_VERSION, Store


def test_missing_config_gives_defaults(tmp_path):
    config = load_config(tmp_path / "config.toml")
    assert config.theme is None and config.include_seeds and config.libraries == []


def test_config_values_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\nlibraries = ["~/news"]\ninclude_seeds = false\ntext_width = 70\nmodels = { fr = "fr_x" }\n'
    )
    config = load_config(path)
    assert config.models == {"fr": "fr_x"}
    assert (config.theme, config.include_seeds, config.text_width) == ("nord", False, 70)
    assert config.library_paths[0].name == "news" and "~" not in str(config.library_paths[0])


@pytest.mark.parametrize(
    "text,message",
    [
        ('theme = "nord"\ntext_width = [1\n', "line 2"),
        ('theme = "nord"\n\ntext_width = "wide"\n', "line 3: text_width must be an integer"),
        ('colour = "red"\n', "line 1: unknown setting 'colour'"),
        ("include_seeds = 1\n", "line 1: include_seeds must be true or false"),
        ("libraries = [1, 2]\n", "line 1: libraries must be a list of strings"),
        ('models = { French = "fr_core_news_sm" }\n', "line 1: models maps language codes to spaCy pipelines"),
        ("models = { fr = 3 }\n", "line 1: models maps language codes"),
        ("sync_interval = 1e-300\n", r"line 1: sync_interval must be from 1 to 10,080 \(minutes\), not 1e-300"),
        ("sync_interval = nan\n", "sync_interval must be from 1 to"),
        ("fetch_timeout = inf\n", r"fetch_timeout must be from 1 to 3,600 \(seconds\), not inf"),
        ("review_per_day = 0\n", "review_per_day must be from 1 to 1,000, not 0"),
        ("text_width = -5\n", "text_width must be from 20"),
    ],
)
def test_bad_config_names_the_line(tmp_path, text, message):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as error:
        load_config(path)
    assert str(path) in str(error.value)


def test_save_theme_keeps_comments_and_other_keys(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# my settings\ntext_width = 70\ntheme = "nord"  \n')
    save_theme(path, "gruvbox")
    assert path.read_text() == '# my settings\ntext_width = 70\ntheme = "gruvbox"  \n'  # only the value changes
    assert load_config(path).theme == "gruvbox"
    path.write_text('# mine\ntheme = "nord"  # my favourite\n\n[keys]\n"library.quit" = "q"\n')
    save_theme(path, "dracula")
    assert path.read_text() == '# mine\ntheme = "dracula"  # my favourite\n\n[keys]\n"library.quit" = "q"\n'
    path.write_text('[keys]\n"library.quit" = "q"\n')
    save_theme(path, "nord")  # a top-level key goes before the first table
    assert load_config(path).theme == "nord" and load_config(path).keys == {"library.quit": "q"}
    fresh = tmp_path / "new" / "config.toml"
    save_theme(fresh, "nord")
    assert load_config(fresh).theme == "nord"


def test_read_state_survives_reopening_and_file_is_private(tmp_path):
    path = tmp_path / "data" / "reader.json"
    store = Store(path)
    store.articles.mark_read("a.txt")
    store.articles.mark_read("a.txt")
    store.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = Store(path)
    assert again.articles.read_ids() == {"a.txt"}
    again.articles.mark_unread("a.txt")
    assert Store(path).articles.read_ids() == set()


def test_store_writes_valid_json_with_schema_version(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    assert not path.exists()  # opening writes nothing: a new database is written with its first change
    store.articles.mark_read("x")
    assert '"article":"x"' in path.read_text()
    store.articles.mark_read("y")  # the next changes go to the journal; closing folds them into reader.json
    assert '"article":"y"' in path.with_name("reader.json.journal").read_text()
    store.close()
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert [doc["article"] for doc in data["reading"].values()] == ["x", "y"]
    assert path.with_name("reader.json.journal").read_text() == ""


def test_a_version_1_database_is_migrated(tmp_path):
    path = tmp_path / "reader.json"
    path.write_text('{"meta": {"1": {"schema": 1}}, "reading": {"1": {"article": "a", "read_at": "x"}}}')
    before = path.read_text()
    store = Store(path)
    assert store.articles.read_ids() == {"a"} and store.highlights.all() == []
    store.close()
    assert path.read_text() == before  # migrated in memory: opening and reading write nothing
    store = Store(path)
    store.articles.mark_read("b")  # the first change writes the migrated database
    store.close()
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION and len(data["reading"]) == 2


def test_keys_table(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"article.next_sentence" = "j,down,ctrl+n"\n')
    assert load_config(path).keys == {"article.next_sentence": "j,down,ctrl+n"}
    path.write_text('[keys]\n"article.next_sentence" = 5\n')
    with pytest.raises(ConfigError, match="line 1: each \\[keys\\] entry must be a string"):
        load_config(path)


def test_a_new_theme_line_goes_under_the_commented_one_never_above_the_header(tmp_path):
    from reader.core.config import DEFAULT_CONFIG

    path = tmp_path / "config.toml"
    save_theme(path, "nord")  # no file yet: the commented default config, with the theme set
    lines = path.read_text().splitlines()
    assert lines[0] == DEFAULT_CONFIG.splitlines()[0]  # the header comment stays first
    assert lines[lines.index('# theme = "textual-dark"') + 1] == 'theme = "nord"'
    path.write_text("# my header\n# its second line\n\nwords_per_minute = 200\n")
    save_theme(path, "dracula")
    assert path.read_text() == '# my header\n# its second line\n\ntheme = "dracula"\nwords_per_minute = 200\n'


def test_a_config_file_that_is_no_regular_file_is_refused(tmp_path):
    import os

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)  # read, it would wait for a writer forever
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(fifo)
