"""Traces and mocks for the runs the Catalyst harness drives (DESIGN §12, §13).

A traced run records, per node: status (ok, skipped, error), when it started (ms after its
workflow started), how long it took, its input, and its output or error; a local call's
node holds the callee's trace under `calls`. A mocked node does not run: it returns the
output the harness gave for it.

Security: a run is traced or mocked only when its context carries a Harness, and only
runtime/harness.py — started by `catalyst exec`/`test` and the studio, never by the app's
server — makes one. The endpoint starts every request's run with a plain context: no
header, query parameter or body key reaches this module.

What production pays: one attribute read per local call and none per request (the lines of
executor.py and context.py marked `# harness hook`; the tracing benchmark strips exactly
those lines to build its baseline app).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .context import ExecutionContext
from .errors import WorkflowError, describe
from .expressions import to_json

if TYPE_CHECKING:
    from .executor import Node, Outcome, Workflow

# The node whose run is under way in this task: a local call it makes nests under it.
_current_node: contextvars.ContextVar[NodeTrace | None] = contextvars.ContextVar(
    "catalyst_current_node", default=None
)

CANCELLED = "Cancelled: the workflow stopped because another node failed"


class Harness:
    """What the harness asks of a run. `mocks`: workflow id → node id → the output that
    replaces that node's run. The finished runs' traces collect in `runs`."""

    def __init__(self, trace: bool = True, mocks: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.trace = trace
        self.mocks: dict[str, dict[str, Any]] = {wid: dict(nodes) for wid, nodes in (mocks or {}).items()}
        self.runs: list[RunTrace] = []

    def root_context(self) -> ExecutionContext:
        """The parent context to pass to `execute_<slug>(data, parent_context=...)`: the
        workflow then runs at depth 0 under this harness, traced and mocked."""
        context = ExecutionContext("catalyst-harness", "catalyst harness", None, depth=-1)
        context.harness = self
        return context


def snapshot(value: Any) -> Any:
    """A JSON copy of a value as a client would receive it: later changes to the live
    object (a code node editing its input in place) do not rewrite the trace."""
    return json.loads(to_json(value))


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


class NodeTrace:
    __slots__ = ("calls", "duration", "error", "input", "mocked", "name", "node_id", "output", "started", "status")

    def __init__(self, node: Node, started: float, status: str, input: Any) -> None:
        self.node_id = node.id
        self.name = node.name
        self.status = status
        self.started = started
        self.duration = 0.0
        self.input = input
        self.output: Any = None
        self.error: str | None = None
        self.mocked = False
        self.calls: list[RunTrace] = []

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": self.node_id,
            "name": self.name,
            "status": self.status,
            "startedMs": _ms(self.started),
            "durationMs": _ms(self.duration),
            "input": self.input,
        }
        if self.status == "ok":
            entry["output"] = self.output
        if self.error is not None:
            entry["error"] = self.error
        if self.mocked:
            entry["mocked"] = True
        if self.calls:
            entry["calls"] = [call.to_dict() for call in self.calls]
        return entry


class RunTrace:
    """One workflow run: its nodes in the order they started (or were skipped)."""

    def __init__(self, workflow: Workflow, trigger: Any) -> None:
        self.workflow_id = workflow.id
        self.workflow_name = workflow.name
        self.input = trigger
        self.began = time.perf_counter()
        self.duration = 0.0
        self.status = "running"
        self.result: Any = None
        self.status_code: int | None = None
        self.headers: dict[str, str] = {}
        self.error: str | None = None
        self.nodes: list[NodeTrace] = []

    def started(self, node: Node, input: Any) -> NodeTrace:
        entry = NodeTrace(node, time.perf_counter() - self.began, "running", snapshot(input))
        self.nodes.append(entry)
        return entry

    def skipped(self, node: Node) -> None:
        self.nodes.append(NodeTrace(node, time.perf_counter() - self.began, "skipped", None))

    def finished(self, outcome: Outcome) -> None:
        self.duration = time.perf_counter() - self.began
        self.status = "ok"
        self.result = snapshot(outcome.result)
        self.status_code = outcome.status_code
        self.headers = dict(outcome.headers)

    def failed(self, error: BaseException) -> None:
        self.duration = time.perf_counter() - self.began
        self.status = "error"
        self.error = str(error) if isinstance(error, WorkflowError) else describe(error)

    def to_dict(self) -> dict[str, Any]:
        run: dict[str, Any] = {
            "workflow": self.workflow_name,
            "workflowId": self.workflow_id,
            "status": self.status,
            "durationMs": _ms(self.duration),
            "result": self.result,
        }
        if self.error is not None:
            run["error"] = self.error
        if self.status_code is not None:
            run["statusCode"] = self.status_code
            run["headers"] = self.headers
        run["nodes"] = [node.to_dict() for node in self.nodes]
        return run


async def run_harnessed(workflow: Workflow, trigger: Any, parent_context: ExecutionContext) -> Outcome:
    """Workflow.run for a context that carries a Harness: the same scheduler, on a copy of
    the workflow whose node functions record the trace or return their mocks."""
    harness = parent_context.harness
    assert harness is not None
    context = parent_context.child(workflow.id, workflow.name, trigger)
    context.harness = harness
    trace = RunTrace(workflow, snapshot(trigger) if harness.trace else None)
    caller = _current_node.get()
    (caller.calls if caller is not None else harness.runs).append(trace)
    runner = _instrumented(workflow, harness, trace)
    try:
        if runner._chain:
            outcome = await runner._run_chain(context)
        else:
            outcome = await runner._run_graph(context)
    except BaseException as error:
        trace.failed(error)
        raise
    trace.finished(outcome)
    return outcome


def _instrumented(workflow: Workflow, harness: Harness, trace: RunTrace) -> Workflow:
    mocks = harness.mocks.get(workflow.id, {})
    if not harness.trace and not mocks:
        return workflow
    nodes = [
        replace(node, run=_wrap(workflow, node, trace, harness.trace, node.id in mocks, mocks.get(node.id)))
        if harness.trace or node.id in mocks
        else node
        for node in workflow.nodes
    ]
    runner = type(workflow)(workflow.id, workflow.name, nodes)
    if harness.trace:
        runner.on_skip = trace.skipped
    return runner


def _wrap(workflow: Workflow, node: Node, trace: RunTrace, record: bool, mocked: bool, mock: Any) -> Any:
    run = node.run

    @functools.wraps(run)
    async def traced(input: Any, context: ExecutionContext) -> Any:
        entry = trace.started(node, input) if record else None
        token = _current_node.set(entry)
        try:
            # A mock is copied for every run, so a node editing its output cannot change the table.
            value = snapshot(mock) if mocked else await run(input, context)
        except BaseException as error:
            if entry is not None:
                entry.duration = time.perf_counter() - trace.began - entry.started
                entry.status = "error"
                entry.error = _node_error(workflow, node, error)
            raise
        finally:
            _current_node.reset(token)
        if entry is not None:
            entry.duration = time.perf_counter() - trace.began - entry.started
            entry.status = "ok"
            entry.mocked = mocked
            # A condition's output is its input, passed through (its return value is the verdict).
            entry.output = entry.input if node.kind == "condition" else snapshot(value)
        return value

    return traced


def _node_error(workflow: Workflow, node: Node, error: BaseException) -> str:
    if isinstance(error, asyncio.CancelledError):
        return CANCELLED
    if isinstance(error, WorkflowError):
        return str(error)  # a local call's: it names the callee's node that failed
    return workflow._failure(node, error).cause
