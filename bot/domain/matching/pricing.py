"""Optimality certificates for the matching round: LP duals of a solved round and pricing.

The round maximises the sum of ``w = big + score`` over matched pairs, each mentee matched at most
once and each mentor at most ``free`` times. Its linear programme is totally unimodular, so the
integral optimum is the LP optimum, and its dual reads: minimise ``sum(u) + sum(free * v)``
subject to ``u[i] + v[j] >= w[i, j]`` for every allowed pair, ``u, v >= 0``. A solution over a
subset of the pairs (the kept candidate arcs) is optimal over all allowed pairs exactly when its
duals satisfy every excluded pair too; an excluded pair with a positive *reduced cost*
``w[i, j] - u[i] - v[j]`` could improve it (column generation), and the sum over mentees of their
largest positive reduced cost bounds what is still to gain.

``assignment_duals`` derives the duals from a solved assignment without an LP solver: a matched
mentee's ``u`` follows from its mentor's ``v`` (``u[i] = w[i, k] - v[k]``), an unmatched one has
``u = 0``, so every kept arc (i, j) becomes a difference constraint between mentors,
``v[j] >= v[k] + score[i, j] - score[i, k]`` (k: i's mentor; BIG cancels), or a lower bound
``v[j] >= w[i, j]`` when i waits. The least solution is a longest-path problem over the mentors,
solved by Bellman-Ford restricted to mentors whose value changed (vectorised rounds); it has no
positive cycle because the assignment is optimal over its arcs. Complementary slackness (a mentor
with room has ``v = 0``, a matched mentee ``u >= 0``, equal primal and dual objectives) is then
checked exactly in integers, so the certificate does not rest on trust in the flow solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]


class CertificateError(RuntimeError):
    """The assignment's duals contradict its optimality over its own arcs (a solver fault)."""


@dataclass(frozen=True)
class Duals:
    """Dual values: ``u`` per mentee, ``v`` per mentor place (applies to each unit of capacity)."""

    u: IntArray
    v: IntArray


@dataclass(frozen=True)
class Priced:
    """Excluded pairs with a positive reduced cost, and the bound they give on what is left."""

    mentee_index: IntArray
    mentor_index: IntArray
    score: IntArray
    gain_bound: int


def assignment_duals(
    free: IntArray,
    mentee_index: IntArray,
    mentor_index: IntArray,
    score: IntArray,
    assigned: IntArray,
    big: int,
) -> Duals:
    """Return optimal duals of the assignment ``assigned`` over the given arcs, checked exactly.

    Raises:
        CertificateError: ``assigned`` is not optimal over these arcs.
    """
    n, m = len(assigned), len(free)
    weight = big + score
    matched_to = assigned[mentee_index]
    own = (matched_to >= 0) & (mentor_index == matched_to)
    own_score = np.zeros(n, dtype=np.int64)
    own_score[mentee_index[own]] = score[own]
    v = np.zeros(m, dtype=np.int64)
    waiting = matched_to < 0
    np.maximum.at(v, mentor_index[waiting], weight[waiting])
    moving = (matched_to >= 0) & ~own
    tails = matched_to[moving]
    heads = mentor_index[moving]
    gains = score[moving] - own_score[mentee_index[moving]]
    order = np.lexsort((-gains, tails, heads))
    tails, heads, gains = tails[order], heads[order], gains[order]
    first = np.ones(len(heads), dtype=bool)
    first[1:] = (heads[1:] != heads[:-1]) | (tails[1:] != tails[:-1])
    tails, heads, gains = tails[first], heads[first], gains[first]
    changed = np.ones(m, dtype=bool)
    for _ in range(m + 2):
        active = changed[tails]
        if not active.any():
            break
        candidate = v[tails[active]] + gains[active]
        target = heads[active]
        starts = np.flatnonzero(np.r_[True, target[1:] != target[:-1]])
        best = np.maximum.reduceat(candidate, starts)
        where = target[starts]
        better = best > v[where]
        changed[:] = False
        changed[where[better]] = True
        v[where[better]] = best[better]
    else:
        msg = "the mentor potentials did not settle: the assignment is not optimal"
        raise CertificateError(msg)
    u = np.zeros(n, dtype=np.int64)
    matched = assigned >= 0
    u[matched] = big + own_score[matched] - v[assigned[matched]]
    load = np.bincount(assigned[matched], minlength=m)
    primal = int((big + own_score[matched]).sum())
    dual = int(u.sum()) + int((free * v).sum())
    if (u < 0).any() or (v[load < free] != 0).any() or primal != dual:
        msg = "the duals break complementary slackness: the assignment is not optimal"
        raise CertificateError(msg)
    return Duals(u=u, v=v)


def price_block(
    rows: slice,
    allowed: NDArray[np.bool_],
    score: NDArray[np.integer[Any]],
    duals: Duals,
    big: int,
    per_mentee: int,
) -> Priced:
    """Return, for mentees in ``rows``, up to ``per_mentee`` allowed pairs with a positive reduced
    cost each (the largest first, ties to the lower mentor position), and the block's bound.

    Arcs already in the model have a reduced cost <= 0 by construction, so only excluded pairs can
    be returned. The bound is the sum over these mentees of their largest positive reduced cost.
    """
    reduced = np.where(
        allowed,
        big + score.astype(np.int64) - duals.u[rows, None] - duals.v[None, :],
        0,
    )
    best = reduced.max(axis=1, initial=0)
    bound = int(best.sum())
    hungry = np.flatnonzero(best > 0)
    empty = np.zeros(0, dtype=np.int64)
    if len(hungry) == 0:
        return Priced(empty, empty, empty, 0)
    m = reduced.shape[1]
    tie_break = (m - 1 - np.arange(m, dtype=np.int64))[None, :]
    key = np.where(reduced[hungry] > 0, reduced[hungry] * m + tie_break, -1)
    keep = min(per_mentee, m)
    top = np.argpartition(key, m - keep, axis=1)[:, m - keep :]
    kept = np.take_along_axis(key, top, axis=1) >= 0
    local = hungry[np.nonzero(kept)[0]]
    columns = top[kept].astype(np.int64)
    return Priced(
        mentee_index=local.astype(np.int64) + rows.start,
        mentor_index=columns,
        score=score[local, columns].astype(np.int64),
        gain_bound=bound,
    )
