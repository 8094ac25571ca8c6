"""The private channel between the shell and the open reader: a request answered, nothing
reached when nobody listens, a folder others can enter refused."""

from __future__ import annotations

import asyncio
import json
import os
import socket

import pytest

from reader.core import handoff


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


async def echo(request: dict) -> dict:
    return {"code": 0, "out": f"did {request['do']}\n", "err": ""}


async def test_a_request_is_answered_and_the_socket_goes_with_the_server(tmp_path, runtime):
    db = tmp_path / "reader.json"
    server, warning = await handoff.serve(db, echo)
    assert server is not None and warning == ""
    path, _ = handoff.socket_path(db)
    assert path is not None and path.parent.parent == runtime
    assert oct(path.stat().st_mode & 0o777) == "0o600" and oct(path.parent.stat().st_mode & 0o777) == "0o700"
    reply = await asyncio.to_thread(handoff.ask, db, {"do": "sync"}, 5)
    assert reply == {"code": 0, "out": "did sync\n", "err": ""}
    handoff.stop(server, db)
    assert not path.exists()
    assert await asyncio.to_thread(handoff.ask, db, {"do": "sync"}, 5) is None  # nobody listens: the shell goes on


async def test_a_shell_with_another_runtime_folder_finds_the_app_all_the_same(tmp_path, runtime, monkeypatch):
    """cron has no XDG_RUNTIME_DIR: the file beside the database names the socket."""
    db = tmp_path / "reader.json"
    server, _ = await handoff.serve(db, echo)
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    try:
        assert (await asyncio.to_thread(handoff.ask, db, {"do": "x"}, 5))["out"] == "did x\n"
    finally:
        handoff.stop(server, db)


def test_a_socket_left_by_a_reader_that_crashed_is_no_answer(tmp_path, runtime):
    db = tmp_path / "reader.json"
    path, _ = handoff.socket_path(db)
    with socket.socket(socket.AF_UNIX) as orphan:
        orphan.bind(str(path))  # bound, never listening: as a crashed reader leaves it
    (tmp_path / "reader.json.socket").write_text(str(path))
    assert handoff.ask(db, {"do": "sync"}, 5) is None


async def test_a_folder_others_can_enter_is_not_a_private_channel_and_another_is_used(tmp_path, runtime):
    shared = runtime / f"reader-tui-{os.getuid()}"
    shared.mkdir(mode=0o700)
    os.chmod(shared, 0o777)  # made first by someone else, say, open to all
    (tmp_path / "reader.json.socket").write_text(str(shared / "x.sock"))
    assert handoff.ask(tmp_path / "reader.json", {"do": "sync"}, 5) is None  # never spoken through
    db = tmp_path / "reader.json"
    server, warning = await handoff.serve(db, echo)
    try:
        assert server is not None and f"{shared} is not yours alone" in warning
        path = (tmp_path / "reader.json.socket").read_text()
        assert not path.startswith(f"{shared}/") and oct(os.stat(os.path.dirname(path)).st_mode & 0o777) == "0o700"
        assert (await asyncio.to_thread(handoff.ask, db, {"do": "x"}, 5))["out"] == "did x\n"  # the hand-off works
    finally:
        handoff.stop(server, db)
    assert not os.path.exists(os.path.dirname(path))  # its own folder goes with it


def test_an_app_that_does_not_answer_is_said_within_the_silence_limit(tmp_path, runtime):
    """A stopped app (ctrl+z) accepts the connection and says nothing: the shell gives up."""
    db = tmp_path / "reader.json"
    path, _ = handoff.socket_path(db)
    with socket.socket(socket.AF_UNIX) as stopped:
        stopped.bind(str(path))
        stopped.listen()
        (tmp_path / "reader.json.socket").write_text(str(path))
        with pytest.raises(handoff.HandoffError, match="has not answered for 0.5 s: it may be stopped"):
            handoff.ask(db, {"do": "sync"}, 0.5)


async def test_a_long_piece_of_work_says_it_is_working_and_is_answered(tmp_path, runtime, monkeypatch):
    monkeypatch.setattr(handoff, "HEARTBEAT", 0.1)
    db = tmp_path / "reader.json"

    async def slow(request: dict) -> dict:
        await asyncio.sleep(1.0)  # a sync: longer than the shell waits in silence
        return await echo(request)

    server, _ = await handoff.serve(db, slow)
    try:
        assert (await asyncio.to_thread(handoff.ask, db, {"do": "sync"}, 0.4))["out"] == "did sync\n"
    finally:
        handoff.stop(server, db)


async def test_what_is_not_a_request_gets_a_clear_answer(tmp_path, runtime):
    db = tmp_path / "reader.json"
    server, _ = await handoff.serve(db, echo)
    path, _ = handoff.socket_path(db)

    def send(raw: bytes) -> dict:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.settimeout(5)
            connection.connect(str(path))
            connection.sendall(raw)
            return json.loads(connection.makefile("rb").readline())

    try:
        for raw in (b"not json\n", b"[1, 2]\n", b"\xff\xfe\n"):
            reply = await asyncio.to_thread(send, raw)
            assert reply["code"] == 2 and "could not be read" in reply["err"]
    finally:
        handoff.stop(server, db)


async def test_an_app_that_closes_before_answering_is_said(tmp_path, runtime):
    db = tmp_path / "reader.json"

    async def never(request: dict) -> dict:
        raise OSError("gone")  # the connection closes with no answer

    server, _ = await handoff.serve(db, never)
    try:
        with pytest.raises(handoff.HandoffError, match="may or may not have done it"):
            await asyncio.to_thread(handoff.ask, db, {"do": "sync"}, 5)
    finally:
        handoff.stop(server, db)


async def test_a_command_typed_as_the_app_starts_waits_for_it_to_listen(home, runtime):
    """The app holds the database a moment before it listens: the shell's command is not
    refused as "in use" meanwhile, it waits (up to 2 s) and is handed over."""
    import subprocess
    import sys

    from reader.core.store import Store

    db = home / "reader.json"
    store = Store(db)  # the app has opened the database...

    async def answer(request: dict) -> dict:
        return {"code": 0, "out": f"done in the app: {' '.join(request['argv'])}\n", "err": ""}

    command = [sys.executable, "-m", "reader", "tag", "some.txt", "keep"]
    shell = asyncio.create_task(asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, timeout=60))
    try:
        await asyncio.sleep(0.8)  # ...and listens a moment later
        server, _ = await handoff.serve(db, answer)
        done = await shell
        assert (done.returncode, done.stdout) == (0, "done in the app: tag some.txt keep\n"), done.stderr
    finally:
        handoff.stop(server, db)
        store.close()
