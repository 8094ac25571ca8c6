"""The user's notes: highlights (`highlight`), found again after an edit (`anchoring`),
exported to Markdown and JSON-LD (`export`, written by `writing`) and imported back (`importing`). Imported on
first use: the export brings in YAML and Jinja2."""

from typing import TYPE_CHECKING

from reader.core import lazy

if TYPE_CHECKING:
    from reader.core.notes.anchoring import reanchor
    from reader.core.notes.export import ArticleExport, Exporter, TemplateFailed, annotations_json
    from reader.core.notes.highlight import COLOURS, Highlight, Quote, Status, normalize_tags
    from reader.core.notes.importing import ImportError_, read_annotations

__all__ = [
    "COLOURS", "ArticleExport", "Exporter", "Highlight", "ImportError_", "Quote", "Status", "TemplateFailed",
    "annotations_json", "normalize_tags", "read_annotations", "reanchor",
]  # fmt: skip
__getattr__ = lazy.exports(__name__, {
    "reanchor": "anchoring",
    **dict.fromkeys(("ArticleExport", "Exporter", "TemplateFailed", "annotations_json"), "export"),
    **dict.fromkeys(("COLOURS", "Highlight", "Quote", "Status", "normalize_tags"), "highlight"),
    **dict.fromkeys(("ImportError_", "read_annotations"), "importing"),
})  # fmt: skip
