"""The dialogs several screens share: a name (`name`), tags, a note and a yes/no question
(`annotate`), a label for an entity and the articles that mention one (`entities`), help
and read-only lists (`lists`). Imported on first use: the note editor's TextArea is heavy."""

from typing import TYPE_CHECKING

from reader.core import lazy

if TYPE_CHECKING:
    from reader.ui.dialogs.annotate import Confirm, NoteEditor, TagDialog, ask_note, ask_tags
    from reader.ui.dialogs.entities import NOT_AN_ENTITY, REMOVE_RULE, EntityArticles, LabelPicker
    from reader.ui.dialogs.lists import ListScreen, help_screen, skipped_files
    from reader.ui.dialogs.name import (
        AccountDialog,
        FeedSettingsDialog,
        NameDialog,
        RuleDialog,
        ask_web_address,
        keep_rule,
    )

__all__ = [
    "NOT_AN_ENTITY", "REMOVE_RULE", "AccountDialog", "Confirm", "FeedSettingsDialog", "EntityArticles", "LabelPicker", "ListScreen", "NameDialog",
    "NoteEditor", "RuleDialog", "TagDialog", "ask_note", "ask_tags", "ask_web_address", "help_screen", "keep_rule",
    "skipped_files",
]  # fmt: skip
__getattr__ = lazy.exports(__name__, {
    **dict.fromkeys(("Confirm", "NoteEditor", "TagDialog", "ask_note", "ask_tags"), "annotate"),
    **dict.fromkeys(("NOT_AN_ENTITY", "REMOVE_RULE", "EntityArticles", "LabelPicker"), "entities"),
    **dict.fromkeys(("ListScreen", "help_screen", "skipped_files"), "lists"),
    **dict.fromkeys(("AccountDialog", "FeedSettingsDialog", "NameDialog", "RuleDialog", "ask_web_address", "keep_rule"), "name"),
})  # fmt: skip
