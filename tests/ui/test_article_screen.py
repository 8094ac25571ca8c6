from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_view import ArticleView
from tests.conftest import SEED_000, SEED_003
from tests.ui.conftest import SIZE, notes, screen_text, settle


async def open_putin(app, pilot) -> ArticleView:
    """From the library, open the second row: the undated Putin article."""
    await settle(app, pilot)
    await pilot.press("j", "enter")
    await settle(app, pilot)
    assert app.screen.article_id == SEED_000
    return app.screen.query_one(ArticleView)


def cursor_text(view: ArticleView) -> str:
    start, end = view.cursor_span
    return view.article.body[start:end]


def cursor_lines(app) -> list[str]:
    """Screen lines that carry the cursor mark in the gutter."""
    return [line for line in screen_text(app).splitlines() if "▌ " in line]


async def test_header_and_first_sentence_under_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        text = screen_text(app)
        assert "Putin and Lukashenko agree on supply of modern military equipment to Belarus" in text
        assert "460 words · 2 min read" in text
        marked = cursor_lines(app)
        assert marked and "According to Interfax" in marked[0]
        assert cursor_text(view).startswith("According to Interfax")


async def test_sentence_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("j")
        assert (
            cursor_text(view)
            == "This was announced by the press secretary of Lukashenko, quoted by the state agency BelTA."
        )
        assert "This was announced" in " ".join(cursor_lines(app))
        await pilot.press("down", "down")
        assert cursor_text(view).startswith("Army Recognition Global Defense")
        await pilot.press("k", "up")
        assert cursor_text(view).startswith("This was announced")


async def test_paragraph_and_edge_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("right_curly_bracket")
        assert cursor_text(view) == "Army Recognition Global Defense and Security news"
        await pilot.press("right_curly_bracket")
        assert cursor_text(view).startswith('"During the conversation')
        await pilot.press("j", "left_curly_bracket")  # back to the start of this paragraph
        assert cursor_text(view).startswith('"During the conversation')
        await pilot.press("left_curly_bracket")
        assert cursor_text(view) == "Army Recognition Global Defense and Security news"
        await pilot.press("G")
        assert cursor_text(view) == "Belarussian T-72B3 Main Battle Tank (Picture source: Belarus MoD)"
        assert "Belarussian T-72B3" in " ".join(cursor_lines(app))
        assert view.scroll_y > 0
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_y == 0


async def test_page_keys_move_by_a_screen(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("space")
        assert view.scroll_y > 10
        marked = cursor_lines(app)
        assert marked, "the cursor stays on screen"
        first_line = view.lines_of(*view.cursor_span)[0]
        assert view.scroll_y <= first_line < view.scroll_y + view.scrollable_content_region.height
        await pilot.press("b")
        assert view.scroll_y == 0
        await pilot.press("pagedown", "pageup")
        assert view.scroll_y == 0


async def test_selection_extends_and_escape_clears_then_goes_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("shift+down", "shift+down")
        assert view.selected_text.startswith("According to Interfax")
        assert view.selected_text.endswith("Follow Army Recognition on Google News at this link")
        await pilot.press("shift+up")
        assert view.selected_text.endswith("state agency BelTA.")
        await pilot.press("escape")
        assert view.selection is None and isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_find_next_previous_and_f_after_closing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("slash", *"wall street")
        text = screen_text(app)
        assert "1/1" in text
        assert "The Wall Street Journal reported" in cursor_text(view)
        await pilot.press(*["backspace"] * len("wall street"), *"belarus")
        total = view.article.body.lower().count("belarus")
        assert f"1/{total}" in screen_text(app)
        await pilot.press("enter", "enter")
        assert f"3/{total}" in screen_text(app)
        await pilot.press("up")
        assert f"2/{total}" in screen_text(app)
        assert view.current_match == 1
        start, _ = view.matches[1]
        assert view.cursor_span[0] <= start < view.cursor_span[1]
        await pilot.press("escape")  # closes the find bar, keeps the matches
        assert "Find:" not in screen_text(app)
        await pilot.press("f", "f", "F")
        assert view.current_match == 2
        await pilot.press("escape")  # clears the matches
        assert view.matches == [] and isinstance(app.screen, ArticleScreen)


async def test_find_with_no_match_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("slash", *"zebra")
        assert "no match" in screen_text(app)
        assert view.cursor == 0


async def test_next_and_previous_article(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.article_id == SEED_003
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert app.screen.article_id == SEED_000
        assert "Putin and Lukashenko agree" in screen_text(app)
        await pilot.press("right_square_bracket")  # no more: stays
        await settle(app, pilot)
        assert app.screen.article_id == SEED_000
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.screen.article_id == SEED_003
        assert "Leader says Belarus expects" in screen_text(app)
    assert app.services.store.articles.read_ids() == {SEED_000, SEED_003}


async def test_resize_rewraps_and_keeps_the_cursor_in_view(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press(*"jjjjjjj")
        sentence = cursor_text(view)
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        await pilot.pause()
        assert view.cursor_span and cursor_text(view) == sentence
        assert all(len(view.article.body[line.start : line.end].rstrip()) <= 50 for line in view.lines)
        first, last = view.lines_of(*view.cursor_span)
        top = round(view.scroll_y)
        assert top <= first < top + view.scrollable_content_region.height
        assert cursor_lines(app)


async def test_help_in_the_reader_lists_reader_keys(make_app):
    app = make_app()
    async with app.run_test(size=(110, 48)) as pilot:
        await open_putin(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for label in (
            "Next sentence",
            "Previous sentence",
            "Next paragraph",
            "Page down",
            "Top",
            "Bottom",
            "Select more",
            "Find",
            "Next article",
            "Back",
        ):
            assert label in text, label


async def test_article_text_is_never_markup_or_escapes(make_app, tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        "[bold red]Not markup[/] \x1b[2J title\n\nBody [link=x]text[/link] \x1b]0;t\x07end.\n"
    )
    app = make_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "[bold red]Not markup[/]  title" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Body [link=x]text[/link] end." in text
        assert "\x1b" not in text


async def test_a_file_that_disappears_gives_a_message_not_a_crash(make_app, library_dir):
    app = make_app([library_dir])
    shown = []
    notify = app.notify
    app.notify = lambda message, **kw: (shown.append((message, kw.get("severity"))), notify(message, **kw))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        (library_dir / SEED_003).unlink()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert shown == [(f"Cannot open {SEED_003}: cannot read: No such file or directory", "error")]


async def test_markdown_blocks_render_readably(make_app, tmp_path):
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "story.md").write_text(
        "---\ntitle: A Markdown story\nurl: https://example.org/x\n---\n\n## Section\n\n"
        "- first item\n- second item\n\n> Quoted words.\n\n```\ncode line\n```\n"
    )
    app = make_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "A Markdown story" in text and "example.org" in text
        for shown in ("Section", "• first item", "• second item", "│ Quoted words.", "code line"):
            assert shown in text, shown
        view = app.screen.query_one(ArticleView)
        await pilot.press("G")
        assert cursor_text(view) == "code line"


async def test_a_100000_word_article_opens_and_reaches_its_end(make_app, tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    paragraph = " ".join(f"Sentence number {i} is here." for i in range(20))
    (folder / "big.txt").write_text("Big\n\n" + "\n\n".join(f"{paragraph} Para {n}." for n in range(1000)) + "\n")
    app = make_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article.words >= 100_000
        await pilot.press("G")
        assert cursor_text(view) == "Para 999."
        assert "Para 999." in " ".join(cursor_lines(app))
        await pilot.press("space")  # at the bottom already: stays on the last sentence
        assert cursor_text(view) == "Para 999."
        await pilot.press("g")
        assert view.cursor == 0 and "Sentence number 0 is here." in screen_text(app)


async def test_theme_change_is_saved_to_the_config(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in (home / "config.toml").read_text()
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert again.theme == "nord"


async def test_a_full_disk_is_reported_and_nothing_said_saved_is_lost(make_app, home, monkeypatch):
    import os

    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")

    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.services.store  # opened (it is written with its first change)
        monkeypatch.setattr(os, "fsync", full)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)  # still reading
        db = home / "reader.json"
        assert f"Could not save the read state: the disk is full ({db})" in shown
        assert not app.services.store.articles.is_read(SEED_000)  # refused, and said so: the store is as it was
        monkeypatch.setattr(os, "fsync", real_fsync)
        await pilot.press("right_square_bracket")  # leaving saves the place (and so the read mark): it saves now
        await settle(app, pilot)
    from reader.core.store import Store

    assert Store(db).articles.read_ids() == {SEED_000, SEED_003}
