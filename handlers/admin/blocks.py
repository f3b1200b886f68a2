"""Builders for admins: the settings and announcement modals (with parsers), the report, pair
health with per-pair actions, and the announcement message itself."""

from __future__ import annotations

import json
from typing import Any

from bot.domain.program_settings import WEIGHT_NAMES, ProgramSettings, SettingsInput
from bot.domain.round_schedule import WEEKDAYS
from bot.services.program_admin import PAIR_ACTIONS, Metric, PairRow, Report, format_metric
from handlers.admin import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import esc, mention, plural

MAX_ANNOUNCEMENT = 2900
MAX_PAIR_SECTIONS = 44

# Settings field -> the input block that shows its error.
SETTINGS_BLOCKS: dict[str, str] = {
    "program_name": ids.ADMIN_SETTINGS_NAME,
    "default_cadence": ids.ADMIN_SETTINGS_CADENCE,
    "program_length_weeks": ids.ADMIN_SETTINGS_LENGTH,
    "check_in_hour": ids.ADMIN_SETTINGS_HOUR,
    "time_zone": ids.ADMIN_SETTINGS_ZONE,
    "request_expiry_days": ids.ADMIN_SETTINGS_EXPIRY,
    "repeat_cooldown": ids.ADMIN_SETTINGS_COOLDOWN,
    "celebration_channel": ids.ADMIN_SETTINGS_CHANNEL,
    "report_threshold": ids.ADMIN_SETTINGS_THRESHOLD,
    "round_every": ids.ADMIN_SETTINGS_ROUND_EVERY,
    "round_weekday": ids.ADMIN_SETTINGS_ROUND_DAY,
    **{f"weight_{name}": ids.ADMIN_SETTINGS_WEIGHT + name for name in WEIGHT_NAMES},
}


def _weight_text(value: float) -> str:
    return f"{value:g}"


def _token_meta(token: str | None) -> str:
    """The form's one-time token as private_metadata ("t"), when there is one."""
    return json.dumps({"t": token}) if token else ""


def build_settings_modal(current: ProgramSettings, token: str | None = None) -> dict[str, Any]:
    """Build the settings modal, prefilled with the current settings."""
    decimal: dict[str, Any]
    blocks: list[dict[str, Any]] = [
        kit.context(t.SETTINGS_INTRO),
        kit.input_block(
            ids.ADMIN_SETTINGS_NAME,
            t.SETTINGS_NAME,
            kit.text_input(ids.ADMIN_SETTINGS_NAME, initial=current.program_name, max_length=100),
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_CADENCE,
            t.SETTINGS_CADENCE,
            kit.static_select(ids.ADMIN_SETTINGS_CADENCE, t.CADENCE_OPTIONS, initial=current.default_cadence),
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_LENGTH,
            t.SETTINGS_LENGTH,
            kit.number_input(ids.ADMIN_SETTINGS_LENGTH, initial=current.program_length_weeks),
            hint=t.SETTINGS_LENGTH_HINT,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_HOUR,
            t.SETTINGS_HOUR,
            kit.number_input(ids.ADMIN_SETTINGS_HOUR, initial=current.check_in_hour),
            hint=t.SETTINGS_HOUR_HINT,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_ZONE,
            t.SETTINGS_ZONE,
            kit.text_input(ids.ADMIN_SETTINGS_ZONE, initial=current.time_zone, max_length=64),
            hint=t.SETTINGS_ZONE_HINT,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_EXPIRY,
            t.SETTINGS_EXPIRY,
            kit.number_input(ids.ADMIN_SETTINGS_EXPIRY, initial=current.request_expiry_days),
            hint=t.SETTINGS_EXPIRY_HINT,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_THRESHOLD,
            t.SETTINGS_THRESHOLD,
            kit.number_input(ids.ADMIN_SETTINGS_THRESHOLD, initial=current.report_threshold),
            hint=t.SETTINGS_THRESHOLD_HINT,
        ),
        kit.section(t.SETTINGS_WEIGHTS_HEADER),
    ]
    for name in WEIGHT_NAMES:
        block_id = ids.ADMIN_SETTINGS_WEIGHT + name
        decimal = {
            "type": "number_input",
            "action_id": block_id,
            "is_decimal_allowed": True,
            "initial_value": _weight_text(current.weights[name]),
        }
        blocks.append(kit.input_block(block_id, t.WEIGHT_LABELS[name], decimal))
    cooldown = "never" if current.repeat_cooldown_days is None else str(current.repeat_cooldown_days)
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": ids.ADMIN_SETTINGS_CHANNEL,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        "placeholder": kit.plain("Choose a channel"),
    }
    if current.celebration_channel:
        channel["initial_conversation"] = current.celebration_channel
    blocks += [
        kit.input_block(
            ids.ADMIN_SETTINGS_COOLDOWN,
            t.SETTINGS_COOLDOWN,
            kit.text_input(ids.ADMIN_SETTINGS_COOLDOWN, initial=cooldown, max_length=20),
            hint=t.SETTINGS_COOLDOWN_HINT,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_CHANNEL,
            t.SETTINGS_CHANNEL,
            channel,
            optional=True,
            hint=t.SETTINGS_CHANNEL_HINT,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_SHOUTOUTS,
            t.SETTINGS_SHOUTOUTS,
            kit.checkboxes(
                ids.ADMIN_SETTINGS_SHOUTOUTS,
                [("yes", t.SETTINGS_SHOUTOUTS_OPTION)],
                initial=("yes",) if current.allow_shoutouts else (),
            ),
            optional=True,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_ROUND_EVERY,
            t.SETTINGS_ROUND_EVERY,
            kit.text_input(
                ids.ADMIN_SETTINGS_ROUND_EVERY,
                initial=str(current.round_every_weeks) if current.round_every_weeks else "off",
                max_length=12,
            ),
            hint=t.SETTINGS_ROUND_EVERY_HINT,
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_ROUND_DAY,
            t.SETTINGS_ROUND_DAY,
            kit.static_select(
                ids.ADMIN_SETTINGS_ROUND_DAY,
                [(str(n), day) for n, day in enumerate(WEEKDAYS)],
                initial=str(current.round_weekday),
            ),
        ),
        kit.input_block(
            ids.ADMIN_SETTINGS_ROUND_AUTO,
            t.SETTINGS_ROUND_AUTO,
            kit.checkboxes(
                ids.ADMIN_SETTINGS_ROUND_AUTO,
                [("yes", t.SETTINGS_ROUND_AUTO_OPTION)],
                initial=("yes",) if current.round_auto_approve else (),
            ),
            optional=True,
        ),
    ]
    return kit.modal(
        ids.ADMIN_SETTINGS_MODAL, t.SETTINGS_TITLE, blocks, submit="Save", private_metadata=_token_meta(token)
    )


def parse_settings(state: dict[str, Any]) -> SettingsInput:
    """Read the settings modal's state into raw settings input."""

    def text(block_id: str) -> str | None:
        value = kit.state_value(state, block_id)
        return None if value is None else str(value)

    return SettingsInput(
        program_name=text(ids.ADMIN_SETTINGS_NAME),
        default_cadence=text(ids.ADMIN_SETTINGS_CADENCE),
        program_length_weeks=text(ids.ADMIN_SETTINGS_LENGTH),
        check_in_hour=text(ids.ADMIN_SETTINGS_HOUR),
        time_zone=text(ids.ADMIN_SETTINGS_ZONE),
        request_expiry_days=text(ids.ADMIN_SETTINGS_EXPIRY),
        weights={name: text(ids.ADMIN_SETTINGS_WEIGHT + name) for name in WEIGHT_NAMES},
        repeat_cooldown=text(ids.ADMIN_SETTINGS_COOLDOWN),
        celebration_channel=text(ids.ADMIN_SETTINGS_CHANNEL),
        allow_shoutouts="yes" in (kit.state_value(state, ids.ADMIN_SETTINGS_SHOUTOUTS) or ()),
        report_threshold=text(ids.ADMIN_SETTINGS_THRESHOLD),
        round_every=text(ids.ADMIN_SETTINGS_ROUND_EVERY),
        round_weekday=text(ids.ADMIN_SETTINGS_ROUND_DAY),
        round_auto_approve="yes" in (kit.state_value(state, ids.ADMIN_SETTINGS_ROUND_AUTO) or ()),
    )


def settings_saved_text(changed: list[str]) -> str:
    """Describe which settings changed."""
    if not changed:
        return t.SETTINGS_UNCHANGED
    return t.SETTINGS_SAVED.format(fields=", ".join(t.SETTINGS_LABELS.get(c, c) for c in changed))


# -- report -----------------------------------------------------------------------------------------
def _label(metric: Metric) -> str:
    if metric.key.startswith("ended_"):
        code = metric.key.removeprefix("ended_")
        return "Concluded: " + t.END_REASON_LABELS.get(code, esc(code.replace("_", " ")))
    return metric.label


def metric_text(metric: Metric, threshold: int) -> str:
    """Return a metric's value as text, the hidden marker (a private figure of a small group),
    or "none yet" (nothing to compute it from)."""
    shown = format_metric(metric)
    if shown is not None:
        return shown
    return t.HIDDEN.format(threshold=threshold) if metric.private and metric.people else t.NOTHING_YET


def build_report(report: Report, program: str, charts_note: str | None) -> list[dict[str, Any]]:
    """Build the report as numbers in blocks (aggregates only)."""
    blocks: list[dict[str, Any]] = [
        kit.header(t.REPORT_TITLE.format(program=program)),
        kit.context(t.REPORT_INTRO.format(days=report.window_days, threshold=report.threshold)),
    ]
    for key, title in t.REPORT_SECTIONS.items():
        if key not in report.sections and key == "circles":
            continue  # a program without circles has no such section
        metrics = report.sections.get(key, [])
        fields = [f"*{_label(m)}*\n{metric_text(m, report.threshold)}" for m in metrics]
        blocks.append(kit.section(f"*{title}*", fields=fields[:10]))
        for start in range(10, len(fields), 10):
            blocks.append(kit.section(" ", fields=fields[start : start + 10]))
    blocks.append(kit.context(t.REPORT_DEFINITIONS))
    if charts_note:
        blocks.append(kit.context(charts_note))
    return kit.message_blocks(blocks)


def report_fallback(report: Report, program: str) -> str:
    """Return the report as plain text (the notification fallback)."""
    lines = [t.REPORT_TITLE.format(program=program)]
    for key, title in t.REPORT_SECTIONS.items():
        if key not in report.sections and key == "circles":
            continue
        parts = [f"{_label(m)}: {metric_text(m, report.threshold)}" for m in report.sections.get(key, [])]
        lines.append(f"{title}: " + "; ".join(parts))
    return "\n".join(lines)


# -- pairs ------------------------------------------------------------------------------------------
def _pair_overflow(row: PairRow) -> dict[str, Any]:
    actions = [a for a in PAIR_ACTIONS if a != ("resume" if row.status == "active" else "pause")]
    return {
        "type": "overflow",
        "action_id": ids.ADMIN_PAIR_ACTION,
        "options": [kit.option(f"{a}:{row.mentorship_id}", t.ACTION_LABELS[a]) for a in actions],
    }


def build_pairs(rows: list[PairRow], note: str | None = None) -> list[dict[str, Any]]:
    """Build pair health: counts, then each pair with its reason and an actions menu."""
    if not rows:
        return [kit.section(note)] if note else [kit.section(t.PAIRS_NONE)]
    counts = {state: sum(1 for r in rows if r.health.state == state) for state in t.HEALTH_LABELS}
    blocks: list[dict[str, Any]] = [kit.header(t.PAIRS_TITLE)]
    if note:
        blocks.append(kit.section(note))
    blocks.append(
        kit.section(
            t.PAIRS_SUMMARY.format(
                at_risk=counts["at_risk"],
                needs=counts["needs_check_in"],
                need="needs" if counts["needs_check_in"] == 1 else "need",  # "1 needs", "2 need"
                on_track=counts["on_track"],
                paused=counts["paused"],
            )
        )
    )
    for row in rows[:MAX_PAIR_SECTIONS]:
        reason = esc(row.health.reason)
        if "no session logged" not in reason:  # "no session logged" needs no "· 0 sessions logged"
            reason += f" · {plural(row.session_count, 'session')} logged"
        text = (
            f"{mention(row.mentor_slack_id)} → {mention(row.mentee_slack_id)}  "
            f"{t.HEALTH_LABELS[row.health.state]}\n{reason}"
        )
        blocks.append(
            kit.section(text, accessory=_pair_overflow(row), block_id=f"admin_pair_{row.mentorship_id}")
        )
    if len(rows) > MAX_PAIR_SECTIONS:
        blocks.append(
            kit.context(t.PAIRS_MORE.format(pairs=plural(len(rows) - MAX_PAIR_SECTIONS, "more pair")))
        )
    blocks.append(kit.context(t.PAIRS_PRIVACY))
    return kit.message_blocks(blocks)


# -- announce ---------------------------------------------------------------------------------------
def build_announce_modal(counts: dict[str, int], token: str | None = None) -> dict[str, Any]:
    """Build the announcement modal, showing how many people each audience reaches."""
    options = [(a, label.format(count=counts.get(a, 0))) for a, label in t.ANNOUNCE_AUDIENCES.items()]
    blocks = [
        kit.input_block(
            ids.ADMIN_ANNOUNCE_TEXT,
            t.ANNOUNCE_MESSAGE,
            kit.text_input(ids.ADMIN_ANNOUNCE_TEXT, multiline=True, max_length=MAX_ANNOUNCEMENT),
            hint=t.ANNOUNCE_MESSAGE_HINT,
        ),
        kit.input_block(
            ids.ADMIN_ANNOUNCE_AUDIENCE,
            t.ANNOUNCE_AUDIENCE,
            kit.radio(ids.ADMIN_ANNOUNCE_AUDIENCE, options, initial="everyone"),
        ),
    ]
    return kit.modal(
        ids.ADMIN_ANNOUNCE_MODAL,
        t.ANNOUNCE_TITLE,
        blocks,
        submit=t.ANNOUNCE_SUBMIT,
        private_metadata=_token_meta(token),
    )


def parse_announce(state: dict[str, Any]) -> tuple[str, str | None, dict[str, str]]:
    """Return (message, audience, field errors by block id) from the announcement modal."""
    message = str(kit.state_value(state, ids.ADMIN_ANNOUNCE_TEXT) or "").strip()
    audience = kit.state_value(state, ids.ADMIN_ANNOUNCE_AUDIENCE)
    errors: dict[str, str] = {}
    if not message:
        errors[ids.ADMIN_ANNOUNCE_TEXT] = t.ANNOUNCE_EMPTY
    elif len(message) > MAX_ANNOUNCEMENT:
        errors[ids.ADMIN_ANNOUNCE_TEXT] = t.ANNOUNCE_TOO_LONG.format(limit=MAX_ANNOUNCEMENT)
    if audience not in t.ANNOUNCE_AUDIENCES:
        errors[ids.ADMIN_ANNOUNCE_AUDIENCE] = t.ANNOUNCE_NO_AUDIENCE
    return message, audience if isinstance(audience, str) else None, errors


def build_announcement_payload(message: str, program: str) -> dict[str, Any]:
    """Return the message the dispatcher posts as is: escaped text and blocks."""
    text = esc(message)
    return {
        "text": text,
        "blocks": [
            kit.header(t.ANNOUNCE_HEADER.format(program=program)),
            kit.section(text),
            kit.context(t.ANNOUNCE_FOOTER),
        ],
    }
