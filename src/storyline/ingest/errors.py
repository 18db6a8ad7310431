"""What a reader reports about an input it could not use."""

from __future__ import annotations

from dataclasses import dataclass


class InputError(ValueError):
    """Raised by a reader for one input; the message names the problem, the caller adds the path."""


@dataclass(frozen=True, slots=True)
class Rejection:
    origin: str  # path, URL or archive record
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
