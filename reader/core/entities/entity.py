"""What an entity is: a span of an article's body and its label (spaCy's OntoNotes labels).
Light on purpose: the entity child imports it before anything else."""

from __future__ import annotations

from typing import Any, NamedTuple

LABELS = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)
NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}


class ModelUnavailable(Exception):
    """No usable spaCy model; the message says why and how to fix it."""


class Entity(NamedTuple):
    """A span of the body and its label; a plain tuple (cheap to make by the thousand, and
    never walked by the garbage collector), ordered by start, end, label."""

    start: int
    end: int
    label: str

    def text(self, body: str) -> str:
        return body[self.start : self.end]

    def to_json(self, body: str) -> dict[str, Any]:
        return {"text": self.text(body), "label": self.label, "start": self.start, "end": self.end}
