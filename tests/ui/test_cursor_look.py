"""The reading cursor and a highlight are told apart at a glance: in true colour, in the
256 colours of tmux's default terminal, and with NO_COLOR (no colours at all)."""

from rich.color import ColorSystem

from tests.ui.test_article_screen import open_putin


def style_of(view, text: str):
    """The style the view draws the first cell of `text` with."""
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            if segment.text.startswith(text):
                return segment.style
    raise AssertionError(f"{text!r} is not on screen")


def grey(color) -> bool:
    r, g, b = color.get_truecolor()
    return max(r, g, b) - min(r, g, b) <= 12


async def test_cursor_and_yellow_highlight_differ_in_true_colour_and_256_colours(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("h", "j")  # the first sentence highlighted (yellow), the cursor on the second
        highlight, cursor = style_of(view, "According"), style_of(view, "This was")
        assert app.services.store.highlights.all()[0].color == "yellow"
        assert grey(cursor.bgcolor) and not grey(highlight.bgcolor)
        assert cursor.bold and not highlight.bold
        eight_bit = [s.bgcolor.downgrade(ColorSystem.EIGHT_BIT) for s in (cursor, highlight)]
        assert eight_bit[0] != eight_bit[1] and grey(eight_bit[0]) and not grey(eight_bit[1])
        await pilot.press("k")  # the cursor on the highlight: both show
        both = style_of(view, "According")
        assert both.bgcolor == highlight.bgcolor and both.bold


async def test_with_no_color_highlights_are_underlined_and_the_cursor_is_bold(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_putin(app, pilot)
        await pilot.press("h", "j")
        highlight, cursor = style_of(view, "According"), style_of(view, "This was")
        assert highlight.underline and not cursor.underline
        assert cursor.bold and not highlight.bold
