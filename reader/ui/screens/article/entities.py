"""The article screen's entities: found off the UI, coloured, counted in the legend, listed
in the entity panel (whose messages the screen hands here), and corrected (`L`) through the
app's one save path."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.style import Style

from reader.core.entities import Entity, Group, ModelUnavailable, group_entities, user_labelled
from reader.core.library import Article
from reader.ui.messages import OpenArticle
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.legend import Legend
from reader.ui.widgets.styling import label_colour, label_colours

if TYPE_CHECKING:
    from reader.services import Services
    from reader.ui.widgets.article_view import ArticleView


class Entities:
    """Made by the article screen; `article()` is the article shown (None while it loads)."""

    def __init__(self, screen, view: ArticleView, panel: EntityPanel, legend: Legend) -> None:
        self.screen, self.view, self.panel, self.legend = screen, view, panel, legend
        self.found: list[Entity] = []

    @property
    def app(self):  # a ReaderApp: services, saving, hidden_labels
        return self.screen.app

    @property
    def services(self) -> Services:
        return self.app.services

    @property
    def article(self) -> Article | None:
        return self.screen.article

    def find(self, article: Article) -> None:
        """Cached entities come back at once; otherwise the model runs, off the UI."""
        self.screen.run_worker(
            lambda: self._find(article), thread=True, exclusive=True, group="entities", exit_on_error=False
        )

    def _find(self, article: Article) -> None:
        try:
            found = self.services.entities.of(article)
        except ModelUnavailable as error:
            self.app.call_from_thread(self.legend.off, str(error))
            return
        self.app.call_from_thread(self.show, article, found)

    def show(self, article: Article, entities: list[Entity]) -> None:
        if self.article is not article:
            return  # the reader has moved on to another article
        self.found = entities
        self.refresh()

    def refresh(self) -> None:
        """Coloured, counted and listed again (hidden labels, the theme: dark or light)."""
        hidden = self.app.hidden_labels
        colours = label_colours(self.app.current_theme.dark)
        counts = dict(Counter(e.label for e in self.found).most_common())
        styles = {label: Style(color=label_colour(colours, label)) for label in counts if label not in hidden}
        self.view.set_entities(self.found, styles)
        article, entities = self.article, self.found
        self.legend.show_counts(counts, hidden, colours, self._unspoken(article) if not entities else None)

        def groups() -> dict[str, list[Group]]:
            if article is None:
                return {}
            known = self.services.entities  # the user's rules and "here only" corrections
            mine = user_labelled(article.body, entities, known.corrections(), known.mentions(article.id))
            return group_entities(article.body, entities, mine)

        self.panel.show_groups(groups, hidden, colours)

    def _unspoken(self, article: Article | None) -> str | None:
        """The article's language, when no entity model is set for it."""
        try:
            return self.services.entities.unspoken(article) if article else None
        except ModelUnavailable:
            return None

    def jump(self, event: EntityPanel.Jump) -> None:
        spans = event.group.spans
        view = self.view
        anchor = view.cursor_span[0] if view.cursor_span else 0
        if view.matches == spans and view.current_match is not None:
            index = (view.current_match + event.direction) % len(spans)
        elif event.direction > 0:
            index = next((i for i, (s, _) in enumerate(spans) if s > anchor), 0)
        else:
            index = next((i for i in range(len(spans) - 1, -1, -1) if spans[i][0] < anchor), len(spans) - 1)
        view.set_matches(spans, index)
        self.screen.notify(f"{event.group.name}: mention {index + 1} of {len(spans)}", timeout=2)

    def toggle_label(self, label: str) -> None:
        self.app.hidden_labels ^= {label}
        self.refresh()

    def articles(self, group: Group) -> None:
        """The articles that mention the entity; the one chosen opens here."""
        from reader.ui.dialogs import EntityArticles

        def opened(article_id: str | None) -> None:
            if article_id:
                self.screen.post_message(OpenArticle(article_id))

        self.app.push_screen(EntityArticles(group.label, [group.name, *group.aliases]), opened)

    def target(self) -> tuple[int, int, str | None] | None:
        """(start, end, its label now) of what `L` corrects: the entity under the panel's
        cursor when the panel has the focus, else the selection, else the entity just jumped
        to, else the first entity in the cursor's sentence."""
        article, view = self.article, self.view
        if article is None:
            return None
        group = getattr(self.panel.cursor_node, "data", None) if self.panel.has_focus else None
        if isinstance(group, Group) and group.spans:  # the one on the panel's cursor, by its name
            named = [s for s in group.spans if article.body[s[0] : s[1]] == group.name] or group.spans
            return named[0][0], named[0][1], group.label
        selection = view.selection
        if selection:
            start, end = selection
            text = article.body[start:end]
            start, end = start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
            same = [e for e in self.found if e.text(article.body) == article.body[start:end]]
            return start, end, same[0].label if same else None
        inside: list[Entity] = []
        if view.matches and view.current_match is not None:
            inside = view.entities_in(*view.matches[view.current_match])
        if not inside and view.cursor_span:
            inside = view.entities_in(*view.cursor_span)
        return (inside[0].start, inside[0].end, inside[0].label) if inside else None

    def correct(self) -> None:
        from reader.ui.dialogs import NOT_AN_ENTITY, REMOVE_RULE, LabelPicker

        target, store = self.target(), self.services.store
        if target is None or self.article is None:
            self.screen.notify("No entity here: select a passage (shift+↓) or move to a sentence with one.", timeout=4)
            return
        start, end, current = target
        article_id, body = self.article.id, self.article.body
        text = body[start:end]
        if "\n" in text:
            self.screen.notify("An entity cannot span a line break.", severity="warning", timeout=4)
            return
        mention = any((d["start"], d["end"]) == (start, end) for d in store.corrections.mentions(article_id))

        def chosen(answer: tuple[str, bool] | None) -> None:
            if answer is None:
                return
            choice, here_only = answer
            label = None if choice == NOT_AN_ENTITY else choice
            with self.app.saving() as attempt:
                if here_only and choice == REMOVE_RULE:
                    store.corrections.remove_mention(article_id, start, end)
                elif here_only:
                    store.corrections.set_mention(article_id, body, start, end, label)
                elif choice == REMOVE_RULE:
                    store.corrections.remove_rule(text)
                else:
                    store.corrections.set_rule(text, label)
            if not attempt.ok:
                return
            self.view.clear_selection()
            if self.article is not None:
                self.find(self.article)

        self.app.push_screen(LabelPicker(text, current, text in store.corrections.rules(), mention), chosen)
