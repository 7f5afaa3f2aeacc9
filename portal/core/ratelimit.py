"""Counting requests in Django's cache: at most `limit` in a window of `seconds`.

A fixed window that opens at the first request counted: simple, shared by every worker
when the cache is Redis, and good enough to stop a flood (a burst of up to twice the
limit across a window's edge does no harm at these numbers). The values counted
(addresses, e-mail addresses) are hashed into the keys, never stored as they are.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    seconds: int

    def key(self, value: str) -> str:
        digest = hashlib.sha256(value.encode()).hexdigest()
        return f"ratelimit:{self.scope}:{digest}"

    def count(self, value: str) -> int:
        return cache.get(self.key(value), 0)

    def reached(self, value: str) -> bool:
        return self.count(value) >= self.limit

    def hit(self, value: str) -> int:
        key = self.key(value)
        if cache.add(key, 1, self.seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # the window closed between the two calls
            cache.set(key, 1, self.seconds)
            return 1


def allow(checks: list[tuple[Limit, str]]) -> bool:
    """Whether a request is within every limit; if so it is counted against each.

    A refused request is not counted: the window closes on time for someone who waits.
    """
    if any(limit.reached(value) for limit, value in checks):
        return False
    for limit, value in checks:
        limit.hit(value)
    return True
