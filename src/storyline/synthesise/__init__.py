"""Synthesis: headline, timeline, fact ledger, summary and key entities for each story.

``synthesise(articles, analyses, copies=None) -> dict`` is pure (no I/O);
``view.story_detail(store, story_id)`` loads a story and merges it into ``show --json``;
``export.export(story, fmt)`` renders json, md, html or csv. See docs/synthesis.md.
"""

from storyline.synthesise.story import synthesise

__all__ = ["synthesise"]
