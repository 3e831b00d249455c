"""Runs one workflow's graph (DESIGN §6).

A ready-set scheduler: every node whose parents are all settled starts at once, each ready
node of a fan-out as its own task, so independent branches overlap their I/O; a lone ready
node is awaited inline, and a plain chain of steps runs as straight awaits. A condition node follows only the edges
of its result; a node none of whose incoming edges was followed is skipped.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .context import ExecutionContext
from .errors import NodeFailure, WorkflowError, describe
from .expressions import rt_text
from .metrics import record_workflow_run
from .tracing import run_harnessed  # harness hook

NodeFunction = Callable[[Any, ExecutionContext], Awaitable[Any]]

STEP = "step"
CONDITION = "condition"  # returns its verdict; its output is its input, passed through
RESPONSE = "response"  # returns {"statusCode", "headers", "body"}; the body is the result

logger = logging.getLogger("catalyst")


@dataclass(frozen=True)
class Edge:
    source: str
    handle: str | None = None


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    run: NodeFunction
    parents: Sequence[Edge] = ()
    kind: str = STEP
    # For code nodes: how many lines below the function's `def` the user's line 1 is, so
    # an error can name the line of the user's code.
    code_offset: int = 0


@dataclass
class Outcome:
    result: Any
    status_code: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class Workflow:
    # A traced run's copy of the workflow records skipped nodes here (runtime/tracing.py).
    on_skip: Callable[[Node], None] | None = None  # harness hook

    def __init__(self, id: str, name: str, nodes: Sequence[Node]) -> None:
        self.id = id
        self.name = name
        # Nodes arrive in topological order; the result rules depend on it.
        self.nodes = list(nodes)
        self._by_id = {node.id: node for node in self.nodes}
        self._order = {node.id: index for index, node in enumerate(self.nodes)}
        self._chain = _is_chain(self.nodes)
        responses = [node.id for node in self.nodes if node.kind == RESPONSE]
        self._last_response = responses[-1] if responses else None

    async def run(
        self,
        trigger: Any,
        parent_context: ExecutionContext | None = None,
        request_id: str | None = None,
    ) -> Outcome:
        if parent_context is None:
            context = ExecutionContext(self.id, self.name, trigger, request_id=request_id)
        else:
            # Only the harness's own runs carry one (never a request): trace and mocks.
            if parent_context.harness is not None:  # harness hook
                return await run_harnessed(self, trigger, parent_context)  # harness hook
            context = parent_context.child(self.id, self.name, trigger)
        failed = True
        try:
            # Straight to the right runner: one coroutine less per run (and per local call).
            if self._chain:
                outcome = await self._run_chain(context)
            else:
                outcome = await self._run_graph(context)
            failed = False
            return outcome
        finally:
            record_workflow_run(self.name, failed)

    async def _run_chain(self, context: ExecutionContext) -> Outcome:
        """A straight line of steps: nothing could overlap, so each node is a plain await
        in the caller's task (no Task, no trip through the event loop per node)."""
        outputs = context.outputs
        value = context.trigger
        for node in self.nodes:
            try:
                value = await node.run(value, context)
            except Exception as error:
                raise self._failure(node, error)
            outputs[node.id] = value
        if self._last_response is not None:
            return self._reply_of(self._by_id[self._last_response], context.outputs[self._last_response])
        return Outcome(value)

    async def _run_graph(self, context: ExecutionContext) -> Outcome:
        done: set[str] = set()
        skipped: set[str] = set()
        verdicts: dict[str, bool] = {}
        running: dict[asyncio.Task[Any], Node] = {}
        inputs: dict[str, Any] = {}
        order = self._order

        def followed(edge: Edge) -> bool | None:
            """True/False once the edge's source has settled; None while it may still run."""
            if edge.source in skipped:
                return False
            if edge.source not in done:
                return None
            verdict = verdicts.get(edge.source)
            if verdict is None or edge.handle not in ("true", "false"):
                return True
            return verdict == (edge.handle == "true")

        def start_ready() -> Node | None:
            """Starts every node whose parents have settled. A lone ready node while nothing
            else runs is returned to be awaited inline: a Task only pays off for real fan-out."""
            ready: list[Node] = []
            progress = True
            while progress:
                progress = False
                for node in self.nodes:
                    if node.id in done or node.id in skipped or node.id in inputs:
                        continue
                    states = [followed(edge) for edge in node.parents]
                    if None in states:
                        continue
                    if node.parents and not any(states):
                        skipped.add(node.id)
                        if self.on_skip is not None:  # harness hook
                            self.on_skip(node)  # harness hook
                        progress = True
                        continue
                    inputs[node.id] = self._input_of(node, states, context)
                    ready.append(node)
            if len(ready) == 1 and not running:
                return ready[0]
            for node in ready:
                running[asyncio.ensure_future(node.run(inputs[node.id], context))] = node
            return None

        def settle(node: Node, value: Any) -> None:
            if node.kind == CONDITION:
                verdicts[node.id] = bool(value)
                value = inputs[node.id]
            context.outputs[node.id] = value
            done.add(node.id)

        try:
            inline = start_ready()
            while inline is not None or running:
                if inline is not None:
                    try:
                        value = await inline.run(inputs[inline.id], context)
                    except Exception as error:
                        raise self._failure(inline, error)
                    settle(inline, value)
                else:
                    finished, _ = await asyncio.wait(list(running), return_when=asyncio.FIRST_COMPLETED)
                    for task in sorted(finished, key=lambda t: order[running[t].id]):
                        node = running.pop(task)
                        error = task.exception()
                        if error is not None:
                            raise self._failure(node, error)
                        settle(node, task.result())
                inline = start_ready()
        finally:
            for task in running:
                task.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)
        return self._outcome(context, done)

    def _input_of(self, node: Node, states: list[bool | None], context: ExecutionContext) -> Any:
        if not node.parents:
            return context.trigger
        sources = list(dict.fromkeys(edge.source for edge in node.parents))
        if len(sources) == 1:
            return context.outputs.get(sources[0])
        live = {edge.source for edge, state in zip(node.parents, states) if state}
        return {source: context.outputs.get(source) for source in sources if source in live}

    def _failure(self, node: Node, error: BaseException) -> WorkflowError:
        if isinstance(error, WorkflowError):
            return error  # from a local call: it already names the node that failed
        cause = describe(error)
        line = self._user_line(node, error)
        if line is not None:
            cause = f"{cause} (line {line} of the code)"
        failure = WorkflowError(self.name, node.name, node.id, cause)
        failure.__cause__ = error
        return failure

    def _user_line(self, node: Node, error: BaseException) -> int | None:
        # A traced run wraps the node's function (functools.wraps): the user's code is the wrapped one.
        code = getattr(getattr(node.run, "__wrapped__", node.run), "__code__", None)
        if not node.code_offset or code is None:
            return None
        line = None
        traceback = error.__traceback__
        while traceback is not None:
            if traceback.tb_frame.f_code is code:
                line = traceback.tb_lineno - code.co_firstlineno - node.code_offset + 1
            traceback = traceback.tb_next
        return line

    def _outcome(self, context: ExecutionContext, done: set[str]) -> Outcome:
        ran = [node for node in self.nodes if node.id in done]
        responses = [node for node in ran if node.kind == RESPONSE]
        if responses:
            return self._reply_of(responses[-1], context.outputs[responses[-1].id])
        if ran:
            return Outcome(context.outputs[ran[-1].id])
        return Outcome(context.trigger)

    def _reply_of(self, node: Node, reply: Any) -> Outcome:
        # Header values come from templates: any value is sent as its text, on one line
        # (a line break would let a value forge headers).
        headers: dict[str, str] = {}
        for name, value in (reply.get("headers") or {}).items():
            text = " ".join(rt_text(value).splitlines())
            if not text.isascii():
                try:
                    text.encode("latin-1")
                except UnicodeEncodeError:
                    # Checked here, so the client gets the JSON error naming the node, not a
                    # plain-text 500 from the server when it cannot encode the header.
                    raise self._failure(
                        node,
                        NodeFailure(
                            f"Response header {name} has a value that is not Latin-1 text; "
                            "HTTP header values can only carry Latin-1 (percent-encode the value)"
                        ),
                    ) from None
            name = str(name)
            if _HEADER_NAME.fullmatch(name) is None:
                raise self._failure(
                    node, NodeFailure(f"Response header name {name!r} is not a valid HTTP header name")
                )
            headers[name] = text
        return Outcome(reply.get("body"), int(reply.get("statusCode") or 200), headers)


# RFC 9110 token: the characters a header name may have.
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def _is_chain(nodes: Sequence[Node]) -> bool:
    """Each node the only child of the one before and no condition: nothing can overlap or
    be skipped, so the nodes simply run in order."""
    for index, node in enumerate(nodes):
        if node.kind == CONDITION:
            return False
        if index == 0:
            if node.parents:
                return False
        elif len(node.parents) != 1 or node.parents[0].source != nodes[index - 1].id:
            return False
    return True
