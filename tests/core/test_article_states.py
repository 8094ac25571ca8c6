"""Articles' states in the store: where each is, read, starred, tags and note, deleted;
many at once in one batch and one undo; saved views; an older database migrated."""

import json

import pytest

from reader.core.notes.highlight import Highlight
from reader.core.store import SCHEMA_VERSION, ReadOnlyError, Store
from reader.core.store.articles import DEFAULT


def test_states_survive_a_restart_and_new_articles_are_in_the_inbox(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    assert store.articles.state("a.txt") == DEFAULT and DEFAULT.state == "inbox"
    assert store.articles.mark(["a.txt", "b.txt"], "archive").what == "Archived 2 articles"
    store.articles.mark(["b.txt"], "star")
    store.articles.mark(["c.txt"], "later")
    store.articles.mark(["c.txt"], "read")
    store.articles.change("a.txt", "Tagged", tags=["Belarus, war/ukraine", "#belarus "])
    store.articles.change("b.txt", "Note", note="  why this matters\n")
    store.close()
    store = Store(path)
    assert store.articles.state("a.txt").state == "archive" and store.articles.state("a.txt").tags == (
        "Belarus",
        "war/ukraine",
        "belarus",
    )
    assert store.articles.state("b.txt").starred and store.articles.state("b.txt").note == "why this matters"
    assert store.articles.state("c.txt").state == "later" and store.articles.is_read("c.txt")
    assert store.articles.mark(["a.txt"], "archive") is None  # nothing changed: nothing to undo
    store.close()


def test_control_characters_never_reach_the_store(tmp_path):
    store = Store(tmp_path / "reader.json")
    store.articles.change("a.txt", "Note", note="red\x1b[31m text\x07 here\x00")
    store.articles.change("a.txt", "Tagged", tags=["bad\x1b]0;title\x07tag"])
    state = store.articles.state("a.txt")
    assert state.note == "red text here" and all("\x1b" not in t and "\x07" not in t for t in state.tags)


def test_marking_twenty_thousand_articles_read_is_one_batch_and_one_undo(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    store.articles.mark_read("x.txt")
    ids = [f"feed/{n}.html" for n in range(20_000)]
    change = store.articles.mark(ids, "read")
    assert change.what == "Marked 20,000 articles read" and len(store.articles.read_ids()) == 20_001
    journal = path.with_name("reader.json.journal").read_text().splitlines()
    assert len(journal) == 1  # one line: all or none (the first write went to reader.json)
    assert store.articles.undo() is change
    assert store.articles.read_ids() == {"x.txt"}  # the one read before stays read
    store.close()
    assert Store(path).articles.read_ids() == {"x.txt"}


def test_undo_takes_back_the_last_changes_in_order(tmp_path):
    store = Store(tmp_path / "reader.json")
    store.articles.mark(["a"], "archive")
    store.articles.mark(["a"], "star")
    store.articles.change("a", "Tagged", tags=["x"])
    assert store.articles.undo().what == "Tagged"
    assert store.articles.state("a").tags == () and store.articles.state("a").starred
    store.articles.undo()
    store.articles.undo()
    assert store.articles.state("a") == DEFAULT and store.articles.undo() is None


def test_a_read_only_store_changes_nothing(tmp_path):
    path = tmp_path / "reader.json"
    Store(path).close()
    first = Store(path)
    second = Store(path)  # another reader has it: read-only
    with pytest.raises(ReadOnlyError, match="in use by another reader"):
        second.articles.mark(["a"], "archive")
    with pytest.raises(ReadOnlyError):
        second.articles.save_view("x", "is:unread")
    assert second.articles.state("a") == DEFAULT and not second.articles.views()
    first.close()
    second.close()


def test_saved_views_are_kept_and_replaced_by_name(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    assert store.articles.save_view("Unread world", "is:unread feed:world") is True
    assert store.articles.save_view("Unread world", "is:unread") is False
    store.close()
    store = Store(path)
    assert [(v["name"], v["query"]) for v in store.articles.views()] == [("Unread world", "is:unread")]
    assert (
        store.articles.remove_view("Unread world")
        and not store.articles.views()
        and not store.articles.remove_view("nope")
    )


def test_a_schema_2_database_opens_with_every_article_in_the_inbox(tmp_path):
    path = tmp_path / "reader.json"
    old = {"meta": {"1": {"schema": 2}}, "reading": {"1": {"article": "a.txt", "read_at": "2024-01-01T00:00:00+00:00"}}}
    path.write_text(json.dumps(old))
    store = Store(path)
    assert store.articles.is_read("a.txt") and store.articles.state("a.txt") == DEFAULT
    assert path.read_text() == json.dumps(old)  # opening writes nothing
    store.articles.mark(["a.txt"], "later")
    store.close()
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION == 4 and data["reading"]["1"]["article"] == "a.txt"


def test_a_bad_state_record_is_set_aside_not_used(tmp_path):
    path = tmp_path / "reader.json"
    bad = {
        "meta": {"1": {"schema": 3}},
        "articles": {"1": {"article": "a.txt", "state": "trash"}, "2": {"article": "b.txt", "state": "later"}},
    }
    path.write_text(json.dumps(bad))
    store = Store(path)
    assert store.articles.state("a.txt") == DEFAULT and store.articles.state("b.txt").state == "later"
    assert any("unknown state 'trash'" in w for w in store.warnings)
    store.close()


def test_states_written_by_hand_are_read_as_the_app_keeps_them(tmp_path):
    """Records another tool (or a hand edit) wrote: tags not normalised, a tag that is not text,
    many articles alike; each reads right, and changing one leaves the ones like it alone."""
    path = tmp_path / "reader.json"
    articles = {
        str(n): {"article": f"{n}.txt", "state": "archive", "tags": ["#Politics ", "politics"]} for n in range(5)
    }
    articles["9"] = {"article": "odd.txt", "state": "later", "tags": [{"not": "text"}, 7]}
    path.write_text(json.dumps({"meta": {"1": {"schema": 3}}, "articles": articles}))
    store = Store(path)
    assert [store.articles.state(f"{n}.txt").tags for n in range(5)] == [("Politics", "politics")] * 5
    odd = store.articles.state("odd.txt")
    assert odd.state == "later" and len(odd.tags) == 2 and all(isinstance(tag, str) for tag in odd.tags)
    store.articles.mark(["0.txt"], "star")
    store.articles.change("1.txt", "Tagged", tags=["economy"])
    assert store.articles.state("0.txt").starred and not store.articles.state("2.txt").starred
    assert store.articles.state("1.txt").tags == ("economy",) and store.articles.state("3.txt").tags == (
        "Politics",
        "politics",
    )
    store.close()


def test_an_import_never_brings_back_a_highlight_the_user_deleted(tmp_path):
    store = Store(tmp_path / "reader.json")
    body = "One sentence here. Another one there."
    gone = store.highlights.add("a.txt", "fp", body, 19, 37)
    store.highlights.delete(gone.id)
    assert store.highlights.merge(gone.replace(modified="9999")) == "skipped"  # known by its id, however new
    assert store.highlights.merge(gone.replace(id="", via="")) == "skipped"  # no id: by its article and quote
    kindle = Highlight.over(body, 0, 18, id="", via="kindle-123", article="a.txt", fingerprint="fp", created="2024")
    assert store.highlights.merge(kindle) == "added"
    store.highlights.delete(store.highlights.of("a.txt")[0].id)
    assert store.highlights.merge(kindle) == "skipped"  # by the id it had where it came from
    store.highlights.undo("a.txt")  # a delete undone is no tombstone any more
    store.highlights.undo("a.txt")
    assert store.highlights.merge(gone.replace(modified="9999")) == "updated"
    store.close()
