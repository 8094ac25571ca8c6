"""The shell hands its work to the open reader: while the app holds the database, a command
that would change it (`reader sync`, `reader feed add`, `reader mark`...) sends its request
over a Unix socket and the app, the only writer, does it and answers.

The socket lives in a folder only its owner can enter (the runtime folder, else the temporary
one), one per database, named in a file beside the database; the app also checks that whoever
connects is its own user. A request
is one JSON line, the answer one JSON line: `{"code": int, "out": str, "err": str}`."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import socket
import stat
import struct
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from reader.core.files import write_atomically

MAX_MESSAGE = 16 * 1024 * 1024  # a note read from stdin, say; more is refused
SOCKET_FOLDER_MAX = 80  # bytes: with the socket's name, under the 104-108 a Unix socket address takes
SILENCE = 15.0  # seconds the shell waits for a word from the app before saying it is not answering
HEARTBEAT = 5.0  # while a request is worked on (a sync), the app says so this often
WORKING = b'{"working": true}\n'


class HandoffError(Exception):
    """The app was reached but did not answer (it closed, or the answer was not one)."""


def _private(folder: Path) -> bool:
    """Whether only this user can enter `folder` (and it is a real folder, not a link)."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def socket_path(db_path: Path) -> tuple[Path | None, str]:
    """Where the app that holds `db_path` listens: an owner-only folder in the runtime
    folder ($XDG_RUNTIME_DIR), else in the temporary one; when that folder is someone
    else's or open to others, a new private one beside it, and why (the file beside the
    database names the socket, so the shell finds it there too). None where there is no
    place to listen, or no Unix sockets."""
    if not hasattr(socket, "AF_UNIX") or sys.platform == "win32":
        return None, ""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime and _private(Path(runtime)) else Path(tempfile.gettempdir())
    folder, warning = base / f"reader-tui-{os.getuid()}", ""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _private(folder):  # someone else's, or open to others: not a private channel
            warning = f"{folder} is not yours alone, so the shell's commands come through a private folder instead"
            folder = Path(tempfile.mkdtemp(prefix=f"reader-tui-{os.getuid()}-", dir=base))
        if len(str(folder).encode()) > SOCKET_FOLDER_MAX:  # a Unix socket's address is short
            folder = Path(tempfile.mkdtemp(prefix=f"reader-tui-{os.getuid()}-", dir="/tmp"))
    except OSError as error:
        return None, f"no private folder for the shell's commands ({error.strerror or error})"
    key = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:20]
    return folder / f"{key}.sock", warning


def _address(db_path: Path) -> Path:
    """The file beside the database that names the app's socket, so that a shell with
    other environment variables (cron's, say) finds it all the same."""
    return db_path.with_name(db_path.name + ".socket")


def _same_user(connection: socket.socket) -> bool:
    peer = getattr(socket, "SO_PEERCRED", None)
    if peer is None:
        return True  # no way to ask (macOS): the owner-only folder is the guard
    _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, peer, struct.calcsize("3i")))
    return bool(uid == os.getuid())


Message = dict[str, Any]
Answer = Callable[[Message], Awaitable[Message]]


async def serve(db_path: Path, answer: Answer) -> tuple[asyncio.AbstractServer | None, str]:
    """Listen for requests about `db_path` and answer each with `answer(request)` (a dict
    with `code`, `out`, `err`), saying "working" every few seconds until it is ready. None if
    there is no private place to listen; with what the user should know of where it listens.
    The caller holds the database's lock, so a socket left by a reader that crashed is replaced."""
    path, warning = socket_path(db_path)
    if path is None:
        return None, warning

    async def one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if not _same_user(writer.get_extra_info("socket")):
                return
            line = await reader.readline()
            try:
                request = json.loads(line)
                if not isinstance(request, dict):
                    raise ValueError("not an object")
            except ValueError as error:
                reply = {"code": 2, "out": "", "err": f"reader: the request could not be read ({error})\n"}
            else:
                reply = await _answered(answer(request), writer)
            writer.write(json.dumps(reply, ensure_ascii=False).encode() + b"\n")
            await writer.drain()
        except (OSError, ValueError, asyncio.LimitOverrunError):
            pass  # the shell went away, or sent too much: nothing to answer
        finally:
            writer.close()

    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    try:
        server = await asyncio.start_unix_server(one, path=str(path), limit=MAX_MESSAGE)
    except OSError as error:
        return None, f"the shell's commands cannot reach this reader ({error.strerror or error})"
    os.chmod(path, 0o600)
    try:
        # off the event loop: it is the app's start-up, and the write is fsynced
        await asyncio.to_thread(write_atomically, _address(db_path), str(path), 0o600)
    except OSError as error:
        server.close()
        return None, f"the shell's commands cannot reach this reader ({error.strerror or error})"
    return server, warning


async def _answered(work: Awaitable[Message], writer: asyncio.StreamWriter) -> Message:
    """The answer, with a "working" line every HEARTBEAT seconds until it is ready (so that
    the shell tells a long sync from an app that is stopped)."""
    task = asyncio.ensure_future(work)
    while True:
        done, _ = await asyncio.wait({task}, timeout=HEARTBEAT)
        if done:
            return task.result()
        try:
            writer.write(WORKING)
            await writer.drain()
        except OSError:  # the shell went away: the work goes on, its answer to nobody
            return await task


def stop(server: asyncio.AbstractServer | None, db_path: Path) -> None:
    if server is None:
        return
    server.close()
    with contextlib.suppress(OSError):
        path = Path(_address(db_path).read_text(encoding="utf-8"))
        _address(db_path).unlink()
        path.unlink()
        if path.parent.name != f"reader-tui-{os.getuid()}":  # a private folder of its own: gone with it
            path.parent.rmdir()


def ask(db_path: Path, request: Message, timeout: float = SILENCE) -> Message | None:
    """The app's answer to `request`, or None when no app listens for `db_path` (then the
    caller goes on by itself). HandoffError if the app was reached but did not answer, or
    said nothing for `timeout` seconds (a long sync says "working" meanwhile)."""
    try:
        path = Path(_address(db_path).read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        return None  # no app has listened for this database
    if not hasattr(socket, "AF_UNIX") or not path.is_absolute() or not _private(path.parent):
        return None
    data = json.dumps(request, ensure_ascii=False).encode() + b"\n"
    if len(data) > MAX_MESSAGE:
        raise HandoffError(f"the request is too large to hand to the open reader ({len(data):,} bytes)")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(2.0)
        try:
            connection.connect(str(path))
        except OSError:  # a socket left by a reader that is gone
            return None
        connection.settimeout(timeout)
        try:
            connection.sendall(data)
            with connection.makefile("rb") as stream:
                line = WORKING
                while line == WORKING:
                    line = stream.readline(MAX_MESSAGE + 1)
        except TimeoutError:
            raise HandoffError(
                f"the open reader has not answered for {timeout:g} s: it may be stopped (`fg` in its terminal"
                " brings it back) or frozen; what was asked may still be done when it wakes. Quit it (or wait)"
                " and run the command again"
            ) from None
        except OSError as error:
            raise HandoffError(f"the open reader did not answer ({error})") from None
    try:
        reply = json.loads(line)
        return {"code": int(reply["code"]), "out": str(reply["out"]), "err": str(reply["err"])}
    except (ValueError, KeyError, TypeError):
        raise HandoffError("the open reader closed before answering: it may or may not have done it") from None
