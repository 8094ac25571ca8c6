"""Markdown exports for the CLI and the app: what to export (`collect`), an article's
highlights into its file in the export folder, a notebook's into one file, and the
auto-export folder kept up to date."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

    from reader.core.library import Library
    from reader.core.notes.export import ArticleExport, Exporter
    from reader.core.notes.highlight import Highlight
    from reader.core.notes.vault import Back, Vault
    from reader.core.store import Store
    from reader.services import Services


def export_dir(services: Services) -> Path:
    folder = services.config.export_dir
    return Path(folder).expanduser() if folder else services.paths.data_dir / "exports"


def export_template(services: Services) -> Path | None:
    template = services.config.export_template
    return Path(template).expanduser() if template else None


def exporter(services: Services) -> Exporter:
    """The Markdown exporter with the configured template, parsed once."""
    if services.exporter is None:
        from reader.core.notes.export import Exporter

        services.exporter = Exporter(export_template(services))
    return services.exporter  # type: ignore[return-value]  # an Exporter once made


def vault(services: Services) -> Vault:
    """The round trip of exported notes: bases in reader's data folder, and what comes back
    from the vault saved in the store (an edit, undoable like any other)."""
    from reader.core.notes.vault import Bases, Vault

    return Vault(Bases(services.paths.data_dir / "vault"), None if services.store.read_only else _taker(services.store))


def _taker(store: Store) -> Callable[[ArticleExport, Back], ArticleExport]:
    import dataclasses

    def take(article: ArticleExport, back: Back) -> ArticleExport:
        highlights = []
        with store.batch():
            for h in article.highlights:
                fields = {"note": back.notes[h.id]} if h.id in back.notes else {}
                if h.id in back.tags:
                    fields["tags"] = back.tags[h.id]  # type: ignore[assignment]  # a tuple of tags
                highlights.append(store.highlights.update(h.id, **fields) if fields and h.id in store.highlights else h)
            fields = {"note": back.article_note} if back.article_note is not None else {}
            if back.article_tags is not None:
                fields["tags"] = back.article_tags  # type: ignore[assignment]  # a tuple of tags
            if fields:
                store.articles.change(article.id, "Came back from the vault", **fields)
        state = store.articles.state(article.id)
        return dataclasses.replace(article, highlights=highlights, note=state.note, tags=state.tags)

    return take


def export_articles(
    services: Services,
    article_ids: list[str] | None,
    highlight_ids: set[str] | None = None,
    notebook: str | None = None,
    notes: list[str] | None = None,
) -> list[Path]:
    """Export to Markdown (as the reader's export key does): one article to its file in
    the export folder (reader.core.notes.writing names it); with `notebook` (the
    notebook's filter, maybe ""), only `highlight_ids`, into a file named from the
    filter, never over an article's own."""
    from reader.core.notes.export import safe_filename
    from reader.core.notes.writing import export_name, write_markdown

    exports = collect(services.library, services.store, article_ids)
    if highlight_ids is not None:
        for article in exports:
            article.highlights = [h for h in article.highlights if h.id in highlight_ids]
        exports = [a for a in exports if a.highlights]
    exports = [a for a in exports if a.highlights or a.tags or a.note]
    if not exports:
        return []
    if notebook is None:
        folder = export_dir(services)
        path, what = folder / export_name(exports[0].id, exports[0].title, folder), "Highlights"
    else:  # a folder of its own: no article's export can share its name
        words = " ".join(notebook.split())
        path = export_dir(services) / "notebook" / safe_filename(words or "all highlights", set())
        what = f"Notebook: {words}" if words else "Notebook"
    return write_markdown(exports, path, exporter(services), False, what, notes, vault(services))


def auto_export(services: Services, article_id: str, notes: list[str] | None = None) -> Path | None:
    """Keep the auto-export folder's file for this article up to date: written once the
    article has highlights, tags or a note, and kept (rewritten) when they are gone."""
    from reader.core.notes.writing import export_name, write_markdown

    if not services.config.auto_export_dir:
        return None
    folder = Path(services.config.auto_export_dir).expanduser()
    export = collect(services.library, services.store, [article_id])[0]
    path = folder / export_name(article_id, export.title, folder)
    if not (export.highlights or export.tags or export.note or path.exists()):
        return None
    return write_markdown([export], path, exporter(services), False, notes=notes, vault=vault(services))[0]


def missing_exports(services: Services) -> list[str]:
    """The annotated articles (highlights, tags or a note) with no file in the auto-export
    folder yet: those annotated before `auto_export_dir` was set."""
    from reader.core.notes.vault import notes_by_id
    from reader.core.notes.writing import id_digest

    if not services.config.auto_export_dir:
        return []
    find = notes_by_id(Path(services.config.auto_export_dir).expanduser(), id_digest)
    states = services.store.articles.states()
    annotated = set(services.store.highlights.counts()) | {a for a, s in states.items() if s.tags or s.note}
    return sorted(a for a in annotated if not (a in states and states[a].deleted) and find(a) is None)


def collect(
    library: Library | None,
    store: Store,
    article_ids: Iterable[str] | None = None,
    tags: Iterable[str] = (),
    entity: str | None = None,
    since: dt.date | None = None,
) -> list[ArticleExport]:
    """The articles to export, each with its chosen highlights placed on its current text
    and its own tags and note. Without ids: every article with highlights, tags or a note;
    an article asked for by id comes even with none. An article whose file is gone is
    still exported, from what its highlights remember."""
    from reader.core.store import StoreError

    wanted_tags = {t.casefold().lstrip("#") for t in tags}
    filtered = bool(wanted_tags or entity or since)
    by_article: dict[str, list[Highlight]] = {}
    for highlight in store.highlights.all():
        by_article.setdefault(highlight.article, []).append(highlight)
    noted = [a for a, s in store.articles.states().items() if (s.tags or s.note) and not s.deleted]
    if article_ids:
        asked = list(dict.fromkeys(article_ids))
        by_article = {a: by_article.get(a, []) for a in asked}
    else:
        asked = []
        for article_id in noted:
            by_article.setdefault(article_id, [])
    exports: list[ArticleExport] = []
    try:
        with store.batch() if not store.read_only else contextlib.nullcontext():
            # the highlights re-anchored on the way saved in one journal line, not one per article
            _collect(library, store, by_article, exports, wanted_tags, entity, since, filtered, asked)
    except StoreError:
        pass  # a full disk: placed for this export, saved another time
    exports.sort(key=lambda e: (e.date is None, -(e.date.toordinal() if e.date else 0), e.title.casefold()))
    return exports


def _placed(
    library: Library | None, store: Store, article_id: str, docs: list[Highlight]
) -> tuple[Any, list[Highlight]]:
    """(what is known of the article: its entry, its Article when it had to be read, or None;
    its highlights placed on its current text). Read only when some highlight is placed on
    another text than the one the scan found (its fingerprint): re-anchored, and saved so."""
    from reader.core.library.articles import SkipFile

    entry = library.get(article_id) if library is not None else None
    if library is None or entry is None:
        return entry, docs
    if entry.fingerprint and all(h.placed_on == entry.fingerprint for h in docs):
        return entry, docs
    try:
        article = library.load(article_id)
    except (SkipFile, OSError):
        return entry, docs
    return article, store.highlights.place(article.id, article.fingerprint, article.body)


def place_highlights(services: Services, article_ids: Iterable[str]) -> set[str]:
    """Place these articles' highlights on their current texts now (an import's, rather than
    at the first export or opening); the ids of those not found there (kept, as orphans)."""
    library, store = services.library or services.scan(), services.store
    lost = set()
    for article_id in article_ids:
        _, placed = _placed(library, store, article_id, store.highlights.of(article_id))
        lost.update(h.id for h in placed if not h.attached)
    return lost


def _collect(library, store, by_article, exports, wanted_tags, entity, since, filtered, asked) -> None:
    from reader.core.notes.export import ArticleExport

    for article_id, docs in by_article.items():
        found, docs = _placed(library, store, article_id, docs)
        chosen = [
            h
            for h in docs
            if not (wanted_tags and not wanted_tags & {t.casefold() for t in h.tags})
            and not (entity and entity.casefold() not in h.exact.casefold())
            and not (since and h.modified[:10] < since.isoformat())
        ]
        state = store.articles.state(article_id)
        if chosen or (not filtered and (article_id in asked or state.tags or state.note)):
            meta = {name: getattr(found, name, None) for name in ("author", "site", "feed", "canonical_url")}
            title = found.title if found is not None else article_id
            url, date = (found.url, found.date) if found is not None else (None, None)
            exports.append(
                ArticleExport(article_id, title, url, date, chosen, **meta, tags=state.tags, note=state.note)
            )
