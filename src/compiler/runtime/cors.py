"""CORS for the target's allowed browser origins (DESIGN §12), as a plain ASGI middleware.

Plain ASGI rather than Starlette's BaseHTTPMiddleware, which would cost more than half the
throughput (DESIGN §7). Installed only when the target configures CORS: without it the app
sends no CORS headers at all, and browsers keep other origins out.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .endpoint import json_body

# Headers this middleware decides; a workflow's own values for them are replaced, since a
# browser refuses a response with two Access-Control-Allow-Origin values.
_OWN_HEADERS = frozenset(
    {b"access-control-allow-origin", b"access-control-allow-credentials", b"access-control-expose-headers"}
)
# Browser code may read the request id of an answer, to quote it when reporting an error.
_EXPOSE = b"x-request-id"


class CorsMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        allow_origins: Iterable[str],
        allow_methods: Iterable[str],
        allow_headers: Iterable[str],
        allow_credentials: bool,
        max_age: int,
    ) -> None:
        self.app = app
        origins = list(allow_origins)
        headers = list(allow_headers)
        self.any_origin = "*" in origins
        # Origins compare exactly: the model only accepts them as browsers send them.
        self.origins = frozenset(origin.encode("latin-1") for origin in origins if origin != "*")
        self.credentials = allow_credentials
        self.any_header = "*" in headers
        self.methods = ", ".join(allow_methods).encode("latin-1")
        self.headers = ", ".join(header for header in headers if header != "*").encode("latin-1")
        self.max_age = str(max_age).encode("latin-1")

    def allow_origin(self, origin: bytes | None) -> bytes | None:
        """The Access-Control-Allow-Origin value for a request from `origin`; None: not allowed."""
        if origin is None:
            return None
        if origin in self.origins:
            return origin
        if self.any_origin:
            # With credentials a browser refuses "*" (the model forbids that pairing anyway).
            return origin if self.credentials else b"*"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = requested_method = requested_headers = None
        for name, value in scope["headers"]:
            if name == b"origin":
                origin = value
            elif name == b"access-control-request-method":
                requested_method = value
            elif name == b"access-control-request-headers":
                requested_headers = value
        allowed = self.allow_origin(origin)
        if scope["method"] == "OPTIONS" and origin is not None and requested_method is not None:
            await self._preflight(send, origin, allowed, requested_headers)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = _with_vary_origin(message.get("headers", []))
                if allowed is not None:
                    headers = [(name, value) for name, value in headers if name not in _OWN_HEADERS]
                    headers.append((b"access-control-allow-origin", allowed))
                    if self.credentials:
                        headers.append((b"access-control-allow-credentials", b"true"))
                    headers.append((b"access-control-expose-headers", _EXPOSE))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _preflight(
        self, send: Send, origin: bytes, allowed: bytes | None, requested_headers: bytes | None
    ) -> None:
        """Answers a browser's preflight itself: the app's routes have no OPTIONS handlers."""
        if allowed is None:
            # No allow headers: the browser then refuses the real request. The JSON body says
            # why to whoever debugs it with curl.
            body = json_body({"error": f"Origin {origin.decode('latin-1')} may not call this app (CORS)"})
            await _send(send, 403, [(b"content-type", b"application/json"), (b"vary", b"Origin")], body)
            return
        headers = [
            (b"access-control-allow-origin", allowed),
            (b"access-control-allow-methods", self.methods),
            (b"access-control-max-age", self.max_age),
            (b"vary", b"Origin"),
        ]
        allow_headers = requested_headers if self.any_header and requested_headers else self.headers
        if allow_headers:
            headers.append((b"access-control-allow-headers", allow_headers))
        if self.credentials:
            headers.append((b"access-control-allow-credentials", b"true"))
        await _send(send, 204, headers, b"")


def _with_vary_origin(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers with Origin added to Vary: the answer depends on it, so a cache must key on it."""
    out: list[tuple[bytes, bytes]] = []
    varied = False
    for name, value in headers:
        if name.lower() == b"vary":
            varied = True
            fields = [field.strip().lower() for field in value.split(b",")]
            if b"origin" not in fields and b"*" not in fields:
                value = value + b", Origin"
        out.append((name, value))
    if not varied:
        out.append((b"vary", b"Origin"))
    return out


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    if status != 204:
        headers = [*headers, (b"content-length", str(len(body)).encode("latin-1"))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
