"""Block Kit for scheduled messages and their modals: pure functions of a row's payload.

`build_message(kind, payload, row_id)` returns (fallback text, blocks) for every kind the
scheduler sends. All user-written text (names, goal titles, action items) is escaped here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from bot.domain.cadence import CADENCE_LABELS
from bot.domain.dates import span_words
from bot.domain.journey import GRACE_DAYS
from bot.services.scheduling import TransitionResult
from handlers.checkins import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import clip, day_token, esc, mention, plural

Block = dict[str, Any]
Rendered = tuple[str, list[Block]]
SCORES = [(str(i), label) for i, label in enumerate(t.SCORE_LABELS, start=1)]
CADENCE_OPTIONS = [(c, label.capitalize()) for c, label in CADENCE_LABELS.items()]


def _partner(p: dict[str, Any]) -> str:
    sid = str(p.get("partner") or "")
    return mention(sid) if sid else esc(str(p.get("partner_name") or "your partner"))


def _cadence(p: dict[str, Any]) -> str:
    return CADENCE_LABELS.get(str(p.get("cadence")), "regularly")  # type: ignore[call-overload, no-any-return]


def _day(p: dict[str, Any], key: str) -> str:
    """A calendar day stored in the payload (ISO), written as a Slack date token."""
    raw = str(p.get(key) or "")
    try:
        return day_token(date.fromisoformat(raw))
    except ValueError:
        return esc(raw)


def _week_start(week: str) -> date | None:
    """The Monday of a period key like "2026-W10" (period keys never reach people as they are)."""
    found = re.fullmatch(r"(\d{4})-W(\d{2})", week)
    if not found:
        return None
    try:
        return date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        return None


def _mid(p: dict[str, Any]) -> str:
    return str(p.get("mentorship_id", ""))


def _checkin(p: dict[str, Any], row_id: int, reminder: bool) -> Rendered:
    partner = _partner(p)
    if reminder:
        title, body = t.CHECKIN_REMINDER_TITLE, t.CHECKIN_REMINDER.format(partner=partner)
    else:
        title = t.CHECKIN_TITLE
        body = (t.CHECKIN_MENTOR if p.get("role") == "mentor" else t.CHECKIN_MENTEE).format(partner=partner)
    blocks: list[Block] = [kit.header(title), kit.section(body)]
    items = [esc(str(i)) for i in p.get("items") or []]
    if items:
        text = t.CHECKIN_ITEMS.format(items="\n".join(f"• {clip(i, 280)}" for i in items))
        if p.get("more"):
            text += "\n" + t.CHECKIN_MORE_ITEMS.format(count=int(p["more"]))
        blocks.append(kit.section(text))
    blocks.append(
        kit.actions(
            kit.button(t.BUTTON_LOGGED, ids.SESSION_LOG_OPEN, _mid(p), style="primary"),
            kit.button(t.BUTTON_REMIND, ids.CHECKIN_REMIND, str(row_id)),
            kit.button(t.BUTTON_SKIP, ids.CHECKIN_SKIP, str(row_id)),
            block_id="checkin_actions",
        )
    )
    blocks.append(kit.context(t.CHECKIN_CADENCE.format(cadence=_cadence(p))))
    fallback = t.CHECKIN_FALLBACK.format(partner=partner)
    if not reminder:
        # What fell due in the same moment comes in this message, after the check-in.
        if p.get("nudge"):
            blocks += [
                kit.divider(),
                kit.section(f"*{t.MISSED_TITLE}*\n" + t.MISSED.format(partner=partner)),
                kit.actions(
                    kit.button(t.BUTTON_ADJUST, ids.CADENCE_ADJUST, _mid(p)), block_id="nudge_actions"
                ),
            ]
            fallback += " " + t.MISSED_FALLBACK.format(partner=partner)
        if p.get("reflection"):
            blocks += [
                kit.divider(),
                kit.section(f"*{t.REFLECTION_TITLE}*\n" + t.REFLECTION.format(partner=partner)),
                kit.actions(
                    kit.button(t.BUTTON_REFLECT, ids.REFLECTION_OPEN, _mid(p), style="primary"),
                    block_id="reflection_actions",
                ),
            ]
            fallback += " " + t.REFLECTION_FALLBACK
    return fallback, blocks


def _missed(p: dict[str, Any], _row: int) -> Rendered:
    partner = _partner(p)
    return t.MISSED_FALLBACK.format(partner=partner), [
        kit.header(t.MISSED_TITLE),
        kit.section(t.MISSED.format(partner=partner)),
        kit.actions(
            kit.button(t.BUTTON_ADJUST, ids.CADENCE_ADJUST, _mid(p), style="primary"),
            kit.button(t.BUTTON_LOGGED, ids.SESSION_LOG_OPEN, _mid(p)),
        ),
        kit.context(t.CHECKIN_CADENCE.format(cadence=_cadence(p))),
    ]


def _at_risk(p: dict[str, Any], _row: int) -> Rendered:
    text = t.AT_RISK.format(
        mentor=mention(str(p["mentor"])),
        mentee=mention(str(p["mentee"])),
        periods=int(p.get("periods", 3)),
        cadence=_cadence(p),
    )
    return t.AT_RISK_FALLBACK.format(periods=int(p.get("periods", 3))), [kit.section(text)]


def _goal_soon(p: dict[str, Any], _row: int) -> Rendered:
    text = t.GOAL_SOON.format(title=esc(str(p.get("title", ""))), date=_day(p, "target_date"))
    return t.GOAL_SOON_FALLBACK, [kit.header(t.GOAL_SOON_TITLE), kit.section(text)]


def _goal_overdue(p: dict[str, Any], _row: int) -> Rendered:
    goal = str(p.get("goal_id", ""))
    text = t.GOAL_OVERDUE.format(title=esc(str(p.get("title", ""))), date=_day(p, "target_date"))
    return t.GOAL_OVERDUE_FALLBACK, [
        kit.header(t.GOAL_OVERDUE_TITLE),
        kit.section(text),
        kit.actions(
            kit.button(t.BUTTON_GOAL_ACHIEVED, ids.GOAL_ACHIEVED, goal, style="primary"),
            kit.button(t.BUTTON_GOAL_ADJUST, ids.GOAL_ADJUST_DATE, goal),
        ),
    ]


def _celebrate(p: dict[str, Any], _row: int) -> Rendered:
    partner = _partner(p)
    template = t.CELEBRATE.get(str(p.get("event")), t.CELEBRATE["first_session"])
    text = template.format(partner=partner, title=esc(str(p.get("title", ""))))
    return t.CELEBRATE_FALLBACK.format(partner=partner), [kit.header(t.CELEBRATE_TITLE), kit.section(text)]


def _shoutout(p: dict[str, Any], _row: int) -> Rendered:
    template = t.SHOUTOUT.get(str(p.get("event")), t.SHOUTOUT["first_session"])
    text = template.format(mentor=mention(str(p["mentor"])), mentee=mention(str(p["mentee"])))
    return t.SHOUTOUT_FALLBACK, [kit.section(text)]


def _reflection(p: dict[str, Any], _row: int) -> Rendered:
    return t.REFLECTION_FALLBACK, [
        kit.header(t.REFLECTION_TITLE),
        kit.section(t.REFLECTION.format(partner=_partner(p))),
        kit.actions(kit.button(t.BUTTON_REFLECT, ids.REFLECTION_OPEN, _mid(p), style="primary")),
    ]


def _reflection_flag(p: dict[str, Any], _row: int) -> Rendered:
    text = t.REFLECTION_FLAG.format(
        reflection=esc(str(p.get("reflection", "midpoint"))),
        mentor=mention(str(p["mentor"])),
        mentee=mention(str(p["mentee"])),
    )
    return t.REFLECTION_FLAG_FALLBACK, [kit.section(text)]


def _transition(p: dict[str, Any], _row: int) -> Rendered:
    # "<mentorship id>:<end date asked about>": the window in which one choice is made.
    value = f"{_mid(p)}:{p.get('end_date', '')}"
    return t.TRANSITION_FALLBACK, [
        kit.header(t.TRANSITION_TITLE),
        kit.section(t.TRANSITION.format(partner=_partner(p), date=_day(p, "end_date"))),
        kit.actions(
            kit.button(t.BUTTON_CONCLUDE, ids.TRANSITION_CONCLUDE, value),
            kit.button(t.BUTTON_EXTEND, ids.TRANSITION_EXTEND, value),
            kit.button(t.BUTTON_CONTINUE, ids.TRANSITION_CONTINUE, value),
            block_id="transition_actions",
        ),
    ]


def _closing(p: dict[str, Any], _row: int) -> Rendered:
    mid = _mid(p)
    return t.CLOSING_FALLBACK, [
        kit.header(t.CLOSING_TITLE),
        kit.section(t.CLOSING.format(partner=_partner(p))),
        kit.actions(
            kit.button(t.BUTTON_SURVEY, ids.CLOSING_SURVEY_OPEN, mid, style="primary"),
            kit.button(t.BUTTON_STAY, ids.CLOSING_STAY_IN_TOUCH, mid),
        ),
    ]


def _simple(template: str, fallback: str | None = None, title: str | None = None) -> Callable[..., Rendered]:
    def build(p: dict[str, Any], _row: int) -> Rendered:
        values = {
            "partner": _partner(p),
            "mentor": mention(str(p["mentor"])) if p.get("mentor") else esc(str(p.get("mentor_name", ""))),
            "mentee": mention(str(p["mentee"])) if p.get("mentee") else esc(str(p.get("mentee_name", ""))),
            "gone": mention(str(p["gone"])) if p.get("gone") else esc(str(p.get("gone_name", ""))),
            "person": mention(str(p.get("person", ""))),
            "target": f"<#{p['target']}>"
            if str(p.get("target", "")).startswith("C")
            else esc(str(p.get("target", ""))),
            "error": esc(str(p.get("error", ""))),
            "kind": esc(str(p.get("kind", ""))),
        }
        text = template.format(**values)
        blocks: list[Block] = [kit.header(title)] if title else []
        blocks.append(kit.section(text))
        return (fallback.format(**values) if fallback else text), blocks

    return build


def _rate(answered: int, sent: int) -> str:
    return f"{round(100 * answered / sent)}%"


def _digest_week(p: dict[str, Any]) -> str | None:
    """The week the digest covers, in words ("1–7 March"); None for an old payload without it."""
    try:
        first, last = date.fromisoformat(str(p["from"])), date.fromisoformat(str(p["to"]))
    except (KeyError, ValueError):
        return None
    return span_words(first, last)


def _digest(p: dict[str, Any], _row: int) -> Rendered:
    fields = [f"*{label}*\n{int(p.get(key, 0))}" for label, key in t.DIGEST_FIELDS if key in p]
    sent, answered = int(p.get("checkins_sent", 0)), int(p.get("checkins_answered", 0))
    before_sent, before_answered = (
        int(p.get("checkins_sent_before", 0)),
        int(p.get("checkins_answered_before", 0)),
    )
    rate = (
        t.DIGEST_RATE.format(rate=_rate(answered, sent), answered=answered, sent=sent)
        if sent
        else t.DIGEST_NO_CHECKINS
    )
    if "checkins_sent_before" in p:
        rate += (
            t.DIGEST_BEFORE.format(
                rate=_rate(before_answered, before_sent), answered=before_answered, sent=before_sent
            )
            if before_sent
            else t.DIGEST_BEFORE_NONE
        )
        if 0 < sent < 5 or 0 < before_sent < 5:
            rate += " " + t.DIGEST_SMALL
    else:
        rate += "."
    words = _digest_week(p)
    monday = _week_start(str(p.get("week", "")))
    if words:
        week = t.DIGEST_WEEK.format(week=words) + "\n"
    else:
        week = t.DIGEST_WEEK_OF.format(day=day_token(monday)) + "\n" if monday else ""
    blocks = [kit.header(t.DIGEST_TITLE), kit.section(week + rate, fields=fields)]
    program = p.get("program")
    if isinstance(program, int):
        blocks.append(
            kit.actions(
                kit.button(t.DIGEST_OPEN_PAIRS, ids.DIGEST_OPEN_PAIRS, str(program)),
                block_id="digest_actions",
            )
        )
    blocks.append(kit.context(t.DIGEST_NEXT))
    active = plural(int(p.get("active_pairs", 0)), "active pair")
    sessions = plural(int(p.get("sessions_logged", 0)), "session")
    fallback = (
        t.DIGEST_FALLBACK.format(week=words, active=active, sessions=sessions)
        if words
        else t.DIGEST_FALLBACK_UNDATED.format(active=active, sessions=sessions)
    )
    return fallback, blocks


def _announcement(p: dict[str, Any], _row: int) -> Rendered:
    text = str(p.get("text") or "")
    blocks = p.get("blocks")
    return text or " ", kit.message_blocks(blocks if isinstance(blocks, list) else [kit.section(text)])


def build_request_prompt_expired(p: dict[str, Any]) -> Rendered:
    """The mentor's request prompt, replaced once the request expired (for chat.update)."""
    mentee = mention(str(p["mentee"])) if p.get("mentee") else esc(str(p.get("mentee_name", "")))
    text = t.REQUEST_PROMPT_EXPIRED.format(mentee=mentee)
    return text, [kit.section(text)]


BUILDERS: dict[str, Callable[[dict[str, Any], int], Rendered]] = {
    "checkin": lambda p, r: _checkin(p, r, reminder=False),
    "checkin_reminder": lambda p, r: _checkin(p, r, reminder=True),
    "missed_nudge": _missed,
    "at_risk": _at_risk,
    "goal_reminder": _goal_soon,
    "goal_overdue": _goal_overdue,
    "celebrate": _celebrate,
    "shoutout": _shoutout,
    "reflection": _reflection,
    "reflection_flag": _reflection_flag,
    "transition": _transition,
    "closing": _closing,
    "stay_in_touch": _simple(t.STAY_IN_TOUCH, t.STAY_IN_TOUCH_FALLBACK, t.STAY_IN_TOUCH_TITLE),
    "resumed": _simple(t.RESUMED),
    "request_expired": _simple(t.REQUEST_EXPIRED, t.REQUEST_EXPIRED_FALLBACK),
    "partner_gone": _simple(t.PARTNER_GONE),
    "person_gone": _simple(t.PERSON_GONE),
    "delivery_failed": _simple(t.DELIVERY_FAILED),
    "digest": _digest,
    "announcement": _announcement,
}


def build_message(kind: str, payload: dict[str, Any], row_id: int) -> Rendered:
    """Return (fallback text, blocks) for a scheduled message; KeyError for an unknown kind."""
    text, blocks = BUILDERS[kind](payload, row_id)
    return text, kit.message_blocks(blocks)


FOLDED_ACTIONS = ("nudge_actions", "reflection_actions")  # a folded part's buttons outlive the check-in's


def build_answered(original: list[Block], note: str) -> list[Block]:
    """The original message with its buttons replaced by a note saying what was chosen.

    The buttons of a nudge or reflection folded into a check-in stay: answering the check-in
    doesn't answer them. The note takes the place of the buttons it replaces.
    """
    kept: list[Block] = []
    noted = False
    for block in original:
        if block.get("type") == "actions" and block.get("block_id") not in FOLDED_ACTIONS:
            if not noted:
                kept.append(kit.context(note))
                noted = True
            continue
        kept.append(block)
    if not noted:
        kept.append(kit.context(note))
    return kit.message_blocks(kept)


def _what(choice: str) -> str:
    return t.TRANSITION_WHAT.get(choice, choice)


def transition_notes(result: TransitionResult, chooser: str) -> tuple[str, str, str]:
    """A fresh choice in words: the chooser's note, the partner's note (on their prompt) and the DM
    telling the partner."""
    partner, who = mention(result.partner), mention(chooser)
    end = day_token(result.end_date) if result.end_date else ""
    cadence = CADENCE_LABELS.get(result.cadence, result.cadence)  # type: ignore[call-overload]
    if result.choice == "conclude" and result.status == "ended":
        return (
            t.TRANSITION_CONCLUDED.format(partner=partner),
            t.TRANSITION_CONCLUDED_THEIRS.format(who=who),
            t.TRANSITION_CONCLUDED_TOLD.format(who=who),
        )
    if result.choice == "conclude":
        return (
            t.TRANSITION_CONCLUDE_MINE.format(partner=partner, date=end),
            t.TRANSITION_CONCLUDE_THEIRS.format(who=who, date=end),
            t.TRANSITION_CONCLUDE_TOLD.format(who=who, date=end),
        )
    if result.choice == "extend":
        return (
            t.TRANSITION_EXTENDED.format(partner=partner, date=end),
            t.TRANSITION_EXTEND_THEIRS.format(who=who, date=end),
            t.TRANSITION_PARTNER.format(
                who=who, what="extend your mentorship", detail=f"It now runs until {end}."
            ),
        )
    return (
        t.TRANSITION_CONTINUED.format(partner=partner, cadence=cadence, date=end),
        t.TRANSITION_CONTINUE_THEIRS.format(who=who, cadence=cadence, date=end),
        t.TRANSITION_PARTNER.format(
            who=who, what=_what("continue"), detail=f"You'll meet {cadence} until {end}."
        ),
    )


def transition_stale_note(result: TransitionResult, clicker: str, today: date) -> str:
    """A press after the pair's choice was made: what was chosen, where things stand, what works."""
    who = "You" if result.chosen_by == clicker else mention(str(result.chosen_by))
    partner = mention(result.partner)
    what = _what(result.choice)
    # "@Bo chose …, so your mentorship ends": the partner is named once, not twice.
    yours = "your mentorship" if who == partner else f"your mentorship with {partner}"
    if result.status == "ended" and result.ended_on is not None:
        grace = result.ended_on + timedelta(days=GRACE_DAYS)
        after = (
            t.TRANSITION_STALE_THANKS.format(partner=partner, day=day_token(grace))
            if today <= grace
            else t.TRANSITION_STALE_HISTORY
        )
        return t.TRANSITION_STALE_ENDED.format(
            who=who, what=what, yours=yours, day=day_token(result.ended_on), after=after
        )
    end = day_token(result.end_date) if result.end_date else ""
    if result.choice == "conclude":
        return t.TRANSITION_STALE_CONCLUDE.format(who=who, yours=yours, day=end)
    return t.TRANSITION_STALE_LATER.format(who=who, what=what, yours=yours, day=end)


def build_cadence_modal(mentorship_id: int, current: str | None, token: str | None = None) -> dict[str, Any]:
    """The modal to change a pair's meeting rhythm."""
    return kit.modal(
        ids.CADENCE_MODAL,
        t.CADENCE_MODAL_TITLE,
        [
            kit.input_block(
                ids.CADENCE_CHOICE,
                t.CADENCE_LABEL,
                kit.radio(ids.CADENCE_CHOICE, CADENCE_OPTIONS, initial=current),
            )
        ],
        submit="Save",
        private_metadata=json.dumps({"m": mentorship_id, **({"t": token} if token else {})}),
    )


def build_reflection_modal(mentorship_id: int, kind: str, token: str | None = None) -> dict[str, Any]:
    """The midpoint reflection or closing survey: two 1–5 scores and a private comment."""
    closing = kind == "closing"
    return kit.modal(
        ids.REFLECTION_MODAL,
        t.CLOSING_MODAL_TITLE if closing else t.REFLECTION_MODAL_TITLE,
        [
            kit.input_block(
                ids.REFLECTION_PROGRESS,
                t.CLOSING_PROGRESS if closing else t.REFLECTION_PROGRESS,
                kit.radio(ids.REFLECTION_PROGRESS, SCORES),
            ),
            kit.input_block(
                ids.REFLECTION_RELATIONSHIP,
                t.CLOSING_RELATIONSHIP if closing else t.REFLECTION_RELATIONSHIP,
                kit.radio(ids.REFLECTION_RELATIONSHIP, SCORES),
            ),
            kit.input_block(
                ids.REFLECTION_COMMENT,
                t.REFLECTION_COMMENT,
                kit.text_input(ids.REFLECTION_COMMENT, multiline=True, max_length=2000),
                optional=True,
            ),
        ],
        submit="Send",
        private_metadata=json.dumps({"m": mentorship_id, "kind": kind, **({"t": token} if token else {})}),
    )


def parse_reflection(state: dict[str, Any]) -> tuple[int | None, int | None, str]:
    """Return (progress, relationship, comment) from the reflection modal's state."""

    def score(block: str) -> int | None:
        value = kit.state_value(state, block)
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    comment = kit.state_value(state, ids.REFLECTION_COMMENT)
    return score(ids.REFLECTION_PROGRESS), score(ids.REFLECTION_RELATIONSHIP), str(comment or "")


REFLECTION_FIELD_BLOCKS = {
    "progress": ids.REFLECTION_PROGRESS,
    "relationship": ids.REFLECTION_RELATIONSHIP,
    "comment": ids.REFLECTION_COMMENT,
}
