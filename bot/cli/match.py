"""`mentorbot match [--dry-run] [--json] [--team T]`: one matching round from the command line.

--dry-run saves and sends nothing. Without it the round is stored and its proposal posted in the
admin channel (MENTORBOT_ADMIN_CHANNEL) for an admin to approve or discard there. --json prints
{"pairs":[{"mentee","mentor","score","reasons"}],"unmatched":[{"mentee","reason"}]} with Slack
user ids.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.cli.common import UsageError, prepare_database, resolve_team
from bot.deps import Deps
from handlers.slack.format import plural


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the match command's arguments."""
    parser.description = "Run one matching round: proposed pairs with scores and reasons."
    parser.add_argument("--dry-run", action="store_true", help="save and send nothing")
    parser.add_argument("--json", action="store_true", help="print the proposal as JSON")
    parser.add_argument("--team", help="workspace (team id) to match")


def contract_json(proposal: dict[str, Any]) -> dict[str, Any]:
    """Return the proposal in the operator contract's JSON shape."""
    return {
        "pairs": [
            {"mentee": p["mentee"], "mentor": p["mentor"], "score": p["score"], "reasons": list(p["reasons"])}
            for p in proposal.get("pairs", [])
        ],
        "unmatched": [{"mentee": u["mentee"], "reason": u["reason"]} for u in proposal.get("unmatched", [])],
    }


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
    lines.append(note)
    return "\n".join(lines)


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Propose a round; print it; store and post it for approval unless --dry-run."""
    from bot.services import pairing

    prepare_database(deps.settings)
    team = resolve_team(deps, args.team)
    if not args.dry_run and not deps.settings.mentorbot_admin_channel:
        raise UsageError(
            "set MENTORBOT_ADMIN_CHANNEL so the proposal can be posted for approval, or use --dry-run"
        )
    if args.dry_run:
        plan = pairing.run_round(deps, team, None, dry_run=True)
        note = "Dry run: nothing was saved or sent."
    else:
        from handlers.pairing.listeners import post_round
        from handlers.slack.gateway import SlackGateway

        plan = pairing.run_round(deps, team, None)
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
        note = f"Round {plan.round_id} is posted in the admin channel for approval."
    if args.json:
        print(json.dumps(contract_json(plan.proposal)))  # noqa: T201 - CLI output
    else:
        print(human_text(plan.proposal, note))  # noqa: T201 - CLI output
    return 0
