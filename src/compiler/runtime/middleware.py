"""Request counting and latency as a plain ASGI middleware, and the same work done inline
for a route the app serves directly (runtime/app.py).

Starlette's BaseHTTPMiddleware would cost more than half the throughput (DESIGN §7);
wrapping `send` costs nothing measurable.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .endpoint import json_body
from .errors import describe
from .metrics import record_request

UNMATCHED = "(unmatched)"

logger = logging.getLogger("catalyst")


class StatusSend:
    """`send` that remembers the status it sent and whether the reply has started (after
    which a failure can no longer be answered with the JSON error)."""

    __slots__ = ("send", "status", "replying")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status = 500
        self.replying = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            await self.send(message)
            self.replying = True
            return
        await self.send(message)


class RequestMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._routes: dict[Any, str] | None = None
        self._routes_of = -1  # how many routes the app had when _routes was built

    def _route_of(self, scope: Scope) -> str:
        # The router records the matched endpoint in the scope; label by the route's path
        # template, so /items/{id} is one series, not one per id. CatalystApp lists every
        # route in app.routes, included routers' too, on every FastAPI version (runtime/app.py).
        endpoint = scope.get("endpoint")
        if endpoint is None:
            return UNMATCHED
        app = scope.get("app")
        routes = getattr(app, "routes", None) or []
        if self._routes is None or self._routes_of != len(routes):  # again when routes are added
            self._routes_of = len(routes)
            self._routes = {}
            for route in routes:
                self._routes.setdefault(getattr(route, "endpoint", None), getattr(route, "path", UNMATCHED))
        return self._routes.get(endpoint, UNMATCHED)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        tracked = StatusSend(send)
        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            # The last guard (DESIGN §7): a failure nothing else caught still answers in the
            # JSON error shape, never the server's plain-text 500; the trace goes to the log.
            logger.error("%s %s failed", scope["method"], scope["path"], exc_info=exc)
            if tracked.replying:
                raise
            tracked.status = 500
            await _send_error(send, describe(exc))
        finally:
            record_request(
                scope["method"], self._route_of(scope), scope["path"], tracked.status, time.perf_counter() - started
            )


def metered_endpoint(handler: Any, route: str) -> ASGIApp:
    """A direct route (runtime/app.py) to `handler` (a Request in, a Response out) with
    RequestMetricsMiddleware's work done inline: the same metrics under the route's path and
    the same last guard, without a wrapper around `send` (the status is the Response's).
    A plain Response is sent as Starlette's own Response.__call__ sends it; any other kind
    (streaming, files) is left to its own __call__."""

    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        scope["endpoint"] = handler
        status = 500
        replying = False
        try:
            response = await handler(Request(scope, receive, send))
            if type(response).__call__ is Response.__call__:
                status = response.status_code
                await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
                replying = True
                await send({"type": "http.response.body", "body": response.body})
                if response.background is not None:
                    await response.background()
            else:
                tracked = StatusSend(send)
                try:
                    await response(scope, receive, tracked)
                finally:
                    status, replying = tracked.status, tracked.replying
        except Exception as exc:
            logger.error("%s %s failed", scope["method"], scope["path"], exc_info=exc)
            if replying:
                raise
            status = 500
            await _send_error(send, describe(exc))
        finally:
            record_request(scope["method"], route, scope["path"], status, time.perf_counter() - started)

    return endpoint


async def _send_error(send: Send, message: str) -> None:
    body = json_body({"error": message, "workflow": None, "node": None, "requestId": None})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("latin-1"))]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})
