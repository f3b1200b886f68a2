"""The one gate for values a Slack client sends: ids become bounded integers, text becomes clean.

Anything in a request can be forged (button values, overflow values, private_metadata, command
text, form fields, names from Slack profiles), so nothing from there reaches a service, the
database or a log without passing through here:

- `parse_id` turns an id into a positive integer that fits a BIGINT (1..2^63-1), or None: ASCII
  digits only (no sign, no spaces, no "²" or other Unicode digits, no floats or infinities).
- `clean_text` removes NUL and the other C0 control characters (keeping newline and tab), DEL, and
  unpaired UTF-16 surrogates, which PostgreSQL, SQLite's encoder or Slack would refuse.
"""

from __future__ import annotations

import re
from typing import Any

MAX_ID = 2**63 - 1
STALE_BUTTON = "That button is out of date. Type `/mentor status` to see where things stand."

_DIGITS = re.compile(r"[0-9]{1,19}")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,30})$")


def mentioned_user(word: str) -> str | None:
    """The Slack user id in a typed mention (`<@U123|name>`) or a bare id, else None."""
    match = MENTION.match(word.strip())
    return (match.group(1) or match.group(2)) if match else None


def parse_id(value: Any) -> int | None:
    """Return the id as an int in 1..2^63-1, or None when it is not exactly such a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def clean_text(value: str) -> str:
    """Remove control characters (but newline and tab) and lone surrogates from text."""
    return _UNSAFE.sub("", value) if _UNSAFE.search(value) else value


def clean_value(value: Any) -> Any:
    """Clean a text, or each text in a list; other values pass unchanged."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    return value
