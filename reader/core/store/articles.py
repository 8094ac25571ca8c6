"""The Store's articles: read or not (and where the reader left each), where each is (inbox,
later, archive), starred, its own tags and note, deleted; saved views. Changes to many
articles are one batch (all or none), and the last ones can be undone together."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, KeysView
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, TypeVar, cast

from reader.core.files import utc_now
from reader.core.notes.highlight import normalize_tags
from reader.core.store.tables import Part, Tables
from reader.core.text import clean, plural

# what `reader mark` and the keys set: STATE -> (field, value)
MARKS: dict[str, tuple[str, Any]] = {
    "read": ("read", True),
    "unread": ("read", False),
    "inbox": ("state", "inbox"),
    "later": ("state", "later"),
    "archive": ("state", "archive"),
    "star": ("starred", True),
    "unstar": ("starred", False),
}
T = TypeVar("T")
UNDO_KEPT = 50  # changes to articles that `u` can take back, this session


@dataclass(frozen=True)
class ArticleState:
    state: str = "inbox"
    starred: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    deleted: dict[str, Any] | None = None  # {"at", "path", "trash"}

    def to_dict(self, article_id: str) -> dict[str, Any]:
        doc: dict[str, Any] = {"article": article_id, "state": self.state, "starred": self.starred}
        doc |= {"tags": list(self.tags), "note": self.note}
        return doc | ({"deleted": dict(self.deleted)} if self.deleted else {})

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> ArticleState:
        note, deleted = doc.get("note") or "", doc.get("deleted") or None
        state, starred, tags = doc.get("state", "inbox"), bool(doc.get("starred")), doc.get("tags")
        if not (note or deleted) and (tags is None or type(tags) is list):
            try:
                return _shared(state, starred, tuple(tags or ()))
            except TypeError:  # a tag that is not text: made on its own below
                pass
        return cls(state, starred, normalize_tags(tags), note, deleted)


@lru_cache(maxsize=4096)
def _shared(state: str, starred: bool, tags: tuple[str, ...]) -> ArticleState:
    """One object for the articles whose state is the same (frozen, so shared safely): most are
    alike, and 20,000 of them are read at every start."""
    return ArticleState(state, starred, normalize_tags(tags))


DEFAULT = ArticleState()


def view_name(name: str) -> str:
    """A view's name as kept: one line, single spaces, no control characters."""
    return " ".join(clean(name).split())


def clean_note(text: str) -> str:
    """A note as kept: control characters and escape sequences gone, edges trimmed."""
    return clean(text).strip()


@dataclass(frozen=True)
class Undoable:
    """One change to articles, as `undo_articles` takes it back: each row as it was before."""

    what: str  # "Archived 3 articles"
    rows: tuple[tuple[str, str, Any], ...]  # (table, doc id, document before or None)
    deleted: tuple[str, ...] = ()  # the articles a delete took away (undone by restoring them)
    articles: tuple[str, ...] = ()  # the articles it changed, in order (where the list's cursor goes after `u`)


class Articles(Part):
    TABLES = frozenset({"reading", "articles", "views"})

    def __init__(self, tables: Tables) -> None:
        self._changes: list[Undoable] = []  # the changes `undo` takes back, this session
        self._derived: dict[str, tuple[int, Any]] = {}  # name -> (the store's version, what was worked out from it)
        super().__init__(tables)

    def _reload(self, tables: set[str]) -> None:
        if "reading" in tables:
            rows = self._data.get("reading", {})
            self._read = {doc["article"]: doc for doc in rows.values()}  # replaced whole, never changed
            self._read_doc = {doc["article"]: int(doc_id) for doc_id, doc in rows.items()}
        if "articles" in tables:
            rows = self._data.get("articles", {})
            self._states = {doc["article"]: ArticleState.from_dict(doc) for doc in rows.values()}
            self._state_doc = {doc["article"]: int(doc_id) for doc_id, doc in rows.items()}
        if "views" in tables:
            self._views = {doc["name"]: (int(doc_id), dict(doc)) for doc_id, doc in self._data.get("views", {}).items()}

    # --- read state ---
    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def read_ids(self) -> set[str]:
        return set(self._read)

    def read_keys(self) -> KeysView[str]:
        """The read articles, live (no copy: for `in` at every key of a 20,000-article list)."""
        return self._read.keys()

    def mark_read(self, article_id: str) -> None:
        """Opening an article: read from now on (undone by marking it unread)."""
        if article_id not in self._read:
            self._set_read(article_id, True)

    def mark_unread(self, article_id: str) -> None:
        self._set_read(article_id, False)

    def _set_read(self, article_id: str, read: bool) -> bool:
        if read == (article_id in self._read):
            return False
        if read:
            doc = {"article": article_id, "read_at": utc_now()}
            doc_id = self._next_id("reading")
            self._read[article_id], self._read_doc[article_id] = doc, doc_id
            self._put("reading", doc_id, doc)
        else:
            del self._read[article_id]
            self._delete("reading", self._read_doc.pop(article_id))
        return True

    def position(self, article_id: str) -> int | None:
        """Where the reader left the article: a body offset (the cursor's sentence)."""
        doc = self._read.get(article_id)
        return doc.get("position") if doc else None

    def _since_change(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()`, made again only after the store changed (the list asks at every key)."""
        version, value = self._derived.get(name, (None, None))
        if version != self.version:
            value = compute()
            self._derived[name] = (self.version, value)
        return cast(T, value)

    def progress(self) -> dict[str, int]:
        """How far each opened article was read, in percent."""
        return self._since_change(
            "progress", lambda: {article: doc.get("progress", 0) for article, doc in self._read.items()}
        )

    def set_position(self, article_id: str, offset: int, progress: int) -> None:
        """Remember where the reader is in an article (kept with its read state)."""
        current = self._read.get(article_id)
        if current is not None and (current.get("position"), current.get("progress")) == (offset, progress):
            return
        doc = {"article": article_id, "read_at": current["read_at"] if current else utc_now()}
        doc |= {"position": offset, "progress": max(progress, current.get("progress", 0) if current else 0)}
        doc_id = self._read_doc.get(article_id) or self._next_id("reading")
        self._read[article_id], self._read_doc[article_id] = doc, doc_id
        self._put("reading", doc_id, doc)

    # --- where each article is, its star, tags and note ---
    def state(self, article_id: str) -> ArticleState:
        return self._states.get(article_id, DEFAULT)

    def states(self) -> dict[str, ArticleState]:
        """The articles whose state is not the default (inbox, no star, tags or note)."""
        return dict(self._states)

    def deleted_ids(self) -> frozenset[str]:
        return self._since_change("deleted", lambda: frozenset(a for a, s in self._states.items() if s.deleted))

    def tags(self) -> list[str]:
        return sorted({t for s in self._states.values() for t in s.tags}, key=str.casefold)

    def _set_state(self, article_id: str, state: ArticleState) -> bool:
        if state == self._states.get(article_id, DEFAULT):
            return False
        doc_id = self._state_doc.get(article_id)
        if state == DEFAULT:
            del self._states[article_id]
            self._delete("articles", self._state_doc.pop(article_id))
            return True
        if doc_id is None:
            doc_id = self._state_doc[article_id] = self._next_id("articles")
        self._states[article_id] = state
        self._put("articles", doc_id, state.to_dict(article_id))
        return True

    def keep_state(self, article_id: str, state: ArticleState) -> None:
        """Set an article's state, tags and note as given (an import: not undoable one by one)."""
        self._set_state(article_id, replace(state, tags=normalize_tags(state.tags), note=clean_note(state.note)))

    def mark(self, article_ids: Iterable[str], mark: str) -> Undoable | None:
        """Set MARKS[mark] on every article, in one batch; returns what `undo_articles`
        takes back (None: nothing changed)."""
        what, value = MARKS[mark]
        with self._undoable() as rows:
            changed = 0
            for article_id in dict.fromkeys(article_ids):
                if what == "read":
                    changed += self._set_read(article_id, value)
                else:
                    changed += self._set_state(article_id, replace(self.state(article_id), **{what: value}))
        return self._keep_undo(rows, _marked(mark, changed))

    def tag_all(self, article_ids: Iterable[str], tag: str) -> Undoable | None:
        """Add a tag to every article, in one batch (an undoable change)."""
        with self._undoable() as rows:
            changed = 0
            for article_id in dict.fromkeys(article_ids):
                state = self.state(article_id)
                changed += self._set_state(article_id, replace(state, tags=normalize_tags([*state.tags, tag])))
        return self._keep_undo(rows, f"Tagged {plural(changed, 'article')} #{tag}")

    def change(self, article_id: str, what: str, **fields: Any) -> Undoable | None:
        """Change one article's state, tags, note or deleted record (an undoable change)."""
        if "tags" in fields:
            fields["tags"] = normalize_tags(fields["tags"])
        if "note" in fields:
            fields["note"] = clean_note(fields["note"])
        with self._undoable() as rows:
            self._set_state(article_id, replace(self.state(article_id), **fields))
        return self._keep_undo(rows, what)

    def arrived(self, article_id: str) -> None:
        """A new article (a reused id too): unread, in the inbox."""
        with self._batch():
            self._set_read(article_id, False)
            self._set_state(article_id, replace(self.state(article_id), state="inbox", deleted=None))

    # --- undo of changes to articles ---
    @contextmanager
    def _undoable(self) -> Iterator[list[tuple[str, str, Any]]]:
        """A batch whose rows (as they were before it) are handed back for `_keep_undo`."""
        rows: list[tuple[str, str, Any]] = []
        with self._batch():
            pending = self._tables._pending
            assert pending is not None
            start = len(pending)
            yield rows
            rows.extend(pending[start:])

    def delete(self, records: dict[str, dict[str, Any]]) -> Undoable | None:
        """Mark articles deleted ({"at", "path", "trash"} each); their highlights are kept."""
        with self._undoable() as rows:
            for article_id, record in records.items():
                self._set_state(article_id, replace(self.state(article_id), deleted=record))
        return self._keep_undo(rows, f"Deleted {plural(len(records), 'article')}", tuple(records))

    def restore(self, article_ids: Iterable[str]) -> None:
        with self._batch():
            for article_id in article_ids:
                self._set_state(article_id, replace(self.state(article_id), deleted=None))

    def _keep_undo(self, rows: list[tuple[str, str, Any]], what: str, deleted: tuple[str, ...] = ()) -> Undoable | None:
        if not rows:
            return None
        first: dict[tuple[str, str], Any] = {}
        for table, doc_id, before in rows:
            first.setdefault((table, doc_id), before)
        touched = []
        for (table, doc_id), before in first.items():
            doc = before or self._data.get(table, {}).get(doc_id) or {}
            if isinstance(doc.get("article"), str):
                touched.append(doc["article"])
        articles = tuple(dict.fromkeys([*deleted, *touched]))
        change = Undoable(what, tuple((t, d, b) for (t, d), b in first.items()), deleted, articles)
        self._changes[:] = [*self._changes[-UNDO_KEPT + 1 :], change]
        return change

    def adopt(self, change: Undoable) -> None:
        """A change kept from another session (`reader rule undo`), made the last one `undo` takes back."""
        self._changes.append(change)

    def last_change(self) -> Undoable | None:
        return self._changes[-1] if self._changes else None

    def forget_change(self, change: Undoable) -> None:
        if change in self._changes:
            self._changes.remove(change)

    def undo(self) -> Undoable | None:
        """Take back the last change to articles made in this session (None: there is none)."""
        if not self._changes:
            return None
        change = self._changes[-1]
        with self._batch():
            for table, doc_id, before in change.rows:
                if before is None:
                    self._delete(table, int(doc_id))
                else:
                    self._put(table, int(doc_id), before)
        self._changes.pop()
        self._tables._reload({table for table, _, _ in change.rows})
        return change

    # --- saved views: a name for a query ---
    def views(self) -> list[dict[str, Any]]:
        return sorted((doc for _, doc in self._views.values()), key=lambda doc: doc["created"])

    def save_view(self, name: str, query: str) -> bool:
        """Save (or replace) a view; True if it is new."""
        name = view_name(name)
        if not name:
            raise ValueError("a view needs a name")
        doc_id, old = self._views.get(name, (None, None))
        doc = {"name": name, "query": clean(query).strip(), "created": old["created"] if old else utc_now()}
        self._put("views", doc_id or self._next_id("views"), doc)
        self._reload({"views"})
        return old is None

    def remove_view(self, name: str) -> bool:
        found = self._views.get(name)
        if found is not None:
            self._delete("views", found[0])
            self._reload({"views"})
        return found is not None


DONE = {  # what a mark says it did
    "read": "Marked {} read",
    "unread": "Marked {} unread",
    "inbox": "Moved {} to the inbox",
    "later": "Saved {} for later",
    "archive": "Archived {}",
    "star": "Starred {}",
    "unstar": "Unstarred {}",
}


def _marked(mark: str, count: int) -> str:
    return DONE[mark].format(plural(count, "article"))
