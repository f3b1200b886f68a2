"""SMART goals: a deterministic check that coaches the person writing a goal.

Rules owned here (checked in this order, so issues always come back in the same order):
- ``not_measurable``: neither the goal nor the measure says how progress is counted. Counting
  signals are a number (years and dates do not count), a count word ("two", "dozen"), a
  percentage, or a deliverable ("complete", "publish", "ship", "present", "pass", "launch",
  "deliver", "submit", "release", "certification", "talk", "course", ...; gerunds such as
  "presenting" name a skill, not a result, so they do not count). A measure that is
  itself a feeling ("feel better", "more confident") counts as no measure, even if it names
  a deliverable; only a number or count word in it helps.
- ``vague_verb``: the goal leans on a vague verb ("improve", "get better at", "learn more",
  "work on", "be more", "understand", "develop") and there is nothing to count. A vague verb
  next to something countable is fine ("improve test coverage to 80%").
- ``no_date``: there is no target date.
- ``date_past``: the target date is today or earlier.
- ``date_too_far``: the target date is more than 12 calendar months after today.
- ``too_short``: the goal has fewer than 3 words (or under 10 characters).
- ``too_broad``: the goal is over 40 words, strings together 3 or more "and"/";" joins, or
  uses an all-encompassing phrase ("everything", "all aspects", "in general", "master").
- ``vague_milestone``: a milestone uses a vague verb and has nothing to count or finish.

The hint is one concrete rewrite built from the goal's own words, following the SMART
example in the mentorship guides ("improve my leadership skills" -> "Complete a leadership
course and apply two new practices in my role by <month>"). It uses the target's month when
the target is valid, else the month three calendar months after today. No issues, no hint.

Goal dates (``validate_goal_dates``): the target must be after today and on or before the
mentorship's end; each milestone date must be today or later and on or before the target.

Milestones (``parse_milestones``): one per line, blank lines ignored, bullets ("-", "*",
bullet dots, "1.", "1)") stripped; an optional date follows " - ", ": ", " by ", " due ",
" before ", sits in trailing parentheses, or is a trailing ISO date. Dates are ISO
(2027-01-15) or use a month name (15 Jan 2027, Jan 15, 2027, 15th of January); without a year
the next such day on or after today is meant. All-numeric dates like 01/02/2027 are refused
as ambiguous. A date-looking suffix that is not a real date is an error naming the line. At
most 10 milestones of at most 150 characters each.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from bot.domain.dates import plain_day

NOT_MEASURABLE: Final = "not_measurable"
VAGUE_VERB: Final = "vague_verb"
NO_DATE: Final = "no_date"
DATE_PAST: Final = "date_past"
DATE_TOO_FAR: Final = "date_too_far"
TOO_SHORT: Final = "too_short"
TOO_BROAD: Final = "too_broad"
VAGUE_MILESTONE: Final = "vague_milestone"

MAX_TARGET_MONTHS: Final = 12
HINT_MONTHS_AHEAD: Final = 3
MIN_GOAL_WORDS: Final = 3
MIN_GOAL_CHARS: Final = 10
MAX_GOAL_WORDS: Final = 40
MAX_GOAL_JOINS: Final = 2
MAX_MILESTONES: Final = 10
MAX_MILESTONE_LENGTH: Final = 150

MONTH_NAMES: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_I = re.IGNORECASE

_DATE_NOISE = re.compile(
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # ISO dates
    r"|\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b"  # numeric dates
    r"|\b(?:19|20)\d{2}\b"  # years
    r"|\bQ[1-4]\b"  # quarters
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b",
    _I,
)
_NUMBER = re.compile(r"\d")
_PERCENT = re.compile(r"%|\bper\s?cent\b", _I)
_COUNT_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|fifty|hundred|dozen|once|twice|double|weekly|monthly|daily|"
    r"every\s+(?:day|week|month))\b",
    _I,
)
# Gerunds are left out on purpose: "get better at presenting" names a skill, not a result.
_DELIVERABLE = re.compile(
    r"\b(?:complet(?:e|es|ed|ion)|finish(?:es|ed)?|publish(?:es|ed)?|ship(?:s|ped)?|"
    r"present(?:s|ed|ation|ations)?|pass(?:es|ed)?|launch(?:es|ed)?|"
    r"deliver(?:s|ed|able|ables)?|submit(?:s|ted)?|releas(?:e|es|ed)|"
    r"certif(?:y|ied|ication|ications|icate|icates)|earn(?:s|ed)?|obtain(?:s|ed)?|"
    r"talks?|demos?|articles?|blog\s+posts?|papers?|exams?|courses?|workshops?|prototypes?|"
    r"promot(?:ed|ion)|pull\s+requests?|open[- ]source\s+contributions?)\b",
    _I,
)
_VAGUE_VERB = re.compile(
    r"\b(?:improv(?:e|es|ed|ing|ement)|(?:get|gets|getting|become|becoming)\s+better(?:\s+at)?|"
    r"learn(?:s|ing)?\s+more(?:\s+about)?|work(?:s|ing)?\s+on|be(?:come|ing)?\s+more|"
    r"understand(?:s|ing)?|develop(?:s|ed|ing)?)\b",
    _I,
)
_FEELING = re.compile(
    r"\b(?:feel(?:s|ing)?|felt|seem(?:s|ing)?|confident|comfortable|happier|hopefully|"
    r"better|more|i\s+think|i\s+guess|i(?:'|\u2019)ll\s+know|tbd|n/?a|none)\b",
    _I,
)
_BROAD = re.compile(
    r"\b(?:everything|anything|all\s+aspects|all\s+areas|in\s+general|generally|overall|"
    r"master(?:ing)?|be\s+the\s+best|become\s+an?\s+expert|whole\s+(?:stack|field|industry))\b",
    _I,
)
_JOIN = re.compile(r"\band\b|;", _I)
_WORD = re.compile(r"[\w'\u2019-]+")

_HINT_VAGUE_LEAD = re.compile(
    r"^\s*(?:i\s+(?:want|would\s+like|need|hope)\s+to\s+|to\s+)?"
    r"(?P<verb>improv(?:e|ing)|(?:get|getting|become|becoming)\s+better(?:\s+at)?|"
    r"learn(?:ing)?\s+more(?:\s+about)?|work(?:ing)?\s+on|be(?:come|ing)?\s+more|"
    r"understand(?:ing)?|develop(?:ing)?)\s*",
    _I,
)
_HINT_LEADING_FILLER = re.compile(r"^(?:(?:my|our|the|a|an|some|about|on|at|in|of)\s+)+", _I)
_HINT_ABILITY_TO = re.compile(r"^(?:(?:ability|abilities|capacity)\s+to)\s+", _I)
_HINT_TRAILING_FILLER = re.compile(
    r"(?:\s+(?:skills?|abilities|ability|knowledge|capabilities|in\s+general|overall|"
    r"a\s+lot|generally))+$",
    _I,
)
_HINT_TIME_TAIL = re.compile(
    r"\s+(?:by|before|within|until|in\s+the\s+next|(?:this|next)\s+(?:year|quarter|month))\b.*$"
    r"|\s+(?:soon|asap|eventually|someday|one\s+day)\b.*$",
    _I,
)


@dataclass(frozen=True)
class SmartIssue:
    """One thing that keeps a goal from being SMART, with a friendly message."""

    code: str
    message: str


@dataclass(frozen=True)
class SmartReview:
    """The result of reviewing a goal: its issues and a suggested rewrite."""

    issues: tuple[SmartIssue, ...]
    hint: str | None

    @property
    def ok(self) -> bool:
        """Return whether the goal has no issues."""
        return not self.issues

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the issue codes in order."""
        return tuple(issue.code for issue in self.issues)


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by whole calendar months, clamped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def format_day(day: date) -> str:
    """Format a date as plain text, "Fri 15 Jan 2027" (the one plain format: bot.domain.dates)."""
    return plain_day(day)


def format_month(day: date) -> str:
    """Format a date's month as "June 2027", independent of the locale."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _has_count(text: str) -> bool:
    cleaned = _DATE_NOISE.sub(" ", text)
    return bool(_NUMBER.search(cleaned) or _PERCENT.search(cleaned) or _COUNT_WORD.search(cleaned))


def _is_measurable(text: str) -> bool:
    return _has_count(text) or bool(_DELIVERABLE.search(text))


def _measure_counts(measure: str) -> bool:
    if not measure.strip():
        return False
    if _FEELING.search(measure):
        return _has_count(measure)
    return _is_measurable(measure)


def _target_valid(target: date | None, today: date) -> bool:
    return target is not None and today < target <= add_months(today, MAX_TARGET_MONTHS)


def _article(word: str) -> str:
    if not word:
        return "a"
    if word.isupper() and len(word) > 1:
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    first = word[0].lower()
    if first in "aeio":
        return "an"
    if first == "u" and not word.lower().startswith(("uni", "use", "usa", "usu", "uti", "ur")):
        return "an"
    return "a"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clean_goal(goal: str) -> str:
    return " ".join(goal.split()).rstrip(" .!")


def _topic(goal: str) -> tuple[str | None, str]:
    """Split a goal into its vague verb (if any) and the subject it is about."""
    text = _HINT_TIME_TAIL.sub("", _clean_goal(goal))
    verb: str | None = None
    lead = _HINT_VAGUE_LEAD.match(text)
    if lead:
        verb = " ".join(lead.group("verb").lower().split())
        text = text[lead.end() :]
    text = _HINT_LEADING_FILLER.sub("", text)
    how_to = bool(_HINT_ABILITY_TO.match(text))
    text = _HINT_ABILITY_TO.sub("", text)
    text = _HINT_TRAILING_FILLER.sub("", text).strip(" ,.;:")
    if how_to and text:
        text = f"how to {text}"
    return verb, text


def _hint(goal: str, codes: set[str], target: date | None, today: date) -> str:
    when = target if target is not None and _target_valid(target, today) else None
    month = format_month(when or add_months(today, HINT_MONTHS_AHEAD))
    cleaned = _clean_goal(goal)
    if NOT_MEASURABLE in codes or VAGUE_VERB in codes:
        verb, topic = _topic(goal)
        if verb is not None and verb.startswith(("be more", "become more", "being more")):
            rewrite = (
                f"Pick two situations where I want to be more {topic}, try one new approach "
                f"in each and review them with my mentor by {month}"
                if topic
                else f"Pick two situations to practise in and review them with my mentor by {month}"
            )
        elif verb is not None and verb.startswith(("learn", "understand")):
            course = _course(topic)
            rewrite = f"{course} and share three things I learned with my team by {month}"
        elif verb is not None or len(topic.split()) <= 3:
            rewrite = f"{_course(topic)} and apply two new practices in my role by {month}"
        else:
            rewrite = f"{_capitalise(cleaned)}, shown by two finished pieces of work, by {month}"
        return f'Try: "{rewrite}"'
    if TOO_BROAD in codes:
        parts = re.split(r"\band\b|;|,", cleaned, maxsplit=1, flags=_I)
        if len(parts) > 1 and parts[0].strip():
            first = parts[0].strip()
            return f'Try starting with just one part: "{_capitalise(first)} by {month}"'
        narrowed = _HINT_LEADING_FILLER.sub("", " ".join(_BROAD.sub(" ", cleaned).split()))
        narrowed = _HINT_TIME_TAIL.sub("", narrowed)
        if narrowed:
            return f'Try: "Complete one {narrowed} project and present it to my team by {month}"'
        return f'Try: "Complete one project and present it to my team by {month}"'
    if codes & {NO_DATE, DATE_PAST, DATE_TOO_FAR}:
        goal_text = _HINT_TIME_TAIL.sub("", cleaned)
        return f'Try: "{_capitalise(goal_text)} by {month}"'
    if TOO_SHORT in codes:
        return f'Try: "{_capitalise(cleaned)}: finish one concrete result by {month}"'
    return 'Try: name what you\'ll have finished for each milestone, like "Finish the draft".'


def _milestone_hint(milestone: str) -> str:
    _, topic = _topic(milestone)
    if topic:
        return f'Try: "Finish a first version of {topic}" instead of "{milestone.strip()}"'
    return 'Try: name what you\'ll have finished for each milestone, like "Finish the draft".'


def _course(topic: str) -> str:
    if not topic:
        return "Complete one course"
    if len(topic.split()) > 3:
        return f"Complete a course on {topic}"
    return f"Complete {_article(topic.split()[0])} {topic} course"


def review_goal(
    goal: str,
    measure: str,
    target: date | None,
    today: date,
    milestones: Sequence[str] = (),
) -> SmartReview:
    """Review a goal against SMART and suggest a concrete rewrite when it falls short."""
    issues: list[SmartIssue] = []
    countable = _is_measurable(goal) or _measure_counts(measure)
    if not countable:
        issues.append(
            SmartIssue(
                NOT_MEASURABLE,
                "How will you know you've done it? Add a number, a count or something you'll "
                "finish, like a course, a talk or a release.",
            )
        )
        vague = _VAGUE_VERB.search(goal)
        if vague:
            word = " ".join(vague.group(0).lower().split())
            issues.append(
                SmartIssue(
                    VAGUE_VERB,
                    f'"{word.capitalize()}" is hard to check off. Say what you\'ll actually do: '
                    "complete, present, ship, pass...",
                )
            )
    if target is None:
        issues.append(SmartIssue(NO_DATE, "Add a target date so you and your mentor can plan."))
    elif target <= today:
        issues.append(
            SmartIssue(
                DATE_PAST,
                f"Your target date ({format_day(target)}) has already come. Pick a date after today.",
            )
        )
    elif target > add_months(today, MAX_TARGET_MONTHS):
        issues.append(
            SmartIssue(
                DATE_TOO_FAR,
                f"{format_day(target)} is more than {MAX_TARGET_MONTHS} months away. Pick a "
                "nearer date, or split the goal and start with the first part.",
            )
        )
    words = _WORD.findall(goal)
    if len(words) < MIN_GOAL_WORDS or len(goal.strip()) < MIN_GOAL_CHARS:
        issues.append(
            SmartIssue(
                TOO_SHORT,
                "Your goal is very short. Say what you'll do and what will be different when you're done.",
            )
        )
    elif len(words) > MAX_GOAL_WORDS or len(_JOIN.findall(goal)) > MAX_GOAL_JOINS or _BROAD.search(goal):
        issues.append(
            SmartIssue(
                TOO_BROAD,
                "This covers a lot. Pick the one outcome that matters most for this mentorship; "
                "you can add another goal later.",
            )
        )
    for number, milestone in enumerate(milestones, start=1):
        if _VAGUE_VERB.search(milestone) and not _is_measurable(milestone):
            issues.append(
                SmartIssue(
                    VAGUE_MILESTONE,
                    f'Milestone {number} ("{milestone.strip()}") is hard to check off. Say what '
                    "you'll have finished when it's done.",
                )
            )
    if not issues:
        return SmartReview(issues=(), hint=None)
    codes = {issue.code for issue in issues}
    if codes == {VAGUE_MILESTONE}:
        first = next(m for m in milestones if _VAGUE_VERB.search(m) and not _is_measurable(m))
        return SmartReview(issues=tuple(issues), hint=_milestone_hint(first))
    return SmartReview(issues=tuple(issues), hint=_hint(goal, codes, target, today))


def validate_goal_dates(
    target: date,
    today: date,
    mentorship_end: date | None,
    milestone_dates: Sequence[date | None],
) -> list[tuple[str, str]]:
    """Return (field, message) errors for a goal's target and milestone dates.

    Fields are "target" and "milestones"; several milestone errors share the "milestones"
    field and each names its milestone by number, so the caller may join them.
    """
    errors: list[tuple[str, str]] = []
    if target <= today:
        errors.append(("target", "Pick a target date after today."))
    if mentorship_end is not None and target > mentorship_end:
        errors.append(
            (
                "target",
                f"Your mentorship ends on {format_day(mentorship_end)}. Pick a date on or "
                "before then, or extend the mentorship first if you need more time.",
            )
        )
    for number, milestone_date in enumerate(milestone_dates, start=1):
        if milestone_date is None:
            continue
        if milestone_date < today:
            errors.append(
                (
                    "milestones",
                    f"Milestone {number} is dated {format_day(milestone_date)}, which has "
                    "passed. Pick today or a later date.",
                )
            )
        if milestone_date > target:
            errors.append(
                (
                    "milestones",
                    f"Milestone {number} ({format_day(milestone_date)}) is after your target "
                    f"date ({format_day(target)}). Move it on or before the target.",
                )
            )
    return errors


_MONTHS: Final[dict[str, int]] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
_BULLET = re.compile(r"^(?:[-*+\u2022\u2023\u25e6\u00b7\u2013\u2014]+\s*|\d{1,2}[.)]\s+)")
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]\s+|:\s+|\s+(?:by|due|before|on)\s+", _I)
_TRAILING_PARENS = re.compile(r"^(?P<title>.*?)\s*\((?P<date>[^()]*)\)\s*$")
_TRAILING_ISO = re.compile(r"^(?P<title>.*\S)\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DATE_TOKEN_SPLIT = re.compile(r"[\s,./-]+")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$", _I)
_FILLER_TOKENS: Final = frozenset({"the", "of"})
_DATE_HELP: Final = "Use a date like 2027-01-15 or 15 Jan 2027."


def _date_tokens(text: str) -> list[str] | None:
    """Return the tokens of ``text`` if it looks like a date, else None."""
    raw = [token for token in _DATE_TOKEN_SPLIT.split(text.strip().lower()) if token]
    tokens: list[str] = []
    for token in raw:
        if token in _FILLER_TOKENS:
            continue
        ordinal = _ORDINAL.match(token)
        if ordinal:
            tokens.append(ordinal.group(1))
        elif (token.isdigit() and len(token) <= 4) or token in _MONTHS:
            tokens.append(token)
        else:
            return None
    has_month = any(token in _MONTHS for token in tokens)
    numbers = [token for token in tokens if token.isdigit()]
    if has_month or len(numbers) >= 2 or any(len(token) == 4 for token in numbers):
        return tokens
    return None


def _real_date(shown: str, line_number: int, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        msg = f'Line {line_number}: "{shown}" isn\'t a real date. {_DATE_HELP}'
        raise ValueError(msg) from None


def _parse_date(text: str, tokens: list[str], today: date, line_number: int) -> date:
    shown = text.strip()
    iso = _ISO.match(shown)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return _real_date(shown, line_number, year, month, day)
    months = [_MONTHS[token] for token in tokens if token in _MONTHS]
    numbers = [token for token in tokens if token.isdigit()]
    if not months:
        msg = (
            f'Line {line_number}: "{shown}" could be read more than one way. '
            f"Write the month as a word or use YYYY-MM-DD. {_DATE_HELP}"
        )
        raise ValueError(msg)
    days = [int(token) for token in numbers if len(token) <= 2]
    years = [int(token) for token in numbers if len(token) == 4]
    if len(months) != 1 or len(days) != 1 or len(years) != len(numbers) - 1:
        msg = f'Line {line_number}: I couldn\'t read the date "{shown}". {_DATE_HELP}'
        raise ValueError(msg)
    if years:
        return _real_date(shown, line_number, years[0], months[0], days[0])
    # Without a year, the next such day on or after today is meant (29 Feb: the next leap year).
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, months[0], days[0])
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    msg = f'Line {line_number}: "{shown}" isn\'t a real date. {_DATE_HELP}'
    raise ValueError(msg)


def _split_date(line: str, today: date, line_number: int) -> tuple[str, date | None]:
    whole = _date_tokens(line)
    if whole is not None:
        return "", _parse_date(line, whole, today, line_number)
    parens = _TRAILING_PARENS.match(line)
    if parens:
        tokens = _date_tokens(parens.group("date"))
        if tokens is not None:
            return parens.group("title"), _parse_date(parens.group("date"), tokens, today, line_number)
    for separator in _SEPARATOR.finditer(line):
        rest = line[separator.end() :]
        tokens = _date_tokens(rest)
        if tokens is not None:
            return line[: separator.start()], _parse_date(rest, tokens, today, line_number)
    trailing = _TRAILING_ISO.match(line)
    if trailing:
        tokens = _date_tokens(trailing.group("date")) or []
        return trailing.group("title"), _parse_date(trailing.group("date"), tokens, today, line_number)
    return line, None


def parse_milestones(text: str, today: date) -> list[tuple[str, date | None]]:
    """Parse one milestone per line, each with an optional trailing date.

    Raises:
        ValueError: naming the line, for a bad date, an over-long or empty milestone, or
            more than 10 milestones.
    """
    milestones: list[tuple[str, date | None]] = []
    for line_number, raw_line in enumerate(text.splitlines(), start=1):
        line = " ".join(raw_line.split())
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        title, when = _split_date(line, today, line_number)
        title = title.strip().rstrip(" -:,;\u2013\u2014").strip()
        if not title:
            msg = f"Line {line_number}: add a short description of the milestone before the date."
            raise ValueError(msg)
        if len(title) > MAX_MILESTONE_LENGTH:
            msg = (
                f"Line {line_number}: this milestone is {len(title)} characters long. Keep each "
                f"milestone to {MAX_MILESTONE_LENGTH} characters or fewer."
            )
            raise ValueError(msg)
        milestones.append((title, when))
        if len(milestones) > MAX_MILESTONES:
            msg = (
                f"Line {line_number}: that's more than {MAX_MILESTONES} milestones. Keep the "
                f"{MAX_MILESTONES} that matter most."
            )
            raise ValueError(msg)
    return milestones
