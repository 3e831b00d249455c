"""What the integration nodes do: HTTP requests, LLM chat completions, PostgreSQL queries
and Qdrant vector searches. All HTTP goes through the app's shared pool."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any
from urllib.parse import quote

import httpx

from .config import require_secret
from .connections import postgres_pool
from .context import ExecutionContext
from .errors import NodeFailure
from .expressions import js_number, rt_text, to_json
from .redact import safe_url
from .resilience import DEFAULT_RETRIES, LLM_RETRY_STATUSES, send_resilient

ERROR_BODY_LIMIT = 500
LLM_TIMEOUT_SECONDS = 120.0
QUERY_TIMEOUT_SECONDS = 30.0
VECTOR_TIMEOUT_SECONDS = 30.0


def _body_of(response: httpx.Response) -> Any:
    """JSON when the server says it is JSON, else text."""
    content_type = response.headers.get("content-type", "")
    if "json" in content_type:
        try:
            return response.json()
        except ValueError:
            pass
    return response.text


async def http_request(
    context: ExecutionContext,
    method: str,
    url: Any,
    headers: dict[str, Any],
    body: Any,
    timeout: float,
    retries: int = DEFAULT_RETRIES,
) -> dict[str, Any]:
    """Any HTTP API. The output carries the status, so a non-2xx answer is data for a
    condition node rather than a failure (after the retries of a "try again" status)."""
    send_headers = {str(name): rt_text(value) for name, value in headers.items()}
    content: bytes | None = None
    if body is not None:
        if isinstance(body, str):
            content = body.encode("utf-8")
        else:
            content = to_json(body, ascii_only=True).encode("ascii")
            if not any(name.lower() == "content-type" for name in send_headers):
                send_headers["content-type"] = "application/json"
    target = rt_text(url)
    client = context.http

    def send() -> Any:
        return client.request(method, target, headers=send_headers, content=content, timeout=timeout)

    try:
        response = await send_resilient("HTTP request", target, send, retries)
    except httpx.TimeoutException:
        raise NodeFailure(f"HTTP request timed out after {js_number(timeout)}s") from None
    except httpx.HTTPError as exc:
        raise NodeFailure(f"HTTP request to {safe_url(target)} failed: {exc}") from None
    return {
        "status": response.status_code,
        "headers": {name: value for name, value in response.headers.items()},
        "body": _body_of(response),
    }


# Base URLs follow each provider SDK's environment variable, so a test (or a proxy) can
# stand in for the provider.
def _provider_url(provider: str) -> str:
    if provider == "anthropic":
        base = os.environ.get("ANTHROPIC_BASE_URL") or "https://api.anthropic.com"
        return base.rstrip("/") + "/v1/messages"
    if provider == "openai":
        base = os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
        return base.rstrip("/") + "/chat/completions"
    base = os.environ.get("GROQ_BASE_URL") or "https://api.groq.com"
    return base.rstrip("/") + "/openai/v1/chat/completions"


def _llm_request(
    provider: str, model: str, system: str | None, prompt: str, api_key: str, max_tokens: int
) -> tuple[dict[str, str], dict[str, Any]]:
    if provider == "anthropic":
        headers = {"x-api-key": api_key, "anthropic-version": "2023-06-01"}
        payload: dict[str, Any] = {
            "model": model,
            "max_tokens": max_tokens,
            "messages": [{"role": "user", "content": prompt}],
        }
        if system:
            payload["system"] = system
        return headers, payload
    messages: list[dict[str, str]] = []
    if system:
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": prompt})
    # OpenAI's newer models accept only max_completion_tokens; Groq documents max_tokens.
    limit_key = "max_completion_tokens" if provider == "openai" else "max_tokens"
    payload = {"model": model, "messages": messages, limit_key: max_tokens}
    return {"authorization": f"Bearer {api_key}"}, payload


def _llm_output(provider: str, data: Any) -> dict[str, Any]:
    usage = data.get("usage") or {}
    if provider == "anthropic":
        text = "".join(
            block.get("text", "") for block in data.get("content", []) if block.get("type") == "text"
        )
        return {
            "text": text,
            "model": data.get("model"),
            "usage": {
                "input_tokens": usage.get("input_tokens"),
                "output_tokens": usage.get("output_tokens"),
            },
        }
    choices = data.get("choices") or [{}]
    message = choices[0].get("message") or {}
    return {
        "text": message.get("content") or "",
        "model": data.get("model"),
        "usage": {
            "input_tokens": usage.get("prompt_tokens"),
            "output_tokens": usage.get("completion_tokens"),
        },
    }


async def llm_chat(
    context: ExecutionContext,
    provider: str,
    model: str,
    system: Any,
    prompt: Any,
    api_key_secret: str,
    max_tokens: int,
    retries: int = DEFAULT_RETRIES,
) -> dict[str, Any]:
    """One chat completion through the provider's REST API; output {text, model, usage}."""
    api_key = require_secret(api_key_secret)
    headers, payload = _llm_request(
        provider, model, None if system is None else rt_text(system), rt_text(prompt), api_key, max_tokens
    )
    url = _provider_url(provider)
    client = context.http

    def send() -> Any:
        return client.post(url, json=payload, headers=headers, timeout=LLM_TIMEOUT_SECONDS)

    try:
        response = await send_resilient(f"{provider} API request", url, send, retries, LLM_RETRY_STATUSES)
    except httpx.TimeoutException:
        raise NodeFailure(f"{provider} API timed out after {int(LLM_TIMEOUT_SECONDS)}s") from None
    except httpx.HTTPError as exc:
        raise NodeFailure(f"{provider} API request failed: {exc}") from None
    if not 200 <= response.status_code < 300:
        raise NodeFailure(
            f"{provider} API error {response.status_code}: {response.text[:ERROR_BODY_LIMIT]}"
        )
    return _llm_output(provider, response.json())


async def postgres_query(
    context: ExecutionContext,
    dsn_secret: str,
    query: str,
    params: list[Any],
    timeout: float = QUERY_TIMEOUT_SECONDS,
) -> list[dict[str, Any]]:
    """A parameterised query ($1, $2, …); the rows as a list of objects. asyncpg cancels
    the query on the server when it runs past the timeout."""
    pool = await postgres_pool(require_secret(dsn_secret))
    try:
        rows = await pool.fetch(query, *params, timeout=timeout)
    except asyncio.TimeoutError:
        raise NodeFailure(f"PostgreSQL query timed out after {js_number(timeout)}s") from None
    return [dict(row) for row in rows]


def _vector_of(value: Any) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise NodeFailure("The vector is not a JSON list of numbers") from None
    if not isinstance(value, list):
        raise NodeFailure(f"The vector must be a list of numbers, got {type(value).__name__}")
    return value


async def vector_search(
    context: ExecutionContext,
    url_secret: str,
    api_key_secret: str | None,
    collection: str,
    vector: Any,
    limit: int,
    retries: int = DEFAULT_RETRIES,
) -> dict[str, Any]:
    """Nearest neighbours through Qdrant's REST API; output {matches: [{id, score, payload}]}."""
    base = require_secret(url_secret).rstrip("/")
    headers = {} if api_key_secret is None else {"api-key": require_secret(api_key_secret)}
    url = f"{base}/collections/{quote(collection, safe='')}/points/search"
    payload = {"vector": _vector_of(vector), "limit": limit, "with_payload": True}
    client = context.http

    def send() -> Any:
        return client.post(url, json=payload, headers=headers, timeout=VECTOR_TIMEOUT_SECONDS)

    try:
        response = await send_resilient("Qdrant request", url, send, retries)
    except httpx.TimeoutException:
        raise NodeFailure(f"Qdrant request timed out after {int(VECTOR_TIMEOUT_SECONDS)}s") from None
    except httpx.HTTPError as exc:
        raise NodeFailure(f"Qdrant request failed: {exc}") from None
    if not 200 <= response.status_code < 300:
        raise NodeFailure(f"Qdrant error {response.status_code}: {response.text[:ERROR_BODY_LIMIT]}")
    points = response.json().get("result") or []
    matches = [
        {"id": point.get("id"), "score": point.get("score"), "payload": point.get("payload")}
        for point in points
    ]
    return {"matches": matches}
