"""A circles program's own settings, as the program form asks for them and checks them.

Who may join (mentors, mentees or everyone), the circle sizes (min–max), how many weeks a circle
runs before re-forming, the meeting rhythm and the cooldown (rounds before two people may share a
circle again; empty: never, while others are available). Sizes are bounded by a group DM: Slack
opens one with at most 8 people, so a circle holds at most 8.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.deps import Deps
from bot.domain.cadence import CADENCES
from storage.records import ProgramRecord

AUDIENCES: Final = ("everyone", "mentors", "mentees")
MIN_SIZE: Final = 3
MAX_SIZE: Final = 8  # a group DM holds at most 8 people (conversations.open)
MIN_WEEKS: Final = 4
MAX_WEEKS: Final = 52
MAX_COOLDOWN: Final = 20


@dataclass(frozen=True)
class CircleSettingsInput:
    """The circle settings as typed in the form (unchecked text)."""

    audience: str = "everyone"
    min_size: str = "4"
    max_size: str = "6"
    weeks: str = "12"
    cadence: str = "biweekly"
    cooldown: str = ""


@dataclass(frozen=True)
class CircleSettings:
    """A circles program's settings, checked."""

    audience: str = "everyone"
    min_size: int = 4
    max_size: int = 6
    weeks: int = 12
    cadence: str = "biweekly"
    cooldown_rounds: int | None = None

    def as_input(self) -> CircleSettingsInput:
        """The settings as the form shows them."""
        return CircleSettingsInput(
            audience=self.audience,
            min_size=str(self.min_size),
            max_size=str(self.max_size),
            weeks=str(self.weeks),
            cadence=self.cadence,
            cooldown="" if self.cooldown_rounds is None else str(self.cooldown_rounds),
        )

    def columns(self) -> dict[str, object]:
        """The program's columns for these settings."""
        return {
            "circle_audience": self.audience,
            "circle_min_size": self.min_size,
            "circle_max_size": self.max_size,
            "circle_weeks": self.weeks,
            "circle_cadence": self.cadence,
            "circle_cooldown_rounds": self.cooldown_rounds,
        }


def settings_of(program: ProgramRecord) -> CircleSettings:
    """A program's circle settings as stored."""
    return CircleSettings(
        audience=program.circle_audience,
        min_size=program.circle_min_size,
        max_size=program.circle_max_size,
        weeks=program.circle_weeks,
        cadence=program.circle_cadence,
        cooldown_rounds=program.circle_cooldown_rounds,
    )


def _whole(text: str) -> int | None:
    value = (text or "").strip()
    if not value or not value.isascii() or not value.lstrip("-").isdigit() or len(value) > 6:
        return None
    return int(value)


def check_circle_settings(form: CircleSettingsInput) -> tuple[CircleSettings | None, dict[str, str]]:
    """Check the typed settings: the settings, or field errors (keys: circle_audience,
    circle_min_size, circle_max_size, circle_weeks, circle_cadence, circle_cooldown)."""
    errors: dict[str, str] = {}
    if form.audience not in AUDIENCES:
        errors["circle_audience"] = "Choose who may join: everyone, mentors only or mentees only."
    low, high = _whole(form.min_size), _whole(form.max_size)
    if low is None or not MIN_SIZE <= low <= MAX_SIZE:
        errors["circle_min_size"] = f"Use a whole number from {MIN_SIZE} to {MAX_SIZE}."
    if high is None or not MIN_SIZE <= high <= MAX_SIZE:
        errors["circle_max_size"] = (
            f"Use a whole number from {MIN_SIZE} to {MAX_SIZE} (a group DM holds at most {MAX_SIZE} people)."
        )
    elif low is not None and high < low:
        errors["circle_max_size"] = "The largest circle can't be smaller than the smallest."
    weeks = _whole(form.weeks)
    if weeks is None or not MIN_WEEKS <= weeks <= MAX_WEEKS:
        errors["circle_weeks"] = f"Use a whole number of weeks from {MIN_WEEKS} to {MAX_WEEKS}."
    if form.cadence not in CADENCES:
        errors["circle_cadence"] = "Choose weekly, every two weeks or monthly."
    cooldown: int | None = None
    if (form.cooldown or "").strip():
        cooldown = _whole(form.cooldown)
        if cooldown is None or not 0 <= cooldown <= MAX_COOLDOWN:
            errors["circle_cooldown"] = (
                f"Use a whole number of rounds from 0 to {MAX_COOLDOWN}, or leave it empty for "
                "never while others are available."
            )
    if errors or low is None or high is None or weeks is None:
        return None, errors
    return CircleSettings(form.audience, low, high, weeks, form.cadence, cooldown), {}


def settings_for(deps: Deps, team_id: str, program_id: int) -> CircleSettings | None:
    """A program's circle settings (None when it is not this workspace's)."""
    with deps.uow(read_only=True) as uow:
        program = uow.programs.program(team_id, program_id)
        return settings_of(program) if program is not None else None
