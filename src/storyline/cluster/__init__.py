"""The story engine."""

from storyline.cluster.engine import StoryEngine
from storyline.cluster.features import cluster_doc

__all__ = ["StoryEngine", "cluster_doc"]
