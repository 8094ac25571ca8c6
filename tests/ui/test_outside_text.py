"""Text from outside is shown as it is, never read as markup and never as terminal codes: a
feed, a page, an import or the shell that puts `[/]`, `[b]`, `[@click=app.quit]` or escape
sequences in a title, a folder, a tag, a note, a view's name or a message crashes nothing,
runs nothing and shows those characters as they are, on every screen."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.store import Store
from reader.services import Services
from reader.ui.app import ReaderApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.feeds import FeedsScreen
from tests.ui.conftest import SIZE, notes, screen_text, settle

MARKUP = "[/] [b]bold [@click=app.quit]x[/] [$accent]y \\[z] [red"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x07\x08"
EVIL = f"{MARKUP} {ESCAPES}"
SHOWN = ("[/]", "[@click=app.quit]x[/]", "[$accent]y")  # the markup as it must show


def article_file(folder, name: str, title: str, text: str) -> None:
    """An article as a sync saves one: front matter naming its feed, then the text."""
    meta = {
        "title": title,
        "url": "https://example.org/story",
        "author": title,
        "site": title,
        "feed": title,
        "feed_url": "https://example.org/feed.xml",
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    body = f"Wendy Fisher met the board of [Acme] Corp in London on Monday. {text}\n\nA second paragraph."
    (folder / name).write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def outside_everywhere(home, text: str) -> None:
    """`text` in every field that reaches the screen: the article's title, author, site and
    feed; the feed's title, folder and last error; a view's name; the article's tags and note;
    a highlight's tags and note."""
    library = home / "library"
    library.mkdir(exist_ok=True)
    article_file(library, "evil.md", text, text)
    store = Store(home / "reader.json")
    store.feeds.add("https://example.org/feed.xml", text or "x")
    store.feeds.update("https://example.org/feed.xml", folder=text, last_error=text, title=text or "x")
    store.articles.save_view(f"v {text}", "is:unread")
    store.close()


def evil_app(run_request=None) -> ReaderApp:
    return ReaderApp(Services.build(None), run_request=run_request)


async def drive_every_screen(app, pilot) -> list[str]:
    """Every screen, as a user would reach it; the text of each as shown."""
    seen = []

    async def look(*keys: str) -> None:
        await pilot.press(*keys)
        await settle(app, pilot)
        assert app.is_running
        seen.append(screen_text(app))

    await settle(app, pilot)
    seen.append(screen_text(app))
    await look("v")  # the views drawer
    await look("escape", "F")  # the feeds
    assert isinstance(app.screen, FeedsScreen)
    await look("r")  # rename: the dialog quotes the feed
    await look("escape", "d")  # unfollow? quotes it too
    await look("n", "escape")
    await look("/", *"evil", "enter")
    await look("enter")  # the article
    assert isinstance(app.screen, ArticleScreen)
    await look("h", "t")  # a highlight; its tags dialog quotes the sentence
    await look(*"[/],[b]", "enter")
    await look("n")
    await look(*"[@click=app.quit]x[/]", "ctrl+s")
    await look("?")
    await look("escape", "escape", "N")  # the notebook
    await look("escape", "ctrl+p", *"bold")  # the palette, on an article's title
    await pilot.pause(0.3)
    seen.append(screen_text(app))
    await look("escape")
    return seen


async def test_markup_and_escapes_from_outside_show_as_they_are_on_every_screen(home):
    outside_everywhere(home, EVIL)
    told = {"code": 0, "out": f"Tagged {EVIL}", "err": ""}
    app = evil_app(run_request=lambda services, request: told)
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        seen = await drive_every_screen(app, pilot)
        await app.handoff.answer({"do": "run", "argv": ["tag"]})  # a shell request's answer, as a toast
        await settle(app, pilot)
        app.notify(f"Saved {EVIL}", title=EVIL)  # an error or a notice quoting outside text
        await settle(app, pilot)
        seen.append(screen_text(app))
        assert app.is_running
    assert any("Tagged [/] [b]bold" in note for note in shown)
    everything = "\n".join(seen)
    for literal in SHOWN:
        assert literal in everything
    assert "\x1b" not in everything and "\x07" not in everything
    for screen in seen[:3]:  # the library, the views and the feeds name the feed as it is
        assert "[/] [b]bold" in screen, screen
    store = Store(home / "reader.json", read_only=True)
    (highlight,) = store.highlights.all()
    assert highlight.tags == ("b",) and highlight.note == "[@click=app.quit]x[/]"  # tags are words


# Random text of markup's characters, control characters and letters, in every field
OUTSIDE = st.text(
    alphabet=st.sampled_from(list("[]/@=$\\#:;'\"()") + list(string.ascii_letters[:8]) + ["\x1b", "\x07", "\n", " "]),
    min_size=1,
    max_size=40,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=OUTSIDE)
async def test_any_text_from_outside_is_shown_and_never_crashes(tmp_path_factory, monkeypatch, text):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("READER_HOME", str(home))
    outside_everywhere(home, text)
    app = evil_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for keys in (("v",), ("escape", "F"), ("escape",), ("ctrl+p", *"a"), ("escape",)):
            await pilot.press(*keys)
            await settle(app, pilot)
            assert app.is_running
            assert "\x1b" not in screen_text(app)
        app.notify(text, title=text)
        await settle(app, pilot)
        assert app.is_running
