"""Private, structured feedback within a pair: only the recipient ever sees the text."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.deps import Deps
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.feedback import FeedbackNote, review_feedback
from bot.domain.journey import GRACE_DAYS
from bot.services.once import FormKey, use_once
from bot.services.pairs import NOT_YOURS, Member, Pair, pair_of, recent_or_live, require_person
from storage.records import FeedbackRecord
from storage.repositories.pairwork import PairWorkRepository

logger = logging.getLogger(__name__)

MAX_FIELD = 1500
MIN_RATINGS_SHOWN = 3  # fewer ratings than this are not shown, so nobody can be singled out


@dataclass(frozen=True)
class FeedbackInput:
    """What the feedback modal holds, as typed."""

    mentorship_id: int | None
    going_well: str
    could_improve: str
    suggestion: str
    rating: int | None


@dataclass(frozen=True)
class CheckedFeedback:
    """Feedback that passed validation, with the wording guide's notes."""

    mentorship_id: int
    going_well: str
    could_improve: str
    suggestion: str
    rating: int | None
    notes: tuple[FeedbackNote, ...]


@dataclass(frozen=True)
class FeedbackSent:
    """Saved feedback, ready to be delivered to its recipient only."""

    id: int
    pair: Pair
    author: Member
    recipient: Member
    going_well: str
    could_improve: str
    suggestion: str


def check_feedback(deps: Deps, team_id: str, slack_user_id: str, data: FeedbackInput) -> CheckedFeedback:
    """Validate feedback (nothing saved) and add the guide's notes.

    Raises:
        InvalidInput: with `fields` keyed pair, well, better, suggestion, rating.
    """
    errors: dict[str, str] = {}
    with deps.uow() as uow:
        person = require_person(uow, team_id, slack_user_id, data.mentorship_id)
        mentorships = recent_or_live(uow, team_id, person, deps.clock())
        chosen = [m for m in mentorships if data.mentorship_id in (None, m.id)]
        mentorship_id = chosen[0].id if chosen else 0
        if data.mentorship_id is None and len(mentorships) > 1:
            errors["pair"] = "Choose who this feedback is for."
        elif not chosen:
            errors["pair"] = (
                f"That mentorship ended more than {GRACE_DAYS} days ago, so feedback can't reach it now. "
                "Type `/mentor status` to see yours."
            )
    fields = {
        "well": data.going_well.strip(),
        "better": data.could_improve.strip(),
        "suggestion": data.suggestion.strip(),
    }
    if not fields["well"]:
        errors["well"] = "Start with something that's going well, however small."
    if not fields["suggestion"]:
        errors["suggestion"] = "Add one thing they could try next time."
    for name, text in fields.items():
        if len(text) > MAX_FIELD:
            errors[name] = f"Keep this to {MAX_FIELD} characters."
    if data.rating is not None and not 1 <= data.rating <= 5:
        errors["rating"] = "Pick a rating from 1 to 5, or leave it empty."
    if errors:
        raise InvalidInput("Please fix the highlighted fields.", errors, code="fields_invalid")
    notes = review_feedback(fields["well"], fields["better"], fields["suggestion"])
    return CheckedFeedback(
        mentorship_id, fields["well"], fields["better"], fields["suggestion"], data.rating, tuple(notes)
    )


def save_feedback(
    deps: Deps, team_id: str, slack_user_id: str, feedback: CheckedFeedback, once: FormKey | None = None
) -> FeedbackSent:
    """Save checked feedback; the caller delivers it to the recipient only."""
    now = deps.clock()
    with deps.uow() as uow:
        use_once(uow, once, now)
        person = require_person(uow, team_id, slack_user_id, feedback.mentorship_id)
        record = next(
            (r for r in recent_or_live(uow, team_id, person, now) if r.id == feedback.mentorship_id), None
        )
        if record is None:
            raise NotFound(NOT_YOURS, code="feedback_pair_gone")
        pair = pair_of(record)
        recipient = pair.partner_of(person.id)
        row = FeedbackRecord(
            team_id=team_id,
            mentorship_id=record.id,
            author_id=person.id,
            recipient_id=recipient.person_id,
            going_well=feedback.going_well,
            could_improve=feedback.could_improve,
            suggestion=feedback.suggestion,
            program_rating=feedback.rating,
            created_at=now,
        )
        uow.repo(PairWorkRepository).add(row)
        logger.info("feedback saved team=%s mentorship=%s feedback=%s", team_id, record.id, row.id)
        return FeedbackSent(
            row.id,
            pair,
            pair.member(person.id),
            recipient,
            feedback.going_well,
            feedback.could_improve,
            feedback.suggestion,
        )


@dataclass(frozen=True)
class RatingSummary:
    """Program-level ratings as an aggregate (never per pair or per person)."""

    count: int
    average: float | None


def rating_summary(deps: Deps, team_id: str) -> RatingSummary:
    """Return how the program is rated overall; no average below MIN_RATINGS_SHOWN ratings."""
    with deps.uow() as uow:
        ratings = uow.repo(PairWorkRepository).ratings(team_id)
    if len(ratings) < MIN_RATINGS_SHOWN:
        return RatingSummary(len(ratings), None)
    return RatingSummary(len(ratings), round(sum(ratings) / len(ratings), 2))
