"""Drive an ASGI app in-process and say where its time goes.

usage: asgi_profile.py APP_DIR MODULE:ATTR PATH [--requests N] [--body JSON] [--profile] [--top K]

Sends N POST requests straight into the app's ASGI callable — no socket, no HTTP parser, no
load generator — after running its lifespan startup, and prints one JSON line:
{"path", "requests", "us_per_request", "cpu_us_per_request"} (wall and
process CPU time; the CPU figure is the steadier one on a busy machine). With --profile it runs the same loop under cProfile and
also prints the top K functions by own time and by cumulative time (to stderr), so the cost of
each runtime function can be read off directly. The server layers left out (uvicorn, h11) are
identical for the generated and the hand-written app, so they do not change the comparison.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib
import io
import json
import os
import pstats
import sys
import time


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("app_dir")
    p.add_argument("app")
    p.add_argument("path")
    p.add_argument("--requests", type=int, default=5000)
    p.add_argument("--body", default='{"value": 21}')
    p.add_argument("--profile", action="store_true")
    p.add_argument("--top", type=int, default=25)
    return p.parse_args()


class Lifespan:
    """Runs the app's lifespan protocol in the background, like a server does."""

    def __init__(self, app) -> None:
        self.app = app
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.started = asyncio.Event()
        self.stopped = asyncio.Event()

    async def receive(self):
        return await self.inbox.get()

    async def send(self, message) -> None:
        if message["type"].startswith("lifespan.startup"):
            self.started.set()
        if message["type"].startswith("lifespan.shutdown"):
            self.stopped.set()

    async def __aenter__(self):
        self.task = asyncio.create_task(self.app({"type": "lifespan", "asgi": {"version": "3.0"}}, self.receive, self.send))
        await self.inbox.put({"type": "lifespan.startup"})
        await asyncio.wait_for(self.started.wait(), 10)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.inbox.put({"type": "lifespan.shutdown"})
        await asyncio.wait_for(self.stopped.wait(), 10)
        await self.task


async def one_request(app, path: str, body: bytes) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)

    async def send(message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def drive(app, path: str, body: bytes, n: int) -> tuple[float, float]:
    status, reply = await one_request(app, path, body)
    if status != 200:
        raise SystemExit(f"{path} answered {status}: {reply[:300]!r}")
    for _ in range(200):  # warm-up
        await one_request(app, path, body)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(n):
        await one_request(app, path, body)
    return time.perf_counter() - started, time.process_time() - cpu_started


async def main() -> None:
    args = parse_args()
    os.chdir(args.app_dir)
    sys.path.insert(0, args.app_dir)
    module_name, attr = args.app.split(":")
    app = getattr(importlib.import_module(module_name), attr)
    body = args.body.encode()
    async with Lifespan(app):
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            elapsed, cpu = await drive(app, args.path, body, args.requests)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
            sys.stderr.write(out.getvalue())
        else:
            elapsed, cpu = await drive(app, args.path, body, args.requests)
    per = lambda seconds: round(seconds / args.requests * 1e6, 1)
    print(json.dumps({"path": args.path, "requests": args.requests, "us_per_request": per(elapsed), "cpu_us_per_request": per(cpu)}))


if __name__ == "__main__":
    asyncio.run(main())
