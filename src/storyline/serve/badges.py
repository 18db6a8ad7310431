"""What a story card's badges say, from the flagged verdicts of the story's ledger.

Keyed on :class:`~storyline.types.ledger.Verdict`, not on its strings: ``differ`` is "sources differ";
every other flagged verdict (``revised`` today, the ledger's later kinds of update or correction) is
"figures updated".
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.types.ledger import Verdict


def badge_kinds(flagged: Iterable[Verdict | str]) -> list[str]:
    """``["differ"]``, ``["updated"]``, both or none: the i18n keys ``badge_<kind>`` name them."""
    verdicts = [v if isinstance(v, Verdict) else _verdict(v) for v in flagged]
    kinds = []
    if Verdict.DIFFER in verdicts:
        kinds.append("differ")
    if any(v is not None and v != Verdict.DIFFER and v.flagged for v in verdicts):
        kinds.append("updated")
    return kinds


def _verdict(value: str) -> Verdict | None:
    try:
        return Verdict(value)
    except ValueError:
        return None
