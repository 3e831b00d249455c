"""Runs the app's workflows for Catalyst itself: `catalyst exec`, `catalyst test`, the studio's Run.

    python -m runtime.harness        (in the app's folder)

Line-delimited JSON on stdin and stdout, so one warm process can serve many runs. First it
prints `{"ready": true}` (or `{"ready": false, "error"}` when the app cannot start, e.g. a
missing secret), then answers every request line with one line:

    → {"id"?, "workflow": "<module name>", "input": <trigger data>, "mocks"?: {"<node id>": <output>}, "trace"?: true}
    ← {"id", "ok": true, "run": {"workflow", "workflowId", "status", "durationMs", "result", "error"?,
        "statusCode"?, "headers"?, "nodes": [...]}}  |  {"id", "ok": false, "error"}

With `"respond": true` (catalyst test), the answer is what the workflow's endpoint would
send instead of its trace: `{"id", "ok": true, "response": {"status", "body"}}` (see respond).

The studio keeps one process warm across edits and asks it to take in changed workflow modules:

    → {"id"?, "reload": ["<module name>", ...]}  ← {"id", "ok": true, "reloaded": ["workflows.<module>", ...]}

(see reload_workflows). Anything else that changed (runtime, main.py, env, secrets) needs a new process.

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
import time
import types
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
    from .errors import WorkflowError, describe
    from .redact import hide_secrets
    from .tracing import Harness, RunTrace

    if not isinstance(request, dict):
        return {"ok": False, "error": "A request is a JSON object"}
    answer: dict[str, Any] = {"id": request.get("id")}
    if "reload" in request:
        names = request["reload"]
        if not isinstance(names, list) or not all(isinstance(n, str) and _MODULE.fullmatch(n) for n in names):
            return {**answer, "ok": False, "error": "reload takes a list of workflow module names"}
        try:
            return {**answer, "ok": True, "reloaded": reload_workflows(names)}
        except Exception as error:
            return {**answer, "ok": False, "error": hide_secrets(describe(error))}
    name = request.get("workflow")
    if not isinstance(name, str) or _MODULE.fullmatch(name) is None:
        return {**answer, "ok": False, "error": f"workflow must be a workflow module's name, not {name!r}"}
    mocks = request.get("mocks") or {}
    if not isinstance(mocks, dict):
        return {**answer, "ok": False, "error": "mocks must be an object: node id → output"}
    if request.get("respond") is True:
        try:
            response = await respond(name, request.get("input"), mocks)
        except LookupError as error:
            return {**answer, "ok": False, "error": str(error)}
        return {**answer, "ok": True, "response": response}
    try:
        module = importlib.import_module(f"workflows.{name}")
    except ModuleNotFoundError:
        return {**answer, "ok": False, "error": f"No workflow module {name} in this app"}
    execute = getattr(module, f"execute_{name}")
    workflow = module.WORKFLOW
    harness = Harness(trace=request.get("trace", True) is not False, mocks={workflow.id: mocks})
    started = time.perf_counter()
    try:
        await execute(request.get("input"), parent_context=harness.root_context())
    except Exception as error:  # a node's failure is already in the trace; the checks around the run are not
        text = str(error) if isinstance(error, WorkflowError) else describe(error)
        if not harness.runs:
            # Refused before any node ran: the input does not match the workflow's inputSchema.
            refused = RunTrace(workflow, None)
            refused.began = started
            refused.failed(error)
            refused.status_code = 400
            harness.runs.append(refused)
        elif harness.runs[0].status == "ok":
            # The run finished but its result does not match the outputSchema: the request's 500.
            harness.runs[0].status = "error"
            harness.runs[0].error = text
            harness.runs[0].result = None
            harness.runs[0].status_code = 500
    run = harness.runs[0].to_dict()
    if not harness.trace:
        del run["nodes"]
    return {**answer, "ok": True, "run": hide_secrets(run)}


def _stale_modules(changed: list[str]) -> set[str]:
    """The changed `workflows.<module>` modules and every workflow module that imports them,
    transitively (a local call imports its callee's `execute_...`)."""
    stale = {f"workflows.{name}" for name in changed}
    grew = True
    while grew:
        grew = False
        for name, module in list(sys.modules.items()):
            if module is None or name in stale or not name.startswith("workflows."):
                continue
            for value in list(vars(module).values()):
                if isinstance(value, types.ModuleType):
                    owner = value.__name__
                else:
                    try:
                        owner = getattr(value, "__module__", None)
                    except Exception:
                        owner = None
                if owner in stale:
                    stale.add(name)
                    grew = True
                    break
    return stale


def reload_workflows(changed: list[str]) -> list[str]:
    """Drops the changed workflow modules and their importers from `sys.modules` and imports
    them again (each import runs its own imports, so callees come first); modules whose file
    is gone are just dropped. Answers the modules imported again, sorted."""
    importlib.invalidate_caches()
    stale = _stale_modules(changed)
    package = sys.modules.get("workflows")
    for name in stale:
        sys.modules.pop(name, None)
        short = name.split(".", 1)[1]
        if package is not None and short in vars(package):
            delattr(package, short)
    reloaded = []
    for name in sorted(stale):
        if name in sys.modules:
            reloaded.append(name)
            continue
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        reloaded.append(name)
    return sorted(reloaded)


async def respond(workflow: str, input: Any, mocks: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the workflow's endpoint would answer for `input`, as `{"status", "body"}`, with
    `mocks` (node id → output) replacing those nodes' runs: an example's run (DESIGN §12),
    used by `catalyst test` and the generated tests/test_examples.py in-process.

    The status is the one runtime/endpoint.py's `serve` sends, for internal workflows too
    (as if they were public): 400 and the problems when the input fails the inputSchema, 500
    when the run fails or its result fails the outputSchema, else the run's own status (200
    unless a response node sets one). Error bodies are the endpoint's without `requestId`.
    Values of the app's secrets in the answer are `[secret NAME]`. Raises LookupError for a
    module name the app does not have.
    """
    from .errors import WorkflowError, describe
    from .redact import hide_secrets
    from .tracing import Harness, snapshot

    if _MODULE.fullmatch(workflow) is None:
        raise LookupError(f"workflow must be a workflow module's name, not {workflow!r}")
    try:
        module = importlib.import_module(f"workflows.{workflow}")
    except ModuleNotFoundError:
        raise LookupError(f"No workflow module {workflow} in this app") from None
    runner = module.WORKFLOW
    typed = getattr(module, "TYPED", None)
    data = input
    # The same steps, in the same order, as endpoint.serve.
    if typed is not None:
        data, problems = typed.request_input(data, False)
        if problems:
            body: Any = {"error": "Invalid input", "workflow": runner.name, "problems": problems}
            return {"status": 400, "body": hide_secrets(body)}
    harness = Harness(trace=False, mocks={runner.id: mocks or {}})
    try:
        outcome = await runner.run(data, harness.root_context())
        if typed is not None and 200 <= outcome.status_code < 300:
            problems = typed.output_problems(outcome.result)
            if problems:
                error = typed.output_error(problems)
                body = {"error": error, "workflow": runner.name, "node": None}
                return {"status": 500, "body": hide_secrets(body)}
        answer = {"status": outcome.status_code, "body": snapshot(outcome.result)}
    except WorkflowError as error:
        answer = {"status": 500, "body": {"error": error.cause, "workflow": error.workflow, "node": error.node}}
    except Exception as error:
        answer = {"status": 500, "body": {"error": describe(error), "workflow": runner.name, "node": None}}
    return {"status": answer["status"], "body": hide_secrets(answer["body"])}


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
