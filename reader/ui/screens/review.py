"""The daily review (`r` in the library): today's highlights one at a time, chosen by spaced
repetition (services.review); `1`-`4` grade, `x` takes one out of the review for good, `o`
opens the passage in its article, `t` and `n` edit its tags and note in place."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from reader.core.notes.highlight import Highlight
from reader.core.notes.review import day_of, now, streak
from reader.core.text import plural
from reader.services import review
from reader.services.review import ReviewDay, ReviewItem
from reader.ui.keys import bindings
from reader.ui.messages import OpenArticle
from reader.ui.widgets.key_footer import KeyFooter


class ReviewScreen(Screen):
    TITLE = "Review"
    BINDINGS = bindings("review")

    def __init__(self, among: set[str] | None = None, scope: str = "") -> None:
        super().__init__()
        self.among, self.scope = among, scope  # only these articles' highlights (a view's), named
        self.day: ReviewDay | None = None
        self.at = 0
        self.reviewed = 0

    def compose(self) -> ComposeResult:
        yield Static(id="review-head")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-card")
        yield Static(id="review-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.day = review.review_day(self.app.services, among=self.among)
        self.show()
        self.app.workspace.subscribe(self, self._changed)  # a grade from the shell, say

    def on_unmount(self) -> None:
        self.app.workspace.unsubscribe(self)

    def _changed(self, _: object) -> None:
        """The store changed elsewhere (`reader review grade` in a shell): what was graded or
        deleted there since leaves what is left to review; the rest is drawn as it is now."""
        if self.day is None:
            return
        store = self.app.services.store
        reviews, left = store.reviews.all(), self.day.items[self.at :]
        kept = [
            item
            for item in left
            if reviews.get(item.highlight.id) == item.review and store.highlights.get(item.highlight.id) is not None
        ]
        if len(kept) != len(left):
            self.day.items[self.at :] = kept
        self.show()

    def on_screen_resume(self) -> None:
        self.show()  # back from the article, or a dialog

    @property
    def current(self) -> ReviewItem | None:
        return self.day.items[self.at] if self.day and self.at < len(self.day.items) else None

    def show(self) -> None:
        item = self.current
        head = "Review" + (f" · {self.scope}" if self.scope else "")
        left = len(self.day.items) - self.at if self.day else 0
        self.query_one("#review-head", Static).update(Text(f"{head} · {plural(left, 'highlight')} left"))
        card = self.query_one("#review-card", Static)
        if item is None:
            tomorrow = review.review_tomorrow(self.app.services, self.day) if self.day else 0
            card.update(Text(f"Done for today: {self.reviewed} reviewed; tomorrow: {tomorrow}", style="bold"))
        else:
            card.update(self.card(item))
        self.query_one("#review-status", Static).update(self.record())

    def card(self, item: ReviewItem) -> Text:
        h = self.here() or item.highlight  # tags, note as they are now
        text = Text(f"“{h.exact.strip()}”\n\n", style="italic")
        text.append(item.entry.title, style="bold")
        if item.entry.date:
            text.append(f" · {item.entry.date.isoformat()}", style="dim")
        if h.tags:
            text.append("\n" + " ".join(f"#{t}" for t in h.tags), style="dim")
        if h.note:
            text.append(f"\n\n✎ {h.note}")
        if not h.attached:
            text.append("\n\ndetached: its text is no longer in the article", style="dim italic")
        review = item.review
        if review is None or review.last_review is None:
            text.append("\n\nnew: never reviewed", style="dim")
        else:
            text.append(f"\n\nreviewed {plural(review.reps, 'time')}; due {item.due.isoformat()}", style="dim")
        return text

    def record(self) -> Text:
        """The streak and the count of each of the last seven days."""
        days = self.app.services.store.reviews.days()
        today = day_of(now())
        week = [today - dt.timedelta(days=n) for n in range(6, -1, -1)]
        counts = " ".join(f"{d.strftime('%a')} {days.get(d.isoformat(), 0)}" for d in week)
        return Text(f"Streak {plural(streak(days, today), 'day')} · {counts}")

    def grade(self, how: str) -> None:
        item = self.current
        if item is None:
            return
        with self.app.saving(failed="Grade not saved") as saved:
            review.grade_highlight(self.app.services, item.highlight.id, how)
        if saved.ok:
            self.reviewed += how != "never"
            self.at += 1
            self.show()

    def action_grade(self, how: str) -> None:
        self.grade(how)

    def action_open(self) -> None:
        item = self.current
        if item is not None:
            h = item.highlight
            self.post_message(OpenArticle(h.article, [h.article], at=h.start if h.attached else None))

    def here(self) -> Highlight | None:
        """The highlight on screen, as it is now (its tags or note may have changed)."""
        item = self.current
        return self.app.services.store.highlights.get(item.highlight.id) if item else None

    def action_tags(self) -> None:
        from reader.ui.dialogs import ask_tags

        store, h = self.app.services.store, self.here()
        if h is None:
            return

        def save(tags: list[str]) -> None:
            with self.app.saving():
                store.highlights.update(h.id, tags=tags)
            self.show()

        ask_tags(self.app, h, store.tags(), save)

    def action_note(self) -> None:
        from reader.ui.dialogs import ask_note

        store, h = self.app.services.store, self.here()
        if h is None:
            return

        def save(note: str) -> None:
            with self.app.saving():
                store.highlights.update(h.id, note=note)
            self.show()

        ask_note(self.app, h, save)

    def action_back(self) -> None:
        self.dismiss()
