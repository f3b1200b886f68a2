"""Peer circles: forming balanced groups of 4-6 (by default) that share topics and working hours.

Pure and deterministic (numpy and OR-Tools only): the same input gives the same proposal.

- ``model``: members, past circles, settings, the proposal and its JSON shape.
- ``pool``: the round as matrices (pair values, hard conflicts, soft repeats, weekly hours).
- ``solver``: CP-SAT on small pools, greedy seeding + local search on large ones.
- ``propose``: ``propose_circles`` - eligibility, the size plan, the solve and every reason.

Rules:

* Sizes: only sizes within [min_size, max_size], balanced. With N people placeable, the number of
  circles k is chosen so every size is floor/ceil(N / k) within bounds (the k whose mean size is
  nearest the middle of the range; ties to fewer circles). When N cannot be split (N < min, or e.g.
  7 people with sizes 4-6), the most people that can be split are placed and the others wait, each
  with a reason. So a circle never differs from another of the round by more than one person.
* Hard rules, never broken inside a circle: two people where either blocked the other; two people
  in a reporting line (one anywhere up the other's management chain, from the members' managers
  and any ``managers`` map given); two people without ``MIN_COMMON_HOURS`` (1 h) of shared working
  time in the coming week (09:00-17:00 Mon-Fri local; for real zones this also gives the whole
  circle a common window, which the reasons name); and, with ``cooldown_rounds`` = c, two people
  who shared a circle in a round r with current - r <= c (c = 0 allows any repeat).
* Cooldown None ("never again while others are available"): a pair who ever shared a circle is a
  repeat; repeats are allowed only when the round can't place as many people without them, and
  then the fewest repeats are used (exact solver: lexicographic; local search: a penalty larger
  than any single move's gain). The proposal's note counts them.
* People with fewer than min_size - 1 allowed partners (repeatedly, among those still eligible)
  can't be placed; their reason counts what rules the others out.
* Objective (after the hard rules): the sum over placed people of their mean pair value with their
  circle-mates, a pair value (0..1000) weighing topic affinity 0.7, shared hours 0.15 and different
  departments 0.15. A circle's score is its mean pair value.
* Solver: exact CP-SAT up to ``EXACT_LIMIT`` (20) placeable people (about 1 s at 20; 23 people
  in five circles already took over 15 s) (falling back to fewer people
  placed if the plan can't be filled); above it, greedy seeding + local search (a fixed number of
  passes with a seeded RNG, no wall-clock limit, so the result is deterministic). A local-search
  circle left with a hard conflict is dissolved; its members and those waiting are grouped again
  among themselves (up to three times, exactly when few enough, in the first plan's sizes only);
  if some are still left, the next smaller plans are tried (up to two) so the search can choose who
  waits, keeping the try that places the most; whoever is still left is told why.
* Reasons: shared topics ("You all want to talk about ..." or "3 of you want to talk about ..."),
  the common hours in UTC ("Tue–Thu 14:00–16:00 UTC works for all of you"; the exact windows are
  on ``Circle.common_hours`` for the edge to localise) and mixed departments ("Mixes Engineering,
  Sales and Design").
"""
