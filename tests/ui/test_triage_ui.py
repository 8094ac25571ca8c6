"""Working through the library with the keys: archive, later, read, star, delete, mark all
read, the article's tags and note, undo, and the views panel; the same from the article."""

from reader.core.store import Store
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.library.views import ViewsPanel
from tests.conftest import SEED_000, SEED_003
from tests.ui.conftest import SIZE, notes, screen_text, settle

LEADER = "Leader says Belarus expects big shipment"  # SEED_003, dated: first by date
PUTIN = "Putin and Lukashenko agree on supply"  # SEED_000


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


def view_line(app, name: str) -> list[str]:
    """The views panel's counts for a view: [count, unread, "unread"]."""
    line = next(line for line in screen_text(app).splitlines() if f"│  {name}  " in line)
    return line.split(f"│  {name}", 1)[1].strip(" │").split()


def saved(home):
    return Store(home / "reader.json", read_only=True)


async def test_archive_later_read_and_star_from_the_library_and_undo(make_app, home):
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert status(app).startswith("Inbox · 2 articles · 2 unread")  # the app opens on the Inbox
        await pilot.press("e")  # the article under the cursor leaves the Inbox
        await pilot.pause()
        assert LEADER not in screen_text(app) and PUTIN in screen_text(app)
        assert "Archived 1 article" in shown[-1] and status(app).startswith("Inbox · 1 article · 1 unread")
        assert app.services.store.articles.state(SEED_003).state == "archive"
        await pilot.press("u")
        await pilot.pause()
        assert LEADER in screen_text(app) and shown[-1] == "Undone: Archived 1 article"
        await pilot.press("l", "u", "m", "asterisk")
        await pilot.pause()
        store = app.services.store
        assert store.articles.is_read(SEED_003) and store.articles.state(SEED_003).starred
        assert store.articles.state(SEED_003).state == "inbox"
        row = next(line for line in screen_text(app).splitlines() if LEADER in line)
        assert "★" in row and "✓" in row
        await pilot.press("m", "asterisk")  # both toggle back
        await pilot.pause()
        assert not store.articles.is_read(SEED_003) and not store.articles.state(SEED_003).starred
        row = next(line for line in screen_text(app).splitlines() if LEADER in line)
        assert "★" not in row and "✓" not in row and "•" in row  # the row drawn again, not as it was
        await pilot.press("j", "l")
        await pilot.pause()
    store = saved(home)
    assert store.articles.state(SEED_000).state == "later" and not store.articles.state(SEED_003).starred


async def test_mark_all_read_asks_says_how_many_and_undoes(make_app, home):
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert "Mark 2 articles on screen read?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.services.store.articles.read_ids() == set()
        await pilot.press("slash", *"putin", "enter", "A")  # only what the list shows
        await pilot.pause()
        assert "Mark 1 article on screen read?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.services.store.articles.read_ids() == {SEED_000} and "Marked 1 article read (u undoes)" in shown
        await pilot.press("u")
        await pilot.pause()
        assert app.services.store.articles.read_ids() == set()


async def test_archive_all_on_screen_asks_counts_and_undoes(make_app, home):
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"putin", "enter", "E")  # only what the list shows
        await pilot.pause()
        assert "Archive 1 article on screen?" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        states = app.services.store.articles
        assert states.state(SEED_000).state == "archive" and states.state(SEED_003).state == "inbox"
        assert "Archived 1 article (u undoes)" in shown and PUTIN not in screen_text(app)
        await pilot.press("escape", "E")  # the filter cleared: the one left
        await pilot.pause()
        assert "Archive 1 article on screen?" in screen_text(app)
        await pilot.press("n", "u")
        await settle(app, pilot)
        assert states.state(SEED_000).state == "inbox" and PUTIN in screen_text(app)
        assert "Undone: Archived 1 article" in shown
        assert app.screen.query_one("ArticleList").current.id == SEED_000  # the cursor on what came back


async def test_tags_and_a_note_for_the_whole_article(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("T", *"belarus, arms", "enter")
        await pilot.pause()
        assert "Tags" in str(app.screen.query_one("#list-header").render())  # a Tags column now
        row = next(line for line in screen_text(app).splitlines() if LEADER in line)
        assert "#belarus #arms" in row
        await pilot.press("N", *"Worth a follow-up.", "ctrl+s")
        await pilot.pause()
        await pilot.press("slash", *"tag:arms has:note")
        await pilot.pause()
        assert LEADER in screen_text(app) and PUTIN not in screen_text(app)
        await pilot.press("enter", "enter")  # back to the list, open the article
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        header = str(app.screen.query_one("#article-title").render())
        assert "#belarus #arms" in header and "note: Worth a follow-up." in header
    state = saved(home).articles.state(SEED_003)
    assert state.tags == ("belarus", "arms") and state.note == "Worth a follow-up."


async def test_delete_hides_the_article_and_undo_brings_it_back(make_app, home):
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert LEADER not in screen_text(app) and "hidden (its file is in your folder)" in shown[-1]
        await pilot.press("v")  # not in any view, not even All
        await settle(app, pilot)
        await pilot.press(*"jjjj", "enter")
        await pilot.pause()
        assert status(app).startswith("All · 1 article") and LEADER not in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert LEADER in screen_text(app) and shown[-1] == "Undone: Deleted 1 article"


async def test_the_views_panel_counts_and_shows_a_view_and_saves_the_filter(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e", "v")
        await settle(app, pilot)
        assert app.screen.query_one(ViewsPanel).display  # a drawer over the list
        assert view_line(app, "Inbox") == ["1", "1", "unread"] and view_line(app, "Archive") == ["1", "1", "unread"]
        assert view_line(app, "All") == ["2", "2", "unread"] and view_line(app, "Later") == ["0", "0", "unread"]
        await pilot.press("j", "j", "enter")  # Archive
        await pilot.pause()
        assert not app.screen.query_one(ViewsPanel).display and status(app).startswith("Archive · 1 article")
        assert LEADER in screen_text(app) and PUTIN not in screen_text(app)
        await pilot.press("slash", *"belarus", "escape")
        await pilot.press("slash", *"is:unread", "enter", "v", "s")
        await pilot.pause()
        await pilot.press(*"Unread archive", "enter")
        await settle(app, pilot)
        assert view_line(app, "Unread archive") == ["1", "1", "unread"]
        await pilot.press("e")  # the library's keys wait while the drawer is open
        await pilot.pause()
        assert app.services.store.articles.state(SEED_000).state == "inbox"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(ViewsPanel).display and app.focused is app.screen.query_one("#articles")
        await pilot.press("m", "v")  # read while the drawer was shut: its counts are not the last ones
        await settle(app, pilot)
        assert view_line(app, "Archive") == ["1", "0", "unread"] and view_line(app, "All") == ["2", "1", "unread"]
    assert [(v["name"], v["query"]) for v in saved(home).articles.views()] == [
        ("Unread archive", "(in:archive) is:unread")
    ]


async def test_the_drawer_has_the_footer_and_the_keys_and_a_click_beside_it_closes_it(make_app):
    from reader.ui.dialogs import ListScreen
    from reader.ui.widgets.key_footer import KeyFooter

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        articles = app.screen.query_one("#articles")
        await pilot.press("v", "G")  # G would go to the last article: the list waits
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Show" in footer and "Close" in footer and "Archive" not in footer
        assert articles.cursor == 0 and app.screen.query_one(ViewsPanel).display
        await pilot.click("#articles", offset=(2, 0))
        await pilot.pause()
        assert not app.screen.query_one(ViewsPanel).display
        footer = screen_text(app).splitlines()[-1]
        assert "Views" in footer and "Show" not in footer
        await pilot.click(KeyFooter, offset=(footer.index("? Help") + 1, 0))  # a key in the footer is pressed
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.screen._title.startswith("Keys")


async def test_a_query_that_cannot_be_read_is_said_and_the_list_stays(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"putin in:")  # "in" is a word until the colon comes
        await pilot.pause()
        assert "⚠ in: needs a value" in status(app)
        assert PUTIN in screen_text(app)  # as it was before the bad term
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert "⚠" not in status(app) and LEADER not in screen_text(app)


async def test_the_article_screen_archives_stars_and_deletes(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("a", "asterisk")
        await pilot.pause()
        header = str(app.screen.query_one("#article-title").render())
        assert "★ starred · Archive" in header
        await pilot.press("l", "m")
        await pilot.pause()
        store = app.services.store
        assert store.articles.state(SEED_003).state == "later" and not store.articles.is_read(SEED_003)
        await pilot.press("D")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen) and LEADER not in screen_text(app)


async def test_a_read_only_reader_says_nothing_was_saved(make_app, home):
    holder = Store(home / "reader.json")
    app = make_app()
    shown = notes(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            for key in ("e", "asterisk", "m", "d"):
                await pilot.press(key)
                await pilot.pause()
                assert "in use by another reader" in shown[-1]
            assert LEADER in screen_text(app)
    finally:
        holder.close()
    assert saved(home).articles.states() == {}


async def test_a_dialog_shows_over_the_dimmed_list_not_a_blank_screen(make_app, home):
    from tests.ui.conftest import SIZE, screen_text, settle

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("T")  # the article's tags dialog
        await pilot.pause()
        text = screen_text(app)
        assert "Tags" in text and "Putin and Lukashenko" in text  # the list is still there behind it


async def test_next_unread_skips_the_read_ones_in_the_list_and_from_an_article(make_app, home, tmp_path):
    folder = tmp_path / "four"
    folder.mkdir()
    for n in range(4):  # newest first: One, Two, Three, Four
        (folder / f"{n}.md").write_text(
            f"---\ntitle: Story {['One', 'Two', 'Three', 'Four'][n]}\ndate: 2024-05-0{9 - n}\n---\n\nText {n}.\n"
        )
    store = Store(home / "reader.json")
    store.articles.mark_read("1.md")  # Two is read
    store.close()
    app = make_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        listed = app.screen.query_one("ArticleList")
        assert listed.current.title == "Story One"
        await pilot.press("full_stop")
        assert listed.current.title == "Story Three"  # Two is read: skipped
        await pilot.press("g", "enter")  # open One (read now)
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.article_id == "0.md"
        await pilot.press("full_stop")
        await settle(app, pilot)
        assert app.screen.article_id == "2.md"  # Three, past the read Two
        await pilot.press("full_stop")
        await settle(app, pilot)
        assert app.screen.article_id == "3.md"
        shown = notes(app)
        await pilot.press("full_stop")
        await pilot.pause()
        assert app.screen.article_id == "3.md" and shown[-1] == "No unread article after this one."


async def test_hide_read_and_the_view_the_app_opens_on(make_app, home):
    (home / "config.toml").write_text('start_view = "later"\n')
    store = Store(home / "reader.json")
    store.articles.mark([SEED_000, SEED_003], "later")
    store.articles.mark_read(SEED_000)
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert status(app).startswith("Later · 2 articles · 1 unread")  # opened on the view start_view names
        await pilot.press("H")
        await settle(app, pilot)
        assert PUTIN not in screen_text(app) and LEADER in screen_text(app)  # the read one hidden
        assert "(read hidden: H)" in status(app)
        await pilot.press("H")
        await settle(app, pilot)
        assert PUTIN in screen_text(app) and "read hidden" not in status(app)
    (home / "config.toml").write_text('start_view = "Nowhere"\nhide_read = true\n')
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("No view is called “Nowhere”" in note for note in shown)
        assert status(app).startswith("Inbox") and "(read hidden: H)" in status(app)
