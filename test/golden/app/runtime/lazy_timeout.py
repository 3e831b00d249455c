"""Awaiting a coroutine with a timeout that is only armed once the coroutine really waits.

Most local workflow calls are pure computation and finish without ever suspending; a timer
per call (asyncio.timeout's TimerHandle, or wait_for's extra Task) would be most of their
cost. So the coroutine's first step runs directly; if it finishes, there was nothing to
time out. If it suspends, the rest runs under asyncio.timeout for the time that is left,
resumed exactly as `await` would (every value it yields goes to the task, every value or
exception the task sends goes back into it).
"""

from __future__ import annotations

import asyncio
import time
import types
from collections.abc import Coroutine, Generator
from typing import Any

_timeout = getattr(asyncio, "timeout", None)  # Python 3.11+


async def await_with_timeout(coro: Coroutine[Any, Any, Any], seconds: float) -> Any:
    """The coroutine's result; asyncio.TimeoutError once it has run `seconds` in all."""
    if _timeout is None:
        return await asyncio.wait_for(coro, seconds)
    started = time.monotonic()
    try:
        yielded = coro.send(None)
    except StopIteration as stop:
        return stop.value
    async with _timeout(seconds - (time.monotonic() - started)):
        return await _resume(coro, yielded)


@types.coroutine
def _resume(coro: Coroutine[Any, Any, Any], yielded: Any) -> Generator[Any, Any, Any]:
    """The rest of a coroutine that has already yielded `yielded`: `yield from`, started late."""
    while True:
        try:
            sent = yield yielded
        except GeneratorExit:
            coro.close()
            raise
        except BaseException as exc:
            try:
                yielded = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                yielded = coro.send(sent)
            except StopIteration as stop:
                return stop.value
