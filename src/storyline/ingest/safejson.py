"""json.loads with the input's shape bounded: nesting depth and digits per number.

The standard decoder recurses once per nesting level (a line of 100,000
``[`` raises RecursionError) and converts integers of any length (5,000
digits raise ValueError past Python's conversion limit, fewer cost quadratic
time). Both are checked before or while decoding, and every failure is an
InputError whose message names it.
"""

from __future__ import annotations

import json
import re

from storyline.ingest.errors import InputError

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, brackets inside strings not counted."""
    depth = deepest = 0
    for m in _BRACKET.finditer(_STRING.sub('""', text)):
        if m[0] in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads(text: str, max_depth: int, max_digits: int) -> object:
    """Decoded JSON, or InputError: invalid JSON, nested deeper than ``max_depth``, a number longer than ``max_digits``."""
    if text.count("[") + text.count("{") > max_depth and nesting_depth(text) > max_depth:
        raise InputError(f"JSON nested deeper than the limit of {max_depth} levels")

    def number(kind):
        def parse(literal: str):
            if len(literal) > max_digits:
                raise InputError(f"a JSON number of {len(literal):,} characters exceeds the limit of {max_digits}")
            return kind(literal)
        return parse

    try:
        return json.loads(text, parse_int=number(int), parse_float=number(float))
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise InputError(f"JSON nested too deeply (the limit is {max_depth} levels)") from None
