"""Finding a highlight's passage again after its article's text has changed: text and
selectors in, position and status out (nothing here knows about storage).

Compared with Hypothesis (fuzzy fallback with no minimum score, which re-attaches notes to
look-alike passages, worst for short quotes): the fuzzy match here must pass a minimum
quote similarity that is stricter the shorter the quote, short quotes also need their
context to agree, and when in doubt the highlight becomes an orphan: kept, never moved."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.notes.highlight import CONTEXT, Quote, Status


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
    # 2. the exact quote elsewhere, with its ends where words end as they did ("lon kan" is
    # not found in "epsilon kan"): context picks among repeats, then nearness
    cut_start = bool(prefix) and prefix[-1].isalnum() and exact[0].isalnum()  # the quote began mid-word
    cut_end = bool(suffix) and suffix[0].isalnum() and exact[-1].isalnum()
    hits = []
    index = body.find(exact)
    while index != -1:
        after = index + len(exact)
        if (cut_start or index == 0 or not (body[index - 1].isalnum() and exact[0].isalnum())) and (
            cut_end or after == len(body) or not (body[after].isalnum() and exact[-1].isalnum())
        ):
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
    span = _align_words(body, quote, alignment.dest_start, alignment.dest_end)
    if span is None:
        return Placement(Status.ORPHAN)
    start, end = span
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


_WORD = re.compile(r"\S+")


def _align_words(body: str, quote: Quote, near_start: int, near_end: int) -> tuple[int, int] | None:
    """The passage of `body` that the quoted passage became, given a rough region of the
    quote's length. Word by word, the quote with its prefix and suffix is aligned with the
    region: each end of the passage lands where the quote's edge word matches, or, if that
    word was changed or deleted, between the nearest matching words around it, so the span
    has the passage's new length and new words just outside it stay outside."""
    from difflib import SequenceMatcher

    pad = len(quote.exact) // 2 + 2 * CONTEXT
    lo, hi = max(near_start - pad, 0), min(near_end + pad, len(body))
    while lo > 0 and not body[lo - 1].isspace():  # whole words only
        lo -= 1
    while hi < len(body) and not body[hi].isspace():
        hi += 1
    before, inside, after = quote.prefix.split(), quote.exact.split(), quote.suffix.split()
    found = list(_WORD.finditer(body, lo, hi))
    words = [m.group() for m in found]
    matcher = SequenceMatcher(None, before + inside + after, words, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not inside or not any(b.a < len(before) + len(inside) and b.a + b.size > len(before) for b in blocks):
        return None  # not one word of the passage itself is there

    def boundary(i: int, side: str) -> int:
        """Where the boundary before quote word i falls among `words`."""
        for b in blocks:
            if b.a < i < b.a + b.size:
                return b.b + i - b.a
        prev = max((b for b in blocks if b.a + b.size <= i), key=lambda b: b.a, default=None)
        nxt = min((b for b in blocks if b.a >= i), key=lambda b: b.a, default=None)
        gap_start = (prev.a + prev.size, prev.b + prev.size) if prev else None
        gap_end = (nxt.a, nxt.b) if nxt else None
        if side == "start" and gap_end and gap_end[0] == i:  # the first word matched
            return gap_end[1]
        if side == "end" and gap_start and gap_start[0] == i:  # the last word matched
            return gap_start[1]
        if gap_start is None:  # no match before: count back from the next one
            assert gap_end is not None
            return max(gap_end[1] - (gap_end[0] - i), 0)
        if gap_end is None:
            return min(gap_start[1] + (i - gap_start[0]), len(words))
        (a0, w0), (a1, w1) = gap_start, gap_end  # changed words on both sides of the boundary
        if side == "start":
            return w0 + min(i - a0, w1 - w0)
        return w1 - min(a1 - i, w1 - w0)

    start = boundary(len(before), "start")
    end = boundary(len(before) + len(inside), "end")
    if end <= start:
        return None
    return found[start].start(), found[end - 1].end()
