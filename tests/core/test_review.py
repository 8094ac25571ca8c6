"""The daily review's scheduling (FSRS through `fsrs`): what a grade does, which highlights
make today's set and in what order, the streak, and the state kept in the store."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.core.notes.highlight import Highlight
from reader.core.notes.review import Review, choose, grade, streak
from reader.core.store import Store

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def highlight(n: int, created: str = "") -> Highlight:
    return Highlight.over(
        "x" * 100, n, n + 5, id=f"h{n}", article="a", fingerprint="f", created=created or f"2026-01-{n + 1:02d}"
    )


def days(review: Review, since: dt.datetime) -> float:
    return (dt.datetime.fromisoformat(review.due) - since).total_seconds() / 86400


def test_easy_comes_back_later_than_good_later_than_hard_later_than_again():
    first = {how: grade(None, how, NOON) for how in ("again", "hard", "good", "easy")}
    assert days(first["again"], NOON) >= 1  # never the same day: whole days only
    assert days(first["again"], NOON) <= days(first["hard"], NOON) <= days(first["good"], NOON)
    assert days(first["good"], NOON) < days(first["easy"], NOON)
    later = NOON + dt.timedelta(days=10)
    again = grade(first["good"], "again", later)
    easy = grade(first["good"], "easy", later)
    assert days(again, later) < days(easy, later)
    assert (again.reps, again.lapses, easy.reps, easy.lapses) == (2, 1, 2, 0)
    assert easy.stability > first["good"].stability  # remembered: it lasts longer


def test_a_graded_highlight_leaves_today_and_comes_back_when_due():
    review = grade(None, "good", NOON)
    assert choose([highlight(1)], {"h1": review}, 10, NOON) == []
    assert choose([highlight(1)], {"h1": review}, 10, dt.datetime.fromisoformat(review.due)) == [highlight(1)]


def test_never_takes_a_highlight_out_of_the_review_for_good():
    gone = grade(grade(None, "good", NOON), "never", NOON)
    assert gone.suspended
    far = NOON + dt.timedelta(days=3650)
    assert choose([highlight(1)], {"h1": gone}, 10, far) == []
    assert choose([highlight(1)], {"h1": gone}, None, far) == []  # not even with --all
    assert choose([highlight(1)], {"h1": grade(None, "never", NOON)}, 10, NOON) == []  # never reviewed, never again


def test_today_is_the_due_ones_first_then_the_newest_new_ones_up_to_the_count():
    marks = [highlight(n) for n in range(12)]
    reviews = {
        "h0": grade(None, "good", NOON - dt.timedelta(days=30)),  # long overdue
        "h1": grade(None, "again", NOON - dt.timedelta(days=1)),  # due today
        "h2": grade(None, "easy", NOON),  # not due
    }
    today = choose(marks, reviews, 5, NOON)
    assert [h.id for h in today] == ["h0", "h1", "h11", "h10", "h9"]
    assert len(choose(marks, reviews, 10, NOON)) == 10  # filled up to the count
    assert len(choose(marks, reviews, 50, NOON)) == 11  # all there are (h2 is not due)
    every = [h.id for h in choose(marks, reviews, None, NOON)]
    assert len(every) == 12 and every[-1] == "h2"  # --all: the not-yet-due last


def test_new_ones_made_in_the_same_millisecond_come_newest_saved_first():
    same = "2026-01-05T10:00:00.123+00:00"
    marks = [highlight(n, same) for n in (7, 3, 9)]  # saved in this order, ids out of order
    assert [h.id for h in choose(marks, {}, 3, NOON)] == ["h9", "h3", "h7"]
    assert [h.id for h in choose(marks, {}, None, NOON)] == ["h9", "h3", "h7"]


def test_the_newest_new_ones_are_chosen_whatever_order_they_were_saved_in():
    """Saved as made (the newest last), saved newest first (an import), or mixed: the same choice."""
    made = [highlight(n) for n in range(12)]
    mixed = made[5:] + made[:5]
    for saved in (made, made[::-1], mixed):
        assert [h.id for h in choose(saved, {}, 4, NOON)] == ["h11", "h10", "h9", "h8"]


def test_the_streak_counts_days_in_a_row_up_to_today_or_yesterday():
    today = dt.date(2026, 3, 10)
    assert streak({}, today) == 0
    assert streak({"2026-03-10": 3, "2026-03-09": 1, "2026-03-08": 2, "2026-03-06": 9}, today) == 3
    assert streak({"2026-03-09": 1, "2026-03-08": 2}, today) == 2  # not yet today: still alive
    assert streak({"2026-03-08": 2}, today) == 0


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"due": "tomorrow"},
        {"due": "2026-03-10T12:00:00+00:00", "reps": -1},
        {"due": "2026-03-10T12:00:00+00:00", "stability": "high"},
        {"due": "2026-03-10T12:00:00+00:00", "state": 9},
        {"due": "2026-03-10T12:00:00+00:00", "last_review": 5},
    ],
)
def test_a_review_state_that_is_not_one_is_refused(doc):
    with pytest.raises(ValueError):
        Review.from_dict(doc)


def test_review_states_and_daily_counts_survive_a_restart_and_a_bad_record_is_set_aside(tmp_path):
    import json

    store = Store(tmp_path / "reader.json")
    good = grade(None, "good", NOON)
    store.reviews.save("h1", good, "2026-03-10")
    store.reviews.save("h2", grade(None, "never", NOON))  # not a grade: not counted
    store.close()
    store = Store(tmp_path / "reader.json")
    assert store.reviews.all()["h1"] == good
    assert store.reviews.all()["h2"].suspended and store.reviews.days() == {"2026-03-10": 1}
    store.reviews.save("h1", grade(good, "easy", NOON + dt.timedelta(days=3)), "2026-03-13")
    store.close()
    data = json.loads((tmp_path / "reader.json").read_text())
    data["reviews"]["99"] = {"highlight": "h9", "due": "not a time"}
    (tmp_path / "reader.json").write_text(json.dumps(data))
    store = Store(tmp_path / "reader.json")
    assert store.reviews.all()["h1"].reps == 2 and "h9" not in store.reviews.all()
    assert store.reviews.days() == {"2026-03-10": 1, "2026-03-13": 1}
    assert any("reviews record 99" in warning for warning in store.warnings)
    store.close()
