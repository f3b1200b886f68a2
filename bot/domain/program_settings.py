"""Program settings an admin edits in Slack, and the rules that make them valid.

Rules:
- The program name is 1..100 characters on one line.
- The default cadence is weekly, biweekly or monthly; the default length is 1..104 weeks.
- The check-in hour is a whole hour in 7..20 local time (never in quiet hours).
- Mentor requests expire after 1..30 days without an answer.
- Matching weights (topic, hours, cadence, format, cross_department) are finite, non-negative
  numbers of at most 100 each whose sum is above zero; they need not sum to 1.
- The repeat cooldown is a number of days (0..3650) after which two people who were a pair may
  be matched again, or "never" (empty means never too).
- The celebration channel is a Slack channel id (C… or G…), or none.
- The program time zone is an IANA name (case and spaces forgiven; a near miss gets a "did you
  mean"); empty means UTC. Channel messages (the weekly admin digest) follow it.
- The report threshold is a whole number of people, 3..50 (default 5): a report figure computed
  from private answers (reflection scores, ratings) is hidden with fewer people behind it.
- Scheduled rounds: every 1..12 weeks on a weekday, or off (bot.domain.round_schedule); a
  scheduled round is proposed to the admin channel, or approved by itself when the program says so.
- Validation is all-or-nothing: any invalid field means nothing is saved.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Final

from bot.domain.program_health import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD
from bot.domain.round_schedule import parse_every
from bot.domain.zones import canonical_zone, closest_zones

CADENCES: Final = ("weekly", "biweekly", "monthly")
WEIGHT_NAMES: Final = ("topic", "hours", "cadence", "format", "cross_department")
DEFAULT_WEIGHTS: Final[dict[str, float]] = {
    "topic": 0.55,
    "hours": 0.2,
    "cadence": 0.1,
    "format": 0.05,
    "cross_department": 0.1,
}
MAX_NAME: Final = 100
MIN_WEEKS, MAX_WEEKS = 1, 104
MIN_HOUR, MAX_HOUR = 7, 20
MIN_EXPIRY, MAX_EXPIRY = 1, 30
MAX_COOLDOWN: Final = 3650
MAX_WEIGHT: Final = 100.0
NEVER_WORDS: Final = ("", "never", "no", "none", "-")
_CHANNEL: Final = re.compile(r"^[CG][A-Z0-9]{2,30}$")


@dataclass(frozen=True)
class SettingsInput:
    """Raw values as typed in the settings form (strings, or None when left empty)."""

    program_name: str | None
    default_cadence: str | None
    program_length_weeks: str | None
    check_in_hour: str | None
    request_expiry_days: str | None
    weights: dict[str, str | None]
    repeat_cooldown: str | None
    celebration_channel: str | None
    allow_shoutouts: bool
    time_zone: str | None = None
    report_threshold: str | None = None  # None: the form had no such field (the default stays)
    round_every: str | None = None
    round_weekday: str | None = None
    round_auto_approve: bool = False


@dataclass(frozen=True)
class ProgramSettings:
    """Valid program settings."""

    program_name: str
    default_cadence: str
    program_length_weeks: int
    check_in_hour: int
    request_expiry_days: int
    weights: dict[str, float]
    repeat_cooldown_days: int | None
    celebration_channel: str | None
    allow_shoutouts: bool
    time_zone: str = "UTC"
    report_threshold: int = DEFAULT_THRESHOLD
    round_every_weeks: int | None = None
    round_weekday: int = 0
    round_auto_approve: bool = False


@dataclass(frozen=True)
class SettingsErrors:
    """Field name (a SettingsInput field, or `weight_<name>`) -> what to fix."""

    fields: dict[str, str] = field(default_factory=dict)


def _whole(text: str | None, low: int, high: int, what: str, errors: dict[str, str], name: str) -> int:
    raw = (text or "").strip()
    try:
        value = int(raw)
    except ValueError:
        errors[name] = f"Enter {what} as a whole number from {low} to {high}."
        return low
    if not low <= value <= high:
        errors[name] = f"Enter {what} from {low} to {high}."
    return value


def _weight(text: str | None, name: str, errors: dict[str, str]) -> float:
    raw = (text or "").strip().replace(",", ".")
    key = f"weight_{name}"
    if not raw:
        errors[key] = "Enter a number, 0 or more (0 turns this part off)."
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        errors[key] = "Enter a number such as 0.25 (0 or more)."
        return 0.0
    if not math.isfinite(value) or value < 0:
        errors[key] = "Enter a number that is 0 or more."
        return 0.0
    if value > MAX_WEIGHT:
        errors[key] = f"Enter at most {MAX_WEIGHT:g}; only the proportions between weights matter."
        return 0.0
    return value


def parse_cooldown(text: str | None) -> int | str | None:
    """Return the cooldown in days, None for never, or an error message."""
    raw = (text or "").strip().lower()
    if raw in NEVER_WORDS:
        return None
    raw = raw.removesuffix("days").removesuffix("day").strip()
    try:
        days = int(raw)
    except ValueError:
        return f'Enter a number of days from 0 to {MAX_COOLDOWN}, or "never".'
    if not 0 <= days <= MAX_COOLDOWN:
        return f'Enter a number of days from 0 to {MAX_COOLDOWN}, or "never".'
    return days


def parse_time_zone(text: str | None) -> str | tuple[str]:
    """Return the zone's IANA name, or a one-item tuple holding what to fix."""
    raw = (text or "").strip()
    if not raw:
        return "UTC"
    found = canonical_zone(raw)
    if found is not None:
        return found
    close = closest_zones(raw)
    if close:
        options = close[0] if len(close) == 1 else ", ".join(close[:-1]) + " or " + close[-1]
        return (f"Not a time zone I know. Did you mean {options}?",)
    return ("Enter an IANA time zone such as Europe/Berlin, America/New_York or UTC.",)


def validate_settings(data: SettingsInput) -> ProgramSettings | SettingsErrors:
    """Check every field; return the settings, or every problem found (nothing partial)."""
    errors: dict[str, str] = {}
    name = " ".join((data.program_name or "").split())
    if not name:
        errors["program_name"] = "Give the program a name, for example “Engineering Mentorship”."
    elif len(name) > MAX_NAME:
        errors["program_name"] = f"Keep the name to {MAX_NAME} characters or fewer."
    cadence = (data.default_cadence or "").strip().lower()
    if cadence not in CADENCES:
        errors["default_cadence"] = "Choose weekly, every two weeks or monthly."
    weeks = _whole(
        data.program_length_weeks, MIN_WEEKS, MAX_WEEKS, "the length in weeks", errors, "program_length_weeks"
    )
    hour = _whole(data.check_in_hour, MIN_HOUR, MAX_HOUR, "the hour", errors, "check_in_hour")
    expiry = _whole(
        data.request_expiry_days, MIN_EXPIRY, MAX_EXPIRY, "the days", errors, "request_expiry_days"
    )
    weights = {n: _weight(data.weights.get(n), n, errors) for n in WEIGHT_NAMES}
    if not any(k.startswith("weight_") for k in errors) and sum(weights.values()) <= 0:
        errors["weight_topic"] = "At least one weight must be above 0, or nobody could be matched."
    cooldown = parse_cooldown(data.repeat_cooldown)
    if isinstance(cooldown, str):
        errors["repeat_cooldown"] = cooldown
    channel = (data.celebration_channel or "").strip() or None
    if channel is not None and not _CHANNEL.match(channel):
        errors["celebration_channel"] = "Pick a channel from the list (or leave it empty)."
    zone = parse_time_zone(data.time_zone)
    if isinstance(zone, tuple):
        errors["time_zone"], zone = zone[0], "UTC"
    threshold = DEFAULT_THRESHOLD
    if data.report_threshold is not None:
        threshold = _whole(
            data.report_threshold,
            MIN_THRESHOLD,
            MAX_THRESHOLD,
            "the number of people",
            errors,
            "report_threshold",
        )
    every = parse_every(data.round_every)
    if isinstance(every, str):
        errors["round_every"], every = every, None
    weekday_raw = (data.round_weekday or "0").strip()
    weekday = int(weekday_raw) if weekday_raw in ("0", "1", "2", "3", "4", "5", "6") else -1
    if weekday < 0:
        errors["round_weekday"] = "Choose a weekday from the list."
    if errors:
        return SettingsErrors(errors)
    return ProgramSettings(
        program_name=name,
        default_cadence=cadence,
        program_length_weeks=weeks,
        check_in_hour=hour,
        request_expiry_days=expiry,
        weights=weights,
        repeat_cooldown_days=cooldown if isinstance(cooldown, int) else None,
        celebration_channel=channel,
        allow_shoutouts=data.allow_shoutouts,
        time_zone=zone,
        report_threshold=threshold,
        round_every_weeks=every,
        round_weekday=weekday,
        round_auto_approve=data.round_auto_approve,
    )


def effective_weights(stored: dict[str, object] | None) -> dict[str, float]:
    """Return the five weights from stored settings, defaults filling any missing one."""
    weights = dict(DEFAULT_WEIGHTS)
    for name in WEIGHT_NAMES:
        value = (stored or {}).get(name)
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and 0 <= value <= MAX_WEIGHT
        ):
            weights[name] = float(value)
    return weights


def changed_fields(before: ProgramSettings, after: ProgramSettings) -> list[str]:
    """Return the names of the settings that differ (for the audit log; no values)."""
    names = [
        "program_name",
        "default_cadence",
        "program_length_weeks",
        "check_in_hour",
        "request_expiry_days",
        "repeat_cooldown_days",
        "celebration_channel",
        "allow_shoutouts",
        "time_zone",
        "report_threshold",
        "round_auto_approve",
    ]
    changed = [n for n in names if getattr(before, n) != getattr(after, n)]
    if any(abs(before.weights[n] - after.weights[n]) > 1e-12 for n in WEIGHT_NAMES):
        changed.append("matching_weights")
    if schedule_changed(before, after):
        changed.append("round_schedule")
    return changed


def schedule_changed(before: ProgramSettings, after: ProgramSettings) -> bool:
    """Whether the round schedule (every N weeks, on which weekday) changed; off stays off."""
    if before.round_every_weeks is None and after.round_every_weeks is None:
        return False
    return (before.round_every_weeks, before.round_weekday) != (after.round_every_weeks, after.round_weekday)
