"""Every key of the app, declared once: each screen's and widget's BINDINGS come from here,
so do the footer, the help screen (`?`), the command palette's commands for a screen, the
README's key tables (`python -m reader.ui.keys --write README.md`, `tables`) and the check
of the config file's [keys] table (`keymap`: which scopes are live together is said here)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding

from reader.ui.keys.key import KEY_NAMES, Key, Scope, key_label
from reader.ui.keys.scopes import SCOPES

__all__ = ["KEY_NAMES", "SCOPES", "Key", "Scope", "all_keys", "bindings", "commands", "groups", "key_label", "scope_of"]


def bindings(*scopes: str) -> list[Binding]:
    """The BINDINGS of the class that owns these scopes (a command only for the palette,
    with no key, has none)."""
    return [key.binding() for scope in scopes for key in SCOPES[scope].keys if key.keys]


def all_keys() -> dict[str, Key]:
    """Every key that has a binding, by its id (what [keys] in the config remaps)."""
    return {key.id: key for scope in SCOPES.values() for key in scope.keys if key.keys}


def scope_of(key_id: str) -> str:
    return next(name for name, scope in SCOPES.items() if any(key.id == key_id for key in scope.keys))


def groups() -> dict[str, tuple[str, ...]]:
    """The scopes whose keys are live at the same time, named by the scope that gathers them:
    each scope with those it lives with (a group inside another is left out)."""
    found = {name: (name, *scope.live_with) for name, scope in SCOPES.items()}
    return {
        name: group for name, group in found.items() if not any(set(group) < set(other) for other in found.values())
    }


def commands(key_ids: Iterable[str]) -> list[Key]:
    """The palette's commands of a screen whose BINDINGS have these ids: every key with a
    palette entry in the scopes they come from, commands without a key among them."""
    scopes = dict.fromkeys(scope_of(key_id) for key_id in key_ids)
    return [key for scope in scopes for key in SCOPES[scope].keys if key.palette]
