"""Precision and recall of entities, the raw model against reader's refined entities, on
two hand-labelled sets (OntoNotes labels, strict span + label):

- development (bench/data/ner_gold.json): four BBC articles; the entity rules were written
  while looking at their errors, so they flatter the rules;
- held-out (bench/data/ner_heldout.json): eight BBC articles from all five folders and the
  two seeds, labelled before any rule was written from them (decisions for unclear cases in
  the file). A rule is kept only if it helps here or is neutral. Its errors have since been
  looked at, so it is no longer blind;
- test (bench/data/ner_test.json): six more BBC articles, labelled after the rules: the one
  set whose errors are not listed (no --errors for it), to say how the rules do on text
  nobody tuned on.

    python bench/ner_quality.py [--model NAME] [--errors development|held-out]

A leading "the" is ignored on both sides (reader drops it from names, OntoNotes keeps it).
Scores are printed per set (the held-out BBC articles and the seeds apart), per label, and
for each rule the F1 without it (an ablation: its gain on each set)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from reader.core.entities import Entity, Recognizer, refine
from reader.core.entities.rules import RULES  # every optional rule of the registry, in pipeline order
from reader.core.library import load_article

HERE = Path(__file__).parent
BBC = HERE.parent.parent / "shared" / "corpora" / "bbc"
SEEDS = HERE.parent / "seeds"
SETS = {"development": "ner_gold.json", "held-out": "ner_heldout.json", "test": "ner_test.json"}


def gold_spans(body: str, items: list[list[str]]) -> set[tuple[int, int, str]]:
    """Items in reading order: [text, label], or [text, label, word] when the entity is the
    start of a longer word as written (Moscows -> Moscow)."""
    spans, position = set(), 0
    for text, label, *written in items:
        word = written[0] if written else text
        match = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)").search(body, position)
        if match is None:
            raise ValueError(f"gold entity {word!r} not found after offset {position}")
        spans.add((match.start(), match.start() + len(text), label))
        position = match.end()
    return spans


def normal(body: str, spans) -> set[tuple[int, int, str]]:
    out = set()
    for start, end, label in spans:
        lead = re.match(r"[Tt]he\s+", body[start:end])
        out.add((start + (lead.end() if lead else 0), end, label))
    return out


def prf(hits: int, found: int, gold: int) -> tuple[float, float, float]:
    p = hits / found if found else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Tally:
    """Hits, found and gold counts, overall and per label."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.found: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()

    def add(self, gold: set, found: set) -> None:
        for _, _, label in gold & found:
            self.hits[label] += 1
        self.found.update(label for _, _, label in found)
        self.gold.update(label for _, _, label in gold)

    def overall(self) -> tuple[float, float, float]:
        return prf(sum(self.hits.values()), sum(self.found.values()), sum(self.gold.values()))


def three(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def article_path(name: str) -> Path:
    return SEEDS / name.removeprefix("seeds/") if name.startswith("seeds/") else BBC / name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    parser.add_argument(
        "--errors", choices=["development", "held-out"], help="list each article's missed and wrong entities"
    )
    args = parser.parse_args()
    if not BBC.is_dir():
        sys.exit(f"needs the BBC corpus at {BBC}")
    recognizer = Recognizer(args.model)
    articles = []  # (group, set name, name, body, gold, raw entities)
    for set_name, file_name in SETS.items():
        data = json.loads((HERE / "data" / file_name).read_text(encoding="utf-8"))
        for name, items in data.items():
            if name.startswith("_"):
                continue
            group = f"{set_name}, seeds" if name.startswith("seeds/") else f"{set_name}, BBC"
            body = load_article(article_path(name), name).body
            gold = normal(body, gold_spans(body, items))
            raw = [Entity(e.start_char, e.end_char, e.label_) for e in recognizer.nlp(body).ents]
            articles.append((group, set_name, name, body, gold, raw))
    groups: dict[str, dict[str, Tally]] = {}
    for group, set_name, name, body, gold, raw in articles:
        tallies = groups.setdefault(group, {"raw model": Tally(), "reader": Tally()})
        for system, entities in (("raw model", raw), ("reader", refine(body, raw))):
            found = normal(body, ((e.start, e.end, e.label) for e in entities))
            tallies[system].add(gold, found)
            if system == "reader" and args.errors == set_name:
                print(f"{name}: missed {[(body[s:e], label) for s, e, label in sorted(gold - found)]}")
                print(f"{' ' * len(name)}  wrong  {[(body[s:e], label) for s, e, label in sorted(found - gold)]}")
    print(f"\nmodel: {recognizer.key}")
    print(f"{'set':<24}{'entities':>9}   {'raw P / R / F1':>18}   {'reader P / R / F1':>18}")
    for group, tallies in groups.items():
        raw_prf, ours = tallies["raw model"].overall(), tallies["reader"].overall()
        n = sum(tallies["reader"].gold.values())
        print(f"{group:<24}{n:>9}   {three(raw_prf):>18}   {three(ours):>18}")
    for group, tallies in groups.items():
        print(f"\nper label, {group}")
        print(f"{'label':<13}{'gold':>5}   {'raw P / R / F1':>18}   {'reader P / R / F1':>18}")
        labels = sorted(set(tallies["reader"].gold) | set(tallies["reader"].found) | set(tallies["raw model"].found))
        for label in labels:
            cells = []
            for system in ("raw model", "reader"):
                t = tallies[system]
                cells.append(three(prf(t.hits[label], t.found[label], t.gold[label])))
            print(f"{label:<13}{tallies['reader'].gold[label]:>5}   {cells[0]:>18}   {cells[1]:>18}")
    print("\nablation: reader F1 with every rule, and the gain of each rule (F1 with it - F1 without it)")
    names = list(groups)
    print(f"{'rule':<15}" + "".join(f"{g:>22}" for g in names))
    full = {g: groups[g]["reader"].overall()[2] for g in names}
    print(f"{'(all rules)':<15}" + "".join(f"{full[g]:>22.3f}" for g in names))
    for rule in RULES:
        without: dict[str, Tally] = {g: Tally() for g in names}
        for group, _, _, body, gold, raw in articles:
            found = normal(body, ((e.start, e.end, e.label) for e in refine(body, raw, off=frozenset({rule}))))
            without[group].add(gold, found)
        print(f"{rule:<15}" + "".join(f"{full[g] - without[g].overall()[2]:>+22.3f}" for g in names))


if __name__ == "__main__":
    main()
