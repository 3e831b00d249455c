"""Drive one app's ASGI callable in batches on request, for finely interleaved comparisons.

usage: batches.py APP_DIR MODULE:ATTR [--body JSON]

Starts the app's lifespan, prints {"ready": true}, then for every stdin line "PATH N" runs N POST
requests (after checking the first answers 200) and prints {"cpu_us_per_request"}. Two of these,
one per app, kept warm and asked for short batches in turn, put each pair of samples within
milliseconds of each other: drift on a busy machine hits both alike.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "profile"))
from asgi_profile import Lifespan, one_request  # noqa: E402


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("app_dir")
    p.add_argument("app")
    p.add_argument("--body", default='{"value": 21}')
    args = p.parse_args()
    os.chdir(args.app_dir)
    sys.path.insert(0, args.app_dir)
    module_name, attr = args.app.split(":")
    app = getattr(importlib.import_module(module_name), attr)
    body = args.body.encode()
    loop = asyncio.get_running_loop()
    async with Lifespan(app):
        print(json.dumps({"ready": True}), flush=True)
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line.strip():
                return
            path, count = line.split()
            n = int(count)
            status, reply = await one_request(app, path, body)
            if status != 200:
                raise SystemExit(f"{path} answered {status}: {reply[:300]!r}")
            started = time.process_time()
            for _ in range(n):
                await one_request(app, path, body)
            cpu = time.process_time() - started
            print(json.dumps({"cpu_us_per_request": round(cpu / n * 1e6, 2)}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
