"""The life of a mentorship: status, pausing, resuming, ending well, and confidential concerns."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.lifecycle import due_check_in, parse_pause
from bot.services import programs
from bot.services.goals import GoalView, goal_view
from bot.services.journey import refuse_in
from bot.services.mentorships import conclude
from bot.services.once import FormKey, use_once
from bot.services.pairs import (
    Member,
    Pair,
    local_today,
    own_mentorship,
    pair_of,
    program_of,
    require_person,
)
from bot.services.sessions import ActionItemView, item_view
from storage.records import ConcernRecord, ReflectionRecord
from storage.repositories.pairwork import PairWorkRepository

logger = logging.getLogger(__name__)

END_REASONS = ("goals_achieved", "schedule", "not_a_fit", "other")
MAX_END_TEXT = 1500
MAX_CONCERN = 3000
ALREADY_PAUSED = "That mentorship is already paused. Type `/mentor resume` to pick it up again."
NOT_PAUSED = "That mentorship isn't paused (it is active), so nothing was changed."
END_NOTE_KIND = "end_note"  # a reflections row holding the private reason text, for its author only


@dataclass(frozen=True)
class PairStatus:
    """One mentorship as `/mentor status` shows it."""

    pair: Pair
    me: int
    next_check_in: datetime | None
    timezone: str
    items: tuple[ActionItemView, ...]
    goals: tuple[GoalView, ...]


def status(deps: Deps, team_id: str, slack_user_id: str) -> list[PairStatus]:
    """Return the person's live mentorships with agreement, next check-in, open items and goals."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        person = require_person(uow, team_id, slack_user_id)
        hour = uow.programs.read_settings(team_id, now).check_in_hour
        repo = uow.repo(PairWorkRepository)
        records = repo.mentorships_of(team_id, person.id, ("active", "paused"))
        ids = [m.id for m in records]
        items = repo.action_items_in(team_id, ids, open_only=True)
        goals = repo.goals_in(team_id, ids)
        out: list[PairStatus] = []
        for record in records:
            due = due_check_in(
                record.status,
                record.check_ins_from,
                record.end_date,
                record.cadence,
                person.timezone or "UTC",
                hour,
                now,
            )
            out.append(
                PairStatus(
                    pair=pair_of(record),
                    me=person.id,
                    next_check_in=due,
                    timezone=person.timezone or "UTC",
                    items=tuple(item_view(i) for i in items if i.mentorship_id == record.id),
                    goals=tuple(
                        goal_view(g) for g in goals if g.mentorship_id == record.id and g.status != "closed"
                    ),
                )
            )
        return out


@dataclass(frozen=True)
class PairChange:
    """A pause or resume: the pair, who did it, and until when."""

    pair: Pair
    actor: Member
    until: date | None


def pause(
    deps: Deps, team_id: str, slack_user_id: str, mentorship_id: int | None, words: list[str]
) -> PairChange | list[Pair]:
    """Pause check-ins; with several active mentorships and no id, return them to choose from.

    Raises:
        InvalidInput: an unreadable or past date (nothing changed).
    """
    now = deps.clock()
    with deps.uow() as uow:
        person = require_person(uow, team_id, slack_user_id, mentorship_id)
        repo = uow.repo(PairWorkRepository)
        active = repo.mentorships_of(team_id, person.id, ("active",))
        if mentorship_id is None:
            if not active:
                paused = repo.mentorships_of(team_id, person.id, ("paused",))
                if not paused:
                    raise refuse_in(uow, team_id, slack_user_id, now, "pause_no_pair")
                raise NotFound(
                    "Your mentorship is already paused. Type `/mentor resume` to pick it up again.",
                    code="already_paused",
                )
            if len(active) > 1:
                today = local_today(person.timezone, now)
                for record in active:
                    try:
                        parse_pause(words, today, record.end_date)
                    except ValueError as err:
                        raise InvalidInput(str(err), code="invalid_pause") from None
                return [pair_of(r) for r in active]
            record = active[0]
        else:
            record = own_mentorship(uow, team_id, person, mentorship_id, ("active", "paused"), deps.clock())
            if record.status == "paused":
                raise NotAllowed(ALREADY_PAUSED, code="already_paused")
        try:
            until = parse_pause(words, local_today(person.timezone, now), record.end_date)
        except ValueError as err:
            raise InvalidInput(str(err), code="invalid_pause") from None
        if not repo.set_status_if(
            team_id, record.id, "active", "paused", paused_until=until, paused_by=person.id
        ):
            # paused by a second press or by the partner, just now
            raise NotAllowed(ALREADY_PAUSED, code="already_paused")
        pair = pair_of(record)
        logger.info("mentorship paused team=%s mentorship=%s", team_id, record.id)
        return PairChange(pair, pair.member(person.id), until)


def resume(
    deps: Deps, team_id: str, slack_user_id: str, mentorship_id: int | None
) -> PairChange | list[Pair]:
    """Resume check-ins; with several paused mentorships and no id, return them to choose from."""
    with deps.uow() as uow:
        person = require_person(uow, team_id, slack_user_id, mentorship_id)
        repo = uow.repo(PairWorkRepository)
        if mentorship_id is None:
            paused = repo.mentorships_of(team_id, person.id, ("paused",))
            if not paused:
                active = repo.mentorships_of(team_id, person.id, ("active",))
                if not active:
                    raise refuse_in(uow, team_id, slack_user_id, deps.clock(), "resume_no_pair")
                raise NotFound(
                    "Your mentorship isn't paused, so there's nothing to resume. Type `/mentor status` to see it.",
                    code="not_paused",
                )
            if len(paused) > 1:
                return [pair_of(r) for r in paused]
            record = paused[0]
        else:
            record = own_mentorship(uow, team_id, person, mentorship_id, ("active", "paused"), deps.clock())
            if record.status != "paused":
                raise NotAllowed(NOT_PAUSED, code="not_paused")
        if not repo.set_status_if(team_id, record.id, "paused", "active", paused_until=None, paused_by=None):
            raise NotAllowed(NOT_PAUSED, code="not_paused")  # resumed by a second press or by the partner
        pair = pair_of(record)
        logger.info("mentorship resumed team=%s mentorship=%s", team_id, record.id)
        return PairChange(pair, pair.member(person.id), None)


@dataclass(frozen=True)
class EndInput:
    """What the end modal holds, as typed."""

    mentorship_id: int | None
    reason: str | None
    private_text: str
    gratitude: str
    stay_in_touch: bool | None


@dataclass(frozen=True)
class Ended:
    """A mentorship that just ended, for the kind notes."""

    pair: Pair
    actor: Member
    partner: Member
    reason: str
    gratitude: str
    stay_in_touch: bool
    rematch: bool
    admin_channel: str | None = None  # the admin channel of the mentorship's program


def end(deps: Deps, team_id: str, slack_user_id: str, data: EndInput, once: FormKey | None = None) -> Ended:
    """Conclude a mentorship with a reason; the private text is kept for its author only.

    Raises:
        InvalidInput: nothing changed; `fields` keyed pair, reason, private, gratitude, stay.
    """
    now = deps.clock()
    errors: dict[str, str] = {}
    if data.reason not in END_REASONS:
        errors["reason"] = "Choose the reason that fits best."
    if data.stay_in_touch is None:
        errors["stay"] = "Say whether you'd like to stay in touch."
    if len(data.private_text.strip()) > MAX_END_TEXT:
        errors["private"] = f"Keep this to {MAX_END_TEXT} characters."
    if len(data.gratitude.strip()) > MAX_END_TEXT:
        errors["gratitude"] = f"Keep your note to {MAX_END_TEXT} characters."
    with deps.uow() as uow:
        use_once(uow, once, now)
        person = require_person(uow, team_id, slack_user_id, data.mentorship_id)
        repo = uow.repo(PairWorkRepository)
        live = repo.mentorships_of(team_id, person.id, ("active", "paused"))
        chosen = [m for m in live if data.mentorship_id in (None, m.id)]
        if data.mentorship_id is None and len(live) > 1:
            errors["pair"] = "Choose which mentorship to end."
        elif not chosen:
            errors["pair"] = "That mentorship has already ended. Type `/mentor status` to see yours."
        if errors:
            raise InvalidInput("Please fix the highlighted fields.", errors, code="fields_invalid")
        record = chosen[0]
        reason = str(data.reason)
        conclude(record, now, reason, ended_by=person.id, stay_in_touch=bool(data.stay_in_touch))
        record.rematch_requested = reason == "not_a_fit"
        private = data.private_text.strip()
        if private:
            uow.session.add(
                ReflectionRecord(
                    team_id=team_id,
                    mentorship_id=record.id,
                    person_id=person.id,
                    kind=END_NOTE_KIND,
                    comment=private,
                    created_at=now,
                )
            )
        pair = pair_of(record)
        logger.info("mentorship ended team=%s mentorship=%s reason=%s", team_id, record.id, reason)
        return Ended(
            pair,
            pair.member(person.id),
            pair.partner_of(person.id),
            reason,
            data.gratitude.strip(),
            bool(data.stay_in_touch),
            reason == "not_a_fit",
            programs.admin_channel_for(deps, uow, team_id, record.program_id),
        )


@dataclass(frozen=True)
class Concern:
    """A confidential concern to deliver to the admin channel (the text is never stored)."""

    author_slack_id: str
    author_id: int | None
    about: Pair | None
    text: str
    admin_channel: str  # the admin channel of the program the concern is about


def prepare_concern(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    mentorship_id: int | None,
    text: str,
    once: FormKey | None = None,
) -> Concern:
    """Validate a concern and return it for delivery to the admins; the form's key is used up here.

    Raises:
        InvalidInput: empty or too long text, or not one of the person's mentorships.
        NotAllowed: no admin channel is configured.
    """
    body = text.strip()
    if not body:
        raise InvalidInput(
            "Write your concern.", {"text": "Write what you'd like the admins to know."}, code="concern_empty"
        )
    if len(body) > MAX_CONCERN:
        raise InvalidInput(
            "Too long.", {"text": f"Keep it to {MAX_CONCERN} characters."}, code="concern_too_long"
        )
    with deps.uow(read_only=True) as uow:
        channel = programs.admin_channel_for(deps, uow, team_id, program_of(uow, team_id, mentorship_id))
    if not channel:
        raise NotAllowed(
            "No admin channel is set up for this program, so nothing was sent. Please talk to your "
            "HR or program contact directly.",
            code="no_admin_channel",
        )
    with deps.uow() as uow:
        use_once(uow, once, deps.clock())
        person = uow.people.by_slack_id(team_id, slack_user_id, program_of(uow, team_id, mentorship_id))
        about: Pair | None = None
        if mentorship_id is not None:
            if person is None:
                raise InvalidInput(
                    "Unknown mentorship.",
                    {"pair": "Choose one of your mentorships."},
                    code="unknown_mentorship",
                )
            try:
                record = own_mentorship(uow, team_id, person, mentorship_id, ("active", "paused", "ended"))
            except NotFound:
                raise InvalidInput(
                    "Unknown mentorship.",
                    {"pair": "Choose one of your mentorships."},
                    code="unknown_mentorship",
                ) from None
            about = pair_of(record)
        return Concern(slack_user_id, person.id if person is not None else None, about, body, channel)


def record_concern(deps: Deps, team_id: str, concern: Concern) -> int:
    """Record that a concern reached the admins: who and when, never the text."""
    with deps.uow() as uow:
        row = ConcernRecord(
            team_id=team_id,
            author_id=concern.author_id,
            mentorship_id=concern.about.id if concern.about else None,
            created_at=deps.clock(),
        )
        uow.repo(PairWorkRepository).add(row)
        logger.info("concern raised team=%s concern=%s", team_id, row.id)
        return row.id


def concern_choices(deps: Deps, team_id: str, slack_user_id: str) -> list[Pair]:
    """Return the mentorships a concern may be about (anyone may raise one, enrolled or not)."""
    with deps.uow() as uow:
        person = uow.people.by_slack_id(team_id, slack_user_id)
        if person is None:
            return []
        records = uow.repo(PairWorkRepository).mentorships_of(
            team_id, person.id, ("active", "paused", "ended")
        )
        return [pair_of(r) for r in records[-10:]]
