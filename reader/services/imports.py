"""`reader import` for the CLI and the shell hand-off alike: an export told apart and read
(core.imports), taken into the library and the store (core.imports.taking), and the pages it
named by address fetched (`fetch_pending`: after the import, and at each sync until they come)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.text import inert, plural
from reader.services.fetching import fetcher

if TYPE_CHECKING:
    from reader.core.imports.taking import Report
    from reader.core.library import Library
    from reader.services import Services


def take_export(services: Services, data: bytes, name: str, dry_run: bool = False) -> Report:
    """Read an export in format `name` and take it in (or, `dry_run`, count what would come).
    ImportFailed if the export cannot be read; StoreError if it cannot be saved (then nothing is)."""
    from reader.core.imports import read
    from reader.core.imports.taking import Report, Taker
    from reader.core.library.scanning import remember

    source = read(data, name)
    report = Report(source.format, skipped=list(source.skipped), left_out=dict(source.left_out), dry_run=dry_run)
    if not dry_run:
        services.store.check_writable()
    library = services.library or services.scan()  # the open app's own, when it runs the import
    taker = Taker(library, services.paths.library_dir, services.store, dry_run)
    taker.take(source.documents, report)
    if taker.entries:
        remember(services.scan_cache, taker.entries, library.max_bytes)
    if taker.entries and not dry_run:  # the rules, but skip: what you kept elsewhere is never dropped
        from reader.services.rules import Arrivals, Ruled

        ruled = Ruled()
        with services.store.batch():
            Arrivals(services, library).run(list(taker.entries), ruled, skip=False)
        report.rules = ruled.line()
    return report


def summary(report: Report) -> list[str]:
    """What came in, in a few lines (what would, for a dry run)."""
    verb = "would bring" if report.dry_run else "brought"
    docs = []
    if report.articles:
        docs.append(plural(report.articles, "new article"))
    if report.books:
        docs.append(plural(report.books, "new book"))
    if report.grown:
        docs.append(f"{plural(report.grown, 'book')} with more passages")
    lines = [f"{report.format}: {verb} in " + (", ".join(docs) or "no new articles or books")]
    if report.known:
        lines[0] += f" ({plural(report.known, 'was', 'were')} already in the library)"
    marks = f"{plural(report.highlights, 'new highlight')}"
    if report.already:
        marks += f", {report.already:,} already there"
    if report.deleted_here:
        marks += f", {report.deleted_here:,} you deleted here (not brought back)"
    lines.append(marks)
    if report.rules:
        lines.append(report.rules)
    if report.unanchored:
        lines.append(
            f"{plural(report.unanchored, 'highlight')} not found in the text (yet): kept, shown in the notebook, "
            "placed when the text arrives"
        )
    if report.tagged:
        lines.append(f"tags or notes given to {plural(report.tagged, 'article')} already here")
    if report.to_fetch:
        lines.append(f"{plural(report.to_fetch, 'page')} to fetch")
    for what, count in report.left_out.items():
        lines.append(f"{plural(count, what)} left out (not highlights)")
    if report.skipped:
        lines.append(f"{plural(len(report.skipped), 'item')} not imported (see above)")
    return lines


@dataclass
class Fetched:
    fetched: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # article id -> why

    def line(self) -> str:
        line = f"fetched {plural(self.fetched, 'imported page')}"
        if self.failed:
            line += f"; {plural(len(self.failed), 'page')} could not be fetched now (tried again at the next sync)"
        return line


async def fetch_pending(services: Services, library: Library, on_done: Callable[[int], None] | None = None) -> Fetched:
    """Fetch the imported pages known so far only by their address, each written over the
    file that stood for it (the same article: its highlights and states stay, and are placed
    on the text when it is opened). A page that cannot be fetched says why in its file and is
    tried again at the next sync."""
    from reader.core.extract import Extracted, ExtractError, extract, markdown_document
    from reader.core.files import write_atomically
    from reader.core.ingest import FetchError
    from reader.core.ingest.workers import shared
    from reader.core.library.scanning import remember

    store = services.store
    pending = store.fetches.pending()
    done: list[str] = []
    refreshed: list = []  # the entries of the pages fetched, for the scan cache
    result = Fetched()
    workers = shared()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    async def one(item: dict, client) -> None:
        article, url = item["article"], item["url"]
        entry = library.get(article)
        try:
            if entry is None:  # the file was deleted: nothing to fetch it for
                done.append(article)
                return
            try:
                page = await client.get(url)
                found = await workers.run(extract, page.body, page.url, page.charset)
                found.url = url
            except (FetchError, ExtractError) as error:
                reason = inert(str(error))
                result.failed[article] = reason
                told = f"reader could not fetch this page ({reason}). It tries again at the next sync (`reader sync`)."
                stand_in = Extracted(entry.title, [("paragraph", told, "", 0)], url=url, author=entry.author)
                await asyncio.to_thread(write_atomically, entry.path, markdown_document(stand_in, now))
                library.refresh_file(entry.path)
                return
            await asyncio.to_thread(write_atomically, entry.path, markdown_document(found, now))
            fresh = library.refresh_file(entry.path)
            if fresh is not None:
                refreshed.append(fresh)
            done.append(article)
            result.fetched += 1
        except OSError as error:
            result.failed[article] = f"cannot save: {error.strerror or error}"
        finally:
            if on_done is not None:
                on_done(1)

    if not pending:
        return result
    async with fetcher(services) as client:
        await asyncio.gather(*(one(item, client) for item in pending))
    with store.batch():
        store.fetches.done(done)
        store.fetches.failed(result.failed)
    if refreshed:
        remember(services.scan_cache, refreshed, library.max_bytes)
    return result
