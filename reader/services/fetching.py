"""The one way to make the web client, with the config's limits: for the feed service, the
feed-server sync and the CLI alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.ingest.fetch import Fetcher
    from reader.services import Services


def fetcher(services: Services) -> Fetcher:
    """A Fetcher with the config's deadline and size cap (`async with` it)."""
    from reader.core.ingest.fetch import Fetcher

    return Fetcher(services.config.fetch_timeout, services.config.fetch_max_bytes)
