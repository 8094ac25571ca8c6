"""The library's ways to the other screens: search, Explore, feeds, the notebook, the
daily review (of every highlight, or of the articles on screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.ui.screens.library import LibraryScreen

    _Base = LibraryScreen
else:
    _Base = object


class ElsewhereActions(_Base):
    """Mixed into LibraryScreen."""

    def action_search(self) -> None:
        from reader.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_explore(self) -> None:
        from reader.ui.screens.explore import ExploreScreen

        self.app.push_screen(ExploreScreen([e.id for e in self.shown]))

    def action_feeds(self) -> None:
        from reader.ui.screens.feeds import FeedsScreen

        self.app.push_screen(FeedsScreen(self))

    def action_notebook(self) -> None:
        from reader.ui.screens.notebook import NotebookScreen

        self.app.push_screen(NotebookScreen())

    def action_review(self) -> None:
        from reader.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def action_review_shown(self) -> None:
        """The review of the highlights of the articles on screen (the view and its filter)."""
        from reader.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen({e.id for e in self.shown}, self.view["name"]))
