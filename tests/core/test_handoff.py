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
    server = await handoff.serve(db, echo)
    assert server is not None
    path = handoff.socket_path(db)
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
    server = await handoff.serve(db, echo)
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    try:
        assert (await asyncio.to_thread(handoff.ask, db, {"do": "x"}, 5))["out"] == "did x\n"
    finally:
        handoff.stop(server, db)


def test_a_socket_left_by_a_reader_that_crashed_is_no_answer(tmp_path, runtime):
    db = tmp_path / "reader.json"
    path = handoff.socket_path(db)
    with socket.socket(socket.AF_UNIX) as orphan:
        orphan.bind(str(path))  # bound, never listening: as a crashed reader leaves it
    (tmp_path / "reader.json.socket").write_text(str(path))
    assert handoff.ask(db, {"do": "sync"}, 5) is None


def test_a_folder_others_can_enter_is_not_a_private_channel(tmp_path, runtime):
    shared = runtime / f"reader-tui-{os.getuid()}"
    shared.mkdir(mode=0o700)
    os.chmod(shared, 0o777)
    assert handoff.socket_path(tmp_path / "reader.json") is None
    (tmp_path / "reader.json.socket").write_text(str(shared / "x.sock"))
    assert handoff.ask(tmp_path / "reader.json", {"do": "sync"}, 5) is None


async def test_what_is_not_a_request_gets_a_clear_answer(tmp_path, runtime):
    db = tmp_path / "reader.json"
    server = await handoff.serve(db, echo)
    path = handoff.socket_path(db)

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

    server = await handoff.serve(db, never)
    try:
        with pytest.raises(handoff.HandoffError, match="may or may not have done it"):
            await asyncio.to_thread(handoff.ask, db, {"do": "sync"}, 5)
    finally:
        handoff.stop(server, db)
