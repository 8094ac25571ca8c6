"""What the library's list shows, as a plain object the screen and the views drawer share:
a view (its query, the Inbox first), the filter typed in `/`, the order; the articles they
find and how many the view holds, found again only when something they are made of has
changed (the store, the library, the entity names), each order kept (`s` back and forth is
free)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from typing import TYPE_CHECKING

from reader.core.library import Entry, Facts, Query, QueryError, ordered
from reader.core.text import plural
from reader.services import triage
from reader.ui.screens.library.filter import ListFilter

if TYPE_CHECKING:
    from reader.services import Services
    from reader.ui.workspace import Workspace

INBOX = "in:inbox"
SORTS = ("date", "title")


class Listing:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.sort = "date"
        self.view = {"name": "Inbox", "query": INBOX}
        self.hide_read = workspace.services.config.hide_read  # `H`: the read articles left out of any view
        self.shown: list[Entry] = []
        self.in_view: int | None = None  # articles in the view (the filter aside)
        self.problem: str | None = None  # why the filter cannot be read, while it cannot
        self._filter = ListFilter()
        self._found: tuple = ()  # (what the list was last made of, its order)
        self._unread: tuple[tuple, int] = ((), 0)
        self._sorted: dict[str, tuple[tuple, list[Entry]]] = {}  # sort -> (scope, the visible entries in order)
        self._feeds: tuple[int, Callable[[Entry], tuple[str, str]]] = (0, lambda e: (e.feed or "", ""))

    @property
    def services(self) -> Services:
        return self.workspace.services

    def open_on(self, name: str) -> str | None:
        """Show the view `name` (`start_view`); what to say if there is none (the Inbox stays)."""
        view = triage.named_view(self.services, name)
        if view is None:
            return f"No view is called “{name}” (start_view): the Inbox is shown."
        self.view = view
        return None

    def origin(self) -> Callable[[Entry], tuple[str, str]]:
        """Each article's feed and folder as the list shows them, made again only when the
        feeds' titles or folders change (the list's columns are fitted again then)."""
        feeds = self.services.store.feeds.all()
        signature = hash(tuple((f["url"], f["title"], *f["folders"]) for f in feeds))
        if self._feeds[0] != signature:
            self._feeds = (signature, triage.feed_columns(self.services).of)
        return self._feeds[1]

    def query_text(self, typed: str) -> str:
        """The view's query and the filter, as one query."""
        typed, view = self.typed(typed), self.view["query"]
        return f"({view}) {typed}" if view and typed else view or typed

    def typed(self, typed: str) -> str:
        """The filter as typed, with `is:unread` when the read articles are hidden."""
        typed = typed.strip()
        return f"({typed}) is:unread" if self.hide_read and typed else "is:unread" if self.hide_read else typed

    def in_order(self) -> list[Entry]:
        """The visible articles in the current order (sorted once per change of the library)."""
        assert self.workspace.library is not None
        key = self.scope()
        if self._sorted.get(self.sort, ((), []))[0] != key:
            self._sorted[self.sort] = (key, ordered(self.workspace.visible(), self.sort))
        return self._sorted[self.sort][1]

    def scope(self) -> tuple:
        """What the visible list holds, whatever its order."""
        library = self.workspace.library
        assert library is not None
        return (id(library), library.changes, self.services.store.articles.deleted_ids())

    def version(self) -> tuple:
        """Changes whenever what the list is made from may have: the store, the entity names."""
        return (self.services.store.version, id(self.workspace.names.mentions))

    def made_of(self, view: str, typed: str) -> tuple:
        """What the list shows is made of: it is found again only when this changes."""
        library = self.workspace.library
        assert library is not None
        return (self.version(), id(library), library.changes, view, typed)

    def find(self, typed: str, counts: dict[str, int]) -> bool:
        """The articles of the view that `typed` keeps, into `shown` (`problem` says why not
        when a query does not read: the list stays as it was). False if nothing they are
        made of has changed since the last time (back from another screen, say)."""
        version = self.version()
        typed = self.typed(typed)
        made_of = self.made_of(self.view["query"], typed)
        if (made_of, self.sort) == self._found and self.problem is None:
            return False
        self._found = (made_of, self.sort)
        try:
            self.shown, self.in_view = self._filter.apply(
                self.in_order(), self.scope(), self.view["query"], typed, partial(self._facts, counts), version
            )
            self.problem = None
        except QueryError as error:
            self.problem = str(error)
        return True

    def _facts(self, counts: dict[str, int], query: Query) -> Facts:
        store, names = self.services.store, self.workspace.names
        if "mentions" in query.needs and names.mentions is None and not names.looking_up:
            names.load()
        tags = store.highlights.tags_by_article() if "tags" in query.needs else {}
        text = partial(triage.text_ids, self.services) if "text" in query.needs else None
        found = Facts(store.articles.read_ids(), store.articles.states(), tags, counts, names.mentions, text)
        found.feed_folders, found.feed_names, found.feed_ids = (
            store.feeds.folders(),
            store.feeds.names(),
            store.feeds.ids(),
        )
        return found

    def counted(self) -> list[str]:
        """The status line's first parts: the view, how many it shows of how many, unread, order."""
        total = self.in_view if self.in_view is not None else len(self.in_order())
        shown = len(self.shown)
        unread = f"{self.unread():,} unread" + (" (read hidden: H)" if self.hide_read else "")
        count = f"{shown:,} of {plural(total, 'article')}" if shown != total else plural(total, "article")
        return [self.view["name"], count, unread, f"sorted by {self.sort}"]

    def unread(self) -> int:
        """Of the articles shown (counted once per change)."""
        counted = (self._found[0] if self._found else (), len(self.shown))  # its order aside
        if self._unread[0] != counted:
            read = self.services.store.articles.read_keys()
            self._unread = (counted, sum(1 for e in self.shown if e.id not in read))
        return self._unread[1]

    def choose(self, view: dict) -> None:
        """Show a view the drawer chose (counted there, off the UI: neither its articles nor
        its unread are found again)."""
        self.view = {"name": view["name"], "query": view["query"]}
        if "entries" in view:
            self._filter.seed(
                self.in_order(), self.scope(), view["query"], view["entries"], view["ids"], view["version"]
            )
            if view["version"] == self.version():
                self._unread = ((self.made_of(view["query"], ""), view["count"]), view["unread"])

    def next_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    def base(self) -> tuple[list[Entry], Hashable, Hashable]:
        """What the views drawer counts in: the articles in order, what the store and the
        names are now, and the two with what the list holds (unchanged: nothing to count)."""
        entries, version = self.in_order(), self.version()
        return entries, version, (self.scope(), version)
