"""Precision and recall of entities against four hand-labelled BBC articles
(bench/data/ner_gold.json): the raw model against reader's refined entities.

    python bench/ner_quality.py [--model NAME]

A match is the same span and the same label; a leading "the" is ignored on both sides
(reader drops it from names, OntoNotes keeps it), so only real differences count."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from reader.core.articles import load_article
from reader.core.entities import Entity, Recognizer, refine

HERE = Path(__file__).parent
BBC = HERE.parent.parent / "shared" / "corpora" / "bbc"


def gold_spans(body: str, items: list[list[str]]) -> set[tuple[int, int, str]]:
    spans, position = set(), 0
    for text, label in items:
        match = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)").search(body, position)
        if match is None:
            raise ValueError(f"gold entity {text!r} not found after offset {position}")
        spans.add((match.start(), match.end(), label))
        position = match.end()
    return spans


def normal(body: str, spans) -> set[tuple[int, int, str]]:
    out = set()
    for start, end, label in spans:
        lead = re.match(r"[Tt]he\s+", body[start:end])
        out.add((start + (lead.end() if lead else 0), end, label))
    return out


def score(gold: set, found: set) -> tuple[int, int, int]:
    hits = len(gold & found)
    return hits, len(found), len(gold)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    args = parser.parse_args()
    recognizer = Recognizer(args.model)
    data = json.loads((HERE / "data" / "ner_gold.json").read_text())
    totals = {"raw model": [0, 0, 0], "reader": [0, 0, 0]}
    rows = []
    for name, items in data.items():
        if name.startswith("_"):
            continue
        article = load_article(BBC / name, name)
        gold = normal(article.body, gold_spans(article.body, items))
        doc = recognizer.nlp(article.body)
        raw = [Entity(e.start_char, e.end_char, e.label_) for e in doc.ents]
        ours = refine(article.body, raw)
        for system, entities in (("raw model", raw), ("reader", ours)):
            found = normal(article.body, ((e.start, e.end, e.label) for e in entities))
            hits, n_found, n_gold = score(gold, found)
            totals[system] = [a + b for a, b in zip(totals[system], (hits, n_found, n_gold))]
            rows.append((name, system, hits, n_found, n_gold))
            if system == "reader":
                missed = sorted(gold - found)
                wrong = sorted(found - gold)
                print(f"{name}: missed {[(article.body[s:e], label) for s, e, label in missed]}")
                print(f"{' ' * len(name)}  wrong  {[(article.body[s:e], label) for s, e, label in wrong]}")
    print(f"\nmodel: {recognizer.key}")
    print(f"{'article':<24}{'system':<11}{'precision':>10}{'recall':>8}{'F1':>7}")
    for name, system, hits, n_found, n_gold in rows + [("ALL", s, *t) for s, t in totals.items()]:
        p = hits / n_found if n_found else 0.0
        r = hits / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:<24}{system:<11}{p:>10.2f}{r:>8.2f}{f:>7.2f}")


if __name__ == "__main__":
    main()
