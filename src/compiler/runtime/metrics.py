"""Request and workflow metrics, written in the Prometheus text format.

Kept in plain dicts (one process, one event loop) so counting costs nothing measurable
and several apps can live in one test process without a shared global registry.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import defaultdict

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

STARTED_AT = time.monotonic()

_requests: dict[tuple[str, str, str], int] = defaultdict(int)
# Per bucket, the requests that fell in it (not yet cumulative); the last is above every bound.
_latency_counts: dict[tuple[str, str], list[int]] = {}
_latency_sums: dict[tuple[str, str], float] = defaultdict(float)
_workflow_runs: dict[str, int] = defaultdict(int)
_workflow_failures: dict[str, int] = defaultdict(int)
# What /health reports: client requests, not the probes of /health and /metrics themselves.
totals = {"total": 0, "errors": 0}
UNCOUNTED_PATHS = frozenset({"/health", "/metrics"})


def uptime() -> float:
    return round(time.monotonic() - STARTED_AT, 3)


def record_request(method: str, route: str, path: str, status: int, seconds: float) -> None:
    _requests[(method, route, str(status))] += 1
    key = (method, route)
    counts = _latency_counts.get(key)
    if counts is None:
        counts = _latency_counts[key] = [0] * (len(LATENCY_BUCKETS) + 1)
    # One count in the first bucket that holds the value; render() sums them up.
    counts[bisect_left(LATENCY_BUCKETS, seconds)] += 1
    _latency_sums[key] += seconds
    if path not in UNCOUNTED_PATHS:
        totals["total"] += 1
        if status >= 500:
            totals["errors"] += 1


def record_workflow_run(workflow: str, failed: bool) -> None:
    _workflow_runs[workflow] += 1
    if failed:
        _workflow_failures[workflow] += 1


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def render() -> str:
    lines: list[str] = []

    def family(name: str, kind: str, help_text: str) -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")

    family("catalyst_http_requests_total", "counter", "HTTP requests by method, route and status.")
    for (method, route, status), count in sorted(_requests.items()):
        labels = f'method="{_label(method)}",route="{_label(route)}",status="{status}"'
        lines.append(f"catalyst_http_requests_total{{{labels}}} {count}")

    name = "catalyst_http_request_duration_seconds"
    family(name, "histogram", "HTTP request latency by method and route.")
    for (method, route), counts in sorted(_latency_counts.items()):
        base = f'method="{_label(method)}",route="{_label(route)}"'
        cumulative = 0
        for bound, count in zip(LATENCY_BUCKETS, counts):
            cumulative += count
            lines.append(f'{name}_bucket{{{base},le="{bound}"}} {cumulative}')
        total = cumulative + counts[-1]
        lines.append(f'{name}_bucket{{{base},le="+Inf"}} {total}')
        lines.append(f"{name}_sum{{{base}}} {_number(_latency_sums[(method, route)])}")
        lines.append(f"{name}_count{{{base}}} {total}")

    family("catalyst_workflow_runs_total", "counter", "Workflow runs, including local calls.")
    for workflow, count in sorted(_workflow_runs.items()):
        lines.append(f'catalyst_workflow_runs_total{{workflow="{_label(workflow)}"}} {count}')

    family("catalyst_workflow_failures_total", "counter", "Workflow runs that failed.")
    for workflow, count in sorted(_workflow_failures.items()):
        lines.append(f'catalyst_workflow_failures_total{{workflow="{_label(workflow)}"}} {count}')

    family("catalyst_uptime_seconds", "gauge", "Seconds since the app started.")
    lines.append(f"catalyst_uptime_seconds {uptime()}")
    return "\n".join(lines) + "\n"
