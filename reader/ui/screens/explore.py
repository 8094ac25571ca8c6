"""Explore (`x` in the library): who and what the library (or the current filter) is about,
from the entity cache: the most mentioned entities per label as bars; for the one under the
cursor, the entities that appear with it and its mentions month by month; enter lists its
articles."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.entities.explore import Key, Overview, bar, overview
from reader.core.text import clip, plural
from reader.ui.keys import bindings
from reader.ui.messages import OpenArticle
from reader.ui.plain import plain
from reader.ui.widgets.key_footer import KeyFooter


class ExploreScreen(Screen):
    TITLE = "Explore"
    BINDINGS = bindings("explore")
    AUTO_FOCUS = "#explore-top"

    def __init__(self, article_ids: list[str]) -> None:
        super().__init__()
        self.article_ids = set(article_ids)
        self.overview: Overview | None = None
        self.keys: list[Key] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="explore-body"):
            yield OptionList(id="explore-top")
            yield Static(id="explore-detail")
        yield Static("Reading the entity cache…", id="explore-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.gather()

    @work(thread=True, exclusive=True, group="explore", exit_on_error=False)
    def gather(self) -> None:
        services = self.app.services  # type: ignore[attr-defined]
        items = (
            (entry.id, entry.date, article.body, found)
            for entry, article, found, _ in services.article_entities(compute=False)
            if entry.id in self.article_ids
        )
        self.app.call_from_thread(self.show, overview(items))

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            self._status(f"Entities are off: {event.worker.error}")

    def _status(self, text: str) -> None:
        self.query_one("#explore-status", Static).update(plain(text))

    def show(self, found: Overview) -> None:
        self.overview = found
        listing = self.query_one("#explore-top", OptionList)
        options: list[Option] = []
        self.keys = []
        width = listing.scrollable_content_region.width or self.app.size.width // 2
        if not listing.show_vertical_scrollbar:  # it will show once the rows are in: their room is less by it
            width -= listing.styles.scrollbar_size_vertical
        name_width, bar_width = self._widths(width)
        for label in found.labels():
            top = found.top(label, 8)
            options.append(Option(Text(label, style="bold"), disabled=True))
            most = top[0][1] if top else 0
            for key, count in top:  # one line each, whatever the width: name, bar, counts
                row = Text(f"  {clip(key[1], name_width):<{name_width}} ")
                row.append(f"{bar(count, most, bar_width):<{bar_width + 1}}", style="bold")
                row.append(f"{count:>4} art. {found.mentions[key]:>4}×", style="dim")
                options.append(Option(row, id=f"{len(self.keys)}"))
                self.keys.append(key)
        listing.add_options(options)
        status = f"{plural(found.indexed, 'article')} indexed"
        if found.unindexed:
            status += f"; {plural(found.unindexed, 'article')} not indexed yet: run `reader index` to include them"
        self._status(status + " · enter: its articles")
        if self.keys:
            listing.highlighted = 1

    @staticmethod
    def _widths(width: int) -> tuple[int, int]:
        """(name, bar) cells for a row of the list `width` cells wide: the counts take 15, the
        name up to 24, the bar what is left (4 to 16)."""
        room = max(width - 2 - 1 - 1 - 15, 10)  # indent, spaces, counts
        name = min(24, max(room - 4, 6))
        return name, max(min(room - name, 16), 1)

    @on(OptionList.OptionHighlighted, "#explore-top")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.overview is None or event.option.id is None:
            return
        key = self.keys[int(event.option.id)]
        found = self.overview
        text = Text(f"{key[1]}", style="bold")
        mentions = plural(found.mentions[key], "mention")
        text.append(f"  {key[0]} · {plural(len(found.articles[key]), 'article')} · {mentions}\n", style="dim")
        if found.aliases.get(key):
            text.append(f"also: {', '.join(sorted(found.aliases[key])[:6])}\n", style="dim")
        text.append("\nAppears with (articles together · lift):\n", style="dim")
        together = found.together(key, 10)
        most = max((score for *_, score in together), default=0)
        detail = self.query_one("#explore-detail", Static)
        room = (detail.content_region.width or self.app.size.width // 2) - 2 - 9 - 13  # indent, label, counts
        name_width = min(24, max(room - 4, 6))
        bar_width = max(min(room - name_width - 2, 12), 1)
        for (label, name), shared, lift, score in together:
            text.append(f"  {clip(name, name_width):<{name_width}} {label[:8]:<8} ")
            text.append(f"{bar(round(score * 100), round(most * 100), bar_width):<{bar_width + 1}}", style="bold")
            text.append(f"{shared:>4} · {lift:>4.1f}x\n", style="dim")
        months = found.over_time(key)
        if months:
            text.append("\nMentions over time (articles a month):\n")
            peak = max(n for _, n in months)
            month_bar = max(min((detail.content_region.width or 40) - 2 - 9 - 5, 24), 1)
            for month, n in months[-24:]:
                text.append(f"  {month}  ")
                text.append(f"{bar(n, peak, month_bar):<{month_bar + 1}}", style="bold")
                text.append(f"{n:>4}\n", style="dim")
        else:
            text.append("\nNo dated article mentions it.", style="dim")
        self.query_one("#explore-detail", Static).update(text)

    @on(OptionList.OptionSelected, "#explore-top")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        from reader.ui.dialogs import EntityArticles

        if self.overview is None or event.option.id is None:
            return
        label, name = self.keys[int(event.option.id)]
        names = [name, *sorted(self.overview.aliases[(label, name)])]

        def opened(article_id: str | None) -> None:
            if article_id:
                self.post_message(OpenArticle(article_id))

        self.app.push_screen(EntityArticles(label, names), opened)

    def action_back(self) -> None:
        self.dismiss()
