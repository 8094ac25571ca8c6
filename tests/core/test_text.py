"""Labels from outside (file names, titles, reasons) shown on one line: nothing a terminal
acts on gets through, whatever the text."""

import re

from hypothesis import given
from hypothesis import strategies as st

from reader.core.text import inert

NOTHING_ACTIVE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@given(st.text() | st.text(alphabet=st.sampled_from("ab \x1b\n\r\t\x07\x9b\u202e\u2066é漢")))
def test_inert_leaves_nothing_a_terminal_acts_on_and_keeps_plain_text_as_it_is(text):
    shown = inert(text)
    assert not NOTHING_ACTIVE.search(shown.replace("\t", " ")) and len(shown) == len(text)
    if text.isprintable():
        assert shown is text or shown == text
