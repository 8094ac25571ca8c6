"""The typed highlight: its stored form is the one earlier versions wrote (a database made
by them reads back unchanged), and anchoring knows nothing of storage."""

import json
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from reader.core.notes.highlight import Highlight, Quote, Status, normalize_tags, record_of
from reader.core.store.checks import CHECKS

STORED = {  # a highlight as reader 0.1 wrote it into reader.json
    "id": "5f0c2a9e1b7d4c3e8a6f0b1c2d3e4f50",
    "article": "a.txt",
    "fingerprint": "fp1",
    "target": [
        {"type": "TextQuoteSelector", "exact": "quick brown fox", "prefix": "The ", "suffix": " jumps"},
        {"type": "TextPositionSelector", "start": 4, "end": 19},
    ],
    "start": 4,
    "end": 19,
    "status": "fuzzy",
    "color": "green",
    "tags": ["animals", "classic"],
    "note": "A *pangram*.",
    "created": "2026-11-01T10:00:00.000+00:00",
    "modified": "2026-11-02T10:00:00.000+00:00",
}


def test_stored_form_round_trips_unchanged():
    highlight = Highlight.from_dict(STORED)
    assert highlight.status is Status.FUZZY and highlight.quote == Quote("quick brown fox", "The ", " jumps")
    assert highlight.tags == ("animals", "classic") and not isinstance(highlight.tags, list)
    assert highlight.to_dict() == STORED


@given(
    start=st.integers(0, 40),
    length=st.integers(0, 40),
    moved=st.none() | st.tuples(st.integers(0, 40), st.integers(0, 40)),
    status=st.sampled_from(list(Status)),
    color=st.sampled_from(["yellow", "blue"]),
    tags=st.lists(st.sampled_from(["a", "b/c", "é"]), max_size=3),
    note=st.sampled_from(["", "a note", "é\n"]),
    via=st.sampled_from(["", "kindle-1"]),
    fingerprint=st.sampled_from(["", "fp1"]),
)
def test_the_flat_record_round_trips_every_field(start, length, moved, status, color, tags, note, via, fingerprint):
    body = "The quick brown fox jumps over the lazy dog, again and again."
    made = Highlight.over(body, start, start + length, id="x", article="a.txt", fingerprint=fingerprint, color=color)
    made = made.replace(tags=tags, note=note, via=via, created="2026-11-01", modified="2026-11-02")
    if moved is not None:
        made = made.placed_at("fp2", min(moved), max(moved), status)
    record = made.to_record()
    assert CHECKS["highlights"](record) is None and Highlight.from_record(record) == made
    assert Highlight.from_record(json.loads(json.dumps(record))) == made
    assert record_of(made.to_dict()) == record  # a schema 3 record becomes this one


def test_placing_on_a_changed_text_keeps_the_users_quote():
    original = Highlight.from_dict(STORED)
    moved = original.placed_at("fp2", 11, 26, Status.MOVED)
    assert (moved.start, moved.end, moved.placed_on) == (11, 26, "fp2")
    assert moved.quote == original.quote and moved.position == (4, 19) and moved.fingerprint == "fp1"
    assert moved.to_dict()["placed"] == "fp2" and Highlight.from_dict(moved.to_dict()) == moved
    assert original.placed_at("fp1", 4, 19, Status.EXACT).placed == ""  # back on its own text


def test_rebased_takes_the_new_text_as_its_quote():
    body = "Intro. The quick brown cat jumps over the lazy dog."
    moved = Highlight.from_dict(STORED).placed_at("fp2", 11, 26, Status.FUZZY)
    accepted = moved.rebased(body, "fp2")
    assert accepted.exact == "quick brown cat" and accepted.quote.prefix == "Intro. The "
    assert (accepted.position, accepted.fingerprint, accepted.placed, accepted.status) == ((11, 26), "fp2", "", "exact")
    assert accepted.note == "A *pangram*."


def test_replace_normalises_tags_and_status():
    changed = Highlight.from_dict(STORED).replace(tags=["#EU politics", "uk, eu"], status="orphan")
    assert changed.tags == ("EU-politics", "uk", "eu") and changed.status is Status.ORPHAN and not changed.attached
    assert normalize_tags(["a", "a, b"]) == ("a", "b")


def test_anchoring_and_highlight_do_not_import_the_store():
    code = "import sys, reader.core.notes.anchoring, reader.core.notes.highlight; print('reader.core.store' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
