"""A full disk: what the user was told is saved survives; what cannot be saved is said at
once and leaves the store as it was; reading still works; quitting loses nothing."""

import errno
import json

import pytest

import reader.core.store.journal as journal
from reader.core.store import Store, StoreError
from reader.services import triage

BODY = "Alpha beta gamma. The quick brown fox jumps over the lazy dog. Delta epsilon zeta."


def test_a_change_on_a_full_disk_is_refused_whole_and_the_next_one_saves(small_disk):
    path = small_disk.path / "reader.json"
    store = Store(path)
    first = store.highlights.add("a.txt", "fp", BODY, 0, 5)  # reader.json written
    second = store.highlights.add("a.txt", "fp", BODY, 6, 10)  # a journal line
    small_disk.fill()  # (the journal's last page may still take a line or two: tmpfs gives pages)
    with pytest.raises(StoreError, match=rf"not saved: the disk is full \({path}\)"):
        store.highlights.update(first.id, note="a long note " * 500)
    assert store.highlights.get(first.id).note == ""  # as it was before
    acknowledged = [first.id, second.id]
    for n in range(100):
        try:
            acknowledged.append(store.highlights.add("a.txt", "fp", BODY, n % 60, n % 60 + 5).id)
        except StoreError as error:
            assert str(error) == f"not saved: the disk is full ({path})"
            break
    else:
        pytest.fail("a full disk took 100 highlights")
    assert {h.id for h in store.highlights.all()} == set(acknowledged)
    lines = path.with_name("reader.json.journal").read_text().split("\n")
    assert lines[-1] == "" and all(json.loads(line) for line in lines[:-1])  # no torn line
    small_disk.free()
    third = store.highlights.add("a.txt", "fp", BODY, 18, 23)  # the next change tries again
    small_disk.fill()
    assert store.close() == [
        f"not folded in: the disk is full ({path}): every change is kept in reader.json.journal and folded in next time"
    ]
    small_disk.free()
    again = Store(path)
    assert {h.id for h in again.highlights.all()} == {*acknowledged, third.id} and again.warnings == []
    again.close()


def test_a_new_database_on_a_full_disk_says_so_and_holds_nothing_unsaved(small_disk):
    small_disk.fill()
    store = Store(small_disk.path / "reader.json")  # opening writes nothing: it opens
    with pytest.raises(StoreError, match="not saved: the disk is full"):
        store.articles.mark_read("a.txt")
    assert not store.articles.is_read("a.txt") and store.articles.read_ids() == set()
    assert store.close() == []


def test_a_short_write_is_found_and_cut_back(tmp_path, monkeypatch):
    """os.write may write part of what it was given and say so only by its count (a disk
    filling up): the rest is retried, and an error then leaves no torn line."""
    path = tmp_path / "reader.json"
    store = Store(path)
    store.highlights.add("a.txt", "fp", BODY, 0, 5)
    calls = []
    real_write = journal.os.write

    def short_then_full(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal.os, "write", short_then_full)
    with pytest.raises(StoreError, match="not saved: the disk is full"):
        store.highlights.add("a.txt", "fp", BODY, 6, 10)
    assert len(calls) == 2 and calls[1] < calls[0]  # the rest was asked for, not dropped
    assert path.with_name("reader.json.journal").read_bytes() == b""
    monkeypatch.setattr(journal.os, "write", real_write)
    saved = store.highlights.add("a.txt", "fp", BODY, 6, 10)
    store._release()  # as a kill -9 would leave it
    assert saved.id in {h.id for h in Store(path).highlights.all()}


def test_undo_on_a_full_disk_can_be_tried_again(tmp_path, monkeypatch):
    store = Store(tmp_path / "reader.json")
    store.highlights.add("a.txt", "fp", BODY, 0, 5)
    h = store.highlights.add("a.txt", "fp", BODY, 6, 10)

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal, "write_all", full)
    with pytest.raises(StoreError, match="not saved: the disk is full"):
        store.highlights.undo("a.txt")
    assert store.highlights.get(h.id) is not None and store.highlights.can_undo("a.txt")
    monkeypatch.undo()
    assert store.highlights.undo("a.txt") is not None and store.highlights.get(h.id) is None
    store.close()


def test_reading_commands_work_on_a_full_disk(small_disk, monkeypatch, seeds, capsys):
    import shutil

    from reader.cli import main

    home = small_disk.path / "home"
    (home / "library").mkdir(parents=True)
    for seed in seeds.iterdir():
        shutil.copy(seed, home / "library" / seed.name)
    monkeypatch.setenv("READER_HOME", str(home))
    store = Store(home / "reader.json")
    store.highlights.add("000_c4e3fa7496f1f1bc.txt", "fp", BODY, 0, 5)
    store.feeds.add("http://127.0.0.1:9/feed.xml", "A feed")
    store.close()
    assert main(["list"]) == 0 and main(["search", "Belarus"]) == 0
    capsys.readouterr()
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    small_disk.fill()
    for command in (
        ["list"],
        ["show", "000_c4e3fa7496f1f1bc.txt"],
        ["export"],
        ["feed", "list"],
        ["search", "Belarus"],
    ):
        assert main(command) == 0, command
    out, err = capsys.readouterr()
    assert "Alpha" in out and "A feed" in out and "Traceback" not in err
    assert main(["backup", str(small_disk.path.parent / "elsewhere.json")]) == 0  # to another disk
    assert json.loads((small_disk.path.parent / "elsewhere.json").read_text())["highlights"]
    after = {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and not p.name.startswith("search.sqlite-")}
    assert after == before  # nothing was written (but SQLite's empty -wal and -shm of a failed update)


def test_delete_and_restore_on_a_full_disk_move_no_file_they_cannot_record(home, seeds, monkeypatch):
    import shutil

    from reader.services import Services

    library = home / "library"
    library.mkdir()
    shutil.copy(seeds / "003_9bd4bcee04c509db.txt", library / "saved.txt")
    services = Services.build([library])
    services.scan()
    services.store.articles.mark_read("saved.txt")  # reader.json written: what follows goes to the journal

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal, "write_all", full)
    with pytest.raises(StoreError, match="not saved: the disk is full"):
        triage.delete(services, [services.library.get("saved.txt")])
    assert (library / "saved.txt").exists() and not services.store.articles.deleted_ids()  # the file went back
    monkeypatch.undo()
    triage.delete(services, [services.library.get("saved.txt")])
    assert not (library / "saved.txt").exists()
    monkeypatch.setattr(journal, "write_all", full)
    with pytest.raises(StoreError, match="not saved: the disk is full"):
        triage.restore(services, ["saved.txt"])
    assert not (library / "saved.txt").exists() and (home / "trash" / "saved.txt").exists()  # back in the trash
    monkeypatch.undo()
    assert triage.restore(services, ["saved.txt"]) == [] and (library / "saved.txt").exists()
    services.close()
