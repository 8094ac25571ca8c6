"""The daily review for the CLI and the app: today's highlights (those due, then new ones,
up to `review_per_day` less what was graded today), each with its article's title and date;
a grade kept; tomorrow's count and the streak."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.notes.highlight import Highlight
from reader.core.notes.review import NEVER, Review, choose, day_of, due_date, grade, now, streak
from reader.core.store.highlights import Brief
from reader.services import triage

if TYPE_CHECKING:
    from reader.core.library import Entry
    from reader.services import Services


@dataclass
class ReviewItem:
    highlight: Highlight
    entry: Entry
    review: Review | None
    due: dt.date

    def to_json(self) -> dict:
        h = self.highlight
        return {
            "id": h.id,
            "quote": h.quote.exact,
            "note": h.note or None,
            "tags": list(h.tags),
            "article": h.article,
            "title": self.entry.title,
            "due": self.due.isoformat(),
        }


@dataclass
class ReviewDay:
    items: list[ReviewItem]
    done_today: int  # highlights graded today
    streak: int  # days in a row with a review
    reviewable: list[Brief]  # what the set was chosen from (a query's, a tag's, a view's)


def _reviewable(
    services: Services, query: str | None, tag: str | None, among: Collection[str] | None = None
) -> tuple[list[Brief], dict[str, Entry]]:
    """The highlights of the articles shown (a query's, a tag's, these ids'), with their articles:
    read from the store's records (100,000 of them), each made into a Highlight only if chosen."""
    entries = {e.id: e for e in (triage.select(services, query) if query else triage.visible(services))}
    if among is not None:
        entries = {i: e for i, e in entries.items() if i in among}
    highlights = [h for h in services.store.highlights.briefs() if h.article in entries]
    if tag:
        wanted = tag.removeprefix("#").casefold()
        states = services.store.articles.states()
        highlights = [
            h
            for h in highlights
            if wanted in {t.casefold() for t in h.tags}
            or (h.article in states and wanted in {t.casefold() for t in states[h.article].tags})
        ]
    return highlights, entries


def review_day(
    services: Services,
    query: str | None = None,
    tag: str | None = None,
    count: int | None = None,
    every: bool = False,
    when: dt.datetime | None = None,
    among: Collection[str] | None = None,
) -> ReviewDay:
    """Today's review (every reviewable highlight with `every`); `count` instead of the
    daily number; `among`: only these articles' highlights."""
    when = when or now()
    highlights, entries = _reviewable(services, query, tag, among)
    reviews = services.store.reviews.all()
    days = services.store.reviews.days()
    today = day_of(when).isoformat()
    left = None if every else max(0, (count or services.config.review_per_day) - days.get(today, 0))
    items = []
    for brief in choose(highlights, reviews, left, when):
        highlight, review = services.store.highlights.get(brief.id), reviews.get(brief.id)
        if highlight is not None:  # a Brief's highlight is in the store
            items.append(ReviewItem(highlight, entries[brief.article], review, due_date(review, when)))
    return ReviewDay(items, days.get(today, 0), streak(days, day_of(when)), highlights)


def review_tomorrow(services: Services, day: ReviewDay, when: dt.datetime | None = None) -> int:
    """How many highlights of `day`'s kind tomorrow's review will bring (as things stand)."""
    tomorrow = (when or now()) + dt.timedelta(days=1)
    return len(choose(day.reviewable, services.store.reviews.all(), services.config.review_per_day, tomorrow))


def grade_highlight(services: Services, highlight_id: str, how: str, when: dt.datetime | None = None) -> Review:
    """Keep a grade (`never` takes the highlight out of the review); KeyError if there is
    no such highlight, ValueError if `how` is not a grade."""
    if services.store.highlights.get(highlight_id) is None:
        raise KeyError(highlight_id)
    when = when or now()
    review = grade(services.store.reviews.all().get(highlight_id), how, when)
    services.store.reviews.save(highlight_id, review, None if how == NEVER else day_of(when).isoformat())
    return review
