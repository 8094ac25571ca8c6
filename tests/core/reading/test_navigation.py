"""Where the reader's movement keys take the cursor, without a terminal."""

from reader.core.library import load_article
from reader.core.reading.layout import LineIndex, layout
from reader.core.reading.navigation import Navigator
from reader.core.reading.sentences import sentence_spans
from tests.conftest import SEED_000


def navigator(seeds):
    article = load_article(seeds / SEED_000, SEED_000)
    spans = sentence_spans(article)
    return article, spans, Navigator(article.body, spans, [b.start for b in article.blocks])


def test_paragraph_keys_go_to_paragraph_starts_and_back_to_this_ones_start_first(seeds):
    article, spans, nav = navigator(seeds)
    starts = [b.start for b in article.blocks]
    second = nav.paragraph(0, 1)
    assert spans[second][0] == starts[1]
    inside = next(
        i
        for i, (s, _) in enumerate(spans)
        if s > starts[2] and nav.sentence_at(s) == i and not any(s == b for b in starts)
    )  # a sentence in the middle of a paragraph
    here = max(i for i, b in enumerate(starts) if b <= spans[inside][0])
    assert spans[nav.paragraph(inside, -1)][0] == starts[here]  # back: this paragraph's start first
    assert nav.paragraph(0, -1) == 0 and nav.paragraph(len(spans) - 1, 5) == nav.sentence_at(starts[-1])


def test_refine_moves_the_selection_end_by_words_and_never_before_its_start(seeds):
    article, spans, nav = navigator(seeds)
    start, end = spans[1]
    shorter = nav.refine(start, end, -1)
    assert shorter < end and article.body[start:shorter].rstrip() == article.body[start:shorter]
    assert nav.refine(start, shorter, 1) > shorter
    first_word_end = start + len(article.body[start:end].split()[0].rstrip(".,"))
    assert nav.refine(start, first_word_end, -1) == first_word_end  # no word left before it: stays
    assert nav.refine(0, len(article.body), 1) == len(article.body)  # nothing after the end


def test_page_down_puts_the_cursor_on_the_first_sentence_that_starts_on_the_new_page(seeds):
    article, spans, nav = navigator(seeds)
    lines = layout(article, 40)
    index = LineIndex(lines)
    top, sentence = nav.page(lines, index, 0, 10, 1)
    assert top == 10
    assert index.line_of(spans[sentence][0]) >= 10 and index.line_of(spans[sentence - 1][0]) < 10
    assert nav.page(lines, index, 0, 10, -1) is None  # at the top already
    last_top = max(len(lines) - 11, 0)
    assert nav.page(lines, index, last_top, 10, 1) is None
    assert nav.clamp(-3) == 0 and nav.clamp(10_000) == len(spans) - 1
