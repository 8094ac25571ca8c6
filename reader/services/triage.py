"""What the CLI and the app share for working through the library: what a query finds
(with the store's states, the entity cache, the full-text index), the views and their
counts, delete and restore. Functions of the Services."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.core.library import Entry, Facts, Library, Query, QueryError, parse
from reader.core.library.query import BUILT_IN_VIEWS
from reader.core.store.feeds import with_parents

if TYPE_CHECKING:
    from reader.services import Services


def natural(text: str) -> list:
    """A sort key in natural order: "Desk 2" before "Desk 10", case aside."""
    return [int(part) if n % 2 else part.casefold() for n, part in enumerate(re.split(r"(\d+)", text))]


def feed_view(title: str, url: str | None = None) -> dict[str, str]:
    """The view of one feed's articles: a followed feed's by its address (two feeds may share
    a title), else (a feed no longer followed) by its title."""
    name = (url or title).replace('"', "")
    return {"name": title, "query": f'feed:"{name}"', "kind": "feed"}


def facts(services: Services, query: Query) -> Facts:
    """What `query` is matched against: the store's states, and the entity cache or the
    full-text index when the query asks for them."""
    store = services.store
    found = Facts(
        store.articles.read_ids(),
        store.articles.states(),
        highlights=store.highlights.counts(),
        feed_folders=store.feeds.folders(),
        feed_names=store.feeds.names(),
        feed_ids=store.feeds.ids(),
    )
    if "tags" in query.needs:
        found.tags = store.highlights.tags_by_article()
    if "mentions" in query.needs:
        found.mentions = mentions(services)[0]
    if "text" in query.needs:
        found.text = partial(text_ids, services)
    return found


def named_view(services: Services, name: str) -> dict[str, str] | None:
    """The view called `name` (case aside): a built-in one, one you saved, or a followed
    feed's, by its title; None if there is none (`start_view`)."""
    wanted = name.strip().casefold()
    for title, query in BUILT_IN_VIEWS:
        if title.casefold() == wanted:
            return {"name": title, "query": query}
    for view in services.store.articles.views():
        if view["name"].casefold() == wanted:
            return {"name": view["name"], "query": view["query"]}
    for feed in services.store.feeds.all():
        if feed["title"].casefold() == wanted:
            found = feed_view(feed["title"], feed["url"])
            return {"name": found["name"], "query": found["query"]}
    return None


@dataclass(frozen=True)
class FeedColumns:
    """What the list shows of where an article came from: its feed as it is called now, and
    the folders that feed is in (an article from no feed: its folder in the library)."""

    titles: Mapping[str, str]  # feed URL -> its title now
    folders: Mapping[str, list[str]]  # feed URL -> its folders
    facts: Facts  # finds the feed of a file saved before reader kept feed_url

    def url_of(self, entry: Entry) -> str | None:
        """The address of the feed an article came from (None: from no feed)."""
        return self.facts.feed_url_of(entry) if entry.feed or entry.feed_url else None

    def folders_of(self, entry: Entry) -> list[str]:
        """The folders of the feed an article came from."""
        return self.folders.get(self.url_of(entry) or "", [])

    def of(self, entry: Entry) -> tuple[str, str]:
        """(its feed, its folders joined by " · "; for an article of no feed: its folder in the library)."""
        if not (entry.feed or entry.feed_url):
            return "", entry.id.rpartition("/")[0]
        url = self.url_of(entry) or ""
        return self.titles.get(url) or entry.feed or "", " · ".join(self.folders.get(url, []))


def feed_columns(services: Services) -> FeedColumns:
    feeds = services.store.feeds.all()
    return FeedColumns(
        {feed["url"]: feed["title"] for feed in feeds},
        {feed["url"]: feed["folders"] for feed in feeds if feed["folders"]},
        Facts(feed_names=services.store.feeds.names()),
    )


def mentions(services: Services) -> tuple[dict[str, set[str]], int]:
    """(article id -> the names of its entities, casefolded, for every article with
    cached entities; how many have none cached yet). No model runs here. Each article
    also answers to the name Explore files the people it names under ("Mr Blair" alone:
    Tony Blair, when an article joined the two)."""
    from reader.core.entities.explore import overview

    names: dict[str, set[str]] = {}

    def items():
        for entry, article, found, _ in services.article_entities(compute=False):
            if found is not None:
                names[entry.id] = {e.text(article.body).casefold() for e in found}
            yield entry.id, None, article.body, found

    merged = overview(items(), labels={"PERSON"})  # the names that merge across articles
    for (_, name), ids in merged.articles.items():
        for article_id in ids:
            names[article_id].add(name.casefold())
    return names, merged.unindexed


def text_ids(services: Services, words: str) -> set[str]:
    """The ids of the articles whose text holds `words` (a word or a phrase), from the
    full-text index as it was last written; QueryError if there is none or it cannot say."""
    from reader.core.search import QueryError as SearchError
    from reader.core.search import SearchIndex

    if not services.search_path.exists():
        raise QueryError("text: needs the full-text index: run `reader index` (or search with f in the app)")
    index = SearchIndex(services.search_path, read_only=True)
    try:
        return index.ids('"' + words.replace('"', " ") + '"')
    except SearchError as error:
        raise QueryError(f"text:{words}: {error}") from None
    finally:
        index.close()


def visible(services: Services, library: Library | None = None) -> list[Entry]:
    """The library's articles but the deleted ones, in scan order."""
    library = library or services.library or services.scan()
    gone = services.store.articles.deleted_ids()
    return [e for e in library.entries if e.id not in gone] if gone else list(library.entries)


def select(services: Services, text: str, entries: list[Entry] | None = None) -> list[Entry]:
    """The articles a query finds among `entries` (the library's by default), in their
    order, the deleted ones aside (QueryError if it cannot be read)."""
    query = parse(text)
    if entries is None:
        entries = visible(services)
    else:
        gone = services.store.articles.deleted_ids()
        entries = [e for e in entries if e.id not in gone]
    return query.filter(entries, facts(services, query))


def views(services: Services, entries: list[Entry]) -> list[dict]:
    """Every view (`name`, `query`, `kind`): the built-in ones, one per feed of `entries`
    and one per folder of feeds (and each folder above one), each folder followed by its feeds,
    in natural order (Desk 2 before Desk 10); then the saved ones."""
    found = [{"name": n, "query": q, "kind": "built-in"} for n, q in BUILT_IN_VIEWS]
    store = services.store
    followed = {feed["url"]: feed for feed in store.feeds.all()}
    known = Facts(feed_names=store.feeds.names())
    urls = {known.feed_url_of(e) for e in entries if e.feed or e.feed_url}
    feeds = [feed_view(followed[u]["title"], u) for u in urls if u in followed]  # by address: a renamed one too
    feeds += [feed_view(t) for t in {e.feed for e in entries if e.feed and known.feed_url_of(e) not in followed}]
    titles = Counter(view["name"].casefold() for view in feeds)
    ids, hosts = store.feeds.ids(), Counter()
    for view in feeds:  # two feeds of one title: told apart by their site, else their id too
        url = view["query"][6:-1]
        if titles[view["name"].casefold()] > 1 and url in ids:
            view["host"] = f"{view['name'].casefold()} {urlsplit(url).hostname}"
            hosts[view["host"]] += 1
    for view in feeds:
        if "host" in view:
            url, where = view["query"][6:-1], view.pop("host")
            view["name"] += f" ({urlsplit(url).hostname}" + (f" #{ids[url]})" if hosts[where] > 1 else ")")
    folders = with_parents(store.feeds.folder_names())
    filed: dict[str, list[dict]] = {"": []}  # a feed's views under its (first) folder; "" none
    for view in feeds:
        feed = followed.get(view["query"][6:-1])
        filed.setdefault(feed["folders"][0] if feed and feed["folders"] else "", []).append(view)
    for folder in sorted(folders | (filed.keys() - {""}), key=natural):
        filed.setdefault(folder, [])
    for folder, under in sorted(filed.items(), key=lambda item: natural(item[0])):
        if folder:
            found.append({"name": f"{folder}/", "query": 'folder:"' + folder.replace('"', "") + '"', "kind": "folder"})
        found += sorted(under, key=lambda view: natural(view["name"]))
    return found + [{"name": v["name"], "query": v["query"], "kind": "saved"} for v in services.store.articles.views()]


def view_counts(services: Services, entries: list[Entry]) -> list[dict]:
    """Every view, each with its article count and unread count among `entries`, and
    those entries (in their order) and their ids."""
    counted = views(services, entries)
    read = services.store.articles.read_ids()
    base = Facts(
        read,
        services.store.articles.states(),
        highlights=services.store.highlights.counts(),
        feed_folders=services.store.feeds.folders(),
        feed_names=services.store.feeds.names(),
        feed_ids=services.store.feeds.ids(),
    )
    for view in counted:
        try:
            query = parse(view["query"])
            found = query.filter(entries, facts(services, query) if query.needs else base)
        except QueryError as error:
            view |= {"count": 0, "unread": 0, "error": str(error)}
            continue
        ids = {e.id for e in found}
        view |= {"count": len(found), "unread": len(ids - read), "entries": found, "ids": ids}
    return counted


def feed_counts(services: Services) -> dict[str, tuple[int, int]]:
    """(articles, unread) of each followed feed, by its URL, among the library's articles
    (the deleted aside): an article is the feed's by the feed's address in its file, else
    (a file saved before reader kept it) by the feed's title."""
    feeds = services.store.feeds.all()
    counts = {feed["url"]: [0, 0] for feed in feeds}
    read, facts = services.store.articles.read_ids(), Facts(feed_names=services.store.feeds.names())
    for entry in visible(services):
        url = facts.feed_url_of(entry)  # as `feed:` finds it
        if url in counts:
            counts[url][0] += 1
            counts[url][1] += entry.id not in read
    return {url: (total, unread) for url, (total, unread) in counts.items()}


def save_view(services: Services, name: str, query: str) -> bool:
    """Save (or replace) a view; True if it is new. ValueError for a built-in view's name
    or no name, QueryError for a query that does not read."""
    from reader.core.store.articles import view_name

    if view_name(name).casefold() in {n.casefold() for n, _ in BUILT_IN_VIEWS}:
        raise ValueError(f"{view_name(name)!r} is a built-in view: pick another name")
    parse(query)
    return services.store.articles.save_view(name, query)


def delete(services: Services, entries: list[Entry]):
    """Delete articles: a file reader saved goes to the trash folder, one elsewhere is
    only hidden; their highlights are kept. Returns the store's Undoable (None: none)."""
    from reader.core.files import utc_now
    from reader.core.library.trash import from_trash, to_trash

    store, moved, made = services.store, [], set()
    store.check_writable()
    inside, at, trash_dir = str(services.paths.library_dir) + os.sep, utc_now(), services.paths.data_dir / "trash"
    try:
        records = {}
        for entry in entries:
            trash = None
            if str(entry.location).startswith(inside):  # a file reader saved (no Path made: a clean moves thousands)
                trash = to_trash(entry.location, trash_dir, entry.id, made)
                moved.append((trash, entry.location))
            records[entry.id] = {"at": at, "path": str(entry.location), "trash": trash}
        return store.articles.delete(records)
    except BaseException:
        for trash, path in reversed(moved):  # not recorded: every file goes back
            from_trash(Path(trash), Path(path))
        raise


def restore(services: Services, article_ids: list[str]) -> list[str]:
    """Bring deleted articles back (files out of the trash); returns what could not be."""
    from reader.core.library import SkipFile
    from reader.core.library.trash import from_trash

    store, problems, back, moved = services.store, [], [], []
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
        if services.library is not None and services.library.get(article_id) is None:
            try:
                services.library.add_file(path)
            except SkipFile as error:
                problems.append(f"{article_id}: restored, but it cannot be read ({error})")
    return problems


def undo(services: Services):
    """Take back the last change to articles; a delete's files come out of the trash."""
    change = services.store.articles.last_change()
    if change is not None and change.deleted:
        problems = restore(services, list(change.deleted))
        services.store.articles.forget_change(change)
        if problems:
            raise OSError("; ".join(problems))
        return change
    return services.store.articles.undo()
