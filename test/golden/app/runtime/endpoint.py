"""The HTTP side of a public workflow (DESIGN §7): request → trigger data → run → reply."""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .errors import WorkflowError, describe
from .executor import Workflow
from .expressions import to_json

logger = logging.getLogger("catalyst")


def json_response(content: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    text = to_json(content)
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate cannot be UTF-8: JSON's \u escapes keep the text exact instead.
        body = to_json(content, ascii_only=True).encode("ascii")
    return Response(body, status_code=status_code, headers=headers, media_type="application/json")


async def trigger_data(request: Request) -> Any:
    """GET: the query parameters. Other methods: the JSON body ({} when empty). Path
    parameters are added to an object trigger. Raises ValueError for a body that is not JSON."""
    if request.method == "GET":
        data: Any = dict(request.query_params)
    else:
        raw = await request.body()
        if raw.strip() == b"":
            data = {}
        else:
            try:
                data = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                raise ValueError(f"Request body is not valid JSON: {exc}") from None
    if request.path_params and isinstance(data, dict):
        data = {**data, **request.path_params}
    return data


def _reply(result: Any, status_code: int, headers: dict[str, str], request_id: str) -> Response:
    headers = {**headers, "x-request-id": request_id}
    content_type = next((value for name, value in headers.items() if name.lower() == "content-type"), None)
    # A response node that sets a non-JSON content type and a text body sends the text as is.
    if content_type is not None and "json" not in content_type.lower() and isinstance(result, str):
        return Response(result, status_code=status_code, headers=headers)
    return json_response(result, status_code, headers)


_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_of(request: Request) -> str:
    """The caller's X-Request-ID when it is a sane token (it is echoed and logged), else a new one."""
    given = request.headers.get("x-request-id", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


async def serve(workflow: Workflow, request: Request) -> Response:
    request_id = request_id_of(request)
    try:
        data = await trigger_data(request)
    except ValueError as exc:
        return json_response({"error": str(exc)}, 400, {"x-request-id": request_id})
    try:
        outcome = await workflow.run(data, request_id=request_id)
    except WorkflowError as exc:
        # The trace goes to the log only; the client gets what failed, where, and the id to find it.
        logger.error("request %s: %s", request_id, exc, exc_info=exc)
        body = {"error": exc.cause, "workflow": exc.workflow, "node": exc.node, "requestId": request_id}
        return json_response(body, 500, {"x-request-id": request_id})
    except Exception as exc:
        logger.error("request %s: workflow %s failed", request_id, workflow.name, exc_info=exc)
        body = {"error": describe(exc), "workflow": workflow.name, "node": None, "requestId": request_id}
        return json_response(body, 500, {"x-request-id": request_id})
    return _reply(outcome.result, outcome.status_code, outcome.headers, request_id)
