"""A feed's own settings (`reader feed set`, `e` in the feeds): its page or its feed's own
text, a CSS selector for the article, how often the app's background sync fetches it, how
long its read articles are kept; and which feeds that background sync fetches when."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from reader.core.text import inert, plural

if TYPE_CHECKING:
    from reader.services import Services

SETTINGS = ("content", "selector", "every", "keep_read")


def set_feed(services: Services, url: str, given: dict[str, Any]) -> dict[str, Any]:
    """Change a feed's own settings (`content` page|feed, `selector` CSS, `every` minutes,
    `keep_read` days; 0 or "" gives one back to the default); the feed as it is now. ValueError
    saying what is wrong, and nothing changed, for a setting that cannot be."""
    from reader.core.selector import check_selector

    changes: dict[str, Any] = {}
    for key, value in given.items():
        if key == "content":
            if value not in ("page", "feed", "", None):
                raise ValueError(f"--content is page or feed, not {value!r}")
            changes[key] = "feed" if value == "feed" else None
        elif key == "selector":
            changes[key] = check_selector(value.strip()) if value and value.strip() else None
        elif key in ("every", "keep_read"):
            if not isinstance(value, int) or not 0 <= value <= 1_000_000:
                raise ValueError(f"--{key.replace('_', '-')} takes a whole number from 0 (0: the config's setting)")
            changes[key] = value or None
    services.store.feeds.update(url, **changes)
    return services.store.feeds.find(url) or {}


def settings_line(feed: dict[str, Any]) -> str:
    """A feed's own settings in words."""
    said = ["its feed's own text" if feed.get("content") == "feed" else "each article's page"]
    if feed.get("selector"):
        said.append(f"the article is {inert(feed['selector'])}")
    if feed.get("every"):
        said.append(f"synced every {plural(feed['every'], 'minute')} in the app")
    if feed.get("keep_read"):
        said.append(f"read articles kept {plural(feed['keep_read'], 'day')}")
    return "; ".join(said)


def schedule(feeds: list[dict[str, Any]], interval: float | None) -> float | None:
    """How often, in minutes, the app's background sync should look for feeds due: the
    `sync_interval`, or a feed's own `every` if shorter; None if nothing is scheduled."""
    found = [float(f["every"]) for f in feeds if f.get("every")] + ([interval] if interval else [])
    return min(found) if found else None


def due(feeds: list[dict[str, Any]], interval: float | None, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The feeds a background sync fetches now: those not synced for their own `every`
    minutes (else `sync_interval`); a feed with neither waits for `R` or `reader sync`."""
    now = now or dt.datetime.now(dt.UTC)
    found = []
    for feed in feeds:
        minutes = feed.get("every") or interval
        if not minutes:
            continue
        try:
            last = dt.datetime.fromisoformat(feed["last_sync"]) if feed.get("last_sync") else None
        except ValueError:
            last = None
        # a minute's slack: a tick a moment early still takes the feeds due on it
        if last is None or (now - last).total_seconds() >= minutes * 60 - 60:
            found.append(feed)
    return found
