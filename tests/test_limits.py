"""Rate limits and the refusal tally (adoption.store.limits), on a settable clock."""

from __future__ import annotations

import pytest

from adoption.store.limits import Limit, RateLimiter, RefusalTally, client_ip, trusted_proxies


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


# --------------------------------------------------------------------------- addresses

LOCAL_PROXY, _ = trusted_proxies(None)


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # A phone talking to the app directly: its header is its own invention.
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),
        ("198.51.100.7", "", "198.51.100.7"),
        # Behind a proxy on the same machine (Streamlit hides the loopback as None, or
        # reports it IPv4-mapped on a dual-stack socket): the address that proxy saw.
        (None, "203.0.113.1", "203.0.113.1"),
        ("::ffff:127.0.0.1", "203.0.113.1", "203.0.113.1"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        # What the client put in front of the proxy's entry is not believed.
        (None, "10.9.9.9, 203.0.113.1", "203.0.113.1"),
        # A garbled entry stops the walk at the last trusted hop.
        (None, "not-an-address", "127.0.0.1"),
        (None, "", "127.0.0.1"),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(
    peer: str | None, forwarded: str, expected: str
) -> None:
    assert client_ip(peer, forwarded, LOCAL_PROXY) == expected


def test_a_chain_of_trusted_proxies_is_walked_from_the_right() -> None:
    trusted, bad = trusted_proxies("10.0.0.0/8, 192.0.2.10")
    assert bad == []
    assert client_ip("192.0.2.10", "203.0.113.1, 10.1.2.3", trusted) == "203.0.113.1"
    assert client_ip("192.0.2.10", "10.1.2.3", trusted) == "10.1.2.3", "all trusted: leftmost"
    assert client_ip("192.0.2.99", "203.0.113.1", trusted) == "192.0.2.99", "not a proxy of ours"


def test_rotating_a_forged_header_from_one_address_stays_in_one_bucket() -> None:
    limiter = RateLimiter()
    limit = Limit(burst=5, per_s=0.0)
    allowed = [
        limiter.allow((f"join:{client_ip('198.51.100.7', f'203.0.113.{i}', LOCAL_PROXY)}", limit))
        for i in range(50)
    ]
    assert allowed.count(True) == 5


def test_unreadable_proxy_entries_are_reported_and_trust_nothing_more() -> None:
    trusted, bad = trusted_proxies("10.0.0.0/8, localhost, 300.1.1.1")
    assert bad == ["localhost", "300.1.1.1"]
    assert [str(n) for n in trusted] == ["10.0.0.0/8"]
    assert trusted_proxies("")[0] == (), "an empty setting trusts no proxy"
