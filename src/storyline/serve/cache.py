"""A small thread-safe LRU cache with a maximum age.

Keys carry a fingerprint of what the value was computed from (a story's article
count and rowid sum, the store's version), so a new article makes a new key and
stale entries simply age out of the LRU. ``max_age`` bounds what a fingerprint
cannot see (an analysis re-run in place, say).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING = object()


class LRU:
    def __init__(self, size: int = 512, max_age: float = 300.0) -> None:
        self.size = size
        self.max_age = max_age
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, default: Any = None) -> Any:
        now = time.monotonic()
        with self._lock:
            item = self._data.get(key, _MISSING)
            if item is _MISSING or now - item[0] > self.max_age:  # type: ignore[index]
                self.misses += 1
                return default
            self._data.move_to_end(key)
            self.hits += 1
            return item[1]  # type: ignore[index]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = (time.monotonic(), value)
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.put(key, value)
        return value  # type: ignore[return-value]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
