"""SVG snapshots of the main screens (pytest --snapshot-update to accept a change, after
looking at the report)."""

import pytest

from reader.services import Services
from reader.ui.app import ReaderApp
from tests.ui.conftest import SIZE, wait_for_workers


@pytest.fixture
def app(home):
    return ReaderApp(Services.build())


async def settled(pilot):
    await pilot.pause()
    await wait_for_workers(pilot.app)
    await pilot.pause()


def test_library_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


def test_reader_screen_with_cursor_and_selection(snap_compare, app):
    async def open_and_select(pilot):
        await settled(pilot)
        await pilot.press("j", "enter")
        await settled(pilot)
        await pilot.press("j", "j", "j", "shift+down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_and_select)


def test_reader_help(snap_compare, app):
    async def open_help(pilot):
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 40), run_before=open_help)
