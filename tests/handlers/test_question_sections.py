"""A question is quoted over as many sections as its escaped text needs, never cut mid-entity."""

from __future__ import annotations

import re

import pytest

from handlers.questions.blocks import quote_in_sections

HEAD = "*Question* from <@U0ADA>\n>"


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize("text", ["&" * 2000, "<" * 1999 + "x", "a&b<c>\n" * 285])
def test_every_character_arrives_escaped_in_quoted_sections_that_fit(text: str) -> None:
    parts = quote_in_sections(text, HEAD + "{text}")
    assert len(parts) > 1
    assert all(len(p) <= 3000 for p in parts)
    assert parts[0].startswith(HEAD) and all(p.startswith(">") for p in parts[1:])
    for part in parts:  # whole entities only, each line quoted
        assert not re.search(r"&(?!amp;|lt;|gt;)", part), part[:40]
        assert "\n" not in part.replace("\n>", "")
    body = parts[0].removeprefix(HEAD) + "".join(p.removeprefix(">") for p in parts[1:])
    assert _unescape(body.replace("\n>", "")) == text.replace("\n", "")


def test_a_short_question_is_one_section() -> None:
    assert quote_in_sections("Can I <b>?\nThanks", HEAD + "{text}") == [HEAD + "Can I &lt;b&gt;?\n>Thanks"]
