"""Custom profile questions in matching: each rule's component, the weights beside today's, the
reasons in plain words, and "must match" as a hard constraint the vectorised solver applies too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain.matching.rules import (
    Criterion,
    CriterionRule,
    History,
    MatchWeights,
    Participant,
    Violation,
    constraint_violation,
    criterion_component,
    explain_unmatched,
    score_pair,
    summarise_candidates,
)
from bot.domain.matching.solver import propose_matches, score_candidates

NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
LANGUAGE = Criterion(
    "language",
    "Language",
    CriterionRule.SAME,
    0.3,
    (("es", "Spanish"), ("de", "German"), ("en", "English")),
    "You both speak {answer}",
)
FUNCTION = Criterion(
    "function", "Function", CriterionRule.DIFFERENT, 0.2, (("eng", "Engineering"), ("sales", "Sales"))
)
LEVEL = Criterion(
    "level", "Seniority", CriterionRule.ABOVE, 0.2, (("l1", "Junior"), ("l2", "Mid"), ("l3", "Senior"))
)
SITE = Criterion("site", "Site", CriterionRule.MUST_MATCH, 0.0, (("ber", "Berlin"), ("nyc", "New York")))


def person(pid: int, answers: dict[str, tuple[str, ...]] | None = None, **overrides: Any) -> Participant:
    values: dict[str, Any] = {
        "person_id": pid,
        "slack_user_id": f"U{pid}",
        "name": f"Person {pid}",
        "offers": ("python",),
        "wants": ("python",),
        "department": None,
        "timezone": "UTC",
        "cadence": "biweekly",
        "formats": (),
        "capacity": 1,
        "answers": tuple(sorted((answers or {}).items())),
    }
    values.update(overrides)
    return Participant(**values)


@pytest.mark.parametrize(
    ("criterion", "mentee", "mentor", "expected"),
    [
        (LANGUAGE, ("es",), ("es", "en"), 1.0),
        (LANGUAGE, ("es",), ("de",), 0.0),
        (LANGUAGE, (), ("de",), 0.5),
        (FUNCTION, ("eng",), ("sales",), 1.0),
        (FUNCTION, ("eng",), ("eng",), 0.0),
        (FUNCTION, ("eng",), (), 0.5),
        (LEVEL, ("l1",), ("l3",), 1.0),
        (LEVEL, ("l2",), ("l2",), 0.0),
        (LEVEL, ("l3",), ("l1",), 0.0),
        (LEVEL, ("gone",), ("l1",), 0.5),
        (SITE, ("ber",), ("ber",), 1.0),
        (SITE, ("ber",), ("nyc",), 0.0),
        (SITE, ("ber",), (), 0.5),
    ],
)
def test_each_rule_gives_its_component(
    criterion: Criterion, mentee: tuple[str, ...], mentor: tuple[str, ...], expected: float
) -> None:
    assert criterion_component(criterion, mentee, mentor) == expected


@pytest.mark.parametrize(
    ("criterion", "mentee", "mentor", "reason"),
    [
        (LANGUAGE, ("es", "en"), ("en", "es"), "You both speak Spanish and English"),
        (FUNCTION, ("eng",), ("sales",), "Different function (Engineering, Sales): a wider view"),
        (LEVEL, ("l1",), ("l3",), "Seniority: Senior mentoring Junior"),
        (SITE, ("ber",), ("ber",), "Same site: Berlin"),
        (LANGUAGE, ("es",), ("de",), None),
        (LEVEL, ("l3",), ("l1",), None),
        (SITE, (), ("ber",), None),
    ],
)
def test_reasons_say_how_the_answers_fit(
    criterion: Criterion, mentee: tuple[str, ...], mentor: tuple[str, ...], reason: str | None
) -> None:
    weights = MatchWeights(criteria=(criterion,))
    scored = score_pair(person(1, {criterion.key: mentee}), person(2, {criterion.key: mentor}), weights, NOW)
    extra = [r for r in scored.reasons if criterion.label.casefold() in r.casefold() or "speak" in r]
    assert extra == ([reason] if reason else [])


def test_a_renamed_option_keeps_the_answer_and_shows_the_new_label() -> None:
    renamed = Criterion("language", "Language", CriterionRule.SAME, 0.3, (("es", "Español"),), "")
    scored = score_pair(
        person(1, {"language": ("es",)}),
        person(2, {"language": ("es",)}),
        MatchWeights(criteria=(renamed,)),
        NOW,
    )
    assert "Same language: Español" in scored.reasons


def test_weights_sit_beside_todays_and_move_the_score() -> None:
    plain = MatchWeights()
    steered = MatchWeights(criteria=(LANGUAGE,))
    assert steered.total == pytest.approx(plain.total + 0.3)
    same, other = person(2, {"language": ("es",)}), person(3, {"language": ("de",)})
    mentee = person(1, {"language": ("es",)})
    assert score_pair(mentee, same, plain, NOW).score == score_pair(mentee, other, plain, NOW).score
    assert score_pair(mentee, same, steered, NOW).score > score_pair(mentee, other, steered, NOW).score
    assert score_pair(mentee, same, steered, NOW).components["q:language"] == 1.0
    with pytest.raises(ValueError, match="non-negative"):
        MatchWeights(criteria=(Criterion("x", "X", CriterionRule.SAME, -1.0),))


def test_the_round_prefers_the_same_language_and_scores_agree_with_the_domain() -> None:
    weights = MatchWeights(criteria=(LANGUAGE, FUNCTION, LEVEL))
    mentee = person(1, {"language": ("es",), "function": ("eng",), "level": ("l1",)})
    german = person(2, {"language": ("de",), "function": ("eng",), "level": ("l1",)})
    spanish = person(3, {"language": ("es",), "function": ("sales",), "level": ("l3",)})
    proposal = propose_matches([mentee], [german, spanish], History(), weights, NOW)
    assert [p.mentor.person_id for p in proposal.pairs] == [3]
    assert "You both speak Spanish" in proposal.pairs[0].reasons
    found = score_candidates([mentee], [german, spanish], History(), weights, NOW)
    for column, score in zip(found.mentor_index.tolist(), found.score.tolist(), strict=True):
        assert score == score_pair(mentee, found.mentors[column], weights, NOW).score


def test_must_match_is_a_hard_constraint_with_a_clear_explanation() -> None:
    weights = MatchWeights(criteria=(SITE,))
    mentee = person(1, {"site": ("ber",)})
    elsewhere = person(2, {"site": ("nyc",)})
    unanswered = person(3)
    assert (
        constraint_violation(mentee, elsewhere, History(), {}, NOW, weights.criteria)
        is Violation.REQUIRED_ANSWER
    )
    assert constraint_violation(mentee, elsewhere, History(), {}, NOW) is None  # without the question
    assert constraint_violation(mentee, unanswered, History(), {}, NOW, weights.criteria) is None
    assert propose_matches([mentee], [elsewhere], History(), weights, NOW).pairs == ()
    summary = summarise_candidates(mentee, [elsewhere], History(), {}, weights, NOW)
    assert summary.ruled_out == ((Violation.REQUIRED_ANSWER, 1),)
    assert "a required answer differs" in explain_unmatched(mentee, summary)
    proposal = propose_matches([mentee], [elsewhere, unanswered], History(), weights, NOW)
    assert [p.mentor.person_id for p in proposal.pairs] == [3]


def test_a_private_block_reads_only_as_not_possible() -> None:
    mentee = person(1)
    mentor = person(2, blocked=frozenset({"U1"}))
    weights = MatchWeights()
    assert constraint_violation(mentee, mentor, History(), {}, NOW) is Violation.BLOCKED
    assert (
        constraint_violation(
            mentor, person(1, offers=("python",), blocked=frozenset({"U2"})), History(), {}, NOW
        )
        is Violation.BLOCKED
    )
    summary = summarise_candidates(mentee, [mentor], History(), {}, weights, NOW)
    text = explain_unmatched(mentee, summary)
    assert "not possible" in text and "asked" not in text
    assert propose_matches([mentee], [mentor], History(), weights, NOW).pairs == ()


@pytest.mark.parametrize("seed", range(5))
def test_random_pools_with_questions_agree_with_the_domain(seed: int) -> None:
    import random

    rng = random.Random(seed)
    criteria = (LANGUAGE, FUNCTION, LEVEL, SITE)

    def answers() -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        for c in criteria:
            picked = tuple(oid for oid, _ in c.options if rng.random() < 0.4)
            if c.key != "language":
                picked = picked[:1]
            if picked:
                found[c.key] = picked
        return found

    weights = MatchWeights(criteria=criteria)
    mentees = [person(i, answers()) for i in range(1, 25)]
    mentors = [person(i, answers(), capacity=2) for i in range(100, 115)]
    found = score_candidates(mentees, mentors, History(), weights, NOW)
    arcs = {
        (found.mentees[i].person_id, found.mentors[j].person_id): score
        for i, j, score in zip(
            found.mentee_index.tolist(), found.mentor_index.tolist(), found.score.tolist(), strict=True
        )
    }
    for mentee in mentees:
        for mentor in mentors:
            allowed = constraint_violation(mentee, mentor, History(), {}, NOW, criteria) is None
            assert ((mentee.person_id, mentor.person_id) in arcs) == allowed
            if allowed:
                assert (
                    arcs[(mentee.person_id, mentor.person_id)]
                    == score_pair(mentee, mentor, weights, NOW).score
                )
