"""Highlight edits change what the user asked for and nothing else: `h` never nests a
duplicate, undo and redo stay in their article, a moved highlight keeps the user's quote."""

import json

from reader.core.library import fingerprint
from reader.core.notes.export import to_annotation
from reader.core.notes.highlight import Status, innermost
from reader.core.notes.importing import from_annotation
from reader.core.store import Store

BODY = (
    "Officials spoke with guarded optimism about the talks ahead of the elections. The US government "
    "said it would send observers. Critics said the vote would be neither free nor fair."
)
FP = fingerprint(BODY)
FIRST = (0, BODY.index(" The US"))  # first sentence
SECOND = (BODY.index("The US"), BODY.index(" Critics"))


def test_h_inside_a_highlight_makes_no_duplicate(tmp_path):
    store = Store(tmp_path / "reader.json")
    what, made = store.highlights.add_passage("a.txt", FP, BODY, FIRST[0], SECOND[1])
    assert what == "added"
    again, same = store.highlights.add_passage("a.txt", FP, BODY, *SECOND)  # the reported case: h, then h again
    assert again == "already" and same == made
    assert len(store.highlights.of("a.txt")) == 1


def test_h_over_part_of_highlights_extends_them_into_one_keeping_tags_and_notes(tmp_path):
    store = Store(tmp_path / "reader.json")
    _, one = store.highlights.add_passage("a.txt", FP, BODY, *FIRST)
    _, two = store.highlights.add_passage("a.txt", FP, BODY, *SECOND)
    store.highlights.update(one.id, tags=["vote"], note="guarded, says who?")
    store.highlights.update(two.id, tags=["us", "vote"], note="observers")
    what, merged = store.highlights.add_passage("a.txt", FP, BODY, BODY.index("elections"), BODY.index("observers"))
    assert what == "extended"
    assert [h.id for h in store.highlights.of("a.txt")] == [one.id]
    assert (merged.start, merged.end) == (FIRST[0], SECOND[1]) and merged.exact == BODY[FIRST[0] : SECOND[1]]
    assert merged.tags == ("vote", "us") and merged.note == "guarded, says who?\n\nobservers"
    assert store.highlights.undo("a.txt").what == "extend"  # one step brings both back as they were
    assert {h.id: h.note for h in store.highlights.of("a.txt")} == {one.id: "guarded, says who?", two.id: "observers"}


def test_keys_act_on_the_innermost_highlight():
    store_like = [
        ("outer", 0, 200),
        ("inner", 142, 200),
    ]
    from reader.core.notes.highlight import Highlight, Quote

    found = [Highlight(i, "a", "fp", Quote("x"), (s, e), s, e) for i, s, e in store_like]
    assert innermost(found, 150, 160).id == "inner"
    assert innermost(found, 100, 110).id == "outer"
    assert innermost(found, 100, 160).id == "inner"  # drawn over the outer one
    assert innermost(found, 300, 310) is None


def test_undo_stays_in_its_article_and_redo_goes_forward(tmp_path):
    store = Store(tmp_path / "reader.json")
    _, a = store.highlights.add_passage("a.txt", FP, BODY, *FIRST)
    _, b = store.highlights.add_passage("b.txt", FP, BODY, *FIRST)
    store.highlights.update(b.id, color="green")
    store.highlights.update(a.id, color="blue")
    assert store.highlights.undo("b.txt").what == "edit"  # b's colour change, though a's was later
    assert store.highlights.get(b.id).color == "yellow" and store.highlights.get(a.id).color == "blue"
    assert store.highlights.redo("b.txt").what == "edit" and store.highlights.get(b.id).color == "green"
    assert store.highlights.redo("b.txt") is None
    store.highlights.undo("a.txt")
    store.highlights.undo("a.txt")
    assert (
        store.highlights.of("a.txt") == []
        and not store.highlights.can_undo("a.txt")
        and store.highlights.can_redo("a.txt")
    )
    store.highlights.redo("a.txt")
    assert store.highlights.get(a.id).color == "yellow"
    store.highlights.add_passage("a.txt", FP, BODY, *SECOND)  # a new change ends the redo chain
    assert not store.highlights.can_redo("a.txt")


def test_a_moved_highlight_keeps_the_users_quote_and_reanchors_from_it(tmp_path):
    path = tmp_path / "reader.json"
    store = Store(path)
    _, made = store.highlights.add_passage("a.txt", FP, BODY, FIRST[0], SECOND[0] + len("The US"))
    edited = "A new paragraph.\n\n" + BODY.replace("guarded optimism", "cautious hope")
    [placed] = store.highlights.place("a.txt", fingerprint(edited), edited)
    assert placed.status is Status.FUZZY
    assert edited[placed.start : placed.end].endswith("elections. The US")  # the whole passage, new length
    assert placed.exact == made.exact and placed.quote == made.quote  # what the user highlighted
    exported = to_annotation(placed, None)
    assert from_annotation(exported) == placed  # the placement travels with it
    assert exported["target"]["selector"][0]["exact"] == made.exact
    store.close()
    # a second edit: placed again from the original passage, and unchanged text costs nothing
    store = Store(path)
    again = edited.replace("The US", "The United States")
    [second] = store.highlights.place("a.txt", fingerprint(again), again)
    assert again[second.start : second.end].endswith("elections. The United States")
    assert store.highlights.place("a.txt", fingerprint(again), again) == [second]
    accepted = store.highlights.accept_text(second.id, again, fingerprint(again))
    assert accepted.exact == again[second.start : second.end] and accepted.status is Status.EXACT
    assert json.loads(json.dumps(accepted.to_dict()))["target"][0]["exact"].startswith("Officials spoke with cautious")
