"""Demo scene: the same bot in development mode, reached over Socket Mode instead of HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import SecretStr

from bot.deps import build_deps
from bot.server import start_socket_mode
from devtools.emulator.socket_mode import APP_TOKEN, SocketModeSlack, SocketWorkspace

if TYPE_CHECKING:
    from devtools.demo import Demo


def run(demo: Demo) -> None:
    """A developer runs `mentorbot serve --socket`; Bo's next commands travel over the WebSocket."""
    demo.later(hours=1)
    demo.title("Epilogue for developers: the same bot over Socket Mode")
    socket = SocketModeSlack(demo.fake)
    settings = demo.deps.settings.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})
    deps = build_deps(settings, clock=demo.deps.clock)
    running = start_socket_mode(deps)
    try:
        socket.wait_connected()
        demo.narrate(
            "a developer runs `mentorbot serve --socket` with an app-level token: the bot asks Slack "
            "for a connection (apps.connections.open) and keeps one WebSocket open, no public URL needed"
        )
        bo = SocketWorkspace(demo.fake, socket, settle=running.settle).person("U0BO", "Bo Chen")
        demo.say(bo, "types /mentor help (delivered over the socket)")
        demo.command(bo, "help")
        demo.say(bo, "opens the bot's App Home")
        demo.open_home(bo)
        socket.disconnect()
        demo.narrate(
            "Slack asks the bot to reconnect, as it does every few hours; the bot opens a new connection"
        )
        demo.fake.wait_for(lambda: socket.opened >= 2, timeout=15)
        socket.wait_connected()
        demo.say(bo, "types /mentor jion (a typo) after the reconnect")
        demo.command(bo, "jion")
    finally:
        running.stop()
        socket.close()
        deps.engine.dispose()
