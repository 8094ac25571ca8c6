"""A lifetime's database is nearly all highlights, and listing the library, marking an article
or changing a feed needs none of them: a file this reader wrote is opened without parsing
them, and they are read when first needed. Whatever a session does, none is ever lost."""

import json

from reader.core.store import Store

BODY = "Alpha beta gamma. The quick brown fox jumps over the lazy dog. Delta epsilon zeta."


def _with_highlights(path, count=3):
    store = Store(path)
    made = [store.highlights.add(f"a{n}.txt", "fp", BODY, 0, 5 + n) for n in range(count)]
    store.articles.mark(["a0.txt"], "read")
    store.close()
    return sorted(h.id for h in made)


def _unparsed(store: Store) -> bool:
    return store.tables.storage._later is not None


def test_a_session_that_never_needs_the_highlights_keeps_every_one(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    store = Store(path)
    assert _unparsed(store) and store.articles.is_read("a0.txt")
    store.articles.mark(["a1.txt"], "read")
    store.feeds.add("https://example.org/feed.xml", "Example")
    store.close()  # folded in: the highlights written back as they were read
    assert _unparsed(Store(path, read_only=True))
    store = Store(path)
    assert sorted(h.id for h in store.highlights.all()) == made
    assert store.articles.is_read("a1.txt") and store.feeds.all()[0]["title"] == "Example"
    assert json.loads(path.read_text())["highlights"]  # still plain JSON, the highlights in it
    store.close()


def test_a_highlight_saved_before_any_is_read_takes_a_new_place(tmp_path):
    """The first save of a session reads the others first: it neither replaces one nor is lost."""
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    store = Store(path)
    added = store.highlights.add("b.txt", "fp", BODY, 6, 10)
    store.close()
    store = Store(path)
    assert sorted(h.id for h in store.highlights.all()) == sorted([*made, added.id])
    store.close()


def test_a_crash_after_a_highlight_was_saved_reads_the_file_whole_and_keeps_it(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    store = Store(path)
    store.articles.mark(["a2.txt"], "read")
    added = store.highlights.add("b.txt", "fp", BODY, 6, 10)
    store._release()  # killed: never closed, the journal holds both changes
    store = Store(path)
    assert not _unparsed(store)  # the journal named a highlight: read with the rest, and checked
    assert sorted(h.id for h in store.highlights.all()) == sorted([*made, added.id])
    assert store.articles.is_read("a2.txt")
    store.close()


def test_a_backup_holds_the_highlights_never_read(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    store = Store(path)
    target = store.backup(tmp_path / "copy.json")
    store.close()
    assert sorted(doc["id"] for doc in json.loads(target.read_text())["highlights"].values()) == made


def test_a_stamp_that_points_at_the_wrong_place_only_costs_a_whole_read(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    stamp = tmp_path / "reader.json.checked"
    first, where, counts = stamp.read_text().split("\n")
    stamp.write_text(f"{first}\nhighlights 3 17\n{counts}")
    store = Store(path)
    assert not _unparsed(store) and sorted(h.id for h in store.highlights.all()) == made
    store.close()


def test_a_file_with_the_highlights_not_last_is_read_whole(tmp_path):
    """An older reader's file (or one edited by hand) is read as JSON, whatever its order."""
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    data = json.loads(path.read_text())
    path.write_text(json.dumps({"highlights": data.pop("highlights"), **data}))
    store = Store(path)
    assert not _unparsed(store) and sorted(h.id for h in store.highlights.all()) == made
    store.articles.mark(["a1.txt"], "read")
    store.close()
    store = Store(path, read_only=True)
    assert _unparsed(store) and sorted(h.id for h in store.highlights.all()) == made


def test_the_counts_per_article_need_no_parse_and_follow_every_change(tmp_path):
    """A list by `has:highlights` needs only how many each article has: kept beside the file."""
    path = tmp_path / "reader.json"
    _with_highlights(path)
    store = Store(path)
    assert store.highlights.counts() == {"a0.txt": 1, "a1.txt": 1, "a2.txt": 1} and _unparsed(store)
    store.highlights.add("a1.txt", "fp", BODY, 6, 10)
    store.close()
    store = Store(path)
    assert store.highlights.counts() == {"a0.txt": 1, "a1.txt": 2, "a2.txt": 1} and _unparsed(store)
    store.articles.mark(["a2.txt"], "read")  # a session that never parses them keeps the counts
    store.close()
    assert Store(path, read_only=True).highlights.counts()["a1.txt"] == 2


def test_counts_torn_from_the_stamp_are_counted_from_the_records(tmp_path):
    path = tmp_path / "reader.json"
    _with_highlights(path)
    stamp = tmp_path / "reader.json.checked"
    stamp.write_text(stamp.read_text()[:-7])
    store = Store(path, read_only=True)
    assert store.highlights.counts() == {"a0.txt": 1, "a1.txt": 1, "a2.txt": 1}


def test_a_file_written_before_the_counts_were_kept_gets_them_at_its_next_fold(tmp_path):
    path = tmp_path / "reader.json"
    _with_highlights(path)
    stamp = tmp_path / "reader.json.checked"
    stamp.write_text(stamp.read_text().rpartition("\n")[0])  # as the last version wrote it: no counts
    store = Store(path)
    store.articles.mark(["a2.txt"], "read")
    store.close()
    store = Store(path, read_only=True)
    assert store.highlights.counts() == {"a0.txt": 1, "a1.txt": 1, "a2.txt": 1} and _unparsed(store)


def test_the_highlights_are_read_from_the_file_as_it_was_opened(tmp_path):
    """Left unread at open (a lifetime's are 45 MB that `reader list` never needs), they come
    from the file the store opened, even once another file took its name."""
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    store = Store(path, read_only=True)
    replaced = tmp_path / "other.json"
    replaced.write_text('{"highlights": {}}')
    replaced.replace(path)
    assert sorted(h.id for h in store.highlights.all()) == made


def test_a_file_cut_short_in_place_before_they_are_read_is_a_clear_error(tmp_path):
    from reader.core.store import StoreError

    path = tmp_path / "reader.json"
    _with_highlights(path)
    store = Store(path, read_only=True)
    with open(path, "r+b") as handle:  # another program truncating it: reader never writes in place
        handle.truncate(100)
    try:
        store.highlights.all()
    except StoreError as error:
        assert str(path) in str(error) and "changed while it was open" in str(error)
    else:
        raise AssertionError("a short read was taken for the highlights")
