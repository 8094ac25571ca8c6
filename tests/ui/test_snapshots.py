"""SVG snapshots of the main screens at the sizes people's terminals have: 80x24, 120x35 and
200x50 (pytest --snapshot-update to accept a change, after looking at the report)."""

import pytest

from reader.services import Services
from reader.ui.app import ReaderApp
from tests.conftest import SEED_000, SEED_003
from tests.ui.conftest import wait_for_workers

SIZES = [(80, 24), (120, 35), (200, 50)]


@pytest.fixture
def app(home):
    return ReaderApp(Services.build())


async def settled(pilot):
    await pilot.pause()
    await wait_for_workers(pilot.app)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library_help(snap_compare, app, size):
    async def open_help(pilot):
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_screen_with_cursor_and_selection(snap_compare, app, size):
    async def open_and_select(pilot):
        await settled(pilot)
        await pilot.press("j", "enter")
        await settled(pilot)
        await pilot.press("j", "j", "j", "shift+down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_and_select)


def test_reader_help(snap_compare, app):
    async def open_help(pilot):
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 40), run_before=open_help)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_explore(snap_compare, app, size, recognizer):
    app.services.scan()
    for article_id in (SEED_000, SEED_003):
        app.services.entities.of(app.services.library.load(article_id))

    async def open_explore(pilot):
        await settled(pilot)
        await pilot.press("x")
        await settled(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_explore)
