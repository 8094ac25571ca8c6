"""Rules (`l` in the feeds, or the palette): every rule in order, with how often it fired; add
one (a query and an action), remove one, apply one to the library as it is now (asks with
the count first; `u` takes it back). The rules themselves run in services.rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reader.core.library import QueryError
from reader.core.library.rules import RuleError, rules_of
from reader.core.text import inert, plural
from reader.services import rules, triage
from reader.ui.keys import bindings
from reader.ui.plain import line, plain
from reader.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from reader.ui.workspace import Workspace

COLUMNS = ("#", "Query", "Action", "Feed", "Fired")
NO_RULES = (
    "No rules yet: `a` adds one. A rule is a query, as `/` takes, and what to do with the new articles it "
    "finds as they arrive: skip, read, archive, later, star or tag:NAME."
)


class RulesScreen(Screen[None]):
    TITLE = "Rules"
    BINDINGS = bindings("rules")
    AUTO_FOCUS = "DataTable"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.rows: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Static(id="rules-title")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.fill()

    def fill(self) -> None:
        services = self.app.services
        self.rows = services.store.rules.all()
        problems = rules_of(self.rows)[1]
        titles = rules.feed_titles(services)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for doc in self.rows:
            feed = titles.get(doc.get("feed") or "", doc.get("feed") or "")
            fired = plural(doc.get("fired", 0), "time")
            table.add_row(
                plain(str(doc["n"])),
                line(doc["query"] or "(every article)"),
                line(doc["action"]),
                line(feed),
                plain(fired),
            )
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))
        said = plural(len(self.rows), "rule") + ", run in order on each new article" if self.rows else NO_RULES
        if problems:
            said += f" · {plural(len(problems), 'rule')} no longer reads: {problems[0]}"
        self.query_one("#rules-title", Static).update(plain(said))

    @property
    def current(self) -> dict | None:
        row = self.query_one(DataTable).cursor_row
        return self.rows[row] if self.rows and 0 <= row < len(self.rows) else None

    def action_add(self) -> None:
        from reader.ui.dialogs import RuleDialog, keep_rule

        def kept(answer: tuple[str, str] | None) -> None:
            if keep_rule(self.app, answer):
                self.fill()

        self.app.push_screen(RuleDialog(), kept)

    def action_remove(self) -> None:
        from reader.ui.dialogs import Confirm

        rule = self.current
        if rule is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                with self.app.saving(f"Removed rule {rule['n']}"):
                    self.app.services.store.rules.remove(rule["n"])
                self.fill()

        self.app.push_screen(Confirm(f"Remove rule {rule['n']} ({inert(rule['query'])} → {rule['action']})?"), answer)

    def action_apply(self) -> None:
        from reader.ui.dialogs import Confirm

        rule = self.current
        if rule is None or not self.workspace.ready:
            return
        services = self.app.services
        try:
            found, matched = rules.matches(services, rule["n"])
        except (QueryError, RuleError) as error:
            self.notify(f"Rule {rule['n']} cannot run: {inert(str(error))}", severity="warning", timeout=6)
            return
        if not matched:
            self.notify(f"Rule {rule['n']} finds no article in the library now.", timeout=4)
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            with self.app.saving() as saved:
                _, change = rules.apply_rule(services, rule["n"])
            if saved.ok and change is not None:
                self.notify(f"{change.what} (rule {rule['n']}); u takes it back", timeout=6)
            self.fill()

        what = rules.describe(found, rules.feed_titles(services))
        self.app.push_screen(
            Confirm(f"Apply rule {rule['n']} ({inert(what)}) to {plural(len(matched), 'article')} now?"), answer
        )

    def action_undo(self) -> None:
        with self.app.saving() as saved:
            change = rules.undo_apply(self.app.services) or triage.undo(self.app.services)
        if saved.ok:
            self.notify(f"Undid: {change.what}" if change else "Nothing to undo.", timeout=4)

    def action_back(self) -> None:
        self.dismiss(None)
