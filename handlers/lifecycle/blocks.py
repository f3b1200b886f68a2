"""`/mentor status`, the Home section, the pause/resume pickers and the end modal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.domain.cadence import CADENCE_LABELS
from bot.domain.goals import progress_bar
from bot.domain.lifecycle import as_cadence
from bot.services.lifecycle import EndInput, PairStatus
from bot.services.pairs import Member, Pair
from handlers.lifecycle import texts as t
from handlers.pairs import texts as pt
from handlers.pairs.cards import item_block
from handlers.pairs.forms import (
    Block,
    chosen_pair,
    local_time,
    meta,
    once,
    pair_picker,
    partner_label,
    state_text,
    who,
)
from handlers.slack import ids, kit
from handlers.slack.format import day_token, esc


def _agreement(pair: Pair) -> str:
    if pair.agreement_status != "agreed":
        return t.STATUS_NO_AGREEMENT
    cadence = as_cadence(pair.cadence)
    label = CADENCE_LABELS[cadence] if cadence else esc(pair.cadence)
    fmt = (
        f", {t.FORMATS.get(pair.meeting_format or '', esc(pair.meeting_format or ''))}"
        if pair.meeting_format
        else ""
    )
    end = f", until {day_token(pair.end_date)}" if pair.end_date else ""
    return t.STATUS_AGREEMENT.format(cadence=label, format=fmt, end=end)


def _status_word(pair: Pair, *, lower: bool = False) -> str:
    """The pair's state in words ("paused until <day>" keeps its day as written: never lowercased)."""
    if pair.status == "paused":
        return (
            t.STATUS_PAUSED_UNTIL.format(day=day_token(pair.paused_until))
            if pair.paused_until
            else t.STATUS_PAUSED
        )
    label = t.STATUS_LABELS.get(pair.status, pair.status)
    return label.lower() if lower else label


def build_status(statuses: Sequence[PairStatus]) -> list[Block]:
    """Build `/mentor status`: each mentorship with agreement, next check-in, items and goals."""
    if not statuses:
        return []
    blocks: list[Block] = [kit.header(t.STATUS_HEADER)]
    for s in statuses:
        pair, me = s.pair, s.me
        role = pt.ROLE_OF_PARTNER[pair.role_of(me)]
        blocks.append(
            kit.section(
                t.STATUS_WITH.format(partner=who(pair.partner_of(me)), role=role, status=_status_word(pair))
            )
        )
        last = f", last on {day_token(pair.last_session_on)}" if pair.last_session_on else ""
        nxt = (
            t.STATUS_NEXT.format(when=local_time(s.next_check_in, s.timezone))
            if s.next_check_in
            else t.STATUS_NEXT_NONE
        )
        blocks.append(
            kit.section(
                "\n".join(
                    [_agreement(pair), nxt, t.STATUS_SESSIONS.format(count=pair.session_count, last=last)]
                )
            )
        )
        if s.items:
            blocks.append(kit.section(t.STATUS_ITEMS))
            blocks += [item_block(i, pair) for i in s.items[:10]]
        else:
            blocks.append(kit.section(t.STATUS_ITEMS_NONE))
        if s.goals:
            lines = [
                f":white_check_mark: {esc(g.title)} · {t.STATUS_GOAL_ACHIEVED}"
                if g.status == "achieved"
                else f":dart: {esc(g.title)} · {progress_bar(g.progress)}"
                for g in s.goals
            ]
            blocks.append(kit.section(t.STATUS_GOALS + "\n" + "\n".join(lines)))
        else:
            blocks.append(kit.section(t.STATUS_GOALS_NONE))
        blocks.append(
            kit.actions(
                kit.button(t.LOG_BUTTON, ids.SESSION_LOG_OPEN, str(pair.id)),
                kit.button(pt.GOAL_NEW_BUTTON, ids.GOAL_OPEN, str(pair.id)),
                kit.button(pt.FEEDBACK_BUTTON, ids.FEEDBACK_OPEN, str(pair.id)),
            )
        )
        blocks.append(kit.divider())
    return kit.message_blocks(blocks)


def build_pick(
    pairs: Sequence[Pair], me: int, question: str, action_id: str, label: str, suffix: str = ""
) -> list[Block]:
    """Ephemeral buttons to choose one of several mentorships."""
    buttons = [
        kit.button(
            label.format(name=p.partner_of(me).name or p.partner_of(me).slack_id),
            action_id,
            f"{p.id}{suffix}",
        )
        for p in pairs
    ]
    return [kit.section(question), kit.actions(*buttons)]


def _ends_now(pairs: Sequence[Pair], today: date | None) -> list[Block]:
    """Say plainly that this ends it today, before any planned end still ahead."""
    ahead = [p.end_date for p in pairs if p.end_date is not None and today is not None and p.end_date > today]
    if len(pairs) == 1 and ahead:
        return [kit.section(t.END_NOW_BEFORE.format(day=day_token(ahead[0])))]
    return [kit.section(t.END_NOW)]


def build_end_modal(
    pairs: Sequence[Pair], me: int, chosen: int | None, token: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """Build the modal to conclude a mentorship (today: it says so, and the planned end it precedes)."""
    blocks: list[Block] = [
        kit.context(t.END_INTRO),
        *_ends_now(pairs, today),
        *pair_picker(ids.END_PAIR, t.END_PAIR_LABEL, pairs, me, chosen),
        kit.input_block(ids.END_REASON, t.END_REASON_LABEL, kit.radio(ids.END_REASON, t.END_REASONS)),
        kit.input_block(
            ids.END_GRATITUDE,
            t.END_GRATITUDE_LABEL,
            kit.text_input(
                ids.END_GRATITUDE, multiline=True, max_length=1500, placeholder=t.END_GRATITUDE_PLACEHOLDER
            ),
            optional=True,
        ),
        kit.input_block(ids.END_STAY, t.END_STAY_LABEL, kit.radio(ids.END_STAY, t.END_STAY_OPTIONS)),
        kit.input_block(
            ids.END_PRIVATE,
            t.END_PRIVATE_LABEL,
            kit.text_input(ids.END_PRIVATE, multiline=True, max_length=1500),
            optional=True,
            hint=t.END_PRIVATE_HINT,
        ),
    ]
    if len(pairs) == 1:
        blocks.insert(2, kit.section(f"With *{esc(partner_label(pairs[0], me))}*"))
    return kit.modal(
        ids.END_MODAL,
        t.END_TITLE,
        blocks,
        submit=t.END_SAVE,
        private_metadata=meta(pairs, chosen, **once(token)),
    )


def parse_end(view: dict[str, Any]) -> EndInput:
    """Read the end modal."""
    state = view.get("state") or {}
    stay = kit.state_value(state, ids.END_STAY)
    return EndInput(
        mentorship_id=chosen_pair(state, ids.END_PAIR, kit.metadata(view)),
        reason=kit.state_value(state, ids.END_REASON),
        private_text=state_text(state, ids.END_PRIVATE),
        gratitude=state_text(state, ids.END_GRATITUDE),
        stay_in_touch=None if stay is None else stay == "yes",
    )


END_FIELDS = {
    "pair": ids.END_PAIR,
    "reason": ids.END_REASON,
    "private": ids.END_PRIVATE,
    "gratitude": ids.END_GRATITUDE,
    "stay": ids.END_STAY,
}


def build_ended_for_partner(
    actor: Member, gratitude: str, stay: bool, *, mentee_next: str | None
) -> list[Block]:
    """The kind note to the partner of whoever ended the mentorship."""
    blocks = [kit.section(t.ENDED_PARTNER.format(who=who(actor)))]
    if gratitude:
        blocks.append(kit.section(t.ENDED_GRATITUDE.format(who=who(actor), text=esc(gratitude))))
    if stay:
        blocks.append(kit.section(t.ENDED_STAY.format(who=who(actor))))
    if mentee_next:
        blocks.append(kit.context(mentee_next))
    return blocks
