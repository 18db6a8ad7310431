"""Synthesis: headline, timeline, fact ledger, summary for each story."""
