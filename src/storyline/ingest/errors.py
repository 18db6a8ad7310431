"""What a reader reports about an input it could not use."""

from __future__ import annotations

from dataclasses import dataclass


class InputError(ValueError):
    """Raised by a reader for one input; the message names the problem, the caller adds the path."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input (a file, a line, a record) that gave no article, and why.

    Both fields may echo the input; they are made printable here (no control or
    bidi characters, a reason of at most 500 characters) so that no caller has
    to remember to.
    """

    origin: str  # path, URL or archive record
    reason: str

    def __post_init__(self) -> None:
        from storyline.ingest.names import printable

        reason = printable(self.reason)
        object.__setattr__(self, "origin", printable(self.origin))
        object.__setattr__(self, "reason", reason if len(reason) <= 500 else reason[:499] + "…")

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
