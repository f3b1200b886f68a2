"""Global mentor matching: score candidate pairs with numpy, solve with OR-Tools min-cost flow.

The flow network is source -> mentee (capacity 1) -> mentor (capacity 1, cost -(BIG + score))
-> sink (capacity = the mentor's free places), plus a zero-cost mentee -> sink wait-list arc, so
the model is always feasible. BIG exceeds any achievable total score, which makes the objective
lexicographic: first the most matched mentees, then the highest total score. Hard constraints
remove arcs; pairs without topic fit get no arc.

Scoring is vectorised over blocks of mentees (all mentors at once) from small lookup tables built
with the domain functions (topic similarity, working hours per pair of time zones, cadence,
format, department), combined with the same float operations as ``score_pair``, so scores agree
exactly with the domain.

Exact with a certificate: each mentee first keeps at most ``candidates_per_mentee`` allowed
mentors, the best scores first (ties to the lower mentor id); inputs up to ``EXACT_SIZE_LIMIT`` on
both sides keep every candidate. After each solve over the kept arcs, the solution's LP duals
(``pricing.assignment_duals``: a value per mentee and per mentor place) price every excluded
allowed pair; pairs with a positive reduced cost, at most ``PRICED_PER_MENTEE`` per mentee, join
the model and it is solved again, until no pair can improve it: the round is then optimal over all
allowed pairs (the assignment LP is totally unimodular). Pairs removed by hard constraints are
never priced. A time limit may stop pricing early; the certificate then gives the gap. On the
10,000 x 2,000 benchmark (benchmarks/README.md) two pricing rounds reach the exact optimum of the
all-arcs solve in about 3-4 s, against about 10 s and 1.4 GB for all candidate arcs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from bot.domain.matching.pricing import Duals, Priced, assignment_duals, price_block
from bot.domain.matching.rules import (
    MAX_SCORE,
    VIOLATION_ORDER,
    CandidateSummary,
    Criterion,
    History,
    MatchProposal,
    MatchWeights,
    Participant,
    ProposedPair,
    Violation,
    assemble_proposal,
    cadence_component,
    criterion_component,
    department_component,
    format_component,
    history_conflicts,
    hours_component,
    management_chain,
    manager_map,
    match_date,
    required_answer_differs,
    score_pair,
    topic_similarity,
    topic_stems,
)

logger = logging.getLogger(__name__)

DEFAULT_CANDIDATES_PER_MENTEE = 50
EXACT_SIZE_LIMIT = 200
PRICED_PER_MENTEE = 10
SCORE_CACHE_CELLS = 60_000_000
_CHUNK_CELLS = 1_000_000
_CODE = {violation: number for number, violation in enumerate(VIOLATION_ORDER, start=1)}
_PAIR_CODES = len(VIOLATION_ORDER) + 1

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
_K = TypeVar("_K", bound=Hashable)


class MatchingError(RuntimeError):
    """The flow solver did not return an optimal solution."""


@dataclass(frozen=True)
class Candidates:
    """Allowed, scored candidate arcs for sorted mentees and mentors, plus per-mentee summaries.

    ``mentee_index`` and ``mentor_index`` are positions in ``mentees`` and ``mentors``.
    ``pruned[i]`` is True when mentee i had more allowed mentors than were kept.
    """

    mentees: tuple[Participant, ...]
    mentors: tuple[Participant, ...]
    mentee_index: IntArray
    mentor_index: IntArray
    score: IntArray
    summaries: tuple[CandidateSummary, ...]
    pruned: NDArray[np.bool_]


@dataclass(frozen=True)
class _Tables:
    """Per-person codes and lookup tables from which every pair score is gathered."""

    want_index: IntArray
    want_count: FloatArray
    best_similarity: FloatArray
    tables: tuple[tuple[float, IntArray, IntArray, FloatArray], ...]
    # Must-match questions: codes per side and a table, True where both answered and share nothing.
    required: tuple[tuple[IntArray, IntArray, NDArray[np.bool_]], ...] = ()


def _sorted_unique(people: Iterable[Participant], role: str) -> tuple[Participant, ...]:
    ordered = tuple(sorted(people, key=lambda p: p.person_id))
    if len({p.person_id for p in ordered}) != len(ordered):
        msg = f"duplicate person_id among {role}s"
        raise ValueError(msg)
    return ordered


def _codes(values: Sequence[_K]) -> tuple[IntArray, list[_K]]:
    """Return each value's position in the list of distinct values (first seen first)."""
    index: dict[_K, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), np.int64, len(values))
    return codes, list(index)


def _pair_table(
    left: Sequence[_K], right: Sequence[_K], component: Callable[[_K, _K], float]
) -> tuple[IntArray, IntArray, FloatArray]:
    """Return codes for both sides and the component value for every pair of distinct values."""
    left_codes, left_values = _codes(left)
    right_codes, right_values = _codes(right)
    table = np.array(
        [[component(a, b) for b in right_values] for a in left_values], dtype=np.float64
    ).reshape(len(left_values), len(right_values))
    return left_codes, right_codes, table


def _topic_tables(
    mentees: Sequence[Participant], mentors: Sequence[Participant]
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Return wanted-topic slots per mentee, their counts, and mentor x topic best similarity.

    Only topic pairs that are equal or share a word stem are compared (an inverted index), since
    every other pair has similarity 0.
    """
    topic_index: dict[str, int] = {}
    for mentee in mentees:
        for topic in mentee.wants:
            topic_index.setdefault(topic, len(topic_index))
    padding = len(topic_index)
    by_stem: dict[str, list[int]] = {}
    for topic, position in topic_index.items():
        for stem in topic_stems(topic):
            by_stem.setdefault(stem, []).append(position)
    wanted = list(topic_index)
    related: dict[str, tuple[IntArray, FloatArray]] = {}
    best = np.zeros((padding + 1, len(mentors)), dtype=np.float64)
    for column, mentor in enumerate(mentors):
        for offer in mentor.offers:
            if offer not in related:
                stems = topic_stems(offer)
                near = {position for stem in stems for position in by_stem.get(stem, ())}
                if offer in topic_index:
                    near.add(topic_index[offer])
                positions = np.array(sorted(near), dtype=np.int64)
                values = np.array([topic_similarity(wanted[p], offer) for p in positions])
                related[offer] = (positions, values.astype(np.float64))
            positions, values = related[offer]
            best[positions, column] = np.maximum(best[positions, column], values)
    slots = max((len(m.wants) for m in mentees), default=0)
    want_index = np.full((len(mentees), slots), padding, dtype=np.int64)
    for row, mentee in enumerate(mentees):
        want_index[row, : len(mentee.wants)] = [topic_index[t] for t in mentee.wants]
    want_count = np.array([max(1, len(m.wants)) for m in mentees], dtype=np.float64)
    return want_index, want_count, best


def _differs(criterion: Criterion, mentee: Sequence[str], mentor: Sequence[str]) -> float:
    return 1.0 if required_answer_differs(criterion, mentee, mentor) else 0.0


def _build_tables(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    weights: MatchWeights,
    now: datetime,
) -> _Tables:
    on = match_date(now)
    want_index, want_count, best = _topic_tables(mentees, mentors)
    components = (
        (
            weights.hours,
            _pair_table(
                [p.timezone for p in mentees],
                [p.timezone for p in mentors],
                lambda a, b: hours_component(a, b, on),
            ),
        ),
        (
            weights.cadence,
            _pair_table(
                [p.cadence for p in mentees],
                [p.cadence for p in mentors],
                cadence_component,
            ),
        ),
        (
            weights.format,
            _pair_table(
                [p.formats for p in mentees],
                [p.formats for p in mentors],
                format_component,
            ),
        ),
        (
            weights.cross_department,
            _pair_table(
                [p.department for p in mentees],
                [p.department for p in mentors],
                department_component,
            ),
        ),
    )
    questions: list[tuple[float, tuple[IntArray, IntArray, FloatArray]]] = []
    required: list[tuple[IntArray, IntArray, NDArray[np.bool_]]] = []
    for criterion in weights.criteria:
        mentee_answers = [p.answer(criterion.key) for p in mentees]
        mentor_answers = [p.answer(criterion.key) for p in mentors]
        questions.append(
            (
                criterion.weight,
                _pair_table(mentee_answers, mentor_answers, partial(criterion_component, criterion)),
            )
        )
        left, right, differs = _pair_table(mentee_answers, mentor_answers, partial(_differs, criterion))
        if differs.any():
            required.append((left, right, differs > 0))
    return _Tables(
        want_index=want_index,
        want_count=want_count,
        best_similarity=best,
        tables=tuple((weight, *table) for weight, table in (*components, *questions)),
        required=tuple(required),
    )


def _pair_violations(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    history: History,
    managers: Mapping[str, str | None],
    now: datetime,
) -> dict[tuple[int, int], Violation]:
    """Return (mentee position, mentor position) -> violation for person-to-person constraints.

    Covers the same person, blocks, reporting lines and history; constraints that concern one side
    only (availability, capacity, offering nothing) are applied to whole rows and columns.
    """
    mentee_by_slack: dict[str, list[int]] = {}
    mentee_by_id = {p.person_id: i for i, p in enumerate(mentees)}
    mentor_by_slack: dict[str, list[int]] = {}
    mentor_by_id = {p.person_id: j for j, p in enumerate(mentors)}
    for i, mentee in enumerate(mentees):
        mentee_by_slack.setdefault(mentee.slack_user_id, []).append(i)
    for j, mentor in enumerate(mentors):
        mentor_by_slack.setdefault(mentor.slack_user_id, []).append(j)
    found: dict[tuple[int, int], Violation] = {}

    def note(i: int, j: int, violation: Violation) -> None:
        known = found.get((i, j))
        if known is None or _CODE[violation] < _CODE[known]:
            found[(i, j)] = violation

    for i, mentee in enumerate(mentees):
        if mentee.person_id in mentor_by_id:
            note(i, mentor_by_id[mentee.person_id], Violation.SAME_PERSON)
        for j in mentor_by_slack.get(mentee.slack_user_id, ()):
            note(i, j, Violation.SAME_PERSON)
        for slack_id in mentee.blocked:
            for j in mentor_by_slack.get(slack_id, ()):
                note(i, j, Violation.BLOCKED)
        chain = management_chain(mentee.slack_user_id, managers, mentee.manager_slack_id)
        for slack_id in chain:
            for j in mentor_by_slack.get(slack_id, ()):
                note(i, j, Violation.REPORTING_LINE)
    for j, mentor in enumerate(mentors):
        for slack_id in mentor.blocked:
            for i in mentee_by_slack.get(slack_id, ()):
                note(i, j, Violation.BLOCKED)
        chain = management_chain(mentor.slack_user_id, managers, mentor.manager_slack_id)
        for slack_id in chain:
            for i in mentee_by_slack.get(slack_id, ()):
                note(i, j, Violation.REPORTING_LINE)
    for (low, high), violation in history_conflicts(history, now).items():
        for mentee_id, mentor_id in ((low, high), (high, low)):
            if mentee_id in mentee_by_id and mentor_id in mentor_by_id:
                note(mentee_by_id[mentee_id], mentor_by_id[mentor_id], violation)
    return found


def _score_block(
    tables: _Tables,
    rows: slice,
    weights: MatchWeights,
) -> tuple[FloatArray, IntArray]:
    """Return topic fit and integer score for mentees in ``rows`` against all mentors."""
    best_by_topic = tables.best_similarity
    fit = np.zeros((rows.stop - rows.start, best_by_topic.shape[1]), dtype=np.float64)
    for slot in range(tables.want_index.shape[1]):
        fit += best_by_topic[tables.want_index[rows, slot]]
    fit /= tables.want_count[rows, None]
    raw = weights.topic * fit
    for weight, left, right, table in tables.tables:
        raw += (weight * table)[left[rows, None], right[None, :]]
    score = np.rint(1000.0 * raw / weights.total)
    np.clip(score, 0, MAX_SCORE, out=score)
    return fit, score.astype(np.int64)


@dataclass(frozen=True)
class _Scorer:
    """Everything needed to score any block of mentee rows against all mentors, with their codes."""

    mentees: tuple[Participant, ...]
    mentors: tuple[Participant, ...]
    weights: MatchWeights
    tables: _Tables
    sparse_rows: IntArray
    sparse_cols: IntArray
    sparse_codes: NDArray[np.int8]
    same_person: frozenset[tuple[int, int]]
    row_unavailable: NDArray[np.bool_]
    column_codes: NDArray[np.int8]

    @property
    def block_rows(self) -> int:
        """Return how many mentee rows one block holds (about ``_CHUNK_CELLS`` cells)."""
        return max(1, _CHUNK_CELLS // max(1, len(self.mentors)))

    def blocks(self) -> Iterator[slice]:
        """Yield the row slices that cover every mentee, in order."""
        n, size = len(self.mentees), self.block_rows
        for start in range(0, n, size):
            yield slice(start, min(n, start + size))

    def score(self, rows: slice) -> tuple[NDArray[np.bool_], NDArray[np.int8], IntArray]:
        """Return topic fit flags, constraint codes (0: allowed) and scores for ``rows``."""
        fit, score = _score_block(self.tables, rows, self.weights)
        fits = (fit > 0.0) & (fit >= self.weights.min_topic_fit)
        del fit
        codes = np.zeros(fits.shape, dtype=np.int8)
        inside = (self.sparse_rows >= rows.start) & (self.sparse_rows < rows.stop)
        codes[self.sparse_rows[inside] - rows.start, self.sparse_cols[inside]] = self.sparse_codes[inside]
        np.copyto(codes, self.column_codes[None, :], where=self.column_codes[None, :] > 0)
        codes[self.row_unavailable[rows]] = _CODE[Violation.UNAVAILABLE]
        for i, j in self.same_person:
            if rows.start <= i < rows.stop:
                codes[i - rows.start, j] = _CODE[Violation.SAME_PERSON]
        for left, right, differs in self.tables.required:  # "must match" custom questions
            clash = differs[left[rows, None], right[None, :]] & (codes == 0)
            codes[clash] = _CODE[Violation.REQUIRED_ANSWER]
        return fits, codes, score

    def allowed(self, rows: slice) -> tuple[NDArray[np.bool_], IntArray]:
        """Return which pairs in ``rows`` are allowed (topic fit, no hard constraint) and scores."""
        fits, codes, score = self.score(rows)
        return fits & (codes == 0), score


def _scorer(
    mentees: Iterable[Participant],
    mentors: Iterable[Participant],
    history: History,
    weights: MatchWeights,
    now: datetime,
    managers: Mapping[str, str | None] | None,
) -> _Scorer:
    sorted_mentees = _sorted_unique(mentees, "mentee")
    sorted_mentors = _sorted_unique(mentors, "mentor")
    chain = managers if managers is not None else manager_map([*sorted_mentees, *sorted_mentors])
    tables = _build_tables(sorted_mentees, sorted_mentors, weights, now)
    pairs = _pair_violations(sorted_mentees, sorted_mentors, history, chain, now)
    column_codes = np.zeros(len(sorted_mentors), dtype=np.int8)
    for violation, flags in (
        (Violation.MENTOR_FULL, [p.free_capacity <= 0 for p in sorted_mentors]),
        (Violation.NOT_A_MENTOR, [not p.offers for p in sorted_mentors]),
        (Violation.UNAVAILABLE, [not p.available for p in sorted_mentors]),
    ):
        column_codes[np.array(flags, dtype=bool)] = _CODE[violation]
    return _Scorer(
        mentees=sorted_mentees,
        mentors=sorted_mentors,
        weights=weights,
        tables=tables,
        sparse_rows=np.array([i for i, _ in pairs], dtype=np.int64),
        sparse_cols=np.array([j for _, j in pairs], dtype=np.int64),
        sparse_codes=np.array([_CODE[v] for v in pairs.values()], dtype=np.int8),
        same_person=frozenset(key for key, v in pairs.items() if v is Violation.SAME_PERSON),
        row_unavailable=np.array([not p.available for p in sorted_mentees], dtype=bool),
        column_codes=column_codes,
    )


def score_candidates(
    mentees: Iterable[Participant],
    mentors: Iterable[Participant],
    history: History,
    weights: MatchWeights,
    now: datetime,
    managers: Mapping[str, str | None] | None = None,
    limit: int | None = None,
) -> Candidates:
    """Score allowed pairs with topic fit, keeping the best ``limit`` per mentee (None: all)."""
    return _candidates(_scorer(mentees, mentors, history, weights, now, managers), limit)


def _candidates(scorer: _Scorer, limit: int | None, cache: NDArray[np.int16] | None = None) -> Candidates:
    """Score every block once; keep the best ``limit`` allowed mentors per mentee.

    ``cache``, when given (n x m), receives every allowed pair's score and -1 elsewhere, so pricing
    can read the scores instead of computing them again.
    """
    n, m = len(scorer.mentees), len(scorer.mentors)
    keep = m if limit is None else max(0, min(limit, m))
    tie_break = (m - 1 - np.arange(m, dtype=np.int64))[None, :]
    arc_rows: list[IntArray] = []
    arc_cols: list[IntArray] = []
    arc_scores: list[IntArray] = []
    counts = np.zeros((n, _PAIR_CODES), dtype=np.int64)
    pruned = np.zeros(n, dtype=bool)
    for rows in scorer.blocks():
        fits, codes, score = scorer.score(rows)
        local_rows = np.nonzero(fits)[0]
        counts[rows] = np.bincount(
            local_rows * _PAIR_CODES + codes[fits], minlength=fits.shape[0] * _PAIR_CODES
        ).reshape(fits.shape[0], _PAIR_CODES)
        allowed = fits & (codes == 0)
        del codes, fits
        if cache is not None:
            cache[rows] = np.where(allowed, score, -1)
        if keep >= m:
            local, cols = np.nonzero(allowed)
        else:
            key = np.where(allowed, score * m + tie_break, -1)
            top = np.argpartition(key, m - keep, axis=1)[:, m - keep :] if keep else key[:, :0]
            kept = np.take_along_axis(key, top, axis=1) >= 0
            local = np.nonzero(kept)[0]
            cols = top[kept]
            pruned[rows] = counts[rows, 0] > keep
        arc_rows.append(local.astype(np.int64) + rows.start)
        arc_cols.append(cols.astype(np.int64))
        arc_scores.append(score[local, cols])
    mentee_index = np.concatenate(arc_rows) if arc_rows else np.zeros(0, dtype=np.int64)
    mentor_index = np.concatenate(arc_cols) if arc_cols else np.zeros(0, dtype=np.int64)
    scores = np.concatenate(arc_scores) if arc_scores else np.zeros(0, dtype=np.int64)
    order = np.lexsort((mentor_index, mentee_index))
    fitting = counts.sum(axis=1)
    summaries = tuple(
        CandidateSummary(
            fitting=int(fitting[i]),
            ruled_out=tuple(
                (violation, int(counts[i, _CODE[violation]]))
                for violation in VIOLATION_ORDER
                if counts[i, _CODE[violation]]
            ),
        )
        for i in range(n)
    )
    return Candidates(
        mentees=scorer.mentees,
        mentors=scorer.mentors,
        mentee_index=mentee_index[order],
        mentor_index=mentor_index[order],
        score=scores[order],
        summaries=summaries,
        pruned=pruned,
    )


def _big(n_mentees: int) -> int:
    """Return the weight of one more matched mentee: above any total score of ``n_mentees``."""
    return MAX_SCORE * n_mentees + 1


def solve_assignment(
    n_mentees: int, free: IntArray, mentee_index: IntArray, mentor_index: IntArray, score: IntArray
) -> IntArray:
    """Return each mentee's mentor position (-1 when waiting) for the lexicographic optimum."""
    assigned = np.full(n_mentees, -1, dtype=np.int64)
    if n_mentees == 0 or len(score) == 0:
        return assigned
    m = len(free)
    source, sink = n_mentees + m, n_mentees + m + 1
    big = _big(n_mentees)
    mentees = np.arange(n_mentees, dtype=np.int64)
    open_mentors = np.nonzero(free > 0)[0]
    waiting = len(open_mentors) + n_mentees
    sources = np.full(n_mentees, source)
    tails = np.concatenate([mentee_index, sources, n_mentees + open_mentors, mentees])
    heads = np.concatenate([n_mentees + mentor_index, mentees, np.full(waiting, sink)])
    ones = np.ones(n_mentees)
    capacities = np.concatenate([np.ones(len(score)), ones, free[open_mentors], ones])
    costs = np.concatenate([-(big + score), np.zeros(n_mentees + waiting)])
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        capacities.astype(np.int64),
        costs.astype(np.int64),
    )
    flow.set_node_supply(source, n_mentees)
    flow.set_node_supply(sink, -n_mentees)
    status = flow.solve()
    if status != SimpleMinCostFlow.OPTIMAL:
        msg = f"min-cost flow ended with status {status}"
        raise MatchingError(msg)
    used = np.asarray(flow.flows(np.arange(len(score), dtype=np.int32))) > 0
    assigned[mentee_index[used]] = mentor_index[used]
    return assigned


def _candidate_limit(requested: int | None, n_mentees: int, n_mentors: int) -> int | None:
    if requested is not None:
        if requested < 1:
            msg = "candidates_per_mentee must be at least 1"
            raise ValueError(msg)
        return requested
    if n_mentees <= EXACT_SIZE_LIMIT and n_mentors <= EXACT_SIZE_LIMIT:
        return None
    return DEFAULT_CANDIDATES_PER_MENTEE


@dataclass(frozen=True)
class Certificate:
    """How the round's optimality over every allowed pair was established.

    ``optimal`` is True when no excluded allowed pair has a positive reduced cost against the
    solution's duals (or no pair was excluded). Otherwise a time limit stopped pricing, and the
    optimum matches at most ``gap_mentees`` more mentees; when that is 0, its total score is at
    most ``gap_score`` higher (None when more mentees might be matched).
    """

    optimal: bool
    pricing_rounds: int = 0
    arcs_added: int = 0
    arcs: int = 0
    gap_mentees: int = 0
    gap_score: int | None = 0


def _certificate_gap(bound: int, matched: int, total: int, big: int, most: int) -> tuple[int, int | None]:
    """Split the dual bound on the objective ``big * matched + total`` into mentees and score.

    ``most`` caps the matched count (mentees, or free places, whichever is fewer).
    """
    upper = big * matched + total + bound
    more = max(0, min(upper // big, most) - matched)
    return more, (upper - big * matched - total if more == 0 else None)


def _price(
    scorer: _Scorer,
    cache: NDArray[np.int16] | None,
    duals: Duals,
    big: int,
) -> Priced:
    """Price every allowed pair (from the cache when there is one) against ``duals``."""
    found: list[Priced] = []
    for rows in scorer.blocks():
        scores: NDArray[np.integer[Any]]
        if cache is not None:
            scores = cache[rows]
            allowed = scores >= 0
        else:
            allowed, scores = scorer.allowed(rows)
        found.append(price_block(rows, allowed, scores, duals, big, PRICED_PER_MENTEE))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return Priced(empty, empty, empty, 0)
    return Priced(
        mentee_index=np.concatenate([p.mentee_index for p in found]),
        mentor_index=np.concatenate([p.mentor_index for p in found]),
        score=np.concatenate([p.score for p in found]),
        gain_bound=sum(p.gain_bound for p in found),
    )


def propose_matches(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    history: History,
    weights: MatchWeights,
    now: datetime,
    managers: Mapping[str, str | None] | None = None,
    candidates_per_mentee: int | None = None,
) -> MatchProposal:
    """Match mentees to mentors optimally over every allowed pair (``propose_certified``)."""
    proposal, _ = propose_certified(mentees, mentors, history, weights, now, managers, candidates_per_mentee)
    return proposal


def propose_certified(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    history: History,
    weights: MatchWeights,
    now: datetime,
    managers: Mapping[str, str | None] | None = None,
    candidates_per_mentee: int | None = None,
    time_limit: float | None = None,
) -> tuple[MatchProposal, Certificate]:
    """Match mentees to mentors: most mentees matched first, then the highest total score.

    The result is optimal over every allowed pair, with a certificate: it is solved over the kept
    candidates, then every excluded allowed pair is priced against the solution's duals and those
    that could improve it are added, until none can.

    Args:
        candidates_per_mentee: Allowed mentors kept per mentee, best first, for the first solve.
            None keeps all of them up to ``EXACT_SIZE_LIMIT`` people per side, else
            ``DEFAULT_CANDIDATES_PER_MENTEE``. It changes the speed, not the result's optimality.
        time_limit: Seconds after which no further pricing round starts; the proposal is then the
            last solve's, with ``optimal`` False and the gap when pairs were still pending.
    """
    started = time.monotonic()
    limit = _candidate_limit(candidates_per_mentee, len(mentees), len(mentors))
    scorer = _scorer(mentees, mentors, history, weights, now, managers)
    n, m = len(scorer.mentees), len(scorer.mentors)
    pricing = limit is not None and limit < m
    cache = np.empty((n, m), dtype=np.int16) if pricing and n * m <= SCORE_CACHE_CELLS else None
    found = _candidates(scorer, limit, cache)
    free = np.array([p.free_capacity if p.available else 0 for p in found.mentors], dtype=np.int64)
    mentee_index, mentor_index, scores = found.mentee_index, found.mentor_index, found.score
    big = _big(n)
    rounds = added = 0
    gap: tuple[int, int | None] = (0, 0)
    proven = True
    while True:
        assigned = solve_assignment(n, free, mentee_index, mentor_index, scores)
        if not pricing or not found.pruned.any():
            break
        duals = assignment_duals(free, mentee_index, mentor_index, scores, assigned, big)
        priced = _price(scorer, cache, duals, big)
        rounds += 1
        if len(priced.score) == 0:
            break
        matched = assigned >= 0
        total = int(scores[assigned[mentee_index] == mentor_index].sum())
        most = min(n, int(free.sum()))
        gap = _certificate_gap(priced.gain_bound, int(matched.sum()), total, big, most)
        if time_limit is not None and time.monotonic() - started >= time_limit:
            proven = False
            break
        gap = (0, 0)
        added += len(priced.score)
        mentee_index = np.concatenate([mentee_index, priced.mentee_index])
        mentor_index = np.concatenate([mentor_index, priced.mentor_index])
        scores = np.concatenate([scores, priced.score])
        logger.info("Pricing round %d added %d arcs", rounds, len(priced.score))
    certificate = Certificate(
        optimal=proven,
        pricing_rounds=rounds,
        arcs_added=added,
        arcs=len(scores),
        gap_mentees=gap[0],
        gap_score=gap[1],
    )
    assignment = {
        found.mentees[i].person_id: found.mentors[j].person_id
        for i, j in enumerate(assigned.tolist())
        if j >= 0
    }
    summary_by_id = {p.person_id: s for p, s in zip(found.mentees, found.summaries, strict=True)}
    logger.info(
        "Matched %d of %d mentees over %d candidate arcs (%d pricing rounds, %d arcs added)",
        len(assignment),
        len(found.mentees),
        len(scores),
        rounds,
        added,
    )
    proposal = assemble_proposal(
        found.mentees,
        found.mentors,
        assignment,
        lambda mentee: summary_by_id[mentee.person_id],
        weights,
        now,
    )
    return proposal, certificate


def suggest_mentors(
    mentee: Participant,
    mentors: Sequence[Participant],
    history: History,
    weights: MatchWeights,
    now: datetime,
    managers: Mapping[str, str | None] | None = None,
    limit: int = 3,
    exclude_ids: frozenset[int] = frozenset(),
) -> tuple[ProposedPair, ...]:
    """Return the best allowed mentors for one mentee, highest score first (ties: lower id)."""
    if limit < 1:
        return ()
    pool = [mentor for mentor in mentors if mentor.person_id not in exclude_ids]
    found = score_candidates([mentee], pool, history, weights, now, managers, limit)
    ranked = sorted(
        zip(found.score.tolist(), found.mentor_index.tolist(), strict=True),
        key=lambda arc: (-arc[0], found.mentors[arc[1]].person_id),
    )
    suggestions: list[ProposedPair] = []
    for _, column in ranked:
        mentor = found.mentors[column]
        scored = score_pair(mentee, mentor, weights, now)
        suggestions.append(ProposedPair(mentee, mentor, scored.score, scored.reasons, scored.cautions))
    return tuple(suggestions)
