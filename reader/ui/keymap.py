"""The config file's [keys] table checked against the key registry: ids no binding has, and
one key bound twice where both are live at once."""

from __future__ import annotations

from collections.abc import Mapping

from reader.ui.keys import SCOPES, all_keys, key_label

# Scopes whose keys are live at the same time: one key bound twice in a group is a conflict.
GROUPS = {
    "library": ("app", "library", "article_list"),
    "reader": ("app", "article", "article_view"),
    "notebook": ("app", "notebook"),
    "search": ("app", "search"),
    "explore": ("app", "explore"),
    **{
        scope: (scope,)
        for scope in (
            "find",
            "views",
            "name",
            "entities",
            "annotations",
            "tags",
            "note",
            "confirm",
            "picker",
            "entity_articles",
            "modal",
        )
    },
}


def check_keymap(keymap: Mapping[str, str]) -> list[str]:
    """Warnings about the config's [keys] table: ids that no binding has, and keys that two
    bindings live at the same time would share once it is applied."""
    known = all_keys()
    warnings = [
        f"[keys]: no binding has the id {name!r} (press ? in the app to see the ids)"
        for name in keymap
        if name not in known
    ]
    for group, scopes in GROUPS.items():
        seen: dict[str, str] = {}
        for scope in scopes:
            for key in SCOPES[scope][1]:
                keys = keymap.get(key.id, key.keys)
                for name in (k.strip() for k in keys.split(",")):
                    other = seen.setdefault(name, key.id)
                    if other != key.id:
                        warnings.append(f"[keys]: {key_label(name)} is bound to both {other} and {key.id} ({group})")
    return warnings
