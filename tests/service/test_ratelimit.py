from __future__ import annotations

from unireg.service.ratelimit import SlidingWindow


def test_sliding_window_counts_per_key_and_forgets() -> None:
    t = [100.0]
    lim = SlidingWindow(3, 10, clock=lambda: t[0])
    assert [lim.hit("a") for _ in range(3)] == [0, 0, 0]
    assert lim.hit("a") == 10
    assert lim.hit("b") == 0
    t[0] += 4
    assert lim.hit("a") == 6  # the oldest hit leaves the window at 110
    t[0] += 6.5
    assert lim.hit("a") == 0
    t[0] += 100
    lim.hit("c")  # sweeps keys idle for a whole window
    assert set(lim._hits) == {"c"}
