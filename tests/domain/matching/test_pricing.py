"""The certified optimum: duals of a solved round, pricing excluded pairs, equality with all arcs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.matching import solver
from bot.domain.matching.pricing import CertificateError, assignment_duals, price_block
from bot.domain.matching.rules import History
from bot.domain.matching.solver import (
    propose_certified,
    propose_matches,
    score_candidates,
    solve_assignment,
)
from tests.domain.matching.test_solver import (
    NOW,
    RANDOM_SETTINGS,
    WEIGHTS,
    Instance,
    check_valid,
    exact_objective,
    instances,
    mentee,
    mentor,
    objective,
    random_pool,
)

BIG = 1000 * 3 + 1


@RANDOM_SETTINGS
@given(instances(), st.integers(1, 3))
def test_pruned_rounds_are_certified_exact_optimal(instance: Instance, limit: int) -> None:
    mentees, mentors, history, managers = instance
    proposal, certificate = propose_certified(mentees, mentors, history, WEIGHTS, NOW, managers, limit)
    check_valid(proposal, instance)
    assert certificate.optimal
    assert objective(proposal, len(mentees)) == exact_objective(instance)


@pytest.mark.parametrize(
    ("seed", "n_mentees", "n_mentors", "limit"),
    [
        (1, 60, 25, 1),
        (2, 60, 25, 2),
        (3, 120, 40, 3),
        (4, 300, 220, None),  # above EXACT_SIZE_LIMIT: the default candidates, then pricing
        (5, 400, 250, 5),
        (6, 400, 250, 20),
    ],
)
def test_certified_rounds_equal_the_all_arcs_optimum(
    seed: int, n_mentees: int, n_mentors: int, limit: int | None
) -> None:
    instance = random_pool(seed, n_mentees, n_mentors)
    mentees, mentors, history, managers = instance
    proposal, certificate = propose_certified(mentees, mentors, history, WEIGHTS, NOW, managers, limit)
    every = propose_matches(mentees, mentors, history, WEIGHTS, NOW, managers, len(mentors))
    check_valid(proposal, instance)
    assert certificate.optimal and certificate.pricing_rounds >= 1
    assert (proposal.matched_count, proposal.total_score) == (every.matched_count, every.total_score)
    if n_mentees <= 120:
        assert objective(proposal, len(mentees)) == exact_objective(instance)


def test_pricing_rescores_blocks_when_the_pool_is_too_large_to_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(solver, "SCORE_CACHE_CELLS", 0)
    monkeypatch.setattr(solver, "_CHUNK_CELLS", 1000)  # several blocks
    instance = random_pool(9, 120, 40)
    mentees, mentors, history, managers = instance
    proposal, certificate = propose_certified(mentees, mentors, history, WEIGHTS, NOW, managers, 2)
    check_valid(proposal, instance)
    assert certificate.optimal and certificate.arcs_added > 0
    assert objective(proposal, len(mentees)) == exact_objective(instance)


def test_medium_pools_where_pruning_alone_falls_short_are_fixed_by_pricing() -> None:
    instance = random_pool(8, 120, 40)
    mentees, mentors, history, managers = instance
    kept = score_candidates(mentees, mentors, history, WEIGHTS, NOW, managers, 1)
    free = np.array([m.free_capacity for m in kept.mentors], dtype=np.int64)
    alone = solve_assignment(len(mentees), free, kept.mentee_index, kept.mentor_index, kept.score)
    own = alone[kept.mentee_index] == kept.mentor_index
    pruned_objective = (1000 * len(mentees) + 1) * int((alone >= 0).sum()) + int(kept.score[own].sum())
    assert pruned_objective < exact_objective(instance)
    proposal, certificate = propose_certified(mentees, mentors, history, WEIGHTS, NOW, managers, 1)
    assert certificate.optimal and certificate.arcs_added > 0
    assert objective(proposal, len(mentees)) == exact_objective(instance)


def test_pricing_adds_the_excluded_pair_that_pruning_lost() -> None:
    # Bo fits every mentor equally and keeps Ada and Lin (lower ids); Cy only fits Ada, Di only Ada
    # and Lin. Over the kept arcs one of them waits; the optimum gives Bo to Mo, excluded at first.
    mentors = [
        mentor(10, offers=("python", "go", "sql")),
        mentor(11, offers=("python", "sql")),
        mentor(12, offers=("python",)),
    ]
    mentees = [mentee(1, wants=("python",)), mentee(2, wants=("go",)), mentee(3, wants=("sql",))]
    kept = score_candidates(mentees, mentors, History(), WEIGHTS, NOW, limit=2)
    assert 12 not in {kept.mentors[j].person_id for j in kept.mentor_index.tolist()}
    free = np.ones(3, dtype=np.int64)
    alone = solve_assignment(3, free, kept.mentee_index, kept.mentor_index, kept.score)
    assert int((alone >= 0).sum()) == 2
    proposal, certificate = propose_certified(mentees, mentors, History(), WEIGHTS, NOW, None, 2)
    assert sorted((p.mentee.person_id, p.mentor.person_id) for p in proposal.pairs) == [
        (1, 12),
        (2, 10),
        (3, 11),
    ]
    assert certificate.optimal and certificate.pricing_rounds == 2 and certificate.arcs_added >= 1
    stopped, early = propose_certified(mentees, mentors, History(), WEIGHTS, NOW, None, 2, 0.0)
    assert stopped.matched_count == 2
    assert not early.optimal and early.gap_mentees == 1 and early.gap_score is None


def test_duals_certify_an_optimal_assignment_and_price_the_missing_pair() -> None:
    # Scores: mentee 0 -> mentors 0/1: 900/800, mentee 1 -> mentor 0: 850, mentee 2 -> mentor 1: 700.
    rows = np.array([0, 0, 1, 2], dtype=np.int64)
    cols = np.array([0, 1, 0, 1], dtype=np.int64)
    score = np.array([900, 800, 850, 700], dtype=np.int64)
    free = np.array([1, 1], dtype=np.int64)
    assigned = solve_assignment(3, free, rows, cols, score)
    duals = assignment_duals(free, rows, cols, score, assigned, BIG)
    reduced = BIG + score - duals.u[rows] - duals.v[cols]
    assert (reduced <= 0).all() and (reduced[assigned[rows] == cols] == 0).all()
    assert (duals.u >= 0).all() and (duals.v >= 0).all()
    # A third mentor with room that mentee 2 fits (600) but was not kept: priced in.
    free3 = np.array([1, 1, 1], dtype=np.int64)
    duals3 = assignment_duals(free3, rows, cols, score, assigned, BIG)
    allowed = np.array([[True, True, False], [True, False, False], [False, True, True]])
    scores = np.array([[900, 800, -1], [850, -1, -1], [-1, 700, 600]], dtype=np.int64)
    priced = price_block(slice(0, 3), allowed, scores, duals3, BIG, 5)
    assert list(zip(priced.mentee_index.tolist(), priced.mentor_index.tolist(), strict=True)) == [(2, 2)]
    assert priced.score.tolist() == [600] and priced.gain_bound > 0


def test_duals_refuse_a_suboptimal_assignment() -> None:
    rows = np.array([0, 0, 1], dtype=np.int64)
    cols = np.array([0, 1, 0], dtype=np.int64)
    score = np.array([900, 800, 850], dtype=np.int64)
    free = np.array([1, 1], dtype=np.int64)
    worse = np.array([0, -1], dtype=np.int64)  # mentee 1 waits though 0 -> 1, 1 -> 0 fits both
    with pytest.raises(CertificateError):
        assignment_duals(free, rows, cols, score, worse, BIG)
