"""Moving through an article by sentence, paragraph, word and page: where a key takes the
cursor, worked out without a terminal (the view only draws and scrolls), as Textual's
TextArea does with its navigator."""

from __future__ import annotations

import re
from bisect import bisect_right

from reader.core.reading.layout import Line, LineIndex

_NEXT_WORD = re.compile(r"\W*\w+")
_WORD = re.compile(r"\w+")


class Navigator:
    def __init__(self, body: str, spans: list[tuple[int, int]], block_starts: list[int]):
        self.body = body
        self.spans = spans  # the sentences, in order
        self._starts = [start for start, _ in spans]
        self.block_starts = block_starts  # where each paragraph (block) starts

    def clamp(self, sentence: int) -> int:
        return min(max(sentence, 0), max(len(self.spans) - 1, 0))

    def sentence_at(self, offset: int) -> int:
        """The sentence that holds body offset `offset` (or the last one before it)."""
        return max(bisect_right(self._starts, offset) - 1, 0)

    def paragraph(self, cursor: int, delta: int) -> int:
        """The sentence `{`/`}` go to: the first of the previous/next paragraph; going back
        from inside a paragraph first goes to its own start, as editors do."""
        if not self.spans or not self.block_starts:
            return cursor
        starts = self.block_starts
        here = max(bisect_right(starts, self.spans[cursor][0]) - 1, 0)
        if delta < 0 and self.spans[cursor][0] > starts[here]:
            target = here
        else:
            target = min(max(here + delta, 0), len(starts) - 1)
        return self.sentence_at(starts[target]) if target else 0

    def refine(self, start: int, end: int, delta: int) -> int:
        """A selection's new end, one word right or left (never before `start`): `end`
        itself when there is no word that way."""
        if delta > 0:
            match = _NEXT_WORD.match(self.body, end)
            return match.end() if match else end
        ends = [start + m.end() for m in _WORD.finditer(self.body[start:end])]
        earlier = [e for e in ends if e < end]
        return earlier[-1] if earlier else end

    def page(self, lines: list[Line], index: LineIndex, top: int, height: int, delta: int) -> tuple[int, int] | None:
        """(new top line, sentence for the cursor) one page down or up from `top`: the
        first sentence that starts on the new page. None when already at that edge."""
        new_top = min(max(top + delta * height, 0), max(len(lines) - height - 1, 0))
        if new_top == top or not self.spans:
            return None
        line = lines[min(new_top, len(lines) - 1)]
        sentence = self.sentence_at(line.start)
        span = self.spans[sentence]
        if span[1] <= line.start or index.line_of(span[0]) < new_top:
            sentence = self.clamp(sentence + 1)
        return new_top, sentence
