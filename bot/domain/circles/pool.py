"""The round as matrices: pair values, hard conflicts, soft repeats, weekly working hours.

* Topic affinity of two people is the mean of both directions of ``matching.rules.topic_fit``
  over the topics they want to talk about (1 for the same topics, partial credit for related
  wordings, 0 when either gave none); computed for all pairs at once with numpy.
* Weekly working hours: 09:00-17:00 local, Monday to Friday in each person's own calendar, over
  the seven UTC days after ``now``'s UTC date, in 30-minute UTC slots (a slot counts when it lies
  wholly inside working hours, so 45-minute offsets lose a part-slot). An unknown zone is UTC.
* The pair value (0..1000) weighs topic affinity, shared hours (full at an average of four shared
  hours per working day) and different departments (1 different, 0 same, 0.5 unknown).
* Hard conflicts: blocked either way; a reporting line (anyone up the other's management chain);
  fewer than ``MIN_COMMON_HOURS`` shared hours in the week; a shared past circle inside the
  cooldown. With no cooldown (None) every past circle-mate is a soft repeat instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from math import gcd

import numpy as np
from numpy.typing import NDArray

from bot.domain.circles.model import CircleSettings, Member, PastCircle
from bot.domain.matching.rules import management_chain, topic_similarity
from bot.domain.meeting_times import zone

SLOT = timedelta(minutes=30)
SLOTS_PER_WEEK = 7 * 48
MIN_COMMON_HOURS = 1.0
FULL_DAILY_HOURS = 4.0
WORKING_DAYS = 5
HARD = -1_000_000_000
REPEAT = -1_000_000
_BLOCK = 512
_CHAIN_DEPTH = 64


class Conflict(StrEnum):
    """Why two people may not share a circle."""

    BLOCKED = "blocked"
    REPORTING_LINE = "reporting_line"
    NO_COMMON_HOURS = "no_common_hours"
    RECENT_CIRCLE = "recent_circle"


def week_start(now: datetime) -> datetime:
    """Return the start (UTC midnight) of the week whose working hours a round compares."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=UTC)


def zone_mask(zone_name: str, start: datetime) -> int:
    """Return a bit per 30-minute UTC slot of the week from ``start`` inside the zone's working hours."""
    tz = zone(zone_name)
    mask = 0
    first_day = start.date() - timedelta(days=1)
    for offset in range(9):
        day = first_day + timedelta(days=offset)
        if day.weekday() >= WORKING_DAYS:
            continue
        begin = datetime.combine(day, time(9), tzinfo=tz).astimezone(UTC)
        end = datetime.combine(day, time(17), tzinfo=tz).astimezone(UTC)
        lo = max(0, -(-int((begin - start).total_seconds()) // 1800))  # ceil to a slot
        hi = min(SLOTS_PER_WEEK, int((end - start).total_seconds()) // 1800)  # floor
        if hi > lo:
            mask |= ((1 << (hi - lo)) - 1) << lo
    return mask


def mask_hours(mask: int) -> float:
    """Return the hours a slot mask covers."""
    return mask.bit_count() / 2


def department_key(department: str | None) -> str | None:
    """Return the department folded for comparison (None when unknown)."""
    key = department.strip().casefold() if department else ""
    return key or None


@dataclass
class Pool:
    """Pair matrices for one round; row/column i is ``members[i]`` (sorted by person id)."""

    members: list[Member]
    settings: CircleSettings
    start: datetime
    value: NDArray[np.int32]  # 0..1000, HARD for conflicts, REPEAT for soft repeats
    topic: NDArray[np.int16]  # topic affinity x 1000
    zone_index: NDArray[np.int64]
    zone_masks: list[int]
    conflicts: dict[tuple[int, int], Conflict]  # (i < j) -> conflict other than hours
    repeats: frozenset[tuple[int, int]]  # soft repeats (i < j)

    def hours_ok(self, i: int, j: int) -> bool:
        """Return whether i and j share at least ``MIN_COMMON_HOURS`` this week."""
        both = self.zone_masks[self.zone_index[i]] & self.zone_masks[self.zone_index[j]]
        return mask_hours(both) >= MIN_COMMON_HOURS

    def common_mask(self, indices: Sequence[int]) -> int:
        """Return the slots every listed person is working."""
        mask = (1 << SLOTS_PER_WEEK) - 1
        for i in indices:
            mask &= self.zone_masks[self.zone_index[i]]
        return mask


def _topic_tables(members: Sequence[Member]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return (best similarity of each person's topics to each vocabulary topic, wants / count)."""
    vocabulary = sorted({t for m in members for t in m.topics})
    index = {t: n for n, t in enumerate(vocabulary)}
    size = len(vocabulary)
    similarity = np.zeros((size, size))
    for a, ta in enumerate(vocabulary):
        for b in range(a, size):
            similarity[a, b] = similarity[b, a] = topic_similarity(ta, vocabulary[b])
    best = np.zeros((len(members), size))
    wants = np.zeros((len(members), size))
    for i, member in enumerate(members):
        rows = sorted({index[t] for t in member.topics})
        if rows:
            best[i] = similarity[rows].max(axis=0)
            wants[i, rows] = 1.0 / len(rows)
    return best, wants


def reporting_pairs(members: Sequence[Member], managers: Mapping[str, str | None]) -> set[tuple[int, int]]:
    """Return index pairs (i < j) where one is anywhere up the other's management chain."""
    chart = {m.slack_user_id: m.manager_slack_id for m in members if m.manager_slack_id}
    chart.update({k: v for k, v in managers.items() if v})
    position: dict[str, int] = {m.slack_user_id: i for i, m in enumerate(members)}
    pairs: set[tuple[int, int]] = set()
    for i, member in enumerate(members):
        for boss in management_chain(member.slack_user_id, chart, member.manager_slack_id, _CHAIN_DEPTH):
            j = position.get(boss)
            if j is not None and j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def build_pool(
    members: Sequence[Member],
    settings: CircleSettings,
    history: Sequence[PastCircle],
    now: datetime,
    managers: Mapping[str, str | None] | None = None,
    round_index: int | None = None,
) -> Pool:
    """Build the round's matrices (members are sorted by person id; duplicates keep the first)."""
    unique: dict[int, Member] = {}
    for member in members:
        unique.setdefault(member.person_id, member)
    ordered = [unique[k] for k in sorted(unique)]
    n = len(ordered)
    start = week_start(now)
    zone_names = sorted({m.timezone for m in ordered})
    zone_masks = [zone_mask(name, start) for name in zone_names]
    zone_of = {name: k for k, name in enumerate(zone_names)}
    zone_index = np.array([zone_of[m.timezone] for m in ordered], dtype=np.int64)
    zone_hours = np.array(
        [[mask_hours(a & b) for b in zone_masks] for a in zone_masks], dtype=np.float64
    ).reshape(len(zone_masks), len(zone_masks))
    departments = sorted({k for m in ordered if (k := department_key(m.department))})
    dept_of = {d: k for k, d in enumerate(departments)}
    dept = np.array([dept_of.get(department_key(m.department) or "", -1) for m in ordered], dtype=np.int64)
    best, wants = _topic_tables(ordered)
    total = settings.topic_weight + settings.hours_weight + settings.department_weight
    value = np.zeros((n, n), dtype=np.int32)
    topic = np.zeros((n, n), dtype=np.int16)
    for lo in range(0, n, _BLOCK):
        hi = min(n, lo + _BLOCK)
        forward = best[lo:hi] @ wants.T  # fit of j's topics to i's
        backward = wants[lo:hi] @ best.T  # fit of i's topics to j's
        affinity = (forward + backward) / 2
        hours = zone_hours[zone_index[lo:hi, None], zone_index[None, :]]
        daily = np.minimum(hours / WORKING_DAYS, FULL_DAILY_HOURS) / FULL_DAILY_HOURS
        known = (dept[lo:hi, None] >= 0) & (dept[None, :] >= 0)
        cross = np.where(known, (dept[lo:hi, None] != dept[None, :]).astype(np.float64), 0.5)
        raw = (
            settings.topic_weight * affinity
            + settings.hours_weight * daily
            + settings.department_weight * cross
        )
        block = np.rint(1000.0 * raw / total).astype(np.int32)
        block[hours < MIN_COMMON_HOURS] = HARD
        value[lo:hi] = block
        topic[lo:hi] = np.rint(1000.0 * affinity).astype(np.int16)
    conflicts: dict[tuple[int, int], Conflict] = {}
    position = {m.slack_user_id: i for i, m in enumerate(ordered)}
    for i, member in enumerate(ordered):
        for other in sorted(member.blocked):
            j = position.get(other)
            if j is not None and j != i:
                conflicts[(min(i, j), max(i, j))] = Conflict.BLOCKED
    for pair in sorted(reporting_pairs(ordered, managers or {})):
        conflicts.setdefault(pair, Conflict.REPORTING_LINE)
    current = round_index
    if current is None:
        current = max((c.round_index for c in history), default=-1) + 1
    index_of = {m.person_id: i for i, m in enumerate(ordered)}
    repeats: set[tuple[int, int]] = set()
    for past in history:
        present = sorted(index_of[p] for p in past.member_ids if p in index_of)
        recent = (
            settings.cooldown_rounds is not None and current - past.round_index <= settings.cooldown_rounds
        )
        for a, i in enumerate(present):
            for j in present[a + 1 :]:
                if recent:
                    conflicts.setdefault((i, j), Conflict.RECENT_CIRCLE)
                elif settings.cooldown_rounds is None:
                    repeats.add((i, j))
    for (i, j), _ in conflicts.items():
        value[i, j] = value[j, i] = HARD
    for i, j in repeats:
        if value[i, j] != HARD:
            value[i, j] = value[j, i] = REPEAT
    np.fill_diagonal(value, 0)
    np.fill_diagonal(topic, 0)
    return Pool(
        members=ordered,
        settings=settings,
        start=start,
        value=value,
        topic=topic,
        zone_index=zone_index,
        zone_masks=zone_masks,
        conflicts=conflicts,
        repeats=frozenset(p for p in repeats if p not in conflicts),
    )


def plan_sizes(count: int, min_size: int, max_size: int) -> tuple[int, ...] | None:
    """Return balanced circle sizes (largest first) for ``count`` people, or None when impossible.

    The number of circles k is any with ceil(count / max) <= k <= floor(count / min), so every
    size floor/ceil(count / k) lies within bounds; the k whose mean size is nearest the middle of
    the range wins, ties to fewer (larger) circles.
    """
    if count < min_size:
        return None
    low, high = -(-count // max_size), count // min_size
    if low > high:
        return None
    middle = (min_size + max_size) / 2
    k = min(range(low, high + 1), key=lambda c: (abs(count / c - middle), c))
    base, extra = divmod(count, k)
    return tuple([base + 1] * extra + [base] * (k - extra))


def largest_plan(count: int, min_size: int, max_size: int) -> tuple[int, ...] | None:
    """Return the plan for the most people up to ``count`` that can be split (None when none)."""
    for placed in range(count, min_size - 1, -1):
        plan = plan_sizes(placed, min_size, max_size)
        if plan is not None:
            return plan
    return None


def size_weights(sizes: Sequence[int]) -> dict[int, int]:
    """Return the integer weight L / (s - 1) per size, L the lcm of (s - 1) over the sizes."""
    lcm = 1
    for s in set(sizes):
        lcm = lcm * (s - 1) // gcd(lcm, s - 1)
    return {s: lcm // (s - 1) for s in set(sizes)}


def objective(pool: Pool, circles: Sequence[Sequence[int]]) -> int:
    """Return sum over circles of L / (size - 1) x the sum of pair values (penalties included).

    Divided by L, this is the sum over people of their mean pair value with their circle-mates.
    """
    weights = size_weights([len(c) for c in circles]) if circles else {}
    total = 0
    for circle in circles:
        idx = np.array(sorted(circle), dtype=np.int64)
        block = pool.value[np.ix_(idx, idx)].astype(np.int64)
        total += weights[len(circle)] * int(block.sum()) // 2
    return total
