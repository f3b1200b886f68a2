"""`mentorbot circles --program KEY [--dry-run] [--json] [--team T]`: one circles round.

The round groups the circles program's waiting members (--program, or the workspace's only
program, which must be a circles program). --dry-run saves and sends nothing. Without it the
round is stored and its proposal posted in the program's admin channel for an admin to approve or
discard there (a newer proposal replaces one still waiting). --json prints
{"circles": [{"members": ["U…"], "score": 0-1000, "reasons": […]}], "unplaced": [{"member": "U…",
"reason": "…"}]} with Slack user ids.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.cli.common import UsageError, prepare_database, resolve_program, resolve_team
from bot.deps import Deps


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the circles command's arguments."""
    parser.description = "Run one circles round: proposed circles with scores and reasons."
    parser.add_argument("--dry-run", action="store_true", help="save and send nothing")
    parser.add_argument("--json", action="store_true", help="print the proposal as JSON")
    parser.add_argument("--program", metavar="KEY", help="circles program (default: the only program)")
    parser.add_argument("--team", help="workspace (team id)")


def human_text(proposal: dict[str, Any], note: str) -> str:
    """The proposal as readable lines."""
    found, unplaced = proposal.get("circles", []), proposal.get("unplaced", [])
    lines = [f"{len(found)} circles, {len(unplaced)} not placed ({int(proposal.get('waiting', 0))} waiting)."]
    for number, circle in enumerate(found, start=1):
        people = ", ".join(
            f"{name} ({uid})" for name, uid in zip(circle["names"], circle["members"], strict=True)
        )
        lines.append(f"  Circle {number}: {people}  score {circle['score']}")
        lines.extend(f"      - {reason}" for reason in circle["reasons"])
    if unplaced:
        lines.append("Not placed:")
        lines.extend(f"  {u['name']} ({u['member']}): {u['reason']}" for u in unplaced)
    if proposal.get("note"):
        lines.append(f"Note: {proposal['note']}")
    lines.append(note)
    return "\n".join(lines)


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Propose a circles round; print it; store and post it for approval unless --dry-run."""
    from bot.services import circles, programs

    prepare_database(deps.settings)
    team = resolve_team(deps, args.team)
    program_id = resolve_program(deps, team, args.program)
    with deps.uow(read_only=True) as uow:
        view = programs.view_of(deps, uow, team, program_id) if program_id is not None else None
    if view is None or view.format != "circles":
        raise UsageError(
            "that program runs mentorships, not circles: pass --program KEY of a circles program "
            "(mentorbot program create NAME --key KEY --format circles)"
        )
    if not args.dry_run and not view.admin_channel:
        raise UsageError(
            "this program has no admin channel to post the proposal in: give it one, or use --dry-run"
        )
    try:
        if args.dry_run:
            plan = circles.run_round(deps, team, view.id, None, dry_run=True)
            note = "Dry run: nothing was saved or sent."
        else:
            plan = _store_and_post(deps, team, view.name, view.id)
            note = f"Round {plan.round_id} is posted in the program's admin channel for approval."
    except circles.CircleRefused as err:
        raise UsageError(err.user_message) from None
    if args.json:
        print(json.dumps(plan.contract_json()))  # noqa: T201 - CLI output
    else:
        print(human_text(plan.proposal, note))  # noqa: T201 - CLI output
    return 0


def _store_and_post(deps: Deps, team: str, name: str, program_id: int) -> Any:
    from bot.services import circles
    from handlers.circles.posting import post_circles_round
    from handlers.slack.gateway import SlackGateway

    plan = circles.run_round(deps, team, program_id, None)
    client = SlackGateway(deps.settings).client_for(team, interactive=False)
    try:
        where = post_circles_round(client, deps, team, name, plan)
    except Exception:
        if plan.round_id is not None:
            circles.discard_round(deps, team, plan.round_id, None)
        raise
    if where is None and plan.round_id is not None:
        circles.discard_round(deps, team, plan.round_id, None)
        raise UsageError("the admin channel can't be posted to: invite the bot to it, then run again")
    return plan
