"""Baseline for the start-up benchmark: a bare Textual app with a header, a table and a
footer, showing two rows, as reader's library does."""

from textual.app import App
from textual.widgets import DataTable, Footer, Header


class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Date", "Title")
        table.add_row("2021-10-01", "first row")
        table.add_row("", "bare app ready")


if __name__ == "__main__":
    Bare().run()
