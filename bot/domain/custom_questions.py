"""Custom profile questions admins write, and the rules that make them and their answers valid.

Rules:
- A program has at most ``MAX_QUESTIONS`` open (not archived) questions.
- A question has a label (1..150 characters, one line), a key (``[a-z0-9_]``, 1..30, starting
  with a letter; derived from the label when left empty, fixed once created: it names the CSV
  column ``q:<key>``), a kind (single or multiple choice), 2..25 options (one per line, 1..75
  characters each, no two alike ignoring case), a rule (same, different, above, must_match), a
  weight 0..1 beside today's matching weights, and an optional reason text (up to 150
  characters, may carry ``{answer}``).
- The "above" rule compares levels on an ordered scale, so it needs a single-choice question.
- Editing options never loses answers: an option keeps its id when its label is kept (ignoring
  case) or renamed in place; an option no longer listed is archived (answers to it stay and still
  count in matching); an archived option written again comes back.
- An answer names options by label (ignoring case) or id, separated by ";"; a single-choice
  question takes one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

MAX_QUESTIONS: Final = 10
MAX_LABEL: Final = 150
MAX_KEY: Final = 30
MAX_OPTION: Final = 75
MIN_OPTIONS, MAX_OPTIONS = 2, 25
MAX_REASON: Final = 150
KINDS: Final = ("single", "multiple")
RULES: Final = ("same", "different", "above", "must_match")
RULE_WORDS: Final = {
    "same": "Prefer the same answer",
    "different": "Prefer a different answer",
    "above": "Mentor's level above the mentee's (ordered scale)",
    "must_match": "Must match (never pair different answers)",
}
KIND_WORDS: Final = {"single": "Single choice", "multiple": "Multiple choice"}
KEY: Final = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class QuestionInput:
    """What the admin typed (raw)."""

    label: str
    key: str
    kind: str
    options_text: str
    rule: str
    weight: str
    reason: str = ""


@dataclass(frozen=True)
class QuestionDraft:
    """A valid question: the option labels in order (ids are assigned when saved)."""

    label: str
    key: str
    kind: str
    options: tuple[str, ...]
    rule: str
    weight: float
    reason: str


@dataclass
class QuestionErrors:
    """Field name (a QuestionInput field, ``options`` for options_text) -> what to fix."""

    fields: dict[str, str] = field(default_factory=dict)


def key_from_label(label: str) -> str:
    """Return a CSV-friendly key for a label ("Spoken language" -> "spoken_language")."""
    slug = _SLUG.sub("_", label.casefold()).strip("_")[:MAX_KEY].strip("_")
    if not slug or not slug[0].isalpha():
        slug = ("q_" + slug)[:MAX_KEY].strip("_")
    return slug or "q"


def validate_question(
    data: QuestionInput, taken_keys: Sequence[str], *, editing: bool
) -> QuestionDraft | QuestionErrors:
    """Validate a question (all or nothing); ``taken_keys`` are the program's other questions' keys."""
    errors: dict[str, str] = {}
    label = " ".join(data.label.split())
    if not label:
        errors["label"] = "Write the question people will answer."
    elif len(label) > MAX_LABEL:
        errors["label"] = f"Keep the question to {MAX_LABEL} characters."
    key = data.key.strip().casefold() or key_from_label(label)
    if not editing:
        if not KEY.match(key):
            errors["key"] = "Use lowercase letters, digits and _ (starting with a letter, up to 30)."
        elif key in taken_keys:
            errors["key"] = f"Another question already uses the key {key}; choose another."
    kind = data.kind.strip()
    if kind not in KINDS:
        errors["kind"] = "Choose single or multiple choice."
    options = [" ".join(line.split()) for line in data.options_text.splitlines()]
    options = [o for o in options if o]
    folded = [o.casefold() for o in options]
    if len(options) < MIN_OPTIONS:
        errors["options"] = f"Write at least {MIN_OPTIONS} options, one per line."
    elif len(options) > MAX_OPTIONS:
        errors["options"] = f"Keep it to {MAX_OPTIONS} options."
    elif any(len(o) > MAX_OPTION for o in options):
        errors["options"] = f"Keep each option to {MAX_OPTION} characters."
    elif len(set(folded)) != len(folded):
        errors["options"] = "Two options are the same; write each once."
    rule = data.rule.strip()
    if rule not in RULES:
        errors["rule"] = "Choose how the answers steer matching."
    elif rule == "above" and kind == "multiple":
        errors["rule"] = "Comparing levels needs a single-choice question (an ordered scale)."
    weight = _weight(data.weight, errors)
    reason = " ".join(data.reason.split())
    if len(reason) > MAX_REASON:
        errors["reason"] = f"Keep the reason to {MAX_REASON} characters."
    if errors:
        return QuestionErrors(errors)
    return QuestionDraft(label, key, kind, tuple(options), rule, weight, reason)


def _weight(text: str, errors: dict[str, str]) -> float:
    raw = (text or "").strip() or "0.1"
    try:
        value = float(raw)
    except ValueError:
        errors["weight"] = "Write a number from 0 to 1, like 0.2."
        return 0.0
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        errors["weight"] = "Write a number from 0 to 1, like 0.2."
        return 0.0
    return value


def merge_options(current: Sequence[Mapping[str, Any]], labels: Sequence[str]) -> list[dict[str, Any]]:
    """Return the stored options after an edit: ids kept for kept or renamed-in-place labels, new
    ids for new ones, and every option no longer listed archived (never dropped)."""
    by_label = {str(o["label"]).casefold(): o for o in current}
    active = [o for o in current if not o.get("archived")]
    used: set[str] = set()
    for label in labels:
        found = by_label.get(label.casefold())
        if found is not None:
            used.add(str(found["id"]))
    numbers = [int(str(o["id"])[1:]) for o in current if str(o["id"])[1:].isdigit()]
    next_number = max(numbers, default=0) + 1
    result: list[dict[str, Any]] = []
    for position, label in enumerate(labels):
        found = by_label.get(label.casefold())
        if found is None and position < len(active) and str(active[position]["id"]) not in used:
            found = active[position]  # renamed in place
        if found is None:
            option_id = f"o{next_number}"
            next_number += 1
        else:
            option_id = str(found["id"])
        used.add(option_id)
        result.append({"id": option_id, "label": label, "archived": False})
    result += [{**o, "archived": True} for o in current if str(o["id"]) not in used]
    return result


def parse_answer(text: str, options: Sequence[Mapping[str, Any]], kind: str) -> tuple[list[str], str | None]:
    """Return option ids for an answer written as labels or ids separated by ";" (an error instead
    when one is not an option, or a single-choice answer names several)."""
    parts = [" ".join(p.split()) for p in text.split(";")]
    parts = [p for p in parts if p]
    open_options = [o for o in options if not o.get("archived")]
    by_name = {str(o["label"]).casefold(): str(o["id"]) for o in open_options}
    by_name |= {str(o["id"]).casefold(): str(o["id"]) for o in open_options}
    ids: list[str] = []
    for part in parts:
        found = by_name.get(part.casefold())
        if found is None:
            allowed = ", ".join(str(o["label"]) for o in open_options)
            return [], f"{part!r} is not one of the options ({allowed})"
        if found not in ids:
            ids.append(found)
    if kind == "single" and len(ids) > 1:
        return [], "only one answer is allowed"
    return ids, None
