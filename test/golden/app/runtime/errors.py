"""Errors of a running workflow.

A node's failure becomes one WorkflowError that names the workflow, the node and the
cause. It passes unchanged through local workflow calls, so the caller's client sees the
node that really failed.
"""

from __future__ import annotations

from .redact import redact


class NodeFailure(Exception):
    """A failure the runtime reports with its own words (no exception class name in front)."""


class WorkflowError(Exception):
    def __init__(self, workflow: str, node: str | None, node_id: str | None, cause: str) -> None:
        where = f'workflow "{workflow}"' if node is None else f'node "{node}" of workflow "{workflow}"'
        super().__init__(f"{where} failed: {cause}")
        self.workflow = workflow
        self.node = node
        self.node_id = node_id
        self.cause = cause


def describe(exc: BaseException) -> str:
    """The cause as one line for a client: our own messages as they are, others with their
    class; secret values and URLs' query strings and userinfo redacted (DESIGN §7). Every
    error a client or a caller sees is worded here, so this is the one place to redact."""
    text = str(exc)
    if not isinstance(exc, NodeFailure):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return redact(text)
