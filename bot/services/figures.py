"""The program's shared figures: the one place where the report, the weekly digest, pair health
and the export get their counts of people, pairs, pair health, sessions and goals.

Each of them calls `program_figures` inside its own transaction (and program scope), so for the
same moment they print the same numbers: "Pairs at risk" in the digest is the number of pairs
pair health lists as at risk, which is the report's and the export's count too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.program_health import (
    AT_RISK,
    NEEDS_CHECK_IN,
    ON_TRACK,
    PAUSED,
    Health,
    PairFacts,
    pair_health,
)
from storage.records import MentorshipRecord
from storage.repositories.admin import AdminRepository

CURRENT = ("active", "paused")


@dataclass(frozen=True)
class ProgramFigures:
    """Counts of one program at one instant (no private answer is in them)."""

    at: datetime
    people: int  # active participants with a profile
    mentors: int
    mentees: int
    both: int
    waiting: int  # mentees (or both) without a current pair
    active_pairs: int
    paused_pairs: int
    at_risk: int
    needs_check_in: int
    on_track: int
    sessions_logged: int  # every session of the program's pairs
    goals_set: int
    goals_achieved: int
    health: dict[int, Health] = field(default_factory=dict)  # current pair -> its health


def facts_of(m: MentorshipRecord, lowest: dict[int, int]) -> PairFacts:
    """What a pair's health is judged from."""
    return PairFacts(
        status=m.status,
        cadence=m.cadence,
        started_on=m.check_ins_from or m.started_at.date(),
        last_session_on=m.last_session_on,
        agreement_status=m.agreement_status,
        at_risk=m.at_risk,
        rematch_requested=m.rematch_requested,
        lowest_reflection_score=lowest.get(m.id),
        paused_until=m.paused_until,
    )


def program_figures(session: Session, team_id: str, now: datetime) -> ProgramFigures:
    """Compute the shared figures of the program in scope (the workspace without one) at `now`."""
    repo = AdminRepository(session)
    today = now.date()
    people = [p for p in repo.people(team_id) if p.status == "active"]
    roles = Counter(str(p.role) for p in people)
    pairs = repo.mentorships(team_id, CURRENT)
    lowest = repo.lowest_reflection_scores(team_id)
    health = {m.id: pair_health(facts_of(m, lowest), today) for m in pairs}
    states = Counter(h.state for h in health.values())
    paired = {m.mentee_id for m in pairs}
    goals = repo.goals(team_id)
    return ProgramFigures(
        at=now,
        people=len(people),
        mentors=roles["mentor"],
        mentees=roles["mentee"],
        both=roles["both"],
        waiting=sum(1 for p in people if p.role in ("mentee", "both") and p.id not in paired),
        active_pairs=sum(1 for m in pairs if m.status == "active"),
        paused_pairs=states[PAUSED],
        at_risk=states[AT_RISK],
        needs_check_in=states[NEEDS_CHECK_IN],
        on_track=states[ON_TRACK],
        sessions_logged=sum(repo.session_counts(team_id).values()),
        goals_set=len(goals),
        goals_achieved=sum(1 for g in goals if g[2] == "achieved"),
        health=health,
    )
