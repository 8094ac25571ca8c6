"""The model in a process of its own: the same entities as in the caller's process, plain
spans back, and no process left behind when the reader stops or is killed."""

import os
import signal
import subprocess
import sys
import time

import pytest

from reader.core.entities import Entities, ModelUnavailable, code_ranges
from reader.core.entities.process import EntityProcess
from reader.core.library import load_article
from tests.conftest import SEED_003


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


@pytest.fixture(scope="module")
def process():
    """One child for the module (it loads the model: a second or two)."""
    child = EntityProcess(None)
    yield child
    child.close()


def test_the_child_finds_what_the_model_finds_here(process, recognizer, seeds, tmp_path):
    article = load_article(seeds / SEED_003, SEED_003)
    assert process.find(article.body, code_ranges(article)) == recognizer.spans(article.body, code_ranges(article))
    app_side = Entities(tmp_path / "cache", None, separate_process=True)
    app_side.process.close()  # the program-wide child, not this module's: started again on demand
    found = app_side.of(article)
    assert found == recognizer.spans(article.body, code_ranges(article))
    assert app_side.cache.get(article.fingerprint) == found  # written here, by the parent


def test_closing_stops_the_child_and_it_starts_again_when_needed(process):
    process.key()
    pid = process.pid
    process.close()
    assert wait_until(lambda: not alive(pid), 3)
    assert process.find("Angela Merkel spoke in Berlin.", []) != []
    assert process.pid != pid


def test_a_missing_model_is_reported_from_the_child():
    child = EntityProcess("no_such_model_xyz")
    with pytest.raises(ModelUnavailable, match="no_such_model_xyz.*cannot be loaded"):
        child.find("Angela Merkel spoke in Berlin.", [])
    assert not child.running


def test_the_child_exits_when_the_reader_is_killed(tmp_path):
    """kill -9 of the parent: nothing closes the child's pipe for it, so it notices by
    itself that its parent is gone (even in the middle of a long article)."""
    script = (
        "import sys, time\n"
        "from reader.core.entities.process import EntityProcess\n"
        "child = EntityProcess(None)\n"
        "child._start()\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(parent.stdout.readline())
        assert alive(pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(5)
        assert wait_until(lambda: not alive(pid), 5), "the entity process outlived the reader"
    finally:
        parent.kill()
