"""A circles round: who can be placed, the plan of sizes, the solve, and the words for everyone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import numpy as np

from bot.domain.circles.model import Circle, CircleProposal, CircleSettings, Member, PastCircle, Unplaced
from bot.domain.circles.pool import (
    HARD,
    MIN_COMMON_HOURS,
    REPEAT,
    SLOT,
    SLOTS_PER_WEEK,
    Conflict,
    Pool,
    build_pool,
    department_key,
    largest_plan,
    mask_hours,
)
from bot.domain.circles.solver import solve_exact, solve_local
from bot.domain.meeting_times import Window

EXACT_LIMIT = 20
REPAIR_ROUNDS = 3
RETRIES = 2
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CONFLICT_WORDS = {
    Conflict.BLOCKED: "asked not to be grouped with you (or you with them)",
    Conflict.REPORTING_LINE: "in your reporting line",
    Conflict.NO_COMMON_HOURS: "share no working hour with you this week",
    Conflict.RECENT_CIRCLE: "shared a circle with you recently",
}


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def eligible_people(pool: Pool) -> tuple[list[int], list[int]]:
    """Split the pool into people with at least min_size - 1 allowed partners among the eligible, and the rest.

    Removal repeats until stable (someone's partners may themselves be removed).
    """
    need = pool.settings.min_size - 1
    n = len(pool.members)
    alive = np.ones(n, dtype=bool)
    allowed = pool.value != HARD
    np.fill_diagonal(allowed, False)
    while True:
        counts = allowed[:, alive].sum(axis=1) if n else np.zeros(0, dtype=np.int64)
        drop = alive & (counts < need)
        if not drop.any():
            break
        alive &= ~drop
    return [int(i) for i in np.flatnonzero(alive)], [int(i) for i in np.flatnonzero(~alive)]


def _isolation_reason(pool: Pool, i: int, others: int) -> str:
    causes: Counter[Conflict] = Counter()
    for j in range(len(pool.members)):
        if j == i:
            continue
        conflict = pool.conflicts.get((min(i, j), max(i, j)))
        if conflict is None and not pool.hours_ok(i, j):
            conflict = Conflict.NO_COMMON_HOURS
        if conflict is not None:
            causes[conflict] += 1
    parts = [f"{count} {_CONFLICT_WORDS[c]}" for c in Conflict if (count := causes[c])]
    need = pool.settings.min_size - 1
    detail = f": of {others} others waiting, {_join(parts)}" if parts else ""
    return f"Too few people you could share a circle with (a circle needs {need} others){detail}"


def _topic_reason(members: Sequence[Member]) -> str | None:
    counts: Counter[str] = Counter()
    for member in members:
        counts.update(set(member.topics))
    if not counts:
        return None
    everyone = sorted(t for t, n in counts.items() if n == len(members))
    if everyone:
        return f"You all want to talk about {_join(everyone[:3])}"
    top = max(counts.values())
    if top < 2:
        return None
    shared = sorted(t for t, n in counts.items() if n == top)
    return f"{top} of you want to talk about {_join(shared[:3])}"


def _windows(pool: Pool, mask: int) -> tuple[Window, ...]:
    windows: list[Window] = []
    slot = 0
    while slot < SLOTS_PER_WEEK:
        if mask >> slot & 1:
            end = slot
            while end < SLOTS_PER_WEEK and mask >> end & 1:
                end += 1
            windows.append(Window(pool.start + slot * SLOT, pool.start + end * SLOT))
            slot = end
        else:
            slot += 1
    return tuple(windows)


def _day_ranges(days: Sequence[int]) -> str:
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(_DAYS[r[0]] if len(r) == 1 else f"{_DAYS[r[0]]}–{_DAYS[r[-1]]}" for r in runs)


def hours_reason(windows: Sequence[Window]) -> str | None:
    """Say which UTC hours suit everyone: the daily window found on the most weekdays."""
    by_time: dict[tuple[str, str], set[int]] = {}
    for window in windows:
        day = window.start
        while day < window.end:  # split at UTC midnight
            midnight = (day + timedelta(days=1)).replace(hour=0, minute=0)
            end = min(window.end, midnight)
            key = (f"{day:%H:%M}", "24:00" if end == midnight else f"{end:%H:%M}")
            by_time.setdefault(key, set()).add(day.weekday())
            day = end
    if not by_time:
        return None

    def length(key: tuple[str, str]) -> int:
        start, end = (int(t[:2]) * 60 + int(t[3:]) for t in key)
        return end - start

    best = max(sorted(by_time), key=lambda k: (len(by_time[k]) * length(k), len(by_time[k])))
    return f"{_day_ranges(sorted(by_time[best]))} {best[0]}–{best[1]} UTC works for all of you"


def _department_reason(members: Sequence[Member]) -> str | None:
    seen: dict[str, str] = {}
    for member in members:
        key = department_key(member.department)
        if key and key not in seen:
            seen[key] = (member.department or "").strip()
    if len(seen) < 2:
        return None
    return f"Mixes {_join(list(seen.values()))}"


def describe_circle(pool: Pool, indices: Sequence[int]) -> Circle:
    """Return the circle with its score (mean pair value), reasons and common hours."""
    idx = sorted(indices)
    members = tuple(pool.members[i] for i in idx)
    pairs = [(a, b) for n, a in enumerate(idx) for b in idx[n + 1 :]]
    values = [max(0, int(pool.value[a, b])) for a, b in pairs]
    score = round(sum(values) / len(values)) if values else 0
    topic = sum(int(pool.topic[a, b]) for a, b in pairs) / (1000 * len(pairs)) if pairs else 0.0
    windows = _windows(pool, pool.common_mask(idx))
    reasons = [
        r
        for r in (_topic_reason(members), hours_reason(windows), _department_reason(members))
        if r is not None
    ]
    repeated = tuple(
        (pool.members[a].person_id, pool.members[b].person_id) for a, b in pairs if pool.value[a, b] == REPEAT
    )
    return Circle(
        members=members,
        score=min(1000, score),
        reasons=tuple(reasons),
        common_hours=windows,
        topic_affinity=topic,
        repeated_pairs=repeated,
    )


def propose_circles(
    members: Sequence[Member],
    now: datetime,
    settings: CircleSettings | None = None,
    history: Sequence[PastCircle] = (),
    managers: Mapping[str, str | None] | None = None,
    round_index: int | None = None,
    seed: int = 0,
    exact_limit: int = EXACT_LIMIT,
) -> CircleProposal:
    """Group the waiting members into circles (see the package docstring for every rule)."""
    settings = settings or CircleSettings()
    pool = build_pool(members, settings, history, now, managers, round_index)
    people, isolated = eligible_people(pool)
    unplaced: dict[int, str] = {i: _isolation_reason(pool, i, len(pool.members) - 1) for i in isolated}
    lo, hi = settings.min_size, settings.max_size
    span = f"{lo}" if lo == hi else f"{lo}–{hi}"
    circles: list[list[int]] = []
    method = "exact" if len(people) <= exact_limit else "local_search"
    note: str | None = None
    if len(pool.members) < lo:
        for i in range(len(pool.members)):
            waiting = len(pool.members)
            unplaced[i] = (
                f"Only {waiting} {'person is' if waiting == 1 else 'people are'} waiting for a circle; "
                f"a circle needs at least {lo}"
            )
    elif len(people) < lo:
        for i in people:
            unplaced[i] = (
                f"Only {len(people)} {'person is' if len(people) == 1 else 'people are'} waiting who "
                f"could share a circle; a circle needs at least {lo}"
            )
    elif method == "exact":
        solved = _solve_exact_most(pool, people, lo, hi)
        if solved is not None:
            circles, proven = solved
            if not proven:
                note = "The exact solver ran out of time; this is the best grouping it found"
    else:
        circles, dissolved = _solve_large(pool, people, lo, hi, seed, exact_limit)
        for i in dissolved:
            unplaced[i] = _no_circle_reason()
    in_circle = {i for c in circles for i in c}
    for i in people:
        if i in in_circle or i in unplaced:
            continue
        if len(in_circle) + len(unplaced) and _split_left(len(people), lo, hi):
            unplaced[i] = (
                f"The {len(people)} people waiting can't all be split into balanced circles of "
                f"{span}, so you wait for the next round"
            )
        else:
            unplaced[i] = _no_circle_reason()
    described = sorted(
        (describe_circle(pool, c) for c in circles), key=lambda c: tuple(m.person_id for m in c.members)
    )
    repeats = sum(len(c.repeated_pairs) for c in described)
    if repeats:
        extra = (
            f"{repeats} pair{'s' if repeats != 1 else ''} share a circle again: "
            "without that, someone would have been left out"
        )
        note = f"{note}; {extra}" if note else extra
    left = tuple(
        Unplaced(pool.members[i], unplaced[i])
        for i in sorted(unplaced, key=lambda i: pool.members[i].person_id)
    )
    return CircleProposal(circles=tuple(described), unplaced=left, note=note, method=method)


def _solve_large(
    pool: Pool, people: Sequence[int], lo: int, hi: int, seed: int, exact_limit: int
) -> tuple[list[list[int]], set[int]]:
    """Local search, then up to ``REPAIR_ROUNDS`` regroupings of whoever is left over; if some are
    still left, up to ``RETRIES`` more tries, each with the next smaller plan (so the search can
    choose who waits), keeping the try that places the most people.

    A circle still breaking a hard rule is dissolved; its members and those waiting are grouped
    again among themselves (exactly when few enough), in sizes of the first plan only (so every
    circle of the round stays floor/ceil of one mean). Returns the circles and the people whose
    circle was dissolved and who could not be regrouped.
    """
    best: tuple[list[list[int]], set[int]] = ([], set())
    target = len(people)
    for attempt in range(RETRIES + 1):
        plan = largest_plan(target, lo, hi)
        if plan is None:
            break
        circles, dissolved = _solve_plan(pool, people, plan, hi, seed, exact_limit)
        if attempt:  # a retry's waiting list is made of people the rules left out
            placed = {i for c in circles for i in c}
            dissolved = {i for i in people if i not in placed}
        if not best[0] or sum(map(len, circles)) > sum(map(len, best[0])):
            best = (circles, dissolved)
        if not dissolved:
            break
        target = sum(plan) - 1  # the next plan lets at least one more wait
    return best


def _solve_plan(
    pool: Pool, people: Sequence[int], plan: tuple[int, ...], hi: int, seed: int, exact_limit: int
) -> tuple[list[list[int]], set[int]]:
    """Solve one plan by local search and repair (see ``_solve_large``)."""
    found = solve_local(pool, people, plan, seed=seed)
    circles = [c for c in found if not _has_conflict(pool, c)]
    dissolved = {i for c in found if _has_conflict(pool, c) for i in c}
    small, large = min(plan), max(plan)
    if small == large:
        large = min(hi, small + 1)
    for _ in range(REPAIR_ROUNDS):
        if not dissolved:
            break
        placed = {i for c in circles for i in c}
        left = [i for i in people if i not in placed]
        repair = largest_plan(len(left), small, large)
        if repair is None:
            break
        if len(left) <= exact_limit:
            solved = _solve_exact_most(pool, left, small, large)
            again = solved[0] if solved is not None else []
        else:
            again = solve_local(pool, left, repair, seed=seed)
        kept = [c for c in again if not _has_conflict(pool, c)]
        if not kept:
            break
        circles.extend(kept)
        dissolved -= {i for c in kept for i in c}
    return circles, dissolved


def _solve_exact_most(
    pool: Pool, people: Sequence[int], lo: int, hi: int
) -> tuple[list[list[int]], bool] | None:
    """Solve exactly for the most people that can be placed (the largest plan that is feasible)."""
    placed = len(people)
    while placed >= lo:
        plan = largest_plan(placed, lo, hi)
        if plan is None:
            return None
        solved = solve_exact(pool, people, plan)
        if solved is not None:
            return solved
        placed = sum(plan) - 1
    return None


def _split_left(count: int, lo: int, hi: int) -> bool:
    plan = largest_plan(count, lo, hi)
    return plan is not None and sum(plan) < count


def _no_circle_reason() -> str:
    return (
        "No circle could be formed around you that respects working hours, reporting lines and "
        "recent circles this round"
    )


def _has_conflict(pool: Pool, circle: Sequence[int]) -> bool:
    """Return whether a circle breaks a hard rule (a pair, or no common window for all)."""
    idx = np.array(circle, dtype=np.int64)
    if (pool.value[np.ix_(idx, idx)] == HARD).any():
        return True
    return mask_hours(pool.common_mask(circle)) < MIN_COMMON_HOURS
