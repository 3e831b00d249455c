"""The runtime every generated Catalyst app ships with.

Generated workflow modules import what they need from here; nothing in this package
depends on the project, so it is the same in every app.
"""

from .calls import call_http, call_local
from .config import check_secrets, configure, env, secret, setup_logging
from .connections import close_pools, http_client, open_pools
from .context import MAX_CALL_DEPTH, ExecutionContext
from .endpoint import json_response, serve
from .errors import NodeFailure, WorkflowError
from .executor import CONDITION, RESPONSE, STEP, Edge, Node, Outcome, Workflow
from .expressions import (
    rt_and,
    rt_env,
    rt_eq,
    rt_ge,
    rt_get,
    rt_gt,
    rt_in,
    rt_le,
    rt_lt,
    rt_ne,
    rt_not,
    rt_or,
    rt_secret,
    rt_text,
    rt_truthy,
    to_json,
)
from .integrations import http_request, llm_chat, postgres_query, vector_search
from .middleware import RequestMetricsMiddleware
from .redact import protect_secrets, redact

__all__ = [
    "CONDITION",
    "MAX_CALL_DEPTH",
    "RESPONSE",
    "STEP",
    "Edge",
    "ExecutionContext",
    "Node",
    "NodeFailure",
    "Outcome",
    "RequestMetricsMiddleware",
    "Workflow",
    "WorkflowError",
    "call_http",
    "call_local",
    "check_secrets",
    "close_pools",
    "configure",
    "env",
    "http_client",
    "http_request",
    "json_response",
    "llm_chat",
    "open_pools",
    "postgres_query",
    "protect_secrets",
    "redact",
    "rt_and",
    "rt_env",
    "rt_eq",
    "rt_ge",
    "rt_get",
    "rt_gt",
    "rt_in",
    "rt_le",
    "rt_lt",
    "rt_ne",
    "rt_not",
    "rt_or",
    "rt_secret",
    "rt_text",
    "rt_truthy",
    "secret",
    "serve",
    "setup_logging",
    "to_json",
    "vector_search",
]
