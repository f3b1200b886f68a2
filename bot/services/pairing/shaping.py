"""Shaping a proposed round before it is approved: remove a pair (the mentee is held back and waits
for the next round) or swap a mentee's mentor for one of their next best allowed mentors.

Each edit is one transaction, checked against the proposal's revision: a button from an older
revision, a forged mentee or mentor, or a second admin's edit at the same moment changes nothing
(the conditional update lets exactly one win). Swaps re-check capacity (the mentor's free places
less the pairs the proposal already gives them) and every hard constraint, including mentors who
declined the mentee. Every attempt is audited with its outcome.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.deps import Deps
from bot.domain.matching.rules import ProposedPair
from bot.domain.matching.solver import suggest_mentors
from bot.services.admins import write_audit
from bot.services.pairing.common import PairingRefused, card
from bot.services.pairing.outcomes import RoundEdit, Suggestion, SwapChoices
from bot.services.pairing.pool import Pool, load_pool
from bot.services.pairing.rounds import without_turned_down
from storage.records import MatchRoundRecord
from storage.repositories.pairing import PairingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

SWAP_CHOICES = 5


def _edit(record: MatchRoundRecord, outcome: str) -> RoundEdit:
    return RoundEdit(
        outcome=outcome,
        round_id=record.id,
        status=record.status,
        revision=int(record.revision or 0),
        proposal=dict(record.proposal or {}),
        message_channel=record.message_channel,
        message_ts=record.message_ts,
        decided_by=record.decided_by,
    )


def _pair_index(proposal: dict[str, Any], mentee_id: int) -> int | None:
    for index, pair in enumerate(proposal.get("pairs", [])):
        if int(pair.get("mentee_id", 0)) == mentee_id:
            return index
    return None


def _check(record: MatchRoundRecord | None, revision: int, mentee_id: int) -> tuple[str | None, int | None]:
    """Why an edit cannot start (decided, stale), and the pair's index when it can."""
    if record is None:
        raise PairingRefused("round_gone")
    if record.status != "proposed":
        return "decided", None
    if int(record.revision or 0) != revision:
        return "stale", None
    index = _pair_index(dict(record.proposal or {}), mentee_id)
    return (None, index) if index is not None else ("stale", None)


def _store(
    uow: UnitOfWork, record: MatchRoundRecord, revision: int, proposal: dict[str, Any]
) -> tuple[str, MatchRoundRecord]:
    repo = uow.repo(PairingRepository)
    won = repo.edit_round(record.team_id, record.id, revision, proposal)
    fresh = repo.round(record.team_id, record.id)
    assert fresh is not None  # noqa: S101 - rounds are never deleted
    if won:
        return "edited", fresh
    return ("decided" if fresh.status != "proposed" else "conflict"), fresh


def _audit(
    uow: UnitOfWork,
    record: MatchRoundRecord,
    admin: str,
    action: str,
    mentee_id: int,
    outcome: str,
    now: datetime,
) -> None:
    target = f"round {record.id} mentee {mentee_id}"
    write_audit(
        uow.session, record.team_id, admin, action, now, target, outcome, program_id=record.program_id
    )
    logger.info("round %s team=%s round=%s outcome=%s", action, record.team_id, record.id, outcome)


def remove_pair(
    deps: Deps, team_id: str, round_id: int, revision: int, mentee_id: int, admin: str
) -> RoundEdit:
    """Take one pair out of a proposal: its mentee is held back by an admin and waits for the next round."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        record = repo.round(team_id, round_id)
        problem, index = _check(record, revision, mentee_id)
        assert record is not None  # noqa: S101 - _check raised otherwise
        if problem is not None or index is None:
            _audit(uow, record, admin, "round remove pair", mentee_id, problem or "stale", now)
            return _edit(record, problem or "stale")
        proposal = dict(record.proposal or {})
        pairs = list(proposal.get("pairs", []))
        removed = pairs.pop(index)
        held = list(proposal.get("held_back", []))
        held.append(
            {
                "mentee": removed["mentee"],
                "mentee_id": removed["mentee_id"],
                "mentee_name": removed.get("mentee_name", ""),
                "mentor": removed["mentor"],
                "by": admin,
            }
        )
        proposal.update(pairs=pairs, held_back=held, total_score=sum(int(p["score"]) for p in pairs))
        outcome, fresh = _store(uow, record, revision, proposal)
        _audit(uow, record, admin, "round remove pair", mentee_id, outcome, now)
        return _edit(fresh, outcome)


def _candidates(
    uow: UnitOfWork, record: MatchRoundRecord, index: int, now: datetime, limit: int
) -> tuple[tuple[ProposedPair, ...], Pool]:
    """The best allowed mentors for the mentee of pair `index`, other than the current one, each
    mentor's free places less what the proposal's other pairs already give them (none when the
    mentee has left, paused or found a mentor since)."""
    repo = uow.repo(PairingRepository)
    pool = load_pool(uow, record.team_id, now, record.program_id)
    pairs = list((record.proposal or {}).get("pairs", []))
    pair = pairs[index]
    mentee_id = int(pair["mentee_id"])
    if mentee_id not in pool.participants or repo.has_open_mentor(record.team_id, mentee_id):
        return (), pool
    [mentee] = without_turned_down(pool, repo, record.team_id, [pool.participants[mentee_id]], now)
    used: dict[int, int] = {}
    for i, other in enumerate(pairs):
        if i != index:
            used[int(other["mentor_id"])] = used.get(int(other["mentor_id"]), 0) + 1
    mentors = [
        replace(m, active_mentees=m.active_mentees + used[m.person_id]) if m.person_id in used else m
        for m in pool.mentors
    ]
    found = suggest_mentors(
        mentee,
        mentors,
        pool.history,
        pool.weights,
        now,
        pool.managers,
        limit=limit,
        exclude_ids=frozenset({int(pair["mentor_id"])}),
    )
    return found, pool


def swap_choices(
    deps: Deps, team_id: str, round_id: int, revision: int, mentee_id: int
) -> SwapChoices | RoundEdit:
    """The next best allowed mentors for one proposed mentee (or why the proposal cannot be edited)."""
    now = deps.clock()
    with deps.uow(read_only=True) as uow:
        record = uow.repo(PairingRepository).round(team_id, round_id)
        problem, index = _check(record, revision, mentee_id)
        assert record is not None  # noqa: S101 - _check raised otherwise
        if problem is not None or index is None:
            return _edit(record, problem or "stale")
        found, pool = _candidates(uow, record, index, now, SWAP_CHOICES)
        pair = (record.proposal or {})["pairs"][index]
        return SwapChoices(
            round_id=record.id,
            revision=int(record.revision or 0),
            mentee_id=int(pair["mentee_id"]),
            mentee_slack_id=str(pair["mentee"]),
            current_mentor=str(pair["mentor"]),
            choices=tuple(
                Suggestion(card(pool.people[s.mentor.person_id]), s.score, s.reasons, s.cautions)
                for s in found
            ),
        )


def swap_mentor(
    deps: Deps, team_id: str, round_id: int, revision: int, mentee_id: int, mentor_id: int, admin: str
) -> RoundEdit:
    """Give a proposed mentee another mentor, if that mentor is still an allowed choice with a free place."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        record = repo.round(team_id, round_id)
        problem, index = _check(record, revision, mentee_id)
        assert record is not None  # noqa: S101 - _check raised otherwise
        if problem is not None or index is None:
            _audit(uow, record, admin, "round swap mentor", mentee_id, problem or "stale", now)
            return _edit(record, problem or "stale")
        found, _ = _candidates(uow, record, index, now, limit=10_000)
        chosen = next((s for s in found if s.mentor.person_id == mentor_id), None)
        if chosen is None:
            _audit(uow, record, admin, "round swap mentor", mentee_id, "not_allowed", now)
            return _edit(record, "not_allowed")
        proposal = dict(record.proposal or {})
        pairs = list(proposal.get("pairs", []))
        pairs[index] = {
            **pairs[index],
            "mentor": chosen.mentor.slack_user_id,
            "mentor_id": chosen.mentor.person_id,
            "mentor_name": chosen.mentor.name,
            "score": chosen.score,
            "reasons": list(chosen.reasons),
            "cautions": list(chosen.cautions),
            "swapped_by": admin,
        }
        proposal.update(pairs=pairs, total_score=sum(int(p["score"]) for p in pairs))
        outcome, fresh = _store(uow, record, revision, proposal)
        _audit(uow, record, admin, "round swap mentor", mentee_id, outcome, now)
        return _edit(fresh, outcome)


def round_view(deps: Deps, team_id: str, round_id: int) -> RoundEdit | None:
    """A round as it is now (to show another page of it); None when there is no such round here."""
    with deps.uow(read_only=True) as uow:
        record = uow.repo(PairingRepository).round(team_id, round_id)
        return _edit(record, "view") if record is not None else None
