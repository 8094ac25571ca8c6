"""Finding a highlight's passage again after its article's text has changed: text and
selectors in, position and status out (nothing here knows about storage).

Compared with Hypothesis (fuzzy fallback with no minimum score, which re-attaches notes to
look-alike passages, worst for short quotes): the fuzzy match here must pass a minimum
quote similarity that is stricter the shorter the quote, short quotes also need their
context to agree, and when in doubt the highlight becomes an orphan: kept, never moved."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.highlight import Quote, Status


@dataclass(frozen=True)
class Placement:
    status: Status
    start: int = -1
    end: int = -1
    similarity: float = 0.0


def min_similarity(length: int) -> float:
    """The least quote similarity a fuzzy match needs: 0.75 for quotes of 40 characters or
    more, rising to 0.95 for the shortest."""
    return 0.75 + 0.20 * max(0, 40 - length) / 40


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz  # imported when needed: it takes 0.1 s

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


def reanchor(body: str, quote: Quote, position: tuple[int, int]) -> Placement:
    """Where the quoted passage (taken at `position` in an older text) is in `body` now."""
    exact, prefix, suffix = quote.exact, quote.prefix, quote.suffix
    old_start, old_end = position
    if not exact:
        return Placement(Status.ORPHAN)
    # 1. same place, same text
    if body[old_start:old_end] == exact:
        return Placement(Status.EXACT, old_start, old_end, 1.0)
    # 2. the exact quote elsewhere: context picks among repeats, then nearness
    hits = []
    index = body.find(exact)
    while index != -1:
        hits.append(index)
        index = body.find(exact, index + 1)
    if hits:
        best = max(
            hits, key=lambda s: (round(_context_score(body, s, s + len(exact), prefix, suffix), 2), -abs(s - old_start))
        )
        return Placement(Status.MOVED, best, best + len(exact), 1.0)
    # 3. an approximate match, held to a minimum that is stricter for short quotes
    if len(exact) < 8:
        return Placement(Status.ORPHAN)
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(exact, body)
    if alignment is None:
        return Placement(Status.ORPHAN)
    start, end = alignment.dest_start, alignment.dest_end
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    similarity = _ratio(exact, body[start:end])
    needed = min_similarity(len(exact))
    context = _context_score(body, start, end, prefix, suffix)
    if similarity < needed:
        return Placement(Status.ORPHAN)
    if len(exact) < 40 and context < 0.5:  # a short look-alike in another context: not ours
        return Placement(Status.ORPHAN)
    distance = abs(start - old_start) / max(len(body), 1)
    score = (50 * similarity + 20 * context + 2 * (1 - distance)) / 72
    if score < 0.7:
        return Placement(Status.ORPHAN)
    return Placement(Status.FUZZY, start, end, similarity)
