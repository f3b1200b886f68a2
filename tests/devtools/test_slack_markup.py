"""mrkdwn as Slack shows it: HTML for demo.html, plain text for the terminal transcript."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devtools.slack_markup import EMOJI, Directory, Member, Reader, format_date, to_html, to_text

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)  # a Monday
DIRECTORY = Directory(
    members={
        "U0ADA": Member("Ada Lovelace", "Europe/London"),
        "U0MAYA": Member("Maya Patel", "Asia/Kolkata"),
    },
    channels={"C0ADMINS": "mentorship-admins"},
)
# Tue 12 Jan 2027 00:30 UTC: still Monday in New York, Tuesday in Kolkata.
LATE = int(datetime(2027, 1, 12, 0, 30, tzinfo=UTC).timestamp())


def reader(zone: str = "UTC") -> Reader:
    return Reader(DIRECTORY, NOW, zone, ("UTC", "Asia/Kolkata", "America/New_York"))


HTML_CASES = [
    ("mention", "Hi <@U0ADA>!", 'Hi <span class="mention">@Ada Lovelace</span>!'),
    ("unknown mention keeps its label", "<@U0NOBODY|someone>", '<span class="mention">@someone</span>'),
    ("channel", "see <#C0ADMINS>", 'see <span class="mention channel">#mentorship-admins</span>'),
    ("channel with label", "<#C0X|wins>", '<span class="mention channel">#wins</span>'),
    ("broadcast", "<!here> look", '<span class="mention broadcast">@here</span> look'),
    ("bold", "*Role*: Mentor", "<b>Role</b>: Mentor"),
    ("italic", "_Nothing open._", "<i>Nothing open.</i>"),
    ("strike", "~old~ new", "<s>old</s> new"),
    ("snake_case is not italic", "my_data_export", "my_data_export"),
    ("a lone star is text", "5 * 3 = 15", "5 * 3 = 15"),
    ("code", "type `/mentor join`", "type <code>/mentor join</code>"),
    ("no formatting inside code", "`*not bold*`", "<code>*not bold*</code>"),
    ("nested bold and mention", "*<@U0MAYA>* ← x", '<b><span class="mention">@Maya Patel</span></b> ← x'),
    ("emoji", ":white_check_mark: done", '<span class="emoji" title=":white_check_mark:">✅</span> done'),
    ("a time is not an emoji", "at 10:00:00", "at 10:00:00"),
    (
        "link with label",
        "<https://example.com/a?b=1&amp;c=2|the docs>",
        '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener">the docs</a>',
    ),
    (
        "bare link",
        "<https://example.com>",
        '<a href="https://example.com" rel="noopener">https://example.com</a>',
    ),
    ("mailto", "<mailto:sam@example.com|Sam>", '<a href="mailto:sam@example.com" rel="noopener">Sam</a>'),
    ("javascript is never a link", "<javascript:alert(1)|click>", "&lt;javascript:alert(1)|click&gt;"),
    (
        "escaped user text stays text",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    ("unescaped user text stays text", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("quotes in text", "say \"hi\" & 'bye'", "say &quot;hi&quot; &amp; &#x27;bye&#x27;"),
]


@pytest.mark.parametrize(("case", "mrkdwn", "inline"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_inline_mrkdwn_renders_as_slack_shows_it(case: str, mrkdwn: str, inline: str) -> None:
    assert to_html(mrkdwn, reader()) == f'<p class="md">{inline}</p>'


BLOCK_CASES = [
    ("lines", "one\ntwo", '<p class="md">one<br>two</p>'),
    ("quote", ">Career topics\n>only", "<blockquote>Career topics<br>only</blockquote>"),
    ("escaped quote", "&gt;quoted", "<blockquote>quoted</blockquote>"),
    ("bullets", "• one\n• *two*", "<ul><li>one</li><li><b>two</b></li></ul>"),
    ("dashes", "- one\n- two", "<ul><li>one</li><li>two</li></ul>"),
    ("numbers", "1. first\n2. second", "<ol><li>first</li><li>second</li></ol>"),
    ("text then list", "Why\n• a", '<p class="md">Why</p><ul><li>a</li></ul>'),
    ("code block", "```a *b*\n<@U0ADA>```", "<pre>a *b*\n@Ada Lovelace</pre>"),
]


@pytest.mark.parametrize(("case", "mrkdwn", "html"), BLOCK_CASES, ids=[c[0] for c in BLOCK_CASES])
def test_block_mrkdwn_renders_quotes_lists_and_code(case: str, mrkdwn: str, html: str) -> None:
    assert to_html(mrkdwn, reader()) == html


TEXT_CASES = [
    ("markers removed, names shown", "*<@U0MAYA>* ← _Ada_", "@Maya Patel ← Ada"),
    ("emoji", ":tada: Five sessions", "🎉 Five sessions"),
    ("code", "type `/mentor find`", "type /mentor find"),
    ("entities", "Q&amp;A &lt;3", "Q&A <3"),
    ("quote", ">kind note", "│ kind note"),
    ("channel", "in <#C0ADMINS>", "in #mentorship-admins"),
    ("link", "<https://x.test|docs>", "docs"),
]


@pytest.mark.parametrize(("case", "mrkdwn", "text"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_terminal_text_has_no_markup(case: str, mrkdwn: str, text: str) -> None:
    assert to_text(mrkdwn, reader()) == text


def test_date_tokens_are_written_in_the_readers_zone() -> None:
    token = f"<!date^{LATE}^{{date_short_pretty}} at {{time}}|Tue 12 Jan 2027, 00:30 UTC>"
    assert to_text(token, reader("America/New_York")) == "today at 7:30 PM"
    assert to_text(token, reader("Asia/Kolkata")) == "tomorrow at 6:00 AM"
    html = to_html(token, reader("America/New_York"))
    assert ">today at 7:30 PM<" in html
    assert "tomorrow at 6:00 AM" in html  # the other readers' version, for the person views
    assert "&lt;!date" not in html and "<!date" not in html


DATE_CASES = [
    ("{date_num}", "2027-01-12"),
    ("{date}", "January 12th, 2027"),
    ("{date_short}", "Jan 12, 2027"),
    ("{date_long}", "Tuesday, January 12th, 2027"),
    ("{date_pretty}", "tomorrow"),
    ("on {date_short_pretty}", "on tomorrow"),
    ("{time_secs}", "12:30:00 AM"),
    ("{ago}", "in 15 hours"),
    ("{unknown}", "{unknown}"),
]


@pytest.mark.parametrize(("fmt", "shown"), DATE_CASES)
def test_every_slack_date_format(fmt: str, shown: str) -> None:
    assert format_date(LATE, fmt, "UTC", NOW) == shown


def test_a_malformed_date_token_stays_visible_text() -> None:
    assert (
        to_html("<!date^soon^{date}|later>", reader()) == '<p class="md">&lt;!date^soon^{date}|later&gt;</p>'
    )


def test_a_date_token_link_is_kept_only_when_safe() -> None:
    safe = to_html(f"<!date^{LATE}^{{date_num}}^https://x.test|d>", reader())
    unsafe = to_html(f"<!date^{LATE}^{{date_num}}^javascript:x|d>", reader())
    assert '<a href="https://x.test"' in safe
    assert "javascript" not in unsafe


def test_every_emoji_the_bot_uses_has_a_character() -> None:
    root = Path(__file__).resolve().parents[2]
    used: set[str] = set()
    for folder in ("handlers", "bot", "scheduler"):
        for path in (root / folder).rglob("*.py"):
            used |= set(re.findall(r":([a-z][a-z0-9_+\-]*):", path.read_text(encoding="utf-8")))
    # Not emoji: words between colons in code (dict keys in f-strings, URLs); keep this list short.
    missing = sorted(name for name in used if name not in EMOJI and not _looks_like_code(name))
    assert not missing, f"add these shortcodes to devtools.slack_markup.EMOJI: {missing}"


def _looks_like_code(name: str) -> bool:
    return name in {"memory", "latest", "max", "min"} or name.startswith(("http", "ws"))
