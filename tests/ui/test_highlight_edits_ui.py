"""Keys change only what the user asked: `t` adds tags, `h` never nests a duplicate, keys
act on the highlight the user sees, undo stays in its article and redo goes forward."""

from reader.core.library import fingerprint
from reader.ui.dialogs import NoteEditor, TagDialog
from reader.ui.widgets.annotations_panel import AnnotationsPanel
from tests.conftest import SEED_000, SEED_003
from tests.ui.conftest import notes, screen_text, settle
from tests.ui.test_article_screen import open_putin


def tags_by_quote(app):
    return {h.exact[:20]: list(h.tags) for h in app.services.store.highlights.all()}


async def test_t_adds_to_the_tags_there_and_completion_finishes_the_word(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("G", "h", "t")  # a tag to complete from
        await pilot.pause()
        await pilot.press(*"weapons", "enter")
        await pilot.press("g", "h", "t")
        await pilot.pause()
        await pilot.press(*"belarus, military aid", "enter")
        await pilot.pause()
        await pilot.press("t")  # the reported case: wea → enter replaced both tags
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*"wea")
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
        first = app.services.store.highlights.of(SEED_000)[0]
        assert list(first.tags) == ["belarus", "military-aid", "weapons"]
        assert "#belarus #military-aid #weapons" in screen_text(app)


async def test_note_editor_opens_at_the_end_of_the_note(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h", "n")
        await pilot.pause()
        await pilot.press(*"First thought.", "ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*" Second.", "ctrl+s")
        await pilot.pause()
        assert app.services.store.highlights.all()[0].note == "First thought. Second."


async def test_h_twice_makes_one_highlight_and_c_acts_on_the_one_you_see(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        said = notes(app)
        await pilot.press("J", "h", "h")  # two sentences, then h again on the second
        await pilot.pause()
        assert len(app.services.store.highlights.all()) == 1
        assert any("Already highlighted" in m for m in said)
        # a nested highlight (as an import can bring): c changes the inner one, under the cursor
        article = view.article
        start, end = view.cursor_span
        store = app.services.store
        outer = store.highlights.all()[0]
        inner = store.highlights.add(article.id, fingerprint(article.body), article.body, start + 5, end)
        app.screen.highlights.show()  # the screen's highlights, drawn again
        await pilot.press("c")
        await pilot.pause()
        assert store.highlights.get(inner.id).color == "green" and store.highlights.get(outer.id).color == "yellow"


async def test_undo_stays_in_this_article_redo_goes_forward_and_the_order_is_kept(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # the first article (SEED_003)
        await settle(app, pilot)
        first = app.screen.article_id
        await pilot.press("h", "c")  # highlight, then green
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        second = app.screen.article_id
        assert second != first
        await pilot.press("h")
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.screen.article_id == first
        store = app.services.store
        said = notes(app)
        await pilot.press("u")  # undoes the colour here, not the highlight made over there
        await pilot.pause()
        assert app.screen.article_id == first and any(m.startswith("Undid the change to the colour of “") for m in said)
        assert [h.color for h in store.highlights.of(first)] == ["yellow"]
        assert len(store.highlights.of(second)) == 1
        await pilot.press("U")
        await pilot.pause()
        assert [h.color for h in store.highlights.of(first)] == ["green"]
        await pilot.press("u", "u", "u")  # past the first change: says so, changes nothing more
        await pilot.pause()
        assert store.highlights.of(first) == [] and len(store.highlights.of(second)) == 1
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(store.highlights.of(first)) == 1
        await pilot.press("right_square_bracket")  # the library's order still holds
        await settle(app, pilot)
        assert app.screen.article_id == second


async def test_a_changed_passage_is_accepted_from_the_annotations_panel(make_app, library_dir):
    app = make_app([library_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("j", "h")
    path = library_dir / SEED_000
    path.write_text(path.read_text().replace("press secretary", "spokesman"))
    app = make_app([library_dir])
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        [moved] = app.services.store.highlights.all()
        assert moved.status == "fuzzy" and "press secretary" in moved.exact  # the user's quote is kept
        assert view.article.body[moved.start : moved.end].endswith("quoted by the state agency BelTA.")
        await pilot.press("A")
        await pilot.pause()
        panel = app.screen.query_one(AnnotationsPanel)
        assert "~ moved" in screen_text(app) and "a Accept new text" in screen_text(app)
        panel.highlighted = 0
        await pilot.press("a")
        await pilot.pause()
        [accepted] = app.services.store.highlights.all()
        assert accepted.status == "exact" and "spokesman" in accepted.exact and accepted.id == moved.id
    assert SEED_003  # both seeds are in the library


async def test_the_tag_dialog_shows_tags_as_they_will_be_saved(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("h", "t")
        await pilot.pause()
        await pilot.press(*"EU politics, C++, 1984")
        await pilot.pause()
        assert "saved as: #EU-politics #C #y1984" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.services.store.highlights.all()[0].tags == ("EU-politics", "C", "y1984")
