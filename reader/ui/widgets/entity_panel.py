"""The entity panel: the article's entities grouped by label, each once with its count.
Enter jumps to the next mention, shift+enter to the previous; v shows or hides a label;
a lists the articles of the library that mention the entity."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.core.entities import Group
from reader.ui.keys import bindings

EAGER = 300  # entities put in the tree at once; the labels after them get theirs when opened


class EntityPanel(Tree[object]):
    BINDINGS = bindings("entities")

    class Closed(Message):
        pass

    class Jump(Message):
        def __init__(self, group: Group, direction: int) -> None:
            super().__init__()
            self.group = group
            self.direction = direction

    class ToggleLabel(Message):
        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    class Articles(Message):
        def __init__(self, group: Group) -> None:
            super().__init__()
            self.group = group

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Entities", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._pending: tuple[Callable[[], dict[str, list[Group]]], set[str], dict[str, str]] | None = None
        self._groups: dict[str, list[Group]] = {}

    def show_groups(
        self, groups: Callable[[], dict[str, list[Group]]], hidden: set[str], colours: dict[str, str]
    ) -> None:
        """Show the groups `groups()` works out, when the panel is on screen: a long
        article's thousands of entities cost nothing while it is closed."""
        self._pending = (groups, hidden, colours)
        if self.display:
            self._fill()

    def _fill(self) -> None:
        if self._pending is None:
            return
        (work_out, hidden, colours), self._pending = self._pending, None
        expanded = {node.data for node in self.root.children if node.is_expanded}
        self.clear()
        self._groups = groups = work_out()
        shown = 0
        for label, items in groups.items():
            title = Text()
            title.append(label, style=f"bold {colours.get(label, '')}")
            title.append(f" {sum(len(g.spans) for g in items)}", style="dim")
            if label in hidden:
                title.append("  hidden (v)", style="dim italic")
            node = self.root.add(title, data=label, allow_expand=True)
            if label in expanded if expanded else shown < EAGER:
                self._add_entities(node)
                node.expand()
                shown += len(items)

    def _add_entities(self, node: TreeNode) -> None:
        """A label's entities, put in the tree the first time the label is open."""
        if node.children or not isinstance(node.data, str):
            return
        for group in self._groups.get(node.data, []):
            text = Text(group.name)
            text.append(f" ×{len(group.spans)}", style="dim")
            if group.aliases:
                text.append(f"  ({', '.join(group.aliases)})", style="dim italic")
            if group.mine:  # the label came from the user's correction
                text.append(
                    "  ✎ yours" if group.mine == len(group.spans) else f"  ✎ {group.mine} yours", style="italic"
                )
            node.add_leaf(text, data=group)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        self._add_entities(event.node)

    def on_focus(self) -> None:
        """Opened (or come back to) on a label: go to its first entity, enter then jumps."""
        self._fill()
        if not isinstance(getattr(self.cursor_node, "data", None), Group):
            self.call_after_refresh(self._first_entity)

    def _first_entity(self) -> None:
        for label in self.root.children:
            self._add_entities(label)
            if label.children:
                label.expand()
                self.call_after_refresh(self.move_cursor, label.children[0])
                return

    def _current(self) -> TreeNode | None:
        return self.cursor_node

    def action_jump(self, direction: int) -> None:
        node = self._current()
        if node is None:
            return
        if isinstance(node.data, Group):
            self.post_message(self.Jump(node.data, direction))
        else:
            node.toggle()

    def action_toggle_label(self) -> None:
        node = self._current()
        if node is None:
            return
        label = node.data if isinstance(node.data, str) else node.data.label
        self.post_message(self.ToggleLabel(label))

    def action_edge(self, direction: int) -> None:
        if direction < 0:
            self.action_scroll_home()
        else:
            self.action_scroll_end()

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    def action_articles(self) -> None:
        node = self._current()
        if node is not None and isinstance(node.data, Group):
            self.post_message(self.Articles(node.data))
