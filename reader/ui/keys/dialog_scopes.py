"""The keys of the dialogs, lists and pickers (see `scopes`, which lists them last)."""

from __future__ import annotations

from reader.ui.keys.key import Key, Scope

# fmt: off
DIALOG_SCOPES: dict[str, Scope] = {
    "name": Scope("Name dialog", [
        Key("name.cancel", "escape", "cancel", "Cancel", "`enter` saves"),
    ]),
    "tags": Scope("Tag dialog", [
        Key("tags.cancel", "escape", "cancel", "Cancel", "`enter` saves, `→` completes"),
    ]),
    "note": Scope("Note editor", [
        Key("note.save", "ctrl+s", "save", "Save", priority=True),
        Key("note.cancel", "escape", "cancel", "Cancel", "asking first if you changed the note", priority=True),
    ]),
    "confirm": Scope("Questions", [
        Key("confirm.yes", "y", "answer(True)", "Yes"),
        Key("confirm.no", "n,escape", "answer(False)", "No"),
    ]),
    "picker": Scope("Lists and pickers", [
        Key("modal.cancel", "escape", "dismiss", "Cancel", "the label picker (`L`): `enter` chooses"),
        Key("picker.down", "j", "move(1)", "Down", "(`↓` too; `k` `↑` up, `g` `G` the first and last)", show=False),
        Key("picker.up", "k", "move(-1)", "Up", show=False),
        Key("picker.first", "g", "edge(-1)", "First", show=False),
        Key("picker.last", "G", "edge(1)", "Last", show=False),
        Key("picker.scope", "s", "scope", "Here only / every article",
            "whether the label picker's choice applies to this mention only or to the text in every article"),
    ]),
    "entity_articles": Scope("Lists and pickers", [
        Key("entity_articles.close", "escape", "dismiss", "Close",
            "the articles that mention an entity (`a` in the entity panel): `enter` opens one"),
    ]),
    "modal": Scope("Lists and pickers", [
        Key("modal.close", "escape,q,enter,question_mark", "dismiss", "Close", "help and other read-only lists"),
        Key("modal.down", "j,down", "scroll_by(1)", "Down", show=False),
        Key("modal.up", "k,up", "scroll_by(-1)", "Up", show=False),
        Key("modal.page_down", "space,pagedown", "page(1)", "Page down", show=False),
        Key("modal.page_up", "b,pageup", "page(-1)", "Page up", show=False),
        Key("modal.top", "g,home", "edge(-1)", "Top", show=False),
        Key("modal.bottom", "G,end", "edge(1)", "Bottom", show=False),
    ]),
}
# fmt: on
