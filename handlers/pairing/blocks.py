"""Pairing's Block Kit: suggestions, the request and decline modals, the mentor's prompt, the round
proposal, the intro, the agreement modal and proposal, and the App Home section. Pure builders."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.matching.rules import LEGACY_CAUTIONS, shared_formats
from bot.domain.meeting_times import shared_hours
from bot.domain.pairing_rules import (
    MAX_AGREEMENT_TEXT,
    MAX_DECLINE_NOTE,
    MAX_MESSAGE,
    MAX_PENDING_REQUESTS,
    AgreementInput,
)
from bot.services.pairing import (
    ManualPreview,
    MentorshipView,
    NewPair,
    PersonCard,
    RequestInfo,
    Suggestion,
    Suggestions,
    SwapChoices,
)
from handlers.pairing import texts as t
from handlers.slack import ids, kit
from handlers.slack.format import clip, day_token, esc, mention, plural, time_token, topics_text

ROUND_PAGE_SIZE = 20  # pairs per page: each is one block, well inside a message's 50
MAX_UNMATCHED_SHOWN = 25
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a CSV cell starting so is quoted, never run

AGREEMENT_BLOCKS = {
    "cadence": ids.AGREEMENT_CADENCE,
    "format": ids.AGREEMENT_FORMAT,
    "first": ids.AGREEMENT_FIRST,
    "time": ids.AGREEMENT_TIME,
    "end": ids.AGREEMENT_END,
    "boundaries": ids.AGREEMENT_BOUNDARIES,
    "notes": ids.AGREEMENT_NOTES,
    "confidential": ids.AGREEMENT_CONFIDENTIAL,
}


# -- small formatting --------------------------------------------------------------------------
def fit(score: int) -> int:
    """Return a 0..1000 match score as 0..100."""
    return round(score / 10)


def fmt_day(day: date | None) -> str:
    """Return a day as a Slack date token (each reader sees their own locale), or a dash."""
    return day_token(day) if day else "—"


def _known(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        return False
    return True


def fmt_when(moment: datetime, tz: str) -> str:
    """Return an instant as a Slack date token: each reader sees it in their own zone."""
    del tz  # the token renders in the reader's own zone
    return time_token(moment)


def reasons_lines(reasons: Sequence[str], limit: int = 6) -> str:
    """Return reasons as an escaped bullet list."""
    return "\n".join(f"• {esc(r)}" for r in list(reasons)[:limit]) or "—"


def cautions_lines(cautions: Sequence[str]) -> str:
    """Return cautions as escaped lines, each marked as a warning (never mixed with reasons)."""
    return "\n".join(f":warning: {esc(c)}" for c in cautions)


def reasons_inline(reasons: Sequence[str], limit: int = 3) -> str:
    """Return the first reasons as escaped text on one line."""
    return "; ".join(esc(r) for r in list(reasons)[:limit])


def person_fields(person: PersonCard, *, as_mentee: bool) -> list[str]:
    """Return a person's public profile as short fields."""
    fields = []
    if as_mentee:
        fields.append(f"*Wants to grow in*\n{topics_text(person.wants)}")
    else:
        fields.append(f"*Can help with*\n{topics_text(person.offers)}")
    fields.append(f"*Department*\n{esc(person.department) or '—'}")
    fields.append(f"*Time zone*\n{esc(person.timezone)}")
    fields.append(f"*Prefers to meet*\n{t.AGREEMENT_CADENCES.get(person.cadence, esc(person.cadence))}")
    return fields


# -- /mentor find ------------------------------------------------------------------------------
def build_suggestion(item: Suggestion) -> list[dict[str, Any]]:
    """Build one suggested mentor with reasons and a Request button."""
    mentor = item.mentor
    title = f"{mention(mentor.slack_user_id)} · {t.FIND_SCORE.format(score=fit(item.score))}"
    text = title + "\n" + reasons_lines(item.reasons)
    if item.cautions:
        text += "\n" + cautions_lines(item.cautions)
    blocks = [
        kit.section(
            text,
            accessory=kit.button(
                t.FIND_REQUEST_BUTTON.format(name=mentor.name.split(" ")[0]),
                ids.FIND_REQUEST,
                str(mentor.person_id),
                style="primary",
            ),
        )
    ]
    if mentor.intro:
        blocks.append(kit.context(esc(clip(mentor.intro, 300))))
    return blocks


def find_none_reason(found: Suggestions) -> str:
    """The true reason there is no mentor to suggest."""
    if found.asked_all:
        return t.FIND_NONE_ASKED_ALL.format(pending=plural(found.pending, "request"))
    if found.answered_all and not found.past_partners:
        return t.FIND_NONE_ANSWERED_ALL
    if found.past_partners:
        names = ", ".join(mention(u) for u in found.past_partners)
        if found.answered_all:
            template = t.FIND_NONE_PAST_AND_ANSWERED
        elif len(found.past_partners) == 1:
            template = t.FIND_NONE_PAST_PARTNER
        else:
            template = t.FIND_NONE_PAST_PARTNERS
        text = template.format(names=names)
        if found.again_on is not None:
            text += t.FIND_NONE_PAST_AGAIN.format(day=day_token(found.again_on))
        return text
    return t.FIND_NONE.format(why=esc(found.why_none or ""))


def build_suggestions(found: Suggestions) -> list[dict[str, Any]]:
    """Build the answer to `/mentor find`: three mentors, or why none and what to do."""
    if not found.items:
        return [kit.section(find_none_reason(found)), kit.section(t.FIND_NONE_NEXT)]
    blocks: list[dict[str, Any]] = [kit.header(t.FIND_HEADER), kit.section(t.FIND_INTRO)]
    for item in found.items:
        blocks.append(kit.divider())
        blocks.extend(build_suggestion(item))
    if found.pending:
        blocks.append(kit.context(t.FIND_PENDING.format(pending=found.pending, limit=MAX_PENDING_REQUESTS)))
    return kit.message_blocks(blocks)


# -- request modal -----------------------------------------------------------------------------
def build_request_modal(mentor: PersonCard, reasons: Sequence[str]) -> dict[str, Any]:
    """Build the modal in which a mentee writes their personal request."""
    blocks = [
        kit.section(t.REQUEST_TO.format(mentor=esc(mentor.name), reasons=reasons_inline(reasons) or "—")),
        kit.input_block(
            ids.REQUEST_MESSAGE,
            t.REQUEST_LABEL,
            kit.text_input(
                ids.REQUEST_MESSAGE,
                multiline=True,
                max_length=MAX_MESSAGE,
                placeholder=t.REQUEST_PLACEHOLDER,
            ),
            hint=t.REQUEST_HINT,
        ),
    ]
    return kit.modal(
        ids.REQUEST_MODAL,
        t.REQUEST_TITLE,
        blocks,
        submit=t.REQUEST_SUBMIT,
        private_metadata=json.dumps({"mentor": mentor.person_id}),
    )


def parse_request_modal(view: dict[str, Any]) -> tuple[int | None, str]:
    """Return (mentor person id, message) from a submitted request modal."""
    mentor = kit.metadata_int(view, "mentor")
    message = kit.state_value(view.get("state") or {}, ids.REQUEST_MESSAGE)
    return mentor, str(message or "")


# -- the mentor's prompt -----------------------------------------------------------------------
def build_request_prompt(
    request_id: int,
    mentee: PersonCard,
    mentor: PersonCard,
    message: str,
    reasons: Sequence[str],
    expires_at: datetime,
    taken: int,
    cautions: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Build the DM asking a mentor to accept or decline, with the mentee's profile and message."""
    blocks: list[dict[str, Any]] = [
        kit.header(t.PROMPT_TITLE.format(mentee=mentee.name)),
        kit.section(f"{mention(mentee.slack_user_id)}", fields=person_fields(mentee, as_mentee=True)),
    ]
    if mentee.intro:
        blocks.append(kit.context(esc(clip(mentee.intro, 500))))
    blocks.append(kit.section(t.PROMPT_MESSAGE.format(message=esc(message).replace("\n", "\n>"))))
    if reasons:
        blocks.append(kit.section(t.PROMPT_WHY.format(reasons=reasons_lines(reasons))))
    if cautions:
        blocks.append(kit.section(t.INTRO_CAUTIONS.format(cautions=cautions_lines(cautions))))
    blocks.append(
        kit.context(
            t.PROMPT_EXPIRES.format(
                expires=fmt_when(expires_at, mentor.timezone),
                taken=plural(taken, "mentee"),
                capacity=mentor.capacity,
            )
        )
    )
    blocks.append(
        kit.actions(
            kit.button(t.ACCEPT_BUTTON, ids.REQUEST_ACCEPT, str(request_id), style="primary"),
            kit.button(t.DECLINE_BUTTON, ids.REQUEST_DECLINE, str(request_id)),
            block_id=f"request_{request_id}",
        )
    )
    return kit.message_blocks(blocks)


def build_prompt_closed(text: str, mentee: PersonCard, message: str) -> list[dict[str, Any]]:
    """Build the prompt after a decision: what happened, the message kept for reference."""
    return [
        kit.section(text),
        kit.context(f"{mention(mentee.slack_user_id)} wrote: " + esc(clip(message, 1500))),
    ]


# -- decline -----------------------------------------------------------------------------------
def build_decline_modal(request: RequestInfo) -> dict[str, Any]:
    """Build the decline modal with its optional kind note."""
    first = request.mentee.name.split(" ")[0]
    blocks = [
        kit.section(t.DECLINE_TEXT.format(mentee=esc(first))),
        kit.input_block(
            ids.DECLINE_NOTE,
            t.DECLINE_LABEL.format(mentee=first),
            kit.text_input(
                ids.DECLINE_NOTE,
                multiline=True,
                max_length=MAX_DECLINE_NOTE,
                placeholder=t.DECLINE_PLACEHOLDER,
            ),
            optional=True,
        ),
    ]
    return kit.modal(
        ids.DECLINE_MODAL,
        t.DECLINE_TITLE,
        blocks,
        submit=t.DECLINE_SUBMIT,
        private_metadata=json.dumps({"request": request.request_id}),
    )


def parse_decline_modal(view: dict[str, Any]) -> tuple[int | None, str]:
    """Return (request id, note) from a submitted decline modal."""
    request = kit.metadata_int(view, "request")
    note = kit.state_value(view.get("state") or {}, ids.DECLINE_NOTE)
    return request, str(note or "")


def build_next_suggestion(nxt: Suggestion | None) -> list[dict[str, Any]]:
    """Build the next suggested mentor after a no, or what to do when there is none."""
    if nxt is None:
        return [kit.section(t.NEXT_NONE)]
    return [
        kit.section(
            t.NEXT_SUGGESTION.format(
                mentor=mention(nxt.mentor.slack_user_id),
                reasons=reasons_inline(nxt.reasons),
            ),
            accessory=kit.button(
                t.FIND_REQUEST_BUTTON.format(name=nxt.mentor.name.split(" ")[0]),
                ids.FIND_REQUEST,
                str(nxt.mentor.person_id),
                style="primary",
            ),
        )
    ]


def build_declined(
    mentor: PersonCard, note: str, nxt: Suggestion | None, *, full: bool
) -> list[dict[str, Any]]:
    """Build the gentle note to a mentee whose request was declined (or met a full mentor)."""
    first = f"*{esc(mentor.name)}*"
    blocks = [kit.section((t.FULL_TEXT if full else t.DECLINED_TEXT).format(mentor=first))]
    if note:
        blocks.append(kit.section(t.DECLINED_NOTE.format(note=esc(note).replace("\n", "\n>"))))
    blocks.extend(build_next_suggestion(nxt))
    return blocks


# -- rounds ------------------------------------------------------------------------------------
def _name(entry: dict[str, Any], key: str) -> str:
    # A mention renders as the person's name; writing the name beside it would say it twice.
    return mention(str(entry[key]))


def round_pages(proposal: dict[str, Any]) -> int:
    """How many pages the proposal's pairs take (at least one)."""
    pairs = len(proposal.get("pairs", []))
    return max(1, -(-pairs // ROUND_PAGE_SIZE))


def _pair_menu(round_id: int, revision: int, pair: dict[str, Any], page: int) -> dict[str, Any] | None:
    mentee_id = pair.get("mentee_id")
    if not isinstance(mentee_id, int):
        return None  # a proposal from before the ids were kept: approve or discard it whole
    key = f"{round_id}:{revision}:{mentee_id}:{page}"
    return {
        "type": "overflow",
        "action_id": ids.ROUND_PAIR,
        "options": [kit.option(f"remove:{key}", t.ROUND_REMOVE), kit.option(f"swap:{key}", t.ROUND_SWAP)],
    }


def _pair_text(pair: dict[str, Any]) -> str:
    text = t.ROUND_PAIR.format(
        mentee=_name(pair, "mentee"),
        mentor=_name(pair, "mentor"),
        score=fit(int(pair["score"])),
        reasons=reasons_inline(pair.get("reasons", []), 4),
    ) + "".join(f"\n:warning: {esc(str(c))}" for c in pair.get("cautions", []) or [])
    if pair.get("swapped_by"):
        text += "\n" + t.ROUND_SWAPPED.format(admin=esc(str(pair["swapped_by"])))
    return text


def build_round(
    round_id: int | None,
    proposal: dict[str, Any],
    *,
    decided: str | None = None,
    revision: int = 0,
    page: int = 0,
) -> list[dict[str, Any]]:
    """Build the proposal: totals, one page of pairs (each with Remove / Swap mentor while it is
    open), Previous / Next when there is more than a page, the held back and the unmatched with
    reasons, and Approve (the rest) / Discard."""
    pairs = list(proposal.get("pairs", []))
    unmatched = list(proposal.get("unmatched", []))
    held = list(proposal.get("held_back", []))
    open_round = decided is None and round_id is not None
    pages = round_pages(proposal)
    page = min(max(0, page), pages - 1)
    average = round(sum(int(p["score"]) for p in pairs) / len(pairs) / 10) if pairs else 0
    blocks: list[dict[str, Any]] = [
        kit.header(t.ROUND_HEADER),
        kit.section(
            t.ROUND_TOTALS.format(
                pairs=plural(len(pairs), "pair"),
                unmatched=_unmatched(len(unmatched), bold=True),
                mentees=plural(int(proposal.get("mentees", 0)), "mentee"),
                mentors=plural(int(proposal.get("mentors", 0)), "available mentor"),
                average=average,
            )
        ),
    ]
    if proposal.get("optimal") is True and not revision:  # an edited round departs from it
        blocks.append(kit.context(t.ROUND_OPTIMAL))
    if decided:
        blocks.append(kit.section(decided))
    first = page * ROUND_PAGE_SIZE
    for pair in pairs[first : first + ROUND_PAGE_SIZE]:
        menu = _pair_menu(int(round_id), revision, pair, page) if open_round and round_id else None
        blocks.append(kit.section(_pair_text(pair), accessory=menu))
    if pages > 1:
        blocks.append(
            kit.context(
                t.ROUND_PAGE_OF.format(
                    first=first + 1,
                    last=min(first + ROUND_PAGE_SIZE, len(pairs)),
                    total=len(pairs),
                    page=page + 1,
                    pages=pages,
                )
            )
        )
        if round_id is not None:
            paging = []
            if page > 0:
                paging.append(kit.button(t.ROUND_PREVIOUS, ids.ROUND_PAGE, f"{round_id}:{page - 1}"))
            if page < pages - 1:
                paging.append(kit.button(t.ROUND_NEXT, ids.ROUND_PAGE, f"{round_id}:{page + 1}"))
            blocks.append(kit.actions(*paging, block_id=f"round_pages_{round_id}"))
    if held:
        lines = [
            t.ROUND_HELD.format(
                mentee=_name(h, "mentee"), mentor=_name(h, "mentor"), admin=esc(str(h.get("by", "")))
            )
            for h in held[:MAX_UNMATCHED_SHOWN]
        ]
        if len(held) > MAX_UNMATCHED_SHOWN:
            lines.append(t.ROUND_MORE.format(more=len(held) - MAX_UNMATCHED_SHOWN))
        blocks.append(kit.section(t.ROUND_HELD_TITLE + "\n" + "\n".join(lines)))
    if unmatched:
        lines = [
            t.ROUND_UNMATCHED.format(mentee=_name(u, "mentee"), reason=esc(str(u.get("reason", ""))))
            for u in unmatched[:MAX_UNMATCHED_SHOWN]
        ]
        if len(unmatched) > MAX_UNMATCHED_SHOWN:
            lines.append(t.ROUND_MORE.format(more=len(unmatched) - MAX_UNMATCHED_SHOWN))
        blocks.append(kit.section(t.ROUND_UNMATCHED_TITLE + "\n" + "\n".join(lines)))
    if not pairs and not unmatched and not held:
        blocks.append(kit.section(t.ROUND_EMPTY))
    if open_round and pairs:
        edited = bool(held) or any(p.get("swapped_by") for p in pairs)
        blocks.append(
            kit.actions(
                kit.button(
                    t.ROUND_APPROVE_REST_BUTTON if edited else t.ROUND_APPROVE_BUTTON,
                    ids.ROUND_APPROVE,
                    f"{round_id}:{revision}",
                    style="primary",
                    confirm=kit.confirm_dialog(t.ROUND_CONFIRM_TITLE, t.ROUND_CONFIRM_TEXT, "Approve"),
                ),
                kit.button(t.ROUND_DISCARD_BUTTON, ids.ROUND_DISCARD, str(round_id), style="danger"),
                block_id=f"round_{round_id}",
            )
        )
    elif open_round and held:
        blocks.append(
            kit.actions(
                kit.button(t.ROUND_DISCARD_BUTTON, ids.ROUND_DISCARD, str(round_id), style="danger"),
                block_id=f"round_{round_id}",
            )
        )
    return kit.message_blocks(blocks)


def round_csv(proposal: dict[str, Any]) -> str:
    """The whole proposal as CSV: every pair, then the held back and the unmatched (formula-safe cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["status", "mentee", "mentee_slack_id", "mentor", "mentor_slack_id", "fit", "reasons", "cautions"]
    )
    for p in proposal.get("pairs", []):
        writer.writerow(
            _csv_row(
                "proposed",
                p.get("mentee_name"),
                p["mentee"],
                p.get("mentor_name"),
                p["mentor"],
                fit(int(p["score"])),
                "; ".join(p.get("reasons", [])),
                "; ".join(p.get("cautions", []) or []),
            )
        )
    for h in proposal.get("held_back", []):
        writer.writerow(
            _csv_row("held back by an admin", h.get("mentee_name"), h["mentee"], "", "", "", "", "")
        )
    for u in proposal.get("unmatched", []):
        writer.writerow(
            _csv_row("unmatched", u.get("mentee_name"), u["mentee"], "", "", "", u.get("reason"), "")
        )
    return buffer.getvalue()


def _csv_row(*values: object) -> list[str]:
    cells = []
    for value in values:
        text = "" if value is None else str(value).replace("\r", " ").replace("\n", " ")
        cells.append("'" + text if text.startswith(_FORMULA_START) else text)
    return cells


def build_round_headsup(payload: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The day-before heads-up to a waiting mentee."""
    program = esc(str(payload.get("program_name") or "the program"))
    return t.HEADSUP_FALLBACK, kit.message_blocks([kit.section(t.HEADSUP_TEXT.format(program=program))])


def intro_fallback(pair: NewPair) -> str:
    """The intro's plain-text fallback."""
    return t.INTRO_FALLBACK.format(mentor=esc(pair.mentor.name), mentee=esc(pair.mentee.name))


def build_manual_preview(preview: ManualPreview) -> list[dict[str, Any]]:
    """The manual pairing preview: fit, reasons, cautions and the confirm button."""
    mentee, mentor = mention(preview.mentee.slack_user_id), mention(preview.mentor.slack_user_id)
    cautions = list(preview.cautions)
    lines = [
        kit.section(t.MANUAL_HEADER.format(mentee=mentee, mentor=mentor)),
        kit.section(t.MANUAL_FIT.format(score=fit(preview.score), reasons=reasons_lines(preview.reasons))),
    ]
    if preview.turned_down:
        lines.append(kit.context(":warning: " + t.MANUAL_TURNED_DOWN.format(mentee=mentee, mentor=mentor)))
    if cautions:
        lines.append(kit.context(*[f":warning: {esc(c)}" for c in cautions]))
    lines.append(
        kit.actions(
            kit.button(
                t.MANUAL_CONFIRM,
                ids.MANUAL_PAIR_CONFIRM,
                f"{preview.mentee.person_id}:{preview.mentor.person_id}",
                style="primary",
                confirm=kit.confirm_dialog(t.MANUAL_CONFIRM_TITLE, t.MANUAL_CONFIRM_TEXT, "Pair"),
            )
        )
    )
    return kit.message_blocks(lines)


def build_swap_modal(choices: SwapChoices, page: int) -> dict[str, Any]:
    """The Swap mentor modal: the mentee's next best allowed mentors with fit and reasons, one to pick."""
    intro = t.SWAP_INTRO.format(
        mentee=mention(choices.mentee_slack_id), mentor=mention(choices.current_mentor)
    )
    meta = json.dumps(
        {"round": choices.round_id, "revision": choices.revision, "mentee": choices.mentee_id, "page": page}
    )
    if not choices.choices:
        body = [kit.section(t.SWAP_NONE.format(mentee=mention(choices.mentee_slack_id)))]
        return kit.modal(
            ids.ROUND_SWAP_MODAL, t.SWAP_TITLE, body, submit=None, close="Close", private_metadata=meta
        )
    body = [kit.section(intro)]
    for s in choices.choices:
        body.append(
            kit.section(
                t.SWAP_CHOICE.format(
                    mentor=esc(s.mentor.name), score=fit(s.score), reasons=reasons_inline(s.reasons, 4)
                )
                + "".join(f"\n:warning: {esc(c)}" for c in s.cautions)
            )
        )
    options = [
        (str(s.mentor.person_id), f"{s.mentor.name} · fit {fit(s.score)}/100") for s in choices.choices
    ]
    body.append(
        kit.input_block(
            ids.ROUND_SWAP_MENTOR, t.SWAP_LABEL, kit.static_select(ids.ROUND_SWAP_MENTOR, options)
        )
    )
    return kit.modal(ids.ROUND_SWAP_MODAL, t.SWAP_TITLE, body, submit=t.SWAP_SUBMIT, private_metadata=meta)


def round_fallback(proposal: dict[str, Any]) -> str:
    """Return the plain-text fallback of a proposal."""
    return t.ROUND_FALLBACK.format(
        pairs=plural(len(proposal.get("pairs", [])), "pair"),
        unmatched=_unmatched(len(proposal.get("unmatched", [])), bold=False),
    )


def _unmatched(count: int, *, bold: bool) -> str:
    """ "*2 mentees* unmatched", or "everyone matched" rather than "0 mentees unmatched"."""
    if count == 0:
        return t.ROUND_ALL_MATCHED
    text = t.ROUND_UNMATCHED_COUNT.format(mentees=plural(count, "mentee"))
    return text if bold else text.replace("*", "")


# -- intro -------------------------------------------------------------------------------------
def _hours_amount(hours: float) -> str:
    amount = f"{round(hours, 2):g}"
    return f"{amount} working hour" if amount == "1" else f"{amount} working hours"


def _formats_words(formats: Sequence[str]) -> str:
    return ", ".join(t.AGREEMENT_FORMATS.get(f, esc(f)).lower() for f in formats) or "any"


def meeting_sections(mentor: PersonCard, mentee: PersonCard, now: datetime) -> list[dict[str, Any]]:
    """Build "When you can meet" (shared hours in each person's local time) and the cautions."""
    name_a, name_b = esc(mentor.name.split(" ")[0]), esc(mentee.name.split(" ")[0])
    found = shared_hours(mentor.timezone, mentee.timezone, now)
    out: list[dict[str, Any]] = []
    cautions: list[str] = []
    if found.shared and found.first_spans is not None:
        text = t.INTRO_HOURS.format(
            hours=_hours_amount(found.hours),
            span_a=found.first_spans[0],
            name_a=name_a,
            span_b=found.first_spans[1],
            name_b=name_b,
        )
        if found.changes_on is not None and found.changed_spans is not None:
            text += "\n" + t.INTRO_HOURS_CHANGE.format(
                day=day_token(found.changes_on),
                span_a=found.changed_spans[0],
                name_a=name_a,
                span_b=found.changed_spans[1],
                name_b=name_b,
            )
        out.append(kit.section(text))
    elif found.suggestion_spans is not None:
        cautions.append(
            t.INTRO_NO_HOURS.format(
                span_a=found.suggestion_spans[0],
                name_a=name_a,
                span_b=found.suggestion_spans[1],
                name_b=name_b,
            )
        )
    else:
        cautions.append(t.INTRO_NO_HOURS_NO_SLOT)
    if not shared_formats(mentor.formats, mentee.formats):
        cautions.append(
            t.INTRO_NO_FORMAT.format(
                formats_a=_formats_words(mentor.formats),
                name_a=name_a,
                formats_b=_formats_words(mentee.formats),
                name_b=name_b,
            )
        )
    if cautions:
        out.append(kit.section(t.INTRO_CAUTIONS.format(cautions="\n".join(cautions))))
    return out


def build_intro(pair: NewPair, now: datetime) -> list[dict[str, Any]]:
    """Build the group DM intro: who is who, intros, why matched, when you can meet (and what may
    get in the way), a first conversation, a button."""
    mentor, mentee = pair.mentor, pair.mentee
    blocks: list[dict[str, Any]] = [
        kit.header(t.INTRO_HEADER),
        kit.section(
            t.INTRO_TEXT.format(mentor=mention(mentor.slack_user_id), mentee=mention(mentee.slack_user_id))
        ),
    ]
    for person, role in ((mentor, "mentor"), (mentee, "mentee")):
        blocks.append(
            kit.section(
                t.INTRO_ABOUT.format(
                    name=esc(person.name), role=role, intro=esc(person.intro) or t.INTRO_NO_INTRO
                ),
                fields=person_fields(person, as_mentee=role == "mentee"),
            )
        )
    reasons = [r for r in pair.reasons if r not in LEGACY_CAUTIONS]
    if reasons:
        blocks.append(kit.section(t.INTRO_WHY.format(reasons=reasons_lines(reasons))))
    blocks.extend(meeting_sections(mentor, mentee, now))
    blocks.append(kit.section(t.INTRO_FIRST_TALK.format(mentee=esc(mentee.name.split(" ")[0]))))
    blocks.append(kit.context(t.INTRO_NEXT))
    blocks.append(
        kit.actions(
            kit.button(t.AGREEMENT_BUTTON, ids.AGREEMENT_OPEN, str(pair.mentorship_id), style="primary")
        )
    )
    return kit.message_blocks(blocks)


# -- the agreement -----------------------------------------------------------------------------
def build_agreement_modal(view: MentorshipView, weeks: int) -> dict[str, Any]:
    """Build the agreement modal, prefilled with the current proposal or sensible defaults."""
    zone = view.me.timezone or "UTC"
    upcoming = view.first_meeting_on is not None and view.first_meeting_on >= view.today
    proposed = view.first_meeting_at if upcoming else None
    first_at = proposed or view.suggested_first_at
    local = first_at.astimezone(ZoneInfo(zone)) if first_at is not None and _known(zone) else first_at
    first_day = local.date().isoformat() if local is not None else view.today.isoformat()
    first_time = f"{local:%H:%M}" if local is not None else None
    blocks = [
        kit.section(t.AGREEMENT_INTRO.format(partner=esc(view.partner.name))),
        kit.input_block(
            ids.AGREEMENT_CADENCE,
            t.AGREEMENT_CADENCE_LABEL,
            kit.static_select(
                ids.AGREEMENT_CADENCE, list(t.AGREEMENT_CADENCES.items()), initial=view.cadence
            ),
        ),
        kit.input_block(
            ids.AGREEMENT_FORMAT,
            t.AGREEMENT_FORMAT_LABEL,
            kit.radio(
                ids.AGREEMENT_FORMAT,
                list(t.AGREEMENT_FORMATS.items()),
                initial=view.meeting_format or (view.me.formats[0] if view.me.formats else "video"),
            ),
        ),
        kit.input_block(
            ids.AGREEMENT_FIRST,
            t.AGREEMENT_FIRST_LABEL,
            kit.datepicker(ids.AGREEMENT_FIRST, initial=first_day),
        ),
        kit.input_block(
            ids.AGREEMENT_TIME,
            t.AGREEMENT_TIME_LABEL.format(zone=esc(zone)),
            kit.timepicker(ids.AGREEMENT_TIME, initial=first_time, timezone=zone if _known(zone) else None),
            hint=t.AGREEMENT_TIME_HINT if proposed is None else None,
        ),
        kit.input_block(
            ids.AGREEMENT_END,
            t.AGREEMENT_END_LABEL,
            kit.datepicker(ids.AGREEMENT_END, initial=(view.end_date or view.default_end).isoformat()),
            hint=t.AGREEMENT_END_HINT.format(weeks=weeks),
        ),
        kit.input_block(
            ids.AGREEMENT_BOUNDARIES,
            t.AGREEMENT_BOUNDARIES_LABEL,
            kit.text_input(
                ids.AGREEMENT_BOUNDARIES,
                initial=view.boundaries or None,
                multiline=True,
                max_length=MAX_AGREEMENT_TEXT,
                placeholder=t.AGREEMENT_BOUNDARIES_PLACEHOLDER,
            ),
            optional=True,
        ),
        kit.input_block(
            ids.AGREEMENT_NOTES,
            t.AGREEMENT_NOTES_LABEL,
            kit.text_input(
                ids.AGREEMENT_NOTES,
                initial=view.notes or None,
                multiline=True,
                max_length=MAX_AGREEMENT_TEXT,
                placeholder=t.AGREEMENT_NOTES_PLACEHOLDER,
            ),
            optional=True,
        ),
        kit.input_block(
            ids.AGREEMENT_CONFIDENTIAL,
            t.AGREEMENT_CONFIDENTIAL_LABEL,
            kit.checkboxes(ids.AGREEMENT_CONFIDENTIAL, [("yes", t.AGREEMENT_CONFIDENTIAL_OPTION)]),
        ),
    ]
    return kit.modal(
        ids.AGREEMENT_MODAL,
        t.AGREEMENT_TITLE,
        blocks,
        submit=t.AGREEMENT_SUBMIT,
        private_metadata=json.dumps({"mentorship": view.mentorship_id}),
    )


def parse_agreement_modal(view: dict[str, Any]) -> tuple[int | None, AgreementInput]:
    """Return (mentorship id, raw agreement input) from a submitted agreement modal."""
    mentorship = kit.metadata_int(view, "mentorship")
    state = view.get("state") or {}

    def text(block: str) -> str:
        value = kit.state_value(state, block)
        return str(value) if value else ""

    return mentorship, AgreementInput(
        cadence=kit.state_value(state, ids.AGREEMENT_CADENCE),
        meeting_format=kit.state_value(state, ids.AGREEMENT_FORMAT),
        first_meeting=kit.state_value(state, ids.AGREEMENT_FIRST),
        first_time=kit.state_value(state, ids.AGREEMENT_TIME),
        end_date=kit.state_value(state, ids.AGREEMENT_END),
        boundaries=text(ids.AGREEMENT_BOUNDARIES),
        notes=text(ids.AGREEMENT_NOTES),
        confidential="yes" in (kit.state_value(state, ids.AGREEMENT_CONFIDENTIAL) or ()),
    )


def agreement_errors(problems: dict[str, str]) -> dict[str, str]:
    """Return block id -> message for agreement field problems."""
    return {AGREEMENT_BLOCKS[k]: t.AGREEMENT_ERRORS.get(v, v) for k, v in problems.items()}


def first_meeting_text(view: MentorshipView) -> str:
    """The first meeting as a Slack date token (each reader sees their own time), or its day."""
    if view.first_meeting_at is not None:
        return time_token(view.first_meeting_at)
    return fmt_day(view.first_meeting_on)


def build_calendar_comment(payload: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The words posted with the pair's calendar file (first issue or an update)."""
    if payload.get("ended_at"):
        return t.CALENDAR_ENDED, [kit.section(t.CALENDAR_ENDED)]
    template = t.CALENDAR_INVITE if int(payload.get("sequence") or 0) == 0 else t.CALENDAR_UPDATE
    cadence = str(payload.get("cadence") or "")
    try:
        first = time_token(datetime.fromisoformat(str(payload["start"])))
        end = day_token(date.fromisoformat(str(payload["until"])))
    except (KeyError, ValueError):
        first, end = "the first meeting", "the end date"
    text = template.format(
        cadence=t.AGREEMENT_CADENCES.get(cadence, esc(cadence)).lower(), first=first, end=end
    )
    return text, [kit.section(text)]


def agreement_terms(view: MentorshipView) -> list[dict[str, Any]]:
    """Build the agreed (or proposed) terms."""
    fields = [
        t.AGREEMENT_SUMMARY_FIELDS["cadence"].format(
            value=t.AGREEMENT_CADENCES.get(view.cadence, view.cadence)
        ),
        t.AGREEMENT_SUMMARY_FIELDS["format"].format(
            value=t.AGREEMENT_FORMATS.get(view.meeting_format or "", "—")
        ),
        t.AGREEMENT_SUMMARY_FIELDS["first"].format(value=first_meeting_text(view)),
        t.AGREEMENT_SUMMARY_FIELDS["end"].format(value=fmt_day(view.end_date)),
    ]
    blocks = [kit.section(t.AGREEMENT_TERMS, fields=fields)]
    if view.boundaries:
        blocks.append(
            kit.section(t.AGREEMENT_BOUNDARIES.format(text=esc(view.boundaries).replace("\n", "\n>")))
        )
    if view.notes:
        blocks.append(kit.section(t.AGREEMENT_NOTES.format(text=esc(view.notes).replace("\n", "\n>"))))
    blocks.append(kit.context(t.AGREEMENT_CONFIDENTIAL_LINE))
    return blocks


def build_agreement_proposal(view: MentorshipView, *, closed: str | None = None) -> list[dict[str, Any]]:
    """Build the proposal in the pair's conversation, with Confirm / Suggest a change."""
    blocks = [
        kit.section(
            t.AGREEMENT_PROPOSED.format(proposer=view.me.slack_user_id, partner=view.partner.slack_user_id)
        ),
        *agreement_terms(view),
    ]
    if closed:
        blocks.append(kit.context(closed))
    else:
        value = str(view.mentorship_id)
        blocks.append(
            kit.actions(
                kit.button(t.AGREEMENT_CONFIRM_BUTTON, ids.AGREEMENT_CONFIRM, value, style="primary"),
                kit.button(t.AGREEMENT_CHANGE_BUTTON, ids.AGREEMENT_CHANGE, value),
            )
        )
    return blocks


def build_agreement_agreed(view: MentorshipView, *, with_terms: bool = True) -> list[dict[str, Any]]:
    """Build the confirmation that the pair agreed, with the terms unless they are already shown.

    When the proposal above it was updated in place to say "Confirmed", the terms are there once;
    the confirmation then says only what was agreed in a sentence.
    """
    blocks = [
        kit.section(
            t.AGREEMENT_AGREED.format(
                confirmer=view.me.slack_user_id,
                first=first_meeting_text(view),
                cadence=t.AGREEMENT_CADENCES.get(view.cadence, view.cadence).lower(),
                end=fmt_day(view.end_date),
            )
        ),
    ]
    return [*blocks, *agreement_terms(view)] if with_terms else blocks
