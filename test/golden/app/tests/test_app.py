"""Smoke tests of the generated app. Run from the app folder: python -m pytest"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from main import app

PUBLIC = ["main_workflow"]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["status"] == "healthy"
    assert body["project"] == "demo"
    assert body["target"] == "local"
    assert body["workflows"] == PUBLIC
    assert set(body["requests"]) == {"total", "errors"}


def test_health_answers_head(client: TestClient) -> None:
    response = client.head("/health")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


def test_metrics(client: TestClient) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "catalyst_http_requests_total" in response.text


def test_index_lists_public_workflows(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert [w["name"] for w in response.json()["workflows"]] == PUBLIC


def test_public_route_1_main_workflow_answers(client: TestClient) -> None:
    response = client.request("POST", "/api/main", json={})
    assert response.status_code not in (404, 405)
    if response.status_code == 500:
        assert set(response.json()) == {"error", "workflow", "node", "requestId"}


def test_public_route_1_main_workflow_rejects_invalid_json(client: TestClient) -> None:
    response = client.request("POST", "/api/main", content=b"{not json")
    assert response.status_code == 400
    assert "error" in response.json()


def test_internal_1_extract_data_has_no_route(client: TestClient) -> None:
    assert client.post("/api/extract_data", json={}).status_code == 404


def test_internal_2_process_results_has_no_route(client: TestClient) -> None:
    assert client.post("/api/process_results", json={}).status_code == 404
