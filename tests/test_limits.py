"""Rate limits and the refusal tally (adoption.store.limits), on a settable clock."""

from __future__ import annotations

from adoption.store.limits import Limit, RateLimiter, RefusalTally


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_its_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock)
    limit = Limit(burst=3, per_s=0.5)
    assert [limiter.allow(("k", limit)) for _ in range(4)] == [True, True, True, False]
    clock.now += 1.9
    assert not limiter.allow(("k", limit)), "0.95 of a token is not a token"
    clock.now += 0.1
    assert limiter.allow(("k", limit))
    assert limiter.allow(("other", limit)), "keys are independent"
    clock.now += 3600
    assert [limiter.allow(("k", limit)) for _ in range(4)] == [True, True, True, False]


def test_a_refused_request_uses_up_no_bucket() -> None:
    limiter = RateLimiter(clock=Clock())
    roomy, tight = Limit(burst=10, per_s=0), Limit(burst=1, per_s=0)
    assert limiter.allow(("ip", roomy), ("device", tight))
    for _ in range(5):
        assert not limiter.allow(("ip", roomy), ("device", tight))
    allowed = [limiter.allow(("ip", roomy), (f"device{i}", tight)) for i in range(20)]
    assert allowed.count(True) == 9, "the address had 9 tokens left, not 4"


def test_memory_is_bounded() -> None:
    limiter = RateLimiter(max_keys=100, clock=Clock())
    for i in range(1000):
        limiter.allow((f"k{i}", Limit(burst=1, per_s=0)))
    assert len(limiter._buckets) == 100


def test_refusals_are_handed_out_now_and_then() -> None:
    clock = Clock()
    tally = RefusalTally(every_s=5, clock=clock)
    assert tally.add("S") == 1, "the first refusal is written at once"
    assert [tally.add("S") for _ in range(10)] == [0] * 10
    clock.now += 5
    assert tally.add("S") == 11
    tally.give_back("S", 11)
    clock.now += 5
    assert tally.add("S") == 12
    assert tally.add("T") == 1
