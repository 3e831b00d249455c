"""Env vars and secrets, read from the environment.

Env vars default to the project's values (set by main.py through `configure`) and the
environment overrides them. Secrets come only from the environment — never from a file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping

from .errors import NodeFailure
from .redact import redact_log_handlers

_env_defaults: dict[str, str] = {}


def configure(env_defaults: Mapping[str, str]) -> None:
    _env_defaults.clear()
    _env_defaults.update(env_defaults)


def env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value is not None else _env_defaults.get(name)


def secret(name: str) -> str | None:
    return os.environ.get(name) or None


def require_secret(name: str) -> str:
    value = secret(name)
    if value is None:
        raise NodeFailure(f"Secret {name} is not set; set the environment variable {name}")
    return value


def missing_secrets(names: Iterable[str]) -> list[str]:
    return sorted(name for name in names if not os.environ.get(name))


def check_secrets(names: Iterable[str]) -> None:
    """Fail at startup, naming every missing secret at once."""
    missing = missing_secrets(names)
    if missing:
        listed = ", ".join(missing)
        raise SystemExit(
            f"Missing secrets: {listed}. Set them as environment variables before starting the app."
        )


def setup_logging() -> None:
    """The app's own log lines ("catalyst.*") go to stderr at LOG_LEVEL (default INFO; an
    unknown level means INFO). Only this logger is configured, so uvicorn's lines are not
    doubled through the root logger. Every handler that writes the app's lines redacts them."""
    name = (env("LOG_LEVEL") or "INFO").upper()
    level = logging.getLevelName(name)
    logger = logging.getLogger("catalyst")
    logger.setLevel(level if isinstance(level, int) else logging.INFO)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.propagate = False
    # Security: secret values and URL credentials never reach a log line (DESIGN §7).
    redact_log_handlers()
