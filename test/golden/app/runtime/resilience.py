"""Retries and a per-URL circuit breaker for workflow calls over HTTP (DESIGN §6)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx

T = TypeVar("T")

RETRY_ATTEMPTS = 3
RETRY_BASE_DELAY = 0.1  # seconds; doubles after each failed attempt
BREAKER_THRESHOLD = 5
BREAKER_OPEN_SECONDS = 60.0

# Only failures to reach the server are retried: a request that reached it may have had
# effects, so repeating it is not safe.
CONNECTION_ERRORS: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout)


class CircuitOpen(Exception):
    pass


class CircuitBreaker:
    """Opens after `threshold` consecutive failures; while open, calls fail at once. After
    `open_seconds` one trial call is let through: success closes it, failure reopens it."""

    def __init__(self, threshold: int = BREAKER_THRESHOLD, open_seconds: float = BREAKER_OPEN_SECONDS) -> None:
        self.threshold = threshold
        self.open_seconds = open_seconds
        self.failures = 0
        self.opened_at: float | None = None

    def check(self) -> None:
        if self.opened_at is None:
            return
        if time.monotonic() - self.opened_at >= self.open_seconds:
            self.opened_at = None  # half-open: this call is the trial
            self.failures = self.threshold - 1
            return
        raise CircuitOpen()

    def succeeded(self) -> None:
        self.failures = 0
        self.opened_at = None

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = time.monotonic()


_breakers: dict[str, CircuitBreaker] = {}


def breaker_for(url: str) -> CircuitBreaker:
    breaker = _breakers.get(url)
    if breaker is None:
        breaker = _breakers[url] = CircuitBreaker()
    return breaker


async def retry_connection_errors(
    attempt: Callable[[], Awaitable[T]],
    attempts: int = RETRY_ATTEMPTS,
    base_delay: float = RETRY_BASE_DELAY,
) -> T:
    for index in range(attempts):
        try:
            return await attempt()
        except CONNECTION_ERRORS:
            if index == attempts - 1:
                raise
            await asyncio.sleep(base_delay * (2**index))
    raise AssertionError("unreachable")
