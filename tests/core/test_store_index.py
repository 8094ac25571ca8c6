"""The index beside the database (`reader.json.index`): a review chooses among every highlight
from it and parses only the records it chose. Whatever is wrong with it (another file's, a
record not where it says, none at all), the highlights come whole and right from the table."""

import json

from reader.core.codec import encode
from reader.core.store import Store
from reader.core.store.index import spans

BODY = "Alpha beta gamma. The quick brown fox jumps over the lazy dog. Delta epsilon zeta."


def _with_highlights(path, count=5):
    store = Store(path)
    made = [store.highlights.add(f"a{n % 2}.txt", "fp", BODY, n, 10 + n) for n in range(count)]
    made[1] = store.highlights.update(made[1].id, tags=["t1", "t2"], note="a note")
    store.articles.mark(["a0.txt"], "read")
    store.close()
    return made


def _unparsed(store: Store) -> bool:
    return store.tables.storage._later is not None


def _briefs_and_highlights(store: Store):
    briefs = store.highlights.briefs()
    return briefs, [store.highlights.get(b.id) for b in briefs]


def test_a_review_reads_every_brief_and_the_chosen_records_without_parsing_the_table(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    store = Store(path, read_only=True)
    briefs, highlights = _briefs_and_highlights(store)
    assert _unparsed(store)  # none parsed but the ones asked for
    assert [(b.id, b.article, b.tags) for b in briefs] == [(h.id, h.article, list(h.tags)) for h in made]
    assert highlights == made
    assert store.highlights.get(made[3].id) == made[3]  # asked for again
    assert store.highlights.get("no-such-id") is None and _unparsed(store)
    whole = Store(path, read_only=True)
    whole.tables.storage.read_all()
    assert _briefs_and_highlights(whole) == (briefs, highlights)


def test_the_index_follows_the_highlights_and_outlives_sessions_that_never_touch_them(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    store = Store(path)
    store.articles.mark(["a1.txt"], "read")  # the highlights written back as they were read
    store.close()
    store = Store(path)
    assert [b.id for b in store.highlights.briefs()] == [h.id for h in made] and _unparsed(store)
    added = store.highlights.add("a1.txt", "fp", BODY, 30, 40)
    store.highlights.delete(made[0].id)
    store.close()
    store = Store(path, read_only=True)
    assert [b.id for b in store.highlights.briefs()] == [h.id for h in made[1:]] + [added.id]
    assert store.highlights.get(added.id) == added and _unparsed(store)


def test_an_index_of_other_bytes_is_never_used(tmp_path):
    """Another file's index (a crash between the file and its index, a copy from elsewhere)."""
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    index = tmp_path / "reader.json.index"
    kept = index.read_bytes()
    store = Store(path)
    store.highlights.add("a1.txt", "fp", BODY, 30, 40)  # the table written anew: a new generation
    store.close()
    index.write_bytes(kept)
    store = Store(path, read_only=True)
    assert len(store.highlights.briefs()) == len(made) + 1 and not _unparsed(store)


def test_a_record_not_where_the_index_says_is_read_from_the_whole_table(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    index = tmp_path / "reader.json.index"
    generation, _, body = index.read_bytes().partition(b"\n")
    columns = json.loads(body)
    columns["at"] = [n + 7 for n in columns["at"]]
    index.write_bytes(generation + b"\n" + json.dumps(columns).encode())
    store = Store(path, read_only=True)
    assert store.highlights.get(made[2].id) == made[2]


def test_a_file_written_before_the_index_gets_one_at_its_next_fold(tmp_path):
    path = tmp_path / "reader.json"
    made = _with_highlights(path)
    (tmp_path / "reader.json.index").unlink()
    stamp = tmp_path / "reader.json.checked"
    first, where, counts = stamp.read_text().split("\n")
    stamp.write_text(f"{first}\n{where.rsplit(' ', 1)[0]}\n{counts}")  # as the last version wrote it
    store = Store(path, read_only=True)
    assert len(store.highlights.briefs()) == len(made) and not _unparsed(store)  # no index: parsed
    store = Store(path)
    store.articles.mark(["a1.txt"], "read")
    store.close()
    store = Store(path, read_only=True)
    assert _briefs_and_highlights(store)[1] == made and _unparsed(store)


def test_records_are_found_whatever_their_text_holds():
    rows = {
        "1": {"id": "a", "exact": 'quotes " and ,"2":{ and \\ and }', "tags": ["x"]},
        "2": {"id": "b", "exact": "\\", "note": '{"3":{'},
        "10": {"id": "c", "exact": "é ✓ \n\t"},
    }
    table = encode(rows)
    where = spans(table, list(rows))
    assert where is not None
    assert [json.loads(table[where[2 * n] : where[2 * n + 1]]) for n in range(3)] == list(rows.values())
    assert spans(table, ["1", "10", "2"]) is None and spans(encode({}), []) == []
