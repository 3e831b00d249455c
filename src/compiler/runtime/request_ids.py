"""Request ids: 32 hex characters, unique in the process and not guessable across processes.

A per-process random half and a counter: as unique as uuid4 for logs, without reading
os.urandom on every request.
"""

from __future__ import annotations

import itertools
import secrets

_PREFIX = secrets.token_hex(8)
_counter = itertools.count(secrets.randbelow(1 << 32))


def new_request_id() -> str:
    return f"{_PREFIX}{next(_counter) & 0xFFFFFFFFFFFFFFFF:016x}"
