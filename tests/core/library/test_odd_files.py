"""Odd things in the library: FIFOs, devices and links to them are skipped at once (never
waited on, never read without end); a size cap holds even where the size on disk lies; an
interrupted save leaves nothing the next run doesn't clean away."""

import os
import time

from reader.core.files import sweep, write_new
from reader.core.ingest import add_to_library
from reader.core.library import SkipFile, scan
from reader.core.library.parse import read_bytes
from tests.conftest import SEED_000


def test_a_fifo_and_a_link_to_a_device_are_skipped_not_waited_on(tmp_path, seeds):
    library = tmp_path / "lib"
    library.mkdir()
    (library / SEED_000).write_bytes((seeds / SEED_000).read_bytes())
    os.mkfifo(library / "x.txt")
    (library / "zero.txt").symlink_to("/dev/zero")
    started = time.monotonic()
    found = scan([library])
    assert [e.id for e in found.entries] == [SEED_000]
    assert sorted((s.path.name, s.reason) for s in found.skipped) == [
        ("x.txt", "not a regular file (a FIFO, device or socket)"),
        ("zero.txt", "not a regular file (a FIFO, device or socket)"),
    ]
    report = add_to_library([seeds / SEED_000, library / "x.txt"], library)  # reads the library: no hang
    assert [r.status for r in report.results] == ["duplicate", "skipped"]
    assert time.monotonic() - started < 10


def test_the_size_cap_is_counted_while_reading(tmp_path):
    fake = tmp_path / "environ.txt"  # /proc files say 0 bytes and hold more
    fake.symlink_to("/proc/self/environ")
    try:
        read_bytes(fake, max_bytes=10)
    except SkipFile as error:
        assert str(error).startswith("too large")
    else:
        raise AssertionError("a file over the cap was read")


def test_a_write_interrupted_before_its_link_leaves_only_a_hidden_file_swept_later(tmp_path):
    target = tmp_path / "host" / "story.md"

    def crash(tmp):
        tmp.write_text("half")
        raise KeyboardInterrupt  # as a kill would stop it, before the link

    try:
        write_new(target, crash)
    except KeyboardInterrupt:
        pass
    assert not target.exists() and scan([tmp_path]).entries == [] and scan([tmp_path]).skipped == []
    leftover = tmp_path / "host" / ".story.md.abc.tmp"  # what a kill -9 leaves (the cleanup never ran)
    leftover.write_text("half")
    assert sweep(tmp_path) == []  # a write still under way is left alone
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    assert sweep(tmp_path) == [leftover] and not leftover.exists()
    assert write_new(target, lambda tmp: tmp.write_text("whole")) and target.read_text() == "whole"
    assert not write_new(target, lambda tmp: tmp.write_text("other")) and target.read_text() == "whole"


def test_reader_add_finds_copies_by_the_scan_without_reading_the_library(tmp_path, seeds, monkeypatch):
    import reader.core.library.entries as scanning

    library = tmp_path / "lib"
    library.mkdir()
    (library / "old.txt").write_bytes((seeds / SEED_000).read_bytes())
    scanned = scan([library], cache_path=tmp_path / "scan.json")
    read = []
    real = scanning.read_bytes
    monkeypatch.setattr(scanning, "read_bytes", lambda path, *rest: read.append(path.name) or real(path, *rest))
    new = tmp_path / "new.txt"
    new.write_text("A new story\n\n" + "Words of a story that is not in the library yet. " * 5)
    report = add_to_library([seeds / SEED_000, new], library, library=scanned)
    assert [(r.status, r.path.name) for r in report.results] == [("duplicate", "old.txt"), ("added", "new.txt")]
    assert read == [SEED_000, "new.txt"]  # the sources only: the library's copies came from the scan
