"""The execution context of one workflow run."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import httpx

from .connections import http_client
from .errors import NodeFailure
from .request_ids import new_request_id

if TYPE_CHECKING:
    from .tracing import Harness

MAX_CALL_DEPTH = 32


class ExecutionContext:
    """What a node can see: the trigger data, finished nodes' outputs, the request id and
    the shared HTTP pool. A local workflow call gets a child context one level deeper."""

    # Set only by runtime/harness.py (catalyst exec/test, the studio's Run): record a trace,
    # replace mocked nodes. A class attribute, so a plain run neither stores nor passes it;
    # no request can set it (see runtime/tracing.py).
    harness: Harness | None = None  # harness hook

    def __init__(
        self,
        workflow_id: str,
        workflow_name: str,
        trigger: Any,
        request_id: str | None = None,
        depth: int = 0,
        parent: ExecutionContext | None = None,
    ) -> None:
        self.workflow_id = workflow_id
        self.workflow_name = workflow_name
        self.trigger = trigger
        self.request_id = request_id or new_request_id()
        self.depth = depth
        self.parent = parent
        self.outputs: dict[str, Any] = {}

    @property
    def logger(self) -> logging.Logger:
        # Looked up when a node logs, not on every run (getLogger takes a lock).
        return logging.getLogger(f"catalyst.workflow.{self.workflow_name}")

    @property
    def http(self) -> httpx.AsyncClient:
        return http_client()

    def output(self, node_id: str) -> Any:
        """A finished node's output; None when that node has not run."""
        return self.outputs.get(node_id)

    def child(self, workflow_id: str, workflow_name: str, trigger: Any) -> ExecutionContext:
        if self.depth + 1 > MAX_CALL_DEPTH:
            raise NodeFailure(
                f"Workflow call depth exceeded {MAX_CALL_DEPTH} (calling {workflow_name})"
            )
        return ExecutionContext(
            workflow_id,
            workflow_name,
            trigger,
            request_id=self.request_id,
            depth=self.depth + 1,
            parent=self,
        )
