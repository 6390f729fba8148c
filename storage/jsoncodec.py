"""Documents to UTF-8 JSON bytes and back: fast, and exact about numbers.

A number in the vault is a whole number within signed 64 bits (money is integer cents,
time integer minutes). The encoder refuses anything else (a bigger integer, a fraction,
NaN). The decoder refuses as damage what it cannot hold exactly: an integer beyond signed
64 bits (orjson alone reads one beyond 64 bits back as an inexact float), a non-finite
number, NaN or Infinity (orjson refuses those itself).

Decoding is orjson plus a byte-level pre-check: only a record that may hold a digit run of
19 or more in a number's place goes through the strict (slower) standard-library parse.
The pre-check costs about as much as the decode saves by the garbage collector's handling
in storage/reading.py. Looking for fractions too would cost a sixth of the decode, so it
is done only for files of format 1 and 2 (``fractions=True``), whose encoders could write
them; format 3 is written by this encoder only, and a fraction the strict parse meets is
refused anyway.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from homeops.storage.errors import ValueNotStorable

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_DIGITS_19 = 19  # INT_MAX has 19 digits: a shorter run is always within bounds

# Digits become 0x00 and the characters that make a fraction or an exponent 0x01, so that
# C-speed ``find`` can look for a long digit run, or a digit followed by ".", "e" or "E".
_CLASSES = bytearray(range(256))
for _c in b"0123456789":
    _CLASSES[_c] = 0
for _c in b".eE":
    _CLASSES[_c] = 1
_TABLE = bytes(_CLASSES)
_RUN = b"\0" * _DIGITS_19
_FRACTION = b"\0\1"
_BEFORE_NUMBER = frozenset(b":,[")
_SPACE = frozenset(b" \t\r\n")


class Undecodable(ValueError):
    """A record's bytes are not JSON the vault writes (the readers call it damage)."""


def encode(obj: object, *, checked: bool = False) -> bytes:
    """``obj`` as compact UTF-8 JSON; raises ``ValueNotStorable`` for a number outside signed
    64 bits, any float, text that is not valid Unicode or a value JSON has no form for.

    ``checked=True`` skips the walk over every value: for data already checked on its way
    into memory (a snapshot of the live tables, where walking 100,000 documents would cost
    seven times the encoding itself)."""
    if not checked:
        _check_numbers(obj)
    try:
        return orjson.dumps(obj)
    except (TypeError, orjson.JSONEncodeError) as exc:
        raise ValueNotStorable(f"a value cannot be stored ({exc})") from None


def _check_numbers(obj: object) -> None:
    stack: list[Any] = [obj]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend(value.values())
        elif kind is list or kind is tuple:
            stack.extend(value)
        elif kind is int:
            if not INT_MIN <= value <= INT_MAX:
                raise ValueNotStorable(
                    "a whole number beyond 64 bits (the vault keeps numbers within "
                    "±9,223,372,036,854,775,807)"
                )
        elif kind is float:
            raise ValueNotStorable("a number with a fraction (the vault keeps whole numbers)")


def decode(data: bytes, *, fractions: bool = False) -> Any:
    """The JSON value in ``data``; raises ``Undecodable`` for what the vault never writes:
    invalid JSON or UTF-8, an integer beyond signed 64 bits, NaN or Infinity, and (when
    the strict parse runs: always with ``fractions=True``) a number with a fraction."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise Undecodable(f"not valid JSON ({_reason(exc)})") from None
    if _may_hold_a_bad_number(data, fractions):
        value = _strict(data)
    return value


def _reason(exc: orjson.JSONDecodeError) -> str:
    return exc.msg.split(":")[0]  # the kind of fault, never the text around it


def _strict(data: bytes) -> Any:
    def whole(text: str) -> int:
        number = int(text)
        if not INT_MIN <= number <= INT_MAX:
            raise Undecodable("a whole number beyond 64 bits")
        return number

    def fraction(_text: str) -> Any:
        raise Undecodable("a number with a fraction")

    def constant(_text: str) -> Any:
        raise Undecodable("NaN or Infinity")

    try:
        return json.loads(data, parse_int=whole, parse_float=fraction, parse_constant=constant)
    except RecursionError:
        raise Undecodable("nested too deep") from None
    except json.JSONDecodeError as exc:
        raise Undecodable(f"not valid JSON ({exc.msg})") from None


def _may_hold_a_bad_number(data: bytes, fractions: bool) -> bool:
    """Whether a number token might have 19 digits or more (or, with ``fractions``, a
    fraction or an exponent).

    Never wrong in the unsafe direction: a number token is a digit run after ":", "," or
    "[" (and maybe "-" and blanks); text that only looks like one ("ratio:1.5" inside a
    string) costs a strict parse of this record, nothing more."""
    classes = data.translate(_TABLE)
    for needle in (_RUN, _FRACTION) if fractions else (_RUN,):
        at = classes.find(needle)
        while at >= 0:
            if _in_number_place(data, classes, at):
                return True
            at = classes.find(needle, at + len(needle))
    return False


def _in_number_place(data: bytes, classes: bytes, at: int) -> bool:
    """Whether the digit run that reaches ``at`` starts where a JSON number can start."""
    i = at
    while i >= 0 and classes[i] == 0:
        i -= 1
    if i >= 0 and data[i] == 0x2D:  # "-"
        i -= 1
    while i >= 0 and data[i] in _SPACE:
        i -= 1
    return i < 0 or data[i] in _BEFORE_NUMBER
