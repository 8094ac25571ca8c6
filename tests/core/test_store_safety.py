"""The database never loses an acknowledged change: kill -9 at random moments, damaged and
foreign files, a second reader on the same file, backups, undo."""

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest.mock import ANY

import pytest

import reader.core.store.journal as journal
from reader.core.files import write_new
from reader.core.library import scan
from reader.core.notes.highlight import Highlight, Status
from reader.core.store import ReadOnlyError, Store, StoreError

BODY = "Alpha beta gamma. The quick brown fox jumps over the lazy dog. Delta epsilon zeta."

ARTICLE = "A title\n\n" + "A paragraph of an article saved from the web, whole or not at all. " * 20


def _writer(db: Path, library: Path, round_: int, compact: int, out: int) -> None:
    """In a forked child: save highlights, edits and articles until killed, acknowledging each."""
    journal.COMPACT_AFTER = compact  # small: the snapshot path is killed into too
    store = Store(db)
    with os.fdopen(out, "w", buffering=1) as acks:
        for i in range(10**9):
            h = store.highlights.add("a.txt", "fp", BODY, 18, 61)
            store.highlights.update(h.id, tags=[f"t{i}"], note=f"note {i}")
            acks.write(f"ack {h.id} {i}\n")
            if i % 3 == 0:
                name = f"r{round_}-{i}.txt"
                write_new(library / name, lambda tmp: tmp.write_text(ARTICLE))
                acks.write(f"file {name}\n")


def test_kill_minus_9_at_random_points_never_loses_an_acknowledged_change(tmp_path):
    """200 rounds: a writer (highlights, edits, snapshots, article files) killed at a random
    moment; after each, every acknowledged change is there, the store opens without damage,
    and the library holds only whole articles."""
    db, library = tmp_path / "reader.json", tmp_path / "library"
    library.mkdir()
    acked: dict[str, int] = {}
    files: set[str] = set()
    rng = random.Random(1234)
    for round_ in range(200):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into pytest
            try:
                os.close(read_end)
                _writer(db, library, round_, rng.choice([2, 7, 100000]), write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        if round_ % 2:  # every other round: killed once it is writing (else anywhere, opening too)
            select.select([read_end], [], [], 5.0)
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end) as acks:
            for line in acks.read().splitlines():
                if line.startswith("ack ") and line.count(" ") == 2:
                    _, hid, i = line.split()
                    acked[hid] = int(i)
                elif line.startswith("file ") and line.endswith(".txt"):
                    files.add(line[5:])
        store = Store(db)  # must open: old or new state, never a torn one
        assert store.warnings == [], f"round {round_}"
        for hid, i in acked.items():
            doc = store.highlights.get(hid)
            assert doc is not None, f"round {round_}: acknowledged highlight {hid} lost"
            assert list(doc.tags) == [f"t{i}"] and doc.note == f"note {i}"
        store.close()
    found = scan([library])
    assert found.skipped == [] and {e.id for e in found.entries} >= files  # no empty or partial article
    assert all(e.words == len(ARTICLE.split()) - 2 for e in found.entries)
    print(f"{len(acked)} highlights and {len(files)} articles acknowledged in 200 rounds")
    assert len(acked) > 150 and len(files) > 50


def test_highlight_create_edit_delete_and_undo(tmp_path):
    store = Store(tmp_path / "reader.json")
    h = store.highlights.add("a.txt", "fp", BODY, 18, 61)
    quote = h.selectors()[0]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == BODY[18:61]
    assert quote["prefix"] == BODY[:18] and quote["suffix"] == BODY[61:93]
    assert h.selectors()[1] == {"type": "TextPositionSelector", "start": 18, "end": 61}
    store.highlights.update(h.id, tags=["animals", "classic"])
    store.highlights.update(h.id, note="A pangram.\nSecond line.")
    store.highlights.delete(h.id)
    assert store.highlights.all() == []
    assert store.highlights.undo("a.txt").what == "delete"
    assert store.highlights.get(h.id).note == "A pangram.\nSecond line."
    assert store.highlights.undo("a.txt").what == "edit"
    assert store.highlights.get(h.id).note == "" and list(store.highlights.get(h.id).tags) == ["animals", "classic"]
    store.highlights.undo("a.txt")
    store.highlights.undo("a.txt")
    assert store.highlights.all() == [] and store.highlights.undo("a.txt") is None
    store.close()
    assert Store(tmp_path / "reader.json").highlights.all() == []


def test_everything_survives_a_restart_and_the_file_is_private(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    h = store.highlights.add("a.txt", "fp", BODY, 0, 17, color="green")
    store.highlights.update(h.id, tags=["greek"], note="letters")
    store.close()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    again = Store(path)
    assert list(again.highlights.get(h.id).tags) == ["greek"] and again.highlights.get(h.id).color == "green"
    assert again.tags() == ["greek"] and again.highlights.counts() == {"a.txt": 1}


def test_a_second_reader_is_read_only_and_says_so(tmp_path):
    path = tmp_path / "reader.json"
    first = Store(path)
    first.highlights.add("a.txt", "fp", BODY, 0, 5)
    code = (
        "import sys; from reader.core.store import Store, ReadOnlyError\n"
        f"s = Store({str(path)!r}); print('read_only', s.read_only, len(s.highlights.all()))\n"
        "try:\n    s.highlights.add('a.txt', 'fp', 'x' * 20, 0, 5)\nexcept ReadOnlyError as e:\n    print('refused:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "read_only True 1" in out
    assert "refused:" in out and "in use by another reader" in out
    first.highlights.add("a.txt", "fp", BODY, 6, 10)  # the first one still writes
    first.close()
    # once the first has closed, a new one may write
    third = Store(path)
    assert not third.read_only and len(third.highlights.all()) == 2


def test_read_only_store_refuses_changes_in_process(tmp_path):
    path = tmp_path / "reader.json"
    Store(path).close()
    store = Store(path, read_only=True)
    with pytest.raises(ReadOnlyError):
        store.highlights.add("a.txt", "fp", BODY, 0, 5)


@pytest.mark.parametrize(
    "content,message",
    [
        ('{"meta": {"1": {"schema": 2}}, "highlights": {"1": {"id"', r"damaged \(line 1, column"),
        ("\x00\x01 not json at all", "damaged"),
        ('{"highlights": {"1": {"id": "x"}}}', "not a reader database"),
        ('"just a string"', "not a reader database"),
        ("[1, 2, 3]", "not a reader database"),
        ('{"other": {"1": {"x": 1}}}', "not a reader database"),
        ('{"meta": {"1": {"schema": 99}}}', "newer reader"),
        ('{"meta": {"1": {"schema": "2"}}}', r"not a reader database \(its schema is '2'\)"),
        ("", r"the database file is empty \(0 bytes of data\)"),
        ("  \n", "the database file is empty"),
    ],
)
def test_damaged_or_foreign_file_is_never_overwritten(tmp_path, content, message):
    path = tmp_path / "reader.json"
    path.write_text(content)
    with pytest.raises(StoreError, match=message):
        Store(path)
    assert path.read_text() == content


def test_a_damaged_journal_keeps_every_change_before_the_damage_and_the_rest_aside(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    kept = [store.highlights.add("a.txt", "fp", BODY, start, start + 4).id for start in (0, 6, 12)]
    lost = [store.highlights.add("a.txt", "fp", BODY, start, start + 4).id for start in (18, 24)]
    journal = path.with_name("reader.json.journal")
    lines = journal.read_text().splitlines()  # the first highlight is in reader.json, the others here
    assert len(lines) == 4
    store._release()
    journal.write_text("\n".join([lines[0], lines[1], lines[2][:20], lines[3]]) + "\n")
    store = Store(path)
    assert [h.id for h in store.highlights.all()] == kept
    aside = list(tmp_path.glob("reader.json.journal.damaged-*"))
    assert len(aside) == 1 and aside[0].read_text() == lines[2][:20] + "\n" + lines[3] + "\n"
    assert store.warnings == [
        f"{journal} was damaged at line 3: the 2 changes before it are recovered; the rest is kept in {aside[0].name}"
    ]
    assert lost[1] in aside[0].read_text()  # nothing is thrown away
    store.highlights.add("a.txt", "fp", BODY, 30, 34)  # and the store is writable
    store.close()
    again = Store(path)
    assert len(again.highlights.all()) == 4 and again.warnings == []
    again.close()


def test_backup_is_a_consistent_copy(tmp_path):
    store = Store(tmp_path / "reader.json")
    h = store.highlights.add("a.txt", "fp", BODY, 0, 5)
    target = store.backup(tmp_path / "copy" / "backup.json")
    data = json.loads(target.read_text())
    assert [doc["id"] for doc in data["highlights"].values()] == [h.id]


def test_a_bad_record_is_kept_aside_and_the_rest_works(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    good = store.highlights.add("a.txt", "fp", BODY, 0, 5)
    store.articles.mark_read("a.txt")
    store.close()
    data = json.loads(path.read_text())
    data["highlights"]["7"] = {"id": "x"}
    data["reading"]["8"] = "not a record"
    data["corrections"] = {"1": {"text": "Blair", "label": 5, "created": "t"}}
    path.write_text(json.dumps(data))
    store = Store(path)
    assert (
        [h.id for h in store.highlights.all()] == [good.id]
        and store.articles.is_read("a.txt")
        and store.corrections.rules() == {}
    )
    aside = list(tmp_path.glob("reader.json.set-aside-*"))
    assert len(aside) == 1
    kept = json.loads(aside[0].read_text())
    assert [(k["table"], k["id"], k["record"]) for k in kept] == [
        ("reading", "8", "not a record"),
        ("highlights", "7", {"id": "x"}),
        ("corrections", "1", {"text": "Blair", "label": 5, "created": "t"}),
    ]
    assert any("highlights record 7 is skipped: no 'article' text" in w for w in store.warnings)
    assert store.warnings[-1] == f"the bad records are kept in {aside[0]}"
    store.highlights.add("a.txt", "fp", BODY, 6, 10)  # writable, and the bad ones are out of the file
    store.close()
    assert Store(path).warnings == []


def test_a_database_that_cannot_be_opened_lets_go_of_its_lock(tmp_path):
    path = tmp_path / "reader.json"
    path.write_text("{broken")
    with pytest.raises(StoreError):
        Store(path)
    path.rename(tmp_path / "kept.json")  # as the offer of a fresh start does
    fresh = Store(path)
    assert not fresh.read_only
    fresh.articles.mark_read("a.txt")
    fresh.close()


def test_a_read_only_medium_opens_read_only_and_says_why(small_disk):
    import subprocess

    path = small_disk.path / "reader.json"
    store = Store(path)
    store.highlights.add("a.txt", "fp", BODY, 0, 5)
    store.close()
    (small_disk.path / "reader.json.lock").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk.path)], check=True)
    store = Store(path)
    assert store.read_only and len(store.highlights.all()) == 1
    with pytest.raises(ReadOnlyError, match=rf"{path} is read-only \({small_disk.path} cannot be written"):
        store.articles.mark_read("a.txt")
    assert store.close() == []


def test_a_damaged_journal_and_a_bad_record_are_both_kept_aside_and_both_named(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    store.highlights.add("a.txt", "fp", BODY, 0, 5)
    store.close()
    data = json.loads(path.read_text())
    data["highlights"]["9"] = {"id": "x"}
    path.write_text(json.dumps(data))
    tail = b"\xff\xfe not json, not UTF-8\n"
    path.with_name("reader.json.journal").write_bytes(tail)
    store = Store(path)
    journal_aside = list(tmp_path.glob("reader.json.journal.damaged-*"))
    assert len(journal_aside) == 1 and journal_aside[0].read_bytes() == tail  # byte for byte
    assert store.warnings[0].endswith(f"the rest is kept in {journal_aside[0].name}")
    assert "highlights record 9 is skipped" in store.warnings[1]
    assert store.warnings[2].startswith("the bad records are kept in ")
    store.close()


def test_records_of_the_wrong_kind_are_set_aside_once_each_with_its_name(tmp_path):
    """Hand-edited: a folder that is a number, an error that is a list, a view under an id
    that is no number. Each is set aside by name; the next command, in the same second, opens
    the database writable and writes no second set-aside file."""
    path = tmp_path / "reader.json"
    store = Store(path)
    store.feeds.add("https://a.example/rss", "A")
    store.feeds.add("https://b.example/rss", "B")
    store.articles.save_view("Mine", "is:unread")
    store.close()
    data = json.loads(path.read_text())
    data["feeds"]["1"]["folder"] = 5
    data["feeds"]["2"]["last_error"] = ["a"]
    data["views"]["abc"] = {"name": "Odd", "query": "x", "created": "t"}
    data.setdefault("articles", {})["4"] = {"article": "a.txt", "tags": "ok"}
    path.write_text(json.dumps(data))
    store = Store(path)
    assert not store.read_only and store.feeds.all() == [] and [v["name"] for v in store.articles.views()] == ["Mine"]
    said = "\n".join(store.warnings)
    assert "feeds record 1 is skipped: a 'folder' of the wrong kind (int: '5')" in said
    assert "feeds record 2 is skipped: a 'last_error' of the wrong kind (list: \"['a']\")" in said
    assert "views record abc is skipped: an id that is not a number" in said
    assert "articles record 4 is skipped: a 'tags' of the wrong kind" in said
    store.close()
    again = Store(path)  # within the same second
    assert not again.read_only and again.warnings == []
    again.close()
    assert len(list(tmp_path.glob("reader.json.set-aside-*"))) == 1


def test_a_set_aside_file_is_never_written_twice_for_the_same_records(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    store.feeds.add("https://a.example/rss", "A")
    store.close()
    data = json.loads(path.read_text())
    data["feeds"]["1"]["seen"] = "not a list"
    for _ in range(3):  # restored from a backup each time, say, within one second
        path.write_text(json.dumps(data))
        Store(path).close()
    assert len(list(tmp_path.glob("reader.json.set-aside-*"))) == 1
    data["feeds"]["1"]["seen"] = 3  # another bad record, the same second: a name of its own
    path.write_text(json.dumps(data))
    Store(path).close()
    assert len(list(tmp_path.glob("reader.json.set-aside-*"))) == 2


def test_what_the_fast_codec_refuses_is_read_and_written_the_standard_way():
    from reader.core.codec import dumps, loads

    huge = {"n": 2**70, "text": "é\u2028"}
    assert loads(dumps(huge)) == huge  # orjson refuses integers beyond 64 bits
    assert loads('{"x": NaN}')["x"] != loads('{"x": NaN}')["x"]  # NaN: orjson refuses it, json reads it
    assert dumps({"a": [1]}, indent=True) == '{\n  "a": [\n    1\n  ]\n}'


@pytest.mark.parametrize(
    "spoil, why",
    [
        (lambda doc: doc.update(exact=5), "no 'exact' text"),
        (lambda doc: doc.update(tags=["fine", 7]), "tags that are not a list of texts"),
        (lambda doc: doc.update(status="lost"), "an unknown status 'lost'"),
        (lambda doc: doc.update(position=[0]), "a 'position' that is not two numbers"),
        (lambda doc: doc.update(prefix=None), "a 'prefix' that is not text"),
        (lambda doc: doc.update(note=["x"]), "a 'note' that is not text"),
    ],
)
def test_a_highlight_hand_edited_wrong_is_set_aside_at_open_not_when_it_is_shown(tmp_path, spoil, why):
    """Highlights are made when first asked for: their check at open must catch whatever
    would fail then (a traceback while reading the article, long after the open)."""
    path = tmp_path / "reader.json"
    store = Store(path)
    good = store.highlights.add("a.txt", "fp", BODY, 0, 5)
    bad = store.highlights.add("b.txt", "fp", BODY, 0, 5)
    store.close()
    data = json.loads(path.read_text())
    [doc] = [d for d in data["highlights"].values() if d["id"] == bad.id]
    spoil(doc)
    path.write_text(json.dumps(data))
    store = Store(path)
    assert [h.id for h in store.highlights.all()] == [good.id] and store.highlights.of("b.txt") == []
    assert any(f"is skipped: {why}" in w for w in store.warnings), store.warnings
    store.close()


def test_a_file_reader_wrote_is_trusted_but_a_bad_record_in_its_journal_is_still_set_aside(tmp_path):
    """The records of a database file this reader wrote are not checked again at open (the
    stamp beside it says which file that is); what the journal brings in always is."""
    path = tmp_path / "reader.json"
    store = Store(path)
    good = store.highlights.add("a.txt", "fp", BODY, 0, 5)
    store.close()
    assert Store(path, read_only=True).tables.storage.trusted
    line = {"t": "highlights", "id": "9", "doc": {"id": "x", "article": "b.txt", "exact": "abc", "start": 3, "end": 0}}
    (tmp_path / "reader.json.journal").write_text(json.dumps(line) + "\n")
    store = Store(path)
    assert [h.id for h in store.highlights.all()] == [good.id]
    assert any("highlights record 9 is skipped: no valid 'start' and 'end'" in w for w in store.warnings)
    store.close()


def test_a_schema_3_database_of_w3c_shaped_highlights_opens_and_is_written_flat(tmp_path):
    """Schema 4 stores highlights flat (defaults left out): a database of an older reader
    opens with every highlight as it was, one that does not read is set aside, and the
    file is written in the new form with the first change."""
    path = tmp_path / "reader.json"
    made = Highlight.over(BODY, 6, 11, id="a" * 32, article="a.txt", fingerprint="fp", tags=("x",), note="n")
    moved = made.replace(id="b" * 32, article="b.txt").placed_at("fp2", 7, 12, Status.MOVED)
    old = {
        "meta": {"1": {"schema": 3}},
        "highlights": {"1": made.to_dict(), "2": moved.to_dict(), "3": {"id": "c", "article": "c.txt", "target": []}},
    }
    path.write_text(json.dumps(old))
    store = Store(path)
    assert store.highlights.all() == [made, moved]
    assert any("highlights record 3 is skipped" in w for w in store.warnings)
    store.highlights.update(made.id, color="blue")
    store.close()
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema"] == 4
    assert data["highlights"]["2"] == moved.to_record() and "target" not in data["highlights"]["2"]
    assert Store(path).highlights.all() == [made.replace(color="blue", modified=ANY), moved]


def test_a_fold_after_many_lines_runs_in_a_thread_of_its_own_and_loses_nothing(tmp_path, monkeypatch):
    """After COMPACT_AFTER journal lines the journal is folded in by a thread of its own, so
    that the app's event loop never writes the whole file; saves made meanwhile wait for it
    or come after it, and every one is kept."""
    import threading

    monkeypatch.setattr(journal, "COMPACT_AFTER", 5)
    folds = []
    snapshot = journal.JournalStorage.snapshot

    def watched(self):
        folds.append(threading.current_thread().name)
        return snapshot(self)

    monkeypatch.setattr(journal.JournalStorage, "snapshot", watched)
    path = tmp_path / "reader.json"
    store = Store(path)
    made = [store.highlights.add("a.txt", "fp", BODY, 0, 5 + n).id for n in range(14)]
    storage = store.tables.storage
    for _ in range(200):  # bounded: a fold of a few records takes milliseconds
        if not storage._folding:
            break
        time.sleep(0.05)
    assert "reader-fold" in folds and storage.journal_lines < 5
    assert folds.count(threading.current_thread().name) == 1  # the first change, which writes the file
    store.close()
    store = Store(path)
    assert sorted(h.id for h in store.highlights.all()) == sorted(made)
    store.close()
