import os
import shutil
from pathlib import Path

import pytest

from reader.core.paths import seeds_dir

REPO = Path(__file__).resolve().parent.parent
BBC = REPO.parent / "shared" / "corpora" / "bbc"
SEED_000 = "000_c4e3fa7496f1f1bc.txt"  # title, blank line, paragraphs; no metadata
SEED_003 = "003_9bd4bcee04c509db.txt"  # title, date, URL; one paragraph per line


@pytest.fixture(scope="session")
def bbc() -> Path:
    """The BBC corpus beside the repository: CI has it (and sets READER_NEED_CORPUS=1 so a
    missing corpus fails there); a user's clone does not, and these tests skip."""
    if not BBC.is_dir():
        message = f"needs the BBC corpus at {BBC} (CI has it; a clone of the repository alone does not)"
        if os.environ.get("READER_NEED_CORPUS"):
            pytest.fail(message)
        pytest.skip(message)
    return BBC


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A private READER_HOME: library folder, database and config all live here."""
    root = tmp_path / "home"
    root.mkdir(mode=0o700)  # as reader leaves its folder: no "made ... readable by you alone" notice
    root.chmod(0o700)  # whatever the umask
    monkeypatch.setenv("READER_HOME", str(root))
    return root


@pytest.fixture
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture
def library_dir(tmp_path, seeds) -> Path:
    """A library folder holding a copy of the two seeds."""
    folder = tmp_path / "lib"
    folder.mkdir()
    for path in seeds.iterdir():
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def recognizer():
    """The spaCy model, loaded once per test session (Recognizer.shared keeps it)."""
    from reader.core.entities import Recognizer

    return Recognizer.shared(None)


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs of its own, to fill up (root can mount one: CI runs as root). `fill()`
    takes every free byte; `free()` gives them back."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)]).returncode:
        pytest.skip("needs root to mount a small tmpfs (CI runs as root); an injected ENOSPC test covers the rest")

    class Disk:
        path = mount
        filler = mount / "filler"

        def fill(self) -> None:
            fd = os.open(self.filler, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            try:
                for size in (65536, 4096, 512, 64, 1):
                    try:
                        while os.write(fd, b"x" * size) > 0:
                            pass
                    except OSError:
                        pass
            finally:
                os.close(fd)

        def free(self) -> None:
            self.filler.unlink(missing_ok=True)

    yield Disk()
    subprocess.run(["umount", "-l", str(mount)])


@pytest.fixture(scope="session", autouse=True)
def _workers_stop_with_the_session():
    """Tests that read pages without an app or a CLI command share one pool: it goes at the end."""
    yield
    from reader.core.ingest.workers import close_shared

    close_shared()


@pytest.fixture
def freshrss(tmp_path):
    """A real FreshRSS on loopback (tests/feedserver.py), stopped after the test."""
    import shutil

    from tests.feedserver import SERVE, FreshRSS

    if not SERVE.exists():
        message = f"needs {SERVE} (CI has ../shared; a clone of the repository alone does not)"
        if os.environ.get("READER_NEED_CORPUS"):
            pytest.fail(message)
        pytest.skip(message)
    if shutil.which("php") is None:
        message = "needs PHP for FreshRSS (apt-get install php-cli php-sqlite3 php-xml php-mbstring php-curl php-intl php-zip)"
        if os.environ.get("READER_NEED_CORPUS"):  # CI installs it (.ci/run): there it must run
            pytest.fail(message)
        pytest.skip(message)
    with FreshRSS(tmp_path / "freshrss") as server:
        yield server
