"""`reader import` of other tools' exports, as a user moving to reader runs it: what lands
in the library and the store, what the summary says, nothing twice, pages named by address
fetched from a server on 127.0.0.1, and the hostile cases."""

import json
import os

import pytest

from reader.cli import main
from reader.core.notes.highlight import Status
from reader.services import Services
from tests.core.test_import_formats import KINDLE, KOREADER, READWISE, _zip
from tests.loopback import Loopback
from tests.webpages import article, page


def run(capsys, *args) -> tuple[int, str, str]:
    while OPEN:
        OPEN.pop().close()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


OPEN: list = []  # the stores a test looked into: closed before the next command runs


def store_and_library():
    """The store and library as they are now (the store closed again at the next `run`)."""
    services = Services.build()
    OPEN.append(services.store)
    return services.store, services.scan()


def write(tmp_path, name: str, data: str | bytes):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_kindle_books_come_in_once_and_readwise_after_adds_only_what_is_new(home, capsys, tmp_path):
    clippings = write(tmp_path, "My Clippings.txt", KINDLE)
    code, out, err = run(capsys, "import", str(clippings))
    assert code == 0, err
    assert "Kindle clippings: brought in 1 new book" in out and "2 new highlights" in out
    assert "1 bookmark left out" in out
    book = home / "library" / "books" / "the-power-broker.md"
    text = book.read_text()
    assert text.startswith("---\ntitle: The Power Broker\nauthor: Robert A. Caro\nkind: book\n")
    assert text.index("Moses was the master builder.") < text.index("He built the parkways and the bridges.")
    store, library = store_and_library()
    highlights = store.highlights.of("books/the-power-broker.md")
    assert [h.exact for h in highlights] == ["Moses was the master builder.", "He built the parkways and the bridges."]
    body = library.load("books/the-power-broker.md").body
    assert all(h.status is Status.EXACT and body[h.start : h.end] == h.exact for h in highlights)
    assert highlights[0].note == "remember this" and highlights[0].created == "2019-03-04T22:12:33.000+00:00"
    code, out, _ = run(capsys, "review", "--json", "--all")  # in the daily review as any new highlight is
    assert {h["quote"] for h in json.loads(out)} == {h.exact for h in highlights}

    code, out, _ = run(capsys, "import", str(clippings))  # again: nothing twice
    assert (
        "no new articles or books (1 was already in the library)" in out and "0 new highlights, 2 already there" in out
    )

    readwise = (
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n"
        "Moses was the master  builder.,The Power Broker,Robert A. Caro,B0,,yellow,,location,180,2019-03-04 22:12:33+00:00,\n"
        "A passage only Readwise kept.,The Power Broker,Robert A. Caro,B0,,pink,nyc,location,500,2020-01-01 00:00:00+00:00,history\n"
    )
    code, out, _ = run(capsys, "import", str(write(tmp_path, "readwise.csv", readwise)))
    assert code == 0
    assert "1 book with more passages" in out and "1 new highlight, 1 already there" in out
    store, library = store_and_library()
    highlights = store.highlights.of("books/the-power-broker.md")
    assert [h.exact for h in highlights][-1] == "A passage only Readwise kept."
    body = library.load("books/the-power-broker.md").body
    assert all(body[h.start : h.end] == h.exact for h in highlights)  # the old ones placed on the grown text
    assert highlights[-1].color == "pink" and highlights[-1].tags == ("nyc",)
    assert store.articles.state("books/the-power-broker.md").tags == ("history",)
    assert len(list((home / "library" / "books").iterdir())) == 1


def test_readwise_csv_as_books_and_a_deleted_highlight_is_not_brought_back(home, capsys, tmp_path):
    path = write(tmp_path, "readwise.csv", READWISE)
    code, out, err = run(capsys, "import", str(path))
    assert code == 0 and "skipped: row 4: no highlight text" in err
    store, _ = store_and_library()
    first, second = store.highlights.of("books/deep-work.md")
    assert first.exact == "First one" and first.note == '=HYPERLINK("http://evil")'
    store.highlights.delete(first.id)
    code, out, _ = run(capsys, "import", str(path))
    assert "0 new highlights, 1 already there, 1 you deleted here (not brought back)" in out
    code, out, _ = run(capsys, "export", "books/deep-work.md")
    assert '=HYPERLINK("http://evil")' not in out  # deleted, and it stays deleted


def test_readwise_note_that_looks_like_a_formula_is_exported_as_text(home, capsys, tmp_path):
    run(capsys, "import", str(write(tmp_path, "readwise.csv", READWISE)))
    code, out, _ = run(capsys, "export", "books/deep-work.md")
    assert '> =HYPERLINK("http://evil")' in out or '=HYPERLINK("http://evil")' in out
    code, out, _ = run(capsys, "export", "--format", "json", "books/deep-work.md")
    values = [b["value"] for a in json.loads(out)["first"]["items"] for b in a.get("body", []) if isinstance(b, dict)]
    assert '=HYPERLINK("http://evil")' in values


def serve(server: Loopback, slugs) -> dict[str, str]:
    return {s: server.add(f"/news/{s}", page(article(s), server.url(f"/news/{s}"))) for s in slugs}


def test_pocket_export_queues_pages_fetches_them_and_keeps_states_tags_and_highlights(home, capsys, tmp_path):
    with Loopback() as server:
        urls = serve(server, ["belarus-weapons", "rates-hold"])
        gone = server.url("/news/not-yet")
        csv = (
            "title,url,time_added,tags,status\n"
            f"Belarus,{urls['belarus-weapons']},1700000000,world|arms,archive\n"
            f"Rates,{urls['rates-hold']},1700000100,,unread\n"
            f"Later,{gone},1700000200,,unread\n"
        )
        notes = [
            {
                "url": urls["belarus-weapons"],
                "title": "Belarus",
                "highlights": [
                    {
                        "quote": "Alexander Lukashenko made the statement during a visit to a military plant near Minsk.",
                        "created_at": 1700000500,
                    },
                    {"quote": "A sentence that the page does not have.", "created_at": 1700000600},
                ],
            }
        ]
        export = write(
            tmp_path, "pocket.zip", _zip({"part_000000.csv": csv, "annotations/part_000000.json": json.dumps(notes)})
        )
        code, out, err = run(capsys, "import", str(export))
        assert code == 0, err
        assert "Pocket export: brought in 3 new articles" in out and "2 new highlights" in out
        assert "3 pages to fetch" in out and "fetched 2 imported pages; 1 page could not be fetched now" in out
        store, library = store_and_library()
        by_url = {e.url: e for e in library.entries}
        belarus, rates, later = by_url[urls["belarus-weapons"]], by_url[urls["rates-hold"]], by_url[gone]
        assert belarus.title == article("belarus-weapons")["title"]  # the page's own title, fetched
        state = store.articles.state(belarus.id)
        assert (state.state, state.tags) == ("archive", ("world", "arms"))
        assert store.articles.is_read(belarus.id) and not store.articles.is_read(rates.id)
        assert store.articles.state(rates.id).state == "inbox"
        found, missing = sorted(store.highlights.of(belarus.id), key=lambda h: h.status is Status.ORPHAN)
        body = library.load(belarus.id).body
        placed = store.highlights.place(belarus.id, library.load(belarus.id).fingerprint, body)
        found = next(h for h in placed if h.id == found.id)
        assert found.status is not Status.ORPHAN and body[found.start : found.end] == found.exact
        assert next(h for h in placed if h.id == missing.id).status is Status.ORPHAN  # kept, not lost
        assert "could not fetch this page" in library.load(later.id).body
        assert [f["article"] for f in store.fetches.pending()] == [later.id]

        code, out, _ = run(capsys, "export", belarus.id)
        assert "A sentence that the page does not have." in out  # the unanchored one is in the notebook

        server.add("/news/not-yet", page(article("rates-hold"), gone))  # the page is there now
        code, out, err = run(capsys, "sync")
        assert code == 0 and "fetched 1 imported page" in err
        store, library = store_and_library()
        assert len(store.fetches) == 0
        assert library.load(later.id).title == article("rates-hold")["title"]  # the same article, its text arrived

        code, out, _ = run(capsys, "import", str(export))  # again: nothing twice
        assert (
            "no new articles or books (3 were already in the library)" in out
            and "0 new highlights, 2 already there" in out
        )


def test_omnivore_zip_brings_saved_text_highlights_labels_and_progress(home, capsys, tmp_path):
    metadata = [
        {
            "id": "1",
            "slug": "the-slug",
            "title": "A saved article",
            "author": "Ann Writer",
            "url": "https://example.org/s",
            "state": "Active",
            "readingProgress": 50,
            "labels": ["Climate"],
            "savedAt": "2024-05-01T10:00:00.000Z",
        }
    ]
    content = "".join(
        f"<p>Paragraph {n} of the saved article, with enough words to be read as text.</p>" for n in range(6)
    )
    data = _zip(
        {
            "metadata_0_to_1.json": json.dumps(metadata),
            "content/the-slug.html": content,
            "highlights/the-slug.md": "> Paragraph 3 of the saved article \n\n#important\n\nWorth keeping.",
        }
    )
    code, out, err = run(capsys, "import", "--no-fetch", str(write(tmp_path, "omnivore.zip", data)))
    assert code == 0, err
    assert "Omnivore export: brought in 1 new article" in out and "1 new highlight" in out and "to fetch" not in out
    store, library = store_and_library()
    [entry] = [e for e in library.entries if e.url == "https://example.org/s"]
    assert (entry.title, entry.author) == ("A saved article", "Ann Writer")
    art = library.load(entry.id)
    assert "Paragraph 5 of the saved article" in art.body
    [h] = store.highlights.of(entry.id)
    assert art.body[h.start : h.end] == "Paragraph 3 of the saved article" and h.tags == ("important",)
    assert h.note == "Worth keeping." and h.status is Status.EXACT
    assert store.articles.state(entry.id).tags == ("Climate",)
    assert store.articles.progress().get(entry.id) == 50 and store.articles.position(entry.id) == len(art.body) // 2


def test_wallabag_and_hypothesis(home, capsys, tmp_path):
    entries = [
        {
            "title": "Walla \x1b[31mred",
            "url": "https://example.org/w",
            "is_archived": 0,
            "is_starred": 1,
            "tags": ["w"],
            "content": "<p>The body of a wallabag entry, with words enough to be an article.</p>",
            "annotations": [{"quote": "wallabag entry", "text": "note \x1b]0;x\x07", "ranges": []}],
        }
    ]
    code, out, err = run(capsys, "import", str(write(tmp_path, "wallabag.json", json.dumps(entries))))
    assert code == 0, err
    store, library = store_and_library()
    [entry] = [e for e in library.entries if e.url == "https://example.org/w"]
    assert "\x1b" not in entry.title and store.articles.state(entry.id).starred
    [h] = store.highlights.of(entry.id)
    assert h.exact == "wallabag entry" and "\x1b" not in h.note and "\x07" not in h.note

    with Loopback() as server:
        urls = serve(server, ["rates-hold"])
        quote = "Policymakers voted seven to two to hold rates"
        rows = {
            "total": 2,
            "rows": [
                {
                    "id": "h1",
                    "uri": urls["rates-hold"],
                    "text": "why",
                    "tags": ["econ"],
                    "created": "2023-01-01T00:00:00+00:00",
                    "document": {"title": ["Rates"]},
                    "target": [
                        {
                            "source": urls["rates-hold"],
                            "selector": [
                                {
                                    "type": "TextQuoteSelector",
                                    "exact": quote,
                                    "prefix": "victory over rising prices.\n\n",
                                    "suffix": ", with two",
                                }
                            ],
                        }
                    ],
                },
                {
                    "id": "h2",
                    "uri": urls["rates-hold"],
                    "text": "the page note",
                    "tags": [],
                    "target": [{"source": urls["rates-hold"]}],
                },
            ],
        }
        code, out, err = run(capsys, "import", str(write(tmp_path, "h.json", json.dumps(rows))))
    assert code == 0, err
    assert "fetched 1 imported page" in out
    store, library = store_and_library()
    [entry] = [e for e in library.entries if e.url == urls["rates-hold"]]
    assert store.articles.state(entry.id).note == "the page note"
    art = library.load(entry.id)
    [h] = store.highlights.place(entry.id, art.fingerprint, art.body)
    assert art.body[h.start : h.end] == quote and h.note == "why" and h.tags == ("econ",)


def test_koreader_book(home, capsys, tmp_path):
    folder = tmp_path / "A Book.sdr"
    folder.mkdir()
    code, out, err = run(capsys, "import", str(write(folder, "metadata.epub.lua", KOREADER)))
    assert code == 0, err
    assert "KOReader highlights: brought in 1 new book" in out
    store, library = store_and_library()
    [h] = store.highlights.of("books/a-book.md")
    assert (h.exact, h.color, h.note) == ("The quick brown fox", "pink", 'my "note"\nline')


def test_dry_run_changes_nothing_and_json_gives_the_summary(home, capsys, tmp_path):
    path = write(tmp_path, "My Clippings.txt", KINDLE)
    code, out, _ = run(capsys, "import", "--dry-run", "--json", str(path))
    summary = json.loads(out)
    assert code == 0 and summary["dry_run"] and (summary["books"], summary["highlights"]) == (1, 2)
    assert not (home / "library" / "books").exists()
    store, _ = store_and_library()
    assert store.highlights.all() == []
    code, out, _ = run(capsys, "import", "--dry-run", str(path))
    assert "would bring in 1 new book" in out


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"hello there\n", "not an export reader knows"),
        (b"PK\x03\x04\x14\x00\x00\x00", "not a whole zip file"),
        (b"\x1b]0;PWNED\x07 words", "not an export reader knows"),
    ],
)
def test_what_cannot_be_imported_is_one_line_exit_1_and_nothing_written(home, capsys, tmp_path, content, says):
    code, out, err = run(capsys, "import", str(write(tmp_path, "bad.txt", content)))
    assert code == 1 and says in err and len(err.strip().splitlines()) == 1 and "\x1b" not in err
    assert not os.path.exists(home / "reader.json") or Services.build().store.highlights.all() == []


def test_forced_format_that_does_not_fit_says_so(home, capsys, tmp_path):
    code, _, err = run(capsys, "import", "--from", "omnivore", str(write(tmp_path, "c.txt", KINDLE)))
    assert code == 1 and "Omnivore's export is a zip, and this file is not one" in err


def test_a_store_that_cannot_save_leaves_no_half_import(home, capsys, tmp_path, monkeypatch):
    from reader.core.store.highlights import Highlights

    def full_disk(self, highlights):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Highlights, "add_many", full_disk)
    code, _, err = run(capsys, "import", str(write(tmp_path, "My Clippings.txt", KINDLE)))
    assert code == 1 and "not saved: the disk is full" in err
    assert list((home / "library").rglob("*.md")) == []


def test_json_of_no_known_kind_is_read_as_w3c_and_said_so(home, capsys, tmp_path):
    code, _, err = run(capsys, "import", str(write(tmp_path, "x.json", '{"hello": 1}')))
    assert code == 1 and "not Web Annotation JSON" in err


def test_an_omnivore_zip_whose_names_lead_outside_writes_only_into_the_library(home, capsys, tmp_path):
    metadata = [{"slug": "../../../../escaped", "title": "../../../etc/passwd \x1b]0;x\x07", "url": "https://example.org/e",
                 "state": "Active", "labels": ["../x"]}]  # fmt: skip
    body = "<p>" + "Words of an article that came with a hostile name. " * 5 + "</p>"
    data = _zip({"metadata_0_to_1.json": json.dumps(metadata), "content/../../../../escaped.html": body,
                 "/etc/cron.d/x": "* * * * * root boom", "../../outside.txt": "boom"})  # fmt: skip
    before = {p for p in tmp_path.rglob("*")}
    code, out, err = run(capsys, "import", str(write(tmp_path, "omnivore.zip", data)))
    assert code == 0, err
    assert "\x1b" not in out + err and "\x07" not in out + err
    written = {p for p in tmp_path.rglob("*")} - before - {tmp_path / "omnivore.zip"}
    assert all(p.is_relative_to(home) for p in written)
    [article] = [p for p in (home / "library").rglob("*.md")]
    assert article.parent == home / "library" / "example.org" and "Words of an article" in article.read_text()
    assert not (home.parent.parent / "escaped.html").exists() and not (tmp_path.parent / "outside.txt").exists()
