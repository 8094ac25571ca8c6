"""The keys: every one declared once in `registry` (BINDINGS, the footer, help, the palette),
the README's tables written from it (`tables`: `python -m reader.ui.keys --write README.md`),
and the config file's [keys] checked against it (`keymap`)."""

from reader.ui.keys.registry import SCOPES, Key, Scope, all_keys, bindings, commands, groups, key_label, scope_of

__all__ = ["SCOPES", "Key", "Scope", "all_keys", "bindings", "commands", "groups", "key_label", "scope_of"]
