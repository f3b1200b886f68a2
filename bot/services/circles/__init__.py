"""Peer circles use cases: rounds, seats, meetings, reflections, prompts and health.

A circles program (`programs.format == "circles"`) groups its members into circles of a few
people who meet every cycle for a run of weeks (bot.domain.circles forms them; its rhythm and
prompts are bot.domain.circles.rhythm and .prompts). Every function takes `deps` and the team, opens
one unit of work, and refuses with `CircleRefused` (a stable `code`, see outcomes.REFUSALS).

Rounds (admins; bot.services.circles.rounds):
- `run_round(deps, team, program_id, created_by, dry_run=False) -> RoundPlan`
- `move_member(deps, team, round_id, slack_id, to_circle | None, admin, expected_version=None)`,
  `remove_member(...)` -> RoundPlan (per-circle edits of a pending proposal, re-checked)
- `approve_round(deps, team, round_id, admin) -> RoundDecision` (once; forms the circles)
- `discard_round(deps, team, round_id, admin) -> RoundDecision`
- `set_round_message(deps, team, round_id, channel, ts)`, `round_plan(deps, team, round_id)`
Seats (members; .seats):
- `set_group_channel(deps, team, circle_id, channel)`; `circle_intro(deps, team, circle_id)`
- `leave(deps, team, slack_id, circle_id)`, `pause_seat(...)`, `resume_seat(...)` -> SeatChange
- `circles_of(deps, team, slack_id, program_id=None)`, `circle_view(deps, team, slack_id, circle_id)`
Meetings (.meetings):
- `log_meeting(deps, team, slack_id, circle_id, cycle, met, summary, held_on=None, once=None)`
- `reflect(deps, team, slack_id, circle_id, score, comment, once=None)`
Prompts (admins; .prompts): `add_prompt(deps, team, program_id, kind, text, actor)`,
`list_prompts(deps, team, program_id)`.
Health (admins; .health): `circle_health(deps, team, program_id)`,
`circles_summary(deps, team, program_id)`.
Joining: `may_join(uow, team, program, identity_id)` says why someone is outside the audience.

The scheduler's side (prompts, "did your circle meet?", the closing) is
bot.services.scheduling.circles.
"""

from bot.services.circles.health import circle_health, circles_summary, summarise
from bot.services.circles.meetings import MAX_COMMENT, MAX_SUMMARY, log_meeting, reflect
from bot.services.circles.outcomes import (
    REFUSALS,
    CircleHealth,
    CircleRefused,
    CirclesSummary,
    CircleView,
    LogView,
    MeetingLog,
    MemberCard,
    NewCircle,
    ReflectionSaved,
    RoundDecision,
    RoundPlan,
    SeatChange,
    contract_json,
)
from bot.services.circles.pool import RoundInput, load_round, may_join
from bot.services.circles.prompts import add_prompt, list_prompts
from bot.services.circles.rounds import (
    REMOVED_REASON,
    approve_round,
    discard_round,
    load_pool,
    move_member,
    remove_member,
    round_plan,
    run_round,
    set_round_message,
)
from bot.services.circles.seats import (
    circle_intro,
    circle_view,
    circles_of,
    leave,
    pause_seat,
    period_prefix,
    resume_seat,
    set_group_channel,
)

__all__ = [
    "MAX_COMMENT",
    "MAX_SUMMARY",
    "REFUSALS",
    "REMOVED_REASON",
    "CircleHealth",
    "CircleRefused",
    "CircleView",
    "CirclesSummary",
    "LogView",
    "MeetingLog",
    "MemberCard",
    "NewCircle",
    "ReflectionSaved",
    "RoundDecision",
    "RoundInput",
    "RoundPlan",
    "SeatChange",
    "add_prompt",
    "approve_round",
    "circle_health",
    "circle_intro",
    "circle_view",
    "circles_of",
    "circles_summary",
    "contract_json",
    "discard_round",
    "leave",
    "list_prompts",
    "load_pool",
    "load_round",
    "log_meeting",
    "may_join",
    "move_member",
    "pause_seat",
    "period_prefix",
    "reflect",
    "remove_member",
    "resume_seat",
    "round_plan",
    "run_round",
    "set_group_channel",
    "set_round_message",
    "summarise",
]
