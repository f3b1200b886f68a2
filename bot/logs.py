"""Structured logs: one `key=value` line per record, ids only, and tokens redacted as a last defence.

Log calls already carry ids only (never message text or tokens). The redaction filter is defence
in depth: anything shaped like a Slack token (xoxb-, xoxp-, xoxa-, xoxe-, xoxe.xoxb-, xapp-) or a
Fernet token is replaced before a record reaches any handler, including third-party loggers.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

TOKEN = re.compile(r"\b(?:xox[abpers](?:\.xox[bp])?|xapp)-[A-Za-z0-9-]+")
FERNET = re.compile(r"\bgAAAAA[A-Za-z0-9_\-=]{20,}")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """Replace anything that looks like a Slack token or an encrypted token."""
    return FERNET.sub(REDACTED, TOKEN.sub(REDACTED, text))


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and exception text) with tokens redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def frames_only(error: BaseException) -> str:
    """The traceback of an error and its causes without their messages.

    An exception's message can quote what a person typed (a database error with its parameters, a
    ValueError with the literal it could not read), and logs carry ids only: so we log where it
    failed (files, lines, code) and the exception types, never str(error).
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"{frames}{type(current).__module__}.{type(current).__qualname__}")
        current = current.__cause__ or current.__context__
    return "\nwhile handling or caused by:\n".join(parts)


def _quote(value: str) -> str:
    if value and not any(c in value for c in ' "=\n\t'):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=… logger=… msg="…"` plus `exc="…"` for errors; safe for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        parts: list[tuple[str, Any]] = [
            ("ts", stamp.replace("+00:00", "Z")),
            ("level", record.levelname),
            ("logger", record.name),
            ("thread", record.threadName or "-"),
            ("msg", record.getMessage()),
        ]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            parts.append(("exc", record.exc_text))
        return redact(" ".join(f"{key}={_quote(str(value))}" for key, value in parts))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Writes to whatever sys.stderr is at the time of each record."""

    @property  # type: ignore[override,unused-ignore]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        return


def configure_logging(level: str, stream: Any = None) -> logging.Handler:
    """Log `key=value` lines to stderr with the redaction filter; quiet the SDKs' DEBUG bodies."""
    handler: logging.StreamHandler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()  # type: ignore[type-arg]
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_mentorbot", False):
            root.removeHandler(old)
    handler._mentorbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("slack_sdk", "slack_bolt", "urllib3"):
        logging.getLogger(name).setLevel(max(logging.getLevelName(level), logging.INFO))
    return handler
