"""Markdown export: golden files for the seeds, a parse-back round trip, hostile input
(hypothesis) that can break neither the document nor the front matter, and JSON-LD."""

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import load_article
from reader.core.notes.export import (
    ArticleExport,
    Exporter,
    collection,
    safe_filename,
    text_fragment,
    to_annotation,
)
from reader.core.notes.highlight import Highlight, Quote, normalize_tags
from reader.core.notes.importing import read_annotations
from tests.conftest import SEED_000, SEED_003
from tests.core.export_parse import recover, same_with_plugins

GOLDEN = Path(__file__).parent / "golden"
WHEN = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def make_highlight(body, start, end, n, **fields):
    made = Highlight(
        (f"{n:x}c" * 32)[:32],
        "a",
        "fp",
        Quote.of(body, start, end),
        (start, end),
        start,
        end,
        created="2026-11-01T10:00:00.000+00:00",
        modified="2026-11-01T10:00:00.000+00:00",
    )
    if "tags" in fields:
        fields["tags"] = tuple(fields["tags"])
    return dataclasses.replace(made, **fields)


def seed_export(seeds, name, picks):
    article = load_article(seeds / name, name)
    highlights = []
    for n, (text, fields) in enumerate(picks, 1):
        start = article.body.index(text)
        highlights.append(make_highlight(article.body, start, start + len(text), n, article=name, **fields))
    return ArticleExport(article.id, article.title, article.url, article.date, highlights)


SEED_PICKS = {
    SEED_003: [
        ("Lukashenko said Wednesday that he would discuss a package of agreements", {"tags": ["belarus", "treaties"]}),
        (
            "Moscow has granted Belarus a new $1.5 billion loan and criticized Western restrictions.",
            {"color": "green", "note": "The loan: **$1.5bn**.\n\n- check the figure\n- compare with 2020"},
        ),
    ],
    SEED_000: [
        ("Instead, they invaded Ukraine on Feb. 24.", {"tags": ["timeline"], "note": "Date of the invasion."}),
        ("Belarussian T-72B3 Main Battle Tank (Picture source: Belarus MoD)", {"color": "blue"}),
    ],
}


def test_golden_markdown_of_the_seeds(seeds):
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    for name, picks in SEED_PICKS.items():
        markdown = Exporter().markdown(seed_export(seeds, name, picks), WHEN)
        golden = GOLDEN / (Path(name).stem + ".md")
        if update:
            golden.write_text(markdown)
        assert markdown == golden.read_text(), f"{golden} differs (UPDATE_GOLDEN=1 rewrites it; read the diff first)"


def test_seed_export_parses_back_to_every_quote_note_and_tag(seeds):
    for name, picks in SEED_PICKS.items():
        export = seed_export(seeds, name, picks)
        back = recover(Exporter().markdown(export, WHEN))
        assert back["title"] == export.title
        assert back["front"]["title"] == export.title and back["front"]["highlights"] == len(picks)
        assert back["front"].get("source") == export.url  # left out when there is none, never null
        assert [h["quote"] for h in back["highlights"]] == [h.exact for h in export.highlights]
        assert [h["note"] for h in back["highlights"]] == [h.note for h in export.highlights]
        assert [h["tags"] for h in back["highlights"]] == [list(h.tags) for h in export.highlights]
        assert len({h["block"] for h in back["highlights"]}) == len(picks)


def test_text_fragment_link_encodes_dashes_and_commas():
    link = text_fragment("https://x.org/a#old", "one-two, three", "before the", "after it")
    assert link == "https://x.org/a#:~:text=before%20the-,one%2Dtwo%2C%20three,-after%20it"


def test_file_names_are_safe_and_do_not_clash():
    taken: set[str] = set()
    assert safe_filename("../../etc/passwd", taken) == "etcpasswd.md"
    assert safe_filename(".hidden: a/b\\c", taken) == "hidden abc.md"
    assert safe_filename("Etcpasswd", taken) == "Etcpasswd-2.md"
    assert safe_filename("", taken) == "untitled.md"
    assert safe_filename("x" * 300, taken) == "x" * 80 + ".md"


hostile_chars = st.sampled_from(
    list("*#>|-`_[]()<>&!\\~=+.:{}^$\"' \t\n")
    + [
        "---",
        "```",
        "<!--",
        "-->",
        "&amp;",
        "&#10;",
        "^hl-abc",
        "%%",
        "==",
        "[[",
        "]]",
        "^[",
        "[^1]",
        "$x$",
        "#tag",
        "> [!note]",
        "\n\n",
        "\n\n\n",
        "  ",
        "1. ",
        "- ",
        "# ",
        "é",
        "日本",
        "😀",
        "\u00a0",
    ]
)
hostile_text = st.lists(
    st.one_of(
        hostile_chars, st.text(min_size=1, max_size=3, alphabet=st.characters(blacklist_categories=("Cs", "Cc")))
    ),
    min_size=1,
    max_size=25,
).map("".join)
hostile_tags = st.lists(
    st.text(
        min_size=1,
        max_size=10,
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters=","),
    ),
    max_size=4,
    unique=True,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=hostile_text,
    quotes=st.lists(hostile_text, min_size=1, max_size=3),
    notes=st.lists(hostile_text, min_size=3, max_size=3),
    tags=hostile_tags,
    url=st.one_of(st.none(), hostile_text.map(lambda s: "https://example.org/" + s)),
)
def test_property_hostile_input_cannot_break_the_document(title, quotes, notes, tags, url):
    title = " ".join(title.split()) or "t"
    highlights = []
    for n, quote in enumerate(quotes):
        body = "before " * (n + 1) + quote + " after"  # in reading order: each starts later
        start = 7 * (n + 1)
        doc = make_highlight(body, start, start + len(quote), n, tags=list(tags), note=notes[n].replace("\r", ""))
        highlights.append(doc)
    export = ArticleExport("id", title, url, dt.date(2021, 1, 2), highlights)
    markdown = Exporter().markdown(export, WHEN)
    back = recover(markdown)
    # what reader writes means the same with plugins on (notes are the user's own Markdown:
    # a footnote there is theirs to write, so the check leaves notes out)
    bare = dataclasses.replace(export, highlights=[dataclasses.replace(h, note="") for h in highlights])
    same_with_plugins(Exporter().markdown(bare, WHEN))
    assert back["front"]["title"] == title
    assert back["front"].get("source") == url
    assert back["front"]["date"] == dt.date(2021, 1, 2)
    tags = list(normalize_tags(tags))  # as Obsidian reads tags
    assert back["front"].get("tags", []) == sorted(set(tags), key=str.casefold)
    assert back["title"] == title
    assert [h["quote"] for h in back["highlights"]] == quotes
    assert [h["note"] for h in back["highlights"]] == [h.note for h in highlights]
    assert [h["tags"] for h in back["highlights"]] == [list(tags) for _ in highlights]


def test_json_ld_round_trip_loses_nothing(seeds):
    export = seed_export(seeds, SEED_003, SEED_PICKS[SEED_003])
    annotations = [to_annotation(h, export.url) for h in export.highlights]
    text = json.dumps(collection(annotations))
    data = json.loads(text)
    assert data["type"] == "AnnotationCollection" and data["first"]["items"][0]["type"] == "Annotation"
    first = data["first"]["items"][0]
    assert first["target"]["source"] == export.url
    assert {s["type"] for s in first["target"]["selector"]} == {"TextQuoteSelector", "TextPositionSelector"}
    assert [b["value"] for b in first["body"] if b["purpose"] == "tagging"] == ["belarus", "treaties"]
    assert read_annotations(text).highlights == export.highlights


def test_only_web_addresses_become_links():
    body = "A passage worth keeping, and more text after it."
    highlights = [make_highlight(body, 0, 9, 0)]
    for url, linked in (("javascript:alert(1)", False), ("data:text/html,x", False), ("https://example.org/a", True)):
        markdown = Exporter().markdown(ArticleExport("id", "A title", url, None, highlights), WHEN)
        assert ("](<" in markdown) is linked, url
        assert "[Open the passage]" in markdown if linked else "javascript:alert" not in markdown.split("---")[-1]
