"""The article screen (`screen`) and the parts it routes keys and messages to: its
highlights (`highlights`) and its entities (`entities`)."""

from reader.ui.screens.article.screen import ArticleScreen

__all__ = ["ArticleScreen"]
