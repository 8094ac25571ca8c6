"""Extraction: real-shaped pages (boilerplate, comments, several layouts, languages and
charsets) give the article's paragraphs and metadata, nothing else; a saved page's Markdown
reads back to exactly the same text."""

import datetime as dt
import string
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.extract import ExtractError, escape_line, extract, markdown_body, markdown_document
from reader.core.library import SkipFile, load_article, parse_html, parse_markdown
from tests.core.export_parse import same_with_plugins
from tests.webpages import ARTICLES, STYLES, article, page, paragraphs

BOILERPLATE = (
    "cookies",
    "Accept all",
    "Share on",
    "Great piece",
    "cheap flights",
    "More stories",
    "All rights reserved",
    "Privacy policy",
    "Recent posts",
    "Leave a comment",
    "Sign up for free",
)


@pytest.mark.parametrize("style", ["newsroom", "blog", "magazine"])
@pytest.mark.parametrize("slug", [a["slug"] for a in ARTICLES])
def test_pages_give_the_article_and_none_of_the_boilerplate(slug, style):
    a = article(slug)
    found = extract(page(a, f"https://news.example.org/{slug}", style), "https://news.example.org/x?utm_source=feed")
    texts = [text for _, text, _, _ in found.parts]
    for paragraph in paragraphs(a):
        assert paragraph in texts, paragraph  # each paragraph whole, as its own block
    joined = "\n".join(texts)
    assert not [b for b in BOILERPLATE if b in joined]
    assert found.title == a["title"] and found.author == a["author"] and found.site == a["site"]
    assert found.date == dt.date.fromisoformat(a["date"])
    assert found.canonical_url == f"https://news.example.org/{slug}"


def test_headings_lists_and_quotes_keep_their_kind():
    found = extract(page(article("belarus-weapons"), "https://x.org/a", "newsroom"))
    kinds = [(kind, marker) for kind, _, marker, _ in found.parts]
    assert ("heading", "") in kinds and ("quote", "") in kinds
    assert kinds.count(("list", "• ")) == 3
    assert found.parts[0][0] == "paragraph"  # the title heading is not repeated in the body


def test_an_old_table_layout_keeps_its_text_and_drops_its_frame():
    found = extract(page(article("marathon"), "https://x.org/m", "legacy"))
    joined = "\n".join(text for _, text, _, _ in found.parts)
    for paragraph in paragraphs(article("marathon")):
        assert paragraph in joined
    assert "Guestbook" not in joined and "Best viewed" not in joined


@pytest.mark.parametrize("slug", ["moskva-ru", "tokyo-ja", "athens-el", "marathon"])
def test_charsets_are_read_from_the_page_or_the_server(slug):
    a = article(slug)
    data = page(a, "https://x.org/a", "blog")
    assert extract(data).parts[0][1] == paragraphs(a)[0]  # from <meta charset>
    assert extract(data, charset=a["charset"]).parts[0][1] == paragraphs(a)[0]  # from the HTTP header
    assert extract(data, charset="utf-8").parts[0][1] == paragraphs(a)[0] or a["charset"] == "utf-8"  # a wrong header


@pytest.mark.parametrize(
    "html, reason",
    [
        ("<html><body><h1>Page not found</h1><p>Sorry.</p><a href='/'>Home</a></body></html>", "words of text found"),
        ("<html><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>", ""),
        ("", ""),
        ("\x00\x01\x02 not html at all", ""),
    ],
)
def test_a_page_without_an_article_is_refused_with_a_reason(html, reason):
    with pytest.raises(ExtractError) as caught:
        extract(html.encode())
    assert reason in str(caught.value) and str(caught.value)


def test_escape_codes_in_a_page_never_reach_the_text():
    a = dict(article("rates-hold"))
    a["title"] = "Rates \x1b]0;PWNED\x07 held\x1b[2J"
    a["blocks"] = [b.replace("benchmark", "bench\x1b[31mmark\x9b") if isinstance(b, str) else b for b in a["blocks"]]
    found = extract(page(a, "https://x.org/r", "newsroom"))
    everything = found.title + "".join(text for _, text, _, _ in found.parts) + (found.site or "")
    assert "\x1b" not in everything and "\x07" not in everything and "\x9b" not in everything
    assert "benchmark" in everything.replace("[31m", "")


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("slug", ["belarus-weapons", "budget-fr", "tokyo-ja"])
def test_saved_markdown_reads_back_to_the_same_article(slug, style, tmp_path):
    data = page(article(slug), "https://x.org/a", style)
    found = extract(data, "https://x.org/a")
    saved = markdown_document(found, dt.datetime(2026, 1, 2, 3, 4, 5), feed="Loop News")
    from_markdown = parse_markdown(saved, "a.md", Path("a.md"))
    direct = parse_html(data, "a.html", Path("a.html"))
    assert from_markdown.body == direct.body
    assert [b.kind for b in from_markdown.blocks] == [b.kind for b in direct.blocks]
    assert (from_markdown.title, from_markdown.author, from_markdown.site, from_markdown.date) == (
        found.title,
        found.author,
        found.site,
        found.date,
    )
    assert from_markdown.url == "https://x.org/a" and from_markdown.feed == "Loop News"


def test_html_files_in_a_library_folder_are_read_as_articles(tmp_path):
    (tmp_path / "saved.html").write_bytes(page(article("bahn-de"), "https://x.org/bahn", "blog"))
    loaded = load_article(tmp_path / "saved.html", "saved.html")
    assert loaded.title == article("bahn-de")["title"] and loaded.url == "https://x.org/bahn"
    assert loaded.body.startswith("Die Deutsche Bahn will")
    (tmp_path / "empty.htm").write_bytes(b"<html><body><p>Nothing much.</p></body></html>")
    with pytest.raises(SkipFile, match="words of text found"):
        load_article(tmp_path / "empty.htm", "empty.htm")


def test_a_browser_saved_page_names_its_address_in_a_comment():
    data = b"<!-- saved from url=(0026)https://x.org/saved-page -->\n" + page(
        article("sequia-es"), "", "legacy"
    ).replace(b'<link rel="canonical" href="">', b"").replace(b'<meta property="og:url" content="">', b"")
    assert extract(data).url == "https://x.org/saved-page"


# --- Markdown escaping: exact round trip ------------------------------------------------------

TEXT = st.text(
    alphabet=string.ascii_letters[:6] + string.digits[:3] + string.punctuation + " \n" + "é—“”’",
    min_size=1,
    max_size=60,
)


def tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["paragraph", "heading", "quote", "list"]), TEXT), min_size=1, max_size=5))
@example([("paragraph", "<0@0>")])  # an e-mail autolink, found by a CI run: its "<" must be escaped
def test_any_text_survives_the_markdown_round_trip(blocks):
    parts = []
    for kind, text in blocks:
        text = tidy(text)
        if not text:
            continue
        if kind == "heading":
            text = text.replace("\n", " ")
        parts.append((kind, text, "• " if kind == "list" else "", 1 if kind in ("list", "quote") else 0))
    if not parts:
        return
    document = f"---\ntitle: T\n---\n\n{markdown_body(parts)}\n"
    parsed = parse_markdown(document, "a.md", Path("a.md"))
    same_with_plugins(document)  # and with front matter and footnotes on, as Obsidian reads it
    assert [parsed.block_text(b) for b in parsed.blocks] == [text for _, text, _, _ in parts]
    assert [b.kind for b in parsed.blocks] == [kind for kind, _, _, _ in parts]


def test_prose_is_not_cluttered_with_escapes():
    line = (
        "Belarus' leader said the weapons would cost about $1.5 billion (roughly 40% of it a loan): snake_case, a < b."
    )
    assert escape_line(line) == line
    assert escape_line("# not a heading") == "\\# not a heading"
    assert escape_line("1. not a list") == "1\\. not a list"
    assert escape_line("a *b* [c](d) `e` <f> &amp;") == "a \\*b\\* \\[c](d) \\`e\\` \\<f> \\&amp;"


def test_a_saved_page_never_lands_through_a_link_planted_in_the_library(tmp_path):
    """A site's folder that is a link to elsewhere is refused; a link (even a dangling one) at
    the file's name is passed over for the next free name, and what it points at is untouched."""
    from reader.core.ingest.pages import slug, write_article

    library, elsewhere = tmp_path / "library", tmp_path / "elsewhere"
    library.mkdir()
    elsewhere.mkdir()
    found = extract(page(article("marathon"), "https://news.example.org/a"), "https://news.example.org/a")
    (library / "news.example.org").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OSError, match="refusing to write outside the library"):
        write_article(library, found)
    (library / "news.example.org").unlink()
    (library / "news.example.org").mkdir()
    first = library / "news.example.org" / f"{slug(found.title)}.md"
    first.symlink_to(elsewhere / "target.md")  # dangling
    saved = write_article(library, found)
    assert saved.name.endswith("-2.md") and not (elsewhere / "target.md").exists()
    assert list(elsewhere.iterdir()) == [] and saved.read_text().startswith("---\n")


def test_an_author_is_read_whole_from_the_page_s_own_meta():
    """trafilatura cleans digits out of names: "Desk 3 Reporter" came out as "Desk"."""
    from reader.core.extract import extract

    page = (
        b'<html><head><title>A story</title><meta content="Desk 3 Reporter" name="author"></head><body>'
        b"<article><h1>A story</h1><p>" + b"Some words of the story that go on. " * 40 + b"</p></article></body></html>"
    )
    assert extract(page, "https://example.org/news/a-story", "utf-8").author == "Desk 3 Reporter"
    linked = page.replace(b"Desk 3 Reporter", b"https://example.org/people/desk")
    assert extract(linked, "https://example.org/news/a-story", "utf-8").author != "https://example.org/people/desk"
