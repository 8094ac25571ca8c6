"""The line under an article's title: each entity label in its colour with its count
(hidden labels struck through), or why there are none yet."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.core.entities import Group
from reader.ui.widgets.styling import label_colour


class Legend(Static):
    def waiting(self) -> None:
        self.update(Text("finding entities…", style="dim italic"))

    def off(self, reason: str) -> None:
        self.update(Text(f"Entities are off: {reason}", style="italic"))

    def show_counts(self, groups: dict[str, list[Group]], hidden: set[str], colours: dict[str, str]) -> None:
        legend = Text()
        for label, items in groups.items():
            count = sum(len(g.spans) for g in items)
            if label in hidden:
                legend.append(f"{label} {count}", style="dim strike")
            else:
                legend.append(label, style=f"bold {label_colour(colours, label)}")
                legend.append(f" {count}", style="dim")
            legend.append("  ")
        if not groups:
            legend.append("no entities found", style="dim italic")
        else:
            legend.append("· e: entity panel", style="dim")
        self.update(legend)
