"""Connection pools shared by every request of the app.

The app's lifespan opens them once and closes them on shutdown; a workflow run outside
the app (a test calling execute_<slug> directly) gets them lazily.
"""

from __future__ import annotations

import importlib
from typing import Any

import httpx

_http: httpx.AsyncClient | None = None
_pg_pools: dict[str, Any] = {}

HTTP_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


async def open_pools() -> None:
    global _http
    if _http is None:
        _http = httpx.AsyncClient(limits=HTTP_LIMITS, follow_redirects=True)


async def close_pools() -> None:
    global _http
    client, _http = _http, None
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
    PostgreSQL node do not need it installed."""
    pool = _pg_pools.get(dsn)
    if pool is None:
        asyncpg = importlib.import_module("asyncpg")
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=10)
        _pg_pools[dsn] = pool
    return pool
