"""The Store's daily review: each reviewed highlight's state (`reviews`, by highlight id; a
deleted highlight's state stays, unused, so that undoing the deletion brings it back) and
how many highlights were graded each day (`review_days`), for the streak."""

from __future__ import annotations

from reader.core.notes.review import Review
from reader.core.store.highlights import Highlights
from reader.core.store.tables import Part, Tables


class Reviews(Part):
    TABLES = frozenset({"reviews", "review_days"})

    def __init__(self, tables: Tables, highlights: Highlights) -> None:
        self._highlights = highlights  # an imported state is kept only for a highlight that is here
        super().__init__(tables)

    def _reload(self, tables: set[str]) -> None:
        if "reviews" in tables:
            rows = self._data.get("reviews", {})
            self._reviews = {doc["highlight"]: Review.stored(doc) for doc in rows.values()}
            self._review_doc = {doc["highlight"]: int(doc_id) for doc_id, doc in rows.items()}
        if "review_days" in tables:
            rows = self._data.get("review_days", {})
            self._review_days = {doc["day"]: (int(doc_id), doc["count"]) for doc_id, doc in rows.items()}

    def all(self) -> dict[str, Review]:
        return dict(self._reviews)

    def days(self) -> dict[str, int]:
        """How many highlights were graded each day (YYYY-MM-DD, the user's local day)."""
        return {day: count for day, (_, count) in self._review_days.items()}

    def save(self, highlight_id: str, review: Review, day: str | None = None) -> None:
        """Keep a highlight's review state; `day` counts a grade given that day."""
        with self._batch():
            doc_id = self._review_doc.get(highlight_id) or self._next_id("reviews")
            self._put("reviews", doc_id, {"highlight": highlight_id, **review.to_dict()})
            self._reviews[highlight_id], self._review_doc[highlight_id] = review, doc_id
            if day is not None:
                day_id, count = self._review_days.get(day, (0, 0))
                day_id = day_id or self._next_id("review_days")
                self._put("review_days", day_id, {"day": day, "count": count + 1})
                self._review_days[day] = (day_id, count + 1)

    def merge(self, imported: dict[str, Review]) -> int:
        """Keep imported review states in one batch: each whose highlight is here and that was
        reviewed later than the state here (or has none here). How many were kept."""
        kept = 0
        with self._batch():
            for highlight_id, review in imported.items():
                here = self._reviews.get(highlight_id)
                newer = here is None or (review.last_review or "") > (here.last_review or "")
                if newer and highlight_id in self._highlights:
                    self.save(highlight_id, review)
                    kept += 1
        return kept
