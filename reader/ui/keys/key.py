"""A key as the registry declares it (`Key`), the keys of one class (`Scope`), and how a
key's name is shown."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    id: str  # what the config file's [keys] table remaps
    keys: str  # Textual key names, comma-separated
    action: str
    description: str  # the footer's and the help screen's words
    more: str = ""  # the rest of the README's explanation
    show: bool = True  # in the footer
    priority: bool = False
    palette: tuple[str, str] | None = None  # (title, help) in the command palette, on the screen of its scope

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show, priority=self.priority, id=self.id)


@dataclass(frozen=True)
class Scope:
    """The keys of one class's BINDINGS, under the README's heading for them; `live_with`:
    the scopes whose keys work at the same time as these (one key bound twice among them is
    a conflict)."""

    heading: str
    keys: list[Key]
    live_with: tuple[str, ...] = ()


# fmt: off
KEY_NAMES = {
    "question_mark": "?", "slash": "/", "asterisk": "*", "escape": "esc",
    "left_square_bracket": "[", "right_square_bracket": "]", "left_curly_bracket": "{", "right_curly_bracket": "}",
    "greater_than_sign": ">", "less_than_sign": "<", "full_stop": ".",
    "down": "↓", "up": "↑", "right": "→", "left": "←",
    "shift+down": "shift+↓", "shift+up": "shift+↑", "shift+right": "shift+→", "shift+left": "shift+←",
}
# fmt: on


def key_label(key: str) -> str:
    return KEY_NAMES.get(key, key)
