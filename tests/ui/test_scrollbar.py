"""The quick scrollbar looks and works as Textual's: the same cells at every position and
state, and a click above or below the thumb scrolls."""

from rich.segment import Segment
from textual.app import App
from textual.containers import Horizontal
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.ui.widgets.scrollbar import QuickScrollBar, QuickScrollbars


class Lines(ScrollView):
    DEFAULT_CSS = "Lines { width: 1fr; height: 1fr; }"

    def on_mount(self) -> None:
        self.virtual_size = Size(20, 1000)

    def render_line(self, y: int) -> Strip:
        return Strip([Segment(f"line {round(self.scroll_y) + y}")])


class QuickLines(QuickScrollbars, Lines):
    pass


class Both(App):
    def compose(self):
        with Horizontal():
            yield Lines()
            yield QuickLines()


def cells(strips: list[Strip]) -> list[tuple]:
    """What a terminal shows: each cell's character, colours and reverse."""
    return [
        (char, style.color, style.bgcolor, bool(style.reverse))
        for strip in strips
        for text, style, _ in strip
        for char in text
        if style is not None
    ]


async def test_the_quick_scrollbar_draws_the_cells_textuals_draws():
    app = Both()
    async with app.run_test(size=(60, 24)) as pilot:
        plain, quick = app.query_one(Lines), app.query_one(QuickLines)
        assert isinstance(quick.vertical_scrollbar, QuickScrollBar)
        assert type(plain.vertical_scrollbar) is not QuickScrollBar
        for y in (0, 1, 7, 333, 500.5, 977, 1000):
            plain.scroll_to(y=y, animate=False)
            quick.scroll_to(y=y, animate=False)
            await pilot.pause()
            for hover in (False, True):
                plain.vertical_scrollbar.mouse_over = quick.vertical_scrollbar.mouse_over = hover
                size = quick.vertical_scrollbar.size
                assert size == plain.vertical_scrollbar.size and size.height > 10
                region = Region(0, 0, size.width, size.height)
                drawn = quick.vertical_scrollbar.render_lines(region)
                assert cells(drawn) == cells(plain.vertical_scrollbar.render_lines(region)), (y, hover)
                assert len(drawn) == size.height


async def test_a_click_below_the_quick_thumb_scrolls_down():
    app = Both()
    async with app.run_test(size=(60, 24)) as pilot:
        quick = app.query_one(QuickLines)
        bar = quick.vertical_scrollbar
        await pilot.click(bar, offset=(0, bar.size.height - 2))
        await pilot.pause()
        assert quick.scroll_y > 0


async def test_the_article_list_draws_the_cells_textuals_pipeline_draws(make_app):
    """ArticleList gives its rows straight to the screen: the same cells as through Textual's
    per-line styling, focused or not, at the top or scrolled, cut by the views drawer."""
    from textual.widget import Widget

    from reader.ui.widgets.article_list import ArticleList
    from tests.ui.conftest import settle

    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(app, pilot)
        articles = app.screen.query_one(ArticleList)
        for keys in ((), ("slash",), ("enter", "j"), ("v",)):
            await pilot.press(*keys)
            await pilot.pause()
            for crop in (articles.size.region, Region(3, 0, 40, 1), Region(0, 1, 60, 5)):
                ours = articles.render_lines(crop)
                articles._styles_cache.clear()
                textuals = Widget.render_lines(articles, crop)
                assert cells(ours) == cells(textuals) and len(ours) == crop.height, (keys, crop)
