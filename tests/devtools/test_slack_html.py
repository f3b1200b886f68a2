"""Block Kit and the demo page as static HTML: what Slack shows, everything escaped, nothing fetched."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from devtools.slack_html import Blocks, CastMember, Event, Step, Story, render_page
from devtools.slack_markup import Directory, Member, Reader

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
DIRECTORY = Directory(
    members={"U0ADA": Member("Ada Lovelace", "Europe/London"), "U0BO": Member("Bo Chen", "America/New_York")}
)
EVIL = "<script>alert('x')</script>"


def kit() -> Blocks:
    return Blocks(Reader(DIRECTORY, NOW, "Europe/London", ("UTC",)))


def button(text: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": "a",
    }
    if style:
        element["style"] = style
    return element


BLOCK_CASES = [
    (
        "header",
        {"type": "header", "text": {"type": "plain_text", "text": "Hi :wave:"}},
        '<div class="bk-header">Hi 👋</div>',
    ),
    ("divider", {"type": "divider"}, '<hr class="bk-divider">'),
    (
        "context",
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_note_"}]},
        '<div class="bk-context"><span class="ctx-text"><p class="md"><i>note</i></p></span></div>',
    ),
    (
        "buttons keep their style",
        {"type": "actions", "elements": [button("Go", "primary"), button("Stop", "danger"), button("Later")]},
        '<div class="bk-actions"><span class="btn primary">Go</span><span class="btn danger">Stop</span>'
        '<span class="btn">Later</span></div>',
    ),
]


@pytest.mark.parametrize(("case", "block", "html"), BLOCK_CASES, ids=[c[0] for c in BLOCK_CASES])
def test_blocks_render_as_static_html(case: str, block: dict[str, Any], html: str) -> None:
    assert kit().block(block) == html


def test_a_section_shows_text_fields_and_its_accessory() -> None:
    html = kit().block(
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*<@U0BO>*"},
            "fields": [{"type": "mrkdwn", "text": "*Role*\nMentee"}],
            "accessory": {
                "type": "overflow",
                "action_id": "o",
                "options": [{"text": {"type": "plain_text", "text": "Nudge both"}, "value": "n"}],
            },
        }
    )
    assert '<b><span class="mention">@Bo Chen</span></b>' in html
    assert '<div class="bk-field"><p class="md"><b>Role</b><br>Mentee</p></div>' in html
    assert "<li>Nudge both</li>" in html


def test_inputs_show_labels_values_placeholders_and_optional() -> None:
    html = kit().blocks(
        [
            {
                "type": "input",
                "optional": True,
                "label": {"type": "plain_text", "text": "Notes"},
                "element": {
                    "type": "plain_text_input",
                    "multiline": True,
                    "placeholder": {"type": "plain_text", "text": "Anything?"},
                },
            },
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "When"},
                "element": {"type": "datepicker", "initial_date": "2027-01-18"},
            },
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "How"},
                "element": {
                    "type": "radio_buttons",
                    "options": [
                        {"text": {"type": "plain_text", "text": "Video"}, "value": "video"},
                        {"text": {"type": "plain_text", "text": "Chat"}, "value": "chat"},
                    ],
                    "initial_option": {"text": {"type": "plain_text", "text": "Chat"}, "value": "chat"},
                },
            },
        ]
    )
    assert '<span class="optional">(optional)</span>' in html
    assert '<div class="text-input multiline"><span class="ph">Anything?</span></div>' in html
    assert "Mon 18 Jan 2027" in html
    assert '<span class="mark">○</span><div>Video</div>' in html
    assert '<span class="mark">◉</span><div>Chat</div>' in html


def test_an_image_from_the_network_becomes_a_placeholder() -> None:
    html = kit().block({"type": "image", "image_url": "https://example.com/chart.png", "alt_text": "chart"})
    assert "https://example.com" not in html
    assert "🖼 chart" in html


@pytest.mark.parametrize(
    "block",
    [
        {"type": "header", "text": {"type": "plain_text", "text": EVIL}},
        {"type": "section", "text": {"type": "mrkdwn", "text": EVIL}},
        {"type": "section", "text": {"type": "plain_text", "text": EVIL}},
        {"type": "context", "elements": [{"type": "plain_text", "text": EVIL}]},
        {"type": "actions", "elements": [button(EVIL)]},
        {
            "type": "input",
            "label": {"type": "plain_text", "text": EVIL},
            "element": {"type": "plain_text_input", "initial_value": EVIL},
        },
        {"type": "image", "image_url": "javascript:alert(1)", "alt_text": EVIL},
        {"type": EVIL},
    ],
)
def test_user_text_never_becomes_markup(block: dict[str, Any]) -> None:
    html = kit().block(block)
    assert "<script" not in html
    assert "javascript:" not in html


def story(**overrides: Any) -> Story:
    steps = [
        Step(0, NOW, "scene", "1. Joining"),
        Step(1, NOW, "action", f"types {EVIL}", "U0BO"),
    ]
    events = [
        Event(1, NOW, "message", "DU0BO", ("U0BO",), text=f"Hi <@U0BO> {EVIL}"),
        Event(
            1,
            NOW,
            "modal",
            audience=("U0BO",),
            view={"type": "modal", "title": {"type": "plain_text", "text": EVIL}, "blocks": []},
        ),
        Event(
            1,
            NOW,
            "home",
            audience=("U0BO",),
            view={"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": EVIL}}]},
        ),
        Event(1, NOW, "errors", audience=("U0BO",), errors={"f": EVIL}),
        Event(
            1,
            NOW,
            "file",
            "C0ADMINS",
            ("U0ADA",),
            file={"filename": "x.csv", "title": EVIL, "content": EVIL.encode()},
        ),
        Event(1, NOW, "message", "GU0ADA-U0BO-UBOT", ("U0ADA", "U0BO"), text="together"),
    ]
    values: dict[str, Any] = {
        "title": f"Demo {EVIL}",
        "cast": [
            CastMember("U0ADA", "Ada Lovelace", "Europe/London"),
            CastMember("U0BO", "Bo Chen", "America/New_York", EVIL),
        ],
        "directory": DIRECTORY,
        "steps": steps,
        "events": events,
        "bot_id": "UBOT",
    }
    values.update(overrides)
    return Story(**values)


def test_the_page_escapes_everything_it_did_not_write_itself() -> None:
    page = render_page(story())
    assert page.count("<script") == 1  # the page's own script, nothing else
    assert "alert('x')" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_page_is_self_contained() -> None:
    page = render_page(story())
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing


def test_the_page_has_a_timeline_and_a_view_per_person() -> None:
    page = render_page(story())
    assert 'id="timeline"' in page
    assert 'href="#step-1"' in page
    assert 'id="view-U0ADA"' in page and 'id="view-U0BO"' in page
    assert 'data-people="U0ADA U0BO"' in page  # the group DM is in both people's views
    assert "Group DM · Ada Lovelace" in page  # as Bo sees it in his list of conversations
    assert "@Bo Chen" in page


def test_a_calendar_file_shows_its_series_in_words_not_vcalendar_text() -> None:
    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    from bot.domain.calendar_invite import Invite, build_ics
    from devtools.slack_html import _calendar_card

    invite = Invite(
        uid="mentorship-7@mentorbot",
        sequence=1,
        summary="Mentoring: Ada & Bo",
        start=datetime(2027, 1, 15, 14, 0, tzinfo=ZoneInfo("Europe/London")),
        cadence="biweekly",
        until=date(2027, 4, 6),
        timezone="Europe/London",
        stamp=datetime(2027, 1, 15, 11, 4, tzinfo=UTC),
    )
    card = _calendar_card("Mentoring: Ada & Bo", build_ics(invite))
    assert card is not None and "BEGIN:VCALENDAR" not in card
    assert "Every 2 weeks until Tue 6 Apr 2027, from Fri 15 Jan 2027, 14:00–15:00 (Europe/London)" in card
    assert "Update 1" in card
