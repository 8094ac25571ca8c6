"""The library screen (`screen`): the list, what it shows (`listing`, with `filter` for `/`),
and the views drawer (`views`)."""

from reader.ui.screens.library.screen import LibraryScreen

__all__ = ["LibraryScreen"]
