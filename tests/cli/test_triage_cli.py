"""`reader list --query`, `mark`, `tag`, `note`, `view`, `delete`, `restore` and what
`export` carries of an article's tags and note: the contract scripts rely on."""

import io
import json
import shutil

import pytest

from reader.cli import main
from tests.conftest import SEED_000, SEED_003


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows(capsys, *args):
    code, out, err = run(capsys, "list", "--json", *args)
    assert code == 0, err
    return {row["id"]: row for row in json.loads(out)}


def test_list_json_rows_carry_state_read_star_tags_and_note(home, capsys):
    listed = rows(capsys)
    assert set(listed) == {SEED_000, SEED_003}
    assert {k: listed[SEED_000][k] for k in ("state", "read", "starred", "tags", "note")} == {
        "state": "inbox", "read": False, "starred": False, "tags": [], "note": None,
    }  # fmt: skip
    assert run(capsys, "mark", SEED_000, SEED_003, "archive")[1] == "Archived 2 articles\n"
    assert run(capsys, "mark", SEED_000, "star")[0] == 0
    assert run(capsys, "mark", SEED_003, "read")[0] == 0
    assert run(capsys, "tag", SEED_000, "Belarus", "war, arms")[1] == f"{SEED_000}: #Belarus #war #arms\n"
    assert run(capsys, "tag", SEED_000, "war", "--remove")[0] == 0
    assert run(capsys, "note", SEED_003, "first line\nsecond")[0] == 0
    listed = rows(capsys)
    assert listed[SEED_000]["state"] == "archive" and listed[SEED_000]["starred"] is True
    assert listed[SEED_000]["tags"] == ["Belarus", "arms"] and listed[SEED_003]["read"] is True
    assert listed[SEED_003]["note"] == "first line\nsecond"
    assert list(rows(capsys, "--query", "is:starred")) == [SEED_000]
    assert list(rows(capsys, "--query", "is:unread OR has:note")) == [SEED_000, SEED_003]
    assert list(rows(capsys, "--query", "tag:belarus -is:read")) == [SEED_000]
    assert rows(capsys, "--query", "in:inbox") == {}


def test_mark_by_query_and_every_state(home, capsys):
    assert run(capsys, "mark", "--query", "belarus", "later")[1] == "Saved 2 articles for later\n"
    assert run(capsys, "mark", "--query", "in:later", "read")[1] == "Marked 2 articles read\n"
    assert run(capsys, "mark", "--query", "is:read", "read")[1].startswith("nothing to change")
    for state, field, value in (
        ("unread", "read", False), ("inbox", "state", "inbox"), ("star", "starred", True),
        ("unstar", "starred", False), ("archive", "state", "archive"),
    ):  # fmt: skip
        assert run(capsys, "mark", SEED_003, state)[0] == 0
        assert rows(capsys)[SEED_003][field] == value


def test_unknown_ids_and_bad_queries_say_so_and_change_nothing(home, capsys):
    code, _, err = run(capsys, "mark", SEED_000, "nope.txt", "archive")
    assert code == 1 and "no article with id 'nope.txt'" in err
    assert rows(capsys)[SEED_000]["state"] == "inbox"  # not even the one that exists
    code, _, err = run(capsys, "list", "--query", "colour:red")
    assert code == 1 and "cannot read the query: 'colour:red': there is no filter 'colour:'" in err
    code, _, err = run(capsys, "mark", "--query", 'text:"open', "read")
    assert code == 1 and "quote is not closed" in err
    assert run(capsys, "mark", "read")[0] == 1  # neither ids nor a query
    assert run(capsys, "tag", "nope.txt", "x")[0] == 1
    assert run(capsys, "note", "nope.txt", "x")[0] == 1
    code, _, err = run(capsys, "tag", SEED_000, "###")
    assert code == 1 and "no tag given" in err


def test_a_note_from_stdin_and_an_empty_one_removes_it(home, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("from a pipe\n\x1b[31mno colour\n"))
    assert run(capsys, "note", SEED_000, "-")[0] == 0
    assert rows(capsys)[SEED_000]["note"] == "from a pipe\nno colour"  # control sequences never stored
    assert run(capsys, "note", SEED_000, "")[1] == f"{SEED_000}: no note\n"
    assert rows(capsys)[SEED_000]["note"] is None


def test_views_add_list_remove(home, capsys):
    assert run(capsys, "view", "add", "Belarus unread", "belarus is:unread")[0] == 0
    code, _, err = run(capsys, "view", "add", "Broken", "is:nothing")
    assert code == 1 and "is: takes unread, read or starred" in err
    assert run(capsys, "view", "add", "inbox", "x")[0] == 1  # a built-in's name
    run(capsys, "mark", SEED_003, "read")
    code, out, _ = run(capsys, "view", "list", "--json")
    views = {v["name"]: v for v in json.loads(out)}
    assert {k: views["Belarus unread"][k] for k in ("name", "query", "count", "unread")} == {
        "name": "Belarus unread", "query": "belarus is:unread", "count": 1, "unread": 1,
    }  # fmt: skip
    assert (views["Inbox"]["count"], views["Inbox"]["unread"]) == (2, 1)
    assert list(views)[:5] == ["Inbox", "Later", "Archive", "Starred", "All"]
    assert "Belarus unread" in run(capsys, "view", "list")[1]
    assert run(capsys, "view", "remove", "Belarus unread")[0] == 0
    assert run(capsys, "view", "remove", "Belarus unread")[0] == 1
    assert "Belarus unread" not in run(capsys, "view", "list")[1]


def test_delete_moves_readers_own_files_to_the_trash_and_restore_brings_them_back(home, capsys, seeds):
    library = home / "library"
    library.mkdir()
    shutil.copy(seeds / SEED_003, library / "saved.txt")
    code, out, _ = run(capsys, "delete", "saved.txt", SEED_000)
    assert code == 0 and "deleted saved.txt (moved to" in out and f"deleted {SEED_000} (hidden)" in out
    assert not (library / "saved.txt").exists() and (home / "trash" / "saved.txt").exists()
    assert (seeds / SEED_000).exists()  # a file in a folder reader does not own is never moved
    assert set(rows(capsys)) == {SEED_003}
    assert run(capsys, "delete", "saved.txt")[0] == 1  # gone from every list: unknown now
    code, out, _ = run(capsys, "restore", "saved.txt", SEED_000)
    assert code == 0 and out == f"restored saved.txt\nrestored {SEED_000}\n"
    assert (library / "saved.txt").exists() and not (home / "trash" / "saved.txt").exists()
    assert set(rows(capsys)) == {SEED_000, SEED_003, "saved.txt"}
    code, _, err = run(capsys, "restore", "saved.txt")
    assert code == 1 and "saved.txt is not deleted" in err


def test_delete_keeps_the_highlights(home, capsys, seeds):
    from reader.core.library import load_article
    from reader.core.store import Store

    article = load_article(seeds / SEED_000, SEED_000)
    store = Store(home / "reader.json")
    store.highlights.add(SEED_000, article.fingerprint, article.body, 0, 20)
    store.close()
    run(capsys, "delete", SEED_000)
    run(capsys, "restore", SEED_000)
    assert len(Store(home / "reader.json", read_only=True).highlights.of(SEED_000)) == 1


def test_export_carries_the_articles_tags_and_note_and_json_ld_brings_them_back(home, capsys, tmp_path):
    run(capsys, "tag", SEED_003, "belarus", "arms")
    run(capsys, "note", SEED_003, "Why it matters:\n\n- the loan")
    code, out, _ = run(capsys, "export", SEED_003)
    assert code == 0
    from tests.core.export_parse import recover

    back = recover(out)
    assert back["front"]["tags"] == ["belarus", "arms"] and back["front"]["source"].startswith("https://apnews.com/")
    assert back["note"] == "Why it matters:\n\n- the loan" and out.index("## Note") < out.index("> Why it matters:")
    out_file = tmp_path / "notes.json"
    code, _, err = run(capsys, "export", SEED_003, "--format", "json", "-o", str(out_file))
    assert code == 0 and f"wrote 1 annotation to {out_file}" in err  # the article's own: tags and note
    annotation = json.loads(out_file.read_text())["first"]["items"][0]
    assert annotation["motivation"] == "commenting" and annotation["target"]["source"].startswith("https://apnews.com/")
    assert [b["purpose"] for b in annotation["body"]] == ["tagging", "tagging", "commenting"]
    (home / "reader.json").unlink()
    (home / "reader.json.journal").unlink(missing_ok=True)
    code, out, _ = run(capsys, "import", str(out_file))
    assert code == 0 and "tags or notes of 1 article" in out
    row = rows(capsys)[SEED_003]
    assert row["tags"] == ["belarus", "arms"] and row["note"] == "Why it matters:\n\n- the loan"


@pytest.mark.parametrize("command", [["mark", SEED_000, "archive"], ["tag", SEED_000, "x"], ["note", SEED_000, "n"]])
def test_a_second_reader_is_read_only_and_says_nothing_was_saved(home, capsys, command):
    from reader.core.store import Store

    holder = Store(home / "reader.json")  # the app, say
    holder.articles.mark_read(SEED_003)
    code, _, err = run(capsys, *command)
    assert code == 1 and "in use by another reader" in err
    holder.close()
    assert rows(capsys)[SEED_000]["state"] == "inbox" and rows(capsys)[SEED_000]["tags"] == []


def test_the_views_come_in_natural_order_each_folder_with_its_feeds(home, capsys):
    import json

    from reader.cli import main
    from reader.core.store import Store

    library = home / "library"
    library.mkdir()
    store = Store(home / "reader.json")
    for n, folder in ((10, "World"), (2, "World"), (1, None), (3, "Reading")):
        url = f"https://desk{n}.example/rss"
        store.feeds.add(url, f"Desk {n}")
        if folder:
            store.feeds.move(url, folder)
        front = f"---\ntitle: Story {n}\nfeed: Desk {n}\nfeed_url: {url}\n---\n\n"
        (library / f"story-{n}.md").write_text(front + "Words of the story, long enough to be one. " * 5)
    store.close()
    assert main(["view", "list", "--json"]) == 0
    names = [v["name"] for v in json.loads(capsys.readouterr().out) if v["kind"] in ("feed", "folder")]
    assert names == ["Desk 1", "Reading/", "Desk 3", "World/", "Desk 2", "Desk 10"]
