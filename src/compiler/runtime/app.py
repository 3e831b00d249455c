"""The app object: FastAPI with a direct path to the workflows' own routes (DESIGN §7).

On the way to a route FastAPI and Starlette pass every request through ServerErrorMiddleware,
ExceptionMiddleware, FastAPI's AsyncExitStackMiddleware (0.92), the router (matching route
after route) and the endpoint wrapper. For a workflow's route none of them does anything the
app needs: the endpoint answers every failure itself in the JSON error shape, raises no
HTTPException, has no dependencies to clean up, and the app's own middleware (metrics with the
JSON error guard, CORS) is plain ASGI. Those layers cost about as much CPU as uvicorn itself
spends per request (bench/calls/bare-bench.ts), so a request whose method and path are exactly
those of such a route goes straight to it, through the same app middleware in the same order.
Everything else (/health, /metrics, /docs, /openapi.json, 404, 405, redirects, routes with path
parameters) goes through FastAPI unchanged.

Written against what every FastAPI/Starlette version has (Route.path/methods/endpoint/matches,
Match.FULL, add_route, add_middleware, include_router); nothing here reads Starlette's middleware
list, whose shape changed between versions. An included router of plain routes (a workflow's) is
copied into the app's own routes, as FastAPI 0.92 does and 0.141 no longer does (it keeps the
router as one entry of its own), so `app.routes` lists every route with its path, methods and
endpoint on every version: the direct table, the metrics' route labels and the generated tests
read them there.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .middleware import RequestMetricsMiddleware, metered_endpoint


class CatalystApp(FastAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Set before FastAPI's own __init__, in case a version adds middleware from there.
        self._app_middleware: list[tuple[Any, tuple[Any, ...], dict[str, Any]]] = []
        # path → method → the route's handler wrapped in the app middleware; built on the
        # first request, once every route is in place, and again if routes are added later.
        self._direct: dict[str, dict[str, ASGIApp]] | None = None
        self._direct_of = -1  # how many routes the app had when _direct was built
        super().__init__(*args, **kwargs)

    def add_middleware(self, middleware_class: Any, *args: Any, **options: Any) -> None:
        super().add_middleware(middleware_class, *args, **options)
        self._app_middleware.append((middleware_class, args, options))
        self._direct = None

    def include_router(self, router: Any, *args: Any, **kwargs: Any) -> None:
        routes = list(getattr(router, "routes", None) or [])
        prefix = kwargs.get("prefix", "")
        plain = (
            not args
            and set(kwargs) <= {"prefix"}
            and isinstance(prefix, str)
            and routes
            and all(type(route) is Route for route in routes)
            and not getattr(router, "on_startup", None)
            and not getattr(router, "on_shutdown", None)
        )
        if not plain:  # tags, dependencies, API routes etc. are left to FastAPI
            super().include_router(router, *args, **kwargs)
        else:
            # What FastAPI 0.92's include_router does with a plain route, on every version.
            for route in routes:
                self.router.add_route(
                    prefix + route.path,
                    route.endpoint,
                    methods=list(route.methods or []),
                    name=route.name,
                    include_in_schema=route.include_in_schema,
                )
        self._direct = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            direct = self._direct
            if direct is None or self._direct_of != len(self.router.routes):
                self._direct_of = len(self.router.routes)
                direct = self._direct = self._direct_routes()
            methods = direct.get(scope["path"])
            if methods is not None:
                handler = methods.get(scope["method"])
                if handler is not None:
                    scope["app"] = self
                    await handler(scope, receive, send)
                    return
        await super().__call__(scope, receive, send)

    def _direct_routes(self) -> dict[str, dict[str, ASGIApp]]:
        """The routes a request can take directly: plain Starlette routes (the workflows' own
        routers) of an async function, at a path without parameters, for each method they
        answer, where no earlier route would match first. None at all when the app has a
        root_path (FastAPI's own handling of it is kept)."""
        table: dict[str, dict[str, ASGIApp]] = {}
        if self.root_path:
            return table
        routes = list(self.router.routes)
        for index, route in enumerate(routes):
            if type(route) is not Route or "{" in route.path or not route.methods:
                continue
            if not inspect.iscoroutinefunction(route.endpoint):
                continue
            for method in sorted(route.methods):
                if method in table.get(route.path, {}):
                    continue
                # What the router tries first: the routes before this one.
                probe = {"type": "http", "path": route.path, "root_path": "", "method": method, "headers": []}
                if any(_matches_fully(other, probe) for other in routes[:index]):
                    continue
                table.setdefault(route.path, {})[method] = self._through_middleware(route)
        return table

    def _through_middleware(self, route: Route) -> ASGIApp:
        middleware = self._app_middleware
        # The metrics middleware added first (innermost, as main.py adds it) is done inline.
        if middleware and middleware[0] == (RequestMetricsMiddleware, (), {}):
            app = metered_endpoint(route.endpoint, route.path)
            middleware = middleware[1:]
        else:
            app = _endpoint(route.endpoint)
        # As Starlette stacks them: the middleware added last is the outermost.
        for middleware_class, args, options in middleware:
            app = middleware_class(app, *args, **options)
        return app


def _matches_fully(route: Any, probe: Scope) -> bool:
    try:
        match, _ = route.matches(probe)
    except Exception:
        return True  # a route that cannot say: leave this path to the router
    return match == Match.FULL


def _endpoint(handler: Any) -> ASGIApp:
    """What Starlette's endpoint wrapper does for an async function: a Request in, its
    Response sent. The endpoint is recorded in the scope as the router does (the metrics
    label requests by the route it belongs to)."""

    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        scope["endpoint"] = handler
        response = await handler(Request(scope, receive, send))
        await response(scope, receive, send)

    return endpoint
