"""Baseline for the triage key bench: a bare Textual app of the library's shape (a filter
input, a list of 20,000 rows drawn with the Line API, a status line, a footer, a drawer of
views over the list; the footer a plain line, as Textual's own Footer remounts a widget per key at
every focus change) whose keys change the screen as reader's do but do none of its work:
`/` focuses the input, letters go into it and narrow nothing, enter goes back to the list,
`v` opens the drawer, `j` moves in it, enter closes it and puts the list back at the top."""

from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, OptionList, Static

ROWS = 20_000


class Rows(ScrollView, can_focus=True):
    BINDINGS = [Binding("j", "move(1)", "Down"), Binding("k", "move(-1)", "Up")]
    cursor = 0

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, ROWS)

    def action_move(self, delta: int) -> None:
        self.cursor = min(max(self.cursor + delta, 0), ROWS - 1)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        text = f" ●  2026-01-{row % 28 + 1:02d}  site {row % 40:<12} Article number {row:,} of the bare list"
        style = self.rich_style + Style(reverse=row == self.cursor)
        return Strip([Segment(text.ljust(self.size.width)[: self.size.width], style)])


class BareKeys(App):
    CSS = """
    #views-drawer { layer: overlay; dock: right; width: 64; height: auto; margin: 4 1 0 0;
                    border: round $primary; background: $surface; padding: 0 1; display: none; }
    #status, #footer { height: 1; background: $panel; }
    """
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("v", "views", "Views"),
        Binding("j", "views_down", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self):
        yield Input(placeholder="filter", id="filter")
        yield Rows(id="rows")
        yield Static("Inbox · 20,000 articles · 10,000 unread", id="status")
        with Vertical(id="views-drawer"):
            yield OptionList(*[f"View {n:<10} 2,000   1,000 unread" for n in range(8)], id="views")
        yield Static(" / Filter  v Views  q Quit", id="footer")  # one line: Textual's Footer remounts its keys

    def on_mount(self) -> None:
        self.query_one(Rows).focus()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self) -> None:
        self.query_one(Rows).focus()

    def action_views(self) -> None:
        self.query_one("#views-drawer").display = True
        self.query_one(OptionList).focus()

    def action_views_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def on_option_list_option_selected(self) -> None:
        self.query_one("#views-drawer").display = False
        rows = self.query_one(Rows)
        rows.scroll_to(y=0, animate=False)
        rows.focus()


if __name__ == "__main__":
    BareKeys().run()
