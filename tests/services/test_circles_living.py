"""Living circles as a service: leave, pause and come back (the hosting turn passes on), a short
circle regrouped at the next round, meeting logs and reflections once, the prompt bank, health,
and what members and admins each see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.deps import Deps
from bot.domain.circles.prompts import BUILT_IN
from bot.domain.errors import InvalidInput
from bot.services import circles, programs
from bot.services.once import AlreadyDone, FormKey, issue_token
from devtools.emulator.server import TEAM_ID
from storage.records import CircleLogRecord, CircleReflectionRecord
from tests.support.circles import approved, circle, circles_program, member, members, seats
from tests.support.factories import rows, utc

T0 = utc(2026, 3, 2, 10)  # a Monday


@pytest.fixture
def four(deps: Deps) -> tuple[int, circles.NewCircle]:
    """One circle of four (sizes 3-4), weekly, approved at T0."""
    deps.clock.set(T0)  # type: ignore[attr-defined]
    program = circles_program(
        deps, circle_min_size=3, circle_max_size=4, circle_cadence="weekly", circle_weeks=8
    )
    members(deps, program, 4)
    [new] = approved(deps, program).created
    return program, new


def _order(new: circles.NewCircle) -> list[str]:
    return [m.slack_user_id for m in new.members]


def test_leaving_makes_a_circle_short_then_ends_it_below_two(
    deps: Deps, four: tuple[int, circles.NewCircle]
) -> None:
    _, new = four
    order = _order(new)
    first = circles.leave(deps, TEAM_ID, order[0], new.circle_id)
    assert (first.seat_status, first.circle_status) == ("left", "active")
    assert [m.slack_user_id for m in first.remaining] == order[1:]
    second = circles.leave(deps, TEAM_ID, order[1], new.circle_id)
    assert second.circle_status == "short"
    third = circles.leave(deps, TEAM_ID, order[2], new.circle_id)
    assert third.circle_status == "ended" and circle(deps, new.circle_id).end_reason == "too_small"
    with pytest.raises(circles.CircleRefused) as refused:
        circles.leave(deps, TEAM_ID, order[3], new.circle_id)
    assert refused.value.code == "circle_ended"
    with pytest.raises(circles.CircleRefused) as again:
        circles.leave(deps, TEAM_ID, order[0], new.circle_id)
    assert again.value.code == "not_in_circle"


def test_pause_and_resume_skip_and_restore_a_host_passing_the_turn_on(
    deps: Deps, four: tuple[int, circles.NewCircle]
) -> None:
    _, new = four
    order = _order(new)
    deps.clock.set(T0 + timedelta(weeks=1, days=1))  # type: ignore[attr-defined]  # cycle 1: order[1] hosts
    paused = circles.pause_seat(deps, TEAM_ID, order[2], new.circle_id)
    assert paused.host is not None and paused.host.slack_user_id == order[3]  # order[2] is skipped
    with pytest.raises(circles.CircleRefused) as refused:
        circles.pause_seat(deps, TEAM_ID, order[2], new.circle_id)
    assert refused.value.code == "already_paused"
    back = circles.resume_seat(deps, TEAM_ID, order[2], new.circle_id)
    assert back.host is not None and back.host.slack_user_id == order[2]
    with pytest.raises(circles.CircleRefused) as not_paused:
        circles.resume_seat(deps, TEAM_ID, order[2], new.circle_id)
    assert not_paused.value.code == "not_paused"
    assert [s.status for s in seats(deps, new.circle_id)] == ["active"] * 4


def test_when_the_host_leaves_the_turn_passes_to_the_next_person(
    deps: Deps, four: tuple[int, circles.NewCircle]
) -> None:
    _, new = four
    order = _order(new)
    deps.clock.set(T0 + timedelta(weeks=2, days=1))  # type: ignore[attr-defined]  # cycle 2: order[2] hosts
    change = circles.leave(deps, TEAM_ID, order[2], new.circle_id)
    assert change.host is not None and change.host.slack_user_id == order[3]


def test_a_short_circle_is_regrouped_at_the_next_round(
    deps: Deps, four: tuple[int, circles.NewCircle]
) -> None:
    program, new = four
    order = _order(new)
    circles.leave(deps, TEAM_ID, order[0], new.circle_id)
    circles.leave(deps, TEAM_ID, order[1], new.circle_id)
    assert circle(deps, new.circle_id).status == "short"
    # Leaving a circle is not leaving the program: the two wait for the next round, unless paused.
    pool = circles.load_pool(deps, TEAM_ID, program)
    assert [m.slack_user_id for m in pool.members][:2] == sorted(order[2:], key=lambda u: int(u[3:]))
    assert {m.slack_user_id for m in pool.members} == set(order)
    with deps.uow() as uow:
        for uid in order[:2]:
            person = uow.people.by_slack_id(TEAM_ID, uid, program)
            assert person is not None
            person.status = "paused"
    for uid in ("U0NEW1", "U0NEW2"):
        member(deps, uid, program)
    plan = circles.run_round(deps, TEAM_ID, program, "U0ADMIN")
    assert plan.proposal["regroup"] == [new.circle_id]
    [regrouped] = plan.proposal["circles"]
    assert set(regrouped["members"]) == {order[2], order[3], "U0NEW1", "U0NEW2"}  # topped up
    decision = circles.approve_round(deps, TEAM_ID, plan.round_id or 0, "U0ADMIN")
    assert decision.regrouped == ((new.circle_id, None),)
    assert (circle(deps, new.circle_id).status, circle(deps, new.circle_id).end_reason) == ("ended", "merged")
    assert {m.slack_user_id for m in decision.created[0].members} == set(regrouped["members"])


def test_a_cycle_is_logged_once_and_the_summary_stays_in_the_circle(
    deps: Deps, four: tuple[int, circles.NewCircle]
) -> None:
    program, new = four
    order = _order(new)
    deps.clock.set(T0 + timedelta(days=4))  # type: ignore[attr-defined]
    first = circles.log_meeting(
        deps, TEAM_ID, order[0], new.circle_id, 0, True, "  Talked about <b>feedback</b>  "
    )
    second = circles.log_meeting(deps, TEAM_ID, order[1], new.circle_id, 0, False, "We didn't")
    assert first.created and not second.created
    assert (second.met, second.summary, second.logged_by.slack_user_id) == (
        True,
        "Talked about <b>feedback</b>",
        order[0],
    )
    assert circle(deps, new.circle_id).last_met_on == date(2026, 3, 6)
    [view] = circles.circles_of(deps, TEAM_ID, order[3])
    assert [(log.cycle, log.summary) for log in view.logs] == [(0, "Talked about <b>feedback</b>")]
    summary = circles.circles_summary(deps, TEAM_ID, program)
    assert summary.meetings_logged == 1 and "feedback" not in repr(summary)
    health = circles.circle_health(deps, TEAM_ID, program)
    assert "feedback" not in repr(health) and health[0].meetings == 1


@pytest.mark.parametrize(
    ("who", "cycle", "held_on", "code"),
    [
        ("U0OUTSIDER", 0, None, "not_in_circle"),
        ("member", 1, None, "bad_cycle"),  # cycle 1 has not started
        ("member", -1, None, "bad_cycle"),
        ("member", 0, date(2026, 3, 1), "bad_day"),  # before the start
        ("member", 0, date(2026, 3, 20), "bad_day"),  # in the future
    ],
)
def test_bad_logs_are_refused(
    deps: Deps, four: tuple[int, circles.NewCircle], who: str, cycle: int, held_on: date | None, code: str
) -> None:
    program, new = four
    member(deps, "U0OUTSIDER", program)
    deps.clock.set(T0 + timedelta(days=3))  # type: ignore[attr-defined]
    uid = _order(new)[0] if who == "member" else who
    with pytest.raises(circles.CircleRefused) as refused:
        circles.log_meeting(deps, TEAM_ID, uid, new.circle_id, cycle, True, "", held_on)
    assert refused.value.code == code
    assert rows(deps, CircleLogRecord) == []


def test_a_log_form_saves_once(deps: Deps, four: tuple[int, circles.NewCircle]) -> None:
    _, new = four
    host = _order(new)[0]
    token = issue_token(deps, TEAM_ID, host, "circle_log")
    key = FormKey(TEAM_ID, host, "circle_log", token, None)
    circles.log_meeting(deps, TEAM_ID, host, new.circle_id, 0, True, "ok", once=key)
    deps.clock.set(T0 + timedelta(weeks=1, days=1))  # type: ignore[attr-defined]
    with pytest.raises(AlreadyDone):
        circles.log_meeting(deps, TEAM_ID, host, new.circle_id, 1, True, "again", once=key)
    assert len(rows(deps, CircleLogRecord)) == 1


def test_a_reflection_is_given_once_and_its_comment_stays_private(
    deps: Deps, four: tuple[int, circles.NewCircle]
) -> None:
    program, new = four
    order = _order(new)
    first = circles.reflect(deps, TEAM_ID, order[0], new.circle_id, 4, "private thoughts")
    again = circles.reflect(deps, TEAM_ID, order[0], new.circle_id, 1, "changed my mind")
    assert first.created and not again.created
    [stored] = rows(deps, CircleReflectionRecord)
    assert (stored.score, stored.comment) == (4, "private thoughts")
    for bad in (0, 6, True):
        with pytest.raises(circles.CircleRefused):
            circles.reflect(deps, TEAM_ID, order[1], new.circle_id, bad, "")
    with pytest.raises(circles.CircleRefused):
        circles.reflect(deps, TEAM_ID, "U0NOBODY", new.circle_id, 3, "")
    summary = circles.circles_summary(deps, TEAM_ID, program)
    assert (summary.reflections, summary.reflection_average) == (1, None)  # hidden below five people
    assert "private" not in repr(summary)


def test_the_reflection_average_shows_from_five_people(deps: Deps) -> None:
    deps.clock.set(T0)  # type: ignore[attr-defined]
    program = circles_program(deps, circle_min_size=5, circle_max_size=5)
    members(deps, program, 5)
    [new] = approved(deps, program).created
    for n, m in enumerate(new.members):
        circles.reflect(deps, TEAM_ID, m.slack_user_id, new.circle_id, 1 + n % 5, "")
    assert circles.circles_summary(deps, TEAM_ID, program).reflection_average == 3.0


def test_quiet_and_short_circles_show_in_health(deps: Deps) -> None:
    deps.clock.set(T0)  # type: ignore[attr-defined]
    program = circles_program(deps, circle_min_size=3, circle_max_size=3, circle_cadence="weekly")
    members(deps, program, 9)
    created = approved(deps, program).created
    quiet, short, met = created
    deps.clock.set(T0 + timedelta(days=13))  # type: ignore[attr-defined]
    circles.log_meeting(deps, TEAM_ID, met.members[0].slack_user_id, met.circle_id, 1, True, "")
    circles.leave(deps, TEAM_ID, short.members[0].slack_user_id, short.circle_id)
    assert {h.circle_id: h.health for h in circles.circle_health(deps, TEAM_ID, program)} == {
        quiet.circle_id: "on_track",
        short.circle_id: "short",
        met.circle_id: "on_track",
    }
    deps.clock.set(T0 + timedelta(days=14))  # type: ignore[attr-defined]  # two weeks without a meeting
    health = circles.circle_health(deps, TEAM_ID, program)
    assert [(h.circle_id, h.health) for h in health] == [
        (short.circle_id, "short"),
        (quiet.circle_id, "quiet"),
        (met.circle_id, "on_track"),
    ]
    summary = circles.circles_summary(deps, TEAM_ID, program)
    assert (summary.living, summary.short, summary.quiet, summary.members_seated, summary.waiting) == (
        3,
        1,
        1,
        8,
        1,
    )


def test_the_prompt_bank_takes_admin_prompts_into_the_rotation(
    deps: Deps, four: tuple[int, circles.NewCircle]
) -> None:
    program, _ = four
    added = circles.add_prompt(
        deps, TEAM_ID, program, "other", "  What would you   tell your younger self?  ", "U0ADMIN"
    )
    assert (added.kind, added.text, added.built_in) == (
        "other",
        "What would you tell your younger self?",
        False,
    )
    bank = circles.list_prompts(deps, TEAM_ID, program)
    assert bank[: len(BUILT_IN)] == BUILT_IN and bank[-1] == added
    for kind, text, field in (("poetry", "A long enough prompt", "kind"), ("win", "short", "text")):
        with pytest.raises(InvalidInput) as refused:
            circles.add_prompt(deps, TEAM_ID, program, kind, text, "U0ADMIN")
        assert set(refused.value.fields) == {field}
    assert len(circles.list_prompts(deps, TEAM_ID, program)) == len(BUILT_IN) + 1


def test_members_see_their_circle_others_do_not(deps: Deps, four: tuple[int, circles.NewCircle]) -> None:
    program, new = four
    member(deps, "U0OUTSIDER", program)
    order = _order(new)
    view = circles.circle_view(deps, TEAM_ID, order[1], new.circle_id)
    assert [m.slack_user_id for m in view.members] == order and view.host is not None
    assert view.host.slack_user_id == order[0] and view.cycle == 0 and view.your_seat == "active"
    with pytest.raises(circles.CircleRefused):
        circles.circle_view(deps, TEAM_ID, "U0OUTSIDER", new.circle_id)
    assert circles.circles_of(deps, TEAM_ID, "U0OUTSIDER") == []
    intro = circles.circle_intro(deps, TEAM_ID, new.circle_id)
    assert intro.host.slack_user_id == order[0] and intro.first_prompt == new.first_prompt
    assert circles.set_group_channel(deps, TEAM_ID, new.circle_id, "G0ABC")
    assert not circles.set_group_channel(deps, TEAM_ID, new.circle_id, "G0ABC")


def test_a_circles_group_dm_belongs_to_its_program(deps: Deps, four: tuple[int, circles.NewCircle]) -> None:
    program, new = four
    circles.set_group_channel(deps, TEAM_ID, new.circle_id, "G0CIRCLEDM")
    with deps.uow() as uow:
        found = programs.by_channel(deps, uow, TEAM_ID, "G0CIRCLEDM")
        assert found is not None and found.id == program
        assert programs.by_channel(deps, uow, TEAM_ID, "G0OTHER") is None
