"""Words people read: first names, plurals, one date format, labels, and what points where."""

from __future__ import annotations

import json
from datetime import date
from types import ModuleType, SimpleNamespace

import pytest

from bot.cli.match import human_text
from bot.domain.smart import review_goal
from bot.services.pairing.outcomes import PersonCard, Suggestion
from bot.services.scheduling.answers import TransitionResult
from handlers.admin import texts as admin_texts
from handlers.checkins.blocks import build_answered, build_message, transition_notes, transition_stale_note
from handlers.enrollment.blocks import build_invite, build_profile_summary
from handlers.feedback import texts as feedback_texts
from handlers.goals import texts as goal_texts
from handlers.goals.blocks import build_goal_modal
from handlers.lifecycle import texts as lifecycle_texts
from handlers.pairing import texts as pairing_texts
from handlers.pairing.blocks import build_next_suggestion, build_round, build_suggestion, round_fallback
from handlers.privacy import texts as privacy_texts
from handlers.sessions import texts as session_texts
from handlers.slack import ids
from handlers.slack.format import first_name
from handlers.slack.help import build_help


def _text(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks)


@pytest.mark.parametrize(
    ("name", "display", "greeting"),
    [
        ("Ada Lovelace", None, "Ada"),
        ("Ada Lovelace", "Ada L.", "Ada L."),
        ("  ", "", "there"),
        (None, None, "there"),
        ("<b>Bo</b> Chen", None, "&lt;b&gt;Bo&lt;/b&gt;"),
    ],
)
def test_first_name_greets_by_display_name_or_first_word(
    name: str | None, display: str | None, greeting: str
) -> None:
    assert first_name(name, display) == greeting


def test_the_welcome_after_joining_greets_by_first_name() -> None:
    person = SimpleNamespace(
        name="Ada Lovelace",
        role="mentor",
        offers=["python"],
        capacity=2,
        wants=[],
        reasons=[],
        cadence="biweekly",
        formats=["video"],
        department="",
        timezone="Europe/London",
        intro="",
    )
    text = _text(build_profile_summary(person, first=True))
    assert "Welcome to the program, Ada!" in text and "Ada Lovelace!" not in text


@pytest.mark.parametrize("choice", ["extend", "continue"])
def test_the_partner_hears_a_transition_choice_in_plain_grammar(choice: str) -> None:
    result = TransitionResult(choice=choice, end_date=date(2027, 7, 1), cadence="monthly", partner="U0LIN")
    told = transition_notes(result, "U0KAI")[2]
    assert "informally your" not in told and "your mentorship. " not in told.replace(
        "extend your mentorship. ", ""
    )
    assert told.startswith(
        "<@U0KAI> chose to extend your mentorship."
        if choice == "extend"
        else "<@U0KAI> chose to continue informally."
    )


def test_a_stale_transition_press_names_the_partner_once() -> None:
    result = TransitionResult(
        choice="conclude",
        end_date=date(2027, 4, 6),
        cadence="biweekly",
        partner="U0BO",
        already=True,
        chosen_by="U0BO",
    )
    note = transition_stale_note(result, "U0ADA", date(2027, 3, 23))
    assert note.count("<@U0BO>") == 1 and "so your mentorship ends on" in note


def test_the_invitation_greets_by_first_name() -> None:
    text = _text(build_invite("Ada Lovelace"))
    assert "Hi Ada, welcome!" in text and "Lovelace" not in text


@pytest.mark.parametrize(
    "module", [pairing_texts, feedback_texts, session_texts, privacy_texts, lifecycle_texts, admin_texts]
)
def test_no_label_types_optional_slack_already_marks_it(module: ModuleType) -> None:
    typed = [name for name, value in vars(module).items() if isinstance(value, str) and "(optional)" in value]
    assert typed == []


def test_the_goal_coach_points_at_the_fields_below_it() -> None:
    review = review_goal("Get better at things", "", None, date(2026, 3, 2))
    modal = build_goal_modal([], 1, None, review=review)
    blocks = [json.dumps(b) for b in modal["blocks"]]
    footer = next(i for i, b in enumerate(blocks) if goal_texts.GOAL_COACH_FOOTER[:20] in b)
    title = next(i for i, b in enumerate(blocks) if ids.GOAL_TITLE in b)
    assert (
        footer < title
        and "below" in goal_texts.GOAL_COACH_FOOTER
        and "above" not in goal_texts.GOAL_COACH_FOOTER
    )
    assert "below" in feedback_texts.FEEDBACK_COACH_FOOTER


def test_the_digest_writes_counts_and_its_week_for_people() -> None:
    payload = {"week": "2026-W10", "active_pairs": 1, "sessions_logged": 1, "checkins_sent": 0}
    text, blocks = build_message("digest", payload, 1)
    assert text == "Weekly mentorship digest: 1 active pair, 1 session logged."
    shown = _text(blocks)
    assert "W10" not in shown and "W10" not in text  # a period key never reaches people
    assert "|Mon 2 Mar 2026>" in shown and "<!date^" in shown
    text, _ = build_message("digest", {**payload, "active_pairs": 2, "sessions_logged": 0}, 1)
    assert text == "Weekly mentorship digest: 2 active pairs, 0 sessions logged."


def test_scheduled_messages_write_days_as_date_tokens() -> None:
    _, blocks = build_message("goal_reminder", {"title": "Talk", "target_date": "2026-05-15"}, 1)
    assert "<!date^1778846400^{date_short}|Fri 15 May 2026>" in _text(blocks)
    _, blocks = build_message("transition", {"mentorship_id": 3, "end_date": "2026-03-30"}, 1)
    assert "|Mon 30 Mar 2026>" in _text(blocks) and "due to end on 2026-03-30" not in _text(blocks)


def test_find_and_the_next_suggestion_name_a_mentor_by_mention_alone() -> None:
    card = PersonCard(
        person_id=1,
        slack_user_id="U0LIN",
        name="Linus Torvalds",
        role="mentor",
        offers=("linux",),
        wants=(),
        reasons=(),
        department=None,
        timezone="Europe/Helsinki",
        cadence="biweekly",
        formats=("video",),
        intro="",
    )
    suggestion = Suggestion(mentor=card, score=820, reasons=("You both care about linux",))
    for shown in (_text(build_suggestion(suggestion)), _text(build_next_suggestion(suggestion))):
        assert "<@U0LIN>" in shown and "Linus Torvalds" not in shown and "(<@" not in shown


def test_a_round_names_people_by_mention_alone_and_counts_in_words() -> None:
    proposal = {
        "pairs": [
            {
                "mentee": "U0MAYA",
                "mentee_name": "Maya Patel",
                "mentor": "U0ADA",
                "mentor_name": "Ada Lovelace",
                "score": 80,
                "reasons": ["Shared topics"],
            }
        ],
        "unmatched": [{"mentee": "U0BO", "mentee_name": "Bo Chen", "reason": "no mentor free"}],
        "mentees": 1,
        "mentors": 1,
    }
    shown = _text(build_round(7, proposal))
    assert "Maya Patel" not in shown and "(<@" not in shown and "<@U0MAYA>" in shown
    assert "*1 pair* proposed" in shown and "*1 mentee* unmatched" in shown
    assert "1 mentee and 1 available mentor considered" in shown
    assert round_fallback(proposal) == "Matching round proposal: 1 pair, 1 mentee unmatched."
    assert human_text(proposal, "").startswith("1 pair, 1 unmatched (1 mentee, 1 available mentor).")


def test_round_with_everyone_matched_says_so_instead_of_counting_zero() -> None:
    proposal = {
        "pairs": [{"mentee": "U0MAYA", "mentor": "U0ADA", "score": 80, "reasons": ["Shared topics"]}],
        "unmatched": [],
        "mentees": 1,
        "mentors": 1,
    }
    shown = _text(build_round(7, proposal))
    assert "0 mentees" not in shown and "everyone matched" in shown
    assert round_fallback(proposal) == "Matching round proposal: 1 pair, everyone matched."


def test_routes_to_the_program_team_offer_the_plain_question_route() -> None:
    from handlers.checkins import texts as checkin_texts
    from handlers.home import texts as home_texts

    for text in (admin_texts.ANNOUNCE_FOOTER, checkin_texts.PARTNER_GONE, home_texts.FOOTER):
        assert "/mentor ask" in text


def test_help_lists_admin_commands_only_for_admins() -> None:
    assert "/mentor admin" not in _text(build_help())
    assert "/mentor admin match" in _text(build_help(admin=True))
    assert "/mentor ask" in _text(build_help())


def test_a_folded_check_in_keeps_the_reflection_button_once_answered() -> None:
    payload = {"mentorship_id": 4, "partner": "U0ADA", "role": "mentee", "reflection": True, "nudge": True}
    text, blocks = build_message("checkin", payload, 9)
    assert "Halfway" in text and "haven't logged" in text  # the notification preview says all of it
    answered = build_answered(blocks, "You skipped this check-in.")
    actions = [e["action_id"] for b in answered if b["type"] == "actions" for e in b["elements"]]
    assert actions == [ids.CADENCE_ADJUST, ids.REFLECTION_OPEN]
    # A reminder ("not yet") of that check-in is only the check-in.
    text, blocks = build_message("checkin_reminder", payload, 10)
    assert "halfway" not in _text(blocks) and "halfway" not in text


def test_pair_health_counts_sessions_in_words_and_never_twice() -> None:
    from bot.domain.program_health import Health
    from bot.services.program_admin.pairs import PairRow
    from handlers.admin.blocks import build_pairs

    def row(reason: str, sessions: int) -> PairRow:
        return PairRow(1, "U0ADA", "Ada", "U0BO", "Bo", "active", Health("on_track", reason), sessions)

    quiet = json.dumps(
        build_pairs([row("24 days since the start, no session logged", 0)]), ensure_ascii=False
    )
    assert "0 sessions" not in quiet and "sessions logged:" not in quiet
    busy = json.dumps(build_pairs([row("last session 3 days ago", 1)]), ensure_ascii=False)
    assert "last session 3 days ago · 1 session logged" in busy


def test_pair_health_summary_agrees_its_verb_with_the_count() -> None:
    from bot.domain.program_health import Health
    from bot.services.program_admin.pairs import PairRow
    from handlers.admin.blocks import build_pairs

    one = PairRow(1, "U0ADA", "Ada", "U0BO", "Bo", "active", Health("needs_check_in", "quiet"), 0)
    two = PairRow(2, "U0GRACE", "Grace", "U0MAYA", "Maya", "active", Health("needs_check_in", "quiet"), 0)
    assert "*1* needs a check-in" in json.dumps(build_pairs([one]), ensure_ascii=False)
    assert "*2* need a check-in" in json.dumps(build_pairs([one, two]), ensure_ascii=False)
