"""Named entities: the model (`model`, and `process`, its child process for the app), the
rules that clean its output (`rules`), the user's corrections (`corrections`), the cache
(`cache`), the service the CLI and the app use (`service`), and what the panel and Explore
show (`groups`, `explore`).

Re-exports are imported on first use: `python -m reader.core.entities.process` runs this
file first, and the child must lower its priority before anything heavy is loaded."""

from typing import TYPE_CHECKING

from reader.core import lazy

if TYPE_CHECKING:
    from reader.core.entities.cache import EntityCache
    from reader.core.entities.corrections import Mention, apply_corrections, locate_mention, user_labelled
    from reader.core.entities.entity import LABELS, NAME_LABELS, Entity, ModelUnavailable
    from reader.core.entities.groups import Group, group_entities
    from reader.core.entities.model import Recognizer, code_ranges, model_key, pick_model, pieces
    from reader.core.entities.rules import RULES, RULES_VERSION, refine
    from reader.core.entities.rules.mentions import add_missed_mentions
    from reader.core.entities.rules.names import majority_labels
    from reader.core.entities.service import Entities, training_examples

__all__ = [
    "LABELS", "NAME_LABELS", "RULES", "RULES_VERSION", "Entities", "Entity", "EntityCache", "Group", "Mention",
    "ModelUnavailable", "Recognizer", "add_missed_mentions", "apply_corrections", "code_ranges", "group_entities",
    "locate_mention", "majority_labels", "model_key", "pick_model", "pieces", "refine", "training_examples",
    "user_labelled",
]  # fmt: skip
__getattr__ = lazy.exports(__name__, {
    "EntityCache": "cache",
    **dict.fromkeys(("Mention", "apply_corrections", "locate_mention", "user_labelled"), "corrections"),
    **dict.fromkeys(("LABELS", "NAME_LABELS", "Entity", "ModelUnavailable"), "entity"),
    **dict.fromkeys(("Group", "group_entities"), "groups"),
    **dict.fromkeys(("Recognizer", "code_ranges", "model_key", "pick_model", "pieces"), "model"),
    **dict.fromkeys(("RULES", "RULES_VERSION", "refine"), "rules"),
    "add_missed_mentions": "rules.mentions",
    "majority_labels": "rules.names",
    **dict.fromkeys(("Entities", "training_examples"), "service"),
})  # fmt: skip
