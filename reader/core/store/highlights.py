"""The Store's highlights: each with its quote, place, colour, tags and note; the ones the
user deleted (tombstones: an import never brings them back); undo and redo per article, this
session; placing them on an article's current text."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from reader.core.codec import paused_gc
from reader.core.files import utc_now
from reader.core.notes.anchoring import reanchor
from reader.core.notes.highlight import Highlight, Status, covering, innermost
from reader.core.store.journal import StoreError
from reader.core.store.tables import Part, Tables


class Brief(NamedTuple):
    """What choosing among every highlight needs of one (the review's), read from its record:
    no Highlight made."""

    id: str
    article: str
    created: str
    tags: list[str]


@dataclass(frozen=True)
class Change:
    """One change to an article's highlights, as undo and redo see it."""

    what: str  # "create", "extend", "edit", "delete"
    before: tuple[Highlight, ...]
    after: tuple[Highlight, ...]


def _counts(rows: dict[str, dict[str, Any]]) -> dict[str, int]:
    return dict(Counter(map(itemgetter("article"), rows.values())))


class Highlights(Part):
    TABLES = frozenset({"highlights", "tombstones"})

    def __init__(self, tables: Tables) -> None:
        super().__init__(tables)
        tables.storage.summarize = _counts  # kept beside the file: a count needs no parse of the records
        self._undo: dict[str, list[Change]] = {}  # per article, this session
        self._redo: dict[str, list[Change]] = {}

    def _reload(self, tables: set[str]) -> None:
        if "highlights" in tables:
            # the records as stored, by doc id, and each highlight's doc id: read from the file
            # when first needed (a list of the library or a mark needs neither)
            self._read: tuple[dict[str, dict[str, Any]], dict[str, int]] | None = None
            # each record made into a Highlight when first asked for: a start, a list or a review
            # reads 100,000 records and makes none (their check at open was a pass, not a parse)
            self._made: dict[str, Highlight] = {}
            # by article and by `via`: built from the records when first needed (a review or a
            # count needs neither), then kept in step by _index and _unindex: lookups, never a walk of all
            self._lookups: tuple[dict[str, dict[str, None]], dict[str, str]] | None = None
        if "tombstones" in tables:  # the highlights the user deleted: an import never brings them back
            rows = self._data.get("tombstones", {})
            self._tombstones = {doc["id"]: int(doc_id) for doc_id, doc in rows.items()}
            self._buried = {doc["id"] for doc in rows.values()} | {
                doc["via"] for doc in rows.values() if doc.get("via")
            }
            self._buried_quotes = {(doc["article"], doc["exact"]) for doc in rows.values()}

    def _read_rows(self) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
        rows = self._tables._rows("highlights")
        self._read = rows, dict(zip(map(itemgetter("id"), rows.values()), map(int, rows)))
        return self._read

    @property
    def _rows(self) -> dict[str, dict[str, Any]]:
        return (self._read or self._read_rows())[0]

    @property
    def _doc_ids(self) -> dict[str, int]:
        return (self._read or self._read_rows())[1]

    def _made_of(self, highlight_id: str) -> Highlight:
        """The Highlight of a stored record (KeyError if there is none), made once."""
        made = self._made.get(highlight_id)
        if made is None:
            rows, doc_ids = self._read or self._read_rows()
            made = self._made[highlight_id] = Highlight.from_record(rows[str(doc_ids[highlight_id])])
        return made

    @property
    def _by_article(self) -> dict[str, dict[str, None]]:
        """Article -> its highlights' ids (in an ordered dict's keys)."""
        return (self._lookups or self._look_up())[0]

    @property
    def _by_via(self) -> dict[str, str]:
        """The id another tool gave a highlight -> its id here."""
        return (self._lookups or self._look_up())[1]

    def _look_up(self) -> tuple[dict[str, dict[str, None]], dict[str, str]]:
        by_article: dict[str, dict[str, None]] = {}
        docs = self._rows.values()
        for highlight_id, article in zip(map(itemgetter("id"), docs), map(itemgetter("article"), docs)):
            mine = by_article.get(article)
            if mine is None:
                mine = by_article[article] = {}
            mine[highlight_id] = None
        self._lookups = by_article, {doc["via"]: doc["id"] for doc in docs if doc.get("via")}
        return self._lookups

    def _index(self, highlight: Highlight) -> None:
        if self._lookups is None:
            return  # built from the records when first needed, this one's among them
        self._by_article.setdefault(highlight.article, {})[highlight.id] = None
        if highlight.via:
            self._by_via[highlight.via] = highlight.id

    def _unindex(self, highlight_id: str) -> None:
        """Take a stored highlight out of the lookups (nothing to do, nothing made, before they are built)."""
        if self._lookups is None or highlight_id not in self._doc_ids:
            return
        highlight = self._made_of(highlight_id)
        mine = self._by_article.get(highlight.article)
        if mine is not None:
            mine.pop(highlight.id, None)
            if not mine:
                del self._by_article[highlight.article]
        if highlight.via and self._by_via.get(highlight.via) == highlight.id:
            del self._by_via[highlight.via]

    def _of(self, article_id: str) -> list[Highlight]:
        return [self._made_of(i) for i in self._by_article.get(article_id, ())]

    def all(self, ordered: bool = True) -> list[Highlight]:
        """Every highlight, in reading order within each article (`ordered`)."""
        with paused_gc():  # 100,000 made at once, all kept: a collection would find no garbage
            found = [self._made_of(i) for i in self._doc_ids]
        return sorted(found, key=lambda h: (h.article, h.start, h.end)) if ordered else found

    def briefs(self) -> list[Brief]:
        """Every highlight's Brief, in the order they were stored: from the index beside the
        file while the records are unparsed (none parsed: a review parses those it chose)."""
        if self._read is None and (known := self._tables.storage.index()) is not None:
            columns = known.columns
            return list(map(Brief._make, zip(columns["id"], columns["article"], columns["created"], columns["tags"])))
        rows, doc_ids = self._rows, self._doc_ids
        hand_edited = len(rows) != len(doc_ids)  # two records of one id: the later one is the highlight
        return [
            Brief(doc["id"], doc["article"], doc.get("created", ""), doc.get("tags", []))
            for doc_id, doc in rows.items()
            if not hand_edited or doc_ids[doc["id"]] == int(doc_id)
        ]

    def of(self, article_id: str) -> list[Highlight]:
        """One article's highlights, in reading order."""
        return sorted(self._of(article_id), key=lambda h: (h.start, h.end))

    def get(self, highlight_id: str) -> Highlight | None:
        if self._read is None and (known := self._tables.storage.index()) is not None:
            if highlight_id not in self._made and (record := known.record(highlight_id)) is not None:
                self._made[highlight_id] = Highlight.from_record(record)  # parsed alone, the rest unparsed
            if highlight_id in self._made or highlight_id not in known:  # else not where it says: parse all
                return self._made.get(highlight_id)
        return self._made_of(highlight_id) if highlight_id in self._doc_ids else None

    def __contains__(self, highlight_id: object) -> bool:
        return highlight_id in self._doc_ids

    def __len__(self) -> int:
        return len(self._doc_ids)

    def counts(self) -> dict[str, int]:
        """Article -> how many highlights it has."""
        if self._read is None:  # the records not parsed yet: counted when the file was written
            known = self._tables.storage.summary()
            if isinstance(known, dict) and all(type(n) is int for n in known.values()):
                return known
        if self._lookups is None:  # counted from the records: no lookups built for a list
            return _counts(self._rows)
        return {article: len(mine) for article, mine in self._by_article.items()}

    def tags_by_article(self) -> dict[str, set[str]]:
        """Article -> the tags of its highlights, casefolded (read from the records: nothing made)."""
        found: dict[str, set[str]] = {}
        for doc in self._rows.values():
            if doc.get("tags"):
                found.setdefault(doc["article"], set()).update(t.casefold() for t in doc["tags"])
        return found

    def tags_and_notes(self) -> dict[str, tuple[list[str], list[str]]]:
        """Article -> its highlights' tags and notes (one note each, "" for none), in reading
        order (read from the records: nothing made)."""
        found: dict[str, tuple[list[str], list[str]]] = {}
        for doc in sorted(self._rows.values(), key=itemgetter("article", "start", "end")):
            tags, notes = found.setdefault(doc["article"], ([], []))
            tags.extend(doc.get("tags", ()))
            notes.append(doc.get("note", ""))
        return found

    def tags(self) -> set[str]:
        """Every tag in use on a highlight."""
        return {tag for doc in self._rows.values() for tag in doc.get("tags", ())}

    def _save_highlight(self, highlight: Highlight) -> None:
        doc_id = self._doc_ids.get(highlight.id) or self._next_id("highlights")
        self._unindex(highlight.id)
        self._made[highlight.id] = highlight
        self._index(highlight)
        self._doc_ids[highlight.id] = doc_id
        self._put("highlights", doc_id, highlight.to_record())

    def _apply(self, remove: tuple[Highlight, ...], put: tuple[Highlight, ...]) -> None:
        """Save `put` and remove what of `remove` is not in it, in one batch: all or none."""
        with self._batch():
            for highlight in put:
                self._save_highlight(highlight)
            kept = {h.id for h in put}
            for highlight in put:
                if highlight.id in self._tombstones:  # a deletion undone
                    self._delete("tombstones", self._tombstones[highlight.id])
            for highlight in remove:
                if highlight.id not in kept and highlight.id in self._doc_ids:
                    self._unindex(highlight.id)
                    self._made.pop(highlight.id, None)
                    self._delete("highlights", self._doc_ids.pop(highlight.id))
                    grave: dict[str, Any] = {"id": highlight.id, "article": highlight.article}
                    grave |= {"exact": highlight.exact, "via": highlight.via, "deleted": utc_now()}
                    self._put("tombstones", self._tombstones.get(highlight.id) or self._next_id("tombstones"), grave)
            self._reload({"tombstones"})

    def _change(self, article_id: str, change: Change) -> None:
        self.check_writable()
        self._apply(change.before, change.after)
        self._undo.setdefault(article_id, []).append(change)
        self._redo.pop(article_id, None)

    def add(
        self, article_id: str, fingerprint: str, body: str, start: int, end: int, color: str = "yellow"
    ) -> Highlight:
        now = utc_now()
        highlight = Highlight.over(
            body,
            start,
            end,
            id=uuid.uuid4().hex,
            article=article_id,
            fingerprint=fingerprint,
            color=color,
            created=now,
            modified=now,
        )
        self._change(article_id, Change("create", (), (highlight,)))
        return highlight

    def add_passage(self, article_id: str, fingerprint: str, body: str, start: int, end: int) -> tuple[str, Highlight]:
        """Highlight [start, end) of the article's current text (`fingerprint`): "added" a new
        highlight; "already" inside one (that one, unchanged); or "extended": the highlights
        it overlaps become one over them all, with every tag and note kept."""
        self.check_writable()
        here = [
            h
            for h in self._of(article_id)
            if h.attached and h.placed_on == fingerprint and h.start < end and h.end > start
        ]
        holding = innermost([h for h in here if h.start <= start and end <= h.end], start, end)
        if holding is not None:
            return "already", holding
        if not here:
            return "added", self.add(article_id, fingerprint, body, start, end)
        merged = covering(here, body, fingerprint, start, end, utc_now())
        self._change(article_id, Change("extend", tuple(here), (merged,)))
        return "extended", merged

    def update(self, highlight_id: str, **fields: Any) -> Highlight:
        """Change a highlight's colour, tags or note: an edit the user can undo."""
        before = self._made_of(highlight_id)
        after = before.replace(**fields, modified=utc_now())
        self._change(before.article, Change("edit", (before,), (after,)))
        return after

    def accept_text(self, highlight_id: str, body: str, fingerprint: str) -> Highlight:
        """The user takes the passage a changed text gave a moved highlight as its quote."""
        before = self._made_of(highlight_id)
        after = before.rebased(body, fingerprint).replace(modified=utc_now())
        self._change(before.article, Change("edit", (before,), (after,)))
        return after

    def delete(self, highlight_id: str) -> Highlight:
        highlight = self._made_of(highlight_id)
        self._change(highlight.article, Change("delete", (highlight,), ()))
        return highlight

    def can_undo(self, article_id: str) -> bool:
        return bool(self._undo.get(article_id))

    def can_redo(self, article_id: str) -> bool:
        return bool(self._redo.get(article_id))

    def undo(self, article_id: str) -> Change | None:
        """Revert the article's last change made in this session (None: nothing to undo)."""
        return self._step(article_id, self._undo, self._redo, backwards=True)

    def redo(self, article_id: str) -> Change | None:
        """Make again the article's last undone change (None: nothing to redo)."""
        return self._step(article_id, self._redo, self._undo, backwards=False)

    def _step(
        self, article_id: str, source: dict[str, list[Change]], target: dict[str, list[Change]], backwards: bool
    ) -> Change | None:
        if not source.get(article_id):
            return None
        self.check_writable()
        change = source[article_id].pop()
        try:
            if backwards:
                self._apply(change.after, change.before)
            else:
                self._apply(change.before, change.after)
        except StoreError:
            source[article_id].append(change)  # not done: it can be tried again
            raise
        target.setdefault(article_id, []).append(change)
        return change

    def place(self, article_id: str, fingerprint: str, body: str) -> list[Highlight]:
        """The article's highlights placed on its current text: those placed on another
        version of it are re-anchored from the passage the user highlighted (and saved so,
        unless the store cannot write now: then they are placed for this session and
        re-anchored again next time). Their quotes stay as the user made them."""
        placed, moved = [], []
        for highlight in self.of(article_id):
            if highlight.placed_on != fingerprint:
                where = reanchor(body, highlight.quote, highlight.position)
                if where.status is Status.ORPHAN:  # the old position is kept as it was
                    there = highlight.placed_at(fingerprint, highlight.start, highlight.end, Status.ORPHAN)
                else:
                    there = highlight.placed_at(fingerprint, where.start, where.end, where.status)
                if there != highlight:
                    moved.append(there)
                highlight = there
            placed.append(highlight)
        if moved and not self.read_only:
            try:
                with self._batch():  # one journal line, however many moved
                    for highlight in moved:
                        self._save_highlight(highlight)
            except StoreError:
                pass  # a full disk: placed for now, saved next time
        return placed

    def was_deleted(self, article_id: str, exact: str) -> bool:
        """Whether the user deleted a highlight of this passage here (an import never brings it back)."""
        return (article_id, exact) in self._buried_quotes

    def add_many(self, highlights: Iterable[Highlight]) -> None:
        """Keep new highlights (an import), in one batch; not undoable one by one."""
        self.check_writable()
        with self._batch():
            for highlight in highlights:
                self._save_highlight(highlight)

    def merge(self, highlight: Highlight) -> str:
        """Import one highlight: "added" if new, "updated" if it replaces an older copy,
        "skipped" otherwise (one the user deleted here is never brought back). A copy is the highlight with its id (or, for an id from
        outside that was not a UUID, its original id); only a highlight with no id at all
        is matched by article, quote and position, as a re-imported file without ids is:
        different annotations of one passage are all kept."""
        self.check_writable()
        highlight = highlight.replace(tags=highlight.tags)
        if highlight.id or highlight.via:
            if {highlight.id, highlight.via} & self._buried:
                return "skipped"
        elif (highlight.article, highlight.exact) in self._buried_quotes:
            return "skipped"
        existing = self.get(highlight.id) if highlight.id else None
        if existing is None and highlight.via and highlight.via in self._by_via:
            existing = self.get(self._by_via[highlight.via])
        if existing is None and not highlight.id and not highlight.via:
            existing = next(
                (h for h in self._of(highlight.article) if h.exact == highlight.exact and h.start == highlight.start),
                None,
            )
        if existing is None:
            now = utc_now()
            created = highlight.created or now
            self._save_highlight(
                highlight.replace(
                    id=highlight.id or uuid.uuid4().hex, created=created, modified=highlight.modified or created
                )
            )
            return "added"
        if highlight.modified > existing.modified:  # a copy with no time is never newer
            self._save_highlight(highlight.replace(id=existing.id))
            return "updated"
        return "skipped"
