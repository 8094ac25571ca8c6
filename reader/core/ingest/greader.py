"""A client of the Google Reader API, the protocol FreshRSS, Miniflux, Inoreader, The Old Reader
and the phone apps paired with them share: log in (ClientLogin), list subscriptions, page
through item ids, fetch items, mark them read or starred, follow a feed. Every answer is data:
bounded in size, checked in shape, and every failure is one line (GReaderError) saying what
went wrong: a wrong password, a server that is not a Google Reader API, one that cannot be
reached. Runs on a Fetcher's session (its deadline and proxy settings)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from reader.core.ingest.addresses import FetchError, check_url
from reader.core.text import inert, name_text, web_address

READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
LABEL = "user/-/label/"
BATCH = 250  # item ids in one request
PAGE = 1000  # item ids asked for at once
MAX_IDS = 200_000  # item ids taken from one stream in one sync
MAX_ANSWER = 64 * 1024 * 1024  # bytes in one answer


class GReaderError(Exception):
    """The server could not be used; the message says why, in a line."""


@dataclass
class Subscription:
    stream: str  # "feed/..." as the server names it
    url: str
    title: str
    folders: list[str]
    site: str | None


@dataclass
class Item:
    id: str  # the item's id as a decimal number
    link: str | None
    title: str
    html: str
    author: str | None
    date: dt.date | None
    stream: str  # the feed's stream id
    read: bool
    starred: bool


def item_id(text: str) -> str:
    """An item id in decimal, from either form ("tag:google.com,2005:reader/item/<hex>" or decimal)."""
    text = str(text)
    if text.startswith("tag:google.com,2005:reader/item/"):
        return str(int(text.rsplit("/", 1)[1], 16))
    return str(int(text))


def long_id(decimal: str) -> str:
    return f"tag:google.com,2005:reader/item/{int(decimal) & 0xFFFFFFFFFFFFFFFF:016x}"


class GReader:
    """One account on one server, on a Fetcher's session: `await login(password)` first."""

    def __init__(self, client: Any, url: str, user: str) -> None:
        self.client, self.user = client, user
        self.base = check_url(url).rstrip("/")
        self.auth: str | None = None
        self._token: str | None = None

    # --- the wire ---
    async def _ask(self, method: str, path: str, params: dict[str, str] | None = None, data: Any = None) -> str:
        import aiohttp

        headers = {"Authorization": f"GoogleLogin auth={self.auth}"} if self.auth else {}
        where = inert(f"{self.base}/{path}")
        try:
            async with self.client.request(
                method, f"{self.base}/{path}", params=params, data=data, headers=headers, allow_redirects=False
            ) as response:
                chunks, size = [], 0
                async for chunk in response.content.iter_any():  # read whole (one read gives what has come)
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > MAX_ANSWER:
                        break
                body = b"".join(chunks)
                status, kind = response.status, response.headers.get("content-type", "")
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            from reader.core.ingest.fetch import _reason

            deadline = getattr(self.client.timeout, "total", None) or 30  # the Fetcher's own
            raise GReaderError(f"{where}: {inert(_reason(error, deadline))}") from None
        if len(body) > MAX_ANSWER:
            raise GReaderError(f"{where}: the answer is too large")
        if status in (401, 403):
            raise GReaderError(f"{inert(self.base)}: the server refused the login (wrong user or API password?)")
        if status >= 300 or body.lstrip()[:20].lower().startswith((b"<!doctype", b"<html", b"<?xml")):
            raise GReaderError(
                f"{where}: HTTP {status}, {inert(kind) or 'no type'}: not a Google Reader API"
                " (is it the API's address, such as https://host/api/greader.php?)"
            )
        return str(body.decode("utf-8", errors="replace"))

    async def _json(self, path: str, params: dict[str, str] | None = None, data: Any = None) -> dict[str, Any]:
        text = await self._ask("POST" if data is not None else "GET", path, {**(params or {}), "output": "json"}, data)
        try:
            found = json.loads(text)
        except (ValueError, RecursionError):
            raise GReaderError(f"{inert(self.base)}/{inert(path)}: the answer is not JSON (cut short?)") from None
        if not isinstance(found, dict):
            raise GReaderError(f"{inert(self.base)}/{inert(path)}: the answer is not what the API gives")
        return found

    async def _post(self, path: str, data: list[tuple[str, str]]) -> str:
        if self._token is None:
            self._token = (await self._ask("GET", "reader/api/0/token")).strip()
        return await self._ask("POST", path, data=[*data, ("T", self._token)])

    # --- the API ---
    async def login(self, password: str) -> None:
        text = await self._ask("POST", "accounts/ClientLogin", data={"Email": self.user, "Passwd": password})
        auth = next((line[5:].strip() for line in text.splitlines() if line.startswith("Auth=")), "")
        if not auth:
            raise GReaderError(f"{inert(self.base)}: no Auth in the login's answer: not a Google Reader API")
        self.auth = auth

    async def subscriptions(self) -> list[Subscription]:
        found = await self._json("reader/api/0/subscription/list")
        subscriptions = []
        for row in found.get("subscriptions") or []:
            if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                continue
            url = web_address(row.get("url") or row["id"].removeprefix("feed/"))
            if url is None:
                continue
            labels = [c.get("label") or str(c.get("id", "")).removeprefix(LABEL) for c in row.get("categories") or []]
            subscriptions.append(
                Subscription(
                    row["id"],
                    url,
                    name_text(row.get("title")) or url,
                    [name_text(label) for label in labels if isinstance(label, str) and label.strip()],
                    web_address(row.get("htmlUrl")),
                )
            )
        return subscriptions

    async def item_ids(self, stream: str, exclude: str | None = None, since: int | None = None) -> list[str]:
        """Every item id of `stream` (without those in `exclude`; newer than `since`, seconds),
        page by page through the server's continuation."""
        ids: list[str] = []
        continuation = ""
        while len(ids) < MAX_IDS:
            params = {"s": stream, "n": str(PAGE)}
            if exclude:
                params["xt"] = exclude
            if since:
                params["ot"] = str(since)
            if continuation:
                params["c"] = continuation
            found = await self._json("reader/api/0/stream/items/ids", params)
            refs = found.get("itemRefs") or []
            try:
                ids += [item_id(ref["id"]) for ref in refs if isinstance(ref, dict)]
            except (KeyError, ValueError, TypeError):
                raise GReaderError(f"{inert(self.base)}: an item id that is no number") from None
            continuation = str(found.get("continuation") or "")
            if not continuation or not refs:
                break
        return list(dict.fromkeys(ids))

    async def items(self, ids: list[str]) -> list[Item]:
        found: list[Item] = []
        for start in range(0, len(ids), BATCH):
            answer = await self._json(
                "reader/api/0/stream/items/contents", data=[("i", long_id(i)) for i in ids[start : start + BATCH]]
            )
            found += [item for row in answer.get("items") or [] if (item := _item(row)) is not None]
        return found

    async def mark(self, ids: list[str], tag: str, on: bool) -> None:
        """Add `tag` (READ, STARRED) to these items, or take it off."""
        for start in range(0, len(ids), BATCH):
            batch = [("i", long_id(i)) for i in ids[start : start + BATCH]]
            await self._post("reader/api/0/edit-tag", [*batch, ("a" if on else "r", tag)])

    async def subscribe(self, url: str, title: str, folders: list[str]) -> None:
        data = [("ac", "subscribe"), ("s", f"feed/{url}"), ("t", title)]
        await self._post("reader/api/0/subscription/edit", data + [("a", LABEL + f) for f in folders[:1]])

    async def unsubscribe(self, stream: str) -> None:
        await self._post("reader/api/0/subscription/edit", [("ac", "unsubscribe"), ("s", stream)])

    async def edit(self, stream: str, title: str, add: list[str], remove: list[str]) -> None:
        data = [("ac", "edit"), ("s", stream), ("t", title)]
        data += [("a", LABEL + f) for f in add] + [("r", LABEL + f) for f in remove]
        await self._post("reader/api/0/subscription/edit", data)


def _item(row: Any) -> Item | None:
    if not isinstance(row, dict) or not isinstance(row.get("id"), str):
        return None
    try:
        decimal = item_id(row["id"])
    except ValueError:
        return None
    links = [x.get("href") for x in (row.get("canonical") or []) + (row.get("alternate") or []) if isinstance(x, dict)]
    body = row.get("content") or row.get("summary") or {}
    categories = [c for c in row.get("categories") or [] if isinstance(c, str)]
    published = row.get("published")
    date = dt.datetime.fromtimestamp(published, dt.UTC).date() if isinstance(published, int | float) else None
    origin: dict[str, Any] = row["origin"] if isinstance(row.get("origin"), dict) else {}
    return Item(
        decimal,
        next((web_address(link) for link in links if web_address(link)), None),
        name_text(row.get("title")),
        str(body.get("content") or "") if isinstance(body, dict) else "",
        name_text(row.get("author")) or None,
        date,
        str(origin.get("streamId") or ""),
        any(c.endswith("/state/com.google/read") for c in categories),
        any(c.endswith("/state/com.google/starred") for c in categories),
    )


async def check(client: Any, url: str, user: str, password: str) -> GReader:
    """Log in at once (what `reader account add` does): GReaderError says what failed."""
    try:
        reader = GReader(client, url, user)
    except FetchError as error:
        raise GReaderError(str(error)) from None
    await reader.login(password)
    await reader.subscriptions()  # a login some servers take for anything: the API must answer too
    return reader


__all__ = ["GReader", "GReaderError", "Item", "Subscription", "check", "item_id", "long_id"]
