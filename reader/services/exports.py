"""Markdown exports for the CLI and the app: an article's highlights into its file in the
export folder, a notebook's into one file, and the auto-export folder kept up to date."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.notes.export import Exporter
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
    from reader.core.notes.writing import collect, export_name, write_markdown

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
    return write_markdown(exports, path, exporter(services), folder=False, what=what, notes=notes)


def auto_export(services: Services, article_id: str, notes: list[str] | None = None) -> Path | None:
    """Keep the auto-export folder's file for this article up to date: written once the
    article has highlights, tags or a note, and kept (rewritten) when they are gone."""
    from reader.core.notes.writing import collect, export_name, write_markdown

    if not services.config.auto_export_dir:
        return None
    folder = Path(services.config.auto_export_dir).expanduser()
    export = collect(services.library, services.store, [article_id])[0]
    path = folder / export_name(article_id, export.title, folder)
    if not (export.highlights or export.tags or export.note or path.exists()):
        return None
    return write_markdown([export], path, exporter(services), folder=False, notes=notes)[0]


def missing_exports(services: Services) -> list[str]:
    """The annotated articles (highlights, tags or a note) with no file in the auto-export
    folder yet: those annotated before `auto_export_dir` was set."""
    from reader.core.notes.writing import exported_digests, id_digest

    if not services.config.auto_export_dir:
        return []
    present = exported_digests(Path(services.config.auto_export_dir).expanduser())
    states = services.store.articles.states()
    annotated = set(services.store.highlights.counts()) | {a for a, s in states.items() if s.tags or s.note}
    return sorted(a for a in annotated if id_digest(a) not in present and not (a in states and states[a].deleted))
