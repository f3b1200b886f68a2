"""Circles rounds as a service: the pool, the proposal, per-circle edits, approve once, discard."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.deps import Deps
from bot.services import circles, pairing
from bot.services.pairing import PairingRefused
from bot.services.programs import create_program
from devtools.emulator.server import TEAM_ID
from storage.records import CircleMemberRecord, CircleRecord, CircleRoundRecord
from tests.support.circles import approved, circles_program, member, members, seats, stored_circles
from tests.support.factories import make_person, rows, utc

T0 = utc(2026, 3, 2, 10)  # a Monday


@pytest.fixture(autouse=True)
def _now(deps: Deps) -> None:
    deps.clock.set(T0)  # type: ignore[attr-defined]


def _ids(plan: circles.RoundPlan) -> list[list[str]]:
    return [c["members"] for c in plan.proposal["circles"]]


def test_a_dry_run_groups_everyone_waiting_and_stores_nothing(deps: Deps) -> None:
    program = circles_program(deps)
    members(deps, program, 10)
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN", dry_run=True)
    assert plan.round_id is None
    assert sorted(len(c) for c in _ids(plan)) == [5, 5]
    assert plan.proposal["unplaced"] == [] and plan.proposal["waiting"] == 10
    shape = plan.contract_json()
    assert set(shape) == {"circles", "unplaced"}
    assert all(
        set(c) == {"members", "score", "reasons"} and 0 <= c["score"] <= 1000 for c in shape["circles"]
    )
    assert any("public speaking" in r for c in shape["circles"] for r in c["reasons"])
    assert rows(deps, CircleRoundRecord) == []


@pytest.mark.parametrize(
    ("count", "sizes", "unplaced"),
    [(3, [], 3), (4, [4], 0), (7, [6], 1), (9, [5, 4], 0), (12, [6, 6], 0), (13, [5, 4, 4], 0)],
)
def test_sizes_are_balanced_and_everyone_left_out_has_a_reason(
    deps: Deps, count: int, sizes: list[int], unplaced: int
) -> None:
    program = circles_program(deps)
    members(deps, program, count)
    plan = circles.run_round(deps, TEAM_ID, program, None, dry_run=True)
    assert sorted((len(c) for c in _ids(plan)), reverse=True) == sizes
    assert len(plan.proposal["unplaced"]) == unplaced
    assert all(u["reason"] for u in plan.proposal["unplaced"])


def test_a_newer_proposal_supersedes_the_pending_one(deps: Deps) -> None:
    program = circles_program(deps)
    members(deps, program, 8)
    first = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    circles.set_round_message(deps, TEAM_ID, first.round_id or 0, "C0CIRCADM", "111.1")
    second = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    assert second.superseded == ((first.round_id, "C0CIRCADM", "111.1"),)
    statuses = {r.id: r.status for r in rows(deps, CircleRoundRecord)}
    assert statuses == {first.round_id: "superseded", second.round_id: "proposed"}
    late = circles.approve_round(deps, TEAM_ID, first.round_id or 0, "U0ADMIN")
    assert not late.changed and late.status == "superseded" and rows(deps, CircleRecord) == []


def test_the_pool_is_active_members_not_in_a_circle(deps: Deps) -> None:
    program = circles_program(deps)
    other = circles_program(deps, "other-circles", admin_channel="C0OTHERADM")
    members(deps, program, 4)
    member(deps, "U0PAUSED", program, status="paused")
    member(deps, "U0GONE", program, status="opted_out")
    member(deps, "U0ELSEWHERE", other)
    make_person(deps, "U0INVITED", program_id=program, role=None)  # invited, no profile yet
    approved(deps, program)
    member(deps, "U0LATE", program)
    pool = circles.load_pool(deps, TEAM_ID, program)
    assert [m.slack_user_id for m in pool.members] == ["U0LATE"]


def test_approve_forms_the_circles_once_with_host_order_and_run(deps: Deps) -> None:
    program = circles_program(deps, circle_weeks=10, circle_cadence="weekly")
    people = members(deps, program, 9)
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    decision = circles.approve_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN")
    again = circles.approve_round(deps, TEAM_ID, plan.round_id or 0, "U0OTHER")
    assert decision.changed and not again.changed and again.decided_by == "U0ADMIN"
    assert len(decision.created) == 2 and again.created == ()
    found = stored_circles(deps, program)
    assert [c.ends_on for c in found] == [date(2026, 5, 11)] * 2  # 10 weeks from Monday 2 March
    assert {c.cadence for c in found} == {"weekly"} and {c.status for c in found} == {"active"}
    seated = [s.person_id for c in found for s in seats(deps, c.id)]
    assert sorted(seated) == sorted(p.id for p in people)
    for new in decision.created:
        assert new.host == new.members[0]
        assert [s.person_id for s in seats(deps, new.circle_id)] == [m.person_id for m in new.members]
        assert new.first_prompt.text
    # The round's members are no longer waiting.
    assert circles.run_round(deps, TEAM_ID, program, None, dry_run=True).proposal["waiting"] == 0


def test_two_approvals_at_once_form_the_circles_once(deps: Deps) -> None:
    program = circles_program(deps)
    members(deps, program, 10)
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    results: list[circles.RoundDecision] = []
    threads = [
        threading.Thread(
            target=lambda a=a: results.append(circles.approve_round(deps, TEAM_ID, plan.round_id or 0, a))
        )
        for a in ("U0ADMIN", "U0OTHER")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r.changed for r in results) == [False, True]
    assert len(rows(deps, CircleRecord)) == 2 and len(rows(deps, CircleMemberRecord)) == 10


@pytest.mark.parametrize(("change", "reason"), [("paused", "unavailable"), ("opted_out", "unavailable")])
def test_approve_rechecks_each_member_and_skips_a_circle_that_falls_short(
    deps: Deps, change: str, reason: str
) -> None:
    program = circles_program(deps)
    people = members(deps, program, 8)
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    victim = plan.proposal["circles"][0]["member_ids"][0]
    with deps.uow() as uow:
        person = uow.people.get(TEAM_ID, victim)
        assert person is not None
        person.status = change
    decision = circles.approve_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN")
    assert decision.dropped == ((next(p.slack_user_id for p in people if p.id == victim), reason),)
    assert len(decision.created) == 1 and decision.skipped[0][1] == "too_few_left"
    assert len(rows(deps, CircleRecord)) == 1


def test_approve_never_seats_someone_twice(deps: Deps) -> None:
    program = circles_program(deps)
    members(deps, program, 5)
    first = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    # Another round over the same people, proposed before the first is approved, is superseded;
    # a round forged over seated people drops them.
    circles.approve_round(deps, TEAM_ID, first.round_id or 0, "U0ADMIN")
    with deps.uow() as uow:
        uow.session.add(
            CircleRoundRecord(
                team_id=TEAM_ID,
                program_id=program,
                status="proposed",
                proposal=first.proposal,
                created_at=T0,
            )
        )
        uow.flush()
        forged = uow.session.scalars(
            select(CircleRoundRecord.id).order_by(CircleRoundRecord.id.desc())
        ).first()
    decision = circles.approve_round(deps, TEAM_ID, int(forged or 0), "U0ADMIN")
    assert decision.created == () and {r for _, r in decision.dropped} == {"in_circle"}


def test_discard_forms_nothing_and_happens_once(deps: Deps) -> None:
    program = circles_program(deps)
    members(deps, program, 6)
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    first = circles.discard_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN")
    second = circles.discard_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN")
    late = circles.approve_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN")
    assert (first.changed, second.changed, late.changed) == (True, False, False)
    assert late.status == "discarded" and rows(deps, CircleRecord) == []


def test_rounds_refuse_a_mentorship_program_and_matching_refuses_a_circles_program(deps: Deps) -> None:
    mentoring = create_program(deps, TEAM_ID, "Engineering", "eng", admin_channel="C0ENGADM").id
    program = circles_program(deps)
    with pytest.raises(circles.CircleRefused) as refused:
        circles.run_round(deps, TEAM_ID, mentoring, None, dry_run=True)
    assert refused.value.code == "not_circles"
    with pytest.raises(PairingRefused) as not_pairs:
        pairing.run_round(deps, TEAM_ID, None, dry_run=True, program_id=program)
    assert not_pairs.value.code == "circles_program"


@pytest.mark.parametrize(
    ("audience", "placed"),
    [
        ("everyone", {"U0MENTOR", "U0MENTEE", "U0BOTH", "U0NONE", "U0LEFT"}),
        ("mentors", {"U0MENTOR", "U0BOTH"}),  # U0LEFT left the mentorship program
        ("mentees", {"U0MENTEE", "U0BOTH"}),
    ],
)
def test_the_audience_decides_who_is_grouped(deps: Deps, audience: str, placed: set[str]) -> None:
    mentoring = create_program(deps, TEAM_ID, "Engineering", "eng", admin_channel="C0ENGADM").id
    program = circles_program(deps, circle_audience=audience, circle_min_size=2, circle_max_size=4)
    for uid, role in (("U0MENTOR", "mentor"), ("U0MENTEE", "mentee"), ("U0BOTH", "both")):
        make_person(deps, uid, role, program_id=mentoring)
    make_person(deps, "U0LEFT", "mentor", program_id=mentoring, status="opted_out")
    for uid in ("U0MENTOR", "U0MENTEE", "U0BOTH", "U0NONE", "U0LEFT"):
        member(deps, uid, program)
    plan = circles.run_round(deps, TEAM_ID, program, None, dry_run=True)
    grouped = {m for c in _ids(plan) for m in c}
    assert grouped == placed
    outside = {u["member"]: u["reason"] for u in plan.proposal["unplaced"]}
    assert set(outside) == {"U0MENTOR", "U0MENTEE", "U0BOTH", "U0NONE", "U0LEFT"} - placed
    if audience != "everyone":
        assert all(f"for {audience}" in reason for reason in outside.values())


def test_a_reporting_line_never_shares_a_circle_across_programs(deps: Deps) -> None:
    mentoring = create_program(deps, TEAM_ID, "Engineering", "eng", admin_channel="C0ENGADM").id
    program = circles_program(deps, circle_min_size=2, circle_max_size=2)
    make_person(deps, "U0BOSS", "mentor", program_id=mentoring)
    make_person(deps, "U0REPORT", "mentee", program_id=mentoring, manager_slack_id="U0BOSS")
    for uid in ("U0BOSS", "U0REPORT", "U0X", "U0Y"):
        member(deps, uid, program)
    plan = circles.run_round(deps, TEAM_ID, program, None, dry_run=True)
    assert all({"U0BOSS", "U0REPORT"} - set(c) for c in _ids(plan))


def test_the_next_round_reforms_with_no_repeats(deps: Deps) -> None:
    program = circles_program(deps, circle_min_size=2, circle_max_size=2, circle_weeks=4)
    members(deps, program, 4)
    first = approved(deps, program)
    pairs_before = {frozenset(m.slack_user_id for m in c.members) for c in first.created}
    with deps.uow() as uow:
        for record in uow.session.scalars(select(CircleRecord)):
            record.status, record.end_reason, record.ended_at = "ended", "run_over", T0 + timedelta(weeks=4)
    second = circles.run_round(deps, TEAM_ID, program, None, dry_run=True)
    pairs_after = {frozenset(c) for c in _ids(second)}
    assert len(pairs_after) == 2 and not pairs_before & pairs_after
    assert second.proposal["round_index"] == 1
