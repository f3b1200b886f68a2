"""Session logs and their action items: seen only by the pair, open until ticked off."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.sessions import (
    OWNER_BOTH,
    OWNER_MENTEE,
    OWNER_MENTOR,
    OWNER_PARTNER,
    parse_action_items,
)
from bot.services.once import FormKey, use_once
from bot.services.pairs import Pair, local_today, own_mentorship, pair_of, require_person
from storage.records import ActionItemRecord, SessionLogRecord
from storage.repositories.pairwork import PairWorkRepository

logger = logging.getLogger(__name__)

MAX_TAKEAWAYS = 3000
ITEM_NOT_FOUND = "I couldn't find that action item among yours. Type `/mentor status` to see your open items."


@dataclass(frozen=True)
class SessionInput:
    """What the session log modal holds, as typed."""

    mentorship_id: int | None
    held_on: date | None
    takeaways: str
    actions_text: str
    next_meeting_on: date | None


@dataclass(frozen=True)
class ActionItemView:
    """An action item as shown to the pair."""

    id: int
    mentorship_id: int
    text: str
    owner_id: int | None  # None: both
    done_at: datetime | None


@dataclass(frozen=True)
class SessionLogged:
    """A saved session log with its pair and action items."""

    id: int
    pair: Pair
    logged_by: int
    held_on: date
    takeaways: str
    next_meeting_on: date | None
    items: tuple[ActionItemView, ...]


def item_view(record: ActionItemRecord) -> ActionItemView:
    """Return an action item record as data."""
    return ActionItemView(record.id, record.mentorship_id, record.text, record.owner_id, record.done_at)


def log_session(
    deps: Deps, team_id: str, slack_user_id: str, data: SessionInput, once: FormKey | None = None
) -> SessionLogged:
    """Validate and save a session log and its action items; bump the pair's session count.

    Raises:
        InvalidInput: nothing saved; `fields` keyed pair, date, takeaways, actions, next.
    """
    now = deps.clock()
    errors: dict[str, str] = {}
    with deps.uow() as uow:
        use_once(uow, once, now)
        person = require_person(uow, team_id, slack_user_id, data.mentorship_id)
        today = local_today(person.timezone, now)
        repo = uow.repo(PairWorkRepository)
        mentorships = repo.mentorships_of(team_id, person.id, ("active", "paused"))
        chosen = [m for m in mentorships if data.mentorship_id in (None, m.id)]
        if data.mentorship_id is None and len(mentorships) > 1:
            errors["pair"] = "Choose which mentorship this session belongs to."
        elif not chosen:
            errors["pair"] = "That mentorship isn't active any more. Type `/mentor status` to see yours."
        record = chosen[0] if chosen and "pair" not in errors else None
        held = data.held_on
        if held is None:
            errors["date"] = "Pick the day you met."
        elif held > today:
            errors["date"] = "That day hasn't happened yet. Log a session after you meet."
        elif record is not None and held < local_today(person.timezone, record.started_at):
            errors["date"] = "That's before your mentorship started. Pick the day you met."
        takeaways = data.takeaways.strip()
        if not takeaways:
            errors["takeaways"] = "Write at least one takeaway: what did you talk about or decide?"
        elif len(takeaways) > MAX_TAKEAWAYS:
            errors["takeaways"] = f"Keep the takeaways to {MAX_TAKEAWAYS} characters."
        try:
            items = parse_action_items(data.actions_text or "")
        except ValueError as err:
            errors["actions"] = str(err)
            items = []
        if data.next_meeting_on is not None and data.next_meeting_on < today:
            errors["next"] = "Pick today or a later day for your next meeting, or leave it empty."
        if errors or record is None or held is None:
            raise InvalidInput("Please fix the highlighted fields.", errors, code="fields_invalid")
        pair = pair_of(record)
        partner = pair.partner_of(person.id)
        owners = {
            OWNER_PARTNER: partner.person_id,
            OWNER_BOTH: None,
            OWNER_MENTOR: pair.mentor.person_id,
            OWNER_MENTEE: pair.mentee.person_id,
        }
        log = SessionLogRecord(
            team_id=team_id,
            mentorship_id=record.id,
            logged_by=person.id,
            held_on=held,
            takeaways=takeaways,
            next_meeting_on=data.next_meeting_on,
            created_at=now,
        )
        repo.add(log)
        saved: list[ActionItemRecord] = []
        for item in items:
            owner = owners.get(item.owner, person.id)
            row = ActionItemRecord(
                team_id=team_id,
                mentorship_id=record.id,
                session_id=log.id,
                text=item.text,
                owner_id=owner,
                created_at=now,
            )
            uow.session.add(row)
            saved.append(row)
        record.session_count = (record.session_count or 0) + 1
        if record.last_session_on is None or held > record.last_session_on:
            record.last_session_on = held
        record.at_risk = False
        uow.flush()
        logger.info("session logged team=%s mentorship=%s items=%d", team_id, record.id, len(saved))
        return SessionLogged(
            id=log.id,
            pair=pair_of(record),
            logged_by=person.id,
            held_on=held,
            takeaways=takeaways,
            next_meeting_on=data.next_meeting_on,
            items=tuple(item_view(r) for r in saved),
        )


def open_items(deps: Deps, team_id: str, slack_user_id: str) -> list[tuple[Pair, list[ActionItemView]]]:
    """Return the open action items of the person's live mentorships."""
    with deps.uow() as uow:
        person = require_person(uow, team_id, slack_user_id)
        repo = uow.repo(PairWorkRepository)
        records = repo.mentorships_of(team_id, person.id, ("active", "paused"))
        items = repo.action_items_in(team_id, [m.id for m in records], open_only=True)
        return [(pair_of(m), [item_view(i) for i in items if i.mentorship_id == m.id]) for m in records]


def tick_off(deps: Deps, team_id: str, slack_user_id: str, item_id: int) -> tuple[ActionItemView, Pair, bool]:
    """Mark an action item done; return it, its pair and whether it changed now."""
    now = deps.clock()
    with deps.uow() as uow:
        item = uow.repo(PairWorkRepository).action_item(team_id, item_id)
        if item is None:
            raise NotFound(ITEM_NOT_FOUND, code="item_gone")
        person = require_person(uow, team_id, slack_user_id, item.mentorship_id)
        try:
            record = own_mentorship(uow, team_id, person, item.mentorship_id, ("active", "paused", "ended"))
        except NotFound:
            raise NotFound(ITEM_NOT_FOUND, code="item_gone") from None
        # A conditional update: two presses at once (two devices, or both people) tick it off once.
        changed = item.done_at is None and uow.repo(PairWorkRepository).tick_off_if_open(
            team_id, item.id, now
        )
        if changed:
            item.done_at = now
        return item_view(item), pair_of(record), changed
