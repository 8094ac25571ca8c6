"""Reading one article: header, body with the sentence cursor, find bar, footer."""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.core.articles import Article
from reader.core.sentences import sentence_spans
from reader.core.entities import Entity, Group, ModelUnavailable, group_entities
from reader.ui.screens.entities import NOT_AN_ENTITY, REMOVE_RULE, EntityArticles, LabelPicker
from reader.core.anchoring import place_highlights
from reader.core.store import ReadOnlyError, StoreError
from reader.ui.screens.annotate import NoteEditor, TagDialog
from reader.ui.widgets.annotations_panel import AnnotationsPanel
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.find_bar import FindBar
from reader.ui.widgets.styling import HIGHLIGHT_ORDER, highlight_styles, label_colour, label_colours


def find_all(body: str, query: str) -> list[tuple[int, int]]:
    if not query:
        return []
    return [m.span() for m in re.finditer(re.escape(query), body, re.IGNORECASE)]


class ArticleScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="article.back"),
        Binding("slash", "find", "Find", id="article.find"),
        Binding("f", "find_step(1)", "Next match", show=False, id="article.find_next"),
        Binding("F", "find_step(-1)", "Previous match", show=False, id="article.find_previous"),
        Binding("h", "highlight", "Highlight", id="article.highlight"),
        Binding("c", "colour", "Colour", show=False, id="article.colour"),
        Binding("t", "tags", "Tags", id="article.tags"),
        Binding("n", "note", "Note", id="article.note"),
        Binding("x", "delete_highlight", "Delete highlight", show=False, id="article.delete_highlight"),
        Binding("u", "undo", "Undo", show=False, id="article.undo"),
        Binding("greater_than_sign", "next_highlight(1)", "Next highlight", show=False, id="article.next_highlight"),
        Binding("less_than_sign", "next_highlight(-1)", "Previous highlight", show=False, id="article.previous_highlight"),
        Binding("A", "annotations_panel", "Annotations", show=False, id="article.annotations"),
        Binding("E", "export", "Export to Markdown", show=False, id="article.export"),
        Binding("o", "open_url", "Open in browser", show=False, id="article.open_url"),
        Binding("right_square_bracket", "sibling(1)", "Next article", id="article.next_article"),
        Binding("left_square_bracket", "sibling(-1)", "Previous article", show=False, id="article.previous_article"),
        Binding("e", "entity_panel", "Entities", id="article.entities"),
        Binding("L", "correct_entity", "Correct entity", show=False, id="article.correct_entity"),
    ]

    def __init__(self, article_id: str, order: list[str], at: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.at = at  # a body offset to put the cursor on once the article is in
        self.highlights: list[dict] = []
        self.order = order
        self.article: Article | None = None
        self.matches: list[tuple[int, int]] = []
        self.current_match: int | None = None
        self.find_origin = 0
        self.entities: list[Entity] = []
        self.groups: dict[str, list[Group]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="article-header"):
            yield Static(id="article-title")
            yield Static(id="article-progress")
        yield Static(id="legend")
        with Horizontal(id="article-body"):
            yield ArticleView(id="article-view", text_width=self.app.services.config.text_width)
            yield EntityPanel(id="entity-panel")
            yield AnnotationsPanel(id="annotations-panel")
        yield FindBar(id="find-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FindBar).display = False
        self.query_one(EntityPanel).display = False
        self.query_one(AnnotationsPanel).display = False
        self.query_one(ArticleView).focus()
        self.load(self.article_id)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load(self, article_id: str) -> None:
        article = self.app.services.library.load(article_id)
        spans = sentence_spans(article)
        self.app.call_from_thread(self.show, article, spans)

    def show(self, article: Article, spans: list[tuple[int, int]]) -> None:
        self.article = article
        self.article_id = article.id
        self.title = article.title
        self.view.show_article(article, spans)
        try:
            self.app.services.store.mark_read(article.id)
        except ReadOnlyError:
            pass  # kept in memory; the read-only notice below says why nothing is saved
        except (StoreError, OSError) as error:  # disk full...: keep reading, say so
            self.notify(f"Could not save the read state: {getattr(error, 'strerror', None) or error}",
                        severity="error", timeout=8)
        self.matches, self.current_match = [], None
        if self.query_one(FindBar).text:
            self._find(self.query_one(FindBar).text)
        self.update_header()
        for warning in article.warnings:
            self.notify(f"{article.id}: {warning}", severity="warning", timeout=6)
        self.entities, self.groups = [], {}
        self.query_one("#legend", Static).update(Text("finding entities…", style="dim italic"))
        self.find_entities(article)
        self.show_highlights(place=True)
        if self.at is not None:
            self.view.set_cursor(self.view.sentence_at(self.at))
            self.at = None
        if self.app.services.store.read_only:
            self.notify("Another reader is using the database: this one is read-only.", severity="warning", timeout=6)

    # --- highlights ---
    def show_highlights(self, place: bool = False) -> None:
        store = self.app.services.store
        article = self.article
        if article is None:
            return
        self.highlights = place_highlights(store, article) if place else store.highlights(article.id)
        self.view.set_highlights(self.highlights, highlight_styles(self.app.current_theme.dark))
        self.query_one(AnnotationsPanel).show_highlights(self.highlights)

    def save(self, change, done: str | None = None):
        """Run a store change; a read-only database or a full disk gets a message."""
        try:
            result = change()
        except (StoreError, OSError) as error:
            self.notify(f"Not saved: {getattr(error, 'strerror', None) or error}", severity="error", timeout=8)
            return None
        self.show_highlights()
        if done:
            self.notify(done, timeout=2)
        try:
            self.app.services.auto_export(self.article_id)
        except Exception as error:  # the highlight is saved; only the extra copy failed
            self.notify(f"Auto-export failed: {error}", severity="warning", timeout=6)
        return result

    def action_export(self) -> None:
        try:
            written = self.app.services.export_articles([self.article_id])
        except Exception as error:
            self.notify(f"Export failed: {error}", severity="error", timeout=8)
            return
        if not written:
            self.notify("Nothing to export: this article has no highlights yet.", timeout=3)
            return
        self.notify(f"Exported to {written[0]}", timeout=8)

    def action_open_url(self) -> None:
        self.app.open_in_browser(self.article.url if self.article else None)

    def highlight_here(self) -> dict | None:
        """The highlight under the cursor (or the selection); if none, say so."""
        span = self.view.selection or self.view.cursor_span
        found = self.view.highlights_in(*span) if span else []
        if not found:
            self.notify("No highlight here (h makes one).", timeout=3)
            return None
        return found[0]

    def action_highlight(self) -> None:
        article = self.article
        span = self.view.selection or self.view.cursor_span
        if article is None or span is None:
            return
        start, end = span
        self.save(lambda: self.app.services.store.add_highlight(article.id, article.fingerprint, article.body, start, end))
        self.view.clear_selection()

    def action_colour(self) -> None:
        doc = self.highlight_here()
        if doc is None:
            return
        colour = HIGHLIGHT_ORDER[(HIGHLIGHT_ORDER.index(doc["color"]) + 1) % len(HIGHLIGHT_ORDER)] if doc["color"] in HIGHLIGHT_ORDER else HIGHLIGHT_ORDER[0]
        self.save(lambda: self.app.services.store.update_highlight(doc["id"], color=colour))

    def action_tags(self) -> None:
        doc = self.highlight_here()
        if doc is None:
            return
        store = self.app.services.store

        def chosen(tags: list[str] | None) -> None:
            if tags is not None and tags != doc["tags"]:
                self.save(lambda: store.update_highlight(doc["id"], tags=tags))

        self.app.push_screen(TagDialog(doc["target"][0]["exact"], doc["tags"], store.tags()), chosen)

    def action_note(self) -> None:
        doc = self.highlight_here()
        if doc is None:
            return

        def written(note: str | None) -> None:
            if note is not None and note != doc["note"]:
                self.save(lambda: self.app.services.store.update_highlight(doc["id"], note=note), "Note saved")

        self.app.push_screen(NoteEditor(doc["target"][0]["exact"], doc["note"]), written)

    def action_delete_highlight(self) -> None:
        doc = self.highlight_here()
        if doc is None:
            return
        self.save(lambda: self.app.services.store.delete_highlight(doc["id"]), "Highlight deleted (u undoes)")

    def action_undo(self) -> None:
        undone = self.save(lambda: self.app.services.store.undo())
        if undone is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        what, doc = undone
        self.notify(f"Undid {'the new highlight' if what == 'create' else 'the ' + what}", timeout=2)
        if doc["article"] != self.article_id:
            self.app.open_article(doc["article"], at=doc["start"])

    def action_next_highlight(self, direction: int) -> None:
        attached = self.view.highlights
        if not attached:
            self.notify("No highlights in this article.", timeout=2)
            return
        here = self.view.cursor_span[1] if direction > 0 else self.view.cursor_span[0]
        if direction > 0:
            target = next((h for h in attached if h["start"] >= here), attached[0])
        else:
            target = next((h for h in reversed(attached) if h["end"] <= here), attached[-1])
        self.view.set_cursor(self.view.sentence_at(target["start"]))

    def action_annotations_panel(self) -> None:
        self.toggle_panel(self.query_one(AnnotationsPanel))

    def toggle_panel(self, panel) -> None:
        """Show a side panel and focus it; from the panel itself, hide it again."""
        if panel.display and panel.has_focus:
            panel.display = False
            self.view.focus()
        else:
            panel.display = True
            panel.focus()

    @on(AnnotationsPanel.Jump)
    def _annotation_jump(self, event: AnnotationsPanel.Jump) -> None:
        doc = next((h for h in self.highlights if h["id"] == event.highlight_id), None)
        if doc is None:
            return
        if doc["status"] == "orphan":
            self.notify("This highlight's text is no longer in the article; its quote and note are kept.", timeout=5)
            return
        self.view.set_cursor(self.view.sentence_at(doc["start"]))


    # --- entities ---
    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def find_entities(self, article: Article) -> None:
        """Cached entities come back at once; otherwise the model runs here, off the UI."""
        try:
            found = self.app.services.entities.of(article)
        except ModelUnavailable as error:
            self.app.call_from_thread(self.entities_off, str(error))
            return
        self.app.call_from_thread(self.show_entities, article, found)

    def entities_off(self, reason: str) -> None:
        self.query_one("#legend", Static).update(Text(f"Entities are off: {reason}", style="italic"))

    def show_entities(self, article: Article, entities: list[Entity]) -> None:
        if self.article is not article:
            return  # the reader has moved on to another article
        self.entities = entities
        self.groups = group_entities(article.body, entities)
        self.refresh_entities()

    def refresh_entities(self) -> None:
        hidden = self.app.hidden_labels
        colours = label_colours(self.app.current_theme.dark)
        styles = {label: Style(color=label_colour(colours, label)) for label in self.groups if label not in hidden}
        self.view.set_entities(self.entities, styles)
        legend = Text()
        for label, groups in self.groups.items():
            count = sum(len(g.spans) for g in groups)
            if label in hidden:
                legend.append(f"{label} {count}", style="dim strike")
            else:
                legend.append(label, style=f"bold {label_colour(colours, label)}")
                legend.append(f" {count}", style="dim")
            legend.append("  ")
        if not self.groups:
            legend.append("no entities found", style="dim italic")
        else:
            legend.append("· e: entity panel", style="dim")
        self.query_one("#legend", Static).update(legend)
        self.query_one(EntityPanel).show_groups(self.groups, hidden, colours)

    def action_entity_panel(self) -> None:
        self.toggle_panel(self.query_one(EntityPanel))

    @on(EntityPanel.Jump)
    def _jump(self, event: EntityPanel.Jump) -> None:
        spans = event.group.spans
        anchor = self.view.cursor_span[0] if self.view.cursor_span else 0
        if self.matches == spans and self.current_match is not None:
            index = (self.current_match + event.direction) % len(spans)
        elif event.direction > 0:
            index = next((i for i, (s, _) in enumerate(spans) if s > anchor), 0)
        else:
            index = next((i for i in range(len(spans) - 1, -1, -1) if spans[i][0] < anchor), len(spans) - 1)
        self.matches, self.current_match = spans, index
        self.view.set_matches(spans, index)
        self.notify(f"{event.group.name}: mention {index + 1} of {len(spans)}", timeout=2)

    @on(EntityPanel.Closed)
    @on(AnnotationsPanel.Closed)
    def _panel_closed(self) -> None:
        self.view.focus()

    @on(EntityPanel.ToggleLabel)
    def _toggle_label(self, event: EntityPanel.ToggleLabel) -> None:
        self.app.hidden_labels ^= {event.label}
        self.refresh_entities()

    @on(EntityPanel.Articles)
    def _articles(self, event: EntityPanel.Articles) -> None:
        group = event.group

        def opened(article_id: str | None) -> None:
            if article_id:
                self.app.open_article(article_id)

        self.app.push_screen(EntityArticles(group.label, [group.name, *group.aliases]), opened)

    def correction_target(self) -> tuple[str, str | None] | None:
        """(text, its label now) that `L` corrects: the selection, else the entity just
        jumped to, else the first entity in the cursor's sentence."""
        article = self.article
        if article is None:
            return None
        selection = self.view.selection
        if selection:
            text = article.body[selection[0] : selection[1]].strip()
            same = [e for e in self.entities if e.text(article.body) == text]
            return text, same[0].label if same else None
        if self.matches and self.current_match is not None:
            start, end = self.matches[self.current_match]
            inside = self.view.entities_in(start, end)
            if inside:
                return inside[0].text(article.body), inside[0].label
        span = self.view.cursor_span
        inside = self.view.entities_in(*span) if span else []
        if inside:
            return inside[0].text(article.body), inside[0].label
        return None

    def action_correct_entity(self) -> None:
        target = self.correction_target()
        if target is None:
            self.notify("No entity here: select a passage (shift+↓) or move to a sentence with one.", timeout=4)
            return
        text, current = target
        store = self.app.services.store
        if "\n" in text:
            self.notify("An entity cannot span a line break.", severity="warning", timeout=4)
            return

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            try:
                if choice == REMOVE_RULE:
                    store.remove_correction(text)
                else:
                    store.set_correction(text, None if choice == NOT_AN_ENTITY else choice)
            except OSError as error:
                self.notify(f"Could not save the correction: {error.strerror or error}", severity="error")
                return
            self.view.clear_selection()
            if self.article is not None:
                self.find_entities(self.article)

        self.app.push_screen(LabelPicker(text, current, text in store.corrections()), chosen)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            message = f"Cannot open {self.article_id}: {event.worker.error}"
            if self.article is None:  # nothing to show: back to the library, and say why there
                self.dismiss()
                self.app.call_after_refresh(self.app.notify, message, severity="error", timeout=8)
            else:
                self.notify(message, severity="error", timeout=8)

    def update_header(self) -> None:
        article = self.article
        if article is None:
            return
        words = article.words
        minutes = max(1, round(words / self.app.services.config.words_per_minute))
        text = Text()
        text.append(article.title, style="bold")
        text.append("\n")
        details = [article.site_name, article.author or "", article.date.isoformat() if article.date else "",
                   f"{words:,} words", f"{minutes} min read"]
        text.append(" · ".join(d for d in details if d), style="dim")
        if article.warnings:
            text.append("  ⚠ " + "; ".join(article.warnings), style="bold")
        self.query_one("#article-title", Static).update(text)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        # Only this small fixed-size label changes as the cursor moves: no re-layout.
        percent = f"{round(100 * (event.sentence + 1) / event.total)}%" if event.total else ""
        self.query_one("#article-progress", Static).update(percent, layout=False)

    # --- find ---
    def action_find(self) -> None:
        span = self.view.cursor_span
        self.find_origin = span[0] if span else 0  # matches are counted from here while typing
        self.query_one(FindBar).open()

    def _find(self, query: str) -> None:
        if self.article is None:
            return
        self.matches = find_all(self.article.body, query)
        following = [i for i, (start, _) in enumerate(self.matches) if start >= self.find_origin]
        self.current_match = (following[0] if following else 0) if self.matches else None
        self.view.set_matches(self.matches, self.current_match)
        self.query_one(FindBar).show_count(self.current_match, len(self.matches))

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        self._find(event.query)

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self.action_find_step(event.delta)

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.view.focus()

    def action_find_step(self, delta: int) -> None:
        if not self.matches:
            return
        self.current_match = ((self.current_match or 0) + delta) % len(self.matches)
        self.view.set_matches(self.matches, self.current_match)
        self.query_one(FindBar).show_count(self.current_match, len(self.matches))

    # --- navigation ---
    def action_back(self) -> None:
        if self.view.clear_selection():
            return
        if self.matches:
            self.matches, self.current_match = [], None
            self.view.set_matches([], None)
            return
        self.dismiss()

    def action_sibling(self, delta: int) -> None:
        if self.article_id not in self.order:
            return
        index = self.order.index(self.article_id) + delta
        if not 0 <= index < len(self.order):
            self.notify("No more articles that way.", timeout=2)
            return
        self.article_id = self.order[index]
        self.load(self.article_id)
