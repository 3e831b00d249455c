"""The flat bench workflow's work as a bare ASGI callable: no framework at all.

The lower bound for the generated app's request path (bench/calls/bare-bench.ts): read the body,
parse the JSON, prepare, the same child step three times (bench/calls/call-project.ts
CHILD_CODE), answer JSON. Served with the same settings as the generated app:
/usr/bin/python3 -m uvicorn bare:app --loop asyncio --http h11 --no-access-log --log-level warning
"""
import json

JSON_HEADERS = [(b"content-type", b"application/json")]


def step(item: dict) -> dict:
    return {"value": item["value"] * 2, "stage": "child", "hops": item["hops"] + 1}


async def answer(send, status: int, payload) -> None:
    body = json.dumps(payload, separators=(",", ":")).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": JSON_HEADERS + [(b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


async def read_body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def app(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    path, method = scope["path"], scope["method"]
    if path == "/health" and method in ("GET", "HEAD"):
        return await answer(send, 200, {"status": "healthy"})
    if path == "/api/bench_flat" and method == "POST":
        raw = await read_body(receive)
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return await answer(send, 400, {"error": "Request body is not valid JSON"})
        item = {"value": body.get("value"), "stage": "parent", "hops": 0}
        for _ in range(3):
            item = step(item)
        return await answer(send, 200, item)
    return await answer(send, 404, {"error": "Not Found"})
