"""The reader keeps your place, `q` goes back then quits, and the library list gives the
title room first, hides empty columns and shows reading progress and folders."""

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from tests.conftest import SEED_000
from tests.ui.conftest import screen_text, settle
from tests.ui.test_article_screen import cursor_text, open_putin


def header(app) -> str:
    return str(app.screen.query_one("#list-header").render())


async def test_reopening_an_article_returns_to_where_you_left_it_even_after_a_restart(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("j", "j", "j", "j", "j")
        left_at = cursor_text(view)
        await pilot.press("q")  # q goes back to the library, not out of the app
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        row = next(line for line in screen_text(app).splitlines() if "Putin and Lukashenko" in line)
        assert "%" in row.split("Putin")[0]  # how far it was read
        await pilot.press("enter")
        await settle(app, pilot)
        assert cursor_text(app.screen.query_one("#article-view")) == left_at
        await pilot.press("j", "ctrl+q")  # quitting from the article keeps the place too
    moved_on = None
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        moved_on = cursor_text(view)
        assert moved_on != left_at and view.cursor == 6
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("q")  # a second q, in the library, quits
        await pilot.pause()
        assert app.return_code is not None or not app.is_running


async def test_escape_keeps_its_stages_and_q_leaves_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("J", "escape")  # the selection goes first
        assert isinstance(app.screen, ArticleScreen) and view.selection is None
        await pilot.press("J", "q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_a_narrow_library_gives_the_title_room_and_hides_empty_columns(make_app, library_dir):
    app = make_app([library_dir])
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        assert "Site" not in header(app) and "Words" not in header(app) and "Title" in header(app)
        row = next(line for line in screen_text(app).splitlines() if "Putin" in line)
        assert "Putin and Lukashenko agree on supply" in row  # 36 cells of title at 60 columns
    for path in library_dir.iterdir():  # no dates and no web addresses: no Date and Site columns
        lines = path.read_text().splitlines()
        path.write_text("\n".join([lines[0], ""] + [x for x in lines[1:] if not x[:4].isdigit() and "://" not in x]))
    app = make_app([library_dir])
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(app, pilot)
        assert "Date" not in header(app) and "Site" not in header(app) and "Words" in header(app)


async def test_articles_in_subfolders_get_a_folder_column(make_app, library_dir):
    (library_dir / "politics").mkdir()
    (library_dir / SEED_000).rename(library_dir / "politics" / SEED_000)
    app = make_app([library_dir])
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(app, pilot)
        assert "Folder" in header(app)
        row = next(line for line in screen_text(app).splitlines() if "Putin" in line)
        assert "politics" in row


async def test_the_palette_lists_the_readers_commands_before_textuals(make_app):
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        listed = app.screen.query_one(CommandList)
        titles = [str(listed.get_option_at_index(i).prompt).split("\n")[0] for i in range(listed.option_count)]
        assert titles[:4] == ["Sync feeds", "Search the library", "Explore the library", "Notebook"]
        assert "Quit" in titles[4:]


async def test_search_the_library_as_you_type_and_open_a_result_on_its_matches(make_app):
    from reader.ui.screens.search import SearchScreen
    from reader.ui.widgets.article_view import ArticleView

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*'"package of agreements"')
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "Leader says Belarus expects big shipment" in text and "1 result" in text
        assert "Putin and Lukashenko" not in text
        await pilot.press("enter", "enter")  # to the results, then open the first
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        start, end = view.matches[view.current_match]
        assert view.article.body[start:end] == "package of agreements"
        assert view.cursor_span[0] <= start < view.cursor_span[1]  # the cursor on the matching sentence
        await pilot.press("escape", "escape")  # the matches, then back to the results
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")  # to the query
        await pilot.press(*" -zzz")  # the query is kept: an exclusion is added to it
        await pilot.pause(0.2)
        assert "1 result" in screen_text(app)


async def test_a_slow_search_answers_off_the_ui_and_never_over_a_newer_query(make_app, monkeypatch):
    """Ranking a common word over a big library takes a while: the screen keeps taking keys,
    and an answer that comes back after the user typed on is not shown."""
    import threading

    from reader.core.search import SearchIndex

    slow, released = threading.Event(), threading.Event()
    waited_out = []  # the slow search was not released: the keys after it could not reach the test
    search = SearchIndex.search

    def slow_search(self, query, limit=20):
        if query == "belarus":
            slow.set()
            if not released.wait(2):
                waited_out.append(query)
        return search(self, query, limit)

    monkeypatch.setattr(SearchIndex, "search", slow_search)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press(*"belarus")
        for _ in range(100):  # bounded: the slow search has started
            if slow.is_set():
                break
            await pilot.pause(0.02)
        await pilot.press(*" -shipment")  # typed while it runs: the screen is not waiting for it
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "1 result for belarus -shipment" in text and "Putin and Lukashenko" in text
        released.set()
        await settle(app, pilot)
        text = screen_text(app)  # the late answer to "belarus" (both articles) is dropped
        assert "1 result for belarus -shipment" in text and "Leader says Belarus" not in text
        assert not waited_out


async def test_the_library_filter_takes_a_tag(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h", "t")
        await pilot.pause()
        await pilot.press(*"weapons", "enter")
        await pilot.pause()
        await pilot.press("q")
        await settle(app, pilot)
        await pilot.press("slash", *"#weap")
        await pilot.pause()
        text = screen_text(app)
        assert "1 of 2 articles" in text and "Putin and Lukashenko" in text and "Leader says" not in text
