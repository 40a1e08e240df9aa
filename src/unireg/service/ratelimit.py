"""Sliding-window rate limits (per client address, per ID number, per API token).

In memory, for one serving process; a deployment with several processes puts
the limits in front (a proxy) or shares them — the interface stays the same.

>>> t = [0.0]
>>> lim = SlidingWindow(limit=2, window=60, clock=lambda: t[0])
>>> lim.hit("a"), lim.hit("a"), lim.hit("a")
(0, 0, 60)
>>> t[0] = 61.0
>>> lim.hit("a")
0
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    """At most ``limit`` hits per key in any ``window`` seconds."""

    def __init__(self, limit: int, window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = clock()

    def hit(self, key: str) -> int:
        """Count a hit; 0 if allowed, else the seconds to wait (the hit is not counted)."""
        now = self.clock()
        with self._lock:
            if now - self._last_sweep > self.window:
                self._sweep(now)
            q = self._hits.setdefault(key, deque())
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return max(1, math.ceil(q[0] + self.window - now))
            q.append(now)
            return 0

    def _sweep(self, now: float) -> None:
        for key in [k for k, q in self._hits.items() if not q or q[-1] <= now - self.window]:
            del self._hits[key]
        self._last_sweep = now

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
