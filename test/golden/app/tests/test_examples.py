"""The workflows' examples, run in-process through the Catalyst harness with their mocks.

What `catalyst test` checks (DESIGN §12): the status the endpoint would answer, then the
body as a subset. Run from the app folder: python -m pytest
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import main  # noqa: F401  (env defaults, logging and secret redaction, as when served)
from runtime.connections import close_pools
from runtime.examples import example_difference
from runtime.harness import respond

EXAMPLES = [
    pytest.param("main_workflow", {"userId": 42}, {}, {"status": 200, "body": {"result": {"customer": "User 42", "orderCount": 3, "total": 82, "largestOrder": 51}}}, id="main_workflow: user 42 totals three orders"),
    pytest.param("main_workflow", {"userId": 7}, {"extract": {"result": {"userId": 7, "customer": "Mocked customer", "orders": [{"sku": "SKU-BIG", "quantity": 4, "unitPrice": 25}]}, "workflow": "extract_data", "call_type": "local"}}, {"status": 200, "body": {"result": {"customer": "Mocked customer", "orderCount": 1, "total": 100, "summary": "Mocked customer placed 1 orders totalling 100"}}}, id="main_workflow: extract_data mocked: one big order"),
]


async def answer(workflow: str, input: Any, mocks: dict[str, Any]) -> dict[str, Any]:
    try:
        return await respond(workflow, input, mocks)
    finally:
        # Each example has its own event loop: the shared clients must not outlive it.
        await close_pools()


@pytest.mark.parametrize(("workflow", "input", "mocks", "expect"), EXAMPLES)
def test_example(workflow: str, input: Any, mocks: dict[str, Any], expect: dict[str, Any]) -> None:
    difference = example_difference(expect, asyncio.run(answer(workflow, input, mocks)))
    assert difference is None, str(difference)
