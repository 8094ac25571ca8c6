"""Input from outside is bounded: a file the user names is read only if it is a regular file
and not too large (a device, a FIFO or a 10 GB file is refused at once, never waited on or
read into memory); nested input (a query, an OPML, a JSON import) has a depth limit that is
said; an OPML import is one batch, all or nothing, in time linear in its feeds."""

from __future__ import annotations

import errno
import os
import time

import pytest

import reader.core.store.journal as journal
from reader.cli import main
from reader.core.store import Store


def opml(body: str) -> str:
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>{body}</body></opml>'


def feeds(count: int, folder: str = "News") -> str:
    inner = "".join(f'<outline type="rss" text="Feed {i}" xmlUrl="https://f{i}.example/rss"/>' for i in range(count))
    return opml(f'<outline text="{folder}">{inner}</outline>')


@pytest.mark.parametrize("command", [["import"], ["feed", "import"]])
def test_a_device_or_a_fifo_is_refused_at_once(home, capsys, tmp_path, command):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        started = time.monotonic()
        assert main([*command, path]) == 1
        assert "not a regular file" in capsys.readouterr().err
        assert time.monotonic() - started < 5  # refused, not read until memory runs out


def test_a_file_over_the_limit_is_refused_with_the_limit_named(home, capsys, tmp_path, monkeypatch):
    import reader.core.ingest.opml as opml_module
    import reader.core.notes.importing as importing

    monkeypatch.setattr(importing, "IMPORT_MAX_BYTES", 1024)
    monkeypatch.setattr(opml_module, "OPML_MAX_BYTES", 1024)
    big = tmp_path / "big.json"
    big.write_text("[" + ",".join(["{}"] * 1000) + "]")
    assert main(["import", str(big)]) == 1
    assert "too large (0.0 MB; the limit is 0.000976562 MB)" in capsys.readouterr().err
    (tmp_path / "big.opml").write_text(feeds(100))
    assert main(["feed", "import", str(tmp_path / "big.opml")]) == 1
    assert "too large" in capsys.readouterr().err


def test_nesting_too_deep_is_said_not_a_traceback(home, capsys, tmp_path):
    assert main(["list", "--query", "(" * 400 + "belarus" + ")" * 400]) == 1
    assert "nested too deep" in capsys.readouterr().err
    deep = tmp_path / "deep.opml"
    deep.write_text(
        opml('<outline text="f">' * 5000 + '<outline xmlUrl="https://x.example/rss"/>' + "</outline>" * 5000)
    )
    assert main(["feed", "import", str(deep)]) == 1
    assert "nested too deep" in capsys.readouterr().err
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    assert main(["import", str(nested)]) == 1
    assert "nested too deep" in capsys.readouterr().err
    assert main(["list", "--query", "(" * 16 + "belarus" + ")" * 16]) == 0  # as deep as anyone writes


def test_an_opml_import_is_one_batch_all_or_nothing(home, capsys, tmp_path, monkeypatch):
    listing = tmp_path / "feeds.opml"
    listing.write_text(feeds(3000))
    store = Store(home / "reader.json")
    store.feeds.add("https://f7.example/rss", "Already here")
    store.close()

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    real = journal.write_all
    monkeypatch.setattr(journal, "write_all", full)
    assert main(["feed", "import", str(listing)]) == 1
    assert "not saved: the disk is full" in capsys.readouterr().err
    assert [f["title"] for f in Store(home / "reader.json", read_only=True).feeds.all()] == ["Already here"]
    lines = []
    monkeypatch.setattr(journal, "write_all", lambda fd, data: (lines.append(data), real(fd, data))[1])
    assert main(["feed", "import", str(listing)]) == 0
    assert "following 2,999 new feeds (1 already followed) in 1 folder" in capsys.readouterr().out
    assert len(lines) == 1  # one journal line for 2,999 feeds
    kept = Store(home / "reader.json", read_only=True).feeds.all()
    assert len(kept) == 3000 and {tuple(f["folders"]) for f in kept[1:]} == {("News",)}


def test_a_note_piped_in_is_bounded(home, capsys, monkeypatch, seeds):
    import io

    import reader.cli.common as common

    monkeypatch.setattr(common, "STDIN_MAX", 10)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n" * 1000))
    with pytest.raises(SystemExit):
        main(["note", "000_c4e3fa7496f1f1bc.txt", "-"])
    assert "on stdin: not a note" in capsys.readouterr().err
