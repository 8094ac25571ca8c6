"""The daily review: a few highlights come back each day, chosen by spaced repetition (FSRS,
the scheduler Anki uses, from the `fsrs` package). Each highlight reviewed has a state (when
it is due, its stability and difficulty, how often it was reviewed and forgotten); a grade
moves it on. A day is the user's local day; intervals are whole days (no steps of minutes:
a highlight comes back tomorrow at the soonest)."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Protocol, TypeVar

GRADES = ("again", "hard", "good", "easy")  # as FSRS rates a review, 1 to 4
NEVER = "never"  # out of the review for good (the highlight stays)


@dataclass(frozen=True)
class Review:
    """A highlight's place in the review. `due` and `last_review` are ISO times in UTC."""

    due: str
    stability: float | None = None
    difficulty: float | None = None
    reps: int = 0
    lapses: int = 0
    last_review: str | None = None
    suspended: bool = False
    state: int = 2  # FSRS: 1 learning, 2 review, 3 relearning

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def stored(cls, doc: Mapping[str, Any]) -> Review:
        """A review state from a record the store checked at open (`from_dict`)."""
        get = doc.get
        return cls(
            doc["due"], get("stability"), get("difficulty"), get("reps", 0), get("lapses", 0),
            get("last_review"), bool(get("suspended")), get("state", 2),
        )  # fmt: skip

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Review:
        """A review state as stored or imported; ValueError if it is not one."""
        due = doc.get("due")
        if not isinstance(due, str):
            raise ValueError("no 'due' time")
        due = _time(due).astimezone(dt.UTC).isoformat()  # one form, so that dues sort as text
        last = doc.get("last_review")
        if last is not None:
            if not isinstance(last, str):
                raise ValueError("a 'last_review' that is not a time")
            _time(last)
        stability, difficulty = (_number(doc.get(key), key) for key in ("stability", "difficulty"))
        reps, lapses = (_count(doc.get(key, 0), key) for key in ("reps", "lapses"))
        state = doc.get("state", 2)
        if state not in (1, 2, 3):
            raise ValueError("an unknown 'state'")
        suspended = bool(doc.get("suspended"))
        return cls(due, stability, difficulty, reps, lapses, last, suspended, state)


def _number(value: Any, key: str) -> float | None:
    if value is not None and (type(value) not in (int, float) or not 0 <= value < 1e9):
        raise ValueError(f"a {key!r} that is not a number")
    return None if value is None else float(value)


def _count(value: Any, key: str) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"a {key!r} that is not a count")
    return value


def _time(text: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def day_of(when: dt.datetime) -> dt.date:
    """The user's local day at `when`."""
    return when.astimezone().date()


def end_of_day(when: dt.datetime) -> dt.datetime:
    local = when.astimezone()
    return dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=local.tzinfo)


def grade(review: Review | None, how: str, when: dt.datetime) -> Review:
    """The state after grading a highlight `how` (one of GRADES, or NEVER) at `when`."""
    if how == NEVER:
        return replace(review or Review(due=when.astimezone(dt.UTC).isoformat()), suspended=True)
    if how not in GRADES:
        raise ValueError(f"{how!r} is not a grade: {', '.join((*GRADES, NEVER))}")
    import fsrs

    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=())
    if review is not None and review.last_review is not None:
        card = fsrs.Card(
            card_id=1,
            state=fsrs.State(review.state),
            step=None if review.state == 2 else 0,
            stability=review.stability,
            difficulty=review.difficulty,
            due=_time(review.due),
            last_review=_time(review.last_review),
        )
    else:
        card = fsrs.Card(card_id=1, due=when)  # a first review
    rating = fsrs.Rating(GRADES.index(how) + 1)
    card, _ = scheduler.review_card(card, rating, when.astimezone(dt.UTC))
    reps = (review.reps if review else 0) + 1
    lapses = (review.lapses if review else 0) + (1 if how == "again" and review and review.last_review else 0)
    return Review(
        due=card.due.isoformat(),
        stability=card.stability,
        difficulty=card.difficulty,
        reps=reps,
        lapses=lapses,
        last_review=card.last_review.isoformat() if card.last_review else when.isoformat(),
        state=int(card.state),
    )


def cutoff(when: dt.datetime) -> str:
    """What is due before this (the end of the local day of `when`, as UTC ISO text: dues are
    kept in that form, so they compare as text)."""
    return end_of_day(when).astimezone(dt.UTC).isoformat()


def due_date(review: Review | None, when: dt.datetime) -> dt.date:
    """The day a highlight is due (today for one never reviewed)."""
    return day_of(when) if review is None else max(day_of(_time(review.due)), day_of(when))


class Reviewable(Protocol):
    """What choosing needs of a highlight (a Highlight, or the store's Brief of one)."""

    @property
    def id(self) -> str: ...

    @property
    def created(self) -> str: ...


H = TypeVar("H", bound=Reviewable)


def choose(
    highlights: Iterable[H],
    reviews: Mapping[str, Review],
    count: int | None,
    when: dt.datetime,
) -> list[H]:
    """The highlights to review: the due ones first (the most overdue first), then the ones
    never reviewed (newest first), `count` of them at most (None: every reviewable one, due
    or not, the soonest due first)."""
    before = cutoff(when)
    due: list[H] = []
    later: list[H] = []
    # (created, place, it): made in the same millisecond, the one saved later is newer
    new: list[tuple[str, int, H]] = []
    for i, h in enumerate(highlights):
        review = reviews.get(h.id)
        if review is None or review.last_review is None:
            if not (review and review.suspended):
                new.append((h.created, i, h))  # compared as tuples, in C: no key called 100,000 times
        elif review.suspended:
            continue
        elif review.due < before:
            due.append(h)
        else:
            later.append(h)

    def by_due(h: H) -> tuple[str, str]:
        return reviews[h.id].due, h.id

    if count is None:
        newest = sorted(new, reverse=True)
        return sorted(due, key=by_due) + [h for _, _, h in newest] + sorted(later, key=by_due)
    first = heapq.nsmallest(max(0, count), due, key=by_due)
    # walked newest first (saved as made, the newest are last): few replace the ones kept, 4 ms
    # instead of 40 at 100,000
    newest_first = reversed(new) if new and new[0] < new[-1] else new
    return first + [h for _, _, h in heapq.nlargest(max(0, count - len(first)), newest_first)]


def streak(days: Mapping[str, int], today: dt.date) -> int:
    """Days in a row with a review, up to today (or yesterday, if none yet today)."""
    day = today if days.get(today.isoformat()) else today - dt.timedelta(days=1)
    count = 0
    while days.get(day.isoformat()):
        count += 1
        day -= dt.timedelta(days=1)
    return count
