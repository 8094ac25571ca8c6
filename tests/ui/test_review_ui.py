"""The Review screen (`r` in the library): a whole day's review with the keys, the passage
opened and come back from, tags and a note edited in place, the end of the day said."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from reader.core.store import Store
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.review import ReviewScreen
from tests.cli.test_export_cli import annotate
from tests.ui.conftest import SIZE, notes, run_command, screen_text, settle


async def test_a_whole_review_with_the_keys(make_app, home):
    made = annotate(home)  # three highlights; the newest comes first
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "3 highlights left" in text and "Instead, they invaded Ukraine on Feb. 24." in text
        assert "Putin and Lukashenko" in text and "#timeline" in text and "new: never reviewed" in text
        assert "Streak 0 days" in text

        await pilot.press("o")  # the passage in its article
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and "3 highlights left" in screen_text(app)

        await pilot.press("t")  # tags, in place
        await pilot.pause()
        app.screen.query_one(Input).value = "timeline, war"
        await pilot.press("enter")
        await pilot.pause()
        assert "#timeline #war" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(TextArea).text = "Check the date."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "✎ Check the date." in screen_text(app)

        await pilot.press("4")  # easy
        await pilot.pause()
        text = screen_text(app)
        assert "2 highlights left" in text and "Moscow has granted Belarus" in text
        assert "Streak 1 day" in text
        await pilot.press("enter")  # good
        await pilot.press("x")  # never again
        await pilot.pause()
        assert "Done for today: 2 reviewed; tomorrow: 0" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    store = Store(home / "reader.json", read_only=True)
    reviews = store.reviews.all()
    assert reviews[made[2].id].reps == 1 and reviews[made[1].id].reps == 1 and reviews[made[0].id].suspended
    assert store.highlights.get(made[2].id).tags == ("timeline", "war")
    assert store.highlights.get(made[2].id).note == "Check the date."
    assert sum(store.reviews.days().values()) == 2


async def test_the_list_on_screen_is_reviewed_from_the_palette(make_app, home):
    annotate(home)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"Leader", "enter")  # one article of the two
        await settle(app, pilot)
        await run_command(app, pilot, "Review the list on screen")
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "Review · Inbox · 2 highlights left" in text and "Lukashenko said Wednesday" not in text
        assert "Moscow has granted Belarus" in text


async def test_a_read_only_reader_reviews_but_says_the_grade_was_not_saved(make_app, home):
    annotate(home)
    holder = Store(home / "reader.json")
    app = make_app()
    shown = notes(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("r")
            await settle(app, pilot)
            await pilot.press("3")
            await pilot.pause()
            assert "3 highlights left" in screen_text(app)  # still the first: nothing moved on
            assert shown[-1].startswith("Grade not saved") and "in use by another reader" in shown[-1]
    finally:
        holder.close()
    assert Store(home / "reader.json", read_only=True).reviews.all() == {}


async def test_a_grade_given_in_the_shell_takes_its_highlight_out_of_the_open_review(home):
    from reader.cli.handoff import run_request
    from reader.services import Services
    from reader.ui.app import ReaderApp

    annotate(home)
    app = ReaderApp(Services.build(None), run_request=run_request)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert "3 highlights left" in screen_text(app) and "Instead, they invaded Ukraine" in screen_text(app)
        shown, second = app.screen.current.highlight, app.screen.day.items[1].highlight
        for graded in (second, shown):  # one further down, then the one on screen
            answered = await app.handoff.answer({"do": "run", "argv": ["review", "grade", graded.id, "good"]})
            assert answered["code"] == 0, answered
            await settle(app, pilot)
        text = screen_text(app)
        assert "1 highlight left" in text and "Instead, they invaded Ukraine" not in text
        assert "Streak 1 day" in text  # the shell's grades count
