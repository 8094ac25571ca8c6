"""The library at the sizes people's terminals have: 80x24 keeps Date over Words and shows
`q` and `?` in the footer; a long title ends in an ellipsis; at 200 columns a long site
name is not cut; search says how many it found beyond those it lists; `q` from an article
opened from search goes to the library."""

from reader.ui.screens.library import LibraryScreen
from tests.ui.conftest import screen_text, settle

PUTIN = "Putin and Lukashenko agree on supply of modern military equipment to Belarus"


def header(app) -> str:
    return str(app.screen.query_one("#list-header").render())


async def test_at_80_by_24_the_date_stays_words_go_and_the_footer_shows_quit_and_help(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Date" in header(app) and "Words" not in header(app)
        lines = screen_text(app).splitlines()
        assert "q Quit" in lines[-1] and "? Help" in lines[-1]
        row = next(line for line in lines if "Putin and Lukashenko" in line)
        assert row.rstrip().endswith("…") and PUTIN not in row  # cut, and said to be


async def test_in_a_narrow_footer_a_key_is_shown_whole_or_not_at_all(make_app):
    app = make_app()
    async with app.run_test(size=(200, 24)) as pilot:
        await settle(app, pilot)
        whole = screen_text(app).splitlines()[-1].rstrip()
    app = make_app()
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        shown = footer.rstrip()
        assert len(footer) <= 50 and len(shown) > 20 and len(whole) > 60
        assert shown.startswith(" q Quit  ? Help  ")  # too narrow for every key: the way out and help first
        rest = [k.strip() for k in whole.split("  ") if k.strip() not in ("q Quit", "? Help", "")]
        after = [k.strip() for k in shown.split("  ")[2:]]
        assert after == rest[: len(after)]  # then the others in order, each whole
        await pilot.click("KeyFooter", offset=(footer.index("/ Filter") + 1, 0))  # and a click presses one
        await pilot.pause()
        assert app.focused is app.screen.query_one("#filter")


async def test_at_200_columns_a_long_site_name_is_shown_whole(make_app, library_dir):
    site = "The Daily Ledger of Faraway Places"
    (library_dir / "ledger.md").write_text(
        f"---\ntitle: A short one\nsite: {site}\ndate: 2024-05-01\n---\n\nSome text here.\n"
    )
    app = make_app([library_dir])
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(app, pilot)
        row = next(line for line in screen_text(app).splitlines() if "A short one" in line)
        assert site in row and "Words" in header(app)
        assert PUTIN in screen_text(app)  # and the long title whole


async def test_search_says_50_of_how_many_and_q_from_its_article_goes_to_the_library(make_app, tmp_path):
    from reader.ui.screens.article import ArticleScreen
    from reader.ui.screens.search import SearchScreen

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(83):
        (folder / f"{n:02d}.txt").write_text(f"Report number {n}\n\nThe harbour froze over in report {n}.\n")
    app = make_app([folder])
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press(*"harbour")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert "50 of 83 results for harbour" in screen_text(app)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen) and not any(isinstance(s, SearchScreen) for s in app.screen_stack)


async def test_the_feed_and_its_folder_are_columns_at_80_and_120(make_app, home, capsys):
    """A feed's articles show its title now and its folders, not the storage folder (the host)."""
    import json

    from reader.cli import main
    from reader.core.store import Store

    store = Store(home / "reader.json")
    feed = "http://127.0.0.2:41909/world.xml"
    store.feeds.add(feed, "Wire World")
    store.feeds.move(feed, "World & Politics")
    store.close()
    folder = home / "library" / "127.0.0.2"
    folder.mkdir(parents=True)
    (folder / "talks.md").write_text(
        f"---\ntitle: Talks resume in Geneva\nurl: http://127.0.0.2:41909/talks\nfeed: Old Name\nfeed_url: {feed}\n"
        "date: 2024-05-02\n---\n\nDiplomats met again on Tuesday.\n"
    )
    for width in (80, 120):
        app = make_app()
        async with app.run_test(size=(width, 30)) as pilot:
            await settle(app, pilot)
            row = next(line for line in screen_text(app).splitlines() if "Talks resume" in line)
            before_title = row.split("Talks resume")[0]
            assert "Wire World" in before_title and "Feed" in header(app)  # the feed as it is called now
            assert "127.0.0.2 " not in before_title  # never the storage folder for a feed's article
            if width == 120:
                assert "World & Politics" in before_title and "Folder" in header(app)
    capsys.readouterr()
    assert main(["list", "--json", "--query", 'feed:"Wire World"']) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["feed"], row["feed_title"], row["feed_folders"]) == ("Old Name", "Wire World", ["World & Politics"])


async def test_the_readers_footer_keeps_q_and_help_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "q Library" in footer and "? Help" in footer and len(footer.rstrip()) <= 80
        await pilot.click("KeyFooter", offset=(footer.index("q Library") + 1, 0))  # where it is drawn, it presses
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LibraryScreen"
