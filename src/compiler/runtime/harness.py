"""Runs the app's workflows for Catalyst itself: `catalyst exec`, `catalyst test`, the studio's Run.

    python -m runtime.harness        (in the app's folder)

Line-delimited JSON on stdin and stdout, so one warm process can serve many runs. First it
prints `{"ready": true}` (or `{"ready": false, "error"}` when the app cannot start, e.g. a
missing secret), then answers every request line with one line:

    → {"id"?, "workflow": "<module name>", "input": <trigger data>, "mocks"?: {"<node id>": <output>}, "trace"?: true}
    ← {"id", "ok": true, "run": {"workflow", "workflowId", "status", "durationMs", "result", "error"?,
        "statusCode"?, "headers"?, "nodes": [...]}}  |  {"id", "ok": false, "error"}

A run goes through the generated `execute_<module>` with the same runtime as a request, under
a Harness (runtime/tracing.py). Values of the app's secrets in the answer are `[secret NAME]`.
The app's own prints and logs go to stderr: stdout carries only these lines.

Security: this module is the only way to trace or mock a run, and the app's server never
imports it; it reads nothing but its stdin.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import sys
from typing import Any, TextIO

_MODULE = re.compile(r"[a-z_][a-z0-9_]*")


def _protocol_stream() -> TextIO:
    """stdout for this protocol alone: the original fd 1 is kept for it, and fd 1 itself
    (print, C extensions, subprocesses) now goes to stderr."""
    protocol = os.fdopen(os.dup(1), "w", encoding="ascii", buffering=1)
    sys.stdout.flush()
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return protocol


async def run_request(request: Any) -> dict[str, Any]:
    """One request (already parsed) → its answer, secrets hidden."""
    from .errors import describe
    from .redact import hide_secrets
    from .tracing import Harness

    if not isinstance(request, dict):
        return {"ok": False, "error": "A request is a JSON object"}
    answer: dict[str, Any] = {"id": request.get("id")}
    name = request.get("workflow")
    if not isinstance(name, str) or _MODULE.fullmatch(name) is None:
        return {**answer, "ok": False, "error": f"workflow must be a workflow module's name, not {name!r}"}
    mocks = request.get("mocks") or {}
    if not isinstance(mocks, dict):
        return {**answer, "ok": False, "error": "mocks must be an object: node id → output"}
    try:
        module = importlib.import_module(f"workflows.{name}")
    except ModuleNotFoundError:
        return {**answer, "ok": False, "error": f"No workflow module {name} in this app"}
    execute = getattr(module, f"execute_{name}")
    workflow = module.WORKFLOW
    harness = Harness(trace=request.get("trace", True) is not False, mocks={workflow.id: mocks})
    try:
        await execute(request.get("input"), parent_context=harness.root_context())
    except Exception as error:  # the run's failure is in its trace; anything before it is told here
        if not harness.runs:
            return {**answer, "ok": False, "error": describe(error)}
    run = harness.runs[0].to_dict()
    if not harness.trace:
        del run["nodes"]
    return {**answer, "ok": True, "run": hide_secrets(run)}


async def serve(lines: TextIO, out: TextIO) -> None:
    from .connections import close_pools, open_pools
    from .expressions import to_json

    loop = asyncio.get_running_loop()
    await open_pools()
    try:
        while True:
            line = await loop.run_in_executor(None, lines.readline)
            if not line:
                return
            if not line.strip():
                continue
            try:
                request = _parse(line)
            except ValueError as error:
                answer: dict[str, Any] = {"id": None, "ok": False, "error": str(error)}
            else:
                answer = await run_request(request)
            out.write(to_json(answer, ascii_only=True) + "\n")
            out.flush()
    finally:
        await close_pools()


def _parse(line: str) -> Any:
    import json

    try:
        return json.loads(line)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"A request line is not valid JSON: {error}") from None


def main() -> int:
    out = _protocol_stream()
    sys.path.insert(0, os.getcwd())
    try:
        # main.py sets up what a served app has: env defaults, logging, the secrets check and
        # their redaction. Its server is not started.
        importlib.import_module("main")
    except SystemExit as error:
        out.write(_ready(False, str(error.code)))
        return 1
    except Exception as error:
        out.write(_ready(False, f"{type(error).__name__}: {error}"))
        return 1
    out.write(_ready(True))
    asyncio.run(serve(sys.stdin, out))
    return 0


def _ready(ok: bool, error: str | None = None) -> str:
    import json

    from .redact import redact

    body: dict[str, Any] = {"ready": ok}
    if error is not None:
        body["error"] = redact(error)
    return json.dumps(body, ensure_ascii=True) + "\n"


if __name__ == "__main__":
    sys.exit(main())
