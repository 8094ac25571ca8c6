"""Help: the keys of the screen it was opened from, read from the live bindings (the same
data the footer shows), and read-only lists such as the files the library skipped."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reader.core.library import Library
from reader.core.text import inert
from reader.ui.keys import bindings, key_label
from reader.ui.plain import line, plain


def binding_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description) for the active bindings of a screen that reader defines (they
    all have an id, which is also what a keymap in the config file refers to), one row per
    action; keys that several bindings share for one action are listed together."""
    rows: dict[tuple[int, str], tuple[list[str], list[tuple[str, str]]]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        slot = rows.setdefault((id(active.node), binding.action), ([], []))
        label = key_label(key)
        if label not in slot[0]:
            slot[0].append(label)
        if binding.id and binding.description:
            slot[1].append((binding.description, binding.id))
    return [(" ".join(keys), *named[0]) for keys, named in rows.values() if named]


class ListScreen(ModalScreen[None]):
    """A modal with a title and a scrollable body; escape, q or enter closes it."""

    BINDINGS = bindings("modal")

    def __init__(self, title: str, body: Text | str) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="modal-box") as box:
            box.border_title = line(self._title)
            box.border_subtitle = "esc to close"
            yield Static(self._body if isinstance(self._body, Text) else plain(self._body), id="modal-body")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box", VerticalScroll)
        self.watch(box, "scroll_y", self._say_where, init=False)
        self.call_after_refresh(self._say_where)

    def _say_where(self) -> None:
        """The box's lower edge says when there is more below (and above), and how to get there."""
        box = self.query_one("#modal-box", VerticalScroll)
        below, above = box.scroll_y < box.max_scroll_y, box.scroll_y > 0
        where = "more below: j, space, G" if below else "more above: k, b, g" if above else ""
        box.border_subtitle = line(f"{where} · esc to close" if where else "esc to close")

    def action_scroll_by(self, lines: int) -> None:
        self.query_one("#modal-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        box = self.query_one("#modal-box", VerticalScroll)
        box.scroll_relative(y=direction * max(box.scrollable_content_region.height - 1, 1), animate=False)

    def action_edge(self, direction: int) -> None:
        box = self.query_one("#modal-box", VerticalScroll)
        box.scroll_to(y=0 if direction < 0 else box.max_scroll_y, animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)


def help_screen(screen: Screen) -> ListScreen:
    text = Text()
    rows = binding_rows(screen)
    width = max((len(row[0]) for row in rows), default=0)
    for keys, description, binding_id in rows:
        text.append(f"{keys:>{width}}", style="bold")
        text.append(f"  {description}")
        text.append(f"  {binding_id}\n", style="dim")
    text.append("\nctrl+p opens the command palette: every command, searchable.\n", style="italic")
    text.append("Remap a key in the config file's [keys] table by the id shown in grey.", style="italic")
    return ListScreen(f"Keys: {screen.title or screen.__class__.__name__}", text)


def skipped_files(library: Library | None) -> ListScreen:
    """The files the library could not read, and why."""
    skipped = library.skipped if library else []
    text = Text()
    for item in skipped:
        root = next((r for r in library.roots if item.path.is_relative_to(r)), None)  # type: ignore[union-attr]
        shown = item.path.relative_to(root) if root else item.path
        text.append(inert(str(shown)), style="bold")
        text.append(f": {item.reason}\n")
        if root:
            text.append(f"  in {inert(str(root))}\n", style="dim")
    return ListScreen(f"Skipped files ({len(skipped)})", text if skipped else Text("No file was skipped."))
