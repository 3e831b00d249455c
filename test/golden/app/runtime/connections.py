"""Connection pools shared by every request of the app.

The app's lifespan opens them once and closes them on shutdown; a workflow run outside
the app (a test calling execute_<slug> directly) gets them lazily.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from typing import Any

import httpx

from .expressions import to_json

_http: httpx.AsyncClient | None = None
_pg_pools: dict[str, Any] = {}
# Made on first use, so it belongs to the event loop that runs the app.
_pg_lock: asyncio.Lock | None = None

HTTP_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


async def open_pools() -> None:
    global _http
    if _http is None:
        _http = httpx.AsyncClient(limits=HTTP_LIMITS, follow_redirects=True)


async def close_pools() -> None:
    global _http, _pg_lock
    client, _http = _http, None
    _pg_lock = None
    if client is not None:
        await client.aclose()
    pools = list(_pg_pools.values())
    _pg_pools.clear()
    for pool in pools:
        await pool.close()


def http_client() -> httpx.AsyncClient:
    global _http
    if _http is None:
        _http = httpx.AsyncClient(limits=HTTP_LIMITS, follow_redirects=True)
    return _http


async def postgres_pool(dsn: str) -> Any:
    """One asyncpg pool per DSN. asyncpg is imported only here, so apps without a
    PostgreSQL node do not need it installed. The lock keeps the first requests, when they
    arrive together, from each opening a pool that nothing would ever close."""
    global _pg_lock
    pool = _pg_pools.get(dsn)
    if pool is not None:
        return pool
    if _pg_lock is None:
        _pg_lock = asyncio.Lock()
    async with _pg_lock:
        pool = _pg_pools.get(dsn)
        if pool is None:
            asyncpg = importlib.import_module("asyncpg")
            # A bounded connect: an unreachable database fails the node in 10 s, not 60.
            pool = await asyncpg.create_pool(
                dsn, min_size=1, max_size=10, timeout=10, init=_init_connection
            )
            _pg_pools[dsn] = pool
    return pool


async def _init_connection(connection: Any) -> None:
    """json and jsonb columns arrive as JSON values rather than their text; a parameter
    for one may be any JSON value (text is sent as written, so it must be JSON text)."""
    for type_name in ("json", "jsonb"):
        await connection.set_type_codec(
            type_name, schema="pg_catalog", encoder=_json_parameter, decoder=json.loads
        )


def _json_parameter(value: Any) -> str:
    return value if isinstance(value, str) else to_json(value)
