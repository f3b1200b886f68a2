"""Topic normalisation: one spelling per topic, so that matching compares like with like.

Rules: case-folded; runs of whitespace, underscores and hyphens become one space; surrounding
punctuation is stripped; a small set of common aliases is unified ("js" -> "javascript",
"ml" -> "machine learning", ...); a simple plural ("apis" -> "api", "skills" -> "skill") is
folded onto its singular when both spellings are given; duplicates are dropped, first
occurrence wins; empty entries are dropped. Input may be separated by commas, semicolons or
new lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_TOPIC_LENGTH = 60
MAX_TOPICS = 15

_SEPARATORS = re.compile(r"[,;\n]+")
_SPACING = re.compile(r"[\s_\-]+")
_EDGE_PUNCTUATION = " .!?:'\"()[]{}*•·"

ALIASES: dict[str, str] = {
    "js": "javascript",
    "ts": "typescript",
    "py": "python",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "ux": "user experience",
    "ui": "user interface",
    "k8s": "kubernetes",
    "pm": "product management",
    "golang": "go",
    "public speaking": "public speaking",
    "presenting": "public speaking",
    "people management": "management",
    "managing people": "management",
}


def split_topics(text: str) -> list[str]:
    """Split free text into raw topic entries (commas, semicolons or new lines)."""
    return [part for part in _SEPARATORS.split(text) if part.strip()]


def normalise_topic(raw: str) -> str:
    """Return the canonical spelling of one topic ("" when nothing is left)."""
    topic = _SPACING.sub(" ", raw.casefold()).strip(_EDGE_PUNCTUATION).strip()
    topic = _SPACING.sub(" ", topic)
    return ALIASES.get(topic, topic)


def _singular(topic: str) -> str:
    last = topic.rsplit(" ", 1)[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        return topic[:-1]
    return topic


def normalise_topics(raw: Iterable[str] | str) -> list[str]:
    """Normalise, de-duplicate and order topics as given.

    A plural and its singular given together ("API", "apis") count once, spelled singular.
    """
    entries = split_topics(raw) if isinstance(raw, str) else list(raw)
    topics = [t for t in (normalise_topic(e) for e in entries) if t]
    present = set(topics)
    result: list[str] = []
    for topic in topics:
        singular = _singular(topic)
        canonical = singular if singular in present else topic
        if canonical not in result:
            result.append(canonical)
    return result
