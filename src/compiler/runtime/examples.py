"""Examples (DESIGN §12): how an answer is matched against what an example expects.

The same rules as src/model/examples.ts (`firstDifference`, `exampleDifference`,
`describeDifference`), which `catalyst test` uses; both are tested on one table of cases.
The generated tests/test_examples.py asserts with these, so the app's own CI keeps them.

Subset matching: an object matches when every key it lists matches (recursively; other
keys are ignored), an array when it has the same length and each element matches, a scalar
when equal — numbers by value (1 equals 1.0), booleans apart from numbers.
"""

from __future__ import annotations

import json
from typing import Any

from .schema import child_path

DEFAULT_EXPECTED_STATUS = 200
_SHOW_MAX = 200


class Difference:
    """Where an answer first differs: `status`, or a JSON path into the body."""

    __slots__ = ("actual", "expected", "missing", "path")

    def __init__(self, path: str, expected: Any, actual: Any, missing: bool = False) -> None:
        self.path = path
        self.expected = expected
        self.actual = actual
        self.missing = missing

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "expected": self.expected, "actual": self.actual}

    def __str__(self) -> str:
        got = "nothing (the key is missing)" if self.missing else _show(self.actual)
        return f"{self.path}: expected {_show(self.expected)}, got {got}"


def first_difference(expected: Any, actual: Any, path: str = "$") -> Difference | None:
    """The first place where `actual` does not match `expected` (keys in `expected`'s order)."""
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
            return Difference(path, expected, actual)
        for index, item in enumerate(expected):
            found = first_difference(item, actual[index], f"{path}[{index}]")
            if found is not None:
                return found
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return Difference(path, expected, actual)
        for key, value in expected.items():
            at = child_path(path, key)
            if key not in actual:
                return Difference(at, value, None, missing=True)
            found = first_difference(value, actual[key], at)
            if found is not None:
                return found
        return None
    return None if _scalar_equal(expected, actual) else Difference(path, expected, actual)


def _scalar_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, (dict, list, tuple)) or isinstance(b, (dict, list, tuple)):
        return False
    return type(a) is type(b) and a == b


def example_difference(expect: dict[str, Any], answer: dict[str, Any]) -> Difference | None:
    """The first way an answer ({"status", "body"}) fails an example's `expect`: status, then body."""
    status = expect.get("status", DEFAULT_EXPECTED_STATUS)
    if answer["status"] != status:
        return Difference("status", status, answer["status"])
    if "body" not in expect:
        return None
    return first_difference(expect["body"], answer["body"])


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 1] + "…"
