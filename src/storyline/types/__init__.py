"""Typed records that flow one way through the pipeline.

ingest -> :class:`Article`; analyse -> :class:`Analysis` (sentences, entities, facts, times);
cluster -> :class:`Assignment`; synthesise -> :class:`Synthesis`; the store's read model -> the views
a page, the CLI or the API shows. JSON is made from them only where data leaves the process
(:func:`to_plain`).
"""

from storyline.types.dates import PartialDate, Precision
from storyline.types.plain import from_plain, to_plain
from storyline.types.records import (
    Analysis,
    Article,
    Assignment,
    Category,
    ClusterDoc,
    EngineEvent,
    Entity,
    EntityType,
    Fact,
    HedgeKind,
    Mention,
    Place,
    Sentence,
    Stance,
    TimeExpr,
    Token,
)

__all__ = [
    "Analysis", "Article", "Assignment", "Category", "ClusterDoc", "EngineEvent", "Entity", "EntityType", "Fact", "HedgeKind", "Mention", "PartialDate", "Place",
    "Precision", "Sentence", "Stance", "TimeExpr", "Token", "from_plain", "to_plain",
]
