"""Keys typed faster than screens open: every key reaches the widget the user meant, and
keys typed just before a save are part of what is saved. `burst` posts all the key events
at once, with no pause for a dialog to open (Pilot's `press` waits after each key)."""

from textual import events

from reader.ui.dialogs import NoteEditor, TagDialog
from tests.conftest import SEED_000
from tests.ui.conftest import settle
from tests.ui.test_article_screen import open_putin


def burst(app, *keys: str) -> None:
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_tags_typed_right_after_t_go_into_the_tag_field(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        burst(app, "h", "t", *"press", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, TagDialog)
        assert [list(h.tags) for h in app.services.store.highlights.of(SEED_000)] == [["press"]]


async def test_a_note_typed_then_saved_at_once_is_saved_whole(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        burst(app, "h", "n", *"Who said it?", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert [h.note for h in app.services.store.highlights.of(SEED_000)] == ["Who said it?"]


async def test_keys_after_closing_a_dialog_go_back_to_the_article(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        burst(app, "h", "t", *"x", "enter", "j", "j")
        await settle(app, pilot)
        assert view.cursor == 2
        assert [list(h.tags) for h in app.services.store.highlights.of(SEED_000)] == [["x"]]
