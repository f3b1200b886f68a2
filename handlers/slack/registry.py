"""One Bolt listener per kind of request, dispatching by id to the features' handlers.

Bolt tries every registered listener in turn for each request, and each try builds the injected
arguments for that listener's matcher (about 35 µs apiece). With some sixty listeners that was
most of the time spent before an ack. Features register through `Listeners` exactly as on a Bolt
app (`listeners.action(id)(fn)`, `.view(id)`, `.event(type)`); `install()` then registers a
single listener each for actions, views and events whose constraint is the set of known ids, so
unknown ids stay unhandled (404) as before, and the handler is looked up in a dict.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.listeners import Priority, WorkQueue
from bot.logs import frames_only
from handlers.slack.envelope import sealed_program
from handlers.slack.work import ACK_WAIT_SECONDS, bounded, busy_view_ack, notify_busy, priority_of
from storage.scope import program_scope

logger = logging.getLogger(__name__)

Handler = Callable[..., Any]
# The arguments a handler may ask for by name (the subset of Bolt's injection our handlers use).
INJECTABLE = frozenset(
    {"ack", "body", "client", "respond", "context", "logger", "say", "payload", "action", "view", "event"}
)


class _Route:
    def __init__(self, handler: Handler, kind: str = "") -> None:
        names = list(inspect.signature(handler).parameters)
        unknown = set(names) - INJECTABLE
        if unknown:
            raise TypeError(f"{handler.__qualname__} asks for {sorted(unknown)}, not injected by Listeners")
        self.handler = handler
        self.names = names
        self.kind = kind

    def __call__(self, kwargs: dict[str, Any]) -> Any:
        # A form submission acts in the program its modal was opened in (signed: see envelope.seal).
        view = kwargs.get("view") if self.kind == "view" else None
        program = sealed_program(view) if isinstance(view, dict) else None
        with program_scope(program):
            return self.handler(**{name: kwargs[name] for name in self.names})


class Listeners:
    """Collects listeners by id; `install` registers one Bolt listener per kind."""

    def __init__(self, app: App, work: WorkQueue | None = None) -> None:
        self.app = app
        self.work = work
        self._routes: dict[str, dict[str, _Route]] = {"action": {}, "view": {}, "event": {}}
        self._on_error: Handler | None = None

    def _add(self, kind: str, key: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if key in self._routes[kind]:
                raise ValueError(f"two {kind} listeners for {key!r}")
            self._routes[kind][key] = _Route(handler, kind)
            return handler

        return register

    def action(self, action_id: str) -> Callable[[Handler], Handler]:
        """Register a block action handler by action_id."""
        return self._add("action", action_id)

    def view(self, callback_id: str) -> Callable[[Handler], Handler]:
        """Register a view submission handler by callback_id."""
        return self._add("view", callback_id)

    def event(self, event_type: str) -> Callable[[Handler], Handler]:
        """Register an Events API handler by event type."""
        return self._add("event", event_type)

    def handles_view(self, callback_id: str) -> bool:
        """Whether a view submission with this callback_id has a handler."""
        return callback_id in self._routes["view"]

    def command(self, command: str) -> Callable[[Handler], Handler]:
        """Register a slash command directly with Bolt (there is one)."""
        decorator: Any = self.app.command(command)
        return decorator  # type: ignore[no-any-return]

    def use(self, middleware: Handler) -> None:
        """Add a global middleware."""
        self.app.use(middleware)

    def error(self, handler: Handler) -> None:
        """Set the global error handler (also told of failures in work done after an ack)."""
        self._on_error = handler
        self.app.error(handler)

    def report(self, error: Exception, body: dict[str, Any], request: Any = None) -> None:
        """Hand a failure in acknowledged work to the global error handler (Bolt no longer sees it).

        The request goes with it, so the handler still knows whether it came verified from Slack.
        """
        if self._on_error is None:
            logger.error("acknowledged work failed error=%s", type(error).__name__)
            return
        try:
            self._on_error(error=error, body=body, request=request)
        except Exception as failure:  # noqa: BLE001 - logged with frames only, never raised again
            logger.error("the error handler failed\n%s", frames_only(failure))

    @staticmethod
    def _pattern(keys: dict[str, _Route]) -> re.Pattern[str]:
        return re.compile("^(?:" + "|".join(re.escape(k) for k in sorted(keys)) + ")$")

    def install(self) -> None:
        """Register the dispatching listeners with Bolt (after every feature registered)."""
        for kind, register in (
            ("action", self.app.action),
            ("view", self.app.view),
            ("event", self.app.event),
        ):
            routes = self._routes[kind]
            if routes:
                register(self._pattern(routes))(_dispatcher(kind, routes, self))


def _dispatcher(kind: str, routes: dict[str, _Route], listeners: Listeners) -> Handler:
    """One Bolt listener for a kind; Bolt injects the arguments by these parameter names.

    Without a work queue the handler runs as Bolt calls it. With one (the app runs with
    process_before_response, so this is the request thread): an event is acknowledged at once and
    its handler queued; an action or form submission runs at once on a pool thread until it acks,
    and the request returns with that ack while the rest of the handler waits for its turn.
    """
    key = {"action": "action_id", "view": "callback_id", "event": "type"}[kind]

    def dispatch(
        ack: Any,
        body: Any,
        client: Any,
        respond: Any,
        context: Any,
        logger: Any,
        say: Any,
        payload: Any,
        request: Any,
    ) -> Any:
        kwargs = {
            "ack": ack,
            "body": body,
            "client": client,
            "respond": bounded(respond),
            "context": context,
            "logger": logger,
            "say": say,
            "payload": payload,
            kind: payload,
            "request": request,
        }
        route = routes[str(payload[key])]
        work = listeners.work
        if work is None:
            return route(kwargs)
        ticket = work.reserve(str(body.get("type") or kind))
        if ticket is None:
            _shed(kind, kwargs)
            return None
        if kind == "event":
            work.defer(ticket, Priority.NORMAL, lambda: _run_reporting(listeners, route, kwargs))
            return None
        work.start(ticket, priority_of(body), _until_ack(listeners, route, kwargs), ACK_WAIT_SECONDS)
        return None

    return dispatch


def _run_reporting(listeners: Listeners, route: _Route, kwargs: dict[str, Any]) -> None:
    try:
        route(kwargs)
    except Exception as exc:  # noqa: BLE001 - reported to the global error handler
        listeners.report(exc, kwargs["body"], kwargs.get("request"))


def _until_ack(
    listeners: Listeners, route: _Route, kwargs: dict[str, Any]
) -> Callable[[Callable[[], None]], None]:
    """The handler, with an ack that lets the request return and then waits for a worker."""

    def run(after_ack: Callable[[], None]) -> None:
        ack = kwargs["ack"]
        acked = False

        def ack_then_wait(*args: Any, **fields: Any) -> Any:
            nonlocal acked
            result = ack(*args, **fields)
            acked = True
            after_ack()
            return result

        try:
            route({**kwargs, "ack": ack_then_wait})
        except Exception as exc:
            if not acked:
                raise  # before the ack: the request fails as it would have (500, apology)
            listeners.report(exc, kwargs["body"], kwargs.get("request"))

    return run


def _shed(kind: str, kwargs: dict[str, Any]) -> None:
    """The queue is full: say so (events are only counted; Bolt acks them)."""
    logger.warning("work queue full: request shed kind=%s", kind)
    if kind == "view":
        busy_view_ack(kwargs["ack"], kwargs["payload"])
    elif kind == "action":
        kwargs["ack"]()
        notify_busy(kwargs["body"], kwargs["client"], kwargs["respond"])
