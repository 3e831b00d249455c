"""Retries and circuit breakers for every call that leaves the app.

Workflow calls over HTTP retry connection failures and have a breaker per URL (DESIGN §6).
The integration nodes (httpRequest, llm, vectorSearch) go through `send_resilient`: retries
on connection failures and on "try again" statuses, with exponential backoff, jitter and the
server's Retry-After, and a breaker per host.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Collection
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from .errors import NodeFailure

T = TypeVar("T")

RETRY_ATTEMPTS = 3
RETRY_BASE_DELAY = 0.1  # seconds; doubles after each failed attempt
BREAKER_THRESHOLD = 5
BREAKER_OPEN_SECONDS = 60.0

# Only failures to reach the server are retried: a request that reached it may have had
# effects, so repeating it is not safe.
CONNECTION_ERRORS: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout)

# Statuses that say "not now, try again": the request was not processed.
RETRY_STATUSES: frozenset[int] = frozenset({429, 502, 503, 504})
# Anthropic answers 529 when it is overloaded.
LLM_RETRY_STATUSES: frozenset[int] = RETRY_STATUSES | {529}
DEFAULT_RETRIES = 2
BACKOFF_BASE = 0.25  # seconds before the first retry; doubles each time, with jitter
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 30.0  # a longer Retry-After is waited only this long


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


_host_breakers: dict[str, CircuitBreaker] = {}


def host_of(url: str) -> str:
    """scheme://host[:port]: what a per-host breaker is keyed by (never the path or query)."""
    parts = urlsplit(url)
    # netloc without userinfo; the port as written (urlsplit's .port raises on a bad one).
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}"


def breaker_for_host(url: str) -> tuple[str, CircuitBreaker]:
    host = host_of(url)
    breaker = _host_breakers.get(host)
    if breaker is None:
        breaker = _host_breakers[host] = CircuitBreaker()
    return host, breaker


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The server's Retry-After (delay in seconds or an HTTP date), capped at RETRY_AFTER_MAX."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - time.time()
    return min(max(seconds, 0.0), RETRY_AFTER_MAX)


def backoff_delay(index: int) -> float:
    """Exponential backoff with jitter (half fixed, half random), so callers spread out."""
    delay = min(BACKOFF_BASE * (2**index), BACKOFF_MAX)
    return delay / 2 + random.uniform(0, delay / 2)


async def send_resilient(
    what: str,
    url: str,
    send: Callable[[], Awaitable[httpx.Response]],
    retries: int,
    retry_statuses: Collection[int] = RETRY_STATUSES,
) -> httpx.Response:
    """One call to an external service: up to `retries` more attempts after a connection
    failure or a retry status, through the host's circuit breaker. The last answer is
    returned whatever its status (the caller decides whether it is an error). A connection
    failure on the last attempt or an open breaker raise NodeFailure naming `what` and the
    host (never the path or query); a timeout or another httpx error is re-raised for the
    caller to word. A 5xx or "try again" answer, a timeout or a connection failure counts
    against the host's breaker; any other answer closes it.

    A timeout after connecting is not retried: the request may have been processed, and
    the node's timeout bounds each attempt."""
    host, breaker = breaker_for_host(url)
    try:
        breaker.check()
    except CircuitOpen:
        raise NodeFailure(
            f"{what} failed: circuit breaker open for {host} after {breaker.threshold} "
            f"consecutive failures; it lets a call through again {int(breaker.open_seconds)}s after opening"
        ) from None
    index = 0
    while True:
        try:
            response = await send()
        except CONNECTION_ERRORS as exc:
            if index >= retries:
                breaker.failed()
                raise NodeFailure(f"{what} failed: cannot connect to {host} ({exc})") from None
            await asyncio.sleep(backoff_delay(index))
            index += 1
            continue
        except httpx.TimeoutException:
            breaker.failed()
            raise
        except httpx.HTTPError:
            breaker.failed()
            raise
        status = response.status_code
        if status in retry_statuses and index < retries:
            wait = retry_after_seconds(response)
            await response.aclose()
            await asyncio.sleep(backoff_delay(index) if wait is None else wait)
            index += 1
            continue
        if status in retry_statuses or status >= 500:
            breaker.failed()
        else:
            breaker.succeeded()
        return response
