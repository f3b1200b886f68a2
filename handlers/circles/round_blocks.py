"""Block Kit for circles in the admin channel: the proposal (paged), the edit form,
each circle's health and the prompt bank.

The proposal is the stored dict (bot.services.circles.outcomes.RoundPlan): "circles" (members,
member_ids, names, score 0-1000, reasons, common_hours, repeats), "unplaced" (member, name,
reason), "note", "waiting", "version". A message holds at most 50 blocks, so circles are shown a
page at a time (PAGE_SIZE), with Previous / Next buttons and the whole proposal as a CSV.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.domain.circles.prompts import ADMIN_KINDS, KINDS, Prompt
from bot.services.circles import CircleHealth
from handlers.circles import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import clip, day_token, esc, mention, plural

Block = dict[str, Any]

PAGE_SIZE = 20  # circles per page: 20 sections + at most 9 other blocks stay under Slack's 50
MAX_UNPLACED_SHOWN = 15
MAX_REASONS_SHOWN = 4
MAX_EDIT_TARGETS = 98  # a select holds 100 options: the circles, and "out of this round"
MAX_WAITING_OPTIONS = 60


def _circles(proposal: dict[str, Any]) -> list[dict[str, Any]]:
    found = proposal.get("circles")
    return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


def _unplaced(proposal: dict[str, Any]) -> list[dict[str, Any]]:
    found = proposal.get("unplaced")
    return [u for u in found if isinstance(u, dict)] if isinstance(found, list) else []


def pages(proposal: dict[str, Any]) -> int:
    """How many pages the proposal's circles take (at least one)."""
    return max(1, -(-len(_circles(proposal)) // PAGE_SIZE))


def _fit(score: Any) -> int:
    try:
        return round(int(score) / 10)
    except (TypeError, ValueError):
        return 0


def _who(slack_id: Any) -> str:
    return mention(str(slack_id)) if isinstance(slack_id, str) and slack_id else "someone"


def _circle_text(number: int, circle: dict[str, Any]) -> str:
    members = [str(m) for m in circle.get("members") or []]
    reasons = [esc(str(r)) for r in (circle.get("reasons") or [])[:MAX_REASONS_SHOWN]]
    text = t.ROUND_CIRCLE.format(
        number=number,
        score=_fit(circle.get("score")),
        size=len(members),
        members=", ".join(_who(m) for m in members),
        reasons="\n".join(f"• {clip(r, 300)}" for r in reasons),
    )
    repeats = int(circle.get("repeats") or 0)
    if repeats:
        text += "\n" + t.ROUND_REPEATS.format(count=repeats)
    return text


def round_fallback(program: str, proposal: dict[str, Any]) -> str:
    """The plain-text fallback of a proposal."""
    left = len(_unplaced(proposal))
    return t.ROUND_FALLBACK.format(
        program=program,
        circles=plural(len(_circles(proposal)), "circle"),
        unplaced=f"{left} left waiting" if left else t.ROUND_NOBODY_LEFT,
    )


def build_round(
    round_id: int | None,
    program: str,
    proposal: dict[str, Any],
    *,
    page: int = 0,
    decided: str | None = None,
) -> list[Block]:
    """The proposal: totals, one page of circles (members, fit, reasons, an Edit button each),
    who is left waiting and why, then Approve / Discard, paging and the CSV."""
    circles, unplaced = _circles(proposal), _unplaced(proposal)
    total_pages = pages(proposal)
    page = min(max(page, 0), total_pages - 1)
    placed = sum(len(c.get("members") or []) for c in circles)
    average = round(sum(_fit(c.get("score")) for c in circles) / len(circles)) if circles else 0
    left = t.ROUND_LEFT_WAITING.format(count=len(unplaced)) if unplaced else t.ROUND_NOBODY_LEFT
    blocks: list[Block] = [
        kit.header(t.ROUND_HEADER.format(program=program)),
        kit.section(
            t.ROUND_TOTALS.format(
                circles=plural(len(circles), "circle"),
                placed=placed,
                waiting=int(proposal.get("waiting") or placed + len(unplaced)),
                unplaced=left,
                average=average,
            )
        ),
    ]
    if decided:
        blocks.append(kit.section(decided))
    note = proposal.get("note")
    if isinstance(note, str) and note:
        blocks.append(kit.context(esc(note)))
    open_round = decided is None and round_id is not None
    version = int(proposal.get("version") or 0)
    first = page * PAGE_SIZE
    for number, circle in enumerate(circles[first : first + PAGE_SIZE], start=first + 1):
        edit = (
            kit.button(t.ROUND_EDIT_BUTTON, ids.CIRCLE_ROUND_EDIT, f"{round_id}:{number - 1}:{version}")
            if open_round
            else None
        )
        blocks.append(kit.section(_circle_text(number, circle), accessory=edit))
    if total_pages > 1:
        last = min(first + PAGE_SIZE, len(circles))
        blocks.append(
            kit.context(
                t.ROUND_PAGE.format(
                    first=first + 1, last=last, total=len(circles), page=page + 1, pages=total_pages
                )
            )
        )
    if unplaced:
        lines = [
            t.ROUND_UNPLACED.format(
                who=_who(u.get("member")), reason=clip(esc(str(u.get("reason") or "")), 200)
            )
            for u in unplaced[:MAX_UNPLACED_SHOWN]
        ]
        if len(unplaced) > MAX_UNPLACED_SHOWN:
            lines.append(t.ROUND_MORE_UNPLACED.format(more=len(unplaced) - MAX_UNPLACED_SHOWN))
        blocks.append(kit.section(t.ROUND_UNPLACED_TITLE + "\n" + "\n".join(lines)))
    if not circles:
        blocks.append(kit.section(t.ROUND_NO_CIRCLE if unplaced else t.ROUND_EMPTY))
    buttons: list[dict[str, Any]] = []
    if open_round and circles:
        buttons += [
            kit.button(
                t.ROUND_APPROVE_BUTTON,
                ids.CIRCLE_ROUND_APPROVE,
                str(round_id),
                style="primary",
                confirm=kit.confirm_dialog(t.ROUND_CONFIRM_TITLE, t.ROUND_CONFIRM_TEXT, "Approve"),
            ),
            kit.button(t.ROUND_DISCARD_BUTTON, ids.CIRCLE_ROUND_DISCARD, str(round_id), style="danger"),
        ]
    if round_id is not None and page > 0:
        buttons.append(kit.button(t.ROUND_PREV_BUTTON, ids.CIRCLE_ROUND_PAGE, f"{round_id}:{page - 1}"))
    if round_id is not None and page < total_pages - 1:
        buttons.append(kit.button(t.ROUND_NEXT_BUTTON, ids.CIRCLE_ROUND_PAGE, f"{round_id}:{page + 1}"))
    if round_id is not None and (total_pages > 1 or len(unplaced) > MAX_UNPLACED_SHOWN):
        buttons.append(kit.button(t.ROUND_CSV_BUTTON, ids.CIRCLE_ROUND_CSV, str(round_id)))
    if buttons:
        blocks.append(kit.actions(*buttons, block_id=f"circle_round_{round_id}"))
    return kit.message_blocks(blocks)


def parse_ids(value: str | None, count: int) -> tuple[int, ...] | None:
    """`count` non-negative whole numbers joined by ':' (a button's value), or None."""
    parts = (value or "").split(":")
    if len(parts) != count or not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in parts):
        return None
    return tuple(int(p) for p in parts)


# -- the edit form --------------------------------------------------------------------------------
def _name(names: Sequence[Any], members: Sequence[Any], i: int) -> str:
    name = str(names[i]) if i < len(names) and names[i] else str(members[i])
    return clip(name, 60)


def build_edit_modal(round_id: int, index: int, proposal: dict[str, Any]) -> dict[str, Any] | None:
    """The form to edit circle `index` of a pending proposal: who (its members, or someone
    waiting) goes where (another circle, or out of this round); None when there is no such circle."""
    circles, unplaced = _circles(proposal), _unplaced(proposal)
    if not 0 <= index < len(circles):
        return None
    circle = circles[index]
    members, names = list(circle.get("members") or []), list(circle.get("names") or [])
    inside = [kit.option(str(m), _name(names, members, i)) for i, m in enumerate(members)]
    waiting = [
        kit.option(str(u.get("member")), clip(str(u.get("name") or u.get("member")), 60))
        for u in unplaced[:MAX_WAITING_OPTIONS]
        if u.get("member")
    ]
    groups = [{"label": kit.plain(t.EDIT_IN_CIRCLE.format(number=index + 1), 75), "options": inside}]
    if waiting:
        groups.append({"label": kit.plain(t.EDIT_WAITING, 75), "options": waiting})
    who: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.CIRCLE_EDIT_WHO,
        "option_groups": groups,
        "placeholder": kit.plain("Choose…", 150),
    }
    targets = [
        (str(n), t.EDIT_TO_CIRCLE.format(number=n + 1)) for n in range(min(len(circles), MAX_EDIT_TARGETS))
    ]
    targets.append(("out", t.EDIT_OUT))
    blocks = [
        kit.section(
            t.EDIT_INTRO.format(
                number=index + 1,
                members=", ".join(esc(_name(names, members, i)) for i in range(len(members))),
            )
        ),
        kit.input_block(ids.CIRCLE_EDIT_WHO, t.EDIT_WHO, who),
        kit.input_block(
            ids.CIRCLE_EDIT_TO, t.EDIT_TO, kit.static_select(ids.CIRCLE_EDIT_TO, targets, initial=str(index))
        ),
    ]
    meta = json.dumps({"r": round_id, "c": index, "v": int(proposal.get("version") or 0)})
    return kit.modal(
        ids.CIRCLE_EDIT_MODAL,
        t.EDIT_TITLE.format(number=index + 1),
        blocks,
        submit=t.EDIT_SUBMIT,
        private_metadata=meta,
    )


INVALID_TARGET = -1


def parse_edit_modal(view: dict[str, Any]) -> tuple[int | None, int | None, str, int | None]:
    """(round id, proposal version, who (Slack id), where: a circle index, None for out of the
    round, INVALID_TARGET when the answer is not one of the form's)."""
    state = view.get("state") or {}
    who = kit.state_value(state, ids.CIRCLE_EDIT_WHO)
    to = kit.state_value(state, ids.CIRCLE_EDIT_TO)
    version = kit.metadata(view).get("v")
    target: int | None = INVALID_TARGET
    if to == "out":
        target = None
    elif isinstance(to, str) and to.isascii() and to.isdigit() and len(to) < 6:
        target = int(to)
    return (
        kit.metadata_int(view, "r"),
        version if isinstance(version, int) and not isinstance(version, bool) else None,
        who if isinstance(who, str) else "",
        target,
    )


def edit_refusal(code: str, params: dict[str, Any]) -> str:
    """Why an edit was refused, in words (the rules it breaks, naming the people)."""
    if code == "stale_round":
        return t.EDIT_STALE
    if code == "edit_breaks_rules":
        problems = params.get("problems") or []
        words = []
        for problem in problems[:4]:
            code_, first, second = ([*list(problem), None, None, None])[:3]
            template = t.EDIT_PROBLEMS.get(str(code_), str(code_))
            words.append(template.format(first=_who(first), second=_who(second)))
        return t.EDIT_BREAKS.format(problems="; ".join(words) or "a rule for circles")
    return t.EDIT_REFUSALS.get(code, t.EDIT_REFUSED)


# -- circle health and the prompt bank --------------------------------------------------------------
MAX_HEALTH_ROWS = 40


def build_health(program: str, rows: Sequence[CircleHealth]) -> tuple[str, list[Block]]:
    """Each living circle's health, the most worrying first (members, meetings, last met)."""
    blocks: list[Block] = [kit.header(t.HEALTH_TITLE.format(program=program))]
    if not rows:
        blocks.append(kit.section(t.HEALTH_NONE))
    for row in rows[:MAX_HEALTH_ROWS]:
        blocks.append(
            kit.section(
                t.HEALTH_ROW.format(
                    flag=t.HEALTH_FLAGS.get(row.health, ""),
                    id=row.circle_id,
                    members=", ".join(_who(m) for m in row.members),
                    health=t.HEALTH_WORDS.get(row.health, row.health),
                    cycle=row.cycle + 1,
                    meetings=row.meetings,
                    last=day_token(row.last_met_on) if row.last_met_on else t.HEALTH_NEVER,
                    ends=day_token(row.ends_on),
                    paused=t.HEALTH_PAUSED.format(count=row.paused) if row.paused else "",
                )
            )
        )
    if len(rows) > MAX_HEALTH_ROWS:
        blocks.append(kit.context(t.HEALTH_MORE.format(more=len(rows) - MAX_HEALTH_ROWS)))
    return t.HEALTH_FALLBACK.format(program=esc(program), count=len(rows)), kit.message_blocks(blocks)


def build_prompts(program: str, own: Sequence[Prompt], built_in: int) -> tuple[str, list[Block]]:
    """The program's prompt bank: how many are built in, the admins' own, and how to add one."""
    kinds = ", ".join(ADMIN_KINDS)
    lines = [f"• _{esc(p.label)}_: {clip(esc(p.text), 280)}" for p in own[:30]]
    blocks: list[Block] = [
        kit.header(t.PROMPTS_TITLE.format(program=program)),
        kit.section(t.PROMPTS_BUILT_IN.format(count=built_in, kinds=", ".join(KINDS))),
        kit.section(t.PROMPTS_OWN.format(lines="\n".join(lines)) if lines else t.PROMPTS_OWN_NONE),
        kit.context(t.PROMPTS_USAGE.format(kinds=kinds)),
    ]
    return t.PROMPTS_FALLBACK.format(program=esc(program)), blocks
