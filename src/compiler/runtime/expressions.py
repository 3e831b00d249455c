"""Helpers that compiled expressions and templates call (DESIGN §5).

Expressions are compiled to calls of these functions at generation time; nothing here
evaluates text. The rules, chosen to be safe and unsurprising (the README's expressions
table says the same for users):

- A path step on a missing key, an index out of range or a value of the wrong type yields
  None, never an exception.
- `==`/`!=` compare values deeply; a boolean never equals a number (true != 1).
- `<`, `<=`, `>`, `>=` hold only between two numbers or two strings; anything else
  (None, mixed types) is false.
- `a in b`: substring for two strings, membership for a list, key for an object; else false.
- Truthiness (for `and`, `or`, `not`, `?:` and conditions): None, false, 0, "", [] and {}
  are false; everything else is true. `a or b` and `a and b` return one of their operands,
  as in JavaScript and Python, so `{{ input.name or "anonymous" }}` gives a default.
- Text in templates: None becomes "", strings stay as they are, numbers and booleans are
  written as JSON writes them (1, 1.5, true), lists and objects as compact JSON.
- Arithmetic: a None operand gives None. `+` adds two numbers, joins two strings or two
  lists; `-`, `*`, `/`, `%` and unary `-` take numbers (booleans are not numbers). `/` of
  two integers is an integer when it divides evenly; `%` takes the sign of the left operand
  (as in JavaScript: -7 % 3 is -1). Anything else — dividing by zero, a string plus a
  number, a result too large for a number — raises ExpressionFailure.
- Functions: see each rt_ helper below. None in gives None out, except for the predicates
  (contains, startsWith, endsWith: false), str (""), bool (false) and json ("null").
  An argument of the wrong type raises ExpressionFailure.

ExpressionFailure says what went wrong; rt_field, around a config field whose expressions
can fail, adds the field, and the executor adds the workflow and the node.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import re
import uuid
from collections.abc import Callable
from typing import Any

from .config import env as _env
from .config import secret as _secret
from .errors import NodeFailure


class ExpressionFailure(NodeFailure):
    """An operator or function met values it cannot work with (see the module docstring)."""


def rt_field(where: str, compute: Callable[[], Any]) -> Any:
    """The value of a config field whose expressions can fail; a failure names the field."""
    try:
        return compute()
    except ExpressionFailure as exc:
        raise NodeFailure(f"field '{where}': {exc}") from exc


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


def _chunk_encoder(ascii_only: bool) -> Any:
    """The C encoder that JSONEncoder.encode builds anew on every call, built once: the same
    settings, the same output, as a function of (value, 0) answering the text in chunks.
    Without circular-reference markers (a shared markers dict would keep stale entries after
    a failed call); a cycle is a RecursionError either way, since _plain cannot flatten one.
    JSONEncoder.encode itself where there is no C encoder (another Python implementation)."""
    encoder = _ENCODERS[ascii_only]

    def fallback(value: Any, _level: int) -> tuple[str]:
        return (encoder.encode(value),)

    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return fallback
    escape = json.encoder.encode_basestring_ascii if ascii_only else json.encoder.encode_basestring
    try:
        return make(None, _fallback, escape, None, ":", ",", False, False, False)
    except TypeError:  # a future signature: the public path still works
        return fallback


_CHUNKS = {ascii_only: _chunk_encoder(ascii_only) for ascii_only in (False, True)}


def to_json(value: Any, ascii_only: bool = False) -> str:
    """Compact JSON like JSON.stringify; values JSON cannot hold become text, never an error."""
    chunks = _CHUNKS[ascii_only]
    # Most values need no _plain: encode them as they are (all in C) and walk the value only
    # when the text shows a sign that _plain would change it (or a key was refused).
    try:
        text = "".join(chunks(value, 0))
    except (TypeError, ValueError):  # ValueError: NaN or an infinity, which _plain makes null
        text = None
    # The signs: a whole float ("2.0"; below 2**53 its repr always ends in ".0") or a dict
    # key True/False/None (json writes "true", _plain "True").
    if text is None or ".0" in text or '"true":' in text or '"false":' in text or '"null":' in text:
        text = "".join(chunks(_plain(value), 0))
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


# --- Arithmetic -------------------------------------------------------------------------
# Each helper tries the common case first (exact int/float/str types; `type(x) is int` also
# rules out booleans) and leaves conversions and errors to a slower path.


def _kind(value: Any) -> str:
    """What a value is, for messages: never the value itself (it may be private)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _as_number(value: Any) -> int | float | None:
    """int and float as they are; a database's Decimal as an int or a float; else None."""
    kind = type(value)
    if kind is int or kind is float:
        return value
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None


_TOO_LARGE = "the result is too large for a number"


def _finite(value: int | float) -> int | float:
    if type(value) is float and not math.isfinite(value):
        raise ExpressionFailure(_TOO_LARGE)
    return value


_OP_NAMES = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "take the remainder of"}


def _numbers(op: str, left: Any, right: Any) -> tuple[int | float, int | float]:
    a, b = _as_number(left), _as_number(right)
    if a is None or b is None:
        hint = ""
        if isinstance(left, str) or isinstance(right, str):
            hint = ": convert text with float() or int() first"
        raise ExpressionFailure(f"'{op}' needs two numbers, got {_kind(left)} and {_kind(right)}{hint}")
    return a, b


def _arith(op: str, left: int | float, right: int | float) -> int | float:
    """`left op right` for two numbers (+, -, * only); a float result must be finite."""
    try:
        result = left + right if op == "+" else left - right if op == "-" else left * right
    except OverflowError:  # an integer too large to become a float
        raise ExpressionFailure(_TOO_LARGE) from None
    if type(result) is float and not math.isfinite(result):
        raise ExpressionFailure(_TOO_LARGE)
    return result


def rt_add(left: Any, right: Any) -> Any:
    """`left + right`: numbers add, strings and lists join; None if either is None."""
    if left is None or right is None:
        return None
    tl, tr = type(left), type(right)
    if tl is int and tr is int:
        return left + right
    if tl is str and tr is str:
        return left + right
    if (tl is int or tl is float) and (tr is int or tr is float):
        return _arith("+", left, right)
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return [*left, *right]
    if isinstance(left, str) or isinstance(right, str):
        other = right if isinstance(left, str) else left
        raise ExpressionFailure(
            f"'+' cannot join a string and {_kind(other)}: write str(x) to join as text, "
            "or float(x) to add as numbers"
        )
    return _arith("+", *_numbers("+", left, right))


def rt_sub(left: Any, right: Any) -> Any:
    if left is None or right is None:
        return None
    if type(left) is int and type(right) is int:
        return left - right
    return _arith("-", *_numbers("-", left, right))


def rt_mul(left: Any, right: Any) -> Any:
    if left is None or right is None:
        return None
    if type(left) is int and type(right) is int:
        return left * right
    return _arith("*", *_numbers("*", left, right))


def rt_div(left: Any, right: Any) -> Any:
    """`left / right`; two integers that divide evenly give an integer (exact, any size)."""
    if left is None or right is None:
        return None
    a, b = _numbers("/", left, right)
    if b == 0:
        raise ExpressionFailure("division by zero")
    if type(a) is int and type(b) is int and a % b == 0:
        return a // b
    try:
        return _finite(a / b)
    except OverflowError:
        raise ExpressionFailure(_TOO_LARGE) from None


def rt_mod(left: Any, right: Any) -> Any:
    """`left % right` with the sign of left, as in JavaScript (-7 % 3 == -1)."""
    if left is None or right is None:
        return None
    a, b = _numbers("%", left, right)
    if b == 0:
        raise ExpressionFailure("division by zero (in '%')")
    if type(a) is int and type(b) is int:
        rest = abs(a) % abs(b)
        return -rest if a < 0 else rest
    try:
        return math.fmod(a, b)
    except OverflowError:
        raise ExpressionFailure(_TOO_LARGE) from None


def rt_neg(value: Any) -> Any:
    if value is None:
        return None
    number = _as_number(value)
    if number is None:
        raise ExpressionFailure(f"'-' needs a number, got {_kind(value)}")
    return -number


def rt_coalesce(value: Any, fallback: Any) -> Any:
    """`value ?? fallback` (and `default(value, fallback)`): value unless it is None."""
    return fallback if value is None else value


# --- The function library (DESIGN §5) -----------------------------------------------------


def _string(fn: str, value: Any, what: str = "a string") -> str:
    if type(value) is not str:
        raise ExpressionFailure(f"{fn}() takes {what}, got {_kind(value)}")
    return value


def _number(fn: str, value: Any) -> int | float:
    number = _as_number(value)
    if number is None:
        raise ExpressionFailure(f"{fn}() takes a number, got {_kind(value)}")
    if type(number) is float and not math.isfinite(number):  # json.loads reads Infinity and NaN
        raise ExpressionFailure(f"{fn}() takes a finite number")
    return number


def rt_len(value: Any) -> int | None:
    """Characters of a string (code points), items of a list, keys of an object."""
    if value is None:
        return None
    if isinstance(value, (str, list, tuple, dict)):
        return len(value)
    raise ExpressionFailure(f"len() takes a string, a list or an object, got {_kind(value)}")


def rt_lower(value: Any) -> str | None:
    return None if value is None else _string("lower", value).lower()


def rt_upper(value: Any) -> str | None:
    return None if value is None else _string("upper", value).upper()


def rt_trim(value: Any) -> str | None:
    return None if value is None else _string("trim", value).strip()


def rt_split(value: Any, separator: Any) -> list[str] | None:
    """Splits at every separator; an empty separator gives the characters (as in JavaScript)."""
    if value is None:
        return None
    text = _string("split", value)
    sep = _string("split", separator, "a string as the separator")
    return list(text) if sep == "" else text.split(sep)


def rt_join(value: Any, separator: Any) -> str | None:
    """Items as template text (None as "", numbers as JSON writes them), separator between."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        raise ExpressionFailure(f"join() takes a list, got {_kind(value)}")
    sep = _string("join", separator, "a string as the separator")
    return sep.join(rt_text(item) for item in value)


def rt_replace(value: Any, old: Any, new: Any) -> str | None:
    """Every occurrence of old replaced by new."""
    if value is None:
        return None
    text = _string("replace", value)
    find = _string("replace", old, "a string to find")
    return text.replace(find, _string("replace", new, "a string to put in"))


def rt_contains(haystack: Any, needle: Any) -> bool:
    """Same as `needle in haystack`."""
    return rt_in(needle, haystack)


def rt_starts_with(value: Any, prefix: Any) -> bool:
    if value is None:
        return False
    text = _string("startsWith", value)
    return text.startswith(_string("startsWith", prefix, "a string as the prefix"))


def rt_ends_with(value: Any, suffix: Any) -> bool:
    if value is None:
        return False
    text = _string("endsWith", value)
    return text.endswith(_string("endsWith", suffix, "a string as the suffix"))


def rt_round(value: Any, digits: Any = 0) -> int | float | None:
    """Half away from zero, on the number as written (its shortest decimal form), as people
    round by hand: round(2.5) == 3, round(-2.5) == -3, round(1.005, 2) == 1.01."""
    if value is None:
        return None
    number = _number("round", value)
    if type(digits) is float and digits.is_integer():
        digits = int(digits)
    if type(digits) is not int:
        raise ExpressionFailure(f"round() takes a whole number of digits, got {_kind(digits)}")
    if type(number) is int and digits >= 0:
        return number
    exact = decimal.Decimal(repr(number))
    exponent = exact.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -digits:
        return number  # already no finer than asked
    with decimal.localcontext() as ctx:
        # Enough precision for the number's own digits, so quantize never runs out of room.
        ctx.prec = len(exact.as_tuple().digits) + 2
        try:
            rounded = exact.quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_UP)
        except decimal.InvalidOperation:
            raise ExpressionFailure("round() got more digits than a number has") from None
    return int(rounded) if digits <= 0 else float(rounded)


def rt_floor(value: Any) -> int | None:
    return None if value is None else math.floor(_number("floor", value))


def rt_ceil(value: Any) -> int | None:
    return None if value is None else math.ceil(_number("ceil", value))


def rt_abs(value: Any) -> int | float | None:
    return None if value is None else abs(_number("abs", value))


def _extreme(fn: str, values: tuple[Any, ...], pick: Callable[..., Any]) -> Any:
    items = values[0] if len(values) == 1 and isinstance(values[0], (list, tuple)) else values
    present = [item for item in items if item is not None]
    if not present:
        return None
    numbers = [_as_number(item) for item in present]
    if all(number is not None for number in numbers):
        return pick(numbers)
    if all(type(item) is str for item in present):
        return pick(present)
    kinds = sorted({_kind(item) for item in present})
    raise ExpressionFailure(f"{fn}() compares numbers or strings, not {' and '.join(kinds)}")


def rt_min(*values: Any) -> Any:
    """The smallest of the arguments, or of the one list given; None values are skipped."""
    return _extreme("min", values, min)


def rt_max(*values: Any) -> Any:
    return _extreme("max", values, max)


def rt_sum(value: Any) -> int | float | None:
    """The total of a list of numbers (None items skipped); 0 for an empty list."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        raise ExpressionFailure(f"sum() takes a list, got {_kind(value)}")
    total: int | float = 0
    for item in value:
        if item is None:
            continue
        number = _as_number(item)
        if number is None:
            raise ExpressionFailure(f"sum() adds numbers, but the list holds {_kind(item)}")
        try:
            total += number
        except OverflowError:
            raise ExpressionFailure(_TOO_LARGE) from None
    return _finite(total)


_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER_TEXT = re.compile(r"[+-]?\d+")


def _parse_number(fn: str, text: str) -> int | float:
    text = text.strip()
    if _INTEGER_TEXT.fullmatch(text):
        return int(text)
    if _NUMBER_TEXT.fullmatch(text):
        return _finite(float(text))
    raise ExpressionFailure(f"{fn}() cannot read a number from the string (write digits, like 42 or 3.5)")


def rt_int(value: Any) -> int | None:
    """A whole number: numbers and number text are cut toward zero ("3.7" → 3, -3.7 → -3)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    number = _parse_number("int", value) if isinstance(value, str) else _number("int", value)
    try:
        return int(number)
    except (OverflowError, ValueError):
        raise ExpressionFailure("int() got a number too large to convert") from None


def rt_float(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    number = _parse_number("float", value) if isinstance(value, str) else _number("float", value)
    try:
        return _finite(float(number))
    except OverflowError:
        raise ExpressionFailure("the result is too large for a number") from None


def rt_keys(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ExpressionFailure(f"keys() takes an object, got {_kind(value)}")
    return list(value)


def rt_values(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ExpressionFailure(f"values() takes an object, got {_kind(value)}")
    return list(value.values())


def rt_json(value: Any) -> str:
    """JSON text, exactly as the app writes its responses."""
    return to_json(value)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def rt_parse_json(value: Any) -> Any:
    """The value of JSON text; a value that is not a string is taken as already parsed."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value, parse_constant=_no_constant)
    except ValueError as exc:  # json.JSONDecodeError included; its message has no content
        raise ExpressionFailure(f"parseJson() got a string that is not JSON ({exc})") from None
    except RecursionError:
        raise ExpressionFailure("parseJson() got JSON nested too deep") from None


def rt_now() -> str:
    """The current time in UTC as ISO 8601 with milliseconds and Z, like JavaScript's toISOString."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
