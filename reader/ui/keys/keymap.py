"""The config file's [keys] table checked against the key registry: ids no binding has, and
one key bound twice where both are live at once."""

from __future__ import annotations

from collections.abc import Mapping

from reader.ui.keys.registry import SCOPES, all_keys, groups, key_label


def check_keymap(keymap: Mapping[str, str]) -> list[str]:
    """Warnings about the config's [keys] table: ids that no binding has, and keys that two
    bindings live at the same time would share once it is applied."""
    known = all_keys()
    warnings = [
        f"[keys]: no binding has the id {name!r} (press ? in the app to see the ids)"
        for name in keymap
        if name not in known
    ]
    for gathering, scopes in groups().items():
        group = SCOPES[gathering].heading.split()[0].casefold()  # "reader": the reader's keys
        seen: dict[str, str] = {}
        for scope in scopes:
            for key in SCOPES[scope].keys:
                if not key.keys:
                    continue
                keys = keymap.get(key.id, key.keys)
                for name in (k.strip() for k in keys.split(",")):
                    other = seen.setdefault(name, key.id)
                    if other != key.id:
                        warnings.append(f"[keys]: {key_label(name)} is bound to both {other} and {key.id} ({group})")
    return warnings
