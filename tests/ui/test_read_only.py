"""Every kind of change the UI makes, in a second reader that has the database read-only:
a message, no crash, and nothing of the first reader's data lost."""

from reader.core.store import Store
from reader.ui.dialogs import LabelPicker, NoteEditor, TagDialog
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from tests.conftest import SEED_000
from tests.ui.conftest import SIZE, notes, settle
from tests.ui.test_article_screen import open_putin

SECOND = "This was announced by the press secretary of Lukashenko, quoted by the state agency BelTA."


def refused(shown: list[str]) -> list[str]:
    return [m for m in shown if m.startswith("Not saved:") and "another reader" in m]


def holder_with_a_highlight(home, seeds) -> Store:
    """The first reader: it holds the database and has one highlight with a note."""
    from reader.core.library import load_article

    holder = Store(home / "reader.json")
    article = load_article(seeds / SEED_000, SEED_000)
    start = article.body.index(SECOND)
    made = holder.highlights.add(SEED_000, article.fingerprint, article.body, start, start + len(SECOND))
    holder.highlights.update(made.id, tags=["kept"], note="the first reader's note")
    return holder


async def test_highlight_edits_in_a_read_only_reader_are_refused_with_a_message(make_app, home, seeds):
    holder = holder_with_a_highlight(home, seeds)
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_putin(app, pilot)
        await pilot.press("j")  # onto the first reader's highlight
        for key in ("h", "c", "x"):
            count = len(refused(shown))
            await pilot.press(key)
            await pilot.pause()
            assert len(refused(shown)) == count + 1, key
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*", more", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*" and more", "ctrl+s")
        await pilot.pause()
        assert len(refused(shown)) == 5
        await pilot.press("u")
        assert "Nothing to undo in this article." in shown  # nothing was done, so nothing to undo
        assert isinstance(app.screen, ArticleScreen) and app.is_running
    holder.close()
    kept = Store(home / "reader.json").highlights.all()
    assert [(h.exact, h.tags, h.note, h.color) for h in kept] == [
        (SECOND, ("kept",), "the first reader's note", "yellow")
    ]


async def test_an_entity_correction_in_a_read_only_reader_is_refused_not_a_crash(make_app, home, recognizer):
    holder = Store(home / "reader.json")
    holder.corrections.set_rule("Vladimir Putin", "PERSON")
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        await pilot.press("shift+down", "shift+up")  # select the first sentence
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LabelPicker)
        await pilot.press("home", "enter")  # PERSON
        await settle(app, pilot)
        assert refused(shown)
        assert isinstance(app.screen, ArticleScreen) and app.is_running
        assert view.selection is not None  # what the user selected stays selected
    holder.close()
    assert Store(home / "reader.json").corrections.rules() == {"Vladimir Putin": "PERSON"}


async def test_read_state_and_feed_sync_in_a_read_only_reader(make_app, home):
    holder = Store(home / "reader.json")
    holder.feeds.add("http://127.0.0.1:9/feed.xml", "A feed")
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("R")
        assert "Another reader is using the database: close it to sync." in shown
        await pilot.press("enter")  # opening an article would mark it read
        await settle(app, pilot)
        assert "Another reader is using the database: this one is read-only." in shown
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen) and app.is_running
    assert not any("Could not save" in m for m in shown)
    holder.close()
    after = Store(home / "reader.json")  # the first reader's data, as it left it
    assert after.articles.read_ids() == set() and [f["url"] for f in after.feeds.all()] == [
        "http://127.0.0.1:9/feed.xml"
    ]


async def test_a_file_arriving_in_a_read_only_reader_is_listed_without_a_complaint(make_app, home, seeds):
    holder = holder_with_a_highlight(home, seeds)
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        folder = app.services.paths.library_dir / "shell"
        folder.mkdir(parents=True)
        (folder / "story.md").write_text("---\ntitle: Written from the shell\n---\n\n" + "A paragraph. " * 20)
        for _ in range(50):  # up to 10 s
            await pilot.pause(0.2)
            if any(e.title == "Written from the shell" for e in app.screen.query_one("ArticleList").entries):
                break
        else:
            raise AssertionError("the file was never listed")
        assert not [m for m in shown if "not saved" in m.lower()], shown
    holder.close()
