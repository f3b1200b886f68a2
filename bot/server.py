"""Running the bot: a production WSGI server (waitress) with the scheduler beside it."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from waitress.server import create_server

from bot.app import create_app
from bot.config import SettingsError
from bot.deps import Deps
from bot.listeners import ListenerPool, WorkQueue
from bot.web import WebApp
from handlers.slack.gateway import SlackGateway
from handlers.slack.installations import oauth_routes

logger = logging.getLogger(__name__)

HTTP_THREADS = 16
# On shutdown, work already acknowledged to Slack gets this long to finish (a deploy's grace period).
DRAIN_SECONDS = 20.0
# Waitress holds a response back until 18 kB are buffered while its task runs, and its event loop
# spins on the writable socket meanwhile. Slack responses are tiny: send them at once.
SERVER_OPTIONS: dict[str, Any] = {"threads": HTTP_THREADS, "ident": "mentorbot", "send_bytes": 1}

# Hooks run once the app exists: (deps, bolt app) -> optional routes to add. Features that need
# their own HTTP routes (OAuth install) or background work register here.
StartupHook = Callable[[Deps, Any], dict[str, Callable[..., Any]] | None]
STARTUP_HOOKS: list[StartupHook] = []


@dataclass
class RunningBot:
    """A bot serving HTTP in a background thread (tests and the demo)."""

    url: str
    server: Any
    thread: threading.Thread
    deps: Deps
    listeners: ListenerPool
    stoppers: list[Callable[[], None]] = field(default_factory=list)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until every acknowledged request has finished its work; fail loudly if it hangs."""
        self.listeners.settle(timeout)

    def stop(self) -> None:
        """Stop serving and release resources."""
        for stop in self.stoppers:
            stop()
        stop_server(self.server, self.thread)
        self.listeners.drain(timeout=5)


def stop_server(server: Any, thread: threading.Thread) -> None:
    """Close a waitress server from another thread at once, and wait for its loop to end.

    The loop is asked to close the server itself (through its trigger), so it stops without waiting
    out its select timeout (whole seconds: waitress reads `asyncore_loop_timeout` as an int, and
    0.05 became 0, a loop that spun on the interpreter lock between requests).
    """
    closed = threading.Event()

    def close() -> None:
        with contextlib.suppress(OSError, ValueError):
            server.close()
        closed.set()

    with contextlib.suppress(OSError, ValueError, AttributeError):
        server.trigger.pull_trigger(close)
    thread.join(timeout=5)
    if not closed.is_set():  # the loop was not running: close from here
        close()


def build_wsgi(deps: Deps, gateway: SlackGateway | None = None) -> WebApp:
    """Create the Bolt app and wrap it in our WSGI router."""
    listeners = WorkQueue(deps.settings.mentorbot_listener_threads, deps.settings.mentorbot_work_queue_size)
    bolt = create_app(deps, gateway, listeners)
    routes: dict[str, Callable[..., Any]] = {}
    if bolt.oauth_flow is not None:
        routes.update(oauth_routes(bolt.oauth_flow))
    for hook in STARTUP_HOOKS:
        routes.update(hook(deps, bolt) or {})
    return WebApp(bolt, deps, routes, listeners)


def start_in_thread(
    deps: Deps, host: str = "127.0.0.1", port: int = 0, gateway: SlackGateway | None = None
) -> RunningBot:
    """Serve in a background thread on an ephemeral port; return a handle with the URL."""
    app = build_wsgi(deps, gateway)
    server = create_server(app, host=host, port=port, **SERVER_OPTIONS)

    def run() -> None:
        # Closing the server from another thread ends its loop with EBADF/ValueError: a clean stop.
        with contextlib.suppress(OSError, ValueError):
            server.run()

    thread = threading.Thread(target=run, name="http", daemon=True)
    thread.start()
    address = server.getsockname()  # type: ignore[union-attr]
    return RunningBot(
        url=f"http://{address[0]}:{address[1]}",
        server=server,
        thread=thread,
        deps=deps,
        listeners=app.listeners,
    )


def serve_forever(deps: Deps, host: str, port: int) -> None:
    """Serve until interrupted (`mentorbot serve`)."""
    app = build_wsgi(deps)
    server = create_server(app, host=host, port=port, **SERVER_OPTIONS)
    logger.info("serving on http://%s:%s (POST /slack/events, GET /healthz, GET /metrics)", host, port)
    try:
        server.run()
    finally:
        server.close()
        if not app.listeners.drain(DRAIN_SECONDS):
            logger.warning("stopped with listener work unfinished after %.0f s", DRAIN_SECONDS)


@dataclass
class SocketModeBot:
    """A bot connected to Slack over Socket Mode (development, tests)."""

    handler: Any
    deps: Deps
    listeners: ListenerPool

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until every acknowledged envelope has finished its work."""
        self.listeners.settle(timeout)

    def stop(self, drain_seconds: float = 5.0) -> None:
        """Close the connection, then let acknowledged work finish."""
        self.handler.close()
        self.listeners.drain(drain_seconds)


def start_socket_mode(deps: Deps, gateway: SlackGateway | None = None) -> SocketModeBot:
    """Open a Socket Mode connection (`apps.connections.open` with SLACK_APP_TOKEN) and return at once."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    token = deps.settings.slack_app_token
    if token is None:
        raise SettingsError("SLACK_APP_TOKEN is not set: --socket needs an app-level token (xapp-…)")
    listeners = WorkQueue(deps.settings.mentorbot_listener_threads, deps.settings.mentorbot_work_queue_size)
    bolt = create_app(deps, gateway, listeners)
    handler = SocketModeHandler(bolt, token.get_secret_value())
    handler.connect()  # type: ignore[no-untyped-call]
    return SocketModeBot(handler=handler, deps=deps, listeners=listeners)


def serve_socket_mode(deps: Deps) -> None:
    """Serve over Socket Mode (development): no public URL needed. Stops on SIGTERM or Ctrl-C."""
    running = start_socket_mode(deps)
    logger.info("connected to Slack over Socket Mode")
    try:
        threading.Event().wait()
    finally:
        running.stop(DRAIN_SECONDS)
