"""A library that keeps itself tidy: read articles older than `keep_read_days` (or a feed's own
`keep_read`) go to the trash, at each sync or with `reader clean`; the trash lets go of what
has been there `trash_days`. Only files reader saved are cleaned (a file in a folder of the
user's is never touched), and never an article the user made something of: starred,
highlighted, tagged, with a note, or in Later."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.library import Facts
from reader.core.text import plural

if TYPE_CHECKING:
    from reader.core.library import Entry
    from reader.services import Services


@dataclass
class Cleaned:
    """What a clean did (or, `dry_run`, would do)."""

    old: list[Entry] = field(default_factory=list)  # read articles moved to the trash
    emptied: list[str] = field(default_factory=list)  # articles whose file left the trash for good
    dry_run: bool = False

    def line(self) -> str:
        """ "12 old read articles moved to the trash; 3 let go from the trash" ("" if nothing)."""
        moved = "would go to the trash" if self.dry_run else "moved to the trash"
        parts = [f"{plural(len(self.old), 'old read article')} {moved}"] if self.old else []
        if self.emptied:
            let_go = "would be let go" if self.dry_run else "let go"
            parts.append(f"{plural(len(self.emptied), 'article')} {let_go} from the trash")
        return "; ".join(parts)


def keeps(services: Services) -> bool:
    """Whether any retention is set (the setting, or a feed's own)."""
    return bool(services.config.keep_read_days) or any(f.get("keep_read") for f in services.store.feeds.all())


def old_read(services: Services, today: dt.date | None = None) -> list[Entry]:
    """The read articles reader saved that are older than their feed's `keep_read` days (else
    `keep_read_days`), but those the user made something of."""
    from reader.services.triage import visible

    store = services.store
    default = services.config.keep_read_days
    own = {f["url"]: f["keep_read"] for f in store.feeds.all() if f.get("keep_read")}
    if not default and not own:
        return []
    today = today or dt.date.today()
    read, states, counts = store.articles.read_keys(), store.articles.states(), store.highlights.counts()
    facts = Facts(feed_names=store.feeds.names())
    inside = str(services.paths.library_dir) + os.sep  # only files reader saved (a string test: 50,000 of them)
    found = []
    for entry in visible(services):
        if entry.id not in read or entry.date is None or counts.get(entry.id):
            continue
        days = own.get(facts.feed_url_of(entry) or "", default) if (entry.feed or entry.feed_url) else default
        if not days or (today - entry.date).days <= days:
            continue
        state = states.get(entry.id)
        if state is not None and (state.starred or state.tags or state.note or state.state == "later"):
            continue
        if str(entry.location).startswith(inside):
            found.append(entry)
    return found


def expired(services: Services, now: dt.datetime | None = None) -> dict[str, Path]:
    """The deleted articles whose file has been in the trash `trash_days` or more: id -> file."""
    now = now or dt.datetime.now(dt.UTC)
    limit = dt.timedelta(days=services.config.trash_days)
    found = {}
    for article_id, state in services.store.articles.states().items():
        record = state.deleted
        if not record or not record.get("trash"):
            continue
        try:
            at = dt.datetime.fromisoformat(record["at"])
        except (KeyError, TypeError, ValueError):
            continue
        if now - (at if at.tzinfo else at.replace(tzinfo=dt.UTC)) >= limit:
            found[article_id] = Path(record["trash"])
    return found


def clean(services: Services, dry_run: bool = False, today: dt.date | None = None) -> Cleaned:
    """Old read articles to the trash (one change, undoable in the app), and the trash emptied
    of what has been there long enough (its record kept: a feed never brings it back)."""
    import dataclasses

    from reader.services.triage import delete

    done = Cleaned(old_read(services, today), dry_run=dry_run)
    gone = expired(services)
    done.emptied = sorted(gone)
    if dry_run:
        return done
    if done.old:
        delete(services, done.old)
    if gone:
        articles = services.store.articles
        with services.store.batch():
            for article_id in gone:
                state = articles.state(article_id)
                articles.keep_state(
                    article_id, dataclasses.replace(state, deleted={**(state.deleted or {}), "trash": None})
                )
        for path in gone.values():
            path.unlink(missing_ok=True)
    return done
