"""Rules in the app: the Rules screen from the feeds (`l`) lists, adds, applies (asking with the
count, `u` takes it back) and removes rules; the views drawer makes a rule of the filter on
screen; and a sync in the app runs the rules on what arrives, its summary saying what they did."""

from reader.ui.screens.feeds import FeedsScreen
from reader.ui.screens.rules import RulesScreen
from tests.loopback import Loopback
from tests.ui.conftest import SIZE, notes, screen_text, settle, until
from tests.webpages import article, page, rss


async def type_rule(app, pilot, query: str, action: str) -> None:
    await pilot.pause()
    query_box, action_box = app.screen.query("Input")
    query_box.value = query
    await pilot.press("enter")  # to the action
    action_box.value = action
    await pilot.press("enter")
    await settle(app, pilot)


async def test_the_rules_screen_adds_applies_undoes_and_removes(make_app):
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("F")
        await settle(app, pilot)
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, RulesScreen) and "No rules yet: `a` adds one." in screen_text(app)
        await pilot.press("a")
        await type_rule(app, pilot, "is:done", "later")
        assert any(note.startswith("Not kept:") and "is:done" in note for note in shown)
        await pilot.press("a")
        await type_rule(app, pilot, "belarus", "later")
        assert any(note.startswith("Rule 1: belarus → later") for note in shown)
        text = screen_text(app)
        assert "1 rule, run in order on each new article" in text and "belarus" in text and "0 times" in text

        await pilot.press("p")  # apply: asks with the count first
        await pilot.pause()
        assert "Apply rule 1 (belarus → later) to 2 articles now?" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        states = app.services.store.articles.states()
        assert len(states) == 2 and {s.state for s in states.values()} == {"later"}
        assert "2 times" in screen_text(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert not app.services.store.articles.states()  # back in the inbox

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.services.store.rules.all() == [] and "No rules yet" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)


async def test_a_rule_made_of_the_filter_on_screen_acts_on_what_a_sync_brings(make_app, home):
    with Loopback() as server:
        pages = {}
        for slug in ("rates-hold", "marathon"):
            pages[slug] = server.add(f"/news/{slug}", page(article(slug), server.url(f"/news/{slug}")))
        items = [{"title": article(s)["title"], "link": url, "guid": s} for s, url in pages.items()]
        server.add("/feed.xml", rss("Loop News", server.url("/"), items[:1]), content_type="application/rss+xml")
        app = make_app()
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            app.services.store.feeds.add(server.url("/feed.xml"), "Loop News")
            await pilot.press("slash", *"marathon", "enter")
            await pilot.press("v")
            await settle(app, pilot)
            await pilot.press("r")  # make a rule of this filter
            await pilot.pause()
            app.screen.query("Input")[1].value = "tag:sport"
            await pilot.press("enter")
            await settle(app, pilot)
            assert any(note.startswith("Rule 1: (in:inbox) marathon → tag:sport") for note in shown)  # the view too
            app.services.store.rules.add("interest", "skip")  # and one that skips the rates story
            server.add("/feed.xml", rss("Loop News", server.url("/"), items), content_type="application/rss+xml")
            await pilot.press("R")
            await until(pilot, lambda: any(note.startswith("Synced 1 feed") for note in shown), tries=100)
            said = next(note for note in shown if note.startswith("Synced 1 feed"))
            assert "2 new articles; rules: skipped 1, tagged 1" in said
            tagged = [a for a, s in app.services.store.articles.states().items() if s.tags == ("sport",)]
            assert len(tagged) == 1 and "harbour" in tagged[0]
            await pilot.press("escape")  # the filter off: the whole Inbox
            await settle(app, pilot)
            text = screen_text(app)
            assert "Record field for the harbour marathon" in text and "Central bank holds" not in text
            assert not any("interest-rates" in e.id for e in app.workspace.library.entries)


async def test_a_feeds_own_settings_from_the_feeds_screen(make_app):
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.services.store.feeds.add("http://127.0.0.1:9/feed.xml", "Desk 2")
        await pilot.press("F")
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        content, selector, every, keep = app.screen.query("Input")
        assert content.value == "page" and selector.value == ""
        content.value, selector.value, every.value, keep.value = "feed", "div[", "15", "90"
        await pilot.press("enter", "enter", "enter", "enter")
        await settle(app, pilot)
        assert any("Not changed:" in note and "'div[' is not a CSS selector" in note for note in shown)
        assert not app.services.store.feeds.all()[0].get("every")  # nothing changed
        await pilot.press("e")
        await pilot.pause()
        content, selector, every, keep = app.screen.query("Input")
        content.value, selector.value, every.value, keep.value = "feed", "article.story", "15", "90"
        await pilot.press("enter", "enter", "enter", "enter")
        await settle(app, pilot)
        feed = app.services.store.feeds.all()[0]
        assert (feed["content"], feed["selector"], feed["every"], feed["keep_read"]) == (
            "feed",
            "article.story",
            15,
            90,
        )
        assert any(note.startswith("Desk 2: its feed's own text; the article is article.story") for note in shown)
