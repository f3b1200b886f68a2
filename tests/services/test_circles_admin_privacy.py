"""Circles in the admin report and export (counts and health, never what was said), in my-data
(the person's circles, the logs they wrote, their reflections) and in delete-my-data."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from bot.deps import Deps
from bot.services import circles, privacy, program_admin, scheduling
from bot.services.programs import create_program
from devtools.emulator.server import TEAM_ID
from storage.records import CircleLogRecord, CircleReflectionRecord
from storage.scope import program_scope
from tests.support.circles import approved, circle, circles_program, members, seats
from tests.support.factories import make_person, rows, utc

T0 = utc(2026, 3, 2, 10)
SECRET = "we talked about the reorg"
PRIVATE = "honestly the circle felt awkward"


@pytest.fixture
def program(deps: Deps) -> tuple[int, list[circles.NewCircle]]:
    """Two circles of five (weekly): one logged a meeting with a summary; five reflections."""
    deps.clock.set(T0)  # type: ignore[attr-defined]
    program = circles_program(deps, circle_min_size=5, circle_max_size=5, circle_cadence="weekly")
    members(deps, program, 11)
    created = list(approved(deps, program).created)
    first = created[0]
    deps.clock.set(T0 + timedelta(days=3))  # type: ignore[attr-defined]
    circles.log_meeting(deps, TEAM_ID, first.members[0].slack_user_id, first.circle_id, 0, True, SECRET)
    for m in first.members:
        circles.reflect(deps, TEAM_ID, m.slack_user_id, first.circle_id, 4, PRIVATE)
    return program, created


def test_the_report_counts_circles_and_never_says_what_was_written(
    deps: Deps, program: tuple[int, list[circles.NewCircle]]
) -> None:
    program_id, _ = program
    with program_scope(program_id):
        report = program_admin.program_report(deps, TEAM_ID)
    values = {m.key: m.value for m in report.sections["circles"]}
    assert values["circles_living"] == 2 and values["circles_members"] == 10
    assert values["circles_meetings"] == 1 and values["circles_reflection"] == 4.0
    assert values["circles_waiting"] == 1  # a count of people: shown, however small
    assert SECRET not in repr(report) and PRIVATE not in repr(report)


def test_a_mentorship_program_report_has_no_circles_section(
    deps: Deps, program: tuple[int, list[circles.NewCircle]]
) -> None:
    eng = create_program(deps, TEAM_ID, "Engineering", "eng", admin_channel="C0ENGADM").id
    make_person(deps, "U0ADA", "mentor", program_id=eng)
    with program_scope(eng):
        report = program_admin.program_report(deps, TEAM_ID)
        tables = program_admin.export_csvs(deps, TEAM_ID, "U0ADMIN")
    assert "circles" not in report.sections and "circles.csv" not in tables


def test_the_export_lists_each_circle_without_what_was_said(
    deps: Deps, program: tuple[int, list[circles.NewCircle]]
) -> None:
    program_id, created = program
    with program_scope(program_id):
        tables = program_admin.export_csvs(deps, TEAM_ID, "U0ADMIN")
    assert list(tables) == ["participants.csv", "pairs.csv", "circles.csv", "outcomes.csv"]
    found = list(csv.DictReader(io.StringIO(tables["circles.csv"])))
    assert [int(r["circle_id"]) for r in found] == [c.circle_id for c in created]
    assert [r["meetings_logged"] for r in found] == ["1", "0"] and {r["members"] for r in found} == {"5"}
    assert {r["health"] for r in found} == {"on_track"}
    everything = json.dumps(tables)
    assert SECRET not in everything and PRIVATE not in everything
    assert "circles_reflection" in tables["outcomes.csv"]


def test_my_data_has_my_circles_my_logs_and_my_reflection(
    deps: Deps, program: tuple[int, list[circles.NewCircle]]
) -> None:
    _, created = program
    host = created[0].members[0]
    data = privacy.export(deps, TEAM_ID, host.slack_user_id)
    assert data is not None
    [mine] = data["circles"]
    assert (
        mine["circle_id"] == created[0].circle_id
        and mine["your_seat"] == "active"
        and len(mine["members"]) == 4
    )
    assert [log["summary"] for log in data["circle_logs_written"]] == [SECRET]
    assert [(r["score"], r["comment"]) for r in data["circle_reflections"]] == [(4, PRIVATE)]
    other = privacy.export(deps, TEAM_ID, created[0].members[1].slack_user_id)
    assert other is not None and other["circle_logs_written"] == []


def test_erasure_leaves_circles_and_blanks_what_they_wrote(
    deps: Deps, program: tuple[int, list[circles.NewCircle]]
) -> None:
    _, created = program
    host = created[0].members[0]
    done = privacy.erase(deps, TEAM_ID, host.slack_user_id)
    assert done is not None
    assert done.circles_left == ((created[0].circle_id, None, "short"),)
    assert circle(deps, created[0].circle_id).status == "short"
    assert [s.status for s in seats(deps, created[0].circle_id) if s.person_id == host.person_id] == ["left"]
    [log] = rows(deps, CircleLogRecord)
    assert log.summary == "" and log.met  # the count stays
    comments = {r.person_id: r.comment for r in rows(deps, CircleReflectionRecord)}
    assert comments[host.person_id] == "" and sorted(comments.values()).count(PRIVATE) == 4


def test_a_person_gone_from_slack_is_paused_in_their_circle(
    deps: Deps, program: tuple[int, list[circles.NewCircle]]
) -> None:
    _, created = program
    gone = created[1].members[0]
    scheduling.person_gone(deps, TEAM_ID, gone.slack_user_id)
    assert [s.status for s in seats(deps, created[1].circle_id) if s.person_id == gone.person_id] == [
        "paused"
    ]
    view = circles.circle_view(deps, TEAM_ID, created[1].members[1].slack_user_id, created[1].circle_id)
    assert (
        view.paused == (gone.slack_user_id,)
        and view.host is not None
        and view.host.slack_user_id != gone.slack_user_id
    )
