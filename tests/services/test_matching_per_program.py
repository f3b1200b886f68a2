"""Matching in one program of several: the pool is the program's, repeats and cooldowns are per
program, hard constraints (reporting lines) and the workspace mentor cap hold across programs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.deps import Deps
from bot.services import pairing
from bot.services.programs import create_program
from devtools.emulator.server import TEAM_ID
from storage.records import MentorRequestRecord, MentorshipRecord, PersonRecord
from tests.support.factories import make_mentorship, make_person, rows


@pytest.fixture
def two(deps: Deps) -> tuple[int, int]:
    a = create_program(deps, TEAM_ID, "Engineering", "eng", admin_channel="C0ENGADM")
    b = create_program(deps, TEAM_ID, "Buddies", "buddies", admin_channel="C0BUDADM")
    return a.id, b.id


def _pairs(deps: Deps, program: int) -> set[tuple[str, str]]:
    plan = pairing.run_round(deps, TEAM_ID, None, dry_run=True, program_id=program)
    return {(p["mentee"], p["mentor"]) for p in plan.proposal["pairs"]}


def _cap(deps: Deps, cap: int | None) -> None:
    with deps.uow() as uow:
        uow.programs.ensure_workspace(TEAM_ID, deps.clock()).mentor_cap = cap


def test_a_round_in_one_program_never_proposes_another_programs_people(
    deps: Deps, two: tuple[int, int]
) -> None:
    a, b = two
    make_person(deps, "U0A1", "mentee", program_id=a)
    make_person(deps, "U0B1", "mentee", program_id=b)
    make_person(deps, "U0B2", "mentor", program_id=b, capacity=3)
    plan = pairing.run_round(deps, TEAM_ID, None, dry_run=True, program_id=a)
    assert plan.proposal["pairs"] == [] and plan.proposal["mentors"] == 0
    assert [u["mentee"] for u in plan.proposal["unmatched"]] == ["U0A1"]
    assert _pairs(deps, b) == {("U0B1", "U0B2")}
    with deps.uow() as uow:
        pool = pairing.load_pool(uow, TEAM_ID, deps.clock(), a)
        assert {p.slack_user_id for p in pool.people.values()} == {"U0A1"}


@pytest.mark.parametrize("status", ["ended", "active"])
def test_a_pair_in_one_program_never_blocks_the_same_two_in_another(
    deps: Deps, two: tuple[int, int], status: str
) -> None:
    a, b = two
    mentor_a = make_person(deps, "U0ADA", "mentor", program_id=a, capacity=2)
    mentee_a = make_person(deps, "U0BO", "mentee", program_id=a)
    make_mentorship(
        deps,
        mentor_a,
        mentee_a,
        status=status,
        ended_at=deps.clock() - timedelta(days=1) if status == "ended" else None,
    )
    make_person(deps, "U0ADA", "mentor", program_id=b)
    make_person(deps, "U0BO", "mentee", program_id=b)
    make_person(deps, "U0BO2", "mentee", program_id=a)
    # In A (repeats never allowed by default) the former pair is ruled out; in B they match.
    assert ("U0BO", "U0ADA") not in _pairs(deps, a)
    assert _pairs(deps, b) == {("U0BO", "U0ADA")}


@pytest.mark.parametrize("manager_of", ["mentee", "mentor"])
def test_a_reporting_line_blocks_in_every_program(deps: Deps, two: tuple[int, int], manager_of: str) -> None:
    a, b = two
    for program in (a, b):
        make_person(deps, "U0ADA", "mentor", program_id=program)
        make_person(deps, "U0BO", "mentee", program_id=program)
    with deps.uow() as uow:  # set once, on the shared identity
        reports = "U0BO" if manager_of == "mentee" else "U0ADA"
        boss = "U0ADA" if manager_of == "mentee" else "U0BO"
        identity = uow.people.identity(TEAM_ID, reports)
        assert identity is not None
        identity.manager_slack_id = boss
    assert _pairs(deps, a) == set() and _pairs(deps, b) == set()


def test_the_workspace_cap_counts_mentees_in_every_program(deps: Deps, two: tuple[int, int]) -> None:
    a, b = two
    mentor_a = make_person(deps, "U0ADA", "mentor", program_id=a, capacity=3)
    make_mentorship(deps, mentor_a, make_person(deps, "U0BO", "mentee", program_id=a))
    make_person(deps, "U0ADA", "mentor", program_id=b, capacity=3)
    make_person(deps, "U0CY", "mentee", program_id=b)
    make_person(deps, "U0DEE", "mentee", program_id=b)
    assert len(_pairs(deps, b)) == 2  # no cap: capacity per membership (3 in B)
    _cap(deps, 2)  # one place left across programs
    plan = pairing.run_round(deps, TEAM_ID, None, program_id=b)
    assert len(plan.proposal["pairs"]) == 1
    _cap(deps, 1)  # at the cap: unavailable everywhere
    assert _pairs(deps, b) == set()
    # A round proposed before the cap was lowered creates nothing on approval.
    decision = pairing.approve_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN")
    assert decision.created == () and [s[2] for s in decision.skipped] == ["mentor_full"]
    _cap(deps, 2)
    with deps.uow() as uow:
        pool = pairing.load_pool(uow, TEAM_ID, deps.clock(), b)
        [mentor] = pool.mentors
        assert mentor.free_capacity == 1


def test_requests_stay_in_the_mentees_program_and_respect_the_cap(deps: Deps, two: tuple[int, int]) -> None:
    a, b = two
    mentor_a = make_person(deps, "U0ADA", "mentor", program_id=a, capacity=2)
    make_mentorship(deps, mentor_a, make_person(deps, "U0BO", "mentee", program_id=a))
    make_person(deps, "U0CY", "mentee", program_id=b)
    mentor_b = make_person(deps, "U0ADA", "mentor", program_id=b, capacity=2)
    other_a = make_person(deps, "U0EVE", "mentor", program_id=a, capacity=2)
    from storage.scope import program_scope

    with program_scope(b):
        found = pairing.find_suggestions(deps, TEAM_ID, "U0CY")
        assert [s.mentor.person_id for s in found.items] == [mentor_b.id]
        with pytest.raises(pairing.PairingRefused) as refused:
            pairing.create_request(deps, TEAM_ID, "U0CY", other_a.id, "Hello, could you mentor me on python?")
        assert refused.value.code == "not_enrolled"  # U0CY is not in the mentor's program
        made = pairing.create_request(
            deps, TEAM_ID, "U0CY", mentor_b.id, "Hello, could you mentor me on python?"
        )
    _cap(deps, 1)
    with program_scope(b), pytest.raises(pairing.PairingRefused) as at_cap:
        pairing.accept_request(deps, TEAM_ID, "U0ADA", made.request_id)
    assert at_cap.value.code == "you_at_cap"  # the request stays pending: the mentor may free a place
    assert next(r for r in rows(deps, MentorRequestRecord) if r.id == made.request_id).status == "pending"
    _cap(deps, None)
    with program_scope(b):
        outcome = pairing.accept_request(deps, TEAM_ID, "U0ADA", made.request_id)
    assert outcome.kind == "accepted"
    [created] = [m for m in rows(deps, MentorshipRecord) if m.source == "request"]
    assert created.program_id == b
    assert {
        p.program_id for p in rows(deps, PersonRecord) if p.id in (created.mentor_id, created.mentee_id)
    } == {b}
