"""Block Kit for the circles messages: pure functions of a row's payload or a round's proposal.

`build_circle_message(kind, payload, row_id)` renders the scheduler's circle kinds (payload keys:
bot.services.scheduling.circles). Names and every other text a person wrote are escaped here.
A proposed round is rendered by handlers.circles.round_blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers.circles import ids
from handlers.circles import texts as t
from handlers.slack import kit
from handlers.slack.format import esc, mention, plural

Block = dict[str, Any]
Rendered = tuple[str, list[Block]]


def _people(ids_: list[Any]) -> str:
    names = [mention(str(u)) for u in ids_ if u]
    if not names:
        return "each other"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _program(p: dict[str, Any]) -> str:
    return esc(str(p.get("program_name") or "your program"))


def _prompt(p: dict[str, Any], _row: int) -> Rendered:
    label = esc(str(p.get("prompt_label") or ""))
    body = t.PROMPT.format(
        label=label,
        cycle=int(p.get("cycle", 0)) + 1,
        cycles=int(p.get("cycles", 0)),
        prompt=esc(str(p.get("prompt") or "")),
    )
    host = mention(str(p["host"])) if p.get("host") else esc(str(p.get("host_name") or "Someone"))
    return t.PROMPT_FALLBACK.format(label=label), [
        kit.header(t.PROMPT_TITLE),
        kit.section(body),
        kit.context(t.PROMPT_HOST.format(host=host)),
    ]


def _meet_ask(p: dict[str, Any], _row: int) -> Rendered:
    value = f"{int(p.get('circle_id', 0))}:{int(p.get('cycle', 0))}"
    text = t.MEET_ASK.format(
        cycle=int(p.get("cycle", 0)) + 1, cycles=int(p.get("cycles", 0)), program=_program(p)
    )
    return t.MEET_ASK_FALLBACK, [
        kit.header(t.MEET_ASK_TITLE),
        kit.section(text),
        kit.actions(
            kit.button(t.BUTTON_MET, ids.CIRCLE_MET_YES, value, style="primary"),
            kit.button(t.BUTTON_NOT_MET, ids.CIRCLE_MET_NO, value),
            block_id="circle_meet_actions",
        ),
    ]


def _meetings(p: dict[str, Any]) -> tuple[str, str]:
    return plural(int(p.get("meetings", 0)), "meeting"), plural(int(p.get("cycles", 0)), "cycle")


def _closing(p: dict[str, Any], _row: int) -> Rendered:
    meetings, cycles = _meetings(p)
    text = t.CLOSING.format(
        program=_program(p), members=_people(list(p.get("members") or [])), meetings=meetings, cycles=cycles
    )
    return t.CLOSING_FALLBACK, [
        kit.header(t.CLOSING_TITLE),
        kit.section(text),
        kit.actions(
            kit.button(
                t.BUTTON_REFLECT, ids.CIRCLE_REFLECT_OPEN, str(int(p.get("circle_id", 0))), style="primary"
            ),
            block_id="circle_reflect_actions",
        ),
    ]


def _ended(p: dict[str, Any], _row: int) -> Rendered:
    meetings, cycles = _meetings(p)
    return t.ENDED_FALLBACK, [
        kit.section(t.ENDED.format(program=_program(p), meetings=meetings, cycles=cycles))
    ]


def _next_round(p: dict[str, Any], _row: int) -> Rendered:
    ended = int(p.get("ended", 0))
    text = t.NEXT_ROUND.format(
        ended=plural(ended, "circle"),
        program=_program(p),
        their="its" if ended == 1 else "their",
        waiting=plural(int(p.get("waiting", 0)), "member is", "members are"),
        key=esc(str(p.get("program_key") or "")),
    )
    return t.NEXT_ROUND_FALLBACK.format(program=_program(p)), [kit.section(text)]


def _digest(p: dict[str, Any], _row: int) -> Rendered:
    fields = [f"*{label}*\n{int(p.get(key, 0))}" for label, key in t.DIGEST_FIELDS]
    return t.DIGEST_FALLBACK.format(program=_program(p)), [
        kit.header(t.DIGEST_TITLE.format(program=str(p.get("program_name") or ""))),
        kit.section(" ", fields=fields),
        kit.context(t.DIGEST_NOTE),
    ]


CIRCLE_BUILDERS: dict[str, Callable[[dict[str, Any], int], Rendered]] = {
    "circle_prompt": _prompt,
    "circle_meet_ask": _meet_ask,
    "circle_closing": _closing,
    "circle_ended": _ended,
    "circles_next_round": _next_round,
    "circles_digest": _digest,
}


def build_circle_message(kind: str, payload: dict[str, Any], row_id: int) -> Rendered:
    """Return (fallback text, blocks) for a scheduled circle message; KeyError for another kind."""
    text, blocks = CIRCLE_BUILDERS[kind](payload, row_id)
    return text, kit.message_blocks(blocks)
