import pytest

from reader.services import Services
from reader.ui.app import ReaderApp

SIZE = (110, 32)


@pytest.fixture
def make_app(home):
    def factory(libraries=None) -> ReaderApp:
        return ReaderApp(Services.build(libraries))

    return factory


def finite_workers(app) -> list:
    """The app's workers but the library's watcher, which runs as long as the app does."""
    return [worker for worker in app.workers if worker.group != "watch"]


async def wait_for_workers(app) -> None:
    """Until the app's workers but the watcher are done (Textual waits for every worker,
    the watcher too, when given none)."""
    for _ in range(20):  # a worker may start another (a sync, then the entities of what it brought)
        workers = [worker for worker in finite_workers(app) if not worker.is_finished]
        if not workers:
            return
        await app.workers.wait_for_complete(workers)


async def settle(app, pilot) -> None:
    """Let workers (library scan, article loading) finish and the screen update."""
    await pilot.pause()
    await wait_for_workers(app)
    await pilot.pause()


async def until(pilot, happened, tries: int = 100) -> None:
    """Pause until `happened()` (work in the background: a fetch, a file read off the loop),
    at most `tries` times 50 ms; the caller asserts what it waited for."""
    for _ in range(tries):
        if happened():
            return
        await pilot.pause(0.05)


async def run_command(app, pilot, words: str) -> None:
    """Open the command palette, type `words`, take the first command it offers."""
    await pilot.press("ctrl+p", *words)
    await pilot.pause(0.3)  # the palette searches in the background
    await pilot.press("enter")
    await settle(app, pilot)


def screen_text(app) -> str:
    """The terminal's text as the user sees it (the screen's composited lines)."""
    # Textual has no public 'screen as text'; the compositor's strips are exactly what the
    # driver writes, so this is the honest source for 'what is on screen'.
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notes(app) -> list[str]:
    """Every notification the app shows, as it shows it."""
    shown: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: (shown.append(str(message)), notify(message, **kw))
    return shown
