"""Articles from outside into the library: files and folders (`files`), web pages fetched
(`fetch`) and saved (`pages`), feeds followed (`feeds`). Imported on first use: fetching
brings in aiohttp."""

from typing import TYPE_CHECKING

from reader.core import lazy

if TYPE_CHECKING:
    from reader.core.ingest.feeds import FeedError, discover, sync
    from reader.core.ingest.fetch import Fetcher, FetchError, is_url, url_key
    from reader.core.ingest.files import AddResult, UrlIndex, add_to_library
    from reader.core.ingest.pages import save_urls

__all__ = [
    "AddResult", "FeedError", "FetchError", "Fetcher", "UrlIndex", "add_to_library", "discover", "is_url",
    "save_urls", "sync", "url_key",
]  # fmt: skip
__getattr__ = lazy.exports(__name__, {
    **dict.fromkeys(("FeedError", "discover", "sync"), "feeds"),
    **dict.fromkeys(("Fetcher", "FetchError", "is_url", "url_key"), "fetch"),
    **dict.fromkeys(("AddResult", "UrlIndex", "add_to_library"), "files"),
    "save_urls": "pages",
})  # fmt: skip
