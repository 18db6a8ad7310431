"""Synthesis: headline, timeline, fact ledger, summary and key entities for each story.

``synthesise(articles, analyses, copies=None) -> Synthesis`` is pure (no I/O);
the read model (``storyline.store.read.story_detail``) loads a story and adds the synthesis;
``export.export(story_detail, fmt)`` renders json, md, html or csv. See docs/synthesis.md.
"""

from storyline.synthesise.story import synthesise

__all__ = ["synthesise"]
