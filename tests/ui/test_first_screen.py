"""The library's first screen as the user left it: kept at quit, shown at the next start
while the library is scanned, then replaced by the scanned list."""

import threading

from reader.services import Services, first_screen
from reader.ui.app import ReaderApp
from tests.conftest import SEED_000, SEED_003
from tests.ui.conftest import SIZE, notes, screen_text, settle

LEADER = "Leader says Belarus expects big shipment"  # SEED_003, the newest: first by date
PUTIN = "Putin and Lukashenko agree on supply"  # SEED_000


def status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


async def quit_once(home) -> None:
    app = ReaderApp(Services.build())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")


def slow_scan(services: Services) -> threading.Event:
    """The scan waits for the returned event: the first screen stays until it is set."""
    go = threading.Event()
    scan = services.scan

    def waiting():
        assert go.wait(30)
        return scan()

    services.scan = waiting
    return go


async def test_the_inbox_as_left_shows_while_the_library_is_scanned(home):
    await quit_once(home)
    services = Services.build()
    kept = first_screen.load(services)
    assert kept is not None and [e.id for e in kept.entries] == [SEED_003, SEED_000]
    services.store.articles.mark([SEED_000], "archive")  # since the last quit (a CLI command, say)
    go = slow_scan(services)
    app = ReaderApp(services, first_screen=kept)
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert LEADER in text and PUTIN not in text  # the archived one is left out at once
        assert status(app) == "Inbox · 1 article · scanning the library…"  # the count kept, less the archived one
        await pilot.press("A")  # every article of a list only partly there: it waits
        await pilot.pause()
        assert "still being scanned" in shown[-1]
        await pilot.press("enter")  # an article chosen now opens once the scan is done
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LibraryScreen"
        go.set()
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ArticleScreen" and LEADER in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert status(app).startswith("Inbox · 1 article · 0 unread")  # the scanned list, the one read now


async def test_the_first_frame_is_drawn_before_the_database_is_open(home):
    """With the first screen kept, the database opens behind it (off the UI, with the scan):
    the rows come with their marks as they were (read, starred), and the count."""
    app = ReaderApp(Services.build())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.services.store.articles.mark([SEED_000], "star")
        app.services.store.articles.mark_read(SEED_000)
        await pilot.press("q")
    services = Services.build()
    go = slow_scan(services)
    opened = []
    store_of = type(services).store

    def watched(self):
        if not self.store_open:  # this one opens it
            opened.append(threading.current_thread().name)
        return store_of.fget(self)

    type(services).store = property(watched)
    try:
        app = ReaderApp(services, first_screen=first_screen.load(services))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "MainThread" not in opened  # the UI never opens it: the scan's thread does
            assert status(app) == "Inbox · 2 articles · scanning the library…"
            rows = {line for line in screen_text(app).splitlines() if PUTIN in line or LEADER in line}
            putin = next(line for line in rows if PUTIN in line)
            assert "★" in putin  # its star, from the cache
            go.set()
            await settle(app, pilot)
            assert opened == ["library-scan"] and status(app).startswith("Inbox · 2 articles · 1 unread")
    finally:
        type(services).store = store_of


async def test_a_database_that_cannot_be_used_behind_the_first_screen_ends_the_app_with_why(home):
    await quit_once(home)
    services = Services.build()
    services.db_path.write_text("not a database at all")
    app = ReaderApp(services, first_screen=first_screen.load(services))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    from reader.core.store import StoreError

    assert isinstance(app.return_value, StoreError) and "reader.json" in str(app.return_value)


async def test_no_first_screen_for_another_library_or_a_damaged_file(home, library_dir, tmp_path):
    await quit_once(home)
    assert first_screen.load(Services.build()) is not None
    assert first_screen.load(Services.build([library_dir])) is None  # other folders: not theirs
    path = Services.build().paths.cache_dir / "first-screen.json"
    for damaged in ('{"version": 1', '{"version": 1, "key": 5}', "[]", "\x00\xff"):
        path.write_text(damaged, encoding="latin-1")
        assert first_screen.load(Services.build()) is None
    good = Services.build()
    first_screen.save(good, [], 110, [], lambda entry: ("", ""))
    data = path.read_text().replace(
        '"rows": []',
        '"rows": [["a.txt", "/x/a.txt", {"title": 5, "date": null, "url": null, "words": 1, "warnings": []}]]',
    )
    path.write_text(data)
    assert first_screen.load(Services.build()) is None  # a title that is not text is never drawn
    path.write_text(
        path.read_text()
        .replace('"title": 5', '"title": "A"')
        .replace('"marks": {}', '"marks": {"a.txt": {"state": 5}}')
    )
    assert first_screen.load(Services.build()) is None  # nor marks that do not read (the first frame would fail)


async def test_an_empty_library_says_where_articles_come_from(make_app, tmp_path):
    from tests.ui.conftest import screen_text, settle

    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app([empty])
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Inbox · 0 articles" in text and "`a` adds a feed, a site or an article" in text
        assert "`reader feed import`" in text


async def test_the_app_reads_every_highlight_before_its_screens_use_the_store(home):
    """A command parses the highlights when it first needs them; the app's start parses them
    in the scan's thread, before the scanned library reaches the screen, so that no key waits on it."""
    services = Services.build()
    services.store.highlights.add(SEED_000, "fp", "Some words of the article.", 0, 4)
    services.close()
    services = Services.build()
    services.scan_in_background().result(timeout=30)
    assert services.store.tables.storage._later is None  # read whole before the library was handed over
    assert len(services.store.highlights) == 1
    services.close()
    services = Services.build()
    assert services.store.tables.storage._later is not None  # a command's open: not read yet
    services.close()
