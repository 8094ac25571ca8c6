"""Reading other tools' exports: each format as its tool writes it (from the tools' own
documentation and exporters' source), and the hostile cases. Nothing here touches a store."""

import io
import json
import zipfile

import pytest

from reader.core.imports import detect, read
from reader.core.imports.kindle import _date
from reader.core.imports.koreader import parse
from reader.core.imports.model import ImportFailed
from reader.core.imports.saved import omnivore_highlights

KINDLE = (
    "\ufeffThe Power Broker (Robert A. Caro)\r\n"
    "- Your Highlight on page 12 | Location 180-182 | Added on Monday, March 4, 2019 10:12:33 PM\r\n\r\n"
    "Moses was the master builder.\r\n==========\r\n"
    "The Power Broker (Robert A. Caro)\r\n"
    "- Your Note on page 12 | Location 182 | Added on Monday, March 4, 2019 10:13:00 PM\r\n\r\n"
    "remember this\r\n==========\r\n"
    "The Power Broker (Robert A. Caro)\r\n"
    "- Your Bookmark on page 20 | Location 300 | Added on Monday, March 4, 2019 10:20:00 PM\r\n\r\n\r\n==========\r\n"
    "The Power Broker (Robert A. Caro)\r\n"
    "- Your Highlight on page 30 | Location 400-401 | Added on Tuesday, March 5, 2019 9:00:00 AM\r\n\r\n"
    "He built the parkways.\r\n==========\r\n"
    "The Power Broker (Robert A. Caro)\r\n"  # the same highlight, edited on the device: the later one wins
    "- Your Highlight on page 30 | Location 400-403 | Added on Wednesday, March 6, 2019 9:00:00 AM\r\n\r\n"
    "He built the parkways and the bridges.\r\n==========\r\n"
)

# the header of a highlight on each device language, and the time it names
HEADERS = {
    "en": (
        "- Your Highlight on page 5 | Location 70-72 | Added on Friday, March 1, 2024 10:30:45 PM",
        "2024-03-01T22:30:45",
    ),
    "de": (
        "- Ihre Markierung auf Seite 5 | Position 70-72 | Hinzugefügt am Freitag, 1. März 2024 10:30:45",
        "2024-03-01T10:30:45",
    ),
    "fr": (
        "- Votre surlignement sur la page 5 | emplacement 70-72 | Ajouté le vendredi 1 mars 2024 10:30:45",
        "2024-03-01T10:30:45",
    ),
    "es": (
        "- La subrayado en la página 5 | posición 70-72 | Añadido el viernes, 1 de marzo de 2024 10:30:45",
        "2024-03-01T10:30:45",
    ),
    "it": (
        "- La tua evidenziazione a pagina 5 | posizione 70-72 | Aggiunto in data venerdì 1 marzo 2024 10:30:45",
        "2024-03-01T10:30:45",
    ),
    "pt": (
        "- Seu destaque na página 5 | posição 70-72 | Adicionado: sexta-feira, 1 de março de 2024 10:30:45",
        "2024-03-01T10:30:45",
    ),
    "ja": ("- 5ページ|位置No. 70-72のハイライト |作成日: 2024年3月1日金曜日 22:30:45", "2024-03-01T22:30:45"),
    "zh": ("- 您在位置 #70-72的标注 | 添加于 2024年3月1日星期五 下午10:30:45", "2024-03-01T22:30:45"),
}
NOTES = {
    "de": "- Ihre Notiz auf Seite 5 | Position 72 | Hinzugefügt am Freitag, 1. März 2024 10:31:00",
    "fr": "- Votre note sur la page 5 | emplacement 72 | Ajouté le vendredi 1 mars 2024 10:31:00",
    "es": "- La nota en la página 5 | posición 72 | Añadido el viernes, 1 de marzo de 2024 10:31:00",
    "ja": "- 5ページ|位置No. 72のメモ |作成日: 2024年3月1日金曜日 22:31:00",
    "zh": "- 您在位置 #72的笔记 | 添加于 2024年3月1日星期五 下午10:31:00",
}


def test_kindle_clippings_highlights_notes_bookmarks_and_edits():
    data = KINDLE.encode("utf-8")
    assert detect(data) == "kindle"
    source = read(data, "kindle")
    [book] = source.documents
    assert (book.title, book.author, book.book) == ("The Power Broker", "Robert A. Caro", True)
    assert [p.quote for p in book.passages] == [
        "Moses was the master builder.",
        "He built the parkways and the bridges.",
    ]
    assert book.passages[0].note == "remember this"  # the note joins the highlight it was made on
    assert book.passages[0].created == "2019-03-04T22:12:33.000+00:00"
    assert book.passages[1].location == 400
    assert source.left_out == {"bookmark": 1}


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_kindle_headers_in_each_device_language(language):
    header, moment = HEADERS[language]
    clip = f"Das Buch (Ann Autor)\n{header}\n\nEin Satz, markiert.\n==========\n"
    if language in NOTES:
        clip += f"Das Buch (Ann Autor)\n{NOTES[language]}\n\nmeine Notiz\n==========\n"
    [book] = read(clip.encode(), "kindle").documents
    [passage] = book.passages
    assert passage.quote == "Ein Satz, markiert." and passage.location == 70
    assert passage.created.startswith(moment)
    if language in NOTES:
        assert passage.note == "meine Notiz"


def test_kindle_dates_that_cannot_be_read_are_left_empty():
    assert _date("- Your Highlight | Added on someday") == ""
    assert _date("- Your Highlight | Added on Friday, February 30, 2024 10:00:00 AM") == ""


READWISE = (
    "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n"
    '"Second, by location",Deep Work,Cal Newport,B00X47ZVXM,,blue,"focus, work",location,200,2021-03-05 19:45:00+00:00,productivity\n'
    '"First one",Deep Work,Cal Newport,B00X47ZVXM,"=HYPERLINK(""http://evil"")",orange,,location,100,2021-03-04 10:00:00+00:00,productivity\n'
    ",Deep Work,Cal Newport,,,,,,,,\n"
)


def test_readwise_csv_rows_become_books_with_their_notes_tags_and_colours():
    data = READWISE.encode()
    assert detect(data) == "readwise"
    source = read(data, "readwise")
    [book] = source.documents
    assert (book.title, book.author, book.tags) == ("Deep Work", "Cal Newport", ("productivity",))
    second, first = book.passages
    assert first.note == '=HYPERLINK("http://evil")'  # a cell is text, whatever it begins with
    assert (second.tags, second.color, first.color) == (("focus", "work"), "blue", "yellow")
    assert second.created == "2021-03-05T19:45:00.000+00:00" and second.location == 200
    assert source.skipped == ["row 4: no highlight text"]


def _zip(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


POCKET_CSV = (
    "title,url,time_added,tags,status\n"
    "A read one,https://example.org/a,1700000000,news|long read,archive\n"
    "An unread one,https://example.org/b,1700000100,,unread\n"
    "Not a page,javascript:alert(1),1700000200,,unread\n"
)
POCKET_NOTES = [
    {
        "url": "https://example.org/a",
        "title": "A read one",
        "highlights": [{"quote": "a passage", "created_at": 1700000500}],
    }
]


def test_pocket_zip_states_tags_and_highlights():
    data = _zip({"part_000000.csv": POCKET_CSV, "annotations/part_000000.json": json.dumps(POCKET_NOTES)})
    assert detect(data) == "pocket"
    source = read(data, "pocket")
    a, b = source.documents
    assert (a.url, a.state, a.read, a.tags) == ("https://example.org/a", "archive", True, ("news", "long-read"))
    assert (b.state, b.read) == ("inbox", False)
    assert [p.quote for p in a.passages] == ["a passage"]
    assert a.passages[0].created.startswith("2023-11-14T22:")
    assert "is not a web address" in source.skipped[0]


def test_pocket_html_export():
    page = (
        "<!DOCTYPE html><html><head><title>Pocket Export</title></head><body><h1>Unread</h1><ul>"
        '<li><a href="https://example.org/u" time_added="1600000000" tags="x,y">Unread &amp; new</a></li></ul>'
        '<h1>Read Archive</h1><ul><li><a href="https://example.org/r" time_added="1600000001" tags="">Old</a></li></ul>'
        "</body></html>"
    )
    data = page.encode()
    assert detect(data) == "pocket"
    u, r = read(data, "pocket").documents
    assert (u.title, u.state, u.tags) == ("Unread & new", "inbox", ("x", "y"))
    assert (r.title, r.state, r.read) == ("Old", "archive", True)


def test_instapaper_folders_are_states_or_tags():
    data = (
        b"URL,Title,Selection,Folder,Timestamp,Tags\n"
        b"https://example.org/1,One,,Unread,1600000000,[]\n"
        b'https://example.org/2,Two,"a selected passage",Archive,1600000001,"[""ai"", ""ml""]"\n'
        b"https://example.org/3,Three,,Starred,1600000002,\n"
        b"https://example.org/4,Four,,Research/Climate,1600000003,\n"
    )
    assert detect(data) == "instapaper"
    one, two, three, four = read(data, "instapaper").documents
    assert (one.state, one.read, one.starred) == ("inbox", False, False)
    assert (two.state, two.read, two.tags) == ("archive", True, ("ai", "ml"))
    assert [p.quote for p in two.passages] == ["a selected passage"]
    assert three.starred and three.state == "inbox"
    assert four.tags == ("Research/Climate",)


OMNIVORE_MD = (
    "> The first passage, highlighted. \n\n#climate #policy\n\nMy note on it.\n\n"
    "> A passage\n> \nover two paragraphs \n\n> A third one, bare. "
)


def test_omnivore_highlights_markdown_as_its_exporter_writes_it():
    first, second, third = omnivore_highlights(OMNIVORE_MD)
    assert (first.quote, first.tags, first.note) == (
        "The first passage, highlighted.",
        ("climate", "policy"),
        "My note on it.",
    )
    assert second.quote == "A passage\n\nover two paragraphs"
    assert (third.quote, third.note) == ("A third one, bare.", "")


def test_omnivore_zip_articles_with_content_states_labels_and_progress():
    metadata = [
        {
            "id": "1",
            "slug": "the-slug",
            "title": "Saved <b>page</b>",
            "author": "Ann",
            "url": "https://example.org/s",
            "state": "Archived",
            "readingProgress": 45,
            "labels": ["later-read", "Climate"],
            "savedAt": "2024-05-01T10:00:00.000Z",
        },
        {
            "id": "2",
            "slug": "no-content",
            "title": "Bare",
            "url": "https://example.org/bare",
            "state": "Active",
            "labels": [],
        },
    ]
    data = _zip(
        {
            "metadata_0_to_2.json": json.dumps(metadata),
            "content/the-slug.html": "<p>Some saved text of the article, long enough to read.</p>",
            "highlights/the-slug.md": OMNIVORE_MD,
        }
    )
    assert detect(data) == "omnivore"
    saved, bare = read(data, "omnivore").documents
    assert (saved.state, saved.read, saved.progress, saved.tags) == ("archive", True, 45, ("later-read", "Climate"))
    assert saved.content.startswith("<p>Some saved") and len(saved.passages) == 3
    assert saved.saved == "2024-05-01T10:00:00.000+00:00"
    assert (bare.content, bare.state, bare.passages) == (None, "inbox", [])


def test_wallabag_entries_with_content_flags_tags_and_annotations():
    entries = [
        {
            "id": 7,
            "title": "Walla",
            "url": "https://example.org/w",
            "is_archived": 1,
            "is_starred": 1,
            "tags": ["one", {"label": "two"}],
            "content": "<p>The body.</p>",
            "created_at": "2020-01-01T12:00:00+0100",
            "published_by": ["Bo Writer"],
            "annotations": [
                {
                    "id": 1,
                    "quote": "The body",
                    "text": "a note",
                    "created_at": "2020-01-02T12:00:00+0100",
                    "ranges": [{"start": "/p[1]", "startOffset": "0", "end": "/p[1]", "endOffset": "8"}],
                }
            ],
        }
    ]
    data = json.dumps(entries).encode()
    assert detect(data) == "wallabag"
    [doc] = read(data, "wallabag").documents
    assert (doc.state, doc.read, doc.starred, doc.tags, doc.author) == (
        "archive",
        True,
        True,
        ("one", "two"),
        "Bo Writer",
    )
    assert (doc.passages[0].quote, doc.passages[0].note) == ("The body", "a note")
    assert doc.passages[0].created == "2020-01-02T11:00:00.000+00:00"


def test_hypothesis_rows_with_selectors_and_page_notes():
    rows = {
        "total": 3,
        "rows": [
            {
                "id": "a1",
                "uri": "https://example.org/h",
                "text": "why",
                "tags": ["t1"],
                "created": "2023-01-01T00:00:00.000000+00:00",
                "document": {"title": ["A page"]},
                "target": [
                    {
                        "source": "https://example.org/h",
                        "selector": [
                            {
                                "type": "RangeSelector",
                                "startContainer": "/p[1]",
                                "startOffset": 0,
                                "endContainer": "/p[1]",
                                "endOffset": 4,
                            },
                            {"type": "TextPositionSelector", "start": 10, "end": 20},
                            {
                                "type": "TextQuoteSelector",
                                "exact": "quoted bit",
                                "prefix": "before ",
                                "suffix": " after",
                            },
                        ],
                    }
                ],
            },
            {
                "id": "a2",
                "uri": "https://example.org/h",
                "text": "a page note",
                "tags": ["pn"],
                "target": [{"source": "https://example.org/h"}],
            },
            {"id": "a3", "uri": "urn:x-pdf:abc", "text": "", "target": []},
        ],
    }
    data = json.dumps(rows).encode()
    assert detect(data) == "hypothesis"
    source = read(data, "hypothesis")
    [doc] = source.documents
    [passage] = doc.passages
    assert (passage.quote, passage.prefix, passage.suffix, passage.position) == (
        "quoted bit",
        "before ",
        " after",
        (10, 20),
    )
    assert (doc.title, doc.note, doc.tags, passage.tags) == ("A page", "a page note", ("pn",), ("t1",))
    assert "not a web page" in source.skipped[0]


KOREADER = """-- we can read Lua syntax here!
return {
    ["annotations"] = {
        [1] = {
            ["chapter"] = "One",
            ["color"] = "red",
            ["datetime"] = "2024-01-02 10:11:12",
            ["drawer"] = "lighten",
            ["note"] = "my \\"note\\"\\nline",
            ["pageno"] = 12,
            ["pos0"] = "/body/DocFragment[2]/body/p[1]/text().0",
            ["pos1"] = "/body/DocFragment[2]/body/p[1]/text().19",
            ["text"] = "The quick brown fox",
        },
        [2] = {
            ["datetime"] = "2024-01-03 10:00:00",
            ["page"] = "/body/DocFragment[3]/body/p[1]",
            ["pageno"] = 14,
            ["text"] = "in One",
        },
    },
    ["doc_props"] = {
        ["authors"] = "Ann Author",
        ["title"] = "A Book",
    },
    ["percent_finished"] = 0.5,
}
"""


def test_koreader_annotations_read_as_data():
    data = KOREADER.encode()
    assert detect(data) == "koreader"
    source = read(data, "koreader")
    [book] = source.documents
    [passage] = book.passages
    assert (book.title, book.author, passage.quote) == ("A Book", "Ann Author", "The quick brown fox")
    assert (passage.note, passage.color, passage.location) == ('my "note"\nline', "pink", 12)
    assert passage.created == "2024-01-02T10:11:12.000+00:00"
    assert source.left_out == {"bookmark": 1}


@pytest.mark.parametrize(
    "lua",
    [
        'return os.execute("touch /tmp/pwned")',
        "return {a = f()}",
        'return {["a"] = 1',
        "return " + "{" * 100,
        "return {a=1} {b=2}",
        "return {a = 1 + 2}",
        "return setmetatable({}, {})",
    ],
)
def test_lua_that_is_not_plain_data_is_refused_never_run(lua, tmp_path):
    with pytest.raises(ImportFailed):
        parse(lua)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
        (b"just some words\nof text", "not an export reader knows"),
        (_zip({"readme.txt": "hi"}), "neither Pocket's export"),
        (_zip({"part_000000.csv": POCKET_CSV})[:60], "not a whole zip file"),
        (b"<html><body><p>hi</p></body></html>", "HTML, but not Pocket's export"),
    ],
)
def test_what_is_not_an_export_says_so_in_one_line(data, says):
    with pytest.raises(ImportFailed, match=says) as caught:
        detect(data)
    assert "\n" not in str(caught.value)


def test_a_zip_bomb_stops_at_the_cap():
    from reader.core.imports.zips import Zip

    bomb = _zip({"part_000000.csv": "title,url,time_added,tags,status\n" + "x" * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ImportFailed, match="larger than 1 MB unpacked"):
        Zip(bomb, member_cap=1024 * 1024).read("part_000000.csv")


def test_zip_members_named_outside_are_only_names(tmp_path):
    """A member's name is looked up, never used as a path: `../../x` and `/abs` write nothing."""
    data = _zip(
        {
            "part_000000.csv": POCKET_CSV,
            "../../escaped.csv": "title,url\nx,https://example.org/x\n",
            "/abs/part_1.csv": "x",
            "annotations/../../../evil.json": "[]",
        }
    )
    source = read(data, "pocket")
    assert [d.url for d in source.documents] == ["https://example.org/a", "https://example.org/b"]
