"""Grouping people into circles of given sizes: exact (CP-SAT) on small pools, local search on large.

Both maximise, over a fixed plan of circle sizes (plus a bin of people who wait), the sum over
circles of L / (size - 1) x the sum of the circle's pair values (``pool.objective``), i.e. the sum
over people of their mean pair value with their circle-mates, subject to no hard conflict inside a
circle (pair terms are bounded by size - 1 mates per person, which tightens the relaxation).
Soft repeats (cooldown None) come first: the fewest repeated pairs, then the objective.

* ``solve_exact``: CP-SAT, one Boolean per (person, circle); pair terms are linked Booleans; the
  circles of one size are interchangeable, so they are ordered by their smallest member (whoever is
  in circle c has someone smaller in circle c - 1 of the same size). One worker,
  a fixed seed and a deterministic time limit make it reproducible. Returns None when the plan
  cannot be filled without a hard conflict.
* ``solve_local``: greedy seeding (the person with the fewest allowed partners starts a circle,
  which then takes, one by one, whoever adds the most value to those already in it), then passes
  of best-improvement moves per person in a seeded random order (at most ``LOCAL_PASSES``; it stops
  early after a pass that improved at most ``SETTLED_SHARE`` of the people): swap with someone in one of the
  few circles where the person's summed pair value is highest (or with someone waiting), or move to
  a circle one smaller. Penalties (HARD, REPEAT) dwarf any gain, so conflicts go first. Circles
  still holding a hard conflict at the end are returned as such for the caller to dissolve.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from ortools.sat.python import cp_model

from bot.domain.circles.pool import HARD, REPEAT, Pool, size_weights

EXACT_DETERMINISTIC_SECONDS = 10.0
LOCAL_PASSES = 12
LOCAL_TARGETS = 3
SETTLED_SHARE = 0.001  # a pass that improves fewer than this share of people ends the search


def solve_exact(
    pool: Pool, people: Sequence[int], sizes: Sequence[int]
) -> tuple[list[list[int]], bool] | None:
    """Return (circles as pool indices, proven optimal) for the plan, or None when infeasible."""
    people = sorted(people)
    k = len(sizes)
    weights = size_weights(sizes)
    model = cp_model.CpModel()
    bins = range(k + 1)  # bin k is the waiting list
    x = {(i, c): model.new_bool_var(f"x{i}_{c}") for i in people for c in bins}
    for i in people:
        model.add_exactly_one(x[i, c] for c in bins)
    for c, size in enumerate(sizes):
        model.add(sum(x[i, c] for i in people) == size)
        if c and sizes[c - 1] == size:  # the previous circle of this size has a smaller smallest member
            for rank, i in enumerate(people):
                model.add_bool_or([x[i, c].Not(), *(x[j, c - 1] for j in people[:rank])])
    model.add(sum(x[i, k] for i in people) == len(people) - sum(sizes))
    gains = []
    repeats = []
    linked: dict[tuple[int, int], list[cp_model.IntVar]] = {(i, c): [] for i in people for c in range(k)}
    for a, i in enumerate(people):
        for j in people[a + 1 :]:
            v = int(pool.value[i, j])
            for c, size in enumerate(sizes):
                if v == HARD:
                    model.add_bool_or([x[i, c].Not(), x[j, c].Not()])
                elif v == REPEAT:
                    r = model.new_bool_var(f"r{i}_{j}_{c}")
                    model.add_bool_or([x[i, c].Not(), x[j, c].Not(), r])
                    repeats.append(r)
                elif v > 0:
                    z = model.new_bool_var(f"z{i}_{j}_{c}")
                    model.add_implication(z, x[i, c])
                    model.add_implication(z, x[j, c])
                    linked[i, c].append(z)
                    linked[j, c].append(z)
                    gains.append(weights[size] * v * z)
    for (i, c), terms in linked.items():  # a person has at most size - 1 mates: a much tighter bound
        if len(terms) > sizes[c] - 1:
            model.add(sum(terms) <= (sizes[c] - 1) * x[i, c])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = EXACT_DETERMINISTIC_SECONDS
    proven = True
    if repeats:
        model.minimize(sum(repeats))
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        proven = status == cp_model.OPTIMAL
        model.add(sum(repeats) <= round(solver.objective_value))
    model.maximize(sum(gains))
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    proven = proven and status == cp_model.OPTIMAL
    circles = [[i for i in people if solver.boolean_value(x[i, c])] for c in range(k)]
    return circles, proven


class _Search:
    """Mutable state of the local search: who is where, and each circle's summed pair value."""

    def __init__(self, pool: Pool, people: Sequence[int], sizes: Sequence[int]) -> None:
        self.people = np.array(sorted(people), dtype=np.int64)
        self.n = len(self.people)
        self.value = (
            pool.value[np.ix_(self.people, self.people)] if self.n < len(pool.members) else pool.value
        )
        self.k = len(sizes)
        self.weights = size_weights(sizes)
        # weight per size, and 0 for the waiting bin (index k)
        self.sizes = list(sizes)
        self.where = np.full(self.n, self.k, dtype=np.int64)
        self.members: list[list[int]] = [[] for _ in range(self.k + 1)]
        self.inner = np.zeros(self.k + 1, dtype=np.int64)
        self.circle_weight = np.zeros(self.k, dtype=np.float64)

    def weight(self, c: int) -> int:
        """Return circle c's weight L / (size - 1), 0 for the waiting bin."""
        return 0 if c == self.k else self.weights[len(self.members[c])]

    def seed(self) -> None:
        """Fill the circles greedily, hardest-to-place people first as the seeds."""
        allowed = (self.value > 0).sum(axis=1) if self.n else np.zeros(0)
        order = [int(i) for i in np.lexsort((np.arange(self.n), allowed))]
        free = np.ones(self.n, dtype=bool)
        cursor = 0
        for c, size in enumerate(self.sizes):
            while not free[order[cursor]]:
                cursor += 1
            first = order[cursor]
            chosen = [first]
            free[first] = False
            acc = self.value[first].astype(np.float64)
            for _ in range(size - 1):
                candidates = np.where(free, acc, -np.inf)
                pick = int(np.argmax(candidates))
                chosen.append(pick)
                free[pick] = False
                acc += self.value[pick]
            for i in chosen:
                self.where[i] = c
            self.members[c] = chosen
        self.members[self.k] = [int(i) for i in np.flatnonzero(free)]
        for c in range(self.k):
            self.inner[c] = self._inner(self.members[c])
            self.circle_weight[c] = self.weights[len(self.members[c])]

    def _inner(self, members: list[int]) -> int:
        """Return the summed pair value inside a group."""
        idx = np.array(members, dtype=np.int64)
        return int(self.value[np.ix_(idx, idx)].astype(np.int64).sum()) // 2

    def _sum(self, i: int, members: list[int]) -> int:
        """Return i's summed pair value with a group (0 for none)."""
        return int(self.value[i, members].astype(np.int64).sum()) if members else 0

    def improve(self, i: int) -> bool:
        """Apply the best improving swap or move for person i; return whether one was found."""
        a = int(self.where[i])
        row = self.value[i]
        sums = np.bincount(self.where, weights=row, minlength=self.k + 1)
        weighted = sums[: self.k] * self.circle_weight
        if a < self.k:
            weighted[a] = -np.inf
        count = min(LOCAL_TARGETS, self.k - (1 if a < self.k else 0))
        if count <= 0:
            return False
        top = np.argpartition(-weighted, count - 1)[:count]
        targets = sorted((int(c) for c in top), key=lambda c: (-weighted[c], c))
        if a < self.k and self.members[self.k]:
            targets.append(self.k)
        own = int(sums[a]) if a < self.k else 0
        best: tuple[int, str, int, int] | None = None
        for b in targets:
            wa, wb = self.weight(a), self.weight(b)
            sum_b = int(sums[b]) if b < self.k else 0
            for j in self.members[b]:
                vij = int(row[j])
                sj_a = self._sum(j, self.members[a]) if a < self.k else 0
                sj_b = self._sum(j, self.members[b]) if b < self.k else 0
                delta = wa * (sj_a - vij - own) + wb * (sum_b - vij - sj_b)
                if delta > 0 and (best is None or delta > best[0]):
                    best = (delta, "swap", b, j)
            if a < self.k and b < self.k and len(self.members[a]) == len(self.members[b]) + 1:
                small, large = self.weights[len(self.members[b])], self.weights[len(self.members[a])]
                before = large * int(self.inner[a]) + small * int(self.inner[b])
                after = small * (int(self.inner[a]) - own) + large * (int(self.inner[b]) + sum_b)
                if after - before > 0 and (best is None or after - before > best[0]):
                    best = (after - before, "move", b, -1)
        if best is None:
            return False
        _, kind, b, j = best
        if kind == "move":
            self.members[a].remove(i)
            self.members[b].append(i)
            self.where[i] = b
        else:
            self.members[a].remove(i)
            self.members[b].remove(j)
            self.members[a].append(j)
            self.members[b].append(i)
            self.where[i], self.where[j] = b, a
        for c in (a, b):
            if c < self.k:
                self.inner[c] = self._inner(self.members[c])
                self.circle_weight[c] = self.weights[len(self.members[c])]
        return True

    def run(self, seed: int, passes: int) -> None:
        """Run improvement passes in a seeded random order until settled or out of passes."""
        rng = np.random.default_rng(seed)
        for _ in range(passes):
            changed = 0
            for i in rng.permutation(self.n):
                changed += self.improve(int(i))
            if changed <= SETTLED_SHARE * self.n:
                break

    def circles(self) -> list[list[int]]:
        """Return the circles as sorted pool indices."""
        return [sorted(int(self.people[i]) for i in self.members[c]) for c in range(self.k)]


def solve_local(
    pool: Pool, people: Sequence[int], sizes: Sequence[int], seed: int = 0, passes: int = LOCAL_PASSES
) -> list[list[int]]:
    """Return circles (pool indices) for the plan by greedy seeding and local search."""
    search = _Search(pool, people, sizes)
    if not sizes:
        return []
    search.seed()
    search.run(seed, passes)
    return search.circles()
