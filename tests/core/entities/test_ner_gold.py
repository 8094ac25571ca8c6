"""The hand-labelled entity sets of bench/ner_quality.py stay usable: every labelled entity
is found, in order, in its article, with an OntoNotes label."""

import importlib.util
import json
from pathlib import Path

from reader.core.library import load_article

BENCH = Path(__file__).resolve().parents[3] / "bench"
LABELS = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
    "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
}  # fmt: skip


def test_every_labelled_entity_is_in_its_article_in_reading_order(bbc):
    spec = importlib.util.spec_from_file_location("ner_quality", BENCH / "ner_quality.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    counted = {}
    for set_name, file_name in bench.SETS.items():
        data = json.loads((BENCH / "data" / file_name).read_text(encoding="utf-8"))
        articles = [name for name in data if not name.startswith("_")]
        for name in articles:
            body = load_article(bench.article_path(name), name).body
            spans = bench.gold_spans(body, data[name])  # raises if one is not found after the one before
            assert {label for _, _, label in spans} <= LABELS, name
        counted[set_name] = articles
    held_out, test, development = counted["held-out"], counted["test"], counted["development"]
    assert not set(held_out) & set(development) and not set(test) & (set(held_out) | set(development))
    folders = {"business", "politics", "tech", "sport", "entertainment"}
    assert {name.split("/")[0] for name in held_out} >= folders | {"seeds"}
    assert {name.split("/")[0] for name in test} >= folders
