"""The circles builders: every scheduled kind renders, people's text is escaped, buttons carry
their ids and values, and a large round stays within Slack's block limit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.services.circles import RoundPlan
from handlers.circles.blocks import CIRCLE_BUILDERS, build_circle_message
from handlers.circles.round_blocks import build_round, round_fallback
from handlers.rendering import BlockKitRenderer
from handlers.slack import ids

BASE: dict[str, Any] = {"circle_id": 7, "program_id": 3, "program_name": "Peers <&> co", "cycles": 6}
PAYLOADS: dict[str, dict[str, Any]] = {
    "circle_prompt": dict(
        BASE,
        cycle=2,
        prompt_kind="win",
        prompt_label="A win to celebrate",
        prompt="Share <b>one</b> win",
        host="U0ANA",
        host_name="Ana",
        members=["U0ANA", "U0BEN"],
        ends_on="2026-05-25",
    ),
    "circle_meet_ask": dict(BASE, cycle=2, members=["U0ANA"], prompt_label="A win to celebrate"),
    "circle_closing": dict(BASE, members=["U0BEN", "U0CAL"], meetings=4),
    "circle_ended": dict(BASE, members=["U0ANA", "U0BEN"], meetings=1),
    "circles_digest": {
        "program_id": 3,
        "program_key": "peers",
        "program_name": "Peers <&> co",
        "week": "2026-W11",
        "living": 4,
        "members": 20,
        "waiting": 2,
        "meetings_last_week": 3,
        "quiet": 1,
        "short": 0,
    },
    "circles_next_round": {
        "program_id": 3,
        "program_key": "peers",
        "program_name": "Peers <&> co",
        "ended": 2,
        "waiting": 1,
    },
}


def _buttons(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (e["action_id"], e.get("value", "")) for b in blocks if b["type"] == "actions" for e in b["elements"]
    ]


def _mrkdwn(node: Any) -> list[str]:
    """Every mrkdwn text in blocks (plain_text, as in headers, is never parsed by Slack)."""
    if isinstance(node, dict):
        found = [str(node["text"])] if node.get("type") == "mrkdwn" else []
        return found + [t for v in node.values() for t in _mrkdwn(v)]
    if isinstance(node, list):
        return [t for v in node for t in _mrkdwn(v)]
    return []


@pytest.mark.parametrize("kind", sorted(CIRCLE_BUILDERS))
def test_every_kind_renders_with_text_escaped(kind: str) -> None:
    text, blocks = BlockKitRenderer().scheduled_message(kind, PAYLOADS[kind], 99)
    body = "\n".join(_mrkdwn(blocks))
    assert text and blocks and body
    assert "Peers <&> co" not in body and "<b>" not in body
    if kind not in ("circle_prompt", "circles_digest"):
        assert "Peers &lt;&amp;&gt; co" in body


def test_the_prompt_names_the_cycle_and_the_host() -> None:
    _, blocks = build_circle_message("circle_prompt", PAYLOADS["circle_prompt"], 1)
    body = json.dumps(blocks)
    assert (
        "meeting 3 of 6" in body and "<@U0ANA> hosts this time" in body and "&lt;b&gt;one&lt;/b&gt;" in body
    )


def test_buttons_carry_the_circle_and_cycle() -> None:
    _, ask = build_circle_message("circle_meet_ask", PAYLOADS["circle_meet_ask"], 1)
    assert _buttons(ask) == [(ids.CIRCLE_MET_YES, "7:2"), (ids.CIRCLE_MET_NO, "7:2")]
    _, closing = build_circle_message("circle_closing", PAYLOADS["circle_closing"], 1)
    assert _buttons(closing) == [(ids.CIRCLE_REFLECT_OPEN, "7")]
    assert "<@U0BEN> and <@U0CAL>" in json.dumps(closing) and "4 meetings" in json.dumps(closing)


def _proposal(count: int) -> dict[str, Any]:
    return {
        "circles": [
            {
                "members": [f"U0{n}A", f"U0{n}B"],
                "names": ["A", "B"],
                "score": 800,
                "reasons": ["You all want <this>"],
            }
            for n in range(count)
        ],
        "unplaced": [{"member": "U0FAR", "reason": "No <hours>"}],
        "note": "1 pair shares a circle again",
        "waiting": 2 * count + 1,
    }


def test_a_round_lists_circles_reasons_and_who_waits_with_approve_and_discard() -> None:
    plan = RoundPlan(12, 3, _proposal(2))
    blocks = build_round(plan.round_id, "Peers <&>", plan.proposal)
    body = json.dumps(blocks)
    assert "2 circles" in round_fallback("Peers", plan.proposal)
    assert "<@U00A>, <@U00B>" in body and "You all want &lt;this&gt;" in body and "No &lt;hours&gt;" in body
    decisions = [b for b in _buttons(blocks) if b[0] != ids.CIRCLE_ROUND_EDIT]
    assert decisions == [(ids.CIRCLE_ROUND_APPROVE, "12"), (ids.CIRCLE_ROUND_DISCARD, "12")]
    dry = build_round(None, "Peers", plan.proposal)
    assert _buttons(dry) == []


def test_a_large_round_stays_within_the_block_limit() -> None:
    blocks = build_round(5, "Peers", _proposal(120))
    assert len(blocks) <= 50 and "(page 1 of 6)" in json.dumps(blocks)
    assert (ids.CIRCLE_ROUND_APPROVE, "5") in _buttons(blocks) and (ids.CIRCLE_ROUND_CSV, "5") in _buttons(
        blocks
    )
