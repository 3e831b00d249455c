"""Keeping secret values out of error messages and log lines (DESIGN §7).

The values of the target's secrets are read from the environment once, at startup
(`protect_secrets`), and every error text that reaches a client and every log line goes
through `redact`: each value becomes `[secret NAME]`, and URLs lose their query string and
userinfo (where API keys and passwords usually travel). Only error and log paths pay for
this; a successful request never touches it.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

# (text to find, replacement), longest first so a secret that contains another is replaced whole.
_replacements: list[tuple[str, str]] = []

# scheme://[userinfo@]rest[?query][#fragment]; a URL ends at white space or a quote.
_URL = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^\s/?#@'\"<>]*@)?"
    r"(?P<rest>[^\s?#'\"<>]*)(?P<query>\?[^\s#'\"<>]*)?(?P<fragment>#[^\s'\"<>]*)?"
)


def protect_secrets(names: Iterable[str]) -> None:
    """Remember the values of these secrets (from the environment) to redact them.

    Every non-empty value is redacted, however short: a one-character secret makes
    messages hard to read, but leaking it is worse. A value is also looked for in the
    forms it takes inside URLs (percent-encoded) and JSON text (escaped)."""
    found: dict[str, str] = {}
    for name in names:
        value = os.environ.get(name)
        if not value:
            continue
        label = f"[secret {name}]"
        for form in (value, quote(value, safe=""), quote(value), json.dumps(value)[1:-1]):
            if form and len(form) >= len(found.get(form, "")):
                found.setdefault(form, label)
    _replacements[:] = sorted(found.items(), key=lambda item: -len(item[0]))


def safe_url(url: str) -> str:
    """A URL for a message: without its query string, fragment and userinfo."""
    return _URL.sub(_strip, url)


def _strip(match: re.Match[str]) -> str:
    return match.group("scheme") + match.group("rest")


def redact(text: str) -> str:
    """The text with URLs stripped to scheme, host and path, and every secret value replaced."""
    if "://" in text:
        text = _URL.sub(_strip, text)
    for value, label in _replacements:
        if value in text:
            text = text.replace(value, label)
    return text


def hide_secrets(value: Any) -> Any:
    """A JSON value (a trace's inputs and outputs) with every secret's value replaced by
    `[secret NAME]` in its strings and keys, and a number that spells one shown as the label.
    URLs stay whole: this is data to look at, not an error message."""
    if not _replacements:
        return value
    if isinstance(value, str):
        return _hide_in(value)
    if isinstance(value, dict):
        return {_hide_in(str(key)): hide_secrets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [hide_secrets(item) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = json.dumps(value)
        hidden = _hide_in(text)
        return value if hidden == text else hidden
    return value


def _hide_in(text: str) -> str:
    for secret, label in _replacements:
        if secret in text:
            text = text.replace(secret, label)
    return text


class RedactSecrets(logging.Filter):
    """On a handler: every record it writes, message and traceback, is redacted first.

    The message, each argument and the rendered traceback are redacted in place, so
    whichever formatter the handler uses later prints only redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The message and its arguments are redacted where they stand, keeping the arguments'
        # shape: formatters such as uvicorn's access formatter unpack them later.
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(_redact_arg(arg) for arg in args)
        elif isinstance(args, Mapping):
            record.args = {key: _redact_arg(value) for key, value in args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _redact_arg(arg: object) -> object:
    """A log argument with secrets redacted; numbers and None stay as they are for %d/%f."""
    if arg is None or isinstance(arg, (bool, int, float)):
        return arg
    return redact(arg if isinstance(arg, str) else str(arg))


_FILTER = RedactSecrets()

# The loggers whose handlers write this app's lines: its own and the server's.
LOGGER_NAMES = ("catalyst", "uvicorn", "uvicorn.error", "uvicorn.access", "")


def redact_log_handlers() -> None:
    """Put the redacting filter on every handler that writes this app's log lines (its own,
    uvicorn's and the root logger's), so no line reaches stderr around it."""
    for name in LOGGER_NAMES:
        for handler in logging.getLogger(name).handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
