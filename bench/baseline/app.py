"""The call benchmark's logic written by hand as an idiomatic FastAPI app.

Same work as the generated bench app (bench/calls/call-project.ts): prepare, then the same child
step three times — inline, through direct awaits, or through HTTP calls to this app's own
/api/bench_child via one shared httpx.AsyncClient. Served with the same settings as the generated
app: /usr/bin/python3 -m uvicorn app:app --loop asyncio --http h11 --no-access-log
"""
import os

import httpx
from fastapi import FastAPI, Request

SELF_URL = os.environ.get("BENCH_SELF_URL", "http://127.0.0.1:8080")

app = FastAPI()
client: httpx.AsyncClient | None = None


@app.on_event("startup")
async def startup() -> None:
    global client
    client = httpx.AsyncClient(
        base_url=SELF_URL,
        timeout=30,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )


@app.on_event("shutdown")
async def shutdown() -> None:
    if client is not None:
        await client.aclose()


def prepare(body: dict) -> dict:
    return {"value": body.get("value"), "stage": "parent", "hops": 0}


async def child(item: dict) -> dict:
    return {"value": item["value"] * 2, "stage": "child", "hops": item["hops"] + 1}


async def child_over_http(item: dict) -> dict:
    assert client is not None
    response = await client.post("/api/bench_child", json=item)
    response.raise_for_status()
    return response.json()


@app.get("/health")
async def health() -> dict:
    return {"status": "healthy"}


@app.post("/api/bench_child")
async def bench_child(request: Request) -> dict:
    return await child(await request.json())


@app.post("/api/bench_flat")
async def bench_flat(request: Request) -> dict:
    item = prepare(await request.json())
    item = {"value": item["value"] * 2, "stage": "child", "hops": item["hops"] + 1}
    item = {"value": item["value"] * 2, "stage": "child", "hops": item["hops"] + 1}
    return {"value": item["value"] * 2, "stage": "child", "hops": item["hops"] + 1}


@app.post("/api/bench_local")
async def bench_local(request: Request) -> dict:
    item = prepare(await request.json())
    for _ in range(3):
        item = await child(item)
    return item


@app.post("/api/bench_http")
async def bench_http(request: Request) -> dict:
    item = prepare(await request.json())
    for _ in range(3):
        item = await child_over_http(item)
    return item
