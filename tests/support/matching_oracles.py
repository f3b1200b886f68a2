"""Test-only matching oracles: the naive greedy baseline the solver is checked against.

Best-scoring pair first, then the next that still fits: simple enough to trust on small inputs,
so the tests compare the solver's proposals (and its candidate arcs) with it. Not used by the bot.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

from bot.domain.matching.rules import (
    History,
    MatchProposal,
    MatchWeights,
    Participant,
    assemble_proposal,
    constraint_violation,
    is_topic_candidate,
    manager_map,
    score_pair,
    summarise_candidates,
    topic_fit,
)


def greedy_assign(
    ordered_arcs: Iterable[tuple[int, int, int]],
    free: Mapping[int, int],
) -> dict[int, int]:
    """Take (score, mentee id, mentor id) arcs best first; keep each that still fits."""
    left = {mentor_id: places for mentor_id, places in free.items() if places > 0}
    remaining = sum(left.values())
    assignment: dict[int, int] = {}
    for _, mentee_id, mentor_id in ordered_arcs:
        if remaining == 0:
            break
        if mentee_id in assignment or left.get(mentor_id, 0) <= 0:
            continue
        assignment[mentee_id] = mentor_id
        left[mentor_id] -= 1
        remaining -= 1
    return assignment


def candidate_pairs(
    mentees: Iterable[Participant],
    mentors: Collection[Participant],
    history: History,
    managers: Mapping[str, str | None],
    weights: MatchWeights,
    now: datetime,
) -> list[tuple[int, int, int]]:
    """Return (score, mentee id, mentor id) for every allowed pair with enough topic fit."""
    arcs: list[tuple[int, int, int]] = []
    for mentee in mentees:
        for mentor in mentors:
            if not is_topic_candidate(topic_fit(mentee.wants, mentor.offers)[0], weights):
                continue
            if constraint_violation(mentee, mentor, history, managers, now) is not None:
                continue
            score = score_pair(mentee, mentor, weights, now).score
            arcs.append((score, mentee.person_id, mentor.person_id))
    return arcs


def greedy_matches(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    history: History,
    weights: MatchWeights,
    now: datetime,
    managers: Mapping[str, str | None] | None = None,
) -> MatchProposal:
    """Match the best-scoring pair first, then the next, the naive baseline (small inputs)."""
    chain = managers if managers is not None else manager_map([*mentees, *mentors])
    arcs = candidate_pairs(mentees, mentors, history, chain, weights, now)
    arcs.sort(key=lambda arc: (-arc[0], arc[1], arc[2]))
    assignment = greedy_assign(arcs, {m.person_id: m.free_capacity for m in mentors})
    return assemble_proposal(
        mentees,
        mentors,
        assignment,
        lambda mentee: summarise_candidates(mentee, mentors, history, chain, weights, now),
        weights,
        now,
    )
