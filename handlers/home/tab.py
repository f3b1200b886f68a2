"""The App Home tab: each person's dashboard. Features contribute sections (see `add_section`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.logs import frames_only
from bot.services import enrollment
from handlers.enrollment.blocks import profile_fields
from handlers.slack import ids, kit, texts
from handlers.slack.format import esc
from handlers.slack.help import build_help
from handlers.slack.interaction import Interaction, click
from handlers.slack.registry import Listeners

logger = logging.getLogger(__name__)

# A section provider returns blocks for a person's home: (deps, team_id, person record) -> blocks.
SectionProvider = Callable[[Deps, str, Any], list[dict[str, Any]]]


class Home:
    """Builds and publishes the App Home dashboard."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._sections: list[tuple[int, SectionProvider]] = []

    def add_section(self, order: int, provider: SectionProvider) -> None:
        """Add a feature's section; lower order comes first (profile is 0)."""
        self._sections.append((order, provider))
        self._sections.sort(key=lambda item: item[0])

    def build(self, team_id: str, user_id: str) -> dict[str, Any]:
        """Build the home view for a person."""
        person = enrollment.get_person(self.deps, team_id, user_id)
        with self.deps.uow(read_only=True) as uow:
            program = uow.programs.read_settings(team_id, self.deps.clock()).program_name
        if person is None or person.role is None:
            blocks = [
                kit.header(f"{program}"),
                kit.section(texts.HOME_WELCOME.format(program=esc(program))),
                kit.actions(
                    kit.button(texts.HOME_JOIN_BUTTON, ids.PROFILE_OPEN, "join", style="primary"),
                    kit.button(texts.HOME_HELP_BUTTON, ids.HOME_HELP, "help"),
                ),
            ]
            return kit.home(blocks)
        status = texts.STATUS_LABELS.get(person.status, person.status)
        blocks = [
            kit.header(f"{program}"),
            kit.section(
                f"Hi {esc(person.name) or 'there'}! You're in as *{texts.ROLE_LABELS.get(person.role, '')}* · {status}"
            ),
            kit.section("*Your profile*", fields=profile_fields(person)),
        ]
        buttons = [kit.button(texts.HOME_EDIT_BUTTON, ids.PROFILE_OPEN, "edit")]
        if person.role in ("mentee", "both"):
            buttons.insert(0, kit.button(texts.HOME_FIND_BUTTON, ids.HOME_FIND, "find", style="primary"))
        buttons.append(kit.button(texts.HOME_HELP_BUTTON, ids.HOME_HELP, "help"))
        blocks.append(kit.actions(*buttons))
        for _, provider in self._sections:
            try:
                blocks.extend(provider(self.deps, team_id, person))
            except Exception as err:  # noqa: BLE001 - one failing section must not blank the Home tab
                logger.error("home section failed team=%s user=%s\n%s", team_id, user_id, frames_only(err))
        return kit.home(blocks)

    def publish(self, client: WebClient, team_id: str, user_id: str) -> None:
        """Publish (refresh) a person's home tab."""
        client.views_publish(user_id=user_id, view=self.build(team_id, user_id))

    def handle_app_home_opened(self, event: dict[str, Any], client: WebClient, context: Any) -> None:
        """Publish the dashboard when someone opens the Home tab."""
        if event.get("tab") not in (None, "home"):
            return
        self.publish(client, str(context.team_id), str(event["user"]))

    def handle_help_click(self, i: Interaction) -> None:
        """Show the command overview in the person's DM with the bot."""
        i.client.chat_postMessage(channel=i.user_id, text=texts.HELP_FALLBACK, blocks=build_help())

    def register(self, app: Listeners) -> None:
        """Attach the home listeners."""
        app.event("app_home_opened")(self.handle_app_home_opened)
        app.action(ids.HOME_HELP)(click(self.handle_help_click))
