"""Tests for bot.domain.smart: the SMART review, goal dates and milestone parsing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.smart import (
    DATE_PAST,
    DATE_TOO_FAR,
    MAX_MILESTONES,
    NO_DATE,
    NOT_MEASURABLE,
    TOO_BROAD,
    TOO_SHORT,
    VAGUE_MILESTONE,
    VAGUE_VERB,
    SmartIssue,
    SmartReview,
    add_months,
    parse_milestones,
    review_goal,
    validate_goal_dates,
)

TODAY = date(2026, 3, 10)
SOON = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("goal", "measure", "target", "codes"),
    [
        # Good goals: something to count or finish, a date within a year.
        (
            "Complete a leadership course and apply two new practices in my role",
            "",
            SOON,
            (),
        ),
        ("Give a talk at the internal tech meetup", "", SOON, ()),
        ("Publish two blog posts about our search architecture", "", SOON, ()),
        ("Pass the AWS Solutions Architect exam", "", date(2027, 3, 10), ()),
        ("Improve test coverage of the billing service to 80%", "", SOON, ()),
        ("Get better at SQL reviews", "Write 10 queries without help", SOON, ()),
        ("Ship the onboarding checklist to new hires", "", date(2026, 3, 11), ()),
        ("Run a workshop on code review for my team", "", SOON, ()),
        ("Mentor one junior engineer through their first release", "", SOON, ()),
        # Vague verbs with nothing to count.
        ("improve my leadership skills", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        ("Get better at public speaking", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        ("Learn more about Kubernetes", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        ("Work on my communication with stakeholders", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        ("Be more confident in meetings", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        ("Understand the billing system", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        ("Develop my career in data", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        # A feeling is not a measure, even next to a deliverable word.
        (
            "Get better at presenting",
            "I feel confident presenting",
            SOON,
            (NOT_MEASURABLE, VAGUE_VERB),
        ),
        ("Improve my writing", "feel better about it", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        # Years are dates, not counts.
        ("Improve my Python skills by 2027", "", SOON, (NOT_MEASURABLE, VAGUE_VERB)),
        # No vague verb, still nothing to count.
        ("Become a staff engineer at the company", "", SOON, (NOT_MEASURABLE,)),
        # Dates.
        ("Give a talk at the internal tech meetup", "", None, (NO_DATE,)),
        ("Give a talk at the internal tech meetup", "", TODAY, (DATE_PAST,)),
        ("Give a talk at the internal tech meetup", "", date(2025, 12, 1), (DATE_PAST,)),
        ("Give a talk at the internal tech meetup", "", date(2027, 3, 11), (DATE_TOO_FAR,)),
        # Length and breadth.
        ("Rust", "ship 2 services", SOON, (TOO_SHORT,)),
        ("Learn Go", "", SOON, (NOT_MEASURABLE, TOO_SHORT)),
        ("Master everything about frontend development", "ship 3 features", SOON, (TOO_BROAD,)),
        (
            "Read 5 books and write 2 posts and give a talk and run a workshop",
            "",
            SOON,
            (TOO_BROAD,),
        ),
        ("improve my leadership skills", "", None, (NOT_MEASURABLE, VAGUE_VERB, NO_DATE)),
    ],
)
def test_review_goal_flags(goal: str, measure: str, target: date | None, codes: tuple[str, ...]) -> None:
    review = review_goal(goal, measure, target, TODAY)
    assert review.codes == codes
    assert review.ok is (not codes)
    assert (review.hint is None) is review.ok
    assert all(issue.message for issue in review.issues)
    assert review_goal(goal, measure, target, TODAY) == review


def test_issue_messages_speak_to_the_writer() -> None:
    review = review_goal("improve", "", None, TODAY)
    assert review.codes == (NOT_MEASURABLE, VAGUE_VERB, NO_DATE, TOO_SHORT)
    for issue in review.issues:
        assert "you" in issue.message.lower()
        assert issue.message[0].isupper() or issue.message[0] == '"'


@pytest.mark.parametrize(
    ("goal", "measure", "target", "hint"),
    [
        (
            "improve my leadership skills",
            "",
            date(2027, 1, 20),
            'Try: "Complete a leadership course and apply two new practices in my role by January 2027"',
        ),
        (
            "improve my leadership skills",
            "",
            None,
            'Try: "Complete a leadership course and apply two new practices in my role by June 2026"',
        ),
        (
            "Get better at public speaking",
            "",
            SOON,
            'Try: "Complete a public speaking course and apply two new practices in my role by June 2026"',
        ),
        (
            "Learn more about Kubernetes",
            "",
            SOON,
            'Try: "Complete a Kubernetes course and share three things I learned with my team by June 2026"',
        ),
        (
            "Improve my API design skills",
            "",
            SOON,
            'Try: "Complete an API design course and apply two new practices in my role by June 2026"',
        ),
        (
            "improve my ability to give feedback to my reports",
            "",
            SOON,
            'Try: "Complete a course on how to give feedback to my reports and apply two new '
            'practices in my role by June 2026"',
        ),
        (
            "Be more confident in meetings",
            "",
            SOON,
            'Try: "Pick two situations where I want to be more confident in meetings, try one '
            'new approach in each and review them with my mentor by June 2026"',
        ),
        (
            "Give a talk at the internal tech meetup",
            "",
            None,
            'Try: "Give a talk at the internal tech meetup by June 2026"',
        ),
        (
            "Give a talk at the internal tech meetup by next year",
            "",
            date(2027, 6, 1),
            'Try: "Give a talk at the internal tech meetup by June 2026"',
        ),
        (
            "Read 5 books and write 2 posts and give a talk and run a workshop",
            "",
            SOON,
            'Try starting with just one part: "Read 5 books by June 2026"',
        ),
        (
            "Master everything about frontend development",
            "ship 3 features",
            SOON,
            'Try: "Complete one frontend development project and present it to my team by June 2026"',
        ),
    ],
)
def test_review_goal_hint_rewrites_the_goal(goal: str, measure: str, target: date | None, hint: str) -> None:
    assert review_goal(goal, measure, target, TODAY).hint == hint


def test_leadership_hint_names_a_course_and_a_month() -> None:
    hint = review_goal("improve my leadership skills", "", None, TODAY).hint
    assert hint is not None
    assert "leadership course" in hint
    assert "June 2026" in hint  # three months after 10 March 2026


def test_vague_milestone_is_flagged_with_its_own_hint() -> None:
    review = review_goal("Ship the search v2 release", "", SOON, TODAY, ["Draft outline", "Work on slides"])
    assert review.issues == (
        SmartIssue(
            VAGUE_MILESTONE,
            'Milestone 2 ("Work on slides") is hard to check off. Say what you\'ll have '
            "finished when it's done.",
        ),
    )
    assert review.hint == 'Try: "Finish a first version of slides" instead of "Work on slides"'


def test_review_ok_property() -> None:
    assert SmartReview(issues=(), hint=None).ok
    assert not SmartReview(issues=(SmartIssue(NO_DATE, "Add a date."),), hint=None).ok


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 10), 12, date(2027, 3, 10)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 10), -3, date(2025, 12, 10)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


# --- goal dates ----------------------------------------------------------------------------

END = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("target", "mentorship_end", "milestone_dates", "errors"),
    [
        (SOON, END, [], []),
        (SOON, None, [date(2026, 4, 1), None, SOON], []),
        (END, END, [TODAY], []),
        (TODAY, END, [], [("target", "Pick a target date after today.")]),
        (date(2026, 1, 1), END, [], [("target", "Pick a target date after today.")]),
        (
            date(2026, 10, 1),
            END,
            [],
            [
                (
                    "target",
                    "Your mentorship ends on Tue 1 Sep 2026. Pick a date on or before then, "
                    "or extend the mentorship first if you need more time.",
                )
            ],
        ),
        (
            SOON,
            END,
            [date(2026, 3, 9), date(2026, 7, 1)],
            [
                (
                    "milestones",
                    "Milestone 1 is dated Mon 9 Mar 2026, which has passed. Pick today or a later date.",
                ),
                (
                    "milestones",
                    "Milestone 2 (Wed 1 Jul 2026) is after your target date (Tue 30 Jun 2026). Move "
                    "it on or before the target.",
                ),
            ],
        ),
    ],
)
def test_validate_goal_dates(
    target: date,
    mentorship_end: date | None,
    milestone_dates: list[date | None],
    errors: list[tuple[str, str]],
) -> None:
    assert validate_goal_dates(target, TODAY, mentorship_end, milestone_dates) == errors


def test_extension_is_offered_when_target_passes_the_end() -> None:
    errors = validate_goal_dates(date(2026, 12, 1), TODAY, END, [])
    assert [field for field, _ in errors] == ["target"]
    assert "extend the mentorship" in errors[0][1]


# --- milestones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("\n  \n", []),
        ("Draft outline", [("Draft outline", None)]),
        ("Draft outline - 2027-01-15", [("Draft outline", date(2027, 1, 15))]),
        ("Draft outline by 2027-01-15", [("Draft outline", date(2027, 1, 15))]),
        ("Draft outline (15 Jan 2027)", [("Draft outline", date(2027, 1, 15))]),
        ("Draft outline: January 15, 2027", [("Draft outline", date(2027, 1, 15))]),
        ("Draft outline due 15th of January 2027", [("Draft outline", date(2027, 1, 15))]),
        ("Draft outline \u2013 15 Sept 2026", [("Draft outline", date(2026, 9, 15))]),
        ("Draft outline 2026/04/01", [("Draft outline 2026/04/01", None)]),
        ("Draft outline 2026-04-01", [("Draft outline", date(2026, 4, 1))]),
        # Without a year: the next such day on or after today.
        ("Draft outline by 15 Jan", [("Draft outline", date(2027, 1, 15))]),
        ("Draft outline by 10 March", [("Draft outline", date(2026, 3, 10))]),
        ("Draft outline by 29 Feb", [("Draft outline", date(2028, 2, 29))]),
        # Bullets are stripped; numbers inside titles stay.
        (
            "- Read 2 books\n* Draft outline by 2026-05-01\n\u2022 Give a talk\n"
            "1. Publish v2\n2) Ship it - 2026-06-01",
            [
                ("Read 2 books", None),
                ("Draft outline", date(2026, 5, 1)),
                ("Give a talk", None),
                ("Publish v2", None),
                ("Ship it", date(2026, 6, 1)),
            ],
        ),
        ("Read chapters 3 - 5", [("Read chapters 3 - 5", None)]),
        ("Ship v2 by Q3", [("Ship v2 by Q3", None)]),
        ("Step 1: draft the plan", [("Step 1: draft the plan", None)]),
        ("Pages 10 - 20 by 2026-05-01", [("Pages 10 - 20", date(2026, 5, 1))]),
        ("Talk to Sam (my manager)", [("Talk to Sam (my manager)", None)]),
    ],
)
def test_parse_milestones(text: str, expected: list[tuple[str, date | None]]) -> None:
    assert parse_milestones(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Draft outline - 2027-02-30", 'Line 1: "2027-02-30" isn\'t a real date'),
        ("Kick-off\nDraft outline by 32 Jan 2027", 'Line 2: "32 Jan 2027" isn\'t a real date'),
        ("Draft outline (15/01/2027)", 'Line 1: "15/01/2027" could be read more than one way'),
        ("Draft outline by 2027", 'Line 1: "2027" could be read more than one way'),
        ("Draft outline - Jan 2027", 'Line 1: I couldn\'t read the date "Jan 2027"'),
        ("Draft outline by 30 Feb", 'Line 1: "30 Feb" isn\'t a real date'),
        ("\n\n - 2027-01-15", "Line 3: add a short description"),
        ("x" * 151, "Line 1: this milestone is 151 characters long"),
    ],
)
def test_parse_milestones_rejects_bad_lines(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        parse_milestones(text, TODAY)


def test_parse_milestones_limits() -> None:
    ten = "\n".join(f"Step {n}" for n in range(1, MAX_MILESTONES + 1))
    assert len(parse_milestones(ten, TODAY)) == MAX_MILESTONES
    assert parse_milestones("x" * 150, TODAY) == [("x" * 150, None)]
    with pytest.raises(ValueError, match="more than 10 milestones"):
        parse_milestones(ten + "\nStep 11", TODAY)


# --- properties ----------------------------------------------------------------------------

goal_words = st.sampled_from(
    ["improve", "my", "leadership", "skills", "and", "ship", "2", "talks", "by", "15 Jan 2027",
     "feel", "better", "work on", "-", "(", ")", ":", "2027-02-30", "everything", "\n", "*"]
)  # fmt: skip
texts = st.one_of(st.text(max_size=200), st.lists(goal_words, max_size=30).map(" ".join))


@settings(max_examples=300, deadline=None, database=None)
@given(
    goal=texts,
    measure=texts,
    target=st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    milestones=st.lists(texts, max_size=3),
)
def test_review_goal_is_total_and_deterministic(
    goal: str, measure: str, target: date | None, milestones: list[str]
) -> None:
    review = review_goal(goal, measure, target, TODAY, milestones)
    assert review == review_goal(goal, measure, target, TODAY, milestones)
    assert (review.hint is None) is review.ok


@settings(max_examples=300, deadline=None, database=None)
@given(text=texts)
def test_parse_milestones_returns_clean_titles_or_a_line_error(text: str) -> None:
    error: ValueError | None = None
    milestones: list[tuple[str, date | None]] = []
    try:
        milestones = parse_milestones(text, TODAY)
    except ValueError as err:
        error = err
    assert error is None or str(error).startswith("Line ")
    assert len(milestones) <= MAX_MILESTONES
    for title, _ in milestones:
        assert title
        assert title == title.strip()
        assert len(title) <= 150
