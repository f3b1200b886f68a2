"""The circles proposal as Block Kit: within Slack's limits at any size (paged, CSV offered),
user text escaped, buttons carrying only ids; the edit form and its parser as a round trip."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.services.circle_reads import proposal_csv
from handlers.circles import round_blocks as rb
from handlers.slack import ids


def _proposal(circles: int, unplaced: int, size: int = 5) -> dict[str, Any]:
    return {
        "circles": [
            {
                "members": [f"U{c:03d}{m}" for m in range(size)],
                "member_ids": [c * 10 + m for m in range(size)],
                "names": [f"=Name <b>{c}.{m}" for m in range(size)],
                "score": 734,
                "reasons": [
                    "You all want to talk about <!channel> & public speaking",
                    "Tue–Thu 14:00–16:00 UTC works",
                ],
                "common_hours": [],
                "repeats": 1 if c == 0 else 0,
            }
            for c in range(circles)
        ],
        "unplaced": [
            {
                "member": f"UW{n:03d}",
                "member_id": 9000 + n,
                "name": f"W{n}",
                "reason": "Nobody shares <hours>",
            }
            for n in range(unplaced)
        ],
        "note": None,
        "waiting": circles * size + unplaced,
        "version": 3,
    }


def _valid(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()


def _buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for block in blocks:
        found += [e for e in block.get("elements", []) if e.get("type") == "button"]
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def test_a_large_proposal_is_paged_within_limits_with_a_csv() -> None:
    proposal = _proposal(45, 30)
    assert rb.pages(proposal) == 3
    first = rb.build_round(7, "Peers", proposal)
    _valid(first)
    text = json.dumps(first, ensure_ascii=False)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text and "&lt;hours&gt;" in text
    sections = [b for b in first if b.get("accessory", {}).get("action_id") == ids.CIRCLE_ROUND_EDIT]
    assert len(sections) == rb.PAGE_SIZE
    assert (
        "Circle 1*" in sections[0]["text"]["text"] and "shared a circle before" in sections[0]["text"]["text"]
    )
    values = {b["action_id"]: b["value"] for b in _buttons(first) if b["action_id"] != ids.CIRCLE_ROUND_EDIT}
    assert values == {
        ids.CIRCLE_ROUND_APPROVE: "7",
        ids.CIRCLE_ROUND_DISCARD: "7",
        ids.CIRCLE_ROUND_PAGE: "7:1",
        ids.CIRCLE_ROUND_CSV: "7",
    }
    assert sections[3]["accessory"]["value"] == "7:3:3"  # round, circle index, proposal version
    assert "…and 15 more" in text
    last = rb.build_round(7, "Peers", proposal, page=2)
    _valid(last)
    assert sum(1 for b in last if b.get("accessory", {}).get("action_id") == ids.CIRCLE_ROUND_EDIT) == 5
    assert "Circles 41–45 of 45 (page 3 of 3)" in json.dumps(last, ensure_ascii=False)
    assert [b["value"] for b in _buttons(last) if b["action_id"] == ids.CIRCLE_ROUND_PAGE] == ["7:1"]
    decided = rb.build_round(7, "Peers", proposal, decided="Approved by <@U1>")
    _valid(decided)
    assert {b["action_id"] for b in _buttons(decided)} == {ids.CIRCLE_ROUND_PAGE, ids.CIRCLE_ROUND_CSV}


def test_an_empty_or_unplaceable_round_offers_nothing_to_approve() -> None:
    empty = rb.build_round(1, "Peers", _proposal(0, 0))
    _valid(empty)
    assert "Nobody is waiting" in json.dumps(empty) and not _buttons(empty)
    stuck = rb.build_round(1, "Peers", _proposal(0, 3))
    assert "No circle can be formed" in json.dumps(stuck) and not _buttons(stuck)


def test_the_csv_has_everyone_and_no_formulas() -> None:
    rows = list(csv.DictReader(io.StringIO(proposal_csv(_proposal(2, 2)))))
    assert len(rows) == 12
    assert rows[0]["circle"] == "1" and rows[0]["name"].startswith("'=") and rows[0]["fit"] == "73"
    assert rows[-1]["circle"] == "" and rows[-1]["waiting_because"] == "Nobody shares <hours>"


def test_edit_form_round_trip_and_forged_answers() -> None:
    proposal = _proposal(3, 2)
    assert rb.build_edit_modal(9, 3, proposal) is None
    modal = rb.build_edit_modal(9, 1, proposal)
    assert modal is not None
    View(**modal).validate_json()
    who = next(b for b in modal["blocks"] if b.get("block_id") == ids.CIRCLE_EDIT_WHO)["element"]
    assert [g["label"]["text"] for g in who["option_groups"]] == ["In circle 2", "Waiting"]

    def state(who: str, to: str) -> dict[str, Any]:
        return {
            **modal,
            "state": {
                "values": {
                    ids.CIRCLE_EDIT_WHO: {
                        ids.CIRCLE_EDIT_WHO: {"type": "static_select", "selected_option": {"value": who}}
                    },
                    ids.CIRCLE_EDIT_TO: {
                        ids.CIRCLE_EDIT_TO: {"type": "static_select", "selected_option": {"value": to}}
                    },
                }
            },
        }

    assert rb.parse_edit_modal(state("U0011", "2")) == (9, 3, "U0011", 2)
    assert rb.parse_edit_modal(state("U0011", "out")) == (9, 3, "U0011", None)
    assert rb.parse_edit_modal(state("U0011", "-1; drop"))[3] == rb.INVALID_TARGET
    assert (
        rb.parse_ids("7:1", 2) == (7, 1) and rb.parse_ids("7:x", 2) is None and rb.parse_ids("7", 2) is None
    )
    words = rb.edit_refusal(
        "edit_breaks_rules", {"problems": [("reporting_line", "U1", "U2"), ("too_small", None, None)]}
    )
    assert "<@U1> and <@U2> are in a reporting line" in words and "smaller than the program allows" in words
