"""Evaluation against gold data: NER (GermEval TSV) and story clustering (JSONL)."""
