"""Reading an article on screen: its sentences, its lines laid out for a width, and moving
through them."""

from reader.core.reading.layout import Line, LineIndex, annotate, layout, wrap
from reader.core.reading.navigation import Navigator
from reader.core.reading.sentences import sentence_spans

__all__ = ["Line", "LineIndex", "Navigator", "annotate", "layout", "sentence_spans", "wrap"]
