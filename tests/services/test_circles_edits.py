"""Per-circle edits of a pending circles proposal: move, take out, put in; sizes and hard rules
re-checked, nothing changed on a refusal, a stale form refused, decided rounds left alone."""

from __future__ import annotations

from typing import Any

import pytest

from bot.deps import Deps
from bot.services import circles
from devtools.emulator.server import TEAM_ID
from tests.support.circles import circles_program, member, members
from tests.support.factories import utc

T0 = utc(2026, 3, 2, 10)


@pytest.fixture
def round_(deps: Deps) -> circles.RoundPlan:
    """Nine members in circles of 4-5: one of 5 and one of 4, plus one person waiting (sizes 4-5)."""
    deps.clock.set(T0)  # type: ignore[attr-defined]
    program = circles_program(deps, circle_min_size=4, circle_max_size=5)
    members(deps, program, 9)
    member(deps, "U0FAR", program, tz="Pacific/Kiritimati")
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    assert sorted(len(c["members"]) for c in plan.proposal["circles"]) == [4, 5]
    return plan


def _circles(plan: circles.RoundPlan) -> list[list[str]]:
    return [c["members"] for c in plan.proposal["circles"]]


def _big_small(plan: circles.RoundPlan) -> tuple[int, int]:
    sizes = [len(c) for c in _circles(plan)]
    return sizes.index(5), sizes.index(4)


def _stored(deps: Deps, plan: circles.RoundPlan) -> dict[str, Any]:
    return circles.round_plan(deps, TEAM_ID, plan.round_id or 0).proposal


def test_moving_someone_from_the_larger_circle_rebalances_and_redescribes(
    deps: Deps, round_: circles.RoundPlan
) -> None:
    big, small = _big_small(round_)
    who = _circles(round_)[big][0]
    edited = circles.move_member(
        deps, TEAM_ID, round_.round_id or 0, who, small, "U0ADMIN", expected_version=0
    )
    assert who in _circles(edited)[small] and who not in _circles(edited)[big]
    assert sorted(len(c) for c in _circles(edited)) == [4, 5]
    assert edited.proposal["version"] == 1
    assert all(c["reasons"] and 0 <= c["score"] <= 1000 for c in edited.proposal["circles"])
    assert _stored(deps, round_) == edited.proposal


@pytest.mark.parametrize(
    ("move", "code"),
    [
        ("small_to_big", "too_large"),  # the larger circle is full and the smaller would fall short
        ("out_of_small", "too_small"),
        ("far_into_small", "no_common_hours"),
    ],
)
def test_a_move_that_breaks_a_rule_changes_nothing(
    deps: Deps, round_: circles.RoundPlan, move: str, code: str
) -> None:
    big, small = _big_small(round_)
    if move == "small_to_big":
        who, to = _circles(round_)[small][0], big
    elif move == "out_of_small":
        who, to = _circles(round_)[small][0], None
    else:
        who, to = "U0FAR", small
    with pytest.raises(circles.CircleRefused) as refused:
        circles.move_member(deps, TEAM_ID, round_.round_id or 0, who, to, "U0ADMIN")
    assert refused.value.code == "edit_breaks_rules"
    assert code in {problem[0] for problem in refused.value.params["problems"]}
    assert _stored(deps, round_) == round_.proposal


def test_taking_someone_out_and_putting_them_back(deps: Deps, round_: circles.RoundPlan) -> None:
    big, small = _big_small(round_)
    who = _circles(round_)[big][-1]
    out = circles.remove_member(deps, TEAM_ID, round_.round_id or 0, who, "U0ADMIN")
    assert who not in {m for c in _circles(out) for m in c}
    assert {"member": who, "reason": circles.REMOVED_REASON} in [
        {"member": u["member"], "reason": u["reason"]} for u in out.proposal["unplaced"]
    ]
    back = circles.move_member(deps, TEAM_ID, round_.round_id or 0, who, small, "U0ADMIN")
    assert who in _circles(back)[small] and who not in {u["member"] for u in back.proposal["unplaced"]}
    assert back.proposal["version"] == 2
    decision = circles.approve_round(deps, TEAM_ID, round_.round_id or 0, "U0ADMIN")
    assert sorted(len(c.members) for c in decision.created) == [4, 5]
    assert who in {m.slack_user_id for c in decision.created for m in c.members if len(c.members) == 5}


def test_a_reporting_line_is_refused_in_an_edit(deps: Deps, round_: circles.RoundPlan) -> None:
    big, small = _big_small(round_)
    boss = _circles(round_)[small][0]
    report = _circles(round_)[big][0]
    with deps.uow() as uow:
        identity = uow.people.identity(TEAM_ID, report)
        assert identity is not None
        identity.manager_slack_id = boss
    with pytest.raises(circles.CircleRefused) as refused:
        circles.move_member(deps, TEAM_ID, round_.round_id or 0, report, small, "U0ADMIN")
    assert ("reporting_line", boss, report) in refused.value.params["problems"] or (
        "reporting_line",
        report,
        boss,
    ) in refused.value.params["problems"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"who": "U0NOBODY", "to": 0}, "not_in_round"),
        ({"who": "U0M01", "to": 7}, "no_such_circle"),
        ({"who": "U0M01", "to": None, "version": 5}, "stale_round"),
    ],
)
def test_bad_edits_are_refused(
    deps: Deps, round_: circles.RoundPlan, args: dict[str, Any], code: str
) -> None:
    with pytest.raises(circles.CircleRefused) as refused:
        circles.move_member(
            deps,
            TEAM_ID,
            round_.round_id or 0,
            args["who"],
            args["to"],
            "U0ADMIN",
            expected_version=args.get("version"),
        )
    assert refused.value.code == code


@pytest.mark.parametrize("decide", ["approve", "discard"])
def test_a_decided_round_cannot_be_edited(deps: Deps, round_: circles.RoundPlan, decide: str) -> None:
    if decide == "approve":
        circles.approve_round(deps, TEAM_ID, round_.round_id or 0, "U0ADMIN")
    else:
        circles.discard_round(deps, TEAM_ID, round_.round_id or 0, "U0ADMIN")
    with pytest.raises(circles.CircleRefused) as refused:
        circles.remove_member(deps, TEAM_ID, round_.round_id or 0, "U0M01", "U0ADMIN")
    assert refused.value.code == "round_decided"
