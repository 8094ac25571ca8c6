import codecs
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library import SkipFile, load_article, parse_date
from tests.conftest import SEED_000, SEED_003


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_seed_with_title_and_blank_line_paragraphs(seeds):
    article = load_article(seeds / SEED_000, SEED_000)
    assert article.title == "Putin and Lukashenko agree on supply of modern military equipment to Belarus"
    assert article.date is None and article.url is None
    first = article.block_text(article.blocks[0])
    assert first.startswith("According to Interfax, at the talks in Moscow")
    # a single line break inside a blank-line paragraph is kept, not joined into the sentence
    assert first.endswith("BelTA.\nFollow Army Recognition on Google News at this link")
    assert article.block_text(article.blocks[-1]).endswith("(Picture source: Belarus MoD)")
    assert "\u00a0" not in article.body  # the seed's no-break space is an ordinary one
    assert article.title not in article.body


def test_seed_with_date_and_url_lines_and_no_blank_lines(seeds):
    article = load_article(seeds / SEED_003, SEED_003)
    assert article.title == "Leader says Belarus expects big shipment of Russian weapons"
    assert article.date == dt.date(2021, 10, 1)
    assert article.url.startswith("https://apnews.com/article/europe-russia-belarus")
    assert article.source == "apnews.com"
    # metadata is in the header, not the body
    assert "20211001" not in article.body and "apnews.com" not in article.body
    # each line is a paragraph
    assert len(article.blocks) == 11  # 14 lines less title, date and URL
    assert article.block_text(article.blocks[0]).startswith("Seeking to secure Moscows support")
    assert article.words == len(article.body.split())


@pytest.mark.parametrize(
    "header",
    [
        "Title\n2021-10-01\nhttps://example.org/a\n",
        "Title\nhttps://example.org/a\n1 October 2021\n",
        "Title\n\nOct 1, 2021\n\nhttps://example.org/a\n\n",
    ],
)
def test_metadata_lines_in_either_order(tmp_path, header):
    article = load_article(write(tmp_path, "a.txt", header + "Body text here.\n"), "a.txt")
    assert (article.title, article.date, article.url) == ("Title", dt.date(2021, 10, 1), "https://example.org/a")
    assert article.body == "Body text here."


def test_a_line_that_only_looks_datey_stays_in_the_body(tmp_path):
    article = load_article(write(tmp_path, "a.txt", "Title\n2021 was a year of change.\n"), "a.txt")
    assert article.date is None
    assert article.body == "2021 was a year of change."


@pytest.mark.parametrize(
    "text,expected",
    [
        ("20211001", dt.date(2021, 10, 1)),
        ("2021-10-01", dt.date(2021, 10, 1)),
        ("2021/10/01", dt.date(2021, 10, 1)),
        ("2021-10-01T08:30:00Z", dt.date(2021, 10, 1)),
        ("October 1, 2021", dt.date(2021, 10, 1)),
        ("12345678", None),
        ("hello", None),
        ("", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_hard_wrapped_paragraphs_are_rejoined(tmp_path):
    words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do " * 12).split()
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > 72:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    text = "Title\n\n" + "\n".join(lines) + "\n\nSecond paragraph.\n"
    article = load_article(write(tmp_path, "a.txt", text), "a.txt")
    assert article.block_text(article.blocks[0]) == " ".join(words)
    assert article.block_text(article.blocks[1]) == "Second paragraph."


def test_utf8_bom_and_crlf(tmp_path):
    data = codecs.BOM_UTF8 + "Café title\r\n\r\nFirst para.\r\n\r\nSecond para.\r\n".encode()
    article = load_article(write(tmp_path, "a.txt", data), "a.txt")
    assert article.title == "Café title"
    assert article.body == "First para.\n\nSecond para."
    assert article.warnings == []


def test_utf16_with_bom(tmp_path):
    data = "Title\n\nZürich body.\n".encode("utf-16")
    assert load_article(write(tmp_path, "a.txt", data), "a.txt").body == "Zürich body."


def test_not_utf8_falls_back_with_a_warning(tmp_path):
    data = "Title\n\nThe caf\xe9 sold \x93quotes\x94 for \x80 5.\n".encode("latin-1")
    article = load_article(write(tmp_path, "a.txt", data), "a.txt")
    assert article.body == "The café sold “quotes” for € 5."
    assert article.warnings and "not valid UTF-8" in article.warnings[0] and "cp1252" in article.warnings[0]


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"  \n\n \t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
        (b"Just a title\n", "no text"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, data, reason):
    with pytest.raises(SkipFile, match=reason):
        load_article(write(tmp_path, "a.txt", data), "a.txt")


def test_files_over_the_size_limit_are_skipped(tmp_path):
    path = write(tmp_path, "big.txt", "Title\n\n" + "word " * 1000)
    with pytest.raises(SkipFile, match="too large"):
        load_article(path, "big.txt", max_bytes=1000)


def test_terminal_escapes_and_control_characters_never_reach_the_text(tmp_path):
    text = (
        "Evil \x1b[31mred\x1b[0m title\x07\n\n"
        "Clear \x1b[2J screen, \x1b]0;pwned\x07 title, \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\, "
        "bell\x07, backspace\x08, C1 \x9b31m, bidi \u202eevil\u202c. Tab\there.\n"
    )
    article = load_article(write(tmp_path, "a.txt", text), "a.txt")
    everything = article.title + article.body
    assert article.title == "Evil red title"
    assert not any(ord(c) < 32 and c != "\n" for c in everything)
    assert not any(0x7F <= ord(c) <= 0x9F for c in everything)
    assert "\u202e" not in everything
    assert article.body == "Clear  screen,  title, link, bell, backspace, C1 31m, bidi evil. Tab    here."


MARKDOWN = """---
title: "Front: matter title"
date: 2021-10-01
url: https://www.example.com/story
tags: [belarus, russia]
---

# Heading that is not the title

A paragraph with *emphasis*, `code` and a [link](http://x.org).
Soft break joins.

- first item
- second item

1. one
2. two

> A quoted passage.

```python
print("not prose")
```

<div onclick="evil()">raw html</div>
"""


def test_markdown_front_matter_and_blocks(tmp_path):
    article = load_article(write(tmp_path, "a.md", MARKDOWN), "a.md")
    assert article.title == "Front: matter title"
    assert article.date == dt.date(2021, 10, 1)
    assert article.source == "example.com"
    assert article.tags == ["belarus", "russia"]
    kinds = [(b.kind, b.marker, article.block_text(b)) for b in article.blocks]
    assert kinds == [
        ("heading", "", "Heading that is not the title"),
        ("paragraph", "", "A paragraph with emphasis, code and a link. Soft break joins."),
        ("list", "• ", "first item"),
        ("list", "• ", "second item"),
        ("list", "1. ", "one"),
        ("list", "2. ", "two"),
        ("quote", "", "A quoted passage."),
        ("code", "", 'print("not prose")'),
        ("paragraph", "", '<div onclick="evil()">raw html</div>'),
    ]


def test_markdown_title_falls_back_to_first_heading_then_file_name(tmp_path):
    article = load_article(write(tmp_path, "a.md", "# The *Real* Title\n\nBody.\n"), "a.md")
    assert article.title == "The Real Title"
    assert article.body == "Body."  # the heading used as title is not repeated
    article = load_article(write(tmp_path, "my_great-story.md", "Just a body.\n"), "x.md")
    assert article.title == "my great story"


def test_markdown_with_broken_front_matter_still_opens(tmp_path):
    article = load_article(write(tmp_path, "a.md", "---\ntitle: [unclosed\n---\n\nBody text.\n"), "a.md")
    assert article.body == "Body text."
    assert any("front matter" in w for w in article.warnings)


def test_fingerprint_follows_content_and_id_follows_path(tmp_path):
    path = write(tmp_path, "a.txt", "Title\n\nBody one.\n")
    first = load_article(path, "a.txt")
    path.write_text("Title\n\nBody two.\n")
    second = load_article(path, "a.txt")
    assert first.id == second.id
    assert first.fingerprint != second.fingerprint
    assert load_article(path, "a.txt").fingerprint == second.fingerprint


def test_a_few_nul_bytes_do_not_make_a_text_binary_and_are_dropped(tmp_path):
    data = b"A title\n\nEnglish text with a stray\x00 NUL byte or two\x00 in it, as exports sometimes have!!\n"
    assert len(data) == 88
    article = load_article(write(tmp_path, "a.txt", data), "a.txt")
    assert article.body == "English text with a stray NUL byte or two in it, as exports sometimes have!!"
    with pytest.raises(SkipFile, match="binary"):  # text in UTF-16 without a BOM is half NULs
        load_article(write(tmp_path, "b.txt", "Title\n\nBody text here.\n".encode("utf-16-le")), "b.txt")


@given(st.text(alphabet="abcAB.-_:/@[]%?#0123456789 ", max_size=40))
def test_the_source_of_a_url_is_what_urlsplit_says(rest):
    from urllib.parse import urlsplit

    from reader.core.library import source_of

    for url in (f"https://{rest}", f"http://www.{rest}", rest):
        try:
            expected = (urlsplit(url if "//" in url else f"//{url}").hostname or "").removeprefix("www.")
        except ValueError:
            continue  # not a URL urlsplit reads: the fast path is not asked to agree
        assert source_of(url) == expected
