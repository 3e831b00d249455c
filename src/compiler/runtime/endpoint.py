"""The HTTP side of a public workflow (DESIGN §7): request → trigger data → run → reply."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from .errors import WorkflowError, describe
from .executor import Workflow
from .expressions import to_json
from .request_ids import new_request_id
from .schema import Typed

logger = logging.getLogger("catalyst")


def json_body(content: Any) -> bytes:
    try:
        return to_json(content).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate cannot be UTF-8: JSON's \u escapes keep the text exact instead.
        return to_json(content, ascii_only=True).encode("ascii")


def json_response(content: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json_body(content), status_code=status_code, headers=headers, media_type="application/json")


class JsonReply(Response):
    """A workflow's JSON answer with only the request id as an extra header: the raw header
    list is built directly instead of through Response.init_headers (it is the same list)."""

    media_type = "application/json"

    def __init__(self, content: Any, status_code: int, request_id: str) -> None:
        self.status_code = status_code
        self.background = None
        self.body = body = json_body(content)
        self.raw_headers = [
            (b"x-request-id", request_id.encode("latin-1")),
            (b"content-length", str(len(body)).encode("latin-1")),
            (b"content-type", b"application/json"),
        ]


# Bodies above this answer 413 (DESIGN §7); the limit is checked before and while reading.
MAX_BODY_BYTES = 10 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


_DECODER = json.JSONDecoder()


def parse_json(raw: bytes) -> Any:
    """json.loads(raw), with the common case read in one step: a body that starts with an
    object or a list, is UTF-8 (json.loads tells UTF-16 and -32 apart by their zero bytes)
    and has nothing after the value. Anything else, errors included, goes through json.loads
    itself, so what is accepted and every error message stay exactly json.loads'."""
    if raw[:1] in (b"{", b"[") and raw[1:2] != b"\x00":
        try:
            text = raw.decode("utf-8", "surrogatepass")
            value, end = _DECODER.raw_decode(text)
        except ValueError:  # JSONDecodeError and UnicodeDecodeError alike
            pass
        else:
            if end == len(text):
                return value
    return json.loads(raw)


async def trigger_data(request: Request, content_length: bytes | None) -> Any:
    """GET: the query parameters. Other methods: the JSON body ({} when empty). Path
    parameters are added to an object trigger. Raises ValueError for a body that is not JSON.

    The body is refused with BodyTooLarge as soon as it is known to pass the limit: by its
    Content-Length before reading, or by counting while it streams in (a chunked body or a
    lying Content-Length), so an oversized body is never held in memory whole."""
    scope = request.scope
    if scope["method"] == "GET":
        data: Any = dict(request.query_params)
    else:
        if content_length is not None and content_length.isdigit() and int(content_length) > MAX_BODY_BYTES:
            raise BodyTooLarge()
        # Straight from the ASGI receive channel (what Request.stream() does, without an
        # async generator per request): the body is read once, here, and nothing reads it again.
        receive = request.receive
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise BodyTooLarge()
            if chunk:
                chunks.append(chunk)
            if not message.get("more_body", False):
                break
        raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        if raw.strip() == b"":
            data = {}
        else:
            try:
                data = parse_json(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                raise ValueError(f"Request body is not valid JSON: {exc}") from None
            except RecursionError:
                raise ValueError("Request body is nested too deeply to read as JSON") from None
    path_params = scope.get("path_params")
    if path_params and isinstance(data, dict):
        data = {**data, **path_params}
    return data


def _reply(result: Any, status_code: int, headers: dict[str, str], request_id: str) -> Response:
    if not headers and status_code >= 200 and status_code not in (204, 304):
        return JsonReply(result, status_code, request_id)
    headers = {**headers, "x-request-id": request_id}
    content_type = next((value for name, value in headers.items() if name.lower() == "content-type"), None)
    # A response node that sets a non-JSON content type and a text body sends the text as is.
    if content_type is not None and "json" not in content_type.lower() and isinstance(result, str):
        return Response(result, status_code=status_code, headers=headers)
    return json_response(result, status_code, headers)


_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_of(given: bytes | None) -> str:
    """The caller's X-Request-ID when it is a sane token (it is echoed and logged), else a new one."""
    if given is not None:
        text = given.decode("latin-1")
        if _REQUEST_ID.fullmatch(text):
            return text
    return new_request_id()


async def serve(workflow: Workflow, request: Request, typed: Typed | None = None) -> Response:
    # One pass over the raw ASGI headers (lower-case names; cheaper than request.headers):
    # the first of each counts.
    given_id = content_length = None
    for name, value in request.scope["headers"]:
        if name == b"x-request-id":
            if given_id is None:
                given_id = value
        elif name == b"content-length":
            if content_length is None:
                content_length = value
    request_id = request_id_of(given_id)
    try:
        data = await trigger_data(request, content_length)
    except ValueError as exc:
        return JsonReply({"error": str(exc)}, 400, request_id)
    except BodyTooLarge:
        message = f"Request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB"
        return JsonReply({"error": message}, 413, request_id)
    if typed is not None:
        # DESIGN §12: the input is checked (and defaults filled) before any node runs.
        data, problems = typed.request_input(data, request.scope["method"] == "GET")
        if problems:
            body = {"error": "Invalid input", "workflow": workflow.name, "problems": problems}
            body["requestId"] = request_id
            return JsonReply(body, 400, request_id)
    try:
        outcome = await workflow.run(data, request_id=request_id)
        if typed is not None and 200 <= outcome.status_code < 300:
            problems = typed.output_problems(outcome.result)
            if problems:
                error = typed.output_error(problems)
                logger.error("request %s: %s", request_id, error)
                # The §7 error shape: the error itself names the output schema and the paths.
                body = {"error": error, "workflow": workflow.name, "node": None, "requestId": request_id}
                return JsonReply(body, 500, request_id)
        return _reply(outcome.result, outcome.status_code, outcome.headers, request_id)
    except WorkflowError as exc:
        # The trace goes to the log only; the client gets what failed, where, and the id to find it.
        logger.error("request %s: %s", request_id, exc, exc_info=exc)
        body = {"error": exc.cause, "workflow": exc.workflow, "node": exc.node, "requestId": request_id}
        return JsonReply(body, 500, request_id)
    except Exception as exc:
        # Anything else (a result that cannot be sent as JSON, say) still answers in the JSON shape.
        logger.error("request %s: workflow %s failed", request_id, workflow.name, exc_info=exc)
        body = {"error": describe(exc), "workflow": workflow.name, "node": None, "requestId": request_id}
        return JsonReply(body, 500, request_id)
