"""SMART goals: checking, saving, listing, milestones, progress, achievement and date changes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from bot.deps import Deps
from bot.domain import smart
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.goals import milestone_progress
from bot.services.once import FormKey, use_once
from bot.services.pairs import Pair, local_today, own_mentorship, pair_of, require_person
from storage.records import GoalRecord, MilestoneRecord
from storage.repositories.pairwork import PairWorkRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

MIN_TITLE = 10
MAX_TITLE = 300
MAX_MEASURE = 500
MAX_RELEVANCE = 500
MAX_REASON = 500
GOAL_NOT_FOUND = "I couldn't find that goal among yours. Type `/mentor goals` to see your goals."
GOAL_CLOSED = "That goal is no longer active, so nothing was changed. Type `/mentor goals` to see your goals."


@dataclass(frozen=True)
class GoalInput:
    """What the goal modal holds, as typed."""

    mentorship_id: int | None
    title: str
    measure: str
    relevance: str
    target: date | None
    milestones_text: str


@dataclass(frozen=True)
class CheckedGoal:
    """A goal that passed validation, with its SMART review."""

    mentorship_id: int
    title: str
    measure: str
    relevance: str
    target: date
    milestones: tuple[tuple[str, date | None], ...]
    review: smart.SmartReview


@dataclass(frozen=True)
class MilestoneView:
    """A milestone as shown to the pair."""

    id: int
    title: str
    due_date: date | None
    completed_at: datetime | None


@dataclass(frozen=True)
class GoalView:
    """A goal as shown to the pair."""

    id: int
    mentorship_id: int
    owner_id: int
    title: str
    measure: str
    relevance: str
    target_date: date
    status: str
    progress: int
    achieved_at: datetime | None
    milestones: tuple[MilestoneView, ...]
    date_changes: int


@dataclass(frozen=True)
class GoalEvent:
    """What just happened to a goal, for the pair's notes."""

    goal: GoalView
    pair: Pair
    actor_id: int
    milestone: MilestoneView | None = None
    old_target: date | None = None
    reason: str = ""


def goal_view(record: GoalRecord) -> GoalView:
    """Return a goal record as data."""
    return GoalView(
        id=record.id,
        mentorship_id=record.mentorship_id,
        owner_id=record.owner_id,
        title=record.title,
        measure=record.measure,
        relevance=record.relevance,
        target_date=record.target_date,
        status=record.status,
        progress=record.progress,
        achieved_at=record.achieved_at,
        milestones=tuple(MilestoneView(m.id, m.title, m.due_date, m.completed_at) for m in record.milestones),
        date_changes=len(record.date_changes or []),
    )


def check_goal(deps: Deps, team_id: str, slack_user_id: str, data: GoalInput) -> CheckedGoal:
    """Validate a goal (nothing saved) and review it against SMART.

    Raises:
        InvalidInput: with `fields` keyed pair, title, measure, relevance, target, milestones.
    """
    now = deps.clock()
    errors: dict[str, str] = {}
    with deps.uow() as uow:
        person = require_person(uow, team_id, slack_user_id, data.mentorship_id)
        today = local_today(person.timezone, now)
        mentorships = uow.repo(PairWorkRepository).mentorships_of(team_id, person.id, ("active", "paused"))
        chosen = [m for m in mentorships if data.mentorship_id in (None, m.id)]
        end_date = None
        mentorship_id = 0
        if data.mentorship_id is None and len(mentorships) > 1:
            errors["pair"] = "Choose which mentorship this goal belongs to."
        elif not chosen:
            errors["pair"] = "That mentorship isn't active any more. Type `/mentor status` to see yours."
        else:
            mentorship_id, end_date = chosen[0].id, chosen[0].end_date
    title = " ".join(data.title.split())
    measure = data.measure.strip()
    relevance = data.relevance.strip()
    if len(title) < MIN_TITLE:
        errors["title"] = f"Describe your goal in at least {MIN_TITLE} characters."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"Keep your goal to {MAX_TITLE} characters; the details go in the fields below."
    if len(measure) > MAX_MEASURE:
        errors["measure"] = f"Keep this to {MAX_MEASURE} characters."
    if len(relevance) > MAX_RELEVANCE:
        errors["relevance"] = f"Keep this to {MAX_RELEVANCE} characters."
    milestones: list[tuple[str, date | None]] = []
    try:
        milestones = smart.parse_milestones(data.milestones_text or "", today)
    except ValueError as err:
        errors["milestones"] = str(err)
    if data.target is None:
        errors["target"] = "Pick a target date."
    else:
        for field, message in smart.validate_goal_dates(
            data.target, today, end_date, [d for _, d in milestones]
        ):
            if field in errors and message not in errors[field]:
                errors[field] = f"{errors[field]} {message}"
            else:
                errors.setdefault(field, message)
    if errors or data.target is None:
        raise InvalidInput("Please fix the highlighted fields.", errors, code="fields_invalid")
    review = smart.review_goal(title, measure, data.target, today, [t for t, _ in milestones])
    return CheckedGoal(mentorship_id, title, measure, relevance, data.target, tuple(milestones), review)


def save_goal(
    deps: Deps, team_id: str, slack_user_id: str, goal: CheckedGoal, once: FormKey | None = None
) -> GoalEvent:
    """Save a checked goal with its milestones; return it with its pair."""
    now = deps.clock()
    with deps.uow() as uow:
        use_once(uow, once, now)
        person = require_person(uow, team_id, slack_user_id, goal.mentorship_id)
        record = own_mentorship(uow, team_id, person, goal.mentorship_id, ("active", "paused"))
        repo = uow.repo(PairWorkRepository)
        saved = GoalRecord(
            team_id=team_id,
            mentorship_id=record.id,
            owner_id=person.id,
            title=goal.title,
            measure=goal.measure,
            relevance=goal.relevance,
            target_date=goal.target,
            status="active",
            progress=0,
            date_changes=[],
            created_at=now,
        )
        saved.milestones = [
            MilestoneRecord(team_id=team_id, position=i, title=title, due_date=due)
            for i, (title, due) in enumerate(goal.milestones)
        ]
        repo.add(saved)
        logger.info("goal saved team=%s mentorship=%s goal=%s", team_id, record.id, saved.id)
        return GoalEvent(goal_view(saved), pair_of(record), person.id)


def list_goals(
    deps: Deps, team_id: str, slack_user_id: str, statuses: tuple[str, ...] = ("active", "paused")
) -> list[tuple[Pair, list[GoalView]]]:
    """Return the person's mentorships with these statuses (live ones by default), oldest first,
    each with its goals (active first)."""
    with deps.uow() as uow:
        person = require_person(uow, team_id, slack_user_id)
        repo = uow.repo(PairWorkRepository)
        records = repo.mentorships_of(team_id, person.id, statuses)
        goals = repo.goals_in(team_id, [m.id for m in records])
        out: list[tuple[Pair, list[GoalView]]] = []
        for record in records:
            mine = [goal_view(g) for g in goals if g.mentorship_id == record.id]
            mine.sort(key=lambda g: (g.status != "active", g.target_date))
            out.append((pair_of(record), mine))
        return out


def _own_goal(
    uow: UnitOfWork, team_id: str, slack_user_id: str, goal_id: int, now: datetime | None = None
) -> tuple[GoalRecord, Pair, int]:
    goal = uow.repo(PairWorkRepository).goal(team_id, goal_id)
    if goal is None:
        raise NotFound(GOAL_NOT_FOUND, code="goal_gone")
    person = require_person(uow, team_id, slack_user_id, goal.mentorship_id)
    try:
        record = own_mentorship(uow, team_id, person, goal.mentorship_id, ("active", "paused"), now)
    except NotFound:
        raise NotFound(GOAL_NOT_FOUND, code="goal_gone") from None
    return goal, pair_of(record), person.id


def get_goal(deps: Deps, team_id: str, slack_user_id: str, goal_id: int) -> GoalView:
    """Return one of the person's goals."""
    with deps.uow() as uow:
        goal, _, _ = _own_goal(uow, team_id, slack_user_id, goal_id, deps.clock())
        return goal_view(goal)


def complete_milestone(deps: Deps, team_id: str, slack_user_id: str, milestone_id: int) -> GoalEvent | None:
    """Tick off a milestone (and raise progress to match); None if it was already done."""
    now = deps.clock()
    with deps.uow() as uow:
        milestone = uow.repo(PairWorkRepository).milestone(team_id, milestone_id)
        if milestone is None:
            raise NotFound(GOAL_NOT_FOUND, code="goal_gone")
        goal, pair, actor = _own_goal(uow, team_id, slack_user_id, milestone.goal_id, deps.clock())
        if milestone.completed_at is not None:
            return None
        if not uow.repo(PairWorkRepository).complete_milestone_if_open(team_id, milestone.id, now):
            return None  # ticked off just now by a second press or by the partner
        done = sum(1 for m in goal.milestones if m.completed_at is not None)
        goal.progress = max(goal.progress, milestone_progress(done, len(goal.milestones)))
        uow.flush()
        view = goal_view(goal)
        shown = next(m for m in view.milestones if m.id == milestone.id)
        logger.info("milestone done team=%s goal=%s milestone=%s", team_id, goal.id, milestone.id)
        return GoalEvent(view, pair, actor, milestone=shown)


def set_progress(
    deps: Deps, team_id: str, slack_user_id: str, goal_id: int, progress: int, once: FormKey | None = None
) -> GoalEvent:
    """Set a goal's progress (0-100)."""
    if not 0 <= progress <= 100:
        raise InvalidInput(
            "Progress is a whole number from 0 to 100.",
            {"progress": "Use 0 to 100."},
            code="invalid_progress",
        )
    with deps.uow() as uow:
        use_once(uow, once, deps.clock())
        goal, pair, actor = _own_goal(uow, team_id, slack_user_id, goal_id, deps.clock())
        if goal.status != "active":
            raise NotAllowed(GOAL_CLOSED, code="goal_closed")
        goal.progress = progress
        return GoalEvent(goal_view(goal), pair, actor)


def mark_achieved(deps: Deps, team_id: str, slack_user_id: str, goal_id: int) -> GoalEvent | None:
    """Mark a goal achieved (progress 100, achieved_at now); None if it already was."""
    now = deps.clock()
    with deps.uow() as uow:
        goal, pair, actor = _own_goal(uow, team_id, slack_user_id, goal_id, deps.clock())
        if goal.status == "achieved":
            return None
        if goal.status != "active":
            raise NotAllowed(GOAL_CLOSED, code="goal_closed")
        # A conditional update: two presses at once (two devices, or both people) celebrate once.
        if not uow.repo(PairWorkRepository).achieve_if_active(team_id, goal.id, now):
            return None
        logger.info("goal achieved team=%s goal=%s", team_id, goal.id)
        return GoalEvent(goal_view(goal), pair, actor)


def adjust_date(
    deps: Deps,
    team_id: str,
    slack_user_id: str,
    goal_id: int,
    target: date | None,
    reason: str,
    once: FormKey | None = None,
) -> GoalEvent:
    """Move a goal's target date with a reason, kept in goals.date_changes.

    Raises:
        InvalidInput: with `fields` keyed target and reason.
    """
    now = deps.clock()
    reason = reason.strip()
    with deps.uow() as uow:
        use_once(uow, once, now)
        goal, pair, actor = _own_goal(uow, team_id, slack_user_id, goal_id, deps.clock())
        if goal.status != "active":
            raise NotAllowed(GOAL_CLOSED, code="goal_closed")
        person = require_person(uow, team_id, slack_user_id, goal.mentorship_id)
        today = local_today(person.timezone, now)
        errors: dict[str, str] = {}
        if not reason:
            errors["reason"] = "Say briefly why the date moves; it helps you both plan."
        elif len(reason) > MAX_REASON:
            errors["reason"] = f"Keep the reason to {MAX_REASON} characters."
        if target is None:
            errors["target"] = "Pick the new target date."
        elif target == goal.target_date:
            errors["target"] = "That's the current target date. Pick a different one."
        else:
            open_dates = [m.due_date for m in goal.milestones if m.completed_at is None]
            for _, message in smart.validate_goal_dates(target, today, pair.end_date, open_dates):
                errors["target"] = f"{errors['target']} {message}" if "target" in errors else message
        if errors or target is None:
            raise InvalidInput("Please fix the highlighted fields.", errors, code="fields_invalid")
        old = goal.target_date
        goal.date_changes = [
            *(goal.date_changes or []),
            {
                "from": old.isoformat(),
                "to": target.isoformat(),
                "reason": reason,
                "by": actor,
                "at": now.isoformat(),
            },
        ]
        goal.target_date = target
        return GoalEvent(goal_view(goal), pair, actor, old_target=old, reason=reason)
