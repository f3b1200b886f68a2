"""IANA time zones: which names are real, and which real names are close to a mistyped one."""

from __future__ import annotations

import difflib
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows (tzdata), and UTC."""
    return frozenset(available_timezones() | {"UTC"})


@cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in known_zones()}


def valid_timezone(name: str) -> bool:
    """Whether the name is an IANA time zone this machine knows (exact spelling)."""
    if not name or name not in known_zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def canonical_zone(text: str) -> str | None:
    """The zone a person meant, forgiving case and spaces ("europe/berlin", "New York" stays None)."""
    cleaned = "/".join(part.strip().replace(" ", "_") for part in text.strip().split("/"))
    found = _by_folded_name().get(cleaned.casefold())
    return found if found is not None and valid_timezone(found) else None


def closest_zones(text: str, limit: int = 3) -> list[str]:
    """Up to `limit` real zone names that look like the text (for a "did you mean" hint)."""
    folded = text.strip().replace(" ", "_").casefold()
    if not folded:
        return []
    names = _by_folded_name()
    # A bare city ("berlin") matches the last part of "Europe/Berlin".
    by_city = sorted(name for key, name in names.items() if key.rsplit("/", 1)[-1] == folded)
    close = difflib.get_close_matches(folded, list(names), n=limit, cutoff=0.6)
    out: list[str] = []
    for name in by_city + [names[key] for key in close]:
        if name not in out:
            out.append(name)
    return out[:limit]
