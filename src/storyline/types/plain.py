"""Dataclasses <-> plain JSON-able values, used only where data leaves or enters the process."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any, get_args, get_origin, get_type_hints

from storyline.types.dates import PartialDate


def to_plain(obj: Any) -> Any:
    """Convert nested dataclasses to JSON-able dicts/lists; PartialDate -> ISO string."""
    if isinstance(obj, PartialDate):
        return obj.iso()
    if isinstance(obj, Enum):
        return obj.value
    if is_dataclass(obj):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def from_plain(cls: type, data: Any) -> Any:
    """Inverse of :func:`to_plain` for storyline's dataclasses (enums and dates restored)."""
    if data is None:
        return None
    if cls is PartialDate:
        return PartialDate.parse(data)
    if is_dataclass(cls):
        hints = _HINTS.get(cls)
        if hints is None:
            hints = _HINTS[cls] = get_type_hints(cls)
        return cls(**{k: _coerce(hints[k], v) for k, v in data.items() if k in hints})
    return data


def _coerce(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is list and args and is_dataclass(args[0]):
        return [from_plain(args[0], v) for v in value]
    if args:  # Optional[X] / X | None
        for a in args:
            if a is PartialDate or is_dataclass(a):
                return from_plain(a, value)
    if hint is PartialDate or is_dataclass(hint):
        return from_plain(hint, value)
    if isinstance(hint, type) and issubclass(hint, Enum) and not isinstance(value, hint):
        try:
            return hint(value)
        except ValueError:  # a value an older storyline stored and this one no longer names: kept as written
            return value
    return value
