"""Where a highlight sits in an article: W3C Web Annotation selectors, and finding the
passage again after the article's file has changed.

Compared with Hypothesis (fuzzy fallback with no minimum score, which re-attaches notes to
look-alike passages, worst for short quotes): the fuzzy match here must pass a minimum
quote similarity that is stricter the shorter the quote, short quotes also need their
context to agree, and when in doubt the highlight becomes an orphan: kept, never moved."""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix kept with a quote


def selectors(body: str, start: int, end: int) -> list[dict]:
    """TextQuoteSelector and TextPositionSelector for body[start:end]."""
    return [
        {
            "type": "TextQuoteSelector",
            "exact": body[start:end],
            "prefix": body[max(start - CONTEXT, 0) : start],
            "suffix": body[end : end + CONTEXT],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def quote_of(target: list[dict]) -> dict:
    return next(s for s in target if s["type"] == "TextQuoteSelector")


def position_of(target: list[dict]) -> dict:
    return next(s for s in target if s["type"] == "TextPositionSelector")


@dataclass(frozen=True)
class Placement:
    status: str  # "exact" (unchanged), "moved" (quote found elsewhere), "fuzzy" (similar text), "orphan"
    start: int = -1
    end: int = -1
    similarity: float = 0.0


def min_similarity(length: int) -> float:
    """The least quote similarity a fuzzy match needs: 0.75 for quotes of 40 characters or
    more, rising to 0.95 for the shortest."""
    return 0.75 + 0.20 * max(0, 40 - length) / 40


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100


def _context_score(body: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around [start, end) matches the stored prefix and suffix (0..1)."""
    scores = []
    if prefix:
        scores.append(_ratio(prefix, body[max(start - len(prefix), 0) : start]))
    if suffix:
        scores.append(_ratio(suffix, body[end : end + len(suffix)]))
    return sum(scores) / len(scores) if scores else 1.0


def reanchor(body: str, target: list[dict]) -> Placement:
    quote, position = quote_of(target), position_of(target)
    exact, prefix, suffix = quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")
    old_start, old_end = position["start"], position["end"]
    if not exact:
        return Placement("orphan")
    # 1. same place, same text
    if body[old_start:old_end] == exact:
        return Placement("exact", old_start, old_end, 1.0)
    # 2. the exact quote elsewhere: context picks among repeats, then nearness
    hits = []
    index = body.find(exact)
    while index != -1:
        hits.append(index)
        index = body.find(exact, index + 1)
    if hits:
        best = max(hits, key=lambda s: (round(_context_score(body, s, s + len(exact), prefix, suffix), 2), -abs(s - old_start)))
        return Placement("moved", best, best + len(exact), 1.0)
    # 3. an approximate match, held to a minimum that is stricter for short quotes
    if len(exact) < 8:
        return Placement("orphan")
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(exact, body)
    if alignment is None:
        return Placement("orphan")
    start, end = alignment.dest_start, alignment.dest_end
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    similarity = _ratio(exact, body[start:end])
    needed = min_similarity(len(exact))
    context = _context_score(body, start, end, prefix, suffix)
    if similarity < needed:
        return Placement("orphan")
    if len(exact) < 40 and context < 0.5:  # a short look-alike in another context: not ours
        return Placement("orphan")
    distance = abs(start - old_start) / max(len(body), 1)
    score = (50 * similarity + 20 * context + 2 * (1 - distance)) / 72
    if score < 0.7:
        return Placement("orphan")
    return Placement("fuzzy", start, end, similarity)


def place_highlights(store, article) -> list[dict]:
    """Re-anchor the article's highlights made on another version of its text; returns
    the article's highlights, each with its current "start", "end" and "status"."""
    placed = []
    for doc in store.highlights(article.id):
        if doc["fingerprint"] == article.fingerprint:
            placed.append(doc)
            continue
        where = reanchor(article.body, doc["target"])
        if where.status == "orphan":
            changes = {"status": "orphan"}  # the quote and old target are kept as they were
        else:
            changes = {
                "start": where.start, "end": where.end, "status": where.status,
                "fingerprint": article.fingerprint, "target": selectors(article.body, where.start, where.end),
            }
        try:
            doc = store.update_highlight(doc["id"], record=False, **changes)
        except Exception as error:  # read-only or a full disk: place it for now, save later
            from reader.core.store import StoreError

            if not isinstance(error, (StoreError, OSError)):
                raise
            doc = {**doc, **changes}
        placed.append(doc)
    return placed
