"""The full-text index (reader.core.search) for the CLI and the app: brought up to date with
the library, the highlights' tags and notes, and the entity cache."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.services import Services


def update_search(services: Services, progress=None):
    """Bring the full-text index (reader.core.search) up to date with the library, the
    highlights' tags and notes, and the entity cache; returns the Update report."""
    import hashlib

    from reader.core.library import SkipFile
    from reader.core.search import Document, SearchIndex, bring_up_to_date

    library = services.library or services.scan()
    annotated = services.store.highlights.tags_and_notes()
    entities = services.entities
    try:
        cache = entities.cache
    except Exception:  # no model: entity: searches find nothing until there is one
        cache = None

    def document(article_id: str) -> Document | None:
        try:
            article = library.load(article_id)
        except (SkipFile, OSError, KeyError):
            return None
        found = entities.cached(article) if cache is not None else None
        names = None if found is None else " ".join(sorted({e.text(article.body) for e in found}))
        tags, notes = annotated.get(article_id, ([], []))
        return Document(
            article_id,
            article.title,
            article.body,
            " ".join(filter(None, (article.site_name, article.author or ""))),
            " ".join(tags),
            "\n".join(notes),
            names,
            article.fingerprint,
        )

    def extras(article_id: str) -> str:
        tags, notes = annotated.get(article_id, ([], []))
        return hashlib.blake2b("\x00".join(tags + notes).encode(), digest_size=6).hexdigest() if tags or notes else ""

    index = SearchIndex(services.search_path)
    try:
        return bring_up_to_date(
            index,
            [(entry.id, entry.path) for entry in library.entries],
            document,
            extras,
            progress,
            lambda fingerprint: cache is not None and entities.indexed(fingerprint),
        )
    finally:
        index.close()
