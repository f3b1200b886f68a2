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
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App

Handler = Callable[..., Any]
# The arguments a handler may ask for by name (the subset of Bolt's injection our handlers use).
INJECTABLE = frozenset(
    {"ack", "body", "client", "respond", "context", "logger", "say", "payload", "action", "view", "event"}
)


class _Route:
    def __init__(self, handler: Handler) -> None:
        names = list(inspect.signature(handler).parameters)
        unknown = set(names) - INJECTABLE
        if unknown:
            raise TypeError(f"{handler.__qualname__} asks for {sorted(unknown)}, not injected by Listeners")
        self.handler = handler
        self.names = names

    def __call__(self, kwargs: dict[str, Any]) -> Any:
        return self.handler(**{name: kwargs[name] for name in self.names})


class Listeners:
    """Collects listeners by id; `install` registers one Bolt listener per kind."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._routes: dict[str, dict[str, _Route]] = {"action": {}, "view": {}, "event": {}}

    def _add(self, kind: str, key: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if key in self._routes[kind]:
                raise ValueError(f"two {kind} listeners for {key!r}")
            self._routes[kind][key] = _Route(handler)
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
        """Set the global error handler."""
        self.app.error(handler)

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
                register(self._pattern(routes))(_dispatcher(kind, routes))


def _dispatcher(kind: str, routes: dict[str, _Route]) -> Handler:
    """One Bolt listener for a kind; Bolt injects the arguments by these parameter names."""
    key = {"action": "action_id", "view": "callback_id", "event": "type"}[kind]

    def dispatch(
        ack: Any, body: Any, client: Any, respond: Any, context: Any, logger: Any, say: Any, payload: Any
    ) -> Any:
        kwargs = {
            "ack": ack,
            "body": body,
            "client": client,
            "respond": respond,
            "context": context,
            "logger": logger,
            "say": say,
            "payload": payload,
            kind: payload,
        }
        return routes[str(payload[key])](kwargs)

    return dispatch
