"""What a valid profile is. Field problems are returned per field so the modal can show them inline.

Rules: a mentor (or "both") offers at least one topic; a mentee (or "both") wants at least one;
capacity is 1-5 (only meaningful for mentors); topics are normalised and at most 15 per list, each
at most 60 characters; the intro is at most 500 characters and the department 80.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.topics import MAX_TOPIC_LENGTH, MAX_TOPICS, normalise_topics, split_topics

ROLES = ("mentor", "mentee", "both")
REASONS = {
    "career": "Career advancement",
    "growth": "Personal growth",
    "skills": "New skills",
    "network": "Growing my network",
}
CADENCES = {"weekly": "Every week", "biweekly": "Every two weeks", "monthly": "Every month"}
FORMATS = {"video": "Video call", "in_person": "In person", "chat": "Chat"}
MIN_CAPACITY, MAX_CAPACITY = 1, 5
MAX_INTRO = 500
MAX_DEPARTMENT = 80
MAX_TOPICS_TEXT = 1000


@dataclass(frozen=True)
class ProfileInput:
    """What a person entered in the profile modal (or a CSV row), before validation."""

    role: str | None
    offers_text: str = ""
    wants_text: str = ""
    reasons: tuple[str, ...] = ()
    department: str = ""
    capacity: str | int | None = None
    cadence: str | None = None
    formats: tuple[str, ...] = ()
    intro: str = ""
    public_shoutouts: bool = False


@dataclass(frozen=True)
class Profile:
    """A valid, normalised profile."""

    role: str
    offers: tuple[str, ...]
    wants: tuple[str, ...]
    reasons: tuple[str, ...]
    department: str | None
    capacity: int
    cadence: str
    formats: tuple[str, ...]
    intro: str
    public_shoutouts: bool = False

    @property
    def is_mentor(self) -> bool:
        """Whether this person offers mentoring."""
        return self.role in ("mentor", "both")

    @property
    def is_mentee(self) -> bool:
        """Whether this person wants a mentor."""
        return self.role in ("mentee", "both")


@dataclass
class ProfileErrors:
    """Field name -> message; empty when the profile is valid."""

    fields: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.fields)


def _topics(text: str, name: str, errors: dict[str, str]) -> tuple[str, ...]:
    if len(text) > MAX_TOPICS_TEXT:
        errors[name] = f"Please keep this under {MAX_TOPICS_TEXT} characters."
        return ()
    too_long = [t.strip() for t in split_topics(text) if len(t.strip()) > MAX_TOPIC_LENGTH]
    if too_long:
        errors[name] = f"Keep each topic under {MAX_TOPIC_LENGTH} characters and separate topics with commas."
        return ()
    topics = normalise_topics(text)
    if len(topics) > MAX_TOPICS:
        errors[name] = f"Pick your top {MAX_TOPICS} topics at most; fewer helps matching."
        return ()
    return tuple(topics)


def validate_profile(data: ProfileInput, default_cadence: str = "biweekly") -> Profile | ProfileErrors:
    """Validate and normalise a profile; return the profile or the per-field errors."""
    errors: dict[str, str] = {}
    role = (data.role or "").strip().lower()
    if role not in ROLES:
        errors["role"] = "Choose whether you want to be a mentor, a mentee or both."
    offers = _topics(data.offers_text or "", "offers", errors)
    wants = _topics(data.wants_text or "", "wants", errors)
    if role in ("mentor", "both") and not offers and "offers" not in errors:
        errors["offers"] = (
            "As a mentor, list at least one topic you can help with (e.g. python, public speaking)."
        )
    if role in ("mentee", "both") and not wants and "wants" not in errors:
        errors["wants"] = "As a mentee, list at least one topic you want to grow in."
    bad_reasons = [r for r in data.reasons if r not in REASONS]
    if bad_reasons:
        errors["reasons"] = "Pick reasons from the list."
    capacity = 1
    raw_capacity = data.capacity
    if raw_capacity not in (None, ""):
        try:
            capacity = int(str(raw_capacity).strip())
        except ValueError:
            errors["capacity"] = "Enter a whole number of mentees, from 1 to 5."
        else:
            if not MIN_CAPACITY <= capacity <= MAX_CAPACITY and role in ("mentor", "both"):
                errors["capacity"] = "Mentors take between 1 and 5 mentees at a time."
            capacity = min(max(capacity, MIN_CAPACITY), MAX_CAPACITY)
    cadence = (data.cadence or default_cadence).strip().lower()
    if cadence not in CADENCES:
        errors["cadence"] = "Choose weekly, every two weeks or monthly."
    bad_formats = [f for f in data.formats if f not in FORMATS]
    if bad_formats:
        errors["formats"] = "Pick formats from the list: video call, in person, chat."
    department = (data.department or "").strip()
    if len(department) > MAX_DEPARTMENT:
        errors["department"] = f"Keep the department under {MAX_DEPARTMENT} characters."
    intro = (data.intro or "").strip()
    if len(intro) > MAX_INTRO:
        errors["intro"] = f"Keep your intro under {MAX_INTRO} characters (it is {len(intro)})."
    if errors:
        return ProfileErrors(errors)
    return Profile(
        role=role,
        offers=offers if role in ("mentor", "both") else (),
        wants=wants if role in ("mentee", "both") else (),
        reasons=tuple(dict.fromkeys(data.reasons)),
        department=department or None,
        capacity=capacity,
        cadence=cadence,
        formats=tuple(dict.fromkeys(data.formats)) or ("video",),
        intro=intro,
        public_shoutouts=data.public_shoutouts,
    )
