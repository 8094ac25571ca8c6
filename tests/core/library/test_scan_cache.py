"""The scan's cache: each folder's listing kept while the folder is unchanged, records by
folder, an older cache taken as it is, records of files gone let go, and the leftovers of
interrupted writes swept from the walk."""

import os
import shutil
import time

import pytest

from reader.core.codec import dumps, loads
from reader.core.library import scan, scanning, walk
from reader.services import Services
from tests.conftest import SEED_000, SEED_003


@pytest.fixture
def listed(monkeypatch):
    """The folders the walk reads (each call of `_listing`), in order."""
    seen: list[str] = []
    real = walk._listing

    def counting(folder):
        seen.append(os.path.basename(folder))
        return real(folder)

    monkeypatch.setattr(walk, "_listing", counting)
    return seen


@pytest.fixture
def settled(monkeypatch):
    """Every folder's last change lies far enough in the past for its listing to be kept."""
    real = time.time_ns
    monkeypatch.setattr(walk.time, "time_ns", lambda: real() + 10_000_000_000)


def ids(library):
    return [e.id for e in library.entries]


def described(library):
    return [(e.id, str(e.location), e.title, e.date, e.url, e.words, e.digest, e.fingerprint) for e in library.entries]


def test_a_folder_is_read_again_only_when_a_file_is_added_removed_or_renamed_in_it(
    tmp_path, library_dir, listed, settled
):
    cache = tmp_path / "cache.json"
    (library_dir / "sub").mkdir()
    (library_dir / "sub" / "a.md").write_text("# A\n\nBody.\n")
    assert ids(scan([library_dir], cache_path=cache)) == [SEED_000, SEED_003, "sub/a.md"]
    assert listed == ["lib", "sub"]

    listed.clear()
    assert ids(scan([library_dir], cache_path=cache)) == [SEED_000, SEED_003, "sub/a.md"]
    assert listed == []  # a stat of each folder, no listing

    (library_dir / "sub" / "b.md").write_text("# B\n\nBody.\n")
    assert ids(scan([library_dir], cache_path=cache)) == [SEED_000, SEED_003, "sub/a.md", "sub/b.md"]
    (library_dir / "sub" / "a.md").rename(library_dir / "sub" / "c.md")
    assert ids(scan([library_dir], cache_path=cache)) == [SEED_000, SEED_003, "sub/b.md", "sub/c.md"]
    (library_dir / SEED_000).unlink()
    shutil.rmtree(library_dir / "sub")
    assert ids(scan([library_dir], cache_path=cache)) == [SEED_003]
    assert listed == ["sub", "sub", "lib"]

    (library_dir / SEED_003).write_text("Edited in place\n\nThe folder does not change; the file does.\n")
    assert scan([library_dir], cache_path=cache).get(SEED_003).title == "Edited in place"


def test_a_folder_changed_in_the_last_seconds_is_read_again_at_the_next_scan(tmp_path, library_dir, listed):
    """A change in the same tick of the file system's clock as the listing would not show
    in the folder's time: a listing that young is not kept."""
    cache = tmp_path / "cache.json"
    scan([library_dir], cache_path=cache)
    (library_dir / "new.md").write_text("# New\n\nBody.\n")
    assert "new.md" in ids(scan([library_dir], cache_path=cache))
    assert listed == ["lib", "lib"]


def test_a_cache_the_last_version_wrote_is_taken_as_it_is(tmp_path, library_dir, monkeypatch):
    """Its records, by path and each a dict of the fields that were set, are not a reason to
    read a library of 50,000 again."""
    fresh = scan([library_dir])
    files = {}
    for entry in fresh.entries:
        record = {"title": entry.title, "words": entry.words, "digest": entry.digest, "fingerprint": entry.fingerprint}
        record |= {"date": entry.date.isoformat()} if entry.date else {}
        record |= {"url": entry.url} if entry.url else {}
        info = entry.path.stat()
        files[str(entry.path)] = record | {"stamp": [info.st_size, info.st_mtime_ns]}
    cache = tmp_path / "cache.json"
    cache.write_text(dumps({"version": 5, "files": files}))

    def no_reading(*args, **kwargs):
        raise AssertionError("a file was read again")

    monkeypatch.setattr(scanning, "scan_file", no_reading)
    assert described(scan([library_dir], cache_path=cache)) == described(fresh)
    assert loads(cache.read_bytes())["version"] == scanning.CACHE_VERSION


def test_records_of_files_gone_leave_the_cache_but_another_librarys_stay(
    tmp_path, library_dir, monkeypatch, listed, settled
):
    cache = tmp_path / "cache.json"
    other = tmp_path / "other"
    other.mkdir()
    (other / "kept.md").write_text("# Kept\n\nBody.\n")
    (library_dir / "sub").mkdir()
    (library_dir / "sub" / "a.md").write_text("# A\n\nBody.\n")
    scan([other], cache_path=cache)
    scan([library_dir], cache_path=cache)
    (library_dir / SEED_000).unlink()
    shutil.rmtree(library_dir / "sub")
    scan([library_dir], cache_path=cache)
    kept = loads(cache.read_bytes())["files"]
    assert {folder: sorted(names) for folder, names in kept.items()} == {
        str(other): ["kept.md"],
        str(library_dir): [SEED_003],
    }
    monkeypatch.setattr(scanning, "scan_file", lambda *a, **k: pytest.fail("the other library was read again"))
    listed.clear()
    assert ids(scan([other], cache_path=cache)) == ["kept.md"]
    assert listed == []  # nor listed again


def test_what_interrupted_saves_left_in_the_library_folder_goes_at_the_first_scan(home, settled):
    library = home / "library"
    (library / "web").mkdir(parents=True)
    (library / "web" / "page.md").write_text("# A page\n\nIts text.\n")
    old = library / "web" / ".page.md.k2j3.tmp"  # a save a crash cut short, an hour ago
    young = library / "web" / ".other.md.x9q1.tmp"  # a save under way
    for leftover in (old, young):
        leftover.write_text("half")
    os.utime(old, (time.time() - 3600,) * 2)
    outside = home / "elsewhere"
    outside.mkdir()
    theirs = outside / ".notes.md.a1b2.tmp"  # not reader's folder: never touched
    theirs.write_text("the user's")
    os.utime(theirs, (time.time() - 3600,) * 2)

    services = Services.build(None, None, None)
    services.roots.append(outside)
    assert "web/page.md" in ids(services.scan())
    assert not old.exists() and young.exists() and theirs.exists()
    services.close()
