"""Typed workflows (DESIGN §12): the helpers of the validators the compiler emits.

The checks themselves are plain Python in each workflow module, one function per schema,
written by the compiler (src/compiler/python/schema-validators.ts) with the messages of
src/model/json-schema.ts. A validator appends `(path, message)` to a list and returns the
value, with missing properties filled from their `default` (in a copy: the caller's data is
never changed). This module holds what they share: the JSON kind of a value, JSON equality,
the format checks, query-string conversion for GET, and how a problem list becomes a 400,
a 500 or a calling node's error.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .errors import NodeFailure

Problems = list[tuple[str, str]]
Check = Callable[[Any, str, Problems], Any]

# What `dict.get` answers for a missing property in the emitted validators (one lookup, not two).
MISSING = object()

# A client gets at most this many problems; a caller's error names at most MAX_IN_MESSAGE.
MAX_PROBLEMS = 50
MAX_IN_MESSAGE = 5


def json_kind(value: Any) -> str:
    """The JSON type of a value, in JSON Schema's words (1.0 is an integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def is_integer(value: Any) -> bool:
    if isinstance(value, int):
        return not isinstance(value, bool)
    return isinstance(value, float) and value.is_integer()


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality for enum and const: numbers by value, booleans apart from numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def one_of(value: Any, allowed: tuple[Any, ...]) -> bool:
    return any(json_equal(value, option) for option in allowed)


# The same patterns as FORMAT_PATTERNS in src/model/json-schema.ts. The emitted validators call
# `.fullmatch` on them directly; date and date-time add a calendar check (February 30).
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", re.ASCII)
_DATE_TIME = re.compile(
    r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])",
    re.ASCII,
)


def _real_day(text: str) -> bool:
    """The regex allows days up to 31; past the 28th, ask the calendar (leap years, 30-day months)."""
    if text[8:10] <= "28":
        return True
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def is_date(text: str) -> bool:
    return _DATE.fullmatch(text) is not None and _real_day(text)


def is_date_time(text: str) -> bool:
    return _DATE_TIME.fullmatch(text) is not None and _real_day(text)


_INTEGER_TEXT = re.compile(r"-?[0-9]+", re.ASCII)
_NUMBER_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)


def convert_query(data: dict[str, Any], types: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """GET: query strings turned into the scalar types the input schema gives their property
    ("3" → 3, "true" → True, "null" → None). A property that may be a string stays text; a
    value that fits none of the types is left as it is, for the check to report."""
    converted = dict(data)
    for name, allowed in types.items():
        text = converted.get(name)
        if not isinstance(text, str):
            continue
        if "null" in allowed and text == "null":
            converted[name] = None
        elif "boolean" in allowed and text in ("true", "false"):
            converted[name] = text == "true"
        elif "integer" in allowed and _INTEGER_TEXT.fullmatch(text):
            converted[name] = int(text)
        elif "number" in allowed and _NUMBER_TEXT.fullmatch(text):
            number = float(text)
            if math.isfinite(number):  # "1e999" stays text: JSON has no infinity
                converted[name] = int(text) if _INTEGER_TEXT.fullmatch(text) else number
    return converted


def as_problems(found: Problems) -> list[dict[str, str]]:
    return [{"path": path, "message": message} for path, message in found[:MAX_PROBLEMS]]


def summary(found: Problems) -> str:
    shown = "; ".join(f"{path} {message}" for path, message in found[:MAX_IN_MESSAGE])
    more = len(found) - MAX_IN_MESSAGE
    return f"{shown}; and {more} more" if more > 0 else shown


class Typed:
    """A workflow's input and output checks, as its module and the endpoint use them."""

    def __init__(
        self,
        workflow: str,
        check_input: Check | None = None,
        check_output: Check | None = None,
        query_types: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.workflow = workflow
        self.check_input = check_input
        self.check_output = check_output
        self.query_types = query_types or {}

    def request_input(self, data: Any, from_query: bool) -> tuple[Any, list[dict[str, str]]]:
        """An HTTP request's trigger data, converted (GET) and with defaults filled, and its problems."""
        if self.check_input is None:
            return data, []
        if from_query and self.query_types and isinstance(data, dict):
            data = convert_query(data, self.query_types)
        found: Problems = []
        data = self.check_input(data, "$", found)
        return data, as_problems(found)

    def output_problems(self, result: Any) -> list[dict[str, str]]:
        if self.check_output is None:
            return []
        found: Problems = []
        self.check_output(result, "$", found)
        return as_problems(found)

    def output_error(self, problems: list[dict[str, str]]) -> str:
        found = [(p["path"], p["message"]) for p in problems]
        return f'The result of workflow "{self.workflow}" does not match its outputSchema: {summary(found)}'

    def call_input(self, data: Any) -> Any:
        """A local call's input: checked, defaults filled; a mismatch fails the calling node."""
        if self.check_input is None:
            return data
        found: Problems = []
        data = self.check_input(data, "$", found)
        if found:
            raise NodeFailure(
                f'Input for workflow "{self.workflow}" does not match its inputSchema: {summary(found)}'
            )
        return data

    def call_output(self, outcome: Any) -> Any:
        """A run's result for a local caller, checked when it is a success (2xx)."""
        result = outcome.result
        if self.check_output is None or not 200 <= outcome.status_code < 300:
            return result
        found: Problems = []
        self.check_output(result, "$", found)
        if found:
            raise NodeFailure(
                f'The result of workflow "{self.workflow}" does not match its outputSchema: {summary(found)}'
            )
        return result


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def child_path(path: str, key: Any) -> str:
    """`path` extended by an object key, as src/model/json-path.ts writes it: `$.qty`, `$["a b"]`."""
    key = str(key)
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"
