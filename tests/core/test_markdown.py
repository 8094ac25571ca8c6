"""Markdown that reads as written: escapes only where CommonMark or Obsidian would read
markup; tags as Obsidian reads them; one valid document per file; stable, distinct block ids."""

import dataclasses
import datetime as dt
import re

import pytest

from reader.core.markdown import escape_inline
from reader.core.notes.export import ArticleExport, Exporter, block_id
from reader.core.notes.highlight import normalize_tags
from tests.core.export_parse import recover, same_with_plugins
from tests.core.notes.test_export import WHEN, make_highlight


@pytest.mark.parametrize(
    "text,written",
    [
        ("Marley's $1.5 billion loan (40% of it), snake_case, a < b, C# and 5 * 3.", None),
        ("'My memories of Marley...'", None),
        ("#eu-politics is a tag here", "\\#eu-politics is a tag here"),
        ("a ==highlight== and %%comment%%", "a \\=\\=highlight\\=\\= and \\%\\%comment\\%\\%"),
        ("$x$ is math", "\\$x\\$ is math"),
        ("[[Wiki link]] and [text](url) and [^1]", "\\[\\[Wiki link]] and \\[text](url) and \\[^1]"),
        ("ends with a block id ^abc-1", "ends with a block id \\^abc-1"),
        ("*emphasis* and `code`", "\\*emphasis\\* and \\`code\\`"),
        ("<b>bold</b> &amp; <https://x.org>", "\\<b>bold\\</b> \\&amp; \\<https://x.org>"),
        ("- a list\n1. ordered\n> quote\n# heading\n---", "\\- a list\n1\\. ordered\n\\> quote\n\\# heading\n\\---"),
        ("  indented", "&#32;&#32;indented"),
    ],
)
def test_escapes_only_what_would_be_markup(text, written):
    assert escape_inline(text) == (text if written is None else written)


def test_tags_are_what_obsidian_reads():
    assert normalize_tags(
        ["#EU politics", "uk/economy", "C++", "1984", "a//b/", "naïve café", "_x_", "snake_case"]
    ) == (
        "EU-politics",
        "uk/economy",
        "C",
        "y1984",
        "a/b",
        "naïve-café",
        "x",
        "snake_case",
    )


def test_block_ids_are_distinct_for_ids_that_share_a_prefix_and_stable():
    sequential = [f"0190a0b2-7c3e-7000-8000-00000000000{n}" for n in range(10)]
    highlight = make_highlight("a b c", 0, 1, 0)
    ids = {block_id(dataclasses.replace(highlight, id=i)) for i in sequential}
    assert len(ids) == 10 and all(re.fullmatch(r"hl-[0-9a-f]{12}", i) for i in ids)
    assert block_id(dataclasses.replace(highlight, id="../../etc/passwd")).startswith("hl-")
    assert block_id(highlight) == block_id(dataclasses.replace(highlight))


def test_several_articles_make_one_valid_document_without_nulls():
    body = "Intro. The quick brown fox jumps over the lazy dog. Outro."
    one = ArticleExport("a.txt", "First story", None, None, [make_highlight(body, 7, 50, 1, tags=("animals",))])
    two = ArticleExport(
        "b.txt", "Second [story]", "https://x.org/b", dt.date(2024, 5, 1), [make_highlight(body, 0, 6, 2)]
    )
    text = Exporter().document([one, two])
    back = recover(text)
    same_with_plugins(text)
    assert back["front"]["articles"] == 2 and back["front"]["highlights"] == 2 and back["front"]["tags"] == ["animals"]
    assert back["title"] == "Highlights" and back["sections"] == ["First story", "Second [story]"]
    assert [h["quote"] for h in back["highlights"]] == [body[7:50], body[0:6]]
    assert "null" not in text and "2024-05-01 · 1 highlight" in text
    single = Exporter().markdown(one, WHEN)
    assert "source:" not in single and "date:" not in single  # keys without a value are left out


def test_bbc_sentences_come_out_as_written(bbc):
    """Every sentence with no character Markdown or Obsidian could read as markup comes out
    byte for byte; the others are counted."""
    significant = re.compile(r"[\\`*_\[\]<>&#~=%$^|]|^\s|\s$|^[-+>]|^\d+[.)]")
    total = plain = verbatim = 0
    for path in sorted(bbc.glob("*/*.txt"))[::5]:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            if not sentence:
                continue
            total += 1
            same = escape_inline(sentence) == sentence
            verbatim += same
            if not significant.search(sentence):
                plain += 1
                assert same, sentence
    print(f"{verbatim:,} of {total:,} sentences verbatim ({verbatim / total:.1%}); {plain:,} with nothing to escape")
    assert plain > 5000 and verbatim / total > 0.99
