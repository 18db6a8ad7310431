"""Analysis: language, sentences/tokens/lemmas, entities, quantity facts, time expressions (see pipeline.py)."""
