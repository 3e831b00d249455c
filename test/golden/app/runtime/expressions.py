"""Helpers that compiled expressions and templates call (DESIGN §5).

Expressions are compiled to calls of these functions at generation time; nothing here
evaluates text. The rules, chosen to be safe and unsurprising:

- A path step on a missing key, an index out of range or a value of the wrong type yields
  None, never an exception.
- `==`/`!=` compare values deeply; a boolean never equals a number (true != 1).
- `<`, `<=`, `>`, `>=` hold only between two numbers or two strings; anything else
  (None, mixed types) is false.
- `a in b`: substring for two strings, membership for a list, key for an object; else false.
- Truthiness (for `and`, `or`, `not` and conditions): None, false, 0, "", [] and {} are
  false; everything else is true. `a or b` and `a and b` return one of their operands, as
  in JavaScript and Python, so `{{ input.name or "anonymous" }}` gives a default.
- Text in templates: None becomes "", strings stay as they are, numbers and booleans are
  written as JSON writes them (1, 1.5, true), lists and objects as compact JSON.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import uuid
from typing import Any

from .config import env as _env
from .config import secret as _secret


def rt_get(value: Any, key: str | int) -> Any:
    if isinstance(value, dict):
        if isinstance(key, int):
            key = str(key)
        return value.get(key)
    if isinstance(value, (list, tuple, str)):
        index = key
        if isinstance(index, str):
            if not index.isdigit():
                return None
            index = int(index)
        if isinstance(index, bool) or index < 0 or index >= len(value):
            return None
        return value[index]
    return None


def rt_env(name: str) -> str | None:
    return _env(name)


def rt_secret(name: str) -> str | None:
    return _secret(name)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def rt_eq(left: Any, right: Any) -> bool:
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    try:
        return bool(left == right)
    except Exception:
        return False


def rt_ne(left: Any, right: Any) -> bool:
    return not rt_eq(left, right)


def _comparable(left: Any, right: Any) -> bool:
    if _is_number(left) and _is_number(right):
        return not (math.isnan(left) or math.isnan(right))
    return isinstance(left, str) and isinstance(right, str)


def rt_lt(left: Any, right: Any) -> bool:
    return _comparable(left, right) and left < right


def rt_le(left: Any, right: Any) -> bool:
    return _comparable(left, right) and left <= right


def rt_gt(left: Any, right: Any) -> bool:
    return _comparable(left, right) and left > right


def rt_ge(left: Any, right: Any) -> bool:
    return _comparable(left, right) and left >= right


def rt_in(needle: Any, haystack: Any) -> bool:
    if isinstance(haystack, str):
        return isinstance(needle, str) and needle in haystack
    if isinstance(haystack, (list, tuple)):
        return any(rt_eq(needle, item) for item in haystack)
    if isinstance(haystack, dict):
        return isinstance(needle, str) and needle in haystack
    return False


def rt_truthy(value: Any) -> bool:
    if value is None or value is False:
        return False
    if _is_number(value):
        return value != 0 and not math.isnan(value)
    if isinstance(value, (str, list, tuple, dict)):
        return len(value) > 0
    return True


def rt_and(left: Any, right: Any) -> Any:
    return right if rt_truthy(left) else left


def rt_or(left: Any, right: Any) -> Any:
    return left if rt_truthy(left) else right


def rt_not(value: Any) -> bool:
    return not rt_truthy(value)


def js_number(value: int | float) -> str:
    """A number as JSON.stringify writes it (ECMAScript Number::toString): 1 for 1.0,
    1e-7 for 1e-07, 123456789012345680000 for 1.2345678901234568e+20."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return "null"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest digits that round-trip, as JavaScript does; only the layout differs.
    mantissa, _, exp = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    fraction = "" if fraction == "0" else fraction
    exponent = int(exp) if exp else 0
    whole = whole.lstrip("0")
    if whole:
        point = len(whole) + exponent
    else:
        point = exponent - (len(fraction) - len(fraction.lstrip("0")))
    digits = (whole + fraction).lstrip("0").rstrip("0") or "0"
    count = len(digits)
    if count <= point <= 21:
        return sign + digits + "0" * (point - count)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    power = point - 1
    return sign + digits[0] + ("." + digits[1:] if count > 1 else "") + ("e+" if power >= 0 else "e-") + str(abs(power))


def _plain(value: Any) -> Any:
    """Values made plain for json.dumps: whole floats as integers, keys as text."""
    # Whole floats below 2**53 are exact integers: written as 1, not 1.0, like JSON.stringify.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    # NaN and infinities have no JSON form: null, as JSON.stringify writes them.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    return value


def _fallback(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # PostgreSQL numeric: whole values exactly (JSON has no size limit), others as
        # doubles; NaN and infinities as null.
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


# Built once: json.dumps with any option builds a new JSONEncoder on every call.
_ENCODERS = {
    ascii_only: json.JSONEncoder(
        ensure_ascii=ascii_only, separators=(",", ":"), default=_fallback, allow_nan=False
    )
    for ascii_only in (False, True)
}


def to_json(value: Any, ascii_only: bool = False) -> str:
    """Compact JSON like JSON.stringify; values JSON cannot hold become text, never an error."""
    encode = _ENCODERS[ascii_only].encode
    # Most values need no _plain: encode them as they are (all in C) and walk the value only
    # when the text shows a sign that _plain would change it (or a key was refused).
    try:
        text = encode(value)
    except (TypeError, ValueError):  # ValueError: NaN or an infinity, which _plain makes null
        text = None
    # The signs: a whole float ("2.0"; below 2**53 its repr always ends in ".0") or a dict
    # key True/False/None (json writes "true", _plain "True").
    if text is None or ".0" in text or '"true":' in text or '"false":' in text or '"null":' in text:
        text = encode(_plain(value))
    return text


def rt_text(value: Any) -> str:
    """An expression's value spliced into template text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    return to_json(value)
