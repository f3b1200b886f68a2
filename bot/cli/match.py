"""`mentorbot match [--program KEY] [--dry-run] [--json] [--time-limit S] [--team T]`: one round.

The round runs in one program (--program, or the workspace's only program) and reads only that
program's pool. --dry-run saves and sends nothing. Without it the round is stored and its proposal
posted in that program's admin channel (the first program falls back to MENTORBOT_ADMIN_CHANNEL)
for an admin to approve or discard there. --json prints
{"pairs":[{"mentee","mentor","score","reasons"}],"unmatched":[{"mentee","reason"}],
"total_score","optimal"} with Slack user ids. "optimal" is true when the round is proven optimal
over every allowed pair; when --time-limit stopped the proof first it is false and "gap" says how
far the optimum can be at most: {"mentees": more mentees it could match, "score": more total score
it could reach at this matched count (null when more mentees might be matched)}.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.cli.common import UsageError, prepare_database, resolve_program, resolve_team
from bot.deps import Deps
from handlers.slack.format import plural


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the match command's arguments."""
    parser.description = "Run one matching round: proposed pairs with scores and reasons."
    parser.add_argument("--dry-run", action="store_true", help="save and send nothing")
    parser.add_argument("--json", action="store_true", help="print the proposal as JSON")
    parser.add_argument("--program", metavar="KEY", help="program to match (default: the only one)")
    parser.add_argument("--team", help="workspace (team id) to match")
    parser.add_argument(
        "--time-limit",
        type=float,
        metavar="SECONDS",
        help="stop proving the optimum after this long (default: prove it)",
    )


def contract_json(proposal: dict[str, Any]) -> dict[str, Any]:
    """Return the proposal in the operator contract's JSON shape."""
    shaped: dict[str, Any] = {
        "pairs": [
            {"mentee": p["mentee"], "mentor": p["mentor"], "score": p["score"], "reasons": list(p["reasons"])}
            for p in proposal.get("pairs", [])
        ],
        "unmatched": [{"mentee": u["mentee"], "reason": u["reason"]} for u in proposal.get("unmatched", [])],
        "total_score": int(proposal.get("total_score", 0)),
        "optimal": bool(proposal.get("optimal", True)),
    }
    if "gap" in proposal:
        shaped["gap"] = dict(proposal["gap"])
    return shaped


def human_text(proposal: dict[str, Any], note: str) -> str:
    """Return the proposal as readable lines."""
    pairs, unmatched = proposal.get("pairs", []), proposal.get("unmatched", [])
    lines = [
        f"{plural(len(pairs), 'pair')}, {len(unmatched)} unmatched "
        f"({plural(int(proposal.get('mentees', 0)), 'mentee')}, "
        f"{plural(int(proposal.get('mentors', 0)), 'available mentor')})."
    ]
    for p in pairs:
        lines.append(
            f"  {p['mentee_name']} ({p['mentee']}) <- {p['mentor_name']} ({p['mentor']})  score {p['score']}"
        )
        lines.extend(f"      - {reason}" for reason in p["reasons"])
    if unmatched:
        lines.append("Unmatched:")
        lines.extend(f"  {u['mentee_name']} ({u['mentee']}): {u['reason']}" for u in unmatched)
    if proposal.get("optimal", True):
        lines.append(f"Total score {proposal.get('total_score', 0)}: proven optimal.")
    else:
        gap = proposal.get("gap", {})
        lines.append(
            f"Total score {proposal.get('total_score', 0)}: the time limit stopped the proof; the "
            f"optimum matches at most {gap.get('mentees')} more mentees"
            + (f" and scores at most {gap['score']} more." if gap.get("score") is not None else ".")
        )
    lines.append(note)
    return "\n".join(lines)


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Propose a round in one program; print it; store and post it for approval unless --dry-run."""
    from storage.scope import program_scope

    prepare_database(deps.settings)
    team = resolve_team(deps, args.team)
    program = resolve_program(deps, team, args.program)
    with program_scope(program):
        return _run(args, deps, team, program)


def _run(args: argparse.Namespace, deps: Deps, team: str, program: int | None) -> int:
    from bot.services import pairing, programs

    if args.time_limit is not None and args.time_limit < 0:
        raise UsageError("--time-limit must be 0 or more seconds")
    if program is not None:
        with deps.uow(read_only=True) as uow:
            view = programs.view_of(deps, uow, team, program)
        if view is not None and view.format == "circles":
            raise UsageError(
                f"program {view.key} forms circles, not pairs: use mentorbot circles --program {view.key}"
            )
    if not args.dry_run:
        channel = (
            programs.admin_channel_of(deps, team, program)
            if program is not None
            else deps.settings.mentorbot_admin_channel
        )
        if not channel:
            raise UsageError(
                "this program has no admin channel to post the proposal in: give it one "
                "(the first program uses MENTORBOT_ADMIN_CHANNEL), or use --dry-run"
            )
    if args.dry_run:
        plan = pairing.run_round(
            deps, team, None, dry_run=True, program_id=program, time_limit=args.time_limit
        )
        note = "Dry run: nothing was saved or sent."
    else:
        from handlers.pairing.listeners import post_round
        from handlers.slack.gateway import SlackGateway

        plan = pairing.run_round(deps, team, None, program_id=program, time_limit=args.time_limit)
        client = SlackGateway(deps.settings).client_for(team, interactive=False)
        try:
            where = post_round(client, deps, team, plan)
        except Exception:
            if plan.round_id is not None:
                pairing.discard_round(deps, team, plan.round_id, None)
            raise
        if where is None and plan.round_id is not None:
            pairing.discard_round(deps, team, plan.round_id, None)
            raise UsageError("the admin channel can't be posted to: invite the bot to it, then run again")
        note = f"Round {plan.round_id} is posted in the program's admin channel for approval."
    if args.json:
        print(json.dumps(contract_json(plan.proposal)))  # noqa: T201 - CLI output
    else:
        print(human_text(plan.proposal, note))  # noqa: T201 - CLI output
    return 0
