"""The HTTP surface: /slack/events for Slack, /healthz and /metrics for operators (WSGI)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt import App
from sqlalchemy import text

from bot.app import SlackRequest
from bot.deps import Deps
from bot.listeners import ListenerPool
from bot.metrics import ACKS_OVER_BUDGET, REGISTRY, REQUEST_SECONDS

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
ACK_BUDGET_SECONDS = 3.0
MAX_BODY_BYTES = 1_000_000

_STATUS = {
    200: "200 OK",
    201: "201 Created",
    302: "302 Found",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    413: "413 Payload Too Large",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}


def _kind(body: dict[str, Any]) -> str:
    if "command" in body:
        return "command"
    return str(body.get("type") or "unknown")


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
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY_BYTES:
            return 413, [("Content-Type", "text/plain")], b"too large", "oversized"
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return 400, [("Content-Type", "text/plain")], b"bad encoding", "malformed"
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        try:
            request = SlackRequest(body=body, query=environ.get("QUERY_STRING"), headers=headers)
        except ValueError:  # a body Bolt cannot parse (malformed JSON or payload)
            return 400, [("Content-Type", "text/plain")], b"malformed request", "malformed"
        try:
            response = self.bolt.dispatch(request)
        except (KeyError, IndexError, TypeError, AttributeError):
            # Bolt's own matchers assume well-formed payloads; a signed but malformed one lands here.
            logger.warning("malformed Slack request rejected kind=%s", _kind(request.body))
            return 400, [("Content-Type", "text/plain")], b"malformed request", "malformed"
        out_headers = [
            (k, v) for k, values in response.headers.items() for v in values if k.lower() != "content-length"
        ]
        return response.status, out_headers, response.body.encode("utf-8"), _kind(request.body)

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        try:
            with self.deps.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:
            logger.exception("health check: database unreachable")
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
        start_response(_STATUS.get(status, f"{status} Status"), out)
        return [body]
