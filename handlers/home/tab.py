"""The App Home tab: each person's dashboard, led by what to do next in their state."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.logs import frames_only
from bot.services import enrollment, home, programs
from handlers.home import blocks
from handlers.slack import ids, kit, texts
from handlers.slack.help import build_help
from handlers.slack.interaction import Interaction, click
from handlers.slack.registry import Listeners
from storage.scope import program_scope

logger = logging.getLogger(__name__)

# A feature's extra section: (deps, team_id, person record) -> blocks, shown after the mentorships.
SectionProvider = Callable[[Deps, str, Any], list[dict[str, Any]]]
# A program format that draws its whole section itself (circles): (team_id, user_id, program_id) -> blocks.
FormatSection = Callable[[str, str, int], list[dict[str, Any]]]


class Home:
    """Builds and publishes the App Home dashboard (see handlers/home/blocks.py for the layout)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._sections: list[tuple[int, SectionProvider]] = []
        self._formats: dict[str, FormatSection] = {}

    def add_format_section(self, program_format: str, provider: FormatSection) -> None:
        """Let a program format draw a member's whole section of that program (header first)."""
        self._formats[program_format] = provider

    def format_section(
        self, team_id: str, user_id: str, program_id: int | None
    ) -> list[dict[str, Any]] | None:
        """The section a program's format draws itself (header first), or None when it has none
        (`/mentor status` shows it too)."""
        if program_id is None or not self._formats:
            return None
        found = next((p for p in programs.list_programs(self.deps, team_id) if p.id == program_id), None)
        provider = self._formats.get(found.format) if found is not None else None
        return provider(team_id, user_id, program_id) if provider is not None else None

    def _own_sections(self, team_id: str, user_id: str, homes: Any) -> dict[int, list[dict[str, Any]]]:
        """The sections drawn by their format, for the programs the person is a member of."""
        if not self._formats:
            return {}
        formats = {p.id: p.format for p in programs.list_programs(self.deps, team_id)}
        drawn: dict[int, list[dict[str, Any]]] = {}
        for program_id, view in homes:
            provider = self._formats.get(formats.get(program_id, "")) if program_id is not None else None
            if provider is None or view.profile is None:
                continue
            try:
                drawn[program_id] = provider(team_id, user_id, program_id)
            except Exception as err:  # noqa: BLE001 - one failing section must not blank the Home tab
                logger.error(
                    "home format section failed team=%s user=%s\n%s", team_id, user_id, frames_only(err)
                )
        return drawn

    def add_section(self, order: int, provider: SectionProvider) -> None:
        """Add a feature's extra section (lower order first), shown after the mentorships and before
        the history and profile. The lead and its one primary button belong to the Home itself."""
        self._sections.append((order, provider))
        self._sections.sort(key=lambda item: item[0])

    def _extra(self, team_id: str, user_id: str) -> list[dict[str, Any]]:
        if not self._sections:
            return []
        person = enrollment.get_person(self.deps, team_id, user_id)
        found: list[dict[str, Any]] = []
        for _, provider in self._sections:
            try:
                found.extend(provider(self.deps, team_id, person))
            except Exception as err:  # noqa: BLE001 - one failing section must not blank the Home tab
                logger.error("home section failed team=%s user=%s\n%s", team_id, user_id, frames_only(err))
        return found

    def _is_admin(self, client: WebClient | None, team_id: str, view: home.HomeView, user_id: str) -> bool:
        """Whether to show the admin entry: listed admins and members of the admin channel (the
        membership list is cached by the admin gate). Every admin action is still checked in full."""
        if view.listed_admin:
            return True
        gate = self.deps.extras.get("admin_gate")
        if client is None or gate is None:
            return False
        try:
            channels = {p.admin_channel for p in programs.list_programs(self.deps, team_id)}
            if not channels:  # no program yet: its first will use the operator's admin channel
                channels = {self.deps.settings.mentorbot_admin_channel}
            return any(
                user_id in gate.channel_members(client, str(channel), user_id)
                for channel in channels
                if channel
            )
        except Exception as err:  # noqa: BLE001 - the admin entry must never blank the Home tab
            logger.info("home admin check failed user=%s\n%s", user_id, frames_only(err))
            return False

    def build(self, team_id: str, user_id: str, client: WebClient | None = None) -> dict[str, Any]:
        """Build the home view for a person: one section per program they are in."""
        found = home.homes_of(self.deps, team_id, user_id)
        sections: list[tuple[int | None, home.HomeView, list[dict[str, Any]]]] = []
        for program_id, view in found.homes:
            with program_scope(program_id):
                extra = self._extra(team_id, user_id) if view.profile is not None else []
            sections.append((program_id, view, extra))
        admin = any(v.profile is not None for _, v, _ in sections) and self._is_admin(
            client, team_id, sections[0][1], user_id
        )
        own = self._own_sections(team_id, user_id, found.homes)
        if len(sections) == 1 and sections[0][0] in own:
            return blocks.build_own_home(own[sections[0][0]], admin=admin)
        if len(sections) == 1:
            _, view, extra = sections[0]
            built = blocks.build_home(view, admin=admin, extra=extra)
            line = blocks.load_line(found.load)
            if line and view.profile is not None:
                built["blocks"] = kit.home([*built["blocks"][:1], kit.context(line), *built["blocks"][1:]])[
                    "blocks"
                ]
            return built
        return blocks.build_program_homes(sections, found.load, admin=admin, own=own)

    def publish(self, client: WebClient, team_id: str, user_id: str) -> None:
        """Publish (refresh) a person's home tab."""
        client.views_publish(user_id=user_id, view=self.build(team_id, user_id, client))

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
