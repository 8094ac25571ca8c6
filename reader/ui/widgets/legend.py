"""The line under an article's title: each entity label in its colour with its count
(hidden labels struck through), or why there are none yet."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.core.entities import language
from reader.ui.widgets.styling import label_colour


class Legend(Static):
    """One line high (styles/article.tcss): a new text never changes the layout, so it is
    drawn without laying the screen out again (that took 60 ms on a long article)."""

    def waiting(self) -> None:
        self.update(Text("finding entities…", style="dim italic"), layout=False)

    def off(self, reason: str) -> None:
        self.update(Text(f"Entities are off: {reason}", style="italic"), layout=False)

    def show_counts(
        self, counts: dict[str, int], hidden: set[str], colours: dict[str, str], unspoken: str | None = None
    ) -> None:
        """Mentions per label, most mentioned first; `unspoken`: the article's language, when
        no entity model is set for it."""
        legend = Text()
        for label, count in counts.items():
            if label in hidden:
                legend.append(f"{label} {count}", style="dim strike")
            else:
                legend.append(label, style=f"bold {label_colour(colours, label)}")
                legend.append(f" {count}", style="dim")
            legend.append("  ")
        if unspoken:
            legend.append(
                f"no entity model for {language.name(unspoken)}: name one in the config, e.g. "
                + language.setting(unspoken),
                style="italic",
            )
        elif not counts:
            legend.append("no entities found", style="dim italic")
        else:
            legend.append("· e: entity panel", style="dim")
        self.update(legend, layout=False)
