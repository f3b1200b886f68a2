"""Slack's end of Socket Mode, for tests: a WebSocket server the bot connects to.

The fake Web API answers `apps.connections.open` (with the app-level token) with this server's
`ws://` URL. Once the bot's client connects it gets a `hello`; `deliver` then pushes one envelope
(`slash_commands`, `interactive` or `events_api`, shaped as Slack sends them) and waits for the
bot's acknowledgement with the same `envelope_id`, whose `payload` is what an HTTP response body
would have carried. `SocketWorkspace` lets the same `Person` drive the bot over this socket.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from devtools.emulator.driver import Reply, Workspace
from devtools.emulator.server import FakeSlack

APP_TOKEN = "xapp-1-AEMULATOR-1-emulated"  # noqa: S105 - a fake app-level token for the emulator


class SocketModeSlack:
    """The WebSocket side of the fake Slack: hands out connection URLs, pushes envelopes, collects acks."""

    def __init__(self, fake: FakeSlack, app_token: str = APP_TOKEN) -> None:
        self.opened = 0  # how many connection URLs the bot asked for
        self._changed = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._server: Server = serve(self._session, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, name="socket-mode", daemon=True)
        self._thread.start()
        with fake.lock:
            fake.tokens.add(app_token)
            fake.extra_methods["apps.connections.open"] = self._open

    @property
    def port(self) -> int:
        """The loopback port the WebSocket server listens on."""
        port: int = self._server.socket.getsockname()[1]
        return port

    def _open(self, _params: dict[str, Any]) -> dict[str, Any]:
        with self._changed:
            self.opened += 1
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link/?ticket={uuid.uuid4()}&app_id=AEMULATOR"}

    def _session(self, conn: ServerConnection) -> None:
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "applink-emulator", "approximate_connection_time": 18060},
            "connection_info": {"app_id": "AEMULATOR"},
        }
        conn.send(json.dumps(hello))
        with self._changed:
            self._connections.append(conn)
            self._changed.notify_all()
        try:
            for raw in conn:
                message = json.loads(raw)
                if isinstance(message, dict) and "envelope_id" in message:
                    with self._changed:
                        self._acks[str(message["envelope_id"])] = message
                        self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                self._connections.remove(conn)
                self._changed.notify_all()

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Wait until the bot holds an open connection."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._connections, timeout):
                raise TimeoutError(f"the bot did not connect over Socket Mode within {timeout} s")

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 10.0,
    ) -> dict[str, Any]:
        """Push one envelope to the bot and return its acknowledgement."""
        envelope_id = f"env-{next(self._ids):06d}-{uuid.uuid4().hex[:8]}"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope.update(retry_attempt=retry_attempt, retry_reason=retry_reason)
        self.wait_connected(timeout)
        with self._changed:
            conn = self._connections[-1]
        conn.send(json.dumps(envelope))
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acks, timeout):
                raise TimeoutError(f"no acknowledgement for a {kind} envelope within {timeout} s")
            return self._acks.pop(envelope_id)

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the bot to reconnect, as Slack does every few hours."""
        with self._changed:
            conns = list(self._connections)
        for conn in conns:
            conn.send(
                json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "emulator"}})
            )

    def close(self) -> None:
        """Stop the WebSocket server."""
        self._server.shutdown()
        self._thread.join(timeout=5)


class SocketWorkspace(Workspace):
    """A workspace whose people reach the bot over Socket Mode instead of signed HTTP requests."""

    def __init__(self, fake: FakeSlack, socket: SocketModeSlack, **kwargs: Any) -> None:
        super().__init__(fake, "socket-mode://", "unused-in-socket-mode", **kwargs)
        self.socket = socket

    def _deliver(self, kind: str, payload: dict[str, Any], **options: Any) -> Reply:
        start = time.perf_counter()
        ack = self.socket.deliver(kind, payload, **options)
        elapsed = time.perf_counter() - start
        if self.settle is not None:
            self.settle()
        body = ack.get("payload")
        return Reply(200, json.dumps(body) if body else "", {}, elapsed)

    def post_form(self, fields: dict[str, str], **_http: Any) -> Reply:
        """Deliver a slash command."""
        return self._deliver("slash_commands", dict(fields), accepts_response_payload=True)

    def post_payload(self, payload: dict[str, Any], **_http: Any) -> Reply:
        """Deliver an interactivity payload."""
        return self._deliver("interactive", payload, accepts_response_payload=True)

    def post_event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> Reply:
        """Deliver an Events API callback (a retry carries retry_attempt, as Slack sends it)."""
        return self._deliver(
            "events_api",
            self.event_envelope(event, event_id),
            accepts_response_payload=False,
            retry_attempt=retry_num or 0,
            retry_reason="timeout" if retry_num else "",
        )
