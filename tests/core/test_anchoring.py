"""Re-anchoring: exact, moved, fuzzy within a strict minimum, or orphan; never a silent
re-attachment to a look-alike."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from reader.core.anchoring import min_similarity, reanchor
from reader.core.highlight import Quote


def selectors(body, start, end):
    """What a highlight keeps of where it was made: its quote and its position."""
    return Quote.of(body, start, end), (start, end)


TEXT = (
    "Lukashenko said Wednesday that he would discuss a package of agreements. "
    "Russia has staunchly backed the longtime president. The sanctions were imposed in response "
    "to a brutal crackdown. Lukashenko said Wednesday that he would not yield."
)


def test_unchanged_article_keeps_the_highlight():
    start = TEXT.index("Russia has")
    end = TEXT.index("president.") + len("president.")
    assert reanchor(TEXT, *selectors(TEXT, start, end)).status == "exact"


def test_text_inserted_before_moves_it():
    start = TEXT.index("Russia has")
    target = selectors(TEXT, start, start + 30)
    edited = "A new opening paragraph.\n\n" + TEXT
    placed = reanchor(edited, *target)
    assert placed.status == "moved" and edited[placed.start : placed.end] == TEXT[start : start + 30]


def test_context_picks_the_right_repeat():
    second = TEXT.rindex("Lukashenko said Wednesday")
    target = selectors(TEXT, second, second + len("Lukashenko said Wednesday"))
    edited = "Intro. " + TEXT
    placed = reanchor(edited, *target)
    assert placed.status == "moved" and placed.start == second + len("Intro. ")


def test_small_edit_inside_is_fuzzy_and_marked():
    start = TEXT.index("The sanctions")
    end = TEXT.index("crackdown.") + len("crackdown.")
    target = selectors(TEXT, start, end)
    edited = TEXT.replace("brutal crackdown", "brutal clampdown")
    placed = reanchor(edited, *target)
    assert placed.status == "fuzzy"
    assert edited[placed.start : placed.end].startswith("The sanctions")


def test_short_quote_is_not_reattached_to_a_look_alike():
    # Hypothesis' failure mode: a short highlight re-attaches to similar words elsewhere
    body = "The cat sat on the mat. Later, the dog sat on the rug."
    start = body.index("cat sat")
    target = selectors(body, start, start + len("cat sat"))
    edited = body.replace("The cat sat on the mat. ", "")
    assert reanchor(edited, *target).status == "orphan"


def test_deleted_passage_is_an_orphan():
    start = TEXT.index("The sanctions")
    end = TEXT.index("crackdown.") + len("crackdown.")
    target = selectors(TEXT, start, end)
    edited = TEXT[:start] + TEXT[end:]
    assert reanchor(edited, *target).status == "orphan"


words = st.sampled_from(
    [
        "the",
        "quick",
        "brown",
        "fox",
        "jumps",
        "over",
        "lazy",
        "dog",
        "Belarus",
        "Russia",
        "said",
        "talks",
        "week",
        "army",
    ]
)
sentences = st.lists(words, min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
articles = st.lists(sentences, min_size=2, max_size=12).map(" ".join)


@st.composite
def edited_articles(draw):
    body = draw(articles)
    start = draw(st.integers(0, len(body) - 2))
    end = draw(st.integers(start + 1, min(len(body), start + 80)))
    edited = body
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        at = draw(st.integers(0, len(edited)))
        size = draw(st.integers(1, 25))
        chunk = draw(st.text(alphabet="abcdefgh .", min_size=1, max_size=size))
        if kind == "insert":
            edited = edited[:at] + chunk + edited[at:]
        elif kind == "delete":
            edited = edited[:at] + edited[at + size :]
        else:
            edited = edited[:at] + chunk + edited[at + size :]
    return body, start, end, edited


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_articles())
def test_property_a_highlight_points_at_its_quote_or_is_an_orphan(case):
    body, start, end, edited = case
    target = selectors(body, start, end)
    exact = body[start:end]
    placed = reanchor(edited, *target)
    if placed.status in ("exact", "moved"):
        assert edited[placed.start : placed.end] == exact
    elif placed.status == "fuzzy":
        assert 0 <= placed.start < placed.end <= len(edited)
        assert fuzz.ratio(exact, edited[placed.start : placed.end]) / 100 >= min_similarity(len(exact))
    else:
        assert placed.status == "orphan"
