"""The HTTP surface: /slack/events for Slack, /healthz and /metrics for operators (WSGI)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt import App
from sqlalchemy import text

from bot.app import SlackRequest
from bot.deps import Deps
from bot.edge import EDGE_VERIFIED, parse_body, request_kind, safe_id, shape_problem, verify_signature
from bot.listeners import ListenerPool
from bot.metrics import ACKS_OVER_BUDGET, REGISTRY, REQUEST_SECONDS

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
ACK_BUDGET_SECONDS = 3.0
MAX_BODY_BYTES = 1_000_000


def _status_line(status: int) -> str:
    """The WSGI status line for a code ("404 Not Found")."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Status"


def _content_length(environ: dict[str, Any]) -> int | None:
    """The declared body length: 0 when absent, None when not a non-negative integer."""
    value = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not value:
        return 0
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    return int(value)


def _plain(status: int, text: str, kind: str) -> tuple[int, list[tuple[str, str]], bytes, str]:
    return status, [("Content-Type", "text/plain")], text.encode(), kind


class WebApp:
    """A WSGI application routing Slack traffic to Bolt and serving health and metrics."""

    def __init__(
        self,
        bolt: App,
        deps: Deps,
        extra_routes: dict[str, Callable[..., Any]],
        listeners: ListenerPool,
    ) -> None:
        self.bolt = bolt
        self.deps = deps
        self.extra_routes = extra_routes
        self.listeners = listeners

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        start = time.perf_counter()
        kind = "-"
        try:
            if path == "/slack/events":
                if method != "POST":
                    return self._reply(start_response, 405, b"POST only", "text/plain")
                status, headers, body, kind = self._slack(environ)
                return self._reply(start_response, status, body, headers=headers)
            if path == "/healthz":
                return self._health(start_response)
            if path == "/metrics":
                return self._reply(start_response, 200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
            if path in self.extra_routes:
                status, headers, body = self.extra_routes[path](environ)
                return self._reply(start_response, status, body, headers=headers)
            return self._reply(start_response, 404, b"not found", "text/plain")
        finally:
            elapsed = time.perf_counter() - start
            REQUEST_SECONDS.labels(
                path
                if path in ("/slack/events", "/healthz", "/metrics") or path in self.extra_routes
                else "other",
                kind,
            ).observe(elapsed)
            if path == "/slack/events" and elapsed > ACK_BUDGET_SECONDS:
                ACKS_OVER_BUDGET.labels(kind).inc()

    def _slack(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes, str]:
        """Verify, read and check a Slack request, then hand it to Bolt.

        Order matters: the signature is checked over the raw bytes before anything parses them, so
        nothing from an unsigned body reaches a listener, the error handler or a log line.
        """
        raw = self._read_body(environ)
        if isinstance(raw, int):
            return _plain(
                raw, "too large" if raw == 413 else "bad length", "oversized" if raw == 413 else "malformed"
            )
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        secret = self.deps.settings.slack_signing_secret
        assert secret is not None  # noqa: S101 - checked by require_serving
        reason = verify_signature(
            secret.get_secret_value(),
            raw,
            headers.get("x-slack-request-timestamp"),
            headers.get("x-slack-signature"),
            time.time(),
        )
        if reason is not None:
            logger.warning("unsigned Slack request rejected reason=%s", reason)
            return _plain(401, "invalid request", "unsigned")
        try:
            body = raw.decode("utf-8")
            parsed = parse_body(body, headers.get("content-type"))
        except (ValueError, RecursionError):  # bad encoding, malformed JSON or payload
            logger.warning("malformed Slack request rejected kind=unparsable")
            return _plain(400, "malformed request", "malformed")
        kind = request_kind(parsed)
        problem = shape_problem(parsed)
        if problem is not None:
            self._log_malformed(kind, problem, parsed)
            return _plain(400, "malformed request", "malformed")
        try:
            request = SlackRequest(
                body=body,
                query=environ.get("QUERY_STRING"),
                headers=headers,
                context={EDGE_VERIFIED: True},
            )
            response = self.bolt.dispatch(request)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            # A second line: Bolt's own matchers assume well-formed payloads.
            self._log_malformed(kind, "payload", parsed)
            return _plain(400, "malformed request", "malformed")
        out_headers = [
            (k, v) for k, values in response.headers.items() for v in values if k.lower() != "content-length"
        ]
        return response.status, out_headers, response.body.encode("utf-8"), kind

    @staticmethod
    def _read_body(environ: dict[str, Any]) -> bytes | int:
        """The raw body, or the status to answer: 400 for a bad length, 413 when too large.

        A chunked body (no Content-Length; waitress de-chunks and sets one, other servers may not)
        is read up to the limit and refused past it.
        """
        length = _content_length(environ)
        if length is None:
            logger.warning("Slack request rejected: malformed Content-Length")
            return 400
        if length > MAX_BODY_BYTES:
            return 413
        stream = environ["wsgi.input"]
        if length:
            raw: bytes = stream.read(length)
            return raw
        if "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING") or "").lower():
            raw = stream.read(MAX_BODY_BYTES + 1)
            return 413 if len(raw) > MAX_BODY_BYTES else raw
        return b""

    @staticmethod
    def _log_malformed(kind: str, problem: str, body: Any) -> None:
        """One line, ids and field names only: never a value from the body."""
        team = user = "-"
        if isinstance(body, dict):
            team_field = body.get("team")
            team = safe_id(
                body.get("team_id") or (team_field.get("id") if isinstance(team_field, dict) else None)
            )
            user_field = body.get("user")
            user = safe_id(
                body.get("user_id") or (user_field.get("id") if isinstance(user_field, dict) else None)
            )
        logger.warning(
            "malformed Slack request rejected kind=%s field=%s team=%s user=%s", kind, problem, team, user
        )

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        try:
            with self.deps.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as err:  # noqa: BLE001 - any failure means unhealthy; no traceback per probe
            logger.warning("health check: database unreachable error=%s", type(err).__name__)
            body = json.dumps({"status": "unavailable", "database": "unreachable"}).encode()
            return self._reply(start_response, 503, body, "application/json")
        body = json.dumps({"status": "ok", "database": "ok"}).encode()
        return self._reply(start_response, 200, body, "application/json")

    @staticmethod
    def _reply(
        start_response: StartResponse,
        status: int,
        body: bytes,
        content_type: str | None = None,
        headers: list[tuple[str, str]] | None = None,
    ) -> Iterable[bytes]:
        out = list(headers or [])
        if content_type:
            out.append(("Content-Type", content_type))
        out.append(("Content-Length", str(len(body))))
        start_response(_status_line(status), out)
        return [body]
