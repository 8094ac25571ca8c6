"""Saving web pages into the library (`reader add URL`): each becomes a Markdown file with
front matter in the library folder (`<host>/<title-slug>.md`), so the library, ids,
fingerprints, entities and highlights work on it as on any other file. Everything here is a
coroutine on one Fetcher; extraction runs in worker processes (`workers`) and writing files
in a thread, so the event loop it runs on (the app's) never waits for them."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.extract import MIN_WORDS, Extracted, ExtractError, extract, markdown_document
from reader.core.files import make_folders, write_new
from reader.core.ingest.fetch import Fetcher, FetchError, check_url
from reader.core.ingest.files import AddResult, UrlIndex
from reader.core.ingest.workers import Workers, shared
from reader.core.text import inert


def host_folder(url: str | None) -> str:
    """The library folder for a site: its host name, with nothing a path could act on."""
    try:
        host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    host = re.sub(r"[^\w.-]", "", host).strip(".-")
    return host if host and set(host) != {"."} else "web"


def slug(title: str) -> str:
    """A file name stem from a title: lower-case letters and digits joined by dashes."""
    words = re.findall(r"\w+", title.casefold())
    name = "-".join(words)[:80].strip("-_")
    return name or "article"


@functools.lru_cache(maxsize=16)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def write_article(
    library_dir: Path,
    extracted: Extracted,
    feed: str | None = None,
    feed_url: str | None = None,
    saved_at: dt.datetime | None = None,
    durable: bool = True,
    data: bytes | None = None,
) -> Path:
    """Save an extracted page as `<library>/<host>/<slug>.md` (a new name, never over another
    file); the path written. `durable=False`: not fsynced (see files.write_new); `data`: its
    Markdown document, when the caller has made it."""
    saved_at = saved_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    if data is None:
        data = markdown_document(extracted, saved_at, feed, feed_url).encode("utf-8")
    folder = library_dir / host_folder(extracted.url or extracted.canonical_url)
    make_folders(folder)
    if not folder.resolve().is_relative_to(_resolved(library_dir)):  # a link put there to lead elsewhere
        raise OSError(f"refusing to write outside the library: {folder}")
    return write_named(folder, slug(extracted.title), data, durable)


def write_named(folder: Path, stem: str, data: bytes, durable: bool = True) -> Path:
    """Write `data` as `folder/stem.md`, or `stem-2.md`... when taken (never over another
    file); the path written. OSError if no name is free."""
    for n in range(1, 10_000):
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if path.exists():  # taken: no write and fsync to learn it (a dangling link: the link below fails)
            continue
        if write_new(path, data, durable=durable):
            return path
    raise OSError(f"no free file name for {stem} in {folder}")


class Saver:
    """Saves pages into the library folder, one at a time past the duplicate check, so the
    same page given twice (or reached by two URLs) is saved once."""

    def __init__(self, fetcher: Fetcher, library_dir: Path, index: UrlIndex, workers: Workers | None = None):
        self.fetcher = fetcher
        self.workers = workers or shared()
        self.library_dir = library_dir
        self.index = index
        self.lock = asyncio.Lock()

    async def save(
        self,
        url: str,
        feed: str | None = None,
        feed_url: str | None = None,
        fallback: Callable[[], Awaitable[Extracted]] | None = None,
        date: dt.date | None = None,
        selector: str | None = None,
    ) -> AddResult:
        """Fetch, extract and save one page. `fallback` gives the article when the page
        cannot be fetched or read (a feed entry's own content); `date` fills a missing one;
        `selector`: the part of the page that is the article (a feed's setting)."""
        given = url
        try:
            url = check_url(url)
        except FetchError as error:
            return AddResult(given, "skipped", reason=str(error))
        existing = self.index.find(url)
        if existing is not None:
            return AddResult(given, "duplicate", existing)
        urls = [url]
        try:
            page = await self.fetcher.get(url)
            urls.append(page.url)
            found = await self.workers.run(extract, page.body, page.url, page.charset, MIN_WORDS, selector)
        except (FetchError, ExtractError) as error:  # Crashed is an ExtractError
            reason = str(error) if isinstance(error, FetchError) else f"{inert(url)}: {error}"
            if fallback is None:
                return AddResult(given, "skipped", reason=reason)
            try:
                found = await fallback()
            except ExtractError as also:
                return AddResult(given, "skipped", reason=f"{reason}; the feed entry has no text either ({also})")
        found.date = found.date or date
        result = await self.keep(given, found, urls, feed, feed_url)
        result.note = found.note
        return result

    async def keep(
        self, given: str, found: Extracted, urls: list[str], feed: str | None = None, feed_url: str | None = None
    ) -> AddResult:
        """Write an extracted article unless one of its addresses (`urls`, its canonical URL)
        is in the library already; the index learns the new file's addresses."""
        async with self.lock:
            existing = self.index.find(*urls, found.canonical_url)
            if existing is not None:
                return AddResult(given, "duplicate", existing, title=found.title)
            try:
                path = await asyncio.to_thread(write_article, self.library_dir, found, feed, feed_url)
            except OSError as error:
                where = inert(urls[0] if urls else given)
                return AddResult(given, "skipped", reason=f"{where}: cannot save: {error.strerror or error}")
            self.index.add(path, *urls, found.canonical_url)
        return AddResult(given, "added", path, title=found.title)


async def save_urls(
    urls: list[str],
    library_dir: Path,
    index: UrlIndex,
    fetcher: Fetcher,
    on_done: Callable[[AddResult], None] | None = None,
    workers: Workers | None = None,
) -> list[AddResult]:
    """Save several pages at once (the fetcher keeps it polite per host); results in order."""
    saver = Saver(fetcher, library_dir, index, workers)

    async def one(url: str) -> AddResult:
        result = await saver.save(url)
        if on_done:
            on_done(result)
        return result

    return list(await asyncio.gather(*(one(url) for url in urls)))
