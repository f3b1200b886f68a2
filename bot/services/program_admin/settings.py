"""Program settings (read and save, audited) and the database admin list."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.domain.program_health import DEFAULT_THRESHOLD
from bot.domain.program_settings import ProgramSettings, changed_fields, effective_weights, schedule_changed
from bot.domain.round_schedule import first_round
from bot.services.admins import write_audit
from bot.services.once import FormKey, use_once
from storage.records import AdminRecord, ProgramRecord
from storage.repositories.admin import AdminRepository
from storage.scope import current_program

logger = logging.getLogger(__name__)


def zone_or_utc_info(name: str) -> ZoneInfo:
    """The program's zone (UTC when unknown)."""
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _settings_of(record: ProgramRecord) -> ProgramSettings:
    return ProgramSettings(
        program_name=record.program_name,
        default_cadence=record.default_cadence,
        program_length_weeks=record.program_length_weeks,
        check_in_hour=record.check_in_hour,
        request_expiry_days=record.request_expiry_days,
        weights=effective_weights(record.matching_weights),
        repeat_cooldown_days=record.repeat_cooldown_days,
        celebration_channel=record.celebration_channel,
        allow_shoutouts=record.allow_shoutouts,
        time_zone=record.time_zone or "UTC",
        report_threshold=record.report_threshold or DEFAULT_THRESHOLD,
        round_every_weeks=record.round_every_weeks,
        round_weekday=record.round_weekday or 0,
        round_auto_approve=bool(record.round_auto_approve),
    )


def current_settings(deps: Deps, team_id: str) -> ProgramSettings:
    """Return the program settings as they are now (defaults on first use)."""
    with deps.uow() as uow:
        return _settings_of(uow.programs.settings(team_id, deps.clock()))


def save_settings(
    deps: Deps, team_id: str, actor: str, new: ProgramSettings, once: FormKey | None = None
) -> list[str]:
    """Save valid settings and audit which fields changed; return those field names.

    Raises:
        AlreadyDone: this form was saved already (nothing saved, nothing audited).
    """
    now = deps.clock()
    with deps.uow() as uow:
        use_once(uow, once, now)
        record = uow.programs.settings(team_id, now)
        before = _settings_of(record)
        changed = changed_fields(before, new)
        if schedule_changed(before, new) or (
            new.round_every_weeks is not None and record.round_anchor is None
        ):
            today = now.astimezone(zone_or_utc_info(new.time_zone)).date()
            record.round_anchor = (
                first_round(today, new.round_weekday) if new.round_every_weeks is not None else None
            )
        record.round_every_weeks = new.round_every_weeks
        record.round_weekday = new.round_weekday
        record.round_auto_approve = new.round_auto_approve
        record.program_name = new.program_name
        record.default_cadence = new.default_cadence
        record.program_length_weeks = new.program_length_weeks
        record.check_in_hour = new.check_in_hour
        record.request_expiry_days = new.request_expiry_days
        record.matching_weights = {**(record.matching_weights or {}), **new.weights}
        record.repeat_cooldown_days = new.repeat_cooldown_days
        record.celebration_channel = new.celebration_channel
        record.allow_shoutouts = new.allow_shoutouts
        record.time_zone = new.time_zone
        record.report_threshold = new.report_threshold
        record.updated_by = actor
        record.updated_at = now
        target = "fields=" + (",".join(changed) or "none")
        write_audit(uow.session, team_id, actor, "admin settings saved", now, target)
    logger.info("settings saved team=%s actor=%s fields=%s", team_id, actor, ",".join(changed))
    return changed


def list_admins(deps: Deps, team_id: str) -> list[str]:
    """Return the Slack ids on the database admin list (of the request's program and of all)."""
    with deps.uow() as uow:
        return [a.slack_user_id for a in uow.repo(AdminRepository).admins(team_id)]


def add_listed_admin(deps: Deps, team_id: str, actor: str, slack_user_id: str) -> bool:
    """Put someone on the database admin list of the request's program (of every program outside
    one), audited; False if already an admin there. A listing for another program stays."""
    now = deps.clock()
    program = current_program()
    with deps.uow() as uow:
        existing = {a.slack_user_id for a in uow.repo(AdminRepository).admins(team_id)}
        added = slack_user_id not in existing
        if added:
            uow.programs.ensure_workspace(team_id, now)
            uow.session.add(
                AdminRecord(
                    team_id=team_id,
                    program_id=program,
                    slack_user_id=slack_user_id,
                    added_by=actor,
                    created_at=now,
                )
            )
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin list add",
            now,
            f"user:{slack_user_id}",
            "ok" if added else "unchanged",
        )
    return added


def remove_listed_admin(deps: Deps, team_id: str, actor: str, slack_user_id: str) -> bool:
    """Take someone off the database admin list (audited); False if they were not on it.

    In a program, only a listing for that program (or for every program) is removed."""
    now = deps.clock()
    with deps.uow() as uow:
        removed = uow.repo(AdminRepository).remove_admin(team_id, slack_user_id)
        write_audit(
            uow.session,
            team_id,
            actor,
            "admin list remove",
            now,
            f"user:{slack_user_id}",
            "ok" if removed else "unchanged",
        )
    return removed
