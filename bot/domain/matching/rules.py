"""Mentor matching rules: who may be paired, how well a pair fits, and why.

Rules owned here:

* Hard constraints remove a pair outright (see ``Violation``, checked in that order): the same
  person on both sides; either person paused, inactive or opted out; a mentor who offers no
  topics; a mentor with no free place (capacity minus current mentees); either person blocked the
  other; a reporting line in either direction (manager or manager's manager); an active pair
  between the two, or a past pair unless the program's repeat cooldown has passed since it ended.
* A pair is a candidate only when its topic fit is above 0 and at least ``min_topic_fit``.
* The score is an integer 0..1000: the weighted mean of five components in [0, 1] (topic fit,
  shared working hours, cadence, meeting format, cross-department), rounded half to even.
  ``solver`` recomputes it with numpy using the very same float operations in the same order,
  so both give identical integers.
* Working hours are 09:00-17:00 local time on the given date, with each zone's UTC offset on that
  date (DST-aware); the other person's neighbouring days count too, so Tokyo and Los Angeles share
  the hour where one's evening is the other's next morning. An unknown time zone counts as UTC.
  Four shared hours already earn the full hours component.
* An empty format list means "any format".
* Custom profile questions (``Criterion``, written by a program's admins) add one component each
  after the five, weighted beside them: prefer the same answer, prefer a different answer, the
  mentor's level above the mentee's (an ordered scale), or must match. A person who has not
  answered counts 0.5 (unknown); "must match" is also a hard constraint (``REQUIRED_ANSWER``,
  checked last) when both answered and share no answer.
* Reasons say why two people fit; what may get in their way (no shared working hours, no meeting
  format in common) is a caution with a suggestion, never a reason.

Kept as one module (about 600 lines, on purpose): the constraints, the score and the reasons are
one rule set that ``solver`` mirrors operation by operation; in one file the order of the checks
and of the float operations is read, reviewed and changed in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.domain.meeting_times import zone as _zone

MAX_SCORE = 1000
WORKDAY_START = time(9)
WORKDAY_END = time(17)
FULL_OVERLAP_HOURS = 4.0
SAME_STEMS_CREDIT = 0.9
RELATED_CREDIT = 0.8
MANAGEMENT_CHAIN_DEPTH = 2
CADENCES = ("weekly", "biweekly", "monthly")
FORMATS = ("video", "in_person", "chat")

_STOP_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with", "&"})
_WORD_SPLIT = re.compile(r"\s+")
_CADENCE_WORDS = {"weekly": "every week", "biweekly": "every two weeks", "monthly": "every month"}
_FORMAT_WORDS = {"video": "video", "in_person": "in person", "chat": "chat"}


class Violation(StrEnum):
    """Hard-constraint reason codes, in the order they are checked."""

    SAME_PERSON = "same_person"
    UNAVAILABLE = "unavailable"
    NOT_A_MENTOR = "not_a_mentor"
    MENTOR_FULL = "mentor_full"
    BLOCKED = "blocked"
    REPORTING_LINE = "reporting_line"
    ACTIVE_PAIR = "active_pair"
    PREVIOUS_PAIR = "previous_pair"
    REQUIRED_ANSWER = "required_answer"


VIOLATION_ORDER: tuple[Violation, ...] = tuple(Violation)
_VIOLATION_WORDS = {
    Violation.SAME_PERSON: "yourself",
    Violation.UNAVAILABLE: "paused mentor",
    Violation.NOT_A_MENTOR: "not mentoring",
    Violation.MENTOR_FULL: "at capacity",
    Violation.BLOCKED: "not possible for a private reason",
    Violation.REPORTING_LINE: "reporting line",
    Violation.ACTIVE_PAIR: "current pair",
    Violation.PREVIOUS_PAIR: "previous pair",
    Violation.REQUIRED_ANSWER: "a required answer differs",
}


@dataclass(frozen=True)
class Participant:
    """A program member as the matcher sees them."""

    person_id: int
    slack_user_id: str
    name: str
    offers: tuple[str, ...]
    wants: tuple[str, ...]
    department: str | None
    timezone: str
    cadence: str
    formats: tuple[str, ...]
    capacity: int = 1
    active_mentees: int = 0
    manager_slack_id: str | None = None
    available: bool = True
    blocked: frozenset[str] = frozenset()
    # Answers to the program's custom questions: (question key, option ids), sorted by key.
    answers: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def answer(self, key: str) -> tuple[str, ...]:
        """Return this person's option ids for a custom question (empty: not answered)."""
        for found, values in self.answers:
            if found == key:
                return values
        return ()

    @property
    def free_capacity(self) -> int:
        """Return how many more mentees this mentor can take."""
        return max(0, self.capacity - self.active_mentees)


class CriterionRule(StrEnum):
    """How a custom question's answers steer matching."""

    SAME = "same"  # prefer the same answer
    DIFFERENT = "different"  # prefer a different answer
    ABOVE = "above"  # the mentor's level above the mentee's (options are an ordered scale)
    MUST_MATCH = "must_match"  # a hard constraint: both answered means a shared answer


@dataclass(frozen=True)
class Criterion:
    """A custom question as the matcher sees it.

    ``options`` are (option id, label) in the admin's order (lowest level first for ``ABOVE``);
    answers are option ids, so renaming an option keeps every answer. ``reason`` may carry
    ``{answer}`` ("You both speak {answer}").
    """

    key: str
    label: str
    rule: CriterionRule
    weight: float = 0.0
    options: tuple[tuple[str, str], ...] = ()
    reason: str = ""

    def option_label(self, option_id: str) -> str:
        """Return an option's current label (its id when unknown)."""
        return next((label for found, label in self.options if found == option_id), option_id)

    def level(self, values: Sequence[str]) -> int | None:
        """Return the highest scale position among the values (None: none on the scale)."""
        order = [found for found, _ in self.options]
        positions = [order.index(v) for v in values if v in order]
        return max(positions) if positions else None


@dataclass(frozen=True)
class MatchWeights:
    """Program settings for scoring; weights need not sum to 1."""

    topic: float = 0.55
    hours: float = 0.2
    cadence: float = 0.1
    format: float = 0.05
    cross_department: float = 0.1
    min_topic_fit: float = 0.0
    criteria: tuple[Criterion, ...] = ()

    def __post_init__(self) -> None:
        """Reject negative weights, an all-zero weighting and a topic floor outside [0, 1]."""
        weights = (
            self.topic,
            self.hours,
            self.cadence,
            self.format,
            self.cross_department,
            *(c.weight for c in self.criteria),
        )
        if min(weights) < 0 or self.total <= 0:
            msg = "weights must be non-negative with a positive sum"
            raise ValueError(msg)
        if not 0.0 <= self.min_topic_fit <= 1.0:
            msg = "min_topic_fit must be within [0, 1]"
            raise ValueError(msg)

    @property
    def total(self) -> float:
        """Return the sum of the component weights, added in a fixed order (questions last)."""
        total = self.topic + self.hours + self.cadence + self.format + self.cross_department
        for criterion in self.criteria:
            total += criterion.weight
        return total


@dataclass(frozen=True)
class PastPair:
    """A mentorship that exists or existed; ``ended_at`` is None while it is active."""

    mentor_id: int
    mentee_id: int
    ended_at: datetime | None


@dataclass(frozen=True)
class History:
    """Past and active pairs; ``repeat_cooldown_days`` None means never pair the same two again."""

    pairs: tuple[PastPair, ...] = ()
    repeat_cooldown_days: int | None = None


@dataclass(frozen=True)
class PairScore:
    """A pair's integer score (0..1000), plain-word reasons, cautions and component values.

    Reasons say why the two fit; cautions are what may get in their way (no shared working hours,
    no meeting format in common), each with a suggestion, and are never listed as reasons.
    """

    score: int
    reasons: tuple[str, ...]
    components: dict[str, float] = field(hash=False)
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProposedPair:
    """A mentee paired with a mentor, with the score and reasons to show them."""

    mentee: Participant
    mentor: Participant
    score: int
    reasons: tuple[str, ...]
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unmatched:
    """A mentee left without a mentor this round, and why in plain words."""

    mentee: Participant
    reason: str


@dataclass(frozen=True)
class MatchProposal:
    """The outcome of a matching round."""

    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[Unmatched, ...]
    total_score: int

    @property
    def matched_count(self) -> int:
        """Return the number of matched mentees."""
        return len(self.pairs)


@dataclass(frozen=True)
class CandidateSummary:
    """For one mentee: mentors whose topics fit, and how many of them each constraint removed."""

    fitting: int
    ruled_out: tuple[tuple[Violation, int], ...] = ()

    @property
    def allowed(self) -> int:
        """Return how many fitting mentors no hard constraint removed."""
        return self.fitting - sum(count for _, count in self.ruled_out)


# --- topics ---------------------------------------------------------------------------------


def _stem(word: str) -> str:
    """Fold a word onto a crude stem ("speaking", "speaker" -> "speak"; "apis" -> "api")."""
    if not word.isalpha():
        return word
    stem = word
    if len(stem) > 3 and stem.endswith("s") and not stem.endswith("ss"):
        stem = stem[:-1]
    for suffix in ("ment", "ing", "er"):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            if suffix == "er" and stem.endswith("eer"):
                break
            stem = stem[: -len(suffix)]
            break
    if len(stem) > 3 and stem.endswith("e"):
        stem = stem[:-1]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=8192)
def topic_stems(topic: str) -> frozenset[str]:
    """Return the word stems of a normalised topic, without filler words."""
    words = (w for w in _WORD_SPLIT.split(topic.casefold()) if w and w not in _STOP_WORDS)
    return frozenset(_stem(w) for w in words)


@lru_cache(maxsize=65536)
def topic_similarity(a: str, b: str) -> float:
    """Return 1 for the same topic, partial credit for shared word stems, 0 for unrelated."""
    if a == b:
        return 1.0
    stems_a, stems_b = topic_stems(a), topic_stems(b)
    shared = len(stems_a & stems_b)
    if shared == 0:
        return 0.0
    if stems_a == stems_b:
        return SAME_STEMS_CREDIT
    return round(RELATED_CREDIT * 2 * shared / (len(stems_a) + len(stems_b)), 3)


def _topic_links(
    wants: Sequence[str],
    offers: Sequence[str],
) -> list[tuple[str, str | None, float]]:
    """Pair each wanted topic with its closest offered topic and their similarity."""
    links: list[tuple[str, str | None, float]] = []
    for want in wants:
        best, best_offer = 0.0, None
        for offer in offers:
            similarity = topic_similarity(want, offer)
            if similarity > best:
                best, best_offer = similarity, offer
        links.append((want, best_offer, best))
    return links


def topic_fit(wants: Sequence[str], offers: Sequence[str]) -> tuple[float, tuple[str, ...]]:
    """Return the mean best similarity over wanted topics and the wanted topics covered."""
    if not wants:
        return 0.0, ()
    links = _topic_links(wants, offers)
    total = 0.0
    for _, _, similarity in links:
        total += similarity
    return total / len(wants), tuple(want for want, _, similarity in links if similarity > 0)


def is_topic_candidate(fit: float, weights: MatchWeights) -> bool:
    """Return whether a topic fit is enough for the pair to be considered at all."""
    return fit > 0.0 and fit >= weights.min_topic_fit


# --- components -----------------------------------------------------------------------------


def _workday(zone: ZoneInfo, day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, WORKDAY_START, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day, WORKDAY_END, tzinfo=zone).astimezone(UTC)
    return start, end


@lru_cache(maxsize=16384)
def working_hours_overlap(tz_a: str, tz_b: str, on: date) -> float:
    """Return the hours that a's 09:00-17:00 on ``on`` overlaps b's nearby working days."""
    start_a, end_a = _workday(_zone(tz_a), on)
    zone_b = _zone(tz_b)
    seconds = 0.0
    for shift in (-1, 0, 1):
        start_b, end_b = _workday(zone_b, on + timedelta(days=shift))
        overlap = (min(end_a, end_b) - max(start_a, start_b)).total_seconds()
        seconds += max(0.0, overlap)
    return seconds / 3600


def hours_component(tz_a: str, tz_b: str, on: date) -> float:
    """Return shared working hours as a value in [0, 1], full at four hours."""
    return min(working_hours_overlap(tz_a, tz_b, on), FULL_OVERLAP_HOURS) / FULL_OVERLAP_HOURS


def cadence_component(a: str, b: str) -> float:
    """Return 1 for the same cadence, 0.5 for neighbouring ones, else 0."""
    if a == b:
        return 1.0
    if a in CADENCES and b in CADENCES and abs(CADENCES.index(a) - CADENCES.index(b)) == 1:
        return 0.5
    return 0.0


def _shared_formats(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    """Return the formats both accept, treating an empty list as any format."""
    ours = set(a) if a else set(FORMATS)
    theirs = set(b) if b else set(FORMATS)
    known = [f for f in FORMATS if f in ours & theirs]
    return (*known, *sorted((ours & theirs) - set(FORMATS)))


def shared_formats(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    """Return the meeting formats both accept (an empty list means any format)."""
    return _shared_formats(a, b)


def format_component(a: Sequence[str], b: Sequence[str]) -> float:
    """Return 1 when the two share a meeting format, else 0."""
    return 1.0 if _shared_formats(a, b) else 0.0


def _department_key(department: str | None) -> str | None:
    key = department.strip().casefold() if department else ""
    return key or None


def department_component(a: str | None, b: str | None) -> float:
    """Return 1 for different departments, 0 for the same one, 0.5 when either is unknown."""
    key_a, key_b = _department_key(a), _department_key(b)
    if key_a is None or key_b is None:
        return 0.5
    return 0.0 if key_a == key_b else 1.0


def criterion_component(
    criterion: Criterion, mentee_values: Sequence[str], mentor_values: Sequence[str]
) -> float:
    """Return a custom question's component in [0, 1]; 0.5 when either has not answered."""
    if not mentee_values or not mentor_values:
        return 0.5
    if criterion.rule is CriterionRule.ABOVE:
        mentee_level, mentor_level = criterion.level(mentee_values), criterion.level(mentor_values)
        if mentee_level is None or mentor_level is None:
            return 0.5
        return 1.0 if mentor_level > mentee_level else 0.0
    shared = bool(set(mentee_values) & set(mentor_values))
    if criterion.rule is CriterionRule.DIFFERENT:
        return 0.0 if shared else 1.0
    return 1.0 if shared else 0.0


def required_answer_differs(
    criterion: Criterion, mentee_values: Sequence[str], mentor_values: Sequence[str]
) -> bool:
    """Return whether a must-match question rules the pair out (both answered, nothing shared)."""
    return (
        criterion.rule is CriterionRule.MUST_MATCH
        and bool(mentee_values)
        and bool(mentor_values)
        and not set(mentee_values) & set(mentor_values)
    )


def failed_criterion(
    mentee: Participant, mentor: Participant, criteria: Sequence[Criterion]
) -> Criterion | None:
    """Return the first must-match question the two answered differently, if any."""
    for criterion in criteria:
        if required_answer_differs(criterion, mentee.answer(criterion.key), mentor.answer(criterion.key)):
            return criterion
    return None


def combine_components(
    topic: float,
    hours: float,
    cadence: float,
    fmt: float,
    department: float,
    weights: MatchWeights,
    answers: Sequence[float] = (),
) -> int:
    """Return the 0..1000 score for component values (the order of operations is fixed);
    ``answers`` are the custom questions' components in the order of ``weights.criteria``."""
    raw = (
        weights.topic * topic
        + weights.hours * hours
        + weights.cadence * cadence
        + weights.format * fmt
        + weights.cross_department * department
    )
    for criterion, value in zip(weights.criteria, answers, strict=True):
        raw += criterion.weight * value
    return min(MAX_SCORE, max(0, round(1000.0 * raw / weights.total)))


def match_date(now: datetime) -> date:
    """Return the UTC date whose working hours a matching round compares."""
    return now.astimezone(UTC).date()


# --- scoring --------------------------------------------------------------------------------


def _join(items: Sequence[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


# What older releases listed among the reasons; stored reasons may still carry them.
LEGACY_CAUTIONS = frozenset(
    {"No shared working hours between 09:00 and 17:00", "No meeting format in common"}
)
HOURS_CAUTION = "No shared working hours: try an early or late slot, or async updates between meetings"
FORMAT_CAUTION = "No meeting format in common: agree together how you will meet"


def _hours_reason(hours: float) -> str | None:
    if hours <= 0:
        return None
    amount = f"{round(hours, 2):g}"
    unit = "hour" if amount == "1" else "hours"
    return f"{amount} {unit} of shared working time"


def _cadence_reason(a: str, b: str) -> str | None:
    if a == b:
        return f"Both prefer meeting {_CADENCE_WORDS.get(a, a)}"
    if cadence_component(a, b) > 0:
        return f"Close meeting rhythms: {_CADENCE_WORDS[a]} and {_CADENCE_WORDS[b]}"
    return None


def _format_reason(a: Sequence[str], b: Sequence[str]) -> str | None:
    if not a and not b:
        return "Both are flexible about how to meet"
    shared = _shared_formats(a, b)
    if not shared:
        return None
    return f"You can both meet by {_join([_FORMAT_WORDS.get(f, f) for f in shared], 'or')}"


def _department_reason(mentee: Participant, mentor: Participant) -> str | None:
    value = department_component(mentee.department, mentor.department)
    if value == 1.0:
        return f"Different departments ({mentee.department}, {mentor.department}): a wider view"
    if value == 0.0:
        return f"Same department ({(mentor.department or '').strip()}): shared context"
    return None


def criterion_reason(
    criterion: Criterion, mentee_values: Sequence[str], mentor_values: Sequence[str]
) -> str | None:
    """Say in plain words how a custom question's answers fit (None when they do not)."""
    if criterion_component(criterion, mentee_values, mentor_values) != 1.0:
        return None
    if criterion.rule is CriterionRule.ABOVE:
        mentor_level, mentee_level = criterion.level(mentor_values), criterion.level(mentee_values)
        if mentor_level is None or mentee_level is None:
            return None
        above, below = criterion.options[mentor_level][1], criterion.options[mentee_level][1]
        return f"{criterion.label}: {above} mentoring {below}"
    if criterion.rule is CriterionRule.DIFFERENT:
        ours = _join([criterion.option_label(v) for v in mentee_values])
        theirs = _join([criterion.option_label(v) for v in mentor_values])
        return f"Different {criterion.label.casefold()} ({ours}, {theirs}): a wider view"
    shared = [oid for oid, _ in criterion.options if oid in mentee_values and oid in mentor_values]
    shared += sorted(set(mentee_values) & set(mentor_values) - set(shared))
    answer = _join([criterion.option_label(v) for v in shared])
    if criterion.reason and "{answer}" in criterion.reason:
        return criterion.reason.replace("{answer}", answer)
    if criterion.reason:
        return f"{criterion.reason}: {answer}"
    return f"Same {criterion.label.casefold()}: {answer}"


def score_pair(
    mentee: Participant,
    mentor: Participant,
    weights: MatchWeights,
    now: datetime,
) -> PairScore:
    """Score how well a mentor fits a mentee and say why in plain words."""
    links = _topic_links(mentee.wants, mentor.offers)
    fit, _ = topic_fit(mentee.wants, mentor.offers)
    on = match_date(now)
    hours = working_hours_overlap(mentee.timezone, mentor.timezone, on)
    components = {
        "topic": fit,
        "hours": hours_component(mentee.timezone, mentor.timezone, on),
        "cadence": cadence_component(mentee.cadence, mentor.cadence),
        "format": format_component(mentee.formats, mentor.formats),
        "cross_department": department_component(mentee.department, mentor.department),
    }
    answers = [criterion_component(c, mentee.answer(c.key), mentor.answer(c.key)) for c in weights.criteria]
    for criterion, value in zip(weights.criteria, answers, strict=True):
        components[f"q:{criterion.key}"] = value
    score = combine_components(
        components["topic"],
        components["hours"],
        components["cadence"],
        components["format"],
        components["cross_department"],
        weights,
        answers,
    )
    reasons: list[str] = []
    exact = [want for want, _, similarity in links if similarity == 1.0]
    if exact:
        reasons.append(f"You both care about {_join(exact)}")
    reasons.extend(
        f"Related topics: {want} is close to {offer}"
        for want, offer, similarity in links
        if 0.0 < similarity < 1.0
    )
    optional = (
        _hours_reason(hours),
        _cadence_reason(mentee.cadence, mentor.cadence),
        _format_reason(mentee.formats, mentor.formats),
        _department_reason(mentee, mentor),
    )
    reasons.extend(reason for reason in optional if reason)
    reasons.extend(
        reason
        for c in weights.criteria
        if (reason := criterion_reason(c, mentee.answer(c.key), mentor.answer(c.key)))
    )
    cautions = (
        *([HOURS_CAUTION] if hours <= 0 else []),
        *([FORMAT_CAUTION] if not _shared_formats(mentee.formats, mentor.formats) else []),
    )
    return PairScore(score=score, reasons=tuple(reasons), components=components, cautions=cautions)


# --- hard constraints -----------------------------------------------------------------------


def manager_map(participants: Iterable[Participant]) -> dict[str, str | None]:
    """Return slack id -> manager slack id from the participants' own records."""
    return {p.slack_user_id: p.manager_slack_id for p in participants if p.manager_slack_id}


def management_chain(
    slack_user_id: str,
    managers: Mapping[str, str | None],
    direct_manager: str | None = None,
    depth: int = MANAGEMENT_CHAIN_DEPTH,
) -> tuple[str, ...]:
    """Return the person's manager, the manager's manager, ... up to ``depth`` levels."""
    current = managers.get(slack_user_id, direct_manager)
    chain: list[str] = []
    while current and len(chain) < depth and current != slack_user_id and current not in chain:
        chain.append(current)
        current = managers.get(current)
    return tuple(chain)


def past_pair_violation(pair: PastPair, history: History, now: datetime) -> Violation | None:
    """Return why a recorded pair stops the same two being paired again, if it does."""
    if pair.ended_at is None:
        return Violation.ACTIVE_PAIR
    cooldown = history.repeat_cooldown_days
    if cooldown is None or now - pair.ended_at < timedelta(days=cooldown):
        return Violation.PREVIOUS_PAIR
    return None


def history_conflicts(history: History, now: datetime) -> dict[tuple[int, int], Violation]:
    """Return (lower id, higher id) -> the most serious history violation for that couple."""
    conflicts: dict[tuple[int, int], Violation] = {}
    for pair in history.pairs:
        violation = past_pair_violation(pair, history, now)
        if violation is None:
            continue
        key = (min(pair.mentor_id, pair.mentee_id), max(pair.mentor_id, pair.mentee_id))
        known = conflicts.get(key)
        if known is None or VIOLATION_ORDER.index(violation) < VIOLATION_ORDER.index(known):
            conflicts[key] = violation
    return conflicts


def constraint_violation(
    mentee: Participant,
    mentor: Participant,
    history: History,
    managers: Mapping[str, str | None],
    now: datetime,
    criteria: Sequence[Criterion] = (),
) -> Violation | None:
    """Return the first hard constraint that rules the pair out, or None when it is allowed
    (``criteria``: the program's custom questions; a must-match one is checked last)."""
    if mentee.person_id == mentor.person_id or mentee.slack_user_id == mentor.slack_user_id:
        return Violation.SAME_PERSON
    if not (mentee.available and mentor.available):
        return Violation.UNAVAILABLE
    if not mentor.offers:
        return Violation.NOT_A_MENTOR
    if mentor.free_capacity <= 0:
        return Violation.MENTOR_FULL
    if mentor.slack_user_id in mentee.blocked or mentee.slack_user_id in mentor.blocked:
        return Violation.BLOCKED
    mentee_chain = management_chain(mentee.slack_user_id, managers, mentee.manager_slack_id)
    mentor_chain = management_chain(mentor.slack_user_id, managers, mentor.manager_slack_id)
    if mentor.slack_user_id in mentee_chain or mentee.slack_user_id in mentor_chain:
        return Violation.REPORTING_LINE
    couple = {mentee.person_id, mentor.person_id}
    found: Violation | None = None
    for pair in history.pairs:
        if {pair.mentor_id, pair.mentee_id} == couple:
            violation = past_pair_violation(pair, history, now)
            if violation is Violation.ACTIVE_PAIR:
                return violation
            found = found or violation
    if found is None and failed_criterion(mentee, mentor, criteria) is not None:
        return Violation.REQUIRED_ANSWER
    return found


# --- explanations ---------------------------------------------------------------------------


def summarise_candidates(
    mentee: Participant,
    mentors: Iterable[Participant],
    history: History,
    managers: Mapping[str, str | None],
    weights: MatchWeights,
    now: datetime,
) -> CandidateSummary:
    """Count the mentors whose topics fit the mentee and what rules each of them out."""
    fitting = 0
    counts: dict[Violation, int] = {}
    for mentor in mentors:
        if not is_topic_candidate(topic_fit(mentee.wants, mentor.offers)[0], weights):
            continue
        fitting += 1
        violation = constraint_violation(mentee, mentor, history, managers, now, weights.criteria)
        if violation is not None:
            counts[violation] = counts.get(violation, 0) + 1
    return CandidateSummary(fitting=fitting, ruled_out=_ordered_counts(counts))


def _ordered_counts(counts: Mapping[Violation, int]) -> tuple[tuple[Violation, int], ...]:
    return tuple((v, counts[v]) for v in VIOLATION_ORDER if counts.get(v))


def explain_unmatched(mentee: Participant, summary: CandidateSummary) -> str:
    """Say in plain words why a mentee has no mentor this round."""
    if not mentee.available:
        return "You are paused or opted out, so you were not matched this round"
    if not mentee.wants:
        return "Add the topics you want to learn so we can look for a mentor"
    if summary.fitting == 0:
        return f"No mentor offers {_join(list(mentee.wants), 'or')} yet"
    if summary.allowed > 0:
        return "Lost out to other mentees for the same mentors; widen your topics"
    ruled = dict(summary.ruled_out)
    full = ruled.pop(Violation.MENTOR_FULL, 0)
    if not ruled:
        return "Every mentor who fits is at capacity"
    names = " / ".join(_VIOLATION_WORDS[v] for v in VIOLATION_ORDER if v in ruled)
    text = f"Only candidates ruled out by constraints ({names})"
    return f"{text}; the others are at capacity" if full else text


# --- assembling ------------------------------------------------------------------------------


def assemble_proposal(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    assignment: Mapping[int, int],
    summary_of: Callable[[Participant], CandidateSummary],
    weights: MatchWeights,
    now: datetime,
) -> MatchProposal:
    """Turn mentee id -> mentor id into pairs with reasons and explained leftovers."""
    mentor_by_id = {mentor.person_id: mentor for mentor in mentors}
    pairs: list[ProposedPair] = []
    unmatched: list[Unmatched] = []
    for mentee in sorted(mentees, key=lambda p: p.person_id):
        mentor_id = assignment.get(mentee.person_id)
        if mentor_id is None:
            unmatched.append(Unmatched(mentee, explain_unmatched(mentee, summary_of(mentee))))
            continue
        mentor = mentor_by_id[mentor_id]
        scored = score_pair(mentee, mentor, weights, now)
        pairs.append(ProposedPair(mentee, mentor, scored.score, scored.reasons, scored.cautions))
    total = 0
    for pair in pairs:
        total += pair.score
    return MatchProposal(pairs=tuple(pairs), unmatched=tuple(unmatched), total_score=total)
