"""The generated app and the bare ASGI app behind uvicorn's own HTTP/1.1 protocol, in one process.

usage: server_pair.py GEN_DIR BARE_DIR PATH [--body JSON] [--batches N] [--requests K]

Each app gets uvicorn's H11Protocol (the class `--http h11` serves with) on an in-memory
transport: the request bytes go in through data_received, the answer comes out through
write(), so every layer the real server runs per request is there — h11 parsing, uvicorn's
request cycle and its task, the app — and only the socket and the load generator are not.
Both apps live in this one process and take turns in batches of K requests (order swapped
every other batch), so each pair of batches is milliseconds apart and sees the same machine.
Prints one JSON line: {"gen_us": [...], "bare_us": [...]}, process CPU µs per request per batch.

Why beside the socket benchmark: its CPU figure is moved by whatever else the machine runs,
and the ASGI-only in-process figure leaves out the server, which turns out to matter — a
request that crosses more Python code costs more inside the same uvicorn than the app's own
in-process time says (the generated app's overhead measured about 8 µs ASGI-only and about
40 µs here, while wrk saw about 45).
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import time


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("gen_dir")
    p.add_argument("bare_dir")
    p.add_argument("path")
    p.add_argument("--body", default='{"value": 21}')
    p.add_argument("--batches", type=int, default=20)
    p.add_argument("--requests", type=int, default=1000)
    return p.parse_args()


class Transport:
    """What H11Protocol needs of an asyncio transport; a finished answer resolves `done`."""

    def __init__(self) -> None:
        self.out: list[bytes] = []
        self.done: asyncio.Future[None] | None = None
        self.expected = 0

    def get_extra_info(self, name: str, default=None):
        return {"sockname": ("127.0.0.1", 8080), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def write(self, data: bytes) -> None:
        self.out.append(data)
        if self.done is not None and not self.done.done() and self._complete():
            self.done.set_result(None)

    def _complete(self) -> bool:
        # One answer with a Content-Length: complete once its body is all there.
        raw = b"".join(self.out)
        head, sep, body = raw.partition(b"\r\n\r\n")
        if not sep:
            return False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                return len(body) >= int(value.strip())
        return False

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        pass


async def served(app, path: str, body: bytes):
    """`app` behind H11Protocol on one keep-alive connection; answers a function that sends
    one request and waits for the answer."""
    from uvicorn.config import Config
    from uvicorn.lifespan.on import LifespanOn
    from uvicorn.protocols.http.h11_impl import H11Protocol
    from uvicorn.server import ServerState

    config = Config(app, loop="asyncio", http="h11", access_log=False, log_level="warning", lifespan="on")
    config.load()
    lifespan = LifespanOn(config)
    await lifespan.startup()
    loop = asyncio.get_running_loop()
    try:
        protocol = H11Protocol(config, ServerState(), _loop=loop)
    except TypeError:  # newer uvicorn: (config, server_state, app_state, _loop)
        protocol = H11Protocol(config, ServerState(), {}, _loop=loop)
    transport = Transport()
    protocol.connection_made(transport)
    request = (
        b"POST %s HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (path.encode(), len(body), body)
    )

    async def one() -> bytes:
        transport.out.clear()
        transport.done = loop.create_future()
        protocol.data_received(request)
        await asyncio.wait_for(transport.done, 10)
        return b"".join(transport.out)

    return one, lifespan


def load(app_dir: str, module: str):
    sys.path.insert(0, app_dir)
    return getattr(importlib.import_module(module), "app")


async def main() -> None:
    args = parse_args()
    # The generated app reads files beside main.py (openapi.json) and its env at import.
    os.chdir(args.gen_dir)
    gen_app = load(args.gen_dir, "main")
    bare_app = load(args.bare_dir, "bare")
    body = args.body.encode()
    gen, gen_life = await served(gen_app, args.path, body)
    bare, bare_life = await served(bare_app, args.path, body)
    for name, one in (("generated", gen), ("bare", bare)):
        answer = await one()
        if not answer.startswith(b"HTTP/1.1 200 "):
            raise SystemExit(f"{name} app answered {answer[:300]!r}")
    for _ in range(300):  # warm-up
        await gen()
        await bare()

    async def batch(one) -> float:
        started = time.process_time()
        for _ in range(args.requests):
            await one()
        return (time.process_time() - started) / args.requests * 1e6

    gen_us: list[float] = []
    bare_us: list[float] = []
    for index in range(args.batches):
        if index % 2 == 0:
            bare_us.append(await batch(bare))
            gen_us.append(await batch(gen))
        else:
            gen_us.append(await batch(gen))
            bare_us.append(await batch(bare))
    await gen_life.shutdown()
    await bare_life.shutdown()
    print(json.dumps({"gen_us": [round(x, 2) for x in gen_us], "bare_us": [round(x, 2) for x in bare_us]}))


if __name__ == "__main__":
    asyncio.run(main())
