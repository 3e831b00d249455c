"""Calls from one workflow to another (DESIGN §6)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from .context import ExecutionContext
from .errors import NodeFailure
from .expressions import js_number, rt_text, to_json
from .lazy_timeout import await_with_timeout
from .resilience import CircuitOpen, breaker_for, retry_connection_errors

ERROR_BODY_LIMIT = 500


def _seconds(timeout: float) -> str:
    return js_number(timeout)


async def call_local(
    context: ExecutionContext,
    execute: Callable[..., Coroutine[Any, Any, Any]],
    workflow_name: str,
    data: Any,
    timeout: float,
) -> dict[str, Any]:
    """A local call is a plain await of the other workflow's function, with the timeout enforced."""
    try:
        result = await await_with_timeout(execute(data, parent_context=context), timeout)
    except asyncio.TimeoutError:
        raise NodeFailure(f"Workflow call timed out after {_seconds(timeout)}s") from None
    return {"result": result, "workflow": workflow_name, "call_type": "local"}


async def call_http(context: ExecutionContext, url_value: Any, data: Any, timeout: float) -> dict[str, Any]:
    """POST the data as JSON to a public workflow of any app, through the shared pool."""
    url = rt_text(url_value).strip()
    if not url.startswith(("http://", "https://")):
        raise NodeFailure(f"Workflow call failed: the URL must start with http:// or https://, got {url!r}")
    breaker = breaker_for(url)
    try:
        breaker.check()
    except CircuitOpen:
        raise NodeFailure(
            f"Workflow call failed: circuit breaker open for {url} after "
            f"{breaker.threshold} consecutive failures"
        ) from None
    headers = {"content-type": "application/json", "x-request-id": context.request_id}
    body = to_json(data, ascii_only=True).encode("ascii")

    async def attempt() -> httpx.Response:
        return await context.http.post(url, content=body, headers=headers, timeout=timeout)

    try:
        response = await retry_connection_errors(attempt)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        breaker.failed()
        raise NodeFailure(f"Workflow call failed: cannot connect to {url} ({exc})") from None
    except httpx.TimeoutException:
        breaker.failed()
        raise NodeFailure(f"Workflow call timed out after {_seconds(timeout)}s") from None
    except httpx.HTTPError as exc:
        breaker.failed()
        raise NodeFailure(f"Workflow call failed: {exc}") from None
    if not 200 <= response.status_code < 300:
        breaker.failed()
        text = response.text[:ERROR_BODY_LIMIT]
        raise NodeFailure(f"Workflow call failed: {response.status_code} - {text}")
    breaker.succeeded()
    try:
        result = response.json()
    except ValueError:
        result = response.text
    return {"result": result, "call_type": "http", "status_code": response.status_code}
