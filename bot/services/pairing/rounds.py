"""Admin matching rounds: propose a globally optimal round, then approve or discard it once."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.deps import Deps
from bot.domain.matching.rules import MatchProposal, Participant
from bot.domain.matching.solver import Certificate, propose_certified
from bot.services import programs
from bot.services.pairing.common import PairingRefused, card, initial_cadence, withdraw_others
from bot.services.pairing.outcomes import NewPair, RoundDecision, RoundPlan, Withdrawn
from bot.services.pairing.pool import Pool, load_pool, round_mentees
from storage.records import MatchRoundRecord, MentorshipRecord
from storage.repositories.pairing import PairingRepository

logger = logging.getLogger(__name__)


def proposal_data(
    proposal: MatchProposal, mentees: int, mentors: int, certificate: Certificate | None = None
) -> dict[str, Any]:
    """Return a proposal as JSON-ready data (Slack user ids, names, scores, reasons, optimality)."""
    data: dict[str, Any] = {
        "pairs": [
            {
                "mentee": p.mentee.slack_user_id,
                "mentor": p.mentor.slack_user_id,
                "mentee_id": p.mentee.person_id,
                "mentor_id": p.mentor.person_id,
                "mentee_name": p.mentee.name,
                "mentor_name": p.mentor.name,
                "score": p.score,
                "reasons": list(p.reasons),
                "cautions": list(p.cautions),
            }
            for p in proposal.pairs
        ],
        "unmatched": [
            {
                "mentee": u.mentee.slack_user_id,
                "mentee_id": u.mentee.person_id,
                "mentee_name": u.mentee.name,
                "reason": u.reason,
            }
            for u in proposal.unmatched
        ],
        "total_score": proposal.total_score,
        "mentees": mentees,
        "mentors": mentors,
    }
    if certificate is not None:
        data["optimal"] = certificate.optimal
        if not certificate.optimal:
            data["gap"] = {"mentees": certificate.gap_mentees, "score": certificate.gap_score}
    return data


def without_turned_down(
    pool: Pool, repo: PairingRepository, team_id: str, mentees: list[Participant], now: datetime
) -> list[Participant]:
    """The mentees, each kept from the mentors who declined them or let their request lapse, until
    the program's repeat cooldown has passed since (no cooldown: never again)."""
    cooldown = pool.settings.repeat_cooldown_days
    since = now - timedelta(days=cooldown) if cooldown is not None else None
    refused = repo.turned_down(team_id, pool.program_id, now, since)
    if not refused:
        return mentees
    slack_of = {pid: p.slack_user_id for pid, p in pool.people.items()}
    kept: list[Participant] = []
    for mentee in mentees:
        extra = {slack_of[m] for (e, m) in refused if e == mentee.person_id and m in slack_of}
        kept.append(replace(mentee, blocked=mentee.blocked | extra) if extra else mentee)
    return kept


def run_round(
    deps: Deps,
    team_id: str,
    created_by: str | None,
    *,
    dry_run: bool = False,
    program_id: int | None = None,
    time_limit: float | None = None,
    scheduled_for: str | None = None,
) -> RoundPlan:
    """Propose a globally optimal round in one program (given, the request's, else the first) from
    that program's pool only; store it for approval unless this is a dry run.

    A new proposal replaces any earlier one of the same program still waiting for a decision. A
    circles program is refused ("circles_program"): its rounds form circles (bot.services.circles).
    ``time_limit`` (seconds) may stop the solver's optimality proof early (see
    ``propose_certified``); the proposal then says ``optimal`` False with the gap.
    """
    now = deps.clock()
    with deps.uow() as uow:
        uow.programs.ensure_workspace(team_id, now)
        repo = uow.repo(PairingRepository)
        pool = load_pool(uow, team_id, now, program_id)
        program = pool.program_id
        if pool.settings.format == "circles":
            raise PairingRefused("circles_program")  # its rounds are bot.services.circles'
        mentees = without_turned_down(pool, repo, team_id, round_mentees(pool, repo, team_id), now)
        proposal, certificate = propose_certified(
            mentees,
            pool.mentors,
            pool.history,
            pool.weights,
            now,
            pool.managers,
            time_limit=time_limit,
        )
        available = len([m for m in pool.mentors if m.available])
        data = proposal_data(proposal, len(mentees), available, certificate)
        if scheduled_for is not None:
            data["scheduled_for"] = scheduled_for
        if dry_run:
            return RoundPlan(round_id=None, proposal=data, program_id=program)
        superseded = []
        for old in repo.proposed_rounds(team_id, program):
            if repo.decide_round(team_id, old.id, "superseded", created_by, now):
                superseded.append((old.id, old.message_channel, old.message_ts))
        record = MatchRoundRecord(
            team_id=team_id,
            program_id=program,
            status="proposed",
            proposal=data,
            created_by=created_by,
            created_at=now,
        )
        repo.add(record)
        logger.info(
            "round proposed team=%s program=%s round=%s pairs=%d unmatched=%d",
            team_id,
            program,
            record.id,
            len(data["pairs"]),
            len(data["unmatched"]),
        )
        return RoundPlan(round_id=record.id, proposal=data, superseded=tuple(superseded), program_id=program)


def scheduled_round(deps: Deps, team_id: str, program_id: int, due: str) -> tuple[RoundPlan, bool]:
    """The program's scheduled round for this due date: the one already run (True: its proposal
    was stored before, perhaps posted), else a new one. A retried delivery never runs it twice."""
    with deps.uow(read_only=True) as uow:
        for record in uow.repo(PairingRepository).rounds_of(team_id, program_id):
            if (record.proposal or {}).get("scheduled_for") == due:
                plan = RoundPlan(
                    round_id=record.id, proposal=dict(record.proposal or {}), program_id=record.program_id
                )
                return plan, True
    return run_round(deps, team_id, None, program_id=program_id, scheduled_for=due), False


def unintroduced_pairs(deps: Deps, team_id: str, round_id: int) -> tuple[NewPair, ...]:
    """The round's open pairs not introduced yet (no group DM recorded): what a scheduled round
    that approved itself still has to introduce, also after a failed or retried delivery."""
    with deps.uow(read_only=True) as uow:
        found = uow.session.scalars(
            select(MentorshipRecord)
            .where(
                MentorshipRecord.team_id == team_id,
                MentorshipRecord.round_id == round_id,
                MentorshipRecord.status == "active",
                MentorshipRecord.group_channel_id.is_(None),
            )
            .order_by(MentorshipRecord.id)
        )
        return tuple(
            NewPair(
                m.id,
                card(m.mentor),
                card(m.mentee),
                int(m.match_score or 0),
                tuple(m.match_reasons or ()),
                "round",
            )
            for m in found
        )


def set_round_message(deps: Deps, team_id: str, round_id: int, channel: str, ts: str) -> None:
    """Remember where the round's proposal was posted."""
    with deps.uow() as uow:
        record = uow.repo(PairingRepository).round(team_id, round_id)
        if record is not None:
            record.message_channel, record.message_ts = channel, ts


def _decision(record: MatchRoundRecord, changed: bool, **extra: Any) -> RoundDecision:
    return RoundDecision(
        changed=changed,
        round_id=record.id,
        status=record.status,
        decided_by=record.decided_by,
        proposal=dict(record.proposal or {}),
        revision=int(record.revision or 0),
        message_channel=record.message_channel,
        message_ts=record.message_ts,
        **extra,
    )


def approve_round(
    deps: Deps, team_id: str, round_id: int, admin_slack_id: str | None, revision: int | None = None
) -> RoundDecision:
    """Approve a proposed round exactly once: create its pairs (re-checked now) and report them.

    With `revision`, only the proposal as the admin saw it: after another admin's edit nothing
    happens (`changed` False, status still proposed) and they see the current one."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        if repo.round(team_id, round_id) is None:
            raise PairingRefused("round_gone")
        changed = repo.decide_round(team_id, round_id, "approved", admin_slack_id, now, revision)
        record = repo.round(team_id, round_id)
        assert record is not None  # noqa: S101 - rounds are never deleted
        if not changed:
            return _decision(record, False)
        pairs = list((record.proposal or {}).get("pairs", []))
        ids = [int(p["mentor_id"]) for p in pairs] + [int(p["mentee_id"]) for p in pairs]
        locked = repo.lock_people(team_id, ids)
        settings = uow.programs.settings(team_id, now, record.program_id)
        counts = repo.open_mentee_counts(team_id, record.program_id)
        created: list[NewPair] = []
        skipped: list[tuple[str, str, str]] = []
        withdrawn: list[Withdrawn] = []
        for pair in pairs:
            mentor, mentee = locked.get(int(pair["mentor_id"])), locked.get(int(pair["mentee_id"]))
            if mentor is None or mentee is None:
                skipped.append((pair["mentee"], pair["mentor"], "left"))
                continue
            reason = None
            if mentee.status != "active" or mentor.status != "active":
                reason = "unavailable"
            elif repo.has_open_mentor(team_id, mentee.id):
                reason = "has_mentor"
            elif counts.get(mentor.id, 0) >= mentor.capacity or programs.at_cap(
                uow, team_id, mentor.identity_id
            ):
                reason = "mentor_full"
            if reason:
                skipped.append((mentee.slack_user_id, mentor.slack_user_id, reason))
                continue
            mentorship = MentorshipRecord(
                team_id=team_id,
                program_id=record.program_id,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                status="active",
                source="round",
                round_id=record.id,
                match_score=int(pair["score"]),
                match_reasons=list(pair["reasons"]),
                started_at=now,
                cadence=initial_cadence(mentee, mentor, settings.default_cadence),
                agreement_status="none",
            )
            repo.add(mentorship)
            counts[mentor.id] = counts.get(mentor.id, 0) + 1
            withdrawn.extend(withdraw_others(repo, team_id, mentee.id, None, now))
            created.append(
                NewPair(
                    mentorship.id,
                    card(mentor),
                    card(mentee),
                    int(pair["score"]),
                    tuple(pair["reasons"]),
                    "round",
                )
            )
        logger.info(
            "round approved team=%s round=%s created=%d skipped=%d",
            team_id,
            record.id,
            len(created),
            len(skipped),
        )
        return _decision(
            record, True, created=tuple(created), skipped=tuple(skipped), withdrawn=tuple(withdrawn)
        )


def discard_round(deps: Deps, team_id: str, round_id: int, admin_slack_id: str | None) -> RoundDecision:
    """Discard a proposed round (once); nothing is created."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(PairingRepository)
        if repo.round(team_id, round_id) is None:
            raise PairingRefused("round_gone")
        changed = repo.decide_round(team_id, round_id, "discarded", admin_slack_id, now)
        record = repo.round(team_id, round_id)
        assert record is not None  # noqa: S101 - rounds are never deleted
        return _decision(record, changed)
