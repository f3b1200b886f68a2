"""Block Kit for the App Home: a pure function of the person's `HomeView`.

Layout, top to bottom: the lead (what to do next in the person's state, with exactly one primary
button when there is something to do), open action items and goals of that mentorship, one compact
card for each other mentorship, requests the person sent, features' extra sections, past mentorships
(handlers/pairs/history, as `/mentor status` shows them), the profile folded into one summary with an
Edit button, and (for admins) a small admin entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.domain.cadence import CADENCE_LABELS
from bot.domain.goals import progress_bar
from bot.domain.journey import Stage
from bot.domain.pairing_rules import MAX_PENDING_REQUESTS
from bot.domain.profiles import FORMATS as PROFILE_FORMATS
from bot.services.goals import GoalView
from bot.services.home import HomeView, MentorLoad, PairHome
from bot.services.pairing import RequestInfo
from bot.services.pairs import Member
from handlers.home import texts as t
from handlers.pairs import texts as pt
from handlers.pairs.history import history_blocks, state_text
from handlers.slack import ids, kit
from handlers.slack.format import clip, day_token, esc, mention, plural, time_token, topics_text

Block = dict[str, Any]

MAX_CARDS = 10
MAX_HOME_BLOCKS = 100  # Slack's limit for a Home view
MAX_ITEMS = 5
MAX_GOALS = 3
MAX_REQUESTS = 5


def _who(member: Member) -> str:
    return mention(member.slack_id)


def _cadence(cadence: str) -> str:
    label: str = CADENCE_LABELS.get(cadence, cadence)  # type: ignore[call-overload]
    return esc(label)


def _format(meeting_format: str | None) -> str:
    return t.FORMATS.get(meeting_format or "", "") if meeting_format else ""


def _day(day: date | None) -> str:
    return day_token(day) if day is not None else t.TERMS_UNSET


def _terms(p: PairHome) -> str:
    return t.TERMS.format(
        cadence=_cadence(p.pair.cadence),
        format=_format(p.pair.meeting_format),
        first=_day(p.first_meeting_on),
        end=_day(p.pair.end_date),
    )


def _agreed(p: PairHome) -> str:
    return t.AGREED_TERMS.format(
        cadence=_cadence(p.pair.cadence), format=_format(p.pair.meeting_format), end=_day(p.pair.end_date)
    )


def _paused_until(p: PairHome) -> str:
    return day_token(p.pair.paused_until) if p.pair.paused_until else t.PAUSED_OPEN


def _actions(primary: dict[str, Any] | None, *secondary: dict[str, Any]) -> Block:
    return kit.actions(*([primary] if primary else []), *secondary)


def _without_primary(block: Block) -> Block:
    """A block whose buttons are all secondary."""
    elements = [*block.get("elements", []), *([block["accessory"]] if "accessory" in block else [])]
    if not any(e.get("style") == "primary" for e in elements):
        return block
    copy = dict(block)
    if "elements" in copy:
        copy["elements"] = [
            {k: v for k, v in e.items() if (k, v) != ("style", "primary")} for e in copy["elements"]
        ]
    if "accessory" in copy:
        copy["accessory"] = {k: v for k, v in copy["accessory"].items() if (k, v) != ("style", "primary")}
    return copy


def _button(text: str, action_id: str, value: str, primary: bool = False) -> dict[str, Any]:
    return kit.button(text, action_id, value, style="primary" if primary else None)


# -- what's next in one mentorship ---------------------------------------------------------------
def _urgency(p: PairHome) -> int:
    """Lower is more urgent: the order of the cards of mentorships that do not lead."""
    status = p.pair.agreement_status
    if p.pair.status == "paused":
        return 6
    if p.transition_end is not None:
        return 1
    if status == "proposed" and not p.proposed_by_me:
        return 2
    if status in ("none", "changes"):
        return 3
    if p.open_check_in:
        return 4
    if status == "proposed":
        return 8
    return 5


def _pair_lead(p: PairHome, mentee_without_goal: bool) -> list[Block]:
    """The lead for one mentorship: its state in words and its buttons, the first one primary."""
    partner = _who(p.partner)
    mid = str(p.pair.id)
    status = p.pair.agreement_status
    if p.pair.status == "paused":
        return [
            kit.section(t.PAUSED),
            _actions(_button(t.RESUME_BUTTON, ids.RESUME_PICK, mid, primary=True)),
        ]
    if p.transition_end is not None:
        value = f"{mid}:{p.transition_end.isoformat()}"
        return [
            kit.section(t.TRANSITION.format(partner=partner)),
            _actions(
                _button(t.CONCLUDE_BUTTON, ids.TRANSITION_CONCLUDE, value, primary=True),
                _button(t.EXTEND_BUTTON, ids.TRANSITION_EXTEND, value),
                _button(t.CONTINUE_BUTTON, ids.TRANSITION_CONTINUE, value),
            ),
        ]
    if status == "proposed" and not p.proposed_by_me:
        return [
            kit.section(t.CONFIRM.format(partner=partner, terms=_terms(p))),
            _actions(
                _button(t.CONFIRM_BUTTON, ids.AGREEMENT_CONFIRM, mid, primary=True),
                _button(t.CHANGE_BUTTON, ids.AGREEMENT_CHANGE, mid),
            ),
        ]
    if status in ("none", "changes"):
        return [
            kit.section(t.SET_UP.format(partner=partner)),
            _actions(_button(t.SET_UP_BUTTON, ids.AGREEMENT_OPEN, mid, primary=True)),
        ]
    if status == "proposed":
        return [kit.section(t.WAITING_CONFIRM.format(partner=partner, terms=_terms(p)))]
    if p.open_check_in:
        text = t.CHECK_IN_OPEN.format(partner=partner)
    elif p.next_meeting_on is not None:
        text = t.NEXT_MEETING.format(partner=partner, day=day_token(p.next_meeting_on))
    else:
        text = t.NO_MEETING.format(partner=partner)
    lines = [text, _agreed(p)]
    if p.next_check_in is not None and not p.open_check_in and p.next_meeting_on is None:
        lines.append(t.NEXT_CHECK_IN.format(when=time_token(p.next_check_in)))
    log = _button(t.LOG_BUTTON, ids.HOME_LOG, mid)
    goal = _button(t.GOAL_BUTTON, ids.HOME_GOAL, mid)
    feedback = _button(t.FEEDBACK_BUTTON, ids.HOME_FEEDBACK, mid)
    if mentee_without_goal and not p.open_check_in:
        goal["style"] = "primary"
        buttons = _actions(goal, log, feedback)
    else:
        log["style"] = "primary"
        buttons = _actions(log, goal, feedback)
    return [kit.section("\n".join(lines)), buttons]


def _items(p: PairHome) -> list[Block]:
    """The pair's open action items (the person's own first), each with a Done button."""
    if not p.items:
        return []
    blocks = [kit.section(t.ITEMS)]
    for item in p.items[:MAX_ITEMS]:
        if item.owner_id is None:
            owner = t.ITEM_OWNER_BOTH
        elif item.owner_id == p.me:
            owner = t.ITEM_OWNER_YOU
        else:
            owner = _who(p.partner)
        blocks.append(
            kit.section(
                f"• {esc(clip(item.text, 500))} · _{owner}_",
                accessory=kit.button(t.DONE_BUTTON, ids.HOME_ACTION_DONE, str(item.id)),
            )
        )
    if len(p.items) > MAX_ITEMS:
        blocks.append(kit.context(t.ITEMS_MORE.format(count=len(p.items) - MAX_ITEMS)))
    return blocks


def _goal_button(goal: GoalView) -> dict[str, Any]:
    """A goal's one next step: tick off its next milestone, or mark it achieved when none is left."""
    open_milestone = next((m for m in goal.milestones if m.completed_at is None), None)
    if open_milestone is not None:
        label = pt.GOAL_MILESTONE_BUTTON.format(title=clip(open_milestone.title, 60))
        return kit.button(label, ids.GOAL_MILESTONE_DONE, str(open_milestone.id))
    return kit.button(
        pt.GOAL_ACHIEVED_BUTTON,
        ids.GOAL_ACHIEVED,
        str(goal.id),
        confirm=kit.confirm_dialog(
            pt.GOAL_ACHIEVED_CONFIRM_TITLE, pt.GOAL_ACHIEVED_CONFIRM, pt.GOAL_ACHIEVED_CONFIRM_YES
        ),
    )


def _goals(p: PairHome) -> list[Block]:
    """The pair's active goals, one line each with its next step, and how many were achieved."""
    if not p.goals:
        return [kit.context(t.NO_GOALS_MENTEE)] if p.my_role == "mentee" and not p.goals_achieved else []
    achieved = t.GOALS_DONE.format(count=p.goals_achieved) if p.goals_achieved else ""
    blocks = [kit.section(t.GOALS.format(achieved=achieved))]
    for goal in p.goals[:MAX_GOALS]:
        line = t.GOAL_LINE.format(
            title=esc(clip(goal.title, 200)), bar=progress_bar(goal.progress), day=day_token(goal.target_date)
        )
        blocks.append(kit.section(line, accessory=_goal_button(goal)))
    if len(p.goals) > MAX_GOALS:
        blocks.append(kit.context(t.GOALS_MORE.format(count=len(p.goals) - MAX_GOALS)))
    return blocks


def _card(p: PairHome) -> Block:
    """A compact card for a mentorship that does not lead: its state and its own next button."""
    mid = str(p.pair.id)
    status = p.pair.agreement_status
    button: dict[str, Any] | None
    if p.pair.status == "paused":
        state = t.CARD_PAUSED.format(until=_paused_until(p))
        button = kit.button(t.RESUME_BUTTON, ids.RESUME_PICK, mid)
    elif p.transition_end is not None:
        state, button = t.CARD_TRANSITION.format(day=day_token(p.transition_end)), None
    elif status == "proposed" and not p.proposed_by_me:
        state, button = t.CARD_CONFIRM, kit.button(t.CONFIRM_BUTTON, ids.AGREEMENT_CONFIRM, mid)
    elif status in ("none", "changes"):
        state, button = t.CARD_SET_UP, kit.button(t.SET_UP_BUTTON, ids.AGREEMENT_OPEN, mid)
    elif status == "proposed":
        state, button = t.CARD_WAITING, None
    else:
        if p.open_check_in:
            state = t.CARD_CHECK_IN
        elif p.next_meeting_on is not None:
            state = t.CARD_NEXT.format(day=day_token(p.next_meeting_on))
        else:
            state = t.CARD_NO_MEETING
        button = kit.button(t.LOG_BUTTON, ids.HOME_LOG, mid)
    parts = [state]
    if status == "agreed":
        parts.append(f"{_cadence(p.pair.cadence)} until {_day(p.pair.end_date)}")
    if p.items:
        parts.append(plural(len(p.items), "open item"))
    if p.goals:
        parts.append(plural(len(p.goals), "goal"))
    text = t.CARD.format(partner=_who(p.partner), role=t.CARD_ROLE[p.my_role], status=" · ".join(parts))
    if p.transition_end is not None:
        return kit.section(text)
    return kit.section(text, accessory=button) if button else kit.section(text)


# -- requests, history, profile ------------------------------------------------------------------
def _received(requests: Sequence[RequestInfo], lead: bool) -> list[Block]:
    """Requests waiting for the person's answer: Accept and Decline each (the first primary if it leads)."""
    blocks: list[Block] = []
    if len(requests) > 1:
        blocks.append(kit.section(t.REQUEST_IN_MORE.format(count=plural(len(requests), "request"))))
    for index, request in enumerate(requests[:MAX_REQUESTS]):
        blocks.append(
            kit.section(
                (t.REQUEST_IN if lead else t.REQUEST_IN_BELOW).format(
                    mentee=mention(request.mentee.slack_user_id),
                    sent=day_token(request.created_at.date()),
                    message=esc(clip(request.message, 400)).replace("\n", "\n>"),
                )
            )
        )
        value = str(request.request_id)
        blocks.append(
            kit.actions(
                _button(t.ACCEPT_BUTTON, ids.REQUEST_ACCEPT, value, primary=lead and index == 0),
                _button(t.DECLINE_BUTTON, ids.REQUEST_DECLINE, value),
                block_id=f"home_request_{request.request_id}",
            )
        )
    return blocks


def _sent(requests: Sequence[RequestInfo]) -> list[Block]:
    """The person's own requests, waiting for mentors' answers."""
    if not requests:
        return []
    if len(requests) == 1:
        r = requests[0]
        return [
            kit.section(
                t.REQUEST_OUT.format(
                    mentor=mention(r.mentor.slack_user_id),
                    sent=day_token(r.created_at.date()),
                    expires=time_token(r.expires_at),
                )
            )
        ]
    lines = [
        t.REQUEST_OUT_LINE.format(
            mentor=mention(r.mentor.slack_user_id),
            sent=day_token(r.created_at.date()),
            expires=time_token(r.expires_at),
        )
        for r in requests[:MAX_REQUESTS]
    ]
    return [kit.section(t.REQUEST_OUT_MORE + "\n" + "\n".join(lines))]


def _achieved(count: int) -> str:
    return t.GOALS_ACHIEVED.format(count=plural(count, "goal")) if count else "no goals recorded"


def _profile(view: HomeView, with_edit: bool) -> list[Block]:
    profile = view.profile
    assert profile is not None  # noqa: S101 - only called for people in the program
    topics = ""
    if view.is_mentor:
        topics += t.PROFILE_OFFERS.format(topics=topics_text(list(profile.offers)))
    if view.is_mentee:
        topics += t.PROFILE_WANTS.format(topics=topics_text(list(profile.wants)))
    formats = ", ".join(PROFILE_FORMATS.get(f, f).lower() for f in profile.formats)
    prefs = t.PROFILE_PREFS.format(
        cadence=_cadence(profile.cadence),
        formats=f" ({esc(formats)})" if formats else "",
        zone=esc(profile.timezone),
    )
    if view.is_mentor:
        prefs += t.PROFILE_SEATS.format(count=plural(profile.capacity, "mentee"))
    if profile.paused_until is not None:
        prefs += t.PROFILE_PAUSED.format(day=day_token(profile.paused_until))
    text = t.PROFILE.format(role=t.ROLE_LABELS.get(profile.role or "", ""), topics=topics, prefs=prefs)
    accessory = kit.button(t.EDIT_BUTTON, ids.PROFILE_OPEN, "edit") if with_edit else None
    return [kit.section(text, accessory=accessory)]


# -- the lead when no mentorship leads -----------------------------------------------------------
def _no_pair_lead(view: HomeView) -> tuple[list[Block], bool]:
    """The lead without a live mentorship, by state; True when it offers the profile's Edit button.

    The first button is primary unless the person waits on someone else (their own request), or a
    request to them leads with its own primary Accept.
    """
    profile = view.profile
    assert profile is not None  # noqa: S101 - only called for people in the program
    stage = view.stage
    blocks: list[Block] = []
    buttons: list[dict[str, Any]] = []
    recent = view.past[0] if view.past else None
    if recent is not None and stage in (Stage.RECENTLY_ENDED, Stage.ENDED):
        partner = _who(recent.partner)
        goals = _achieved(recent.goals_achieved)
        text = t.ENDED.format(
            partner=partner, day=_day(recent.ended_on), goals=goals[:1].upper() + goals[1:] + "."
        )
        if recent.within_grace and recent.thanked:
            text += "\n" + t.ENDED_THANKED.format(partner=partner)
        elif recent.within_grace:
            text += "\n" + t.ENDED_THANK.format(partner=partner)
            name = recent.partner.name.split(" ")[0] if recent.partner.name else "them"
            buttons.append(
                _button(
                    t.THANK_BUTTON.format(name=clip(name, 40)), ids.HOME_FEEDBACK, str(recent.mentorship_id)
                )
            )
        blocks.append(kit.section(text))
    blocks += _sent(view.sent)
    if view.is_mentee and not view.has_mentor:
        if view.sent:
            if len(view.sent) < MAX_PENDING_REQUESTS:
                buttons.append(_button(t.FIND_MORE_BUTTON, ids.HOME_FIND, "find"))
        elif recent is None:
            blocks.append(kit.section(t.MENTEE_WAITING))
            buttons.append(_button(t.FIND_BUTTON, ids.HOME_FIND, "find"))
        else:
            buttons.append(_button(t.FIND_NEW_BUTTON, ids.HOME_FIND, "find"))
    edit_here = False
    if view.is_mentor and not view.received and not view.pairs:
        if view.free_seats:
            offers = topics_text(list(profile.offers))
            blocks.append(
                kit.section(t.MENTOR_WAITING.format(seats=plural(view.free_seats, "seat"), offers=offers))
            )
        else:
            blocks.append(kit.section(t.MENTOR_FULL))
        if not buttons:
            buttons.append(_button(t.MENTOR_EDIT_BUTTON, ids.PROFILE_OPEN, "edit"))
            edit_here = True
    if buttons and not view.sent and not view.received:
        buttons[0]["style"] = "primary"
    if buttons:
        blocks.append(kit.actions(*buttons))
    return blocks, edit_here


def build_home(view: HomeView, *, admin: bool = False, extra: Sequence[Block] = ()) -> dict[str, Any]:
    """Build a person's Home tab (`extra`: features' own sections, after the mentorships; a primary
    style in them is dropped, so the lead's button stays the only one)."""
    blocks: list[Block] = [kit.header(view.program)]
    if view.stage is Stage.LEFT:
        blocks += [
            kit.section(t.LEFT),
            kit.actions(
                _button(t.REJOIN_BUTTON, ids.PROFILE_OPEN, "join", primary=True),
                _button(t.HELP_BUTTON, ids.HOME_HELP, "help"),
            ),
        ]
        return kit.home(blocks)
    if view.stage is Stage.NEWCOMER or view.profile is None:
        blocks += [
            kit.section(t.WELCOME.format(program=esc(view.program))),
            kit.actions(
                _button(t.JOIN_BUTTON, ids.PROFILE_OPEN, "join", primary=True),
                _button(t.HELP_BUTTON, ids.HOME_HELP, "help"),
            ),
        ]
        return kit.home(blocks)
    blocks.append(kit.context(_greeting(view) or ""))
    # Where the person stands, in the same words as every other door (handlers/slack/states).
    blocks.append(kit.section(t.STATE.format(state=state_text(view.journey))))
    # The mentorship the person's state is about leads (the read model puts it first).
    leader = view.pairs[0] if view.pairs and view.journey.live else None
    edit_in_lead = False
    if leader is not None:
        mentee_without_goal = leader.my_role == "mentee" and not leader.goals and not leader.goals_achieved
        blocks += _pair_lead(leader, mentee_without_goal)
        blocks += _items(leader)
        blocks += _goals(leader)
        blocks += _received(view.received, lead=False)
    else:
        blocks += _received(view.received, lead=True)
        lead, edit_in_lead = _no_pair_lead(view)
        blocks += lead
    others = sorted((p for p in view.pairs if p is not leader), key=lambda p: (_urgency(p), p.pair.id))
    if others:
        heading = t.OTHERS_MENTEES if all(p.my_role == "mentor" for p in others) else t.OTHERS
        blocks += [kit.divider(), kit.section(heading)]
        blocks += [_card(p) for p in others[:MAX_CARDS]]
    if leader is not None:
        blocks += _sent(view.sent)
        if view.is_mentee and not view.has_mentor and not view.sent:
            find = kit.button(t.FIND_BUTTON, ids.HOME_FIND, "find")
            blocks.append(kit.section(t.ALSO_MENTEE, accessory=find))
    blocks += [_without_primary(b) for b in extra]
    history = history_blocks(view.journey)  # the same history as `/mentor status` and `/mentor goals`
    if history:
        blocks += [kit.divider(), *history]
    blocks.append(kit.divider())
    blocks += _profile(view, with_edit=not edit_in_lead)
    if admin:
        blocks.append(kit.context(t.ADMIN))
    blocks.append(kit.context(t.FOOTER))
    return kit.home(blocks)


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def load_line(load: MentorLoad | None) -> str | None:
    """A mentor's load across programs, with the workspace cap when there is one."""
    if load is None:
        return None
    spread = f"{load.programs} {'program' if load.programs == 1 else 'programs'}"
    if load.cap is not None and load.programs <= 1:
        return t.LOAD_ONE_CAP.format(mentees=_people(load.mentees), cap=load.cap)
    if load.programs <= 1:
        return None
    if load.cap is not None:
        return t.LOAD_CAP.format(mentees=_people(load.mentees), programs=spread, cap=load.cap)
    return t.LOAD.format(mentees=_people(load.mentees), programs=spread)


# Buttons whose action belongs to one program: their value names it ("<value>:<program id>").
PROGRAM_BUTTONS = frozenset({ids.PROFILE_OPEN, ids.HOME_FIND})


def _in_program(block: Block, program_id: int) -> Block:
    """The block with its program-bound buttons naming the program (the click checks it)."""

    def tag(element: dict[str, Any]) -> dict[str, Any]:
        if element.get("action_id") in PROGRAM_BUTTONS and "value" in element:
            return {**element, "value": f"{str(element['value']).split(':')[0]}:{program_id}"}
        return element

    out = dict(block)
    if isinstance(out.get("accessory"), dict):
        out["accessory"] = tag(out["accessory"])
    if isinstance(out.get("elements"), list):
        out["elements"] = [tag(e) if isinstance(e, dict) else e for e in out["elements"]]
    return out


def build_own_home(section: Sequence[Block], *, admin: bool = False) -> dict[str, Any]:
    """Build the Home of someone in one program whose format draws its own section (circles)."""
    tail: list[Block] = [kit.context(t.ADMIN)] if admin else []
    tail.append(kit.context(t.FOOTER))
    return kit.home([*list(section)[: MAX_HOME_BLOCKS - len(tail)], *tail])


def _greeting(view: HomeView) -> str | None:
    """The greeting a program's section opens with (None for someone not in it)."""
    if view.profile is None:
        return None
    name = esc(view.profile.name.split(" ")[0]) if view.profile.name else "there"
    return t.GREETING.format(name=name)


def _is_greeting(block: Block, view: HomeView) -> bool:
    elements = block.get("elements") or [{}]
    return block.get("type") == "context" and elements[0].get("text") == _greeting(view)


def build_program_homes(
    homes: Sequence[tuple[int | None, HomeView, Sequence[Block]]],
    load: MentorLoad | None,
    *,
    admin: bool = False,
    own: Mapping[int, Sequence[Block]] | None = None,
) -> dict[str, Any]:
    """Build the Home of someone in several programs: one section per program (its name as the
    header, that program's state, next step, pairs, goals), their load across programs first.
    Each program gets an equal share of Slack's 100 blocks; a cut section says where the rest is."""
    top: list[Block] = [kit.context(t.PROGRAMS_INTRO.format(count=len(homes)))]
    line = load_line(load)
    if line:
        top.append(kit.section(line))
    tail: list[Block] = [kit.context(t.ADMIN)] if admin else []
    tail.append(kit.context(t.FOOTER))
    share = max(4, (MAX_HOME_BLOCKS - len(top) - len(tail)) // max(1, len(homes)))
    blocks = list(top)
    for position, (program_id, view, extra) in enumerate(homes):
        drawn = (own or {}).get(program_id) if program_id is not None else None
        own_blocks = [
            b
            for b in (list(drawn) if drawn is not None else build_home(view, extra=extra)["blocks"])
            if b.get("type") != "context" or b.get("elements", [{}])[0].get("text") not in (t.FOOTER, t.ADMIN)
        ]
        if position:  # one greeting at the top is enough
            own_blocks = [kit.divider(), *(b for b in own_blocks if not _is_greeting(b, view))]
        if len(own_blocks) > share:
            own_blocks = [
                *own_blocks[: share - 1],
                kit.context(t.MORE_IN_PROGRAM.format(key=esc(view.program_key))),
            ]
        blocks += [_in_program(b, program_id) if program_id is not None else b for b in own_blocks]
    return kit.home([*blocks[: MAX_HOME_BLOCKS - len(tail)], *tail])
