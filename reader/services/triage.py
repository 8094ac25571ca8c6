"""What the CLI and the app share for working through the library: what a query finds
(with the store's states, the entity cache, the full-text index), the views and their
counts, delete and restore. Mixed into Services."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.library import Entry, Facts, Library, Query, QueryError, parse
from reader.core.library.query import BUILT_IN_VIEWS

if TYPE_CHECKING:
    from reader.services import Services

    _Base = Services
else:
    _Base = object


def feed_view(title: str) -> dict[str, str]:
    """The view of one feed's articles, by its title."""
    return {"name": title, "query": 'feed:"' + title.replace('"', "") + '"', "kind": "feed"}


class Triage(_Base):
    def facts(self, query: Query) -> Facts:
        """What `query` is matched against: the store's states, and the entity cache or the
        full-text index when the query asks for them."""
        store = self.store
        facts = Facts(
            store.articles.read_ids(),
            store.articles.states(),
            highlights=store.highlights.counts(),
            feed_folders=store.feeds.folders(),
            feed_names=store.feeds.names(),
        )
        if "tags" in query.needs:
            facts.tags = store.highlights.tags_by_article()
        if "mentions" in query.needs:
            facts.mentions = self.mentions()[0]
        if "text" in query.needs:
            facts.text = self.text_ids
        return facts

    def mentions(self) -> tuple[dict[str, set[str]], int]:
        """(article id -> the names of its entities, casefolded, for every article with
        cached entities; how many have none cached yet). No model runs here. Each article
        also answers to the name Explore files the people it names under ("Mr Blair" alone:
        Tony Blair, when an article joined the two)."""
        from reader.core.entities.explore import overview

        mentions: dict[str, set[str]] = {}

        def items():
            for entry, article, found, _ in self.article_entities(compute=False):
                if found is not None:
                    mentions[entry.id] = {e.text(article.body).casefold() for e in found}
                yield entry.id, None, article.body, found

        merged = overview(items(), labels={"PERSON"})  # the names that merge across articles
        for (_, name), ids in merged.articles.items():
            for article_id in ids:
                mentions[article_id].add(name.casefold())
        return mentions, merged.unindexed

    def text_ids(self, words: str) -> set[str]:
        """The ids of the articles whose text holds `words` (a word or a phrase), from the
        full-text index as it was last written; QueryError if there is none or it cannot say."""
        from reader.core.search import QueryError as SearchError
        from reader.core.search import SearchIndex

        if not self.search_path.exists():
            raise QueryError("text: needs the full-text index: run `reader index` (or search with f in the app)")
        index = SearchIndex(self.search_path, read_only=True)
        try:
            return index.ids('"' + words.replace('"', " ") + '"')
        except SearchError as error:
            raise QueryError(f"text:{words}: {error}") from None
        finally:
            index.close()

    def visible(self, library: Library | None = None) -> list[Entry]:
        """The library's articles but the deleted ones, in scan order."""
        library = library or self.library or self.scan()
        gone = self.store.articles.deleted_ids()
        return [e for e in library.entries if e.id not in gone] if gone else list(library.entries)

    def select(self, text: str, entries: list[Entry] | None = None) -> list[Entry]:
        """The articles a query finds among `entries` (the library's by default), in their
        order, the deleted ones aside (QueryError if it cannot be read)."""
        query = parse(text)
        if entries is None:
            entries = self.visible()
        else:
            gone = self.store.articles.deleted_ids()
            entries = [e for e in entries if e.id not in gone]
        return query.filter(entries, self.facts(query))

    def views(self, entries: list[Entry]) -> list[dict]:
        """Every view (`name`, `query`, `kind`): the built-in ones, one per feed of `entries`,
        one per folder of feeds (and each folder above one), the saved ones."""
        views = [{"name": n, "query": q, "kind": "built-in"} for n, q in BUILT_IN_VIEWS]
        titles = {feed["url"]: feed["title"] for feed in self.store.feeds.all()}  # a feed renamed: its name now
        feeds = sorted({titles.get(e.feed_url or "") or e.feed for e in entries if e.feed}, key=str.casefold)
        views += [feed_view(f) for f in feeds]
        folders = {
            path.rsplit("/", n)[0] for path in self.store.feeds.folders().values() for n in range(path.count("/") + 1)
        }
        views += [
            {"name": f"{f}/", "query": 'folder:"' + f.replace('"', "") + '"', "kind": "folder"}
            for f in sorted(folders, key=str.casefold)
        ]
        return views + [{"name": v["name"], "query": v["query"], "kind": "saved"} for v in self.store.articles.views()]

    def view_counts(self, entries: list[Entry]) -> list[dict]:
        """Every view, each with its article count and unread count among `entries`, and
        those entries (in their order) and their ids."""
        views = self.views(entries)
        read = self.store.articles.read_ids()
        base = Facts(
            read,
            self.store.articles.states(),
            highlights=self.store.highlights.counts(),
            feed_folders=self.store.feeds.folders(),
            feed_names=self.store.feeds.names(),
        )
        for view in views:
            try:
                query = parse(view["query"])
                facts = self.facts(query) if query.needs else base
                found = query.filter(entries, facts)
            except QueryError as error:
                view |= {"count": 0, "unread": 0, "error": str(error)}
                continue
            ids = {e.id for e in found}
            view |= {"count": len(found), "unread": len(ids - read), "entries": found, "ids": ids}
        return views

    def feed_counts(self) -> dict[str, tuple[int, int]]:
        """(articles, unread) of each followed feed, by its URL, among the library's articles
        (the deleted aside): an article is the feed's by the feed's address in its file, else
        by the feed's title."""
        feeds = self.store.feeds.all()
        counts = {feed["url"]: [0, 0] for feed in feeds}
        by_title = {feed["title"].casefold(): feed["url"] for feed in feeds}
        read, facts = self.store.articles.read_ids(), Facts(feed_names=self.store.feeds.names())
        for entry in self.visible():
            url = by_title.get(facts.feed_of(entry))  # as `feed:` finds it
            if url is not None:
                counts[url][0] += 1
                counts[url][1] += entry.id not in read
        return {url: (total, unread) for url, (total, unread) in counts.items()}

    def save_view(self, name: str, query: str) -> bool:
        """Save (or replace) a view; True if it is new. ValueError for a built-in view's name
        or no name, QueryError for a query that does not read."""
        from reader.core.store.articles import view_name

        if view_name(name).casefold() in {n.casefold() for n, _ in BUILT_IN_VIEWS}:
            raise ValueError(f"{view_name(name)!r} is a built-in view: pick another name")
        parse(query)
        return self.store.articles.save_view(name, query)

    def delete(self, entries: list[Entry]):
        """Delete articles: a file reader saved goes to the trash folder, one elsewhere is
        only hidden; their highlights are kept. Returns the store's Undoable (None: none)."""
        from reader.core.files import utc_now
        from reader.core.library.trash import from_trash, to_trash

        store, moved = self.store, []
        store.check_writable()
        try:
            records = {}
            for entry in entries:
                trash = None
                if entry.path.is_relative_to(self.paths.library_dir):
                    trash = to_trash(entry.path, self.paths.data_dir / "trash", entry.id)
                    moved.append((trash, entry.path))
                records[entry.id] = {"at": utc_now(), "path": str(entry.path), "trash": str(trash) if trash else None}
            return store.articles.delete(records)
        except BaseException:
            for trash, path in reversed(moved):  # not recorded: every file goes back
                from_trash(trash, path)
            raise

    def restore(self, article_ids: list[str]) -> list[str]:
        """Bring deleted articles back (files out of the trash); returns what could not be."""
        from reader.core.library import SkipFile
        from reader.core.library.trash import from_trash

        store, problems, back, moved = self.store, [], [], []
        store.check_writable()
        for article_id in article_ids:
            deleted = store.articles.state(article_id).deleted
            if not deleted:
                problems.append(f"{article_id} is not deleted")
                continue
            if deleted.get("trash"):
                try:
                    from_trash(Path(deleted["trash"]), Path(deleted["path"]))
                except OSError as error:
                    problems.append(f"{article_id}: {error}")
                    continue
                moved.append((article_id, Path(deleted["path"]), Path(deleted["trash"])))
            back.append(article_id)
        try:
            store.articles.restore(back)
        except BaseException:
            for _, path, trash in reversed(moved):  # not recorded: the files go back to the trash
                from_trash(path, trash)
            raise
        for article_id, path, _ in moved:  # an open app lists them again
            if self.library is not None and self.library.get(article_id) is None:
                try:
                    self.library.add_file(path)
                except SkipFile as error:
                    problems.append(f"{article_id}: restored, but it cannot be read ({error})")
        return problems

    def undo(self):
        """Take back the last change to articles; a delete's files come out of the trash."""
        change = self.store.articles.last_change()
        if change is not None and change.deleted:
            problems = self.restore(list(change.deleted))
            self.store.articles.forget_change(change)
            if problems:
                raise OSError("; ".join(problems))
            return change
        return self.store.articles.undo()
