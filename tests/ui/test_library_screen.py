from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from tests.conftest import SEED_000, SEED_003
from tests.ui.conftest import SIZE, notes, run_command, screen_text, settle

PUTIN = "Putin and Lukashenko agree on supply of modern military"
LEADER = "Leader says Belarus expects big shipment of Russian weapons"


async def test_library_lists_the_seeds_newest_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert LEADER in text and PUTIN in text
        assert text.index(LEADER) < text.index(PUTIN)  # dated article first, undated last
        assert "apnews.com" in text and "2021-10-01" in text and "483" in text
        assert "2 articles · 2 unread · sorted by date" in text


async def test_arrows_jk_enter_open_and_mark_read(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        assert app.screen.current_id == SEED_000
        await pilot.press("k", "down")
        assert app.screen.current_id == SEED_000
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert PUTIN in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "2 articles · 1 unread" in screen_text(app)
    assert app.services.store.articles.read_ids() == {SEED_000}


async def test_filter_as_you_type_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"putin")
        text = screen_text(app)
        assert PUTIN in text and LEADER not in text
        assert "1 of 2 articles" in text
        await pilot.press("escape")
        text = screen_text(app)
        assert PUTIN in text and LEADER in text
        # filtering by source works too, and enter goes back to the table to open
        await pilot.press("slash", *"apnews", "enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == SEED_003


async def test_sort_by_title(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        text = screen_text(app)
        assert text.index(LEADER) < text.index(PUTIN)
        assert "sorted by title" in text


async def test_help_lists_the_keys_and_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for label in ("Filter", "Clear filter", "Sort", "Skipped files", "Quit", "Open", "Down"):
            assert label in text
        await pilot.press("escape")
        assert "Skipped files" not in screen_text(app)
        await pilot.press("q")
    assert app.return_code == 0


async def test_help_at_120_by_35_says_there_is_more_and_scrolls_with_j_k_g_and_G(make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "more below: j, space, G · esc to close" in screen_text(app)
        assert "Undo" not in screen_text(app)  # the last keys are below the fold
        await pilot.press("G")
        await pilot.pause()
        text = screen_text(app)
        assert "Undo" in text and "more above: k, b, g" in text and "Filter:" not in text
        await pilot.press("g")
        await pilot.pause()
        assert "Filter" in screen_text(app) and "more below" in screen_text(app)
        await pilot.press("j", "j", "k")
        await pilot.pause()
        assert app.screen.query_one("#modal-box").scroll_y == 1
        await pilot.press("escape")
        await pilot.pause()
        assert "more below" not in screen_text(app)


async def test_skipped_files_are_shown_with_their_reason(make_app, library_dir):
    (library_dir / "broken.txt").write_bytes(b"\x00\x01" * 100)
    app = make_app([library_dir])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "1 skipped (w)" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert "broken.txt: binary file, not text" in screen_text(app)


async def test_command_palette_opens_an_article_by_title(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await run_command(app, pilot, "shipment")
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == SEED_003


async def test_keys_can_be_remapped_in_the_config(make_app, home):
    (home / "config.toml").write_text('[keys]\n"library.down" = "n"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert app.screen.current_id == SEED_000
        await pilot.press("j")  # no longer bound
        assert app.screen.current_id == SEED_000


def test_readme_key_tables_are_generated_from_the_key_registry_and_every_command_is_there():
    from reader.cli import build_parser
    from reader.ui.keys.tables import with_tables
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text()
    assert with_tables(readme) == readme, "stale key tables: run python -m reader.ui.keys --write README.md"
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"reader {name}" in readme


def test_every_binding_of_the_app_comes_from_the_key_registry():
    import importlib
    import inspect
    import pkgutil

    import reader.ui
    from reader.ui.keys import all_keys

    registry = all_keys()
    owners = []
    for module in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if cls.__module__ == module.name and "BINDINGS" in vars(cls):
                owners.append(cls)
                for binding in cls.BINDINGS:
                    assert binding.id in registry, f"{cls.__name__}: {binding.key} has no registry id"
                    key = registry[binding.id]
                    assert (binding.key, binding.action, binding.description) == (key.keys, key.action, key.description)
    assert len(owners) >= 15
    used = {b.id for cls in owners for b in cls.BINDINGS}
    assert used == set(registry)  # no registry entry without a class that binds it


def test_the_default_keys_have_no_conflicts_and_a_bad_keymap_is_reported():
    from reader.ui.keys.keymap import check_keymap

    assert check_keymap({}) == []
    warnings = check_keymap({"article.higlight": "h", "article.highlight": "j"})
    assert warnings == [
        "[keys]: no binding has the id 'article.higlight' (press ? in the app to see the ids)",
        "[keys]: j is bound to both article.highlight and article.next_sentence (reader)",
    ]


async def test_a_config_keymap_mistake_is_shown_when_the_app_starts(make_app, home):
    (home / "config.toml").write_text('[keys]\n"library.dwn" = "n"\n')
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("no binding has the id 'library.dwn'" in m for m in shown)
        await pilot.press("j")  # the other keys work as before
        assert app.screen.query_one(ArticleList).cursor == 1


def test_every_scope_of_keys_is_checked_and_every_palette_command_has_its_action():
    """The keymap's groups and the palette come from the key registry: a new scope is in a
    group by itself at least, and a palette command runs an action its screen has."""
    from textual.actions import parse

    from reader.ui.app import ReaderApp
    from reader.ui.keys import SCOPES, commands, groups
    from reader.ui.screens.article import ArticleScreen

    assert set().union(*groups().values()) == set(SCOPES)
    for screen in (LibraryScreen, ArticleScreen):
        found = commands([binding.id for binding in screen.BINDINGS])
        assert len(found) >= 9
        for key in found:
            namespace, name, _ = parse(key.action)
            owner = ReaderApp if namespace == "app" else screen  # "app.rules": the app's action
            assert callable(getattr(owner, f"action_{name}", None)), key.id
    assert "Review the list on screen" in [key.palette[0] for key in commands(["library.quit"])]  # no key of its own
