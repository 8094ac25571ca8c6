from rich.cells import cell_len

from reader.core.library import load_article
from reader.core.reading.layout import layout, wrap
from reader.core.reading.sentences import sentence_spans
from tests.conftest import SEED_000


def test_sentences_of_the_seed_respect_abbreviations_and_line_breaks(seeds):
    article = load_article(seeds / SEED_000, SEED_000)
    sentences = [article.body[s:e] for s, e in sentence_spans(article)]
    assert "Instead, they invaded Ukraine on Feb. 24." in sentences
    assert any(s.startswith("But U.S. defense officials have repeatedly said") for s in sentences)
    assert "Follow Army Recognition on Google News at this link" in sentences  # its own line
    assert all(s == s.strip() and s for s in sentences)


def test_sentence_spans_cover_the_text_in_order(seeds):
    article = load_article(seeds / SEED_000, SEED_000)
    spans = sentence_spans(article)
    assert spans == sorted(spans)
    covered = "".join(article.body[s:e] for s, e in spans)
    assert covered.replace(" ", "") == article.body.replace(" ", "").replace("\n", "")


def test_wrap_respects_width_and_keeps_every_character():
    text = "The quick brown fox jumps over the lazy dog " * 20 + "https://example.org/" + "x" * 120
    lines = wrap(text, 0, len(text), 30)
    assert "".join(text[s:e] for s, e in lines) == text
    assert all(len(text[s:e].rstrip()) <= 30 for s, e in lines)


def test_wrap_counts_wide_characters_as_two_cells():
    text = "日本語のテキスト " * 10
    lines = wrap(text, 0, len(text), 20)
    assert all(cell_len(text[s:e].rstrip()) <= 20 for s, e in lines)
    assert "".join(text[s:e] for s, e in lines) == text


def test_layout_puts_a_blank_line_between_blocks(seeds):
    article = load_article(seeds / SEED_000, SEED_000)
    lines = layout(article, 60)
    assert sum(1 for line in lines if line.kind == "blank") == len(article.blocks) - 1
    assert all(len(article.body[line.start : line.end].rstrip()) <= 60 for line in lines)


def test_annotations_after_a_highlight_wrap_onto_rows_of_their_own_never_cut():
    from reader.core.reading.layout import Line, annotate

    body = "A short line. " + "word " * 30
    lines = [Line(0, 14), Line(14, len(body))]
    tags = "#belarus #military-aid #weapons #press-office ✎"
    fits = annotate(lines, body, {12: "#eu ✎"}, width=40)
    assert [line.note for line in fits] == ["#eu ✎", ""]  # room on the line: after the text
    rows = annotate(lines, body, {12: tags}, width=30)
    assert [line.kind for line in rows] == ["paragraph", "paragraph", "note", "note"]  # after the paragraph, not in it
    assert " ".join(line.note for line in rows if line.kind == "note") == tags
    assert all(len(line.prefix) + len(line.note) <= 30 for line in rows)
    from reader.core.reading.layout import LineIndex

    assert LineIndex(rows).line_of(20) == 1  # offsets never land on an annotation row
    two = annotate([Line(0, 14), Line(14, 20), Line(20, 20, kind="blank"), Line(21, len(body))], body, {12: tags}, 30)
    assert [line.kind for line in two][:5] == ["paragraph", "paragraph", "note", "note", "blank"]  # its own paragraph
