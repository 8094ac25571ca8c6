"""Nothing of yours is readable by others: reader's folders are the user's alone (0700) and
every file it writes there is too (0600): the database, its journal and lock, the search
index (which holds notes and tags), the library's files, caches, backups and exports kept in
the data folder. An install an older reader left open is closed at the next start, with one
line saying so. An export into a folder of the user's choosing follows their umask."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from reader.core.store import Store
from tests.conftest import SEED_000


def reader(home: Path, *argv: str, umask: int = 0o022) -> subprocess.CompletedProcess:
    """`reader ARGV...` as the user types it, with their usual umask."""
    env = {**os.environ, "READER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        umask=umask,
    )


def open_to_others(home: Path) -> list[str]:
    """Every folder and file under `home` (itself too) that another user could enter or read."""
    found = []
    for path in [home, *home.rglob("*")]:
        mode = path.lstat().st_mode
        if not stat.S_ISLNK(mode) and mode & 0o077:
            found.append(f"{path.relative_to(home)} {oct(stat.S_IMODE(mode))}")
    return found


@pytest.fixture
def shared_tmp():
    """A folder any user can pass through, as /home is: pytest's own is its user's alone,
    which would hide what this is about."""
    folder = Path(tempfile.mkdtemp(prefix="reader-private-", dir="/tmp"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def an_older_install(shared_tmp: Path, seeds: Path) -> Path:
    """READER_HOME as an older reader left it: folders 0755, files 0644, an article in the
    library, a highlight's note in the database and the search index."""
    home = shared_tmp / "home"
    old = os.umask(0o022)
    try:
        (home / "library").mkdir(parents=True)
        shutil.copy(seeds / SEED_000, home / "library" / "kennedy.txt")
        store = Store(home / "reader.json")
        store.articles.change("kennedy.txt", "Note", note="private: my source at the trust")
        store.close()
        assert reader(home, "search", "Belarus").returncode == 0  # the search index, written 0644 then
    finally:
        os.umask(old)
    for path in [home, *home.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return home


def test_an_older_install_is_closed_to_others_once_with_one_line(shared_tmp, seeds):
    home = an_older_install(shared_tmp, seeds)
    assert {"reader.json", "search.sqlite", "library/kennedy.txt"} <= {p.split()[0] for p in open_to_others(home)}
    first = reader(home, "list")
    assert first.returncode == 0
    assert first.stderr.count("readable by you alone") == 1 and str(home) in first.stderr
    assert open_to_others(home) == []
    again = reader(home, "list")
    assert again.returncode == 0 and "readable by you alone" not in again.stderr  # said once


def test_what_reader_writes_is_the_users_alone_and_exports_elsewhere_follow_the_umask(shared_tmp, seeds, tmp_path):
    home = shared_tmp / "home"  # a first start: nothing there yet
    vault = shared_tmp / "vault"
    assert reader(home, "add", str(seeds / SEED_000)).returncode == 0  # copied into the library
    (added,) = (home / "library").rglob("*.txt")
    article = str(added.relative_to(home / "library"))
    assert reader(home, "note", article, "my source").returncode == 0
    assert reader(home, "tag", article, "trust").returncode == 0
    assert reader(home, "search", "Belarus").returncode == 0
    assert reader(home, "backup").returncode == 0
    assert reader(home, "export", "--format", "json", "-o", str(home / "notes.json")).returncode == 0
    assert reader(home, "export", "--format", "json", "-o", str(vault / "Reading" / "notes.json")).returncode == 0
    assert open_to_others(home) == []
    names = {p.name for p in home.rglob("*")}
    assert {"reader.json", "reader.json.lock", "search.sqlite", "notes.json", "backups"} <= names
    assert stat.S_IMODE((vault / "Reading" / "notes.json").stat().st_mode) == 0o644  # the user's umask
    assert stat.S_IMODE((vault / "Reading").stat().st_mode) == 0o755


def test_another_user_can_neither_read_your_notes_nor_lock_your_database(shared_tmp, seeds):
    if os.geteuid() != 0:
        pytest.skip("needs root to act as a second user (CI runs as root)")
    home = an_older_install(shared_tmp, seeds)
    assert reader(home, "list").returncode == 0
    other = {"user": "nobody", "group": "nogroup", "extra_groups": [], "capture_output": True, "timeout": 30}
    for name in ("reader.json", "search.sqlite", "library/kennedy.txt"):
        peek = subprocess.run(["cat", str(home / name)], **other)
        assert peek.returncode != 0 and b"Permission denied" in peek.stderr, name
    grab = subprocess.run(["flock", "--nonblock", str(home / "reader.json.lock"), "sleep", "5"], **other)
    assert grab.returncode != 0
    assert reader(home, "note", "kennedy.txt", "still mine").returncode == 0  # not forced read-only
