"""A lifetime of highlights (100,000) stays fast only if what one article asks of the store is
a lookup: these fail if a per-article call walks every highlight."""

from reader.core.notes.highlight import Highlight, Quote
from reader.core.store import Store

BODY = " ".join(f"Sentence number {n} is here." for n in range(40))


class Counting(dict):
    """The store's highlights, counting every walk over all of them."""

    walks = 0

    def values(self):
        Counting.walks += 1
        return super().values()

    def items(self):
        Counting.walks += 1
        return super().items()

    def __iter__(self):
        Counting.walks += 1
        return super().__iter__()


def test_what_one_article_asks_never_walks_every_highlight(tmp_path):
    store = Store(tmp_path / "reader.json")
    for n in range(50):
        store.highlights.add_many(
            [Highlight.over(BODY, 0, 26, id=f"{n:030x}aa", article=f"a{n}.txt", fingerprint="f", via=f"old-{n}")]
        )
    highlights = store.highlights
    assert highlights.of("a0.txt")  # the lookups, built from the records once, when first needed
    highlights._read = Counting(highlights._rows), Counting(highlights._doc_ids)
    Counting.walks = 0
    assert [h.id for h in highlights.of("a7.txt")] == [f"{7:030x}aa"]
    assert highlights.counts()["a3.txt"] == 1
    assert highlights.place("a9.txt", "g", "New words. " + BODY)[0].start == 11  # re-anchored on a changed text
    outside = Highlight(
        "", "a4.txt", "", Quote(BODY[:26]), (0, 26), 0, 26, via="old-4", modified="2999-01-01T00:00:00.000+00:00"
    )
    assert highlights.merge(outside) == "updated"  # found by the id it had elsewhere
    assert highlights.add_passage("a5.txt", "f", BODY, 40, 60)[0] == "added"
    assert Counting.walks == 0
    store.close()


def test_the_lookups_built_late_agree_with_every_change_made_before(tmp_path):
    """The by-article lookups are built from the records when first needed: what was added,
    moved to another article's count or deleted before then is in them as it is in the records."""
    path = tmp_path / "reader.json"
    store = Store(path)
    made = [store.highlights.add(f"a{n % 3}.txt", "f", BODY, 0, 10 + n) for n in range(6)]
    store.close()
    store = Store(path)
    assert store.highlights.counts() == {"a0.txt": 2, "a1.txt": 2, "a2.txt": 2}  # counted, no lookups built
    store.highlights.delete(made[0].id)
    store.highlights.add("a3.txt", "f", BODY, 5, 9)
    assert store.highlights._lookups is None
    assert [h.id for h in store.highlights.of("a0.txt")] == [made[3].id]
    assert store.highlights.counts() == {"a0.txt": 1, "a1.txt": 2, "a2.txt": 2, "a3.txt": 1}
    store.close()


def test_tags_and_notes_read_from_the_records_are_those_of_the_highlights_in_reading_order(tmp_path):
    """The search index's words of each article's highlights, read without making a Highlight:
    the same as the highlights themselves give, in reading order (their digest says whether
    an article is indexed again)."""
    store = Store(tmp_path / "reader.json")
    for n, (start, tags, note) in enumerate(
        [(30, ["b"], ""), (0, ["a", "c"], "first"), (12, [], "mid"), (5, ["z"], "")]
    ):
        h = store.highlights.add(f"a{n % 2}.txt", "f", BODY, start, start + 4)
        store.highlights.update(h.id, tags=tags, note=note)
    expected: dict = {}
    for h in store.highlights.all():
        tags, notes = expected.setdefault(h.article, ([], []))
        tags.extend(h.tags)
        notes.append(h.note)
    assert (
        store.highlights.tags_and_notes()
        == expected
        == {
            "a0.txt": (["b"], ["mid", ""]),  # the one at 12 before the one at 30
            "a1.txt": (["a", "c", "z"], ["first", ""]),
        }
    )
    store.close()
