"""Circles rounds: propose, edit per circle, then approve (once) or discard.

* `run_round` groups one program's waiting pool (bot.services.circles.pool) with the engine
  (bot.domain.circles) and stores the proposal; a newer proposal supersedes any older one of the
  same program still waiting for a decision. A dry run stores nothing.
* Edits (`move_member`, `remove_member`) change a pending proposal one person at a time; each
  changed circle is re-checked with the round's hard rules and sizes (bot.domain.circles.edits)
  and described afresh; a change that breaks a rule changes nothing. Every edit bumps the
  proposal's "version", so an edge can refuse a stale form (`expected_version`).
* `approve_round` decides the round exactly once (a conditional update: of two approvals one
  wins, the other is told it was decided) and then, with the members' rows locked, re-checks each
  person (still a member, active, not seated in another living circle): a circle that would fall
  below the minimum is not formed. Each circle gets its seats in host order (a fixed shuffle of
  the members by round), its start (now; its start day is the program's local day), `ends_on` =
  start day + the program's circle weeks, and its cadence. A short circle whose members the round
  regrouped ends ("merged") once one of them has a seat in a new circle; whoever of it was not
  placed waits for the next round (the proposal told the admin why).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

from bot.deps import Deps
from bot.domain.circles.edits import assess_circle
from bot.domain.circles.model import CircleProposal
from bot.domain.circles.prompts import prompt_for
from bot.domain.circles.propose import propose_circles
from bot.services.circles.outcomes import CircleRefused, NewCircle, RoundDecision, RoundPlan
from bot.services.circles.pool import (
    RoundInput,
    card,
    circles_program,
    history_of,
    load_round,
    program_today,
    settings_of,
    to_member,
)
from bot.services.circles.prompts import program_prompts
from storage.records import CircleMemberRecord, CircleRecord, CircleRoundRecord, PersonRecord
from storage.repositories.circles import LIVING, CircleRepository
from storage.repositories.pairing import PairingRepository
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

REMOVED_REASON = "Taken out of this round by an admin; you wait for the next round"


def _circle_data(circle: Any) -> dict[str, Any]:
    return {
        "members": [m.slack_user_id for m in circle.members],
        "member_ids": [m.person_id for m in circle.members],
        "names": [m.name for m in circle.members],
        "score": circle.score,
        "reasons": list(circle.reasons),
        "common_hours": [[w.start.isoformat(), w.end.isoformat()] for w in circle.common_hours],
        "repeats": len(circle.repeated_pairs),
    }


def proposal_data(found: CircleProposal, pool: RoundInput) -> dict[str, Any]:
    """A proposal as JSON-ready data (see RoundPlan for the keys)."""
    unplaced = [
        {
            "member": u.member.slack_user_id,
            "member_id": u.member.person_id,
            "name": u.member.name,
            "reason": u.reason,
        }
        for u in found.unplaced
    ]
    unplaced.extend(
        {"member": p.slack_user_id, "member_id": p.id, "name": p.name or p.slack_user_id, "reason": reason}
        for p, reason in pool.outside
    )
    return {
        "circles": [_circle_data(c) for c in found.circles],
        "unplaced": sorted(unplaced, key=lambda u: int(u["member_id"])),
        "note": found.note,
        "method": found.method,
        "waiting": len(pool.people),
        "regroup": sorted(pool.regroup),
        "round_index": pool.round_index,
        "version": 0,
    }


def run_round(
    deps: Deps, team_id: str, program_id: int, created_by: str | None, *, dry_run: bool = False
) -> RoundPlan:
    """Propose circles for one circles program; store the proposal unless this is a dry run."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        pool = load_round(uow, team_id, program_id)
        found = propose_circles(
            pool.members, now, pool.settings, pool.history, pool.managers, round_index=pool.round_index
        )
        data = proposal_data(found, pool)
        if dry_run:
            return RoundPlan(round_id=None, program_id=pool.program.id, proposal=data)
        superseded = []
        for old in repo.proposed_rounds(team_id, pool.program.id):
            if repo.decide_round(team_id, old.id, "superseded", created_by, now):
                superseded.append((old.id, old.message_channel, old.message_ts))
        record = repo.add_round(
            CircleRoundRecord(
                team_id=team_id,
                program_id=pool.program.id,
                status="proposed",
                proposal=data,
                created_by=created_by,
                created_at=now,
            )
        )
        logger.info(
            "circles round proposed team=%s program=%s round=%s circles=%d unplaced=%d",
            team_id,
            pool.program.id,
            record.id,
            len(data["circles"]),
            len(data["unplaced"]),
        )
        return RoundPlan(record.id, pool.program.id, data, tuple(superseded))


def set_round_message(deps: Deps, team_id: str, round_id: int, channel: str, ts: str) -> None:
    """Remember where the round's proposal was posted (so it can be rewritten in place)."""
    with deps.uow() as uow:
        record = uow.repo(CircleRepository).round(team_id, round_id)
        if record is not None:
            record.message_channel, record.message_ts = channel, ts


def round_plan(deps: Deps, team_id: str, round_id: int) -> RoundPlan:
    """A stored round as it stands now."""
    with deps.uow(read_only=True) as uow:
        record = uow.repo(CircleRepository).round(team_id, round_id)
        if record is None:
            raise CircleRefused("round_gone")
        return RoundPlan(record.id, record.program_id, dict(record.proposal or {}))


# -- per-circle edits ------------------------------------------------------------------------------
def _where(proposal: dict[str, Any], slack_user_id: str) -> int | None:
    """The index of the circle holding this person; -1 when they are unplaced; None if absent."""
    for n, circle in enumerate(proposal.get("circles", [])):
        if slack_user_id in circle["members"]:
            return n
    if any(u["member"] == slack_user_id for u in proposal.get("unplaced", [])):
        return -1
    return None


def _assessed(
    uow: UnitOfWork, record: CircleRoundRecord, member_ids: list[int], regroup: set[int]
) -> tuple[dict[str, Any], list[tuple[str, str | None, str | None]]]:
    """One edited circle described afresh, and the rules it breaks ((code, first, second))."""
    team_id = record.team_id
    program = circles_program(uow, team_id, record.program_id)
    people = [p for pid in member_ids if (p := uow.people.get(team_id, pid)) is not None]
    history, index = history_of(uow, team_id, program.id, skip=regroup)
    found = assess_circle(
        [to_member(p) for p in people],
        record.created_at,
        settings_of(program),
        history,
        uow.repo(PairingRepository).managers(team_id),
        round_index=index,
    )
    return _circle_data(found.circle), [(p.code, p.first, p.second) for p in found.problems]


def _described(
    uow: UnitOfWork, record: CircleRoundRecord, member_ids: list[int], regroup: set[int]
) -> dict[str, Any]:
    """One circle described afresh; CircleRefused("edit_breaks_rules") when it breaks a rule."""
    data, problems = _assessed(uow, record, member_ids, regroup)
    if problems:
        raise CircleRefused("edit_breaks_rules", problems=problems)
    return data


def move_member(
    deps: Deps,
    team_id: str,
    round_id: int,
    slack_user_id: str,
    to_circle: int | None,
    admin_slack_id: str,
    *,
    expected_version: int | None = None,
) -> RoundPlan:
    """Move a person of a pending proposal into circle number `to_circle` (0-based), or out of the
    round (None: they wait, with a reason). Both circles touched are re-checked; a change that
    breaks a size or a hard rule raises CircleRefused("edit_breaks_rules", problems=...)."""
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        record = repo.round(team_id, round_id, lock=True)
        if record is None:
            raise CircleRefused("round_gone")
        if record.status != "proposed":
            raise CircleRefused("round_decided", status=record.status)
        proposal: dict[str, Any] = dict(record.proposal or {})
        if expected_version is not None and int(proposal.get("version", 0)) != expected_version:
            raise CircleRefused("stale_round")
        circles = [dict(c) for c in proposal.get("circles", [])]
        unplaced = [dict(u) for u in proposal.get("unplaced", [])]
        source = _where(proposal, slack_user_id)
        if source is None:
            raise CircleRefused("not_in_round")
        if to_circle is not None and not 0 <= to_circle < len(circles):
            raise CircleRefused("no_such_circle")
        target = -1 if to_circle is None else to_circle
        if source == target:
            return RoundPlan(record.id, record.program_id, proposal)
        regroup = {int(c) for c in proposal.get("regroup", [])}
        if source >= 0:
            moved = circles[source]["member_ids"][circles[source]["members"].index(slack_user_id)]
            name = circles[source]["names"][circles[source]["members"].index(slack_user_id)]
        else:
            entry = next(u for u in unplaced if u["member"] == slack_user_id)
            moved, name = entry["member_id"], entry["name"]
        problems: list[tuple[str, str | None, str | None]] = []
        if source >= 0:
            rest = [pid for pid in circles[source]["member_ids"] if pid != moved]
            circles[source], found = _assessed(uow, record, rest, regroup)
            problems.extend(found)
        else:
            unplaced = [u for u in unplaced if u["member"] != slack_user_id]
        if target >= 0:
            ids = [*circles[target]["member_ids"], moved]
            circles[target], found = _assessed(uow, record, ids, regroup)
            problems.extend(found)
        if problems:
            raise CircleRefused("edit_breaks_rules", problems=problems)
        if target < 0:
            unplaced.append(
                {"member": slack_user_id, "member_id": moved, "name": name, "reason": REMOVED_REASON}
            )
            unplaced.sort(key=lambda u: int(u["member_id"]))
        proposal.update(circles=circles, unplaced=unplaced, version=int(proposal.get("version", 0)) + 1)
        record.proposal = proposal
        logger.info(
            "circles round edited team=%s round=%s by=%s version=%s",
            team_id,
            record.id,
            admin_slack_id,
            proposal["version"],
        )
        return RoundPlan(record.id, record.program_id, proposal)


def remove_member(
    deps: Deps,
    team_id: str,
    round_id: int,
    slack_user_id: str,
    admin_slack_id: str,
    *,
    expected_version: int | None = None,
) -> RoundPlan:
    """Take a person out of a pending proposal (they wait for the next round, with a reason)."""
    return move_member(
        deps, team_id, round_id, slack_user_id, None, admin_slack_id, expected_version=expected_version
    )


# -- decisions -------------------------------------------------------------------------------------
def _decision(record: CircleRoundRecord, changed: bool, **extra: Any) -> RoundDecision:
    return RoundDecision(
        changed=changed,
        round_id=record.id,
        program_id=record.program_id,
        status=record.status,
        decided_by=record.decided_by,
        proposal=dict(record.proposal or {}),
        message_channel=record.message_channel,
        message_ts=record.message_ts,
        **extra,
    )


def host_order(round_id: int, person_ids: list[int]) -> list[int]:
    """The seat order (and so the hosting order) of a new circle: a fixed shuffle by round."""

    def key(pid: int) -> tuple[str, int]:
        return hashlib.sha256(f"{round_id}:{pid}".encode()).hexdigest(), pid

    return sorted(person_ids, key=key)


def approve_round(deps: Deps, team_id: str, round_id: int, admin_slack_id: str) -> RoundDecision:
    """Approve a proposed round exactly once: form its circles (members re-checked now)."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        if repo.round(team_id, round_id) is None:
            raise CircleRefused("round_gone")
        changed = repo.decide_round(team_id, round_id, "approved", admin_slack_id, now)
        record = repo.round(team_id, round_id, lock=True)
        assert record is not None  # noqa: S101 - rounds are never deleted
        if not changed:
            return _decision(record, False)
        program = uow.programs.program(team_id, record.program_id)
        assert program is not None  # noqa: S101 - programs are archived, never deleted
        proposal = dict(record.proposal or {})
        regroup = {int(c) for c in proposal.get("regroup", [])}
        ids = [int(pid) for c in proposal.get("circles", []) for pid in c["member_ids"]]
        locked = repo.lock_people(team_id, ids)
        held = repo.held_seats_of(team_id, ids)
        start_day = program_today(program, now)
        ends_on = start_day + timedelta(weeks=max(1, program.circle_weeks))
        bank = program_prompts(uow, team_id, program.id)
        created: list[NewCircle] = []
        skipped: list[tuple[tuple[str, ...], str]] = []
        dropped: list[tuple[str, str]] = []
        for entry in proposal.get("circles", []):
            members: list[PersonRecord] = []
            for pid, slack_id in zip(entry["member_ids"], entry["members"], strict=True):
                person = locked.get(int(pid))
                reason = None
                if person is None or person.program_id != program.id or person.role is None:
                    reason = "left"
                elif person.status != "active":
                    reason = "unavailable"
                elif int(pid) in held and held[int(pid)].circle_id not in regroup:
                    reason = "in_circle"
                if reason:
                    dropped.append((str(slack_id), reason))
                else:
                    assert person is not None  # noqa: S101 - checked above
                    members.append(person)
            if len(members) < program.circle_min_size:
                skipped.append((tuple(entry["members"]), "too_few_left"))
                continue
            if len(members) < len(entry["member_ids"]):
                entry = _described(uow, record, [p.id for p in members], regroup)
            order = host_order(record.id, [p.id for p in members])
            by_id = {p.id: p for p in members}
            circle = repo.add_circle(
                CircleRecord(
                    team_id=team_id,
                    program_id=program.id,
                    round_id=record.id,
                    status="active",
                    score=int(entry["score"]),
                    reasons=list(entry["reasons"]),
                    started_at=now,
                    ends_on=ends_on,
                    cadence=program.circle_cadence or "biweekly",
                    host_position=0,
                )
            )
            for position, pid in enumerate(order):
                repo.add_seat(
                    CircleMemberRecord(
                        team_id=team_id,
                        circle_id=circle.id,
                        person_id=pid,
                        position=position,
                        status="active",
                        joined_at=now,
                    )
                )
            cards = tuple(card(by_id[pid]) for pid in order)
            created.append(
                NewCircle(
                    circle_id=circle.id,
                    program_id=program.id,
                    members=cards,
                    host=cards[0],
                    score=circle.score or 0,
                    reasons=tuple(circle.reasons),
                    first_prompt=prompt_for(circle.id, 0, bank),
                    ends_on=ends_on,
                    cadence=circle.cadence,
                )
            )
        regrouped: list[tuple[int, str | None]] = []
        seated = {m.person_id for c in created for m in c.members}
        old_seats = repo.seats(team_id, regroup)
        for old in repo.circles_by_id(team_id, regroup).values():
            if old.status in LIVING and any(s.person_id in seated for s in old_seats[old.id]):
                old.status, old.end_reason, old.ended_at = "ended", "merged", now
                regrouped.append((old.id, old.group_channel_id))
        uow.flush()
        logger.info(
            "circles round approved team=%s program=%s round=%s circles=%d skipped=%d dropped=%d",
            team_id,
            program.id,
            record.id,
            len(created),
            len(skipped),
            len(dropped),
        )
        return _decision(
            record,
            True,
            created=tuple(created),
            skipped=tuple(skipped),
            dropped=tuple(dropped),
            regrouped=tuple(regrouped),
        )


def discard_round(deps: Deps, team_id: str, round_id: int, admin_slack_id: str | None) -> RoundDecision:
    """Discard a proposed round (once); nothing is formed."""
    now = deps.clock()
    with deps.uow() as uow:
        repo = uow.repo(CircleRepository)
        if repo.round(team_id, round_id) is None:
            raise CircleRefused("round_gone")
        changed = repo.decide_round(team_id, round_id, "discarded", admin_slack_id, now)
        record = repo.round(team_id, round_id)
        assert record is not None  # noqa: S101 - rounds are never deleted
        return _decision(record, changed)


def load_pool(deps: Deps, team_id: str, program_id: int) -> RoundInput:
    """The round input of a program as it stands (read-only; for tests and the benchmark)."""
    with deps.uow(read_only=True) as uow:
        return load_round(uow, team_id, program_id)
