"""Rate limits for what clients ask of the store: token buckets, one per client and action.

A bucket holds up to ``burst`` tokens and gains ``per_s`` tokens a second; each request
takes one, and a request that finds the bucket empty is refused. A room of phones behind one
venue Wi-Fi shares one IP address, so the limits per address are set for a whole room
arriving at once, and the tighter ones apply per device or per browser session.

The limiter is in memory, per app process (each replica counts on its own): it protects one
process and its database from a script, it is not an access control. Memory is bounded: the
least recently used keys are forgotten beyond ``max_keys``.

:class:`RefusalTally` gathers the refusals per session and hands them out at most every few
seconds, so recording them costs the database one write per session now and then, not one
per refused request.

:func:`client_address` says which address a request is counted against. A client can write
any ``X-Forwarded-For`` header it likes, so the header is read only when the request comes
from a proxy the operator named (:func:`trusted_proxies`); from anyone else, the socket's
address counts and a rotated header cannot put a script in a fresh bucket.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "DEFAULT_TRUSTED_PROXIES",
    "TRUSTED_PROXIES_ENV",
    "Limit",
    "RateLimiter",
    "RefusalTally",
    "client_ip",
    "trusted_proxies",
]

TRUSTED_PROXIES_ENV = "ADOPTION_TRUSTED_PROXIES"
# A proxy on the same machine (HAProxy, nginx, `make serve`): its X-Forwarded-For is believed.
DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8,::1"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Limit:
    """At most ``burst`` requests at once, then ``per_s`` a second."""

    burst: float
    per_s: float


class RateLimiter:
    """Token buckets keyed by any string (e.g. ``"send:ip:203.0.113.7"``); thread-safe."""

    def __init__(
        self, *, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._max_keys = max_keys
        self._clock = clock

    def allow(self, *checks: tuple[str, Limit]) -> bool:
        """Take a token from each ``(key, limit)`` bucket, or from none: False when any of
        them is empty (a refused request does not use up the other buckets)."""
        now = self._clock()
        with self._lock:
            states = []
            for key, limit in checks:
                tokens, seen = self._buckets.get(key, (limit.burst, now))
                tokens = min(limit.burst, tokens + (now - seen) * limit.per_s)
                states.append((key, tokens))
            allowed = all(tokens >= 1 for _, tokens in states)
            for key, tokens in states:
                self._buckets.pop(key, None)
                self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
            return allowed


class RefusalTally:
    """Refusals per session, handed out for writing at most every ``every_s`` seconds."""

    def __init__(self, *, every_s: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self._counts: dict[str, int] = {}
        self._written: dict[str, float] = {}
        self._lock = threading.Lock()
        self._every_s = every_s
        self._clock = clock

    def add(self, code: str) -> int:
        """Count one refusal for ``code``; return how many to write now (0: not yet)."""
        now = self._clock()
        with self._lock:
            self._counts[code] = self._counts.get(code, 0) + 1
            if now - self._written.get(code, -self._every_s) < self._every_s:
                return 0
            self._written[code] = now
            return self._counts.pop(code)

    def give_back(self, code: str, count: int) -> None:
        """A write failed: keep ``count`` for the next one."""
        with self._lock:
            self._counts[code] = self._counts.get(code, 0) + count


# --------------------------------------------------------------------------- addresses


def trusted_proxies(setting: str | None) -> tuple[tuple[Network, ...], list[str]]:
    """The networks whose ``X-Forwarded-For`` is believed, from a comma-separated list of
    addresses or CIDR blocks (None: :data:`DEFAULT_TRUSTED_PROXIES`), and the entries that
    could not be read (ignored, so a typo trusts less, never more)."""
    text = DEFAULT_TRUSTED_PROXIES if setting is None else setting
    networks: list[Network] = []
    bad: list[str] = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            bad.append(entry)
    return tuple(networks), bad


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # "::ffff:127.0.0.1", as a dual-stack socket reports it
    return address


def client_ip(peer: str | None, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The address a request came from, for rate limits.

    ``peer`` is the socket's address (None: the loopback, which Streamlit hides). Only when
    it is a trusted proxy is ``X-Forwarded-For`` read, from the right: each trusted hop is
    skipped, and the first address that is not one is the client. A client that talks to
    the app directly cannot choose its bucket with a forged header.
    """
    current = _address(peer) if peer else ipaddress.ip_address("127.0.0.1")
    if current is None:
        return (peer or "unknown")[:64]
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        if not any(current in network for network in trusted):
            break
        forwarded = _address(hop)
        if forwarded is None:
            break  # a garbled entry: the last trusted hop is as far as we can see
        current = forwarded
    return str(current)
